"""Issue 10: one notion of a moment, through the sandbox. The most common way people answer
("yesterday at 3pm", then "yesterday") files; a report that cannot be filed says which
answer stops it, offers a Change button for that answer, and keeps the report."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from rtwbot.store.models import Case, IntakeSession
from tests.e2e.conftest import blocks_json, click, say

pytestmark = pytest.mark.e2e


def answers(employee_id: str, occurred: str, learned: str) -> list[str]:
    return [
        f"<@{employee_id}>", "parks", "Gardener", "work-related injury", "no", occurred,
        learned, "North yard greenhouse", "Slipped on a wet floor", "slip", "left wrist", "yes", "no",
        "no", "regular pay", "skip", "skip", "skip", "37.5",
    ]


def report(pg, occurred: str, learned: str) -> str:
    reply = say(pg, "sam", "report an injury")
    for text in answers(pg.users["erin"], occurred, learned):
        reply = say(pg, "sam", text)
    assert "Please check it, then confirm" in reply, reply
    return reply


def cases(pg) -> list[Case]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


@pytest.mark.parametrize(("occurred", "learned", "accident", "due"), [
    ("yesterday at 3pm", "yesterday", date(2026, 11, 24), date(2026, 11, 27)),
    ("yesterday 3pm", "yesterday", date(2026, 11, 24), date(2026, 11, 27)),
    ("2 days ago at 10am", "2 days ago", date(2026, 11, 23), date(2026, 11, 26)),
    ("Nov 23 14:30", "Monday", date(2026, 11, 23), date(2026, 11, 26)),
    ("this morning at 8", "today", date(2026, 11, 25), date(2026, 11, 30)),
])
def test_a_day_without_a_time_on_the_accident_day_files(pg, occurred, learned, accident,
                                                        due) -> None:
    report(pg, occurred, learned)
    confirmation = click(pg, "sam", "intake_confirm")
    [case] = cases(pg)
    assert "Filed as *RTW-2026-0001*" in confirmation
    assert "something went wrong" not in confirmation.lower()
    assert pg.bot.calendar.local_date(case.occurred_at) == accident
    assert pg.bot.calendar.local_date(case.learned_at) == accident
    assert case.learned_at >= case.occurred_at  # stored instants stay in order
    assert case.form7_due == due


def test_learned_the_day_before_is_refused_by_the_intake_with_one_sentence(pg) -> None:
    say(pg, "sam", "report an injury")
    for text in answers(pg.users["erin"], "yesterday at 3pm", "x")[:6]:
        say(pg, "sam", text)
    reply = say(pg, "sam", "2 days ago")
    assert "That's before it happened" in reply
    assert cases(pg) == []


def _tamper(pg, key: str, value) -> None:
    """An answer kept from an older version of the conversation, which the domain refuses."""
    with pg.bot.db.session() as s:
        row = s.scalars(select(IntakeSession)).one()
        state = dict(row.state)
        state["answers"] = {**state["answers"], key: value}
        row.state = state


def test_a_report_that_cannot_be_filed_names_the_answer_and_offers_its_change_button(pg) -> None:
    report(pg, "yesterday at 3pm", "yesterday")
    _tamper(pg, "learned_at", {"date": "2026-11-20", "time_known": False, "datetime": None})
    reply = click(pg, "sam", "intake_confirm")
    assert cases(pg) == []
    assert "something went wrong" not in reply.lower()
    assert "When you learned of it" in reply and "before it happened" in reply
    assert "intake_edit_fix_learned_at" in blocks_json(pg, "sam")
    with pg.bot.db.session() as s:
        row = s.scalars(select(IntakeSession)).one()
        assert row.status == "active"  # the report stays as it was
        assert row.state["current"] == "summary"
        assert row.state["answers"]["description"] == "Slipped on a wet floor"

    question = click(pg, "sam", "intake_edit_fix_learned_at")
    assert "When did you learn of it" in question
    summary = say(pg, "sam", "same time")
    assert "Please check it, then confirm" in summary
    confirmation = click(pg, "sam", "intake_confirm")
    assert "Filed as *RTW-2026-0001*" in confirmation
    assert len(cases(pg)) == 1


def test_an_unexpected_failure_keeps_the_report_and_confirm_works_again(pg, monkeypatch) -> None:
    import rtwbot.workflow.intake as intake

    report(pg, "yesterday at 3pm", "yesterday")
    real = intake.file_case

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(intake, "file_case", broken)
    reply = click(pg, "sam", "intake_confirm")
    assert "problem on my side" in reply and "kept exactly as they were" in reply
    assert cases(pg) == []
    monkeypatch.setattr(intake, "file_case", real)
    confirmation = click(pg, "sam", "intake_confirm")
    assert "Filed as *RTW-2026-0001*" in confirmation


def test_a_modal_report_that_cannot_be_filed_continues_in_chat(pg, monkeypatch) -> None:
    import rtwbot.workflow.intake as intake
    from tests.e2e.test_intake_modal import modal_values, open_modal

    real = intake.file_case

    def refuses(*args, **kwargs):
        raise intake.FilingProblem("occurred_at", "I couldn't read this date.")

    monkeypatch.setattr(intake, "file_case", refuses)
    view = open_modal(pg, "command")
    pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg))
    pg.settle()
    assert cases(pg) == []
    dm = "\n".join(t for t in blocks_json(pg, "sam").split("\\n"))
    assert "intake_edit_fix_occurred_at" in dm
    assert "Tuesday, November 24, 2026, 3:00 PM" in dm  # the answers, shown as the chat shows them
    monkeypatch.setattr(intake, "file_case", real)
    click(pg, "sam", "intake_edit_fix_occurred_at")
    say(pg, "sam", "yesterday at 3pm")
    confirmation = click(pg, "sam", "intake_confirm")
    assert "Filed as *RTW-2026-0001*" in confirmation
