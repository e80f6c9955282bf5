"""Stories 11 and 12 (case-stories.md), through the sandbox with a controlled clock: union
consent has three states — not answered is never "no" — and nothing is assumed for an
employee who is not in Slack. Then the same rules in other orders and timings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from rtwbot.forms.docx import document_text
from rtwbot.store.imwt_models import ImwtThread, TemporaryPlan
from rtwbot.store.models import AuditEvent, Case
from tests.e2e.conftest import NOW, TORONTO, click, dm_texts, text_of
from tests.e2e.test_imwt import ephemerals_text, modal_of, press, submit
from tests.e2e.test_intake import answer_all, work_injury_answers
from tests.e2e.test_participation import send_form
from tests.e2e.test_privacy_consent import (
    file_case,
    parent_message,
    propose,
    thread_channel,
    thread_text,
)

pytestmark = pytest.mark.e2e

REMINDER = "the union's review of it waits on your answer"
WAITS = "waits on the employee's answer about union representation"
REFUSED = "HR does not review in the union's place"


def the_plan(pg) -> TemporaryPlan:
    with pg.bot.db.session() as s:
        return s.scalars(select(TemporaryPlan).order_by(TemporaryPlan.id.desc())).first()


def at(pg, when: datetime) -> None:
    """The clock moves to `when`; the scheduler ticks."""
    pg.sandbox.clock.set(when)
    pg.bot.tick()
    pg.settle()


def reminders(pg) -> list[str]:
    return [t for t in dm_texts(pg, "erin") if REMINDER in t]


def plan_document(pg, who: str | None = None) -> str:
    """The newest plan document's text: the team's copy, or the one in `who`'s DM."""
    files = [f for f in pg.sandbox.files() if f["user"] == pg.sandbox.bot_user_id
             and f["name"].endswith("modified-work-plan.docx")]
    if who is not None:
        files = [f for f in files if pg.sandbox.dm_channel(pg.users[who]) in f["ims"]]
    else:
        files = [f for f in files if not f["ims"]]
    return document_text(pg.sandbox.file_content(files[-1]["id"]))


def plan_waiting_for_the_union(pg) -> Case:
    """Erin's case, filed Wednesday 10:30; she never answers the union question; her form
    says she can work with restrictions; Sam proposes a plan."""
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    assert any("authorize the union" in t for t in dm_texts(pg, "erin"))
    send_form(pg, "with_restrictions")
    assert propose(pg, "sam", case.id) == {}
    return case


# --- story 11 -------------------------------------------------------------------------------
def test_story_11_no_answer_is_not_no(pg) -> None:
    case = plan_waiting_for_the_union(pg)
    # HR is told the union's review waits on the employee's answer; nobody takes its place.
    told = thread_text(pg, case.id)
    assert WAITS in told and "<@" + pg.users["hana"] + ">" in told
    assert "HR reviews the plan in the union's place" not in told
    assert "answer whether the union may represent them" in text_of(parent_message(pg, case.id))
    press(pg, "hana", "imwt_approve")
    assert REFUSED in ephemerals_text(pg, "hana")
    assert the_plan(pg).union_approved_at is None
    # The employee is reminded of the question once, with its answers, in working hours.
    at(pg, NOW + timedelta(minutes=5))
    [reminder] = reminders(pg)
    assert "/rtw union" in reminder
    for _ in range(2):  # the days pass: no second reminder
        at(pg, pg.clock.now() + timedelta(days=1))
    assert len(reminders(pg)) == 1
    # Two business days on (Friday), HR is chased: still waiting on that answer.
    assert any("waits on the employee's answer about union representation" in t
               and case.reference in t for t in dm_texts(pg, "hana"))
    # HR records why the plan must go on without the union's review, then reviews it.
    press(pg, "hana", "imwt_union_waive")
    assert "reads as clinical" in submit(pg, "hana", {"reason": "Her sciatica flares"})["reason"]
    assert submit(pg, "hana", {"reason": "The crew starts the greenhouse season Monday"}) == {}
    press(pg, "hana", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")
    plan = the_plan(pg)
    assert plan.state == "agreed" and plan.union_review_basis == "hr_reason"
    assert plan.union_approved_by == pg.users["hana"]
    thread = thread_text(pg, case.id)
    assert "The crew starts the greenhouse season Monday" in thread
    assert "HR in the union's place (HR recorded why the plan goes on without" in thread
    # The record and the plan document say which.
    document = plan_document(pg)
    assert "reviewed in the union's place: HR recorded why" in document
    assert "The crew starts the greenhouse season Monday" in document
    with pg.bot.db.session() as s:
        assert s.scalar(select(ImwtThread.union_authorized)) == "not_asked"  # still unanswered


def test_story_11_only_the_employees_no_puts_hr_in_the_unions_place(pg) -> None:
    """Other orders: HR had already recorded a reason, then the employee says no — the no
    is what the record says; the reminder outside working hours waits for the morning."""
    pg.sandbox.clock.set(datetime(2026, 11, 25, 18, 40, tzinfo=TORONTO))  # Wednesday evening
    case = plan_waiting_for_the_union(pg)
    at(pg, pg.clock.now() + timedelta(minutes=5))
    assert reminders(pg) == []  # not at night
    at(pg, datetime(2026, 11, 26, 9, 0, tzinfo=TORONTO))
    assert len(reminders(pg)) == 1
    press(pg, "hana", "imwt_union_waive")
    assert submit(pg, "hana", {"reason": "Needed before the holiday shutdown"}) == {}
    click(pg, "erin", "imwt_union_no")  # from the reminder
    assert "reviews it in the union's place — the employee declined" in thread_text(
        pg, case.id)
    press(pg, "hana", "imwt_approve")
    assert the_plan(pg).union_review_basis == "declined"
    press(pg, "erin", "imwt_plan_agree")
    assert "reviewed in the union's place: the employee declined union representation" \
        in plan_document(pg, "erin")


def test_a_yes_brings_the_union_to_the_waiting_plan_and_a_change_of_mind_is_followed(pg):
    """Other orders: a late yes — the union reviews the waiting plan; then `/rtw union`:
    "talk to me first" is not answered again; after HR reviewed a plan in the union's place
    on a no, a yes keeps that record and brings the union in."""
    case = plan_waiting_for_the_union(pg)
    click(pg, "erin", "imwt_union_yes")
    assert "now waits for the union's review" in thread_text(pg, case.id)
    assert pg.users["uma"] in pg.sandbox.channel(thread_channel(pg, case.id)[0])["members"]
    press(pg, "hana", "imwt_approve")  # the union is in: HR no longer reviews for it
    assert "Only the union representative" in ephemerals_text(pg, "hana")
    assert the_plan(pg).union_approved_at is None
    # She changes her mind: talk to HR first. Not answered again: the review waits.
    assert pg.sandbox.command(pg.users["erin"], "/rtw", f"union {case.reference}").status == 200
    pg.settle()
    assert "You can change your answer about union representation" in dm_texts(pg, "erin")[-1]
    click(pg, "erin", "imwt_union_talk")
    press(pg, "hana", "imwt_approve")
    assert REFUSED in ephemerals_text(pg, "hana")
    assert the_plan(pg).union_approved_at is None
    # Then no: HR reviews in the union's place; then yes again, after HR's review.
    click(pg, "erin", "imwt_union_no")
    press(pg, "hana", "imwt_approve")
    assert the_plan(pg).union_review_basis == "declined"
    click(pg, "erin", "imwt_union_yes")
    thread = thread_text(pg, case.id)
    assert "was reviewed by HR in the union's place before this answer" in thread
    assert the_plan(pg).union_review_basis == "declined"  # the record stands
    with pg.bot.db.session() as s:
        answers = [e.detail["answer"] for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action == "imwt.union_authorization").order_by(AuditEvent.id))]
    assert answers == ["yes", "talk_first", "no", "yes"]


# --- story 12 -------------------------------------------------------------------------------
def file_for_raj(pg) -> Case:
    """Sam reports Raj, who has no Slack account, by name and employee number."""
    answers = work_injury_answers(pg.users["erin"])
    answers[0] = "Raj Patel, 20417"
    answer_all(pg, "sam", answers)
    click(pg, "sam", "intake_confirm")
    with pg.bot.db.session() as s:
        return s.scalars(select(Case)).one()


def abilities_by_hand(pg, case: Case) -> None:
    """HR keys in the paper functional abilities form Raj brought back."""
    assert pg.sandbox.command(pg.users["hana"], "/rtw",
                              f"abilities {case.reference}").status == 200
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    pg.sandbox.submit_view(pg.users["hana"], modal, {
        "fa_return_status": "with_restrictions", "fa_expected_duration": "14+ days",
        "fa_g_walking": "walking_up_to_100m"})
    pg.settle()


def test_story_12_not_in_slack(pg) -> None:
    case = file_for_raj(pg)
    assert case.employee_user_id is None
    # The forms go to his supervisor to print.
    assert any("Raj Patel isn't on Slack, so please print them" in t
               for t in dm_texts(pg, "sam"))
    # HR is asked to ask him about union representation; nothing is assumed meanwhile.
    [ask] = [t for t in dm_texts(pg, "hana") if "can't ask them whether they authorize" in t]
    assert "not answered" in ask
    # Only HR of the case records his answer.
    assert pg.sandbox.command(pg.users["sam"], "/rtw", f"union {case.reference}").status == 200
    pg.settle()
    assert "Only HR can record the employee's answer" in dm_texts(pg, "sam")[-1]
    assert pg.sandbox.views(pg.users["sam"]) == []
    press(pg, "hana", "imwt_union_record")  # from her DM
    errors = submit(pg, "hana", {"answer": "yes", "via": "phone", "on": date(2026, 11, 27)})
    assert "still to come" in errors["on"]
    assert submit(pg, "hana", {"answer": "yes", "via": "phone",
                               "on": date(2026, 11, 24)}) == {}
    with pg.bot.db.session() as s:
        thread = s.scalar(select(ImwtThread))
        assert (thread.union_authorized, thread.union_answer_via, thread.union_answer_on,
                thread.union_answer_by) == ("yes", "phone", date(2026, 11, 24),
                                            pg.users["hana"])
    # His paper form, keyed in by HR: the team thread opens, with the union.
    abilities_by_hand(pg, case)
    assert "by phone on Tuesday, November 24, 2026 (recorded by HR)" in text_of(
        parent_message(pg, case.id))
    assert propose(pg, "sam", case.id) == {}
    press(pg, "uma", "imwt_approve")
    plan = the_plan(pg)
    assert plan.state == "proposed" and plan.employee_agreed_at is None  # never assumed
    assert "HR records it, with how and when it was given" in thread_text(pg, case.id)
    # Only HR records his agreement, with how and when.
    press(pg, "sam", "imwt_agreement_record")
    assert "Only HR can record the employee's answer" in ephemerals_text(pg, "sam")
    assert pg.sandbox.command(pg.users["hana"], "/rtw",
                              f"agreed {case.reference}").status == 200
    pg.settle()
    assert "nothing is assumed" in str(modal_of(pg, "hana"))
    errors = submit(pg, "hana", {"via": "paper", "on": date(2026, 11, 20)})
    assert "before" in errors["on"]  # before the plan was proposed
    assert submit(pg, "hana", {"via": "paper", "on": date(2026, 11, 25)}) == {}
    plan = the_plan(pg)
    assert plan.state == "agreed"
    assert (plan.employee_agreed_via, plan.employee_agreed_on, plan.employee_agreed_by) == (
        "paper", date(2026, 11, 25), pg.users["hana"])
    assert ("*agreed* by the employee (on paper on Wednesday, November 25, 2026, recorded by "
            f"<@{pg.users['hana']}>) and the union") in thread_text(pg, case.id)
    assert "agreed on paper, recorded by Hana HR\nWednesday, November 25, 2026" \
        in plan_document(pg)


def test_a_permanent_placement_waits_on_the_answer_like_any_plan(pg) -> None:
    from rtwbot.store.imwt_models import PlanEvent
    from tests.e2e.test_imwt import functional_info_arrives, parent, seed_case
    from tests.e2e.test_imwt import thread_text as team_thread

    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)  # not answered
    press(pg, "hana", "imwt_permanent", message=parent(pg, case_id))
    assert submit(pg, "hana", {"said_by": "wsib"}) == {}
    press(pg, "sam", "imwt_step_choose")
    assert submit(pg, "sam", {"step": "1", "training": ["yes"], "start": date(2027, 1, 4),
                              "kinds": ["tasks"]}) == {}
    assert "review of the placement waits on the employee's answer" in team_thread(pg, case_id)
    press(pg, "hana", "imwt_placement_approve")
    assert "review of the placement waits" in ephemerals_text(pg, "hana")
    press(pg, "hana", "imwt_union_waive")
    assert submit(pg, "hana", {"reason": "The position must be filled by January"}) == {}
    press(pg, "hana", "imwt_placement_approve")
    assert "for HR in the union's place (HR recorded why" in team_thread(pg, case_id)
    with pg.bot.db.session() as s:
        [review] = s.scalars(select(PlanEvent).where(
            PlanEvent.kind == "placement_union_review")).all()
        assert review.detail == {"union_waived": True, "basis": "hr_reason"}
