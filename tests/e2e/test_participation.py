"""Issue 12: plans only on medical word, and the employee's part in their plan — through the
sandbox with the real bot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.forms.docx import document_text
from rtwbot.forms.pdf import OFF, fill_pdf
from rtwbot.forms.samples import SAMPLE_ABILITIES
from rtwbot.slack.listeners.imwt import flow_for
from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import Case
from tests.e2e.conftest import click, dm_texts, text_of
from tests.e2e.test_forms import fa_sent_to, upload
from tests.e2e.test_imwt import plan_values, press, submit
from tests.e2e.test_privacy_consent import (
    FA,
    file_case,
    parent_message,
    propose,
    respected,
    thread_channel,
)

pytestmark = pytest.mark.e2e

NO_WORD = "needs functional information on file"
UNABLE = "unable to return now"


def form(pg, status: str) -> bytes:
    # The health professional's estimated end is the plans' end here (Dec 18, issue 21).
    answers = {**SAMPLE_ABILITIES, "rtw_with_restrictions": False, "rtw_unable": False,
               "rtw_no_restrictions": False, f"rtw_{status}": True,
               "estimated_end_date": "2026-12-18"}
    values = {n: (FA.fields[n].on_state if a else OFF) if FA.fields[n].type == "checkbox"
              else str(a) for n, a in answers.items()}
    return fill_pdf(fa_sent_to(pg, "erin"), values)


def send_form(pg, status: str) -> None:
    assert "Please check it" in upload(pg, "erin", form(pg, status), f"{status}.pdf")
    click(pg, "erin", "fa_confirm")


def try_to_propose(pg, case: Case) -> str:
    """A plan proposed straight to the workflow, as a crafted button press would: the
    refusal, or "" when it was taken."""
    result = flow_for(pg.bot).propose_plan(case.reference, pg.users["sam"],
                                           {**plan_values(), "respects": []})
    return result.refusal or ""


def stage(pg, case: Case) -> str:
    with pg.bot.db.session() as s:
        return s.get(Case, case.id).stage


def test_no_plan_while_awaiting_functional_information_nor_after_stalling(pg) -> None:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")
    assert stage(pg, case) == "awaiting_functional_info"
    assert "cannot take a temporary plan" in try_to_propose(pg, case)
    # HR opens the team early: no plan button, and the modal is refused.
    assert pg.sandbox.command(pg.users["hana"], "/rtw", f"team {case.reference}").status == 200
    pg.settle()
    assert "Propose temporary plan" not in text_of(parent_message(pg, case.id))
    # Stalled without functional information: still no plan.
    press(pg, "hana", "imwt_mediation", message=parent_message(pg, case.id))
    assert stage(pg, case) == "stalled"
    assert "Propose temporary plan" not in text_of(parent_message(pg, case.id))
    assert NO_WORD in try_to_propose(pg, case)
    with pg.bot.db.session() as s:
        assert s.scalar(select(TemporaryPlan.id)) is None


def test_unable_to_return_blocks_a_plan_until_suitable_information_arrives(pg) -> None:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")
    send_form(pg, "unable")
    assert UNABLE in try_to_propose(pg, case)
    assert "Propose temporary plan" not in text_of(parent_message(pg, case.id))
    send_form(pg, "with_restrictions")
    assert "Propose temporary plan" in text_of(parent_message(pg, case.id))
    # Each restriction must be confirmed by the proposer.
    press(pg, "sam", "imwt_propose", message=parent_message(pg, case.id))
    errors = submit(pg, "sam", plan_values())
    assert "restriction by restriction" in errors["respects"]
    assert submit(pg, "sam", {**plan_values(), **respected(pg, "sam")}) == {}
    with pg.bot.db.session() as s:
        plan = s.scalar(select(TemporaryPlan))
        assert plan.state == "proposed" and len(plan.restriction_checks) >= 5


def test_a_plan_is_agreed_only_once_the_employee_agrees_and_the_document_says_who(pg):
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")
    send_form(pg, "with_restrictions")
    assert propose(pg, "sam", case.id) == {}
    # The employee gets the plan: duties, hours, dates, reviews, pay, and three answers.
    offer = dm_texts(pg, "erin")[-1]
    for expected in ("Potting seedlings", "4 h/day", "Monday, November 30, 2026", "Reviews",
                     "100% of regular earnings"):
        assert expected in offer, expected
    from tests.e2e.conftest import say
    assert "proposed to you: answer it" in say(pg, "erin", "status")
    press(pg, "uma", "imwt_approve")
    with pg.bot.db.session() as s:
        assert s.scalar(select(TemporaryPlan.state)) == "proposed"  # the union alone: no
    assert stage(pg, case) != "temporary_modified_work"
    # Asking for changes: what the employee writes reaches HR alone.
    press(pg, "erin", "imwt_plan_changes")
    assert submit(pg, "erin", {"note": "Mornings only please, my bus ZZWORDS"}) == {}
    assert any("ZZWORDS" in t for t in dm_texts(pg, "hana"))
    channel, ts = thread_channel(pg, case.id)
    thread = "\n".join(text_of(m) for m in pg.sandbox.messages(channel, thread_ts=ts))
    assert "asked for changes" in thread and "ZZWORDS" not in thread
    for who in ("sam", "uma", "sid"):
        assert not any("ZZWORDS" in t for t in dm_texts(pg, who))
    # Proposed again: the union approves, then the employee agrees — now it is agreed.
    assert propose(pg, "sam", case.id, hours="Mornings only, 4 h/day") == {}
    with pg.bot.db.session() as s:
        second = s.scalars(select(TemporaryPlan).order_by(TemporaryPlan.id.desc())).first()
    press(pg, "uma", "imwt_approve", value=f"{case.reference}|{second.id}")
    press(pg, "erin", "imwt_plan_agree", value=f"{case.reference}|{second.id}")
    with pg.bot.db.session() as s:
        plan = s.get(TemporaryPlan, second.id)
        assert plan.state == "agreed" and plan.employee_agreed_by == pg.users["erin"]
    assert stage(pg, case) == "temporary_modified_work"
    # The plan document names who agreed and when: the employee's copy and the team's.
    erin_dm = pg.sandbox.dm_channel(pg.users["erin"])
    plans = [f for f in pg.sandbox.files() if f["user"] == pg.sandbox.bot_user_id
             and f["name"].endswith("modified-work-plan.docx")]
    [mine] = [f for f in plans if erin_dm in f["ims"]]
    [teams] = [f for f in plans if channel in (f.get("groups") or []) + (f.get("channels") or [])]
    for doc in (mine, teams):
        text = document_text(pg.sandbox.file_content(doc["id"]))
        # The sign-off table: name, how they agreed, when.
        assert "Erin Employee\nagreed\nWednesday, November 25, 2026" in text
        assert "Uma Union\napproved for the union\nWednesday, November 25, 2026" in text


# --- check-ins on modified work ------------------------------------------------------------
def on_modified_work(pg) -> Case:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")
    send_form(pg, "with_restrictions")
    assert propose(pg, "sam", case.id) == {}  # starts Mon Nov 30
    press(pg, "uma", "imwt_approve")
    click(pg, "erin", "imwt_plan_agree")
    assert stage(pg, case) == "temporary_modified_work"
    return case


def week_later(pg, days: int = 7) -> None:
    """To the check-in day, one week after the plan's start (Monday Dec 7, 09:30)."""
    from datetime import datetime, timedelta

    from tests.e2e.conftest import TORONTO
    pg.sandbox.clock.set(datetime(2026, 11, 30, 9, 30, tzinfo=TORONTO) + timedelta(days=days))
    pg.bot.tick()
    pg.settle()


def test_weekly_check_in_not_right_alerts_hr_and_the_supervisor_and_the_text_reaches_hr(pg):
    case = on_modified_work(pg)
    week_later(pg)
    asked = dm_texts(pg, "erin")[-1]
    assert "Do your duties stay within your restrictions?" in asked
    assert any("record the employee's progress" in t.lower() for t in dm_texts(pg, "sam"))
    click(pg, "erin", "nudge_mw_not_right")
    from tests.e2e.test_imwt import modal_of
    assert "Only HR sees your answer" in str(modal_of(pg, "erin"))
    assert submit(pg, "erin", {"note": "Asked to carry ZZBAGS of soil"}) == {}
    hana, sam = "\n".join(dm_texts(pg, "hana")), "\n".join(dm_texts(pg, "sam"))
    assert "something is not right" in hana and "ZZBAGS" in hana
    assert "something is not right" in sam and "ZZBAGS" not in sam
    channel, _ = thread_channel(pg, case.id)
    everywhere = [text_of(m) for m in pg.sandbox.messages()
                  if m["channel"] not in (pg.sandbox.dm_channel(pg.users["hana"]),)]
    assert not any("ZZBAGS" in t for t in everywhere)
    # The history is on the case.
    from rtwbot.store.imwt_models import PlanEvent
    with pg.bot.db.session() as s:
        [event] = s.scalars(select(PlanEvent).where(PlanEvent.kind == "employee_check_in"))
        assert event.detail["ok"] is False and event.case_id == case.id


def test_weekly_check_in_all_well_is_recorded_and_asked_again_next_week(pg):
    on_modified_work(pg)
    week_later(pg)
    click(pg, "erin", "nudge_mw_ok")
    assert "I'll ask again next week" in dm_texts(pg, "erin")[-1]
    before = len([t for t in dm_texts(pg, "erin") if "weekly check-in" in t])
    week_later(pg, 14)
    after = len([t for t in dm_texts(pg, "erin") if "weekly check-in" in t])
    assert after == before + 1


# --- permanent placements -------------------------------------------------------------------
def test_a_placement_outside_the_unit_notes_seniority_and_the_union_reviews_it(pg) -> None:
    from datetime import date

    from tests.e2e.test_imwt import functional_info_arrives, parent, seed_case, thread_text
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "hana", "imwt_permanent", message=parent(pg, case_id))
    assert submit(pg, "hana", {"said_by": "wsib"}) == {}
    for step in range(1, 6):
        press(pg, "sam", "imwt_step_record")
        assert submit(pg, "sam", {"step": str(step), "available": "no",
                                  "reason": f"Nothing at step {step}"}) == {}
    press(pg, "sam", "imwt_step_choose")
    values = {"step": "6", "training": ["yes"], "start": date(2027, 1, 4),
              "position": "Clerk", "kinds": ["location", "tasks"]}
    errors = submit(pg, "sam", values)
    assert "seniority" in errors["seniority"]
    assert submit(pg, "sam", {**values, "seniority": ["yes"]}) == {}
    text = thread_text(pg, case_id)
    assert "seniority is recognized" in text and "the union reviews permanent" in text
    assert "*Accommodation:* location, tasks" in text
    # The union (the employee said yes) reviews it; recorded in the case's history.
    press(pg, "uma", "imwt_placement_approve")
    assert "placement (step 6) is reviewed" in thread_text(pg, case_id)
    from rtwbot.store.imwt_models import PlanEvent
    with pg.bot.db.session() as s:
        assert s.scalar(select(PlanEvent.kind).where(
            PlanEvent.kind == "placement_union_review")) is not None


# --- the union, on request; the vacancy list ------------------------------------------------
def test_any_team_member_can_ask_the_union_to_join_and_the_employee_decides(pg) -> None:
    from tests.e2e.test_imwt import _members, functional_info_arrives, parent, seed_case
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id, consent=None)  # not answered yet
    assert pg.users["uma"] not in _members(pg)
    press(pg, "sam", "imwt_ask_union", message=parent(pg, case_id))
    assert "has been asked" in dm_texts(pg, "sam")[-1]
    assert "change your answer" in dm_texts(pg, "erin")[-1]
    press(pg, "erin", "imwt_union_yes")
    assert pg.users["uma"] in _members(pg) and pg.users["sid"] in _members(pg)
    assert "Ask the union to join" not in text_of(parent(pg, case_id))


def test_hr_posts_the_vacancy_list_to_the_union(pg) -> None:
    def command(who: str, text: str) -> None:
        assert pg.sandbox.command(pg.users[who], "/rtw", text).status == 200
        pg.settle()

    command("sam", "vacancies Clerk, Parks")
    assert "Only HR" in dm_texts(pg, "sam")[-1]
    command("hana", "vacancies Clerk, Parks (26-114); Dispatcher, Roads (26-120)")
    for who in ("uma", "sid"):
        got = dm_texts(pg, who)[-1]
        assert "Vacancy list" in got and "Dispatcher, Roads (26-120)" in got
    assert "to 2 union representative(s)" in dm_texts(pg, "hana")[-1]


# --- the job demands analysis ---------------------------------------------------------------
JDA = "https://intranet.example/jda/gardener.pdf"


def with_jda(pg) -> None:
    """The directory names a Job Demands Analysis for Parks gardeners."""
    d = pg.bot.directory
    parks = d.division("Parks and Recreation")
    jda = parks.model_copy(update={"job_demands": {"Gardener": JDA}})
    pg.bot.directory = d.model_copy(update={"divisions": tuple(
        jda if x is parks else x for x in d.divisions)})


def test_the_job_demands_analysis_goes_with_the_rtwi_form_and_to_the_union_with_a_plan(pg):
    with_jda(pg)
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    assert any(JDA in t and "hand it to the employee" in t for t in dm_texts(pg, "sam"))
    assert any(JDA in t and "health professional" in t for t in dm_texts(pg, "erin"))
    click(pg, "erin", "imwt_union_yes")
    send_form(pg, "with_restrictions")
    assert propose(pg, "sam", case.id) == {}
    for who in ("uma", "sid"):
        assert any(JDA in t and "for your review" in t for t in dm_texts(pg, who))


# --- IMWT meetings --------------------------------------------------------------------------
def test_hr_schedules_a_team_meeting_and_everyone_is_reminded_the_day_before(pg) -> None:
    from datetime import date, datetime

    from tests.e2e.conftest import TORONTO
    from tests.e2e.test_imwt import functional_info_arrives, parent, seed_case, thread_text
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_meeting", message=parent(pg, case_id))
    assert "Only HR can schedule a team meeting" in "\n".join(
        text_of(e) for e in pg.sandbox.ephemerals(pg.users["sam"]))
    press(pg, "hana", "imwt_meeting", message=parent(pg, case_id))
    assert submit(pg, "hana", {"on": date(2026, 11, 30), "time": "10:00",
                               "where": "Parks office, room 2"}) == {}
    assert "scheduled a team meeting" in thread_text(pg, case_id)
    assert "Monday, November 30, 2026" in dm_texts(pg, "erin")[-1]
    # The working day before (Friday Nov 27): a reminder to the employee, supervisor and HR.
    pg.sandbox.clock.set(datetime(2026, 11, 27, 9, 30, tzinfo=TORONTO))
    pg.bot.tick()
    pg.settle()
    for who in ("erin", "sam", "hana"):
        assert any("team meets on Monday, November 30, 2026: 10:00, Parks office, room 2" in t
                   for t in dm_texts(pg, who)), who


def test_the_wsibs_word_entered_by_hand_is_recorded_as_such(pg) -> None:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")

    def by_hand(status: str) -> None:
        assert pg.sandbox.command(pg.users["hana"], "/rtw",
                                  f"abilities {case.reference}").status == 200
        pg.settle()
        [modal] = pg.sandbox.views(pg.users["hana"])
        pg.sandbox.submit_view(pg.users["hana"], modal, {
            "fa_return_status": status, "fa_expected_duration": "14+ days",
            "fa_g_walking": "walking_up_to_100m", "fa_said_by": "wsib"})
        pg.settle()
        assert pg.sandbox.views(pg.users["hana"]) == []

    by_hand("unable")
    assert UNABLE in try_to_propose(pg, case)
    by_hand("with_restrictions")
    shown = text_of(parent_message(pg, case.id))
    assert "(the WSIB's word)" in shown and "Propose temporary plan" in shown
    with pg.bot.db.session() as s:
        from rtwbot.store.models import FunctionalInfo
        infos = s.scalars(select(FunctionalInfo).order_by(FunctionalInfo.id)).all()
        assert [i.abilities["said_by"] for i in infos] == ["wsib", "wsib"]
    assert try_to_propose(pg, case) == ""
