"""Issue 3: the injury report in chat, through the sandbox, as a supervisor does it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from rtwbot.store.models import AuditEvent, Case, IntakeSession
from tests.e2e.conftest import click, dm_texts, say

pytestmark = pytest.mark.e2e


def work_injury_answers(employee_id: str) -> list[str]:
    return [
        f"<@{employee_id}>", "parks", "Gardener", "work-related injury", "no", "yesterday 3pm",
        "same time", "North yard greenhouse", "Slipped on a wet floor carrying soil bags",
        "slip, overexertion", "left wrist and lower back", "yes", "no", "nope", "regular pay",
        "skip",
        "2015-06-01", "skip", "37.5",
    ]


def answer_all(pg, who: str, answers: list[str]) -> str:
    reply = say(pg, who, "report an injury")
    for text in answers:
        reply = say(pg, who, text)
    return reply


def cases(pg) -> list[Case]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


def test_a_full_work_related_report_files_a_case_with_its_deadlines(pg) -> None:
    summary = answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    assert "Please check it, then confirm" in summary
    assert "Wrist (left), Lower back" in summary

    confirmation = click(pg, "sam", "intake_confirm")

    [case] = cases(pg)
    assert case.reference == "RTW-2026-0001"
    assert case.kind == "work_injury"
    # Filed as "reported"; the forms package then went to the employee (issue 4).
    assert case.stage == "awaiting_functional_info"
    assert case.employee_user_id == pg.users["erin"]
    assert case.supervisor_id == pg.users["sam"]
    assert case.reportable == "reportable"
    # Learned Tuesday Nov 24 -> 3 business days -> Friday Nov 27.
    assert case.form7_due == date(2026, 11, 27)
    assert case.answers["description"] == "Slipped on a wet floor carrying soil bags"
    assert "RTW-2026-0001" in confirmation
    assert "Form 7 to the WSIB by Friday, November 27, 2026" in confirmation
    assert "OPM 15-01-02" in confirmation
    employee_dm = "\n".join(dm_texts(pg, "erin"))
    assert "RTW-2026-0001" in employee_dm and "status" in employee_dm
    with pg.bot.db.session() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
    assert "case.filed" in actions


def test_a_not_work_related_report_skips_wsib_questions_and_has_no_form7(pg) -> None:
    # The critical question is asked (OHSA s.51: "from any cause"); what happened and the
    # body parts are not (the Human Rights Code: functional needs, not the cause).
    answers = [f"<@{pg.users['erin']}>", "parks", "Gardener", "not work-related", "no",
               "last Friday", "Nov 23", "home", "yes", "40"]
    summary = answer_all(pg, "sam", answers)
    assert "Please check it, then confirm" in summary
    assert "Health care beyond first aid" not in summary
    assert "What happened" not in summary and "Body parts" not in summary
    confirmation = click(pg, "sam", "intake_confirm")
    [case] = cases(pg)
    assert case.kind == "non_occupational"
    assert case.form7_due is None
    assert case.reportable == "not_applicable"
    assert "Form 7 to the WSIB" not in confirmation


def test_a_wrong_date_gets_one_sentence_and_the_same_question(pg) -> None:
    say(pg, "sam", "report")
    for text in [f"<@{pg.users['erin']}>", "parks", "Gardener", "1", "no"]:
        say(pg, "sam", text)
    wrong = say(pg, "sam", "next tuesday")
    assert "When did it happen?" in wrong
    assert "future" in wrong.lower()
    right = say(pg, "sam", "2026-11-20 14:30")
    assert "When did you learn of it?" in right


def test_back_and_change(pg) -> None:
    say(pg, "sam", "report")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    say(pg, "sam", "parks")
    back = say(pg, "sam", "back")
    assert "division" in back.lower()
    say(pg, "sam", "Transportation Services")
    for text in work_injury_answers(pg.users["erin"])[2:]:
        say(pg, "sam", text)
    changed = say(pg, "sam", "change hours")
    assert "hours a week" in changed
    summary = say(pg, "sam", "40")
    assert "40 hours" in summary and "Transportation Services" in summary
    click(pg, "sam", "intake_confirm")
    [case] = cases(pg)
    assert case.division == "Transportation Services"
    assert case.answers["hours_per_week"] == 40


def test_cancel_asks_then_cancels_and_files_nothing(pg) -> None:
    say(pg, "sam", "report")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    asked = say(pg, "sam", "cancel")
    assert "cancel" in asked.lower()
    done = say(pg, "sam", "yes")
    assert "cancel" in done.lower()
    assert cases(pg) == []
    with pg.bot.db.session() as s:
        assert s.scalar(select(IntakeSession.status)) == "cancelled"
    # And a new message is no longer taken as an answer.
    assert "I'm rtwbot" in say(pg, "sam", "hello")


def test_a_restart_between_two_answers_resumes_the_same_report(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    say(pg, "sam", "report")
    for text in answers[:7]:
        say(pg, "sam", text)
    pg.restart_bot()
    nxt = say(pg, "sam", answers[7])
    assert "What happened?" in nxt
    for text in answers[8:]:
        say(pg, "sam", text)
    click(pg, "sam", "intake_confirm")
    [case] = cases(pg)
    assert case.answers["location"] == "North yard greenhouse"


def test_two_supervisors_interleaved_never_cross(pg) -> None:
    sam_answers = work_injury_answers(pg.users["erin"])
    tess_answers = [f"<@{pg.users['ray']}>", "transportation", "Road Operator", "1",
                    "no", "today 8am", "same time", "Highway 2 yard", "Hand caught in a tailgate",
                    "struck", "right hand", "yes", "yes", "no", "none", "Pat Doe", "skip", "skip",
                    "40"]
    say(pg, "sam", "report")
    say(pg, "tess", "someone got hurt")
    for a, b in zip(sam_answers, tess_answers, strict=True):
        say(pg, "sam", a)
        say(pg, "tess", b)
    click(pg, "sam", "intake_confirm")
    click(pg, "tess", "intake_confirm")
    by_supervisor = {c.supervisor_id: c for c in cases(pg)}
    sam_case, tess_case = by_supervisor[pg.users["sam"]], by_supervisor[pg.users["tess"]]
    assert sam_case.employee_user_id == pg.users["erin"]
    assert tess_case.employee_user_id == pg.users["ray"]
    assert tess_case.answers["location"] == "Highway 2 yard"
    assert sam_case.answers["location"] == "North yard greenhouse"
    assert {sam_case.reference, tess_case.reference} == {"RTW-2026-0001", "RTW-2026-0002"}


def test_confirm_delivered_twice_files_one_case(pg) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    first = pg.sandbox.click(pg.users["sam"], "intake_confirm")
    again = pg.sandbox.redeliver(first, retry_num=1, reason="http_timeout")
    pg.settle()
    click(pg, "sam", "intake_confirm")  # and clicked once more by an impatient thumb
    assert again.status == 200
    with pg.bot.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
    assert sum("Filed as *RTW-2026-0001*" in t for t in dm_texts(pg, "sam")) == 1
    assert any("already filed as *RTW-2026-0001*" in t for t in dm_texts(pg, "sam"))


def test_typed_text_is_escaped_when_echoed(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[8] = "Fell <!channel> near <@U999> sign"
    summary = answer_all(pg, "sam", answers)
    assert "&lt;!channel&gt;" in summary
    assert "<!channel>" not in summary


def test_a_stale_button_clicked_again_is_answered_once(pg) -> None:
    """Issue 11: a button clicked twice posted "That button is from an earlier message"
    once per extra click. One notice per earlier message is enough; a current button
    still works."""
    sam = pg.users["sam"]
    say(pg, "sam", "report an injury")
    say(pg, "sam", f"<@{pg.users['erin']}>")
    division = pg.sandbox.dm_messages(sam)[-1]  # "Which division do they work in?"

    answered = click(pg, "sam", "intake_answer_0", message=division)
    assert "job title" in answered
    first = click(pg, "sam", "intake_answer_0", message=division)
    assert "earlier message" in first and "job title" in first
    for _ in range(2):
        assert click(pg, "sam", "intake_answer_0", message=division) == ""
    assert sum("earlier message" in t for t in dm_texts(pg, "sam")) == 1

    current = pg.sandbox.dm_messages(sam)[-1]  # the job title question, shown again
    assert "work-related" in click(pg, "sam", "intake_answer_0", message=current)
    with pg.bot.db.session() as s:
        row = s.scalars(select(IntakeSession)).one()
        assert row.state["answers"]["job_title"] == "Gardener"
