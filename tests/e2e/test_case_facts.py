"""Issue 10 through the sandbox: facts that change after filing re-run reportability and
re-date the Form 7 reminders; HR records Form 7 received (on time, or late with the penalty
tier); a case filed with "not known yet" gets one question the next business day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.models import Case
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import NOW, TORONTO, click, dm_texts, say

pytestmark = pytest.mark.e2e

REFERENCE = "RTW-2026-0001"


def report(pg, health_care="no", modified="none", absent="no", lower_pay="no") -> str:
    """Accident Tuesday 24 November 15:00, learned at once; filed Wednesday 25th."""
    answers = [
        f"<@{pg.users['erin']}>", "parks", "Gardener", "work-related injury", "no",
        "yesterday at 3pm", "same time", "North yard", "Strained a wrist lifting a crate",
        "overexertion", "left wrist", health_care, absent, lower_pay, modified, "skip", "skip", "skip", "37.5",
    ]
    say(pg, "sam", "report an injury")
    for text in answers:
        reply = say(pg, "sam", text)
    assert "Please check it, then confirm" in reply, reply
    confirmation = click(pg, "sam", "intake_confirm")
    assert f"Filed as *{REFERENCE}*" in confirmation
    return confirmation


def the_case(pg) -> Case:
    with pg.bot.db.session() as s:
        return s.scalars(select(Case)).one()


def live_nudges(pg, kind_prefix: str) -> list[Nudge]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Nudge).where(
            Nudge.kind.startswith(kind_prefix),
            Nudge.state.in_(("pending", "snoozed", "claimed")))))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TORONTO) if day <= 30 else \
        datetime(2026, 12, day - 30, hour, 0, tzinfo=TORONTO)


def update_facts(pg, who: str, **facts) -> str:
    """`/rtw update RTW-…`, then the modal submitted with these facts."""
    before = len(dm_texts(pg, who))
    assert pg.sandbox.command(pg.users[who], "/rtw", f"update {REFERENCE}").status == 200
    pg.settle()
    [modal] = pg.sandbox.views(pg.users[who])
    assert pg.sandbox.submit_view(pg.users[who], modal, facts).status == 200
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def tick(pg) -> None:
    pg.bot.tick()
    pg.settle()


def test_first_aid_then_a_doctor_on_day_3_starts_form7_from_that_day(pg) -> None:
    confirmation = report(pg)
    case = the_case(pg)
    assert case.reportable == "not_reportable" and case.form7_due is None
    assert "Not reportable to the WSIB" in confirmation
    assert live_nudges(pg, "form7") == []

    pg.sandbox.clock.set(at(27))  # day 3: Friday 27 November
    answer = update_facts(pg, "hana", health_care="yes")

    case = the_case(pg)
    assert case.reportable == "reportable"
    assert case.obligation_date == date(2026, 11, 27)
    assert case.form7_due == date(2026, 12, 2)  # 3 business days after Friday the 27th
    assert "Form 7 to the WSIB by Wednesday, December 2, 2026" in answer
    assert "learned of the obligation on Friday, November 27, 2026" in answer
    reminders = live_nudges(pg, "form7_due")
    assert reminders, "the Form 7 reminders are dated"
    for nudge in reminders:
        assert "learned of the obligation on Friday, November 27, 2026" in nudge.message
        assert nudge.due_at.astimezone(TORONTO).date() == date(2026, 11, 30)  # business day 1

    pg.sandbox.clock.set(at(30, 9) + timedelta(minutes=5))
    tick(pg)
    sent = [t for t in dm_texts(pg, "hana") if "Reminder" in t and "Form 7" in t]
    assert sent and "Friday, November 27, 2026" in sent[-1]
    assert "Tuesday, November 24" not in sent[-1]  # (the date style of rtwbot.dates)


def test_modified_work_at_regular_pay_learned_of_on_day_10_is_reportable_that_day(pg) -> None:
    report(pg)
    pg.sandbox.clock.set(at(34))  # day 10: Friday 4 December
    # The supervisor uses the button on the filing confirmation.
    click(pg, "sam", "case_update_open")
    [modal] = pg.sandbox.views(pg.users["sam"])
    pg.sandbox.submit_view(pg.users["sam"], modal, {"modified_work": "regular_pay"})
    pg.settle()
    case = the_case(pg)
    assert case.reportable == "reportable"
    assert case.obligation_date == date(2026, 12, 4)
    assert case.recheck_on is None  # no re-check date in the past
    assert case.form7_due == date(2026, 12, 9)


def test_modified_work_learned_of_before_day_8_is_watched_until_day_8(pg) -> None:
    report(pg)
    pg.sandbox.clock.set(at(27))
    update_facts(pg, "sam", modified_work="regular_pay")
    case = the_case(pg)
    assert case.reportable == "watch"
    assert case.recheck_on == date(2026, 12, 2)


def test_after_a_day8_yes_the_reminders_say_the_employer_learned_on_day_8(pg) -> None:
    report(pg, modified="regular pay")
    assert the_case(pg).reportable == "watch"
    pg.sandbox.clock.set(at(32, 9) + timedelta(minutes=5))  # day 8: Wednesday 2 December
    tick(pg)
    click(pg, "sam", "nudge_day8_yes")
    case = the_case(pg)
    assert case.reportable == "reportable" and case.obligation_date == date(2026, 12, 2)
    pg.bot.deliver(pg.bot.emit("case_changed", case.id))  # any later refresh of the case
    pg.settle()
    assert the_case(pg).reportable == "reportable"  # the answer is a fact: it stays
    reminders = live_nudges(pg, "form7_due")
    assert reminders
    for nudge in reminders:
        assert "learned of the obligation on Wednesday, December 2, 2026" in nudge.message


def test_not_known_yet_gets_one_question_the_next_business_day(pg) -> None:
    report(pg, health_care="not sure")
    assert the_case(pg).reportable == "reportable"  # conservative until known
    pg.sandbox.clock.set(at(26, 9) + timedelta(minutes=5))  # Thursday 26 November
    tick(pg)
    tick(pg)
    asked = [t for t in dm_texts(pg, "sam") if "seen a health professional" in t]
    assert len(asked) == 1
    click(pg, "sam", "case_update_open")
    [modal] = pg.sandbox.views(pg.users["sam"])
    pg.sandbox.submit_view(pg.users["sam"], modal, {"health_care": "no"})
    pg.settle()
    case = the_case(pg)
    assert case.reportable == "not_reportable"
    assert live_nudges(pg, "facts_check") == [] and live_nudges(pg, "form7") == []


def test_someone_else_cannot_update_the_facts(pg) -> None:
    report(pg)
    pg.sandbox.command(pg.users["olga"], "/rtw", f"update {REFERENCE}")
    pg.settle()
    assert pg.sandbox.views(pg.users["olga"]) == []
    assert any("Only the supervisor who reported" in t for t in dm_texts(pg, "olga"))


def record_form7(pg, received: date, claim="31234567", copy=True) -> str:
    before = len(dm_texts(pg, "hana"))
    pg.sandbox.command(pg.users["hana"], "/rtw", f"form7 {REFERENCE}")
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    values = {"f7_received_on": received, "f7_claim_number": claim}
    if copy:
        values["f7_worker_copy"] = ["yes"]
    pg.sandbox.submit_view(pg.users["hana"], modal, values)
    pg.settle()
    return "\n".join(dm_texts(pg, "hana")[before:])


def test_form7_received_on_time_stops_the_reminders(pg) -> None:
    report(pg, health_care="yes")
    assert the_case(pg).form7_due == date(2026, 11, 27)
    assert live_nudges(pg, "form7")
    answer = record_form7(pg, NOW.date())
    assert "on time" in answer and "31234567" in answer
    case = the_case(pg)
    assert case.form7_received_on == NOW.date() and case.wsib_claim_number == "31234567"
    assert case.form7_worker_copy is True
    assert live_nudges(pg, "form7") == []


def test_form7_received_late_names_the_business_days_and_the_penalty_tier(pg) -> None:
    report(pg, health_care="yes")
    pg.sandbox.clock.set(at(32))
    answer = record_form7(pg, date(2026, 12, 1), copy=False)
    assert "2 business days late" in answer and "$250" in answer
    kinds = {n.kind for n in live_nudges(pg, "form7")}
    assert kinds == {"form7_worker_copy"}  # the copy is still owed (WSIA s.21(4))
    shown = say(pg, "hana", "status")  # the case shows it
    assert "2 business days late" in shown and "$250" in shown


def test_form7_more_than_30_days_after_the_obligation_is_the_1000_tier(pg) -> None:
    report(pg, health_care="yes")  # learned Tuesday 24 November
    pg.sandbox.clock.set(datetime(2026, 12, 30, 10, tzinfo=TORONTO))
    answer = record_form7(pg, date(2026, 12, 25))  # 31 days after the 24th
    assert "$1,000" in answer and "more than 30 calendar days" in answer


def test_form7_received_before_the_employer_learned_of_it_is_refused_kindly(pg) -> None:
    report(pg, health_care="yes")  # learned Tuesday 24 November
    before = len(dm_texts(pg, "hana"))
    pg.sandbox.command(pg.users["hana"], "/rtw", f"form7 {REFERENCE}")
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    answer = pg.sandbox.submit_view(pg.users["hana"], modal,
                                    {"f7_received_on": date(2026, 11, 23),
                                     "f7_claim_number": "31234567"})
    pg.settle()
    assert answer.json["response_action"] == "errors"
    [error] = answer.json["errors"].values()
    assert "before the employer learned of it" in error
    assert the_case(pg).form7_received_on is None and len(dm_texts(pg, "hana")) == before
    record_form7(pg, date(2026, 11, 24))  # the same day is possible
    assert the_case(pg).form7_received_on == date(2026, 11, 24)
