"""Held-out corpora written for issue 19's independent check, apart from the tuning and
held-out sets beside them: first messages and answers in people's own words, each batch
written before the fixes it measured (batch 1 before, batch 2 after).

`route` sends a first message through the bot's real routing (`route_dm`, on a Playground
with its database) and says what the person saw: a report started (and whether its first
question was the critical one), "Do you want to report an injury?", "didn't catch that", or
something else (help, small talk, status...)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCHES = (1, 2, 3)

STARTED, ASKED, MISSED, OTHER = "started", "asked", "missed", "other"


def _rows(name: str) -> list[list[str]]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def first_messages(batch: int | None = None) -> list[tuple[frozenset[str], str]]:
    """(labels, message) of one batch, or of all."""
    batches = BATCHES if batch is None else (batch,)
    return [(frozenset(r[0].split(",")), r[1]) for b in batches
            if (HERE / f"first_messages_{b}.tsv").exists()
            for r in _rows(f"first_messages_{b}.tsv")]


def answers(batch: int | None = None) -> list[tuple[str, str, str, str]]:
    """(question key or "summary", expected, answer, check)."""
    batches = BATCHES if batch is None else (batch,)
    return [(r[0], r[1], r[2], r[3] if len(r) > 3 else "") for b in batches
            if (HERE / f"answers_{b}.tsv").exists() for r in _rows(f"answers_{b}.tsv")]


def with_mentions(text: str, users: dict[str, str]) -> str:
    """`<@erin>` -> `<@U...>`: the mention as Slack delivers it."""
    for handle, user_id in users.items():
        text = text.replace(f"<@{handle}>", f"<@{user_id}>")
    return text


def route(bot, user: str, channel: str, text: str) -> tuple[str, bool]:
    """What `user` saw after typing `text` as a first message, and whether the report (if
    one started, or after "yes" to the question) asked the critical question first. Leaves
    nothing behind: the report or the offer is discarded."""
    from sqlalchemy import update

    from rtwbot.slack.listeners.messages import route_dm
    from rtwbot.store.models import IntakeSession
    from rtwbot.workflow.front_door import QUESTION

    says = route_dm(bot, user, channel, text)
    said = "\n".join(s.text for s in says)
    started = bot.intake.has_active(user)
    outcome = (STARTED if started else ASKED if QUESTION in said
               else MISSED if "didn't catch that" in said else OTHER)
    if outcome == ASKED:  # what "yes" to the question asks first
        said = "\n".join(s.text for s in route_dm(bot, user, channel, "yes"))
    critical_first = outcome in (STARTED, ASKED) and "critically injured" in said
    with bot.db.session() as s:
        s.execute(update(IntakeSession).where(IntakeSession.supervisor_id == user,
                                              IntakeSession.status.in_(("active", "offered")))
                  .values(status="discarded"))
    return outcome, critical_first
