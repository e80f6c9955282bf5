"""Issue 18, through the sandbox: the case stories of the fact timeline
(/work/shared/domain/case-stories.md) — duties start from the facts the employer knows, the
moment it knows them, whoever tells it and however late it is typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from sqlalchemy import select

from rtwbot.domain.ohsa import MINISTRY_PHONE
from rtwbot.playground import Playground
from rtwbot.store.models import Case, Document, IntakeSession
from tests.e2e.conftest import TORONTO, click, dm_texts, say, text_of
from tests.e2e.story_helpers import (
    FIRST_AID,
    answer_report,
    current_question,
    file_report,
    local,
    nudges,
    read,
    the_case,
    tick_at,
    update_facts,
)
from tests.e2e.test_forms import completed, fa_sent_to, upload

pytestmark = pytest.mark.e2e

REFERENCE = "RTW-2026-0001"


@pytest.fixture
def playground(database_url: str, request) -> Iterator[Playground]:
    with Playground(database_url=database_url, start_at=request.param) as pg:
        yield pg


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TORONTO)


def starting(moment: datetime):
    return pytest.mark.parametrize("playground", [moment], indirect=True, ids=[""])


def urgent(pg: Playground, who: str) -> list[str]:
    """The s.51 notices this person read (HR's 48-hour written report is a duty of its own)."""
    return [t for t in dm_texts(pg, who) if "Urgent" in t and "OHSA s.51" in t
            and "Press Done to record when it was sent" not in t]


# --- 1. Saturday night fall: the reporter leaves mid-report ---------------------------------
SATURDAY_0205 = at(2026, 11, 28, 2, 5)


@starting(SATURDAY_0205)
def test_story_1_a_critical_answer_acts_at_once_and_the_half_report_is_a_case_of_record(
        playground) -> None:
    pg = playground
    opening = f"<@{pg.users['erin']}> fell off the loader, she's unconscious, ambulance is here"
    said = say(pg, "sam", opening)
    while current_question(pg, "sam") != "critical_injury":
        key = current_question(pg, "sam")
        said += say(pg, "sam", {**FIRST_AID, "case_kind": "work-related injury"}.get(key, "skip"))
    said = say(pg, "sam", "yes")  # ...and he goes back to the scene

    # At once, not at confirmation: what to do now, with the Ministry's number.
    assert "Call 911" in said and "Preserve the scene" in said
    assert MINISTRY_PHONE in said and "Note the name of the person who took your call" in said
    assert "Monday, November 30, 2026 at 2:05 AM" in said  # the written report, 48 h
    assert pg.clock.now() - SATURDAY_0205 < timedelta(minutes=1)
    # HR, the committee and the union, within the minute, at 02:05 on a Saturday.
    for who in ("hana", "carl", "uma"):
        assert urgent(pg, who), who
    hold = [m for m in pg.sandbox.dm_messages(pg.users["hana"])
            if "Contact the worker now" in text_of(m)]
    assert hold, "HR decides when the worker is contacted"
    # The half report is a case of record.
    case = the_case(pg)
    assert case.reference == REFERENCE and case.report_completed_at is None
    assert case.answers["critical_injury"] == "yes"

    # Nobody finishes it: +1 h, +3 h, +25 h, +8 days. It is never discarded; HR keeps
    # being told; the worker hears nothing.
    for later in (timedelta(hours=1), timedelta(hours=3, seconds=30), timedelta(hours=25),
                  timedelta(days=8)):
        tick_at(pg, SATURDAY_0205 + later)
        with pg.bot.db.session() as s:
            assert s.scalars(select(Case)).one().reference == REFERENCE
            assert s.scalars(select(IntakeSession)).one().status == "active"
        assert dm_texts(pg, "erin") == []
    assert any("Urgent, escalated" in t for t in urgent(pg, "hana"))
    assert "never finished" in read(pg, "hana")
    assert "discarded" not in read(pg, "sam")
    assert "on record as *RTW-2026-0001*" in read(pg, "sam")

    # He can still finish it: what he adds updates the same case.
    say(pg, "sam", "where was I")
    for _ in range(30):
        key = current_question(pg, "sam")
        if key in (None, "summary"):
            break
        say(pg, "sam", {**FIRST_AID, "occurred_at": "2026-11-28 2am", "health_care": "yes",
                        "absent": "yes"}.get(key, "skip"))
    click(pg, "sam", "intake_confirm")
    case = the_case(pg)
    assert case.report_completed_at is not None and case.reference == REFERENCE
    assert local(case.occurred_at) == at(2026, 11, 28, 2, 0)
    assert dm_texts(pg, "erin") == [], "no forms and no consent question while critical"
    with pg.bot.db.session() as s:
        held = s.scalars(select(Document).where(Document.template == "rtwi")).all()
    assert held == []

    # HR decides: now the worker hears of the report, gets the forms and the question.
    click(pg, "hana", "worker_contact_release", message=hold[-1])
    told = read(pg, "erin")
    assert "has reported your injury" in told and "union" in told.lower()
    with pg.bot.db.session() as s:
        assert s.scalars(select(Document).where(Document.template == "rtwi")).all()


# --- 3. Collapse at work, not work-related --------------------------------------------------
@starting(at(2026, 11, 25, 10, 30))
def test_story_3_a_critical_collapse_that_is_not_work_related_gets_the_s51_duties(
        playground) -> None:
    pg = playground
    said = answer_report(pg, "sam", {**FIRST_AID, "case_kind": "not work-related"},
                         until="critical_injury")
    assert "critically injured or killed" in said  # asked for every case
    said = say(pg, "sam", "yes")
    assert "Preserve the scene" in said and MINISTRY_PHONE in said
    for who in ("hana", "carl", "uma"):
        assert urgent(pg, who), who
    case = the_case(pg)
    assert case.kind == "non_occupational" and case.reportable == "not_applicable"
    assert {n.recipient_role for n in nudges(pg, "ohsa_critical_injury")} == {
        "hr", "committee", "union"}


# --- 4. First aid, then the doctor ------------------------------------------------------------
MONDAY = at(2026, 11, 23, 10)


@starting(MONDAY)
def test_story_4_the_doctors_form_makes_the_case_reportable_from_the_day_it_arrived(
        playground) -> None:
    pg = playground
    file_report(pg)
    case = the_case(pg)
    assert case.reportable == "not_reportable"
    assert not nudges(pg, "form7_due") and not nudges(pg, "first_contact")
    assert not nudges(pg, "ohsa_notice")

    wednesday = at(2026, 11, 25, 14)
    pg.sandbox.clock.set(wednesday)
    form = completed(fa_sent_to(pg, "erin"), rtw_with_restrictions=False, rtw_unable=True,
                     next_assessment_date="2026-12-09", assessment_date="2026-11-25",
                     hp_date="2026-11-25")
    upload(pg, "erin", form, "my form.pdf")
    click(pg, "erin", "fa_confirm")

    case = the_case(pg)
    assert case.reportable == "reportable"
    assert case.obligation_date == date(2026, 11, 25)
    assert case.form7_due == date(2026, 11, 30)  # Thu, Fri, Mon
    assert "by the end of *Monday, November 30, 2026*" in read(pg, "hana")
    [contact] = nudges(pg, "first_contact")  # s.40, from the day the employer learned
    assert local(contact.due_at) == wednesday
    [check_in] = nudges(pg, "check_in")
    assert local(check_in.due_at).date() == date(2026, 12, 2)  # weekly from Wednesday
    [notice] = nudges(pg, "ohsa_notice")  # s.52: within 4 days of the occurrence
    assert local(notice.due_at) == wednesday and "Friday, November 27, 2026" in notice.message
    assert nudges(pg, "form7_due")
    with pg.bot.db.session() as s:  # the employer's report goes out now
        assert s.scalars(select(Document).where(Document.template == "employer-report")).all()

    tick_at(pg, wednesday + timedelta(minutes=1))
    told = read(pg, "sam")
    assert "Contact them as soon as possible" in told and "OHSA s.52" in told


# --- 5. Learned Monday, typed Friday ------------------------------------------------------------
@starting(at(2026, 11, 9, 10))
def test_story_5_learned_monday_typed_friday_is_due_thursday_and_already_late(
        playground) -> None:
    pg = playground
    file_report(pg)
    pg.sandbox.clock.set(at(2026, 11, 13, 10))
    click(pg, "sam", "case_update_open")
    [modal] = pg.sandbox.views(pg.users["sam"])
    assert "When did you learn this?" in text_of(modal)
    pg.sandbox.submit_view(pg.users["sam"], modal, {"health_care": "yes",
                                                    "learned_on": date(2026, 11, 9)})
    pg.settle()
    case = the_case(pg)
    assert case.obligation_date == date(2026, 11, 9)
    assert case.form7_due == date(2026, 11, 12)
    told = read(pg, "hana")
    assert "Thursday, November 12, 2026" in told and "already late" in told
    assert "$250" in told and "$1,000 if received on or after Thursday, December 10, 2026" in told
    assert "already late" in read(pg, "sam")
    # HR's eForm 7 worksheet says what the bot knows of why it is late.
    late = worksheet_value(pg, "hana", "If reported late, why")
    assert late.startswith("The employer learned on Monday, November 9, 2026 that the worker "
                           "received health care beyond first aid (from the supervisor), "
                           "recorded on Friday, November 13, 2026"), late
    assert "due by Thursday, November 12, 2026" in late


def worksheet_value(pg: Playground, who: str, label: str) -> str:
    """The value of one row of the eForm 7 worksheet the bot sent this person."""
    dm = pg.sandbox.dm_channel(pg.users[who])
    [f] = [f for f in pg.sandbox.files() if f["name"].endswith("-eform7-worksheet.docx")
           and dm in f["ims"]]
    doc = DocxDocument(BytesIO(pg.sandbox.file_content(f["id"])))
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    [value] = [r[-1] for r in rows if label in r]
    return value


# --- 7. Not work-related after all --------------------------------------------------------------
@starting(at(2026, 11, 2, 10))
def test_story_7_hr_changes_the_kind_and_the_clock_runs_from_the_day_learned(
        playground) -> None:
    pg = playground
    file_report(pg, case_kind="not work-related", absent="yes")
    assert the_case(pg).reportable == "not_applicable"
    pg.sandbox.clock.set(at(2026, 11, 16, 21, 30))  # in the evening: already the 17th in UTC
    refused = update_facts(pg, "sam", REFERENCE, case_kind="work_injury")
    assert "ask HR to change the type of case" in refused
    answer = update_facts(pg, "hana", REFERENCE, case_kind="work_injury")
    assert "The type of case is now *Work-related injury*" in answer
    assert "as learned on Monday, November 16, 2026" in answer
    case = the_case(pg)
    assert case.kind == "work_injury" and case.reportable == "reportable"
    assert case.obligation_date == date(2026, 11, 16)
    assert case.form7_due == date(2026, 11, 19)
    assert {n.recipient_role for n in nudges(pg, "form7_due")} == {"supervisor", "hr"}


# --- 8. Restrictions are not "able" ---------------------------------------------------------
def hr_channel(pg: Playground) -> str:
    return "\n".join(text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"]))


def reemployment_notices(pg: Playground) -> list[str]:
    return [text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"])
            if "re-employment obligation" in text_of(m)]


@starting(at(2026, 12, 4, 10))
def test_story_8_with_restrictions_is_not_able_and_every_notice_says_one_end_date(
        playground) -> None:
    pg = playground
    file_report(pg, hired_on="2015-04-01", health_care="yes")
    # The sample form: "with restrictions", among them "motorized equipment: not able".
    form = completed(fa_sent_to(pg, "erin"), next_assessment_date="2026-12-18",
                     assessment_date="2026-12-09", hp_date="2026-12-09")
    pg.sandbox.clock.set(at(2026, 12, 10, 10))
    upload(pg, "erin", form, "form.pdf")
    click(pg, "erin", "fa_confirm")
    notices = reemployment_notices(pg)
    assert notices and all("December 4, 2028" in n for n in notices), notices
    assert "2027" not in "\n".join(notices)
    [reminder] = nudges(pg, "reemployment_ending")
    assert local(reminder.due_at).date() == date(2028, 11, 4)

    # HR records that the worker can perform the essential duties (since February 1).
    pg.sandbox.clock.set(at(2027, 2, 3, 10))
    update_facts(pg, "hana", REFERENCE, essential_duties="yes", able_since=date(2027, 2, 1),
                 learned_from="hr")
    latest = reemployment_notices(pg)[-1]
    assert "Tuesday, February 1, 2028" in latest
    [reminder] = nudges(pg, "reemployment_ending")
    assert local(reminder.due_at).date() == date(2028, 1, 2)


# --- 9. 65 at injury ----------------------------------------------------------------------------
@starting(at(2026, 3, 10, 10))
def test_story_9_a_worker_65_at_injury_is_not_told_it_applies(playground) -> None:
    pg = playground
    file_report(pg, hired_on="2015-04-01", born_on="1961-03-09")
    [notice] = reemployment_notices(pg)
    assert "does not apply" in notice and "65 or older when injured" in notice
    assert "*applies*" not in hr_channel(pg)
    assert not nudges(pg, "reemployment_ending")


@starting(MONDAY)
def test_story_4_on_paper_keyed_in_on_friday_counts_from_the_day_it_arrived(playground) -> None:
    """The same story, another way in: the form came on paper on Tuesday and HR keys it in on
    Friday, saying when it came. The clock runs from Tuesday — already due by Friday."""
    pg = playground
    file_report(pg)
    pg.sandbox.clock.set(at(2026, 11, 27, 15))  # Friday
    assert pg.sandbox.command(pg.users["hana"], "/rtw", f"abilities {REFERENCE}").status == 200
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    pg.sandbox.submit_view(pg.users["hana"], modal, {
        "fa_return_status": "unable", "fa_expected_duration": "8-14 days",
        "fa_received_on": date(2026, 11, 24)})
    pg.settle()
    case = the_case(pg)
    assert case.obligation_date == date(2026, 11, 24)
    assert case.form7_due == date(2026, 11, 27)  # Wed, Thu, Fri: today
    assert "That is *today*" in read(pg, "hana")
    [contact] = nudges(pg, "first_contact")
    assert local(contact.due_at) == at(2026, 11, 24, 0, 0)


# --- The same rules, other ways in and other orders -------------------------------------------
SUNDAY_2340 = at(2026, 11, 29, 23, 40)


@starting(SUNDAY_2340)
def test_story_1_in_the_report_modal_the_critical_answer_acts_before_it_is_submitted(
        playground) -> None:
    """The critical radio button acts when it is picked, not at "File report"; filing the
    modal later completes that same case of record."""
    pg = playground
    sam = pg.users["sam"]
    assert pg.sandbox.shortcut(sam, "report_injury").status == 200
    pg.settle()
    [view] = pg.sandbox.views(sam)
    first = {"employee.v": pg.users["erin"], "division.v": "Parks and Recreation",
             "case_kind.v": "work_injury"}
    assert pg.sandbox.click(sam, "critical_now", view=view, selected="yes",
                            values=first).status == 200
    pg.settle()
    assert pg.clock.now() - SUNDAY_2340 < timedelta(minutes=1)
    told = read(pg, "sam")
    assert "Call 911" in told and MINISTRY_PHONE in told
    for who in ("hana", "carl", "uma"):
        assert urgent(pg, who), who
    case = the_case(pg)
    assert case.report_completed_at is None and case.answers["critical_injury"] == "yes"

    [view] = pg.sandbox.views(sam)
    assert "A death" in text_of(view), "the form asks what follows a yes"
    values = {**first, "critical_injury.critical_now": "yes", "died.v": "no",
              "accident_type.v": ["fall"], "job_title.v": "Gardener",
              "occurred_at.v": "today 11:30pm", "learned_at.v": "same time",
              "location.v": "North yard", "description.v": "Fell off the loader",
              "body_parts.v": "head", "health_care.v": "yes", "absent.v": "yes",
              "lower_pay.v": "no", "modified_work.v": "none", "hired_on.v": "2015-06-01",
              "hours_per_week.v": "37.5"}
    assert pg.sandbox.submit_view(sam, view, values).status == 200
    pg.settle()
    with pg.bot.db.session() as s:
        [case] = s.scalars(select(Case)).all()  # the same case, now complete
        assert case.reference == REFERENCE and case.report_completed_at is not None
    for who in ("hana", "carl", "uma"):
        assert len(urgent(pg, who)) == 1, who  # told once, not again at filing
    assert dm_texts(pg, "erin") == []


TUESDAY_1500 = at(2026, 11, 24, 15)


@starting(TUESDAY_1500)
def test_story_1_a_critical_injury_learned_after_filing_is_acted_on_at_the_update(
        playground) -> None:
    """Filed as first aid; at 03:10 the supervisor learns it was critical (the worker was
    admitted in the night) and says so by *Update the facts*: s.51 runs from that instant."""
    pg = playground
    file_report(pg, occurred_at="today 2pm")
    assert not nudges(pg, "ohsa_critical_injury")
    night = at(2026, 11, 25, 3, 10)
    pg.sandbox.clock.set(night)
    said = update_facts(pg, "sam", REFERENCE, critical_injury="yes")
    assert "Preserve the scene" in said and MINISTRY_PHONE in said
    assert "Thursday, November 26, 2026 at 2:00 PM" in said  # 48 h from the accident
    for who in ("hana", "carl", "uma"):
        assert urgent(pg, who), who
    notices = nudges(pg, "ohsa_critical_injury")
    assert {n.recipient_role for n in notices} == {"hr", "committee", "union"}
    assert all(local(n.due_at) == night for n in notices)
    assert pg.clock.now() - night < timedelta(minutes=1)


# --- Employer closure days: reminders wait, the law does not ----------------------------------
@starting(at(2026, 12, 21, 10))
def test_an_employer_closure_day_delays_reminders_but_not_the_form7_due_date(
        playground) -> None:
    pg = playground
    path = Path(pg.settings.directory)
    text = path.read_text().replace("  vacation_pay: taken as time off\n",
                                    "  vacation_pay: taken as time off\n"
                                    "  closure_days: ['12-22']\n")
    assert "closure_days" in text
    path.write_text(text)
    pg.restart_bot()
    file_report(pg, health_care="yes")
    case = the_case(pg)
    assert case.form7_due == date(2026, 12, 24)  # Tue 22 counts for the law: Tue, Wed, Thu

    def hr_reminder():
        [n] = [n for n in nudges(pg, "form7_due", live=False) if n.recipient_role == "hr"]
        return n

    # Planned for the next open day, and held by the dispatcher on the closed one too
    # (each reads the directory's closure days).
    assert local(hr_reminder().deliver_after).date() == date(2026, 12, 23)
    assert not pg.bot.dispatcher.calendar.is_working_time(at(2026, 12, 22, 10))
    tick_at(pg, at(2026, 12, 22, 10))  # the employer is closed
    assert hr_reminder().sent_at is None
    tick_at(pg, at(2026, 12, 23, 9, 30))
    reminder = hr_reminder()
    assert reminder.sent_at is not None
    assert "Thursday, December 24, 2026" in reminder.message
