"""Issue 19's independent check of the answers: held-out answers to every question of the
report (tests/corpus/independent/answers_*.tsv, each batch written before the fixes it
measured), each walked to its question and read as labelled — taken with the value said,
skipped, refused (never "didn't catch that"), "Did you mean…?" then "yes", or confirmed.
It is Wednesday November 25, 2026, 10:30 in Toronto; "it happened" yesterday at 9 am."""

from __future__ import annotations

from typing import Any

import pytest

from rtwbot.intake import INJURY_REPORT, step
from rtwbot.slack.listeners.messages import ASKS
from rtwbot.understanding import understand
from rtwbot.understanding.front_door import ASK, REPORT
from tests.corpus.independent import answers, first_messages, with_mentions
from tests.unit.test_understanding_corpus import _at

USERS = {"erin": "U0ERIN", "sam": "U0SAM"}
ROWS = answers()


def _part(item: dict[str, Any]) -> tuple[str, str | None]:
    return (str(item["part"]).lower().replace("_", " ").rstrip("s"), item.get("side"))


def _holds(value: Any, check: str, key: str) -> bool:
    """Whether the stored answer says what the label's check says (see answers_1.tsv)."""
    for part in filter(None, check.split(" & ")):
        if part == "same":
            if value.get("date") != "2026-11-24":
                return False
            continue
        name, _, want = part.partition("=")
        if name == "date" and value.get("date") != want:
            return False
        if name == "time" and (not value.get("time_known")
                               or (value.get("datetime") or "")[11:16] != want):
            return False
        if name in ("value", "yn") and key not in ("hired_on", "born_on") and \
                str(value).lower() not in want.lower().split("|"):
            return False
        if name == "number" and float(value) != float(want):
            return False
        if name == "slack" and value.get("slack_user_id") != USERS[want]:
            return False
        if name == "empno" and value.get("employee_number") != want:
            return False
        if name == "name" and value.get("name") != want:
            return False
        if name == "parts":
            wanted = {(p.partition(":")[0].lower().rstrip("s"), p.partition(":")[2] or None)
                      for p in want.split(";")}
            if wanted != {_part(item) for item in value}:
                return False
    return True


@pytest.mark.parametrize(("key", "expected", "text", "check"), ROWS,
                         ids=[f"{k}:{t}" for k, _, t, _ in ROWS])
def test_a_held_out_answer_is_read_as_labelled(key, expected, text, check) -> None:
    state, ctx = _at(key)
    after, reply = step(INJURY_REPORT, state, with_mentions(text, USERS), ctx)
    got = ("confirm" if reply.kind == "confirmed" else
           "ask" if reply.kind == "invalid" and "Did you mean" in reply.text else
           "refuse" if reply.kind == "invalid" else
           "skip" if key in after.answers and after.answers[key] is None else
           "accept" if key in after.answers else f"other: {reply.kind}")
    assert got in expected.split("|"), reply.text
    assert "didn't catch" not in reply.text
    value = after.answers.get(key)
    if got == "ask" and check:  # "yes" to "Did you mean…?" takes what was meant
        after, reply = step(INJURY_REPORT, after, "yes", ctx)
        value = after.answers.get(key)
    if got in ("accept", "ask"):
        assert _holds(value, check, key), value


def test_yes_to_which_back_is_never_read_as_eyes() -> None:
    """After "Did you mean upper back, lower back…?", a bare "yes" names no part: asked
    again, never taken as "eyes" (the head)."""
    state, ctx = _at("body_parts")
    after, _ = step(INJURY_REPORT, state, "back", ctx)
    after, reply = step(INJURY_REPORT, after, "yes", ctx)
    assert reply.kind == "invalid" and "body_parts" not in after.answers, after.answers


@pytest.mark.parametrize(("text", "time"), [
    ("same day around 3", "15:00"), ("the same day at 4pm", "16:00"), ("same day", None)])
def test_the_same_day_keeps_a_time_said_with_it(text: str, time: str | None) -> None:
    state, ctx = _at("learned_at")
    after, reply = step(INJURY_REPORT, state, text, ctx)
    found = after.answers["learned_at"]
    assert found["date"] == "2026-11-24", reply.text
    assert found["time_known"] == (time is not None), found
    assert time is None or found["datetime"][11:16] == time


# --------------------------------------------------------------------------- first messages

MESSAGES = first_messages()


@pytest.mark.parametrize("message", sorted(m for labels, m in MESSAGES if labels == {"small"}))
def test_held_out_small_talk_starts_no_report(message: str) -> None:
    assert understand(message, asks=ASKS).intent != REPORT


@pytest.mark.parametrize("message", sorted(m for labels, m in MESSAGES if "injury" in labels))
def test_held_out_injury_starts_or_asks(message: str) -> None:
    meant = understand(message, asks=ASKS)
    assert meant.intent in (REPORT, ASK), meant.intents


@pytest.mark.parametrize("message", sorted(m for labels, m in MESSAGES if "critical" in labels))
def test_held_out_critical_asks_the_critical_question_first(message: str) -> None:
    meant = understand(message, asks=ASKS)
    assert meant.intent == REPORT and meant.critical, meant.intents
