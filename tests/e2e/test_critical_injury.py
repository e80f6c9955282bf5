"""Issue 10: a critical injury reported at 02:05 on a Saturday (OHSA s.51), through the
sandbox. HR, the committee and the union are told within the minute; the written report is
due 48 clock hours later; HR's notice escalates through the weekend until HR records the
Ministry notified — the committee's Done on its own copy does not stop it (issue 18; the
whole of story 2 is tests/e2e/test_duty_stories.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from rtwbot.playground import Playground
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import TORONTO, click, dm_texts, say, text_of

pytestmark = pytest.mark.e2e

SATURDAY_0205 = datetime(2026, 11, 28, 2, 5, tzinfo=TORONTO)


@pytest.fixture
def night(database_url: str) -> Iterator[Playground]:
    with Playground(database_url=database_url, start_at=SATURDAY_0205) as playground:
        yield playground


def critical_answers(employee_id: str) -> list[str]:
    return [
        f"<@{employee_id}>", "parks", "Gardener", "work-related injury", "yes", "no",
        "today 2:05am", "same time", "North yard greenhouse", "Fell from a ladder onto the floor",
        "fall", "left arm", "yes", "yes", "no", "none", "skip", "skip", "skip", "37.5",
    ]


def urgent(pg: Playground, who: str) -> list[str]:
    """The critical-injury notices (the written report's reminder is its own)."""
    return [t for t in dm_texts(pg, who) if "Urgent" in t and "OHSA s.51;" in t]


def file_critical(pg: Playground) -> str:
    """Everything the supervisor read from the critical answer to the filing confirmation."""
    said = [say(pg, "sam", "report an injury")]
    for text in critical_answers(pg.users["erin"]):
        said.append(say(pg, "sam", text))
    said.append(click(pg, "sam", "intake_confirm"))
    return "\n".join(said)


def test_a_critical_injury_at_2am_on_saturday_is_told_at_once_and_escalates(night) -> None:
    pg = night
    confirmation = file_critical(pg)
    with pg.bot.db.session() as s:
        [case] = s.scalars(select(Case)).all()
        assert case.answers["critical_injury"] == "yes"
    # The supervisor is told what to do on the spot.
    assert "critical injury or death (OHSA s.51)" in confirmation
    assert "Preserve the scene" in confirmation
    assert "Monday, November 30, 2026 at 2:05 AM" in confirmation

    # Within the minute: HR, the committee and the union, at 02:05 on a Saturday.
    assert pg.clock.now() - SATURDAY_0205 < timedelta(minutes=1)
    for who in ("hana", "carl", "uma"):
        [told] = urgent(pg, who)
        assert "Ministry of Labour, Immigration, Training and Skills Development" in told
        assert "preserve the scene" in told
        assert "Monday, November 30, 2026 at 2:05 AM" in told
        assert "Erin" not in told and "arm" not in told.lower().replace("warm", "")

    # Nobody presses Done: every 3 clock hours, through the night and the weekend, HR is
    # told again (the scheduler's tick; no working hours).
    def tick_at(moment: datetime) -> None:
        pg.sandbox.clock.set(moment)
        pg.bot.tick()
        pg.settle()

    before = len(urgent(pg, "hana"))
    tick_at(SATURDAY_0205 + timedelta(hours=3, seconds=30))
    assert len(urgent(pg, "hana")) > before
    assert "Urgent, escalated" in urgent(pg, "hana")[-1]
    sunday_night = SATURDAY_0205 + timedelta(hours=24, seconds=30)  # Sunday 02:05:30
    tick_at(sunday_night)
    with pg.bot.db.session() as s:
        escalations = s.scalars(select(Nudge).where(Nudge.parent_id.is_not(None))).all()
    assert escalations and all(n.kind == "ohsa_critical_injury" for n in escalations)
    assert any(n.sent_at and n.sent_at.astimezone(TORONTO).weekday() == 6 for n in escalations)

    # The committee presses Done on its own copy: that copy is done, HR's goes on.
    message = next(m for m in reversed(pg.sandbox.dm_messages(pg.users["carl"]))
                   if "OHSA s.51" in text_of(m))
    pg.sandbox.click(pg.users["carl"], "nudge_done", message=message)
    pg.settle()
    count = len(urgent(pg, "hana"))
    tick_at(sunday_night + timedelta(hours=6))
    assert len(urgent(pg, "hana")) > count
    with pg.bot.db.session() as s:
        roots = {n.recipient_role: n.state for n in s.scalars(select(Nudge).where(
            Nudge.kind == "ohsa_critical_injury", Nudge.parent_id.is_(None)))}
    assert roots == {"committee": "acknowledged", "hr": "sent", "union": "sent"}


def test_what_counts_shows_the_regulation_834_definition(night) -> None:
    pg = night
    say(pg, "sam", "report an injury")
    for text in [f"<@{pg.users['erin']}>", "parks", "Gardener", "work-related injury"]:
        asked = say(pg, "sam", text)
    assert "critically injured or killed" in asked
    shown = click(pg, "sam", "intake_answer_2")  # the "What counts?" button
    assert "Regulation 834" in shown and "loss of sight in an eye" in shown
    assert "critically injured or killed" in shown  # and the question again
    assert "When did it happen?" in say(pg, "sam", "no")
