"""Issue 10 through the sandbox: re-employment (WSIA s.41), the OHSA s.52 notice for an
occupational illness, co-operation (WSIA s.40), and the pay of a plan in numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import yaml
from sqlalchemy import select

from rtwbot.playground import Playground, directory_for_cast
from rtwbot.store.law_models import ReemploymentAssessment
from rtwbot.store.models import AuditEvent, Case
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import NOW, TORONTO, click, dm_texts, text_of
from tests.e2e.test_imwt import (
    functional_info_arrives,
    parent,
    press,
    propose_and_approve,
    seed_case,
    submit,
    thread_text,
)
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

HIRED = 16  # index of the hire-date answer in work_injury_answers


def file_report(pg, answers: list[str]) -> Case:
    answer_all(pg, "sam", answers)
    click(pg, "sam", "intake_confirm")
    with pg.bot.db.session() as s:
        return s.scalars(select(Case).order_by(Case.id.desc())).first()


def hr_channel(pg) -> str:
    return "\n".join(text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"]))


def assessment(pg, case_id: int) -> ReemploymentAssessment:
    with pg.bot.db.session() as s:
        return s.scalar(select(ReemploymentAssessment)
                        .where(ReemploymentAssessment.case_id == case_id))


def answers_with(pg, hired: str) -> list[str]:
    answers = work_injury_answers(pg.users["erin"])
    assert answers[HIRED] == "2015-06-01"
    answers[HIRED] = hired
    return answers


# --- Re-employment (WSIA s.41) -------------------------------------------------------------
def test_reemployment_applies_with_its_end_and_a_reminder(pg) -> None:
    case = file_report(pg, work_injury_answers(pg.users["erin"]))
    row = assessment(pg, case.id)
    assert row.status == "applies"
    # Injured Tuesday November 24, 2026: the 2nd anniversary ends it (no fitness date yet).
    assert row.ends_on == date(2028, 11, 24) and row.starts_on is None
    told = hr_channel(pg)
    assert "re-employment obligation (WSIA s.41; OPM 19-02-09): *applies*" in told
    assert "starts when you learn the worker is medically able" in told
    assert "Friday, November 24, 2028" in told
    with pg.bot.db.session() as s:
        [reminder] = s.scalars(select(Nudge).where(Nudge.kind == "reemployment_ending")).all()
    assert reminder.due_at.astimezone(TORONTO).date() == date(2028, 11, 24) - timedelta(days=30)

    # Functional information says the worker can work (with restrictions): the offers start
    # that day, but "with restrictions" is not "able to perform the essential duties" — the
    # obligation still ends on the 2nd anniversary (story 8 has the rest).
    functional_info_arrives(pg, case.id)
    row = assessment(pg, case.id)
    assert row.starts_on == NOW.date() and row.ends_on == date(2028, 11, 24)
    assert "It started on Wednesday, November 25, 2026" in hr_channel(pg)
    with pg.bot.db.session() as s:
        due = s.scalars(select(Nudge.due_at).where(
            Nudge.kind == "reemployment_ending", Nudge.state == "pending")).all()
    assert [d.astimezone(TORONTO).date() for d in due] == [date(2028, 10, 25)]


def test_reemployment_does_not_apply_after_11_months_of_service(pg) -> None:
    case = file_report(pg, answers_with(pg, "2025-12-24"))  # 11 months before the injury
    assert assessment(pg, case.id).status == "does_not_apply"
    assert "had not been employed continuously for 1 year" in hr_channel(pg)
    with pg.bot.db.session() as s:
        assert not s.scalars(select(Nudge).where(Nudge.kind == "reemployment_ending")).all()


def test_reemployment_does_not_apply_to_an_employer_of_19(pg) -> None:
    small = directory_for_cast()
    small["employer"]["workers"] = 19
    (pg.workdir / "directory.yaml").write_text(yaml.safe_dump(small, sort_keys=False))
    pg.restart_bot()
    case = file_report(pg, work_injury_answers(pg.users["erin"]))
    assert assessment(pg, case.id).status == "does_not_apply"
    assert "fewer than 20 workers" in hr_channel(pg)


@pytest.fixture
def leap(database_url: str) -> Iterator[Playground]:
    with Playground(database_url=database_url,
                    start_at=datetime(2024, 3, 1, 10, 30, tzinfo=TORONTO)) as playground:
        yield playground


def test_reemployment_after_a_leap_day_injury_ends_on_28_february(leap) -> None:
    case = file_report(leap, work_injury_answers(leap.users["erin"]))  # yesterday: Feb 29
    assert case.occurred_at.astimezone(TORONTO).date() == date(2024, 2, 29)
    row = assessment(leap, case.id)
    # add_years: 29 February becomes 28 February in a common year.
    assert row.status == "applies" and row.ends_on == date(2026, 2, 28)
    assert "Saturday, February 28, 2026" in hr_channel(leap)


def test_closing_as_employment_ended_within_6_months_warns_and_records_it(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)  # back at work on Monday, November 30, 2026
    pg.sandbox.clock.set(datetime(2027, 1, 15, 10, 0, tzinfo=TORONTO))
    press(pg, "hana", "imwt_close", message=parent(pg, case_id))
    # Warned before closing (issue 18, story 10): the presumption, and a reason to go on.
    warned = submit(pg, "hana", {"reason": "employment_ended"})
    assert "presumed not to meet the obligation" in warned["reason"]
    assert "on Monday, November 30, 2026" in warned["reason"] and "say why" in warned["note"]
    assert submit(pg, "hana", {"reason": "employment_ended",
                               "note": "Position eliminated across the division"}) == {}
    thread = thread_text(pg, case_id)
    assert "within 6 months of the worker's re-employment on Monday, November 30, 2026" in thread
    assert "presumes the employer did not meet its re-employment obligation" in thread
    row = assessment(pg, case_id)
    assert row.presumption_warned_at is not None and row.reemployed_on == date(2026, 11, 30)
    with pg.bot.db.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)).all()
    assert "reemployment.presumption_warned" in actions


def test_closing_as_employment_ended_after_6_months_gives_no_presumption_warning(pg) -> None:
    case_id = seed_case(pg)  # no hire date: whether s.41 applies is not known
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)
    pg.sandbox.clock.set(datetime(2027, 6, 1, 10, 0, tzinfo=TORONTO))
    press(pg, "hana", "imwt_close", message=parent(pg, case_id))
    warned = submit(pg, "hana", {"reason": "employment_ended"})
    assert "may apply" in warned["reason"]
    assert "presumed not to meet the obligation" not in warned["reason"]  # 6 months past
    assert submit(pg, "hana", {"reason": "employment_ended", "note": "Retired early"}) == {}
    assert "presumes" not in thread_text(pg, case_id)


# --- OHSA s.52: an occupational illness names the Director --------------------------------
def test_the_ohsa_notice_for_an_occupational_illness_names_the_director(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[3] = "work-related illness"
    file_report(pg, answers)
    pg.bot.tick()
    pg.settle()
    [notice] = [t for t in dm_texts(pg, "sam") if "OHSA s.52" in t]
    assert "occupational illness" in notice
    assert "a Director (the Ministry of Labour, Immigration, Training and Skills Development)" \
        in notice
    assert "joint health and safety committee" in notice and "the union" in notice


def test_the_ohsa_notice_for_an_injury_goes_to_committee_and_union_only(pg) -> None:
    file_report(pg, work_injury_answers(pg.users["erin"]))
    pg.bot.tick()
    pg.settle()
    [notice] = [t for t in dm_texts(pg, "sam") if "OHSA s.52" in t]
    assert "Director" not in notice


# --- Co-operation (WSIA s.40) ----------------------------------------------------------------
def test_first_contact_with_an_absent_worker_then_the_keep_in_touch_cadence(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[12] = "yes"  # absent from regular work
    case = file_report(pg, answers)
    pg.bot.tick()
    pg.settle()
    [first] = [t for t in dm_texts(pg, "sam") if "Contact them as soon as possible" in t]
    assert "WSIA s.40" in first
    with pg.bot.db.session() as s:
        [row] = s.scalars(select(Nudge).where(Nudge.kind == "first_contact")).all()
        check_in = s.scalars(select(Nudge).where(Nudge.kind == "check_in")).one()
    assert row.sent_at.astimezone(TORONTO).date() == NOW.date()  # the first business day
    assert check_in.due_at.astimezone(TORONTO).date() == date(2026, 12, 1)  # a week later
    message = next(m for m in pg.sandbox.dm_messages(pg.users["sam"])
                   if "Contact them as soon as possible" in text_of(m))
    pg.sandbox.clock.advance(timedelta(days=1))
    pg.sandbox.click(pg.users["sam"], "nudge_done", message=message)
    pg.settle()
    with pg.bot.db.session() as s:
        check_ins = s.scalars(select(Nudge).where(
            Nudge.kind == "check_in", Nudge.state == "pending", Nudge.case_id == case.id)).all()
    # The cadence now runs from the first contact (Thursday) + 7 days.
    assert [n.due_at.astimezone(TORONTO).date() for n in check_ins] == [date(2026, 12, 3)]


def test_a_non_occupational_absence_cites_the_program_not_the_wsia(pg) -> None:
    answers = [f"<@{pg.users['erin']}>", "parks", "Gardener", "not work-related", "no",
               "last Friday", "Nov 23", "home", "yes", "40"]
    file_report(pg, answers)
    pg.bot.tick()
    pg.settle()
    [first] = [t for t in dm_texts(pg, "sam") if "Contact them as soon as possible" in t]
    assert "RTW program" in first and "WSIA" not in first


# --- Pay in numbers (MWP Conditions 2) ------------------------------------------------------
@pytest.mark.parametrize(("regular", "position", "paid"), [
    ("30.00", "25.00", "$30.00"),  # 100% of regular earnings is greater
    ("30.00", "35.00", "$35.00"),  # the position's rate is greater
    ("30.005", "30.00", "$30.01"),  # half a cent rounds up, as payroll rounds
])
def test_a_proposed_plan_shows_the_hourly_rate_and_why(pg, regular, position, paid) -> None:
    from rtwbot.forms.docx import document_text
    from tests.e2e.test_imwt import plan_files, plan_values

    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values(regular_rate=regular, position_rate=position)) == {}
    thread = thread_text(pg, case_id)
    assert f"*Pay:* {paid} an hour for hours worked: the greater of 100% of regular earnings" \
        in thread
    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")  # a plan is agreed once the employee agrees too
    [doc] = [f for f in plan_files(pg)][:1]
    assert f"{paid} an hour" in document_text(pg.sandbox.file_content(doc["id"]))


def test_the_plan_modal_refuses_a_rate_that_is_not_money(pg) -> None:
    from tests.e2e.test_imwt import plan_values

    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    errors = submit(pg, "sam", plan_values(regular_rate="thirty", position_rate="25"))
    assert "hourly rate" in errors["regular_rate"]
    errors = submit(pg, "sam", plan_values(regular_rate="30", position_rate=""))
    assert "both rates" in errors["position_rate"]


# --- The directory names the committee; `rtwbot directory check` checks it --------------------
def test_directory_check_reports_committee_contacts(tmp_path) -> None:
    from click.testing import CliRunner

    from rtwbot.directory_check import directory
    from rtwbot.sandbox import Sandbox

    with Sandbox(signing_secret="unused", bot_token="xoxb-directory-check") as sb:
        hana = sb.add_user("hana", real_name="Hana HR", email="hana@check.example")
        carl = sb.add_user("carl", real_name="Carl Committee", email="carl@check.example")
        sb.deactivate_user(carl)
        sb.add_channel("rtw-imwt", private=True, members=[hana], bot_member=True)
        sb.add_channel("rtw-hr", private=True, members=[hana], bot_member=True)
        path = tmp_path / "directory.yaml"
        env = {"SLACK_BOT_TOKEN": sb.bot_token, "RTWBOT_SLACK_API_URL": sb.api_url,
               "RTWBOT_DIRECTORY": str(path)}

        def check(data: dict):
            path.write_text(yaml.safe_dump({"channels": {"imwt": "rtw-imwt", "hr": "rtw-hr"},
                                            "hr": [hana], **data}))
            return CliRunner().invoke(directory, ["check"], env=env)

        # Nobody named: the OHSA notices would have nowhere to go.
        none = check({"divisions": [{"name": "Parks"}]})
        assert none.exit_code == 1
        assert "COMMITTEE    division Parks: no health and safety committee contact" in none.output
        # Named, but unknown or deactivated in Slack.
        bad = check({"safety_committee": ["nobody@check.example", "carl@check.example"],
                     "divisions": [{"name": "Parks"}]})
        assert bad.exit_code == 1
        assert "UNKNOWN      nobody@check.example (health and safety committee)" in bad.output
        assert "DEACTIVATED  carl@check.example (health and safety committee)" in bad.output
        # A division's own committee is checked too, and a good directory passes.
        good = check({"divisions": [{"name": "Parks", "safety_committee": [hana]}]})
        assert good.exit_code == 0, good.output
        assert "All good." in good.output


@pytest.mark.parametrize(("kind", "paid", "why"), [
    ("work_injury", "$30.00", "the pre-injury rate, with negotiated increases, is kept"),
    ("non_occupational", "$25.00", "the new position's rate"),
])
def test_a_permanent_placement_shows_the_hourly_rate_and_why(pg, kind, paid, why) -> None:
    case_id = seed_case(pg, kind=kind)
    functional_info_arrives(pg, case_id)
    press(pg, "hana", "imwt_permanent", message=parent(pg, case_id))
    assert submit(pg, "hana", {"said_by": "health_professional"}) == {}
    press(pg, "sam", "imwt_step_choose")
    assert submit(pg, "sam", {"step": "1", "training": ["yes"], "start": date(2027, 1, 4),
                              "kinds": ["tasks"], "essential": "Greenhouse care",
                              "regular_rate": "30.00", "position_rate": "25.00"}) == {}
    assert f"*Pay:* {paid} an hour: {why}" in thread_text(pg, case_id)


def test_hr_records_the_hire_date_after_filing_and_the_obligation_is_decided(pg) -> None:
    case = file_report(pg, answers_with(pg, "skip"))
    assert assessment(pg, case.id).status == "unknown"
    assert "not known yet" in hr_channel(pg) and "/rtw employment RTW-2026-0001" in hr_channel(pg)

    def rtw(who: str, text: str) -> str:
        before = len(pg.sandbox.dm_messages(pg.users[who]))
        assert pg.sandbox.command(pg.users[who], "/rtw", text).status == 200
        pg.settle()
        return "\n".join(dm_texts(pg, who)[before:])

    refused = rtw("sam", f"employment {case.reference} hired 2015-06-01")
    assert "Only the case's HR representative" in refused
    assert "past date" in rtw("hana", f"employment {case.reference} hired 2031-01-01")
    done = rtw("hana", f"employment {case.reference} hired 2015-06-01 born 1962-03-15")
    assert "Recorded." in done and "*applies*" in done
    row = assessment(pg, case.id)
    # The 65th birthday (15 March 2027) comes before the 2nd anniversary.
    assert row.status == "applies" and row.ends_on == date(2027, 3, 15)
    with pg.bot.db.session() as s:
        assert s.get(Case, case.id).answers["born_on"] == "1962-03-15"
        [reminder] = s.scalars(select(Nudge).where(Nudge.kind == "reemployment_ending",
                                                   Nudge.state == "pending")).all()
    assert reminder.due_at.astimezone(TORONTO).date() == date(2027, 2, 13)
