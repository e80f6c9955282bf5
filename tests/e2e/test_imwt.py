"""Issue 5: the IMWT thread — opened when functional information is recorded, the team
invited, temporary plans reviewed by the union, extensions, the return to regular duties,
the permanent placement checklist — through the sandbox with the real bot."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from rtwbot.forms.docx import document_text
from rtwbot.forms.pdf import read_field_values
from rtwbot.store.cases import next_reference
from rtwbot.store.imwt_models import (
    CaseParticipant,
    ImwtThread,
    Placement,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.store.models import AuditEvent, Case, Document, FunctionalInfo
from rtwbot.workflow.hr_review import REVIEW_MARK
from rtwbot.workflow.imwt import case_for_thread
from rtwbot.workflow.outbox import Say
from tests.e2e.conftest import NOW, text_of

pytestmark = pytest.mark.e2e

DIAGNOSIS = "Diagnosis: lumbar disc herniation L4-L5 with sciatica"
RESTRICTIONS = ["Lifting floor to waist: up to 5 kg", "Bending / twisting: limited"]
TODAY = NOW.date()  # Wednesday, November 25, 2026


# --- helpers -----------------------------------------------------------------------------
def seed_case(pg, *, employee: str = "erin", supervisor: str = "sam",
              division: str = "Parks and Recreation", job: str = "Gardener",
              kind: str = "work_injury") -> int:
    """A filed case, straight into the store, with a diagnosis in its free text."""
    now = pg.clock.now()
    answers = {
        "case_kind": kind, "division": division, "job_title": job,
        "employee": {"slack_user_id": pg.users[employee], "name": employee.title()},
        "description": DIAGNOSIS, "body_parts": [{"part": "back", "detail": DIAGNOSIS}],
        "location": "North yard", "health_care": "yes",
    }
    with pg.bot.db.session() as s:
        case = Case(reference=next_reference(s, 2026), kind=kind, stage="reported",
                    employee_user_id=pg.users[employee], employee_name=f"{employee.title()} E.",
                    employee_number="10234", division=division, job_title=job,
                    supervisor_id=pg.users[supervisor], occurred_at=now - timedelta(days=1),
                    learned_at=now - timedelta(days=1), reportable="reportable",
                    form7_due=TODAY + timedelta(days=2), answers=answers, filed_at=now,
                    updated_at=now)
        s.add(case)
        s.flush()
        return case.id


def record_functional_info(pg, case_id: int, *, next_assessment: str = "2026-12-18") -> None:
    """What the functional abilities read-back stores: the abilities, the confidential
    comments, and the stage."""
    with pg.bot.db.session() as s:
        s.add(FunctionalInfo(
            case_id=case_id, received_at=pg.clock.now(), recorded_by=pg.users["hana"],
            source="modal",
            abilities={"return_status": "with_restrictions", "restrictions": RESTRICTIONS,
                       "expected_duration": "14+ days", "next_assessment": next_assessment,
                       "health_professional": "Dr. Imelda Vasquez"},
            comments={"comments": DIAGNOSIS}))
        s.get(Case, case_id).stage = "functional_info_received"


def functional_info_arrives(pg, case_id: int, *, consent: str | None = "yes",
                            employee: str = "erin") -> None:
    """Record it and deliver what the read-back delivers: a message carrying the event.
    Then the employee answers the union question (`consent`: yes / no / talk, or None to
    leave it unanswered) — the union takes part only after a yes (issue 12)."""
    record_functional_info(pg, case_id)
    pg.bot.deliver([Say(text="Functional abilities recorded.", to_user=pg.users["hana"],
                        events=(("functional_info_recorded", case_id),))])
    pg.settle()
    if consent:
        with pg.bot.db.session() as s:
            reference = s.get(Case, case_id).reference
        press(pg, employee, f"imwt_union_{consent}", value=reference)


def imwt(pg) -> str:
    """The channel of the newest case's team thread: by default the case's own private
    channel (issue 12)."""
    with pg.bot.db.session() as s:
        channel = s.scalar(select(ImwtThread.channel).where(ImwtThread.channel.is_not(None))
                           .order_by(ImwtThread.id.desc()).limit(1))
    return channel or pg.channels["rtw-imwt"]


def parent(pg, case_id: int) -> dict:
    with pg.bot.db.session() as s:
        ts = s.scalar(select(ImwtThread.ts).where(ImwtThread.case_id == case_id))
    [message] = [m for m in pg.sandbox.messages(imwt(pg)) if m["ts"] == ts]
    return message


def thread_text(pg, case_id: int) -> str:
    ts = parent(pg, case_id)["ts"]
    return "\n".join(text_of(m) for m in pg.sandbox.messages(imwt(pg), thread_ts=ts))


def press(pg, who: str, action_id: str, **kwargs) -> None:
    delivery = pg.sandbox.click(pg.users[who], action_id, **kwargs)
    assert delivery.status == 200, delivery
    pg.settle()


def modal_of(pg, who: str) -> dict:
    views = pg.sandbox.views(pg.users[who])
    assert views, f"{who} has no modal open"
    return views[-1]


def submit(pg, who: str, values: dict) -> dict:
    """`who` fills the open modal (block id -> value) and submits; returns the errors shown
    (empty when the modal closed)."""
    view = modal_of(pg, who)
    filled = {f"{block}.value": value for block, value in values.items()}
    delivery = pg.sandbox.submit_view(pg.users[who], view, filled)
    assert delivery.status == 200, delivery
    pg.settle()
    still = [v for v in pg.sandbox.views(pg.users[who]) if v["id"] == view["id"]]
    return still[0]["errors"] if still else {}


def plan_values(**changes) -> dict:
    values = {
        "option": "own_job_modified",
        "duties": "Potting seedlings at a bench\nWatering with a hose reel",
        "hours": "4 h/day in week 1, 6 h/day in week 2, then full days",
        "start": date(2026, 11, 30),
        "end": date(2026, 12, 18),
        "reviews": "2026-12-07, 2026-12-14",
        # The proposer confirms the duties respect each restriction (issue 12).
        "respects": [str(i) for i in range(len(RESTRICTIONS))],
        # The kind of accommodation and the job's essential duties (issue 12).
        "kinds": ["tasks", "schedule"],
        "essential": "Planting and pruning\nOperating the mower",
    }
    return {**values, **changes}


def ephemerals_text(pg, who: str) -> str:
    return "\n".join(text_of(e) for e in pg.sandbox.ephemerals(pg.users[who]))


def plans(pg, case_id: int) -> list[TemporaryPlan]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(TemporaryPlan).where(TemporaryPlan.case_id == case_id)
                              .order_by(TemporaryPlan.number)))


def case_now(pg, case_id: int) -> Case:
    with pg.bot.db.session() as s:
        return s.get(Case, case_id)


def actions(pg, case_id: int) -> list[str]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)
                              .order_by(AuditEvent.id)))


def propose_and_approve(pg, case_id: int) -> None:
    """Proposed, approved by the union and agreed by the employee (issue 12)."""
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert submit(pg, "sam", plan_values()) == {}
    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")


def plan_files(pg) -> list[dict]:
    return [f for f in pg.sandbox.files() if f["user"] == pg.sandbox.bot_user_id
            and f["name"].endswith("-modified-work-plan.docx")]


def state_snapshot(pg, case_id: int) -> tuple:
    with pg.bot.db.session() as s:
        case = s.get(Case, case_id)
        rows = s.scalars(select(TemporaryPlan).where(TemporaryPlan.case_id == case_id)).all()
        return (case.stage, case.closed_at,
                tuple((p.number, p.state, p.end, p.union_approved_by) for p in rows),
                s.query(PlanEvent).count(), s.query(Placement).count())


# --- opening -------------------------------------------------------------------------------
def test_functional_info_opens_the_thread_mentions_the_team_and_invites_it(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)

    top = parent(pg, case_id)
    assert top.get("thread_ts") in (None, top["ts"])
    shown = text_of(top)
    for expected in ("RTW-2026-0001", "Parks and Recreation", "Gardener",
                     "Work-related injury", "Functional information received",
                     *RESTRICTIONS, "14+ days", "Friday, December 18, 2026"):
        assert expected in shown, expected
    # Every participant by role: mentions for the people in Slack.
    for who in ("sam", "hana", "uma", "sid"):
        assert f"<@{pg.users[who]}>" in shown, who
    assert "Supervisor (reported the case)" in shown and "Union representative" in shown
    assert "WSIB case manager" in shown and "not in Slack" in shown
    # The team invited in one batch, the union once the employee said yes (issue 12); the
    # employee is not brought into the team's channel.
    invites = pg.sandbox.calls("conversations.invite")
    assert len(invites) == 2
    assert invites[1].args["users"] == f"{pg.users['uma']},{pg.users['sid']}"
    members = _members(pg)
    assert {pg.users[w] for w in ("sam", "hana", "uma", "sid")} <= members
    assert pg.users["erin"] not in members and pg.users["olga"] not in members
    # Recorded on the case, with the team and how each was resolved.
    with pg.bot.db.session() as s:
        thread = s.scalar(select(ImwtThread).where(ImwtThread.case_id == case_id))
        assert (thread.channel, thread.ts) == (imwt(pg), top["ts"])
        roles = {(p.role, p.resolved_by) for p in s.scalars(select(CaseParticipant))}
    assert ("union", "email") in roles and ("insurer", "not_in_slack") in roles
    assert ("reporter", "slack_id") in roles
    with pg.bot.db.session() as s:  # a thread message finds its case
        assert case_for_thread(s, imwt(pg), top["ts"]).id == case_id
    assert "imwt.thread_opened" in actions(pg, case_id)
    # The employee is asked about union representation, in a DM.
    erin = "\n".join(text_of(m) for m in pg.sandbox.dm_messages(pg.users["erin"]))
    assert "authorize the union to represent you" in erin


def _members(pg) -> set[str]:
    return set(pg.bot.client.conversations_members(channel=imwt(pg))["members"])


def test_opening_twice_reuses_the_thread_and_hr_can_open_it_by_command(pg) -> None:
    case_id = seed_case(pg)
    record_functional_info(pg, case_id)
    delivery = pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    assert delivery.status == 200
    pg.settle()
    first = parent(pg, case_id)
    assert "I opened the team thread" in "\n".join(
        text_of(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))
    pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    pg.settle()
    parents = [m for m in pg.sandbox.messages(imwt(pg))
               if m.get("thread_ts") in (None, m["ts"])]
    assert [m["ts"] for m in parents] == [first["ts"]]
    assert len(pg.sandbox.calls("conversations.invite")) == 1  # nobody was missing
    # New functional information later: the same thread, updated, with a note.
    pg.bot.deliver([Say(text="Functional abilities recorded.", to_user=pg.users["hana"],
                        events=(("functional_info_recorded", case_id),))])
    pg.settle()
    parents = [m for m in pg.sandbox.messages(imwt(pg))
               if m.get("thread_ts") in (None, m["ts"])]
    assert [m["ts"] for m in parents] == [first["ts"]]
    assert "New functional information is recorded" in thread_text(pg, case_id)
    # Someone who is not HR gets nothing, not even whether the case exists.
    pg.sandbox.command(pg.users["olga"], "/rtw", "team RTW-2026-0001")
    pg.settle()
    olga = "\n".join(text_of(m) for m in pg.sandbox.dm_messages(pg.users["olga"]))
    assert "nothing I can show you" in olga


def test_a_deactivated_team_member_is_reported_to_hr_not_crashed_on(pg) -> None:
    pg.sandbox.deactivate_user(pg.users["sid"])
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    assert parent(pg, case_id)  # the thread opened anyway
    hana = "\n".join(text_of(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))
    assert "could not bring everyone into the team thread" in hana
    assert "sid@lakeshore.example" in hana
    assert pg.users["uma"] in _members(pg)


# --- the temporary path --------------------------------------------------------------------
def test_the_whole_temporary_path(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)

    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    assert modal_of(pg, "sam")["title"]["text"] == "Temporary plan"
    assert submit(pg, "sam", plan_values()) == {}
    [plan] = plans(pg, case_id)
    assert (plan.state, plan.option, plan.end) == ("proposed", "own_job_modified",
                                                   date(2026, 12, 18))
    text = thread_text(pg, case_id)
    assert "Temporary modified work plan #1" in text and "Potting seedlings" in text
    assert "100% of regular earnings" in text  # the pay rule with the plan
    assert "*Accommodation:* tasks, schedule" in text
    assert "*Essential duties of the job:* Planting and pruning; Operating the mower" in text
    assert f"<@{pg.users['uma']}>" in text
    assert "union representative and the employee: review the proposed plan" in text_of(
        parent(pg, case_id))
    assert case_now(pg, case_id).stage == "functional_info_received"  # not agreed yet
    # The proposer confirmed every restriction; the employee has the plan in a DM.
    assert plan.restriction_checks == RESTRICTIONS
    erin = "\n".join(text_of(m) for m in pg.sandbox.dm_messages(pg.users["erin"]))
    assert "Potting seedlings" in erin and "100% of regular earnings" in erin

    press(pg, "uma", "imwt_approve")
    [plan] = plans(pg, case_id)
    # The union approved; the plan is agreed only once the employee agrees too.
    assert plan.state == "proposed" and plan.union_approved_by == pg.users["uma"]
    assert "the employee: review the proposed plan" in text_of(parent(pg, case_id)).lower()
    press(pg, "erin", "imwt_plan_agree")
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.employee_agreed_by == pg.users["erin"]
    assert case_now(pg, case_id).stage == "temporary_modified_work"
    assert "is *agreed*" in thread_text(pg, case_id)
    # The plan document is posted in the thread (and the employee gets a copy).
    files = plan_files(pg)
    assert {f["name"] for f in files} == {"RTW-2026-0001-modified-work-plan.docx"}
    in_thread = [f for f in files if imwt(pg) in (f.get("groups") or []) + (f.get("channels")
                                                                               or [])]
    assert in_thread
    doc = document_text(pg.sandbox.file_content(in_thread[0]["id"]))
    assert "Potting seedlings" in doc and "100% of regular earnings" in doc
    assert RESTRICTIONS[0] in doc
    share = [m for m in pg.sandbox.messages(imwt(pg), thread_ts=parent(pg, case_id)["ts"])
             if m.get("files")]
    assert share
    with pg.bot.db.session() as s:
        assert s.get(TemporaryPlan, plan.id).document_id is not None
        assert s.query(Document).filter(Document.slack_file_id.is_not(None)).count() == 2
    assert "Extend plan" in text_of(parent(pg, case_id))

    press(pg, "sam", "imwt_check_in", message=parent(pg, case_id))
    assert submit(pg, "sam", {"status": "on_track", "note": "Doing well"}) == {}
    assert "Check-in recorded" in thread_text(pg, case_id)
    assert "Doing well" not in thread_text(pg, case_id)  # notes stay in the record

    press(pg, "hana", "imwt_return", message=parent(pg, case_id))
    errors = submit(pg, "hana", {})
    assert "medical authorization" in errors["authorization"]
    assert case_now(pg, case_id).stage == "temporary_modified_work"
    assert submit(pg, "hana", {"authorization": ["yes"]}) == {}
    case = case_now(pg, case_id)
    assert case.stage == "closed" and case.close_reason == "returned_to_regular_duties"
    assert "The case is closed" in thread_text(pg, case_id)
    assert "Closed" in text_of(parent(pg, case_id))
    assert not any(b["type"] == "actions" for b in parent(pg, case_id)["blocks"])
    done = actions(pg, case_id)
    for action in ("imwt.thread_opened", "imwt.plan_proposed", "imwt.plan_agreed",
                   "imwt.plan_document_posted", "imwt.check_in", "imwt.return_refused",
                   "case.closed"):
        assert action in done, action


def test_a_plan_against_the_rules_is_refused_in_the_modal(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    errors = submit(pg, "sam", plan_values(option="same_division"))
    assert "why" in errors["why_a"].lower()
    errors = submit(pg, "sam", plan_values(end=date(2026, 11, 27)))
    assert "after its start" in errors["end"]
    assert plans(pg, case_id) == []
    assert submit(pg, "sam", plan_values(option="same_division",
                                         why_a="Greenhouse work is all lifting")) == {}
    [plan] = plans(pg, case_id)
    assert plan.ruled_out == {"own_job_modified": "Greenhouse work is all lifting"}


def test_union_asks_for_changes_then_approves_a_revised_plan(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    submit(pg, "sam", plan_values())
    press(pg, "uma", "imwt_changes")
    assert submit(pg, "uma", {"note": "Start with 3 hours a day"}) == {}
    assert plans(pg, case_id)[0].state == "changes_requested"
    assert "asked for changes" in thread_text(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    submit(pg, "sam", plan_values(hours="3 h/day in week 1, then 6 h/day"))
    first, second = plans(pg, case_id)
    assert (first.state, second.state) == ("ended", "proposed")
    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree", value=f"RTW-2026-0001|{second.id}")
    assert plans(pg, case_id)[1].state == "agreed"


def test_extension_needs_a_recommendation_and_the_wsib_concurrence(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)
    files_before = len(plan_files(pg))

    press(pg, "hana", "imwt_extend", message=parent(pg, case_id))
    view = modal_of(pg, "hana")
    assert "the WSIB" in json.dumps(view["blocks"])
    errors = submit(pg, "hana", {"new_end": date(2027, 1, 15)})
    assert "written recommendation" in errors["recommendation"]
    errors = submit(pg, "hana", {"new_end": date(2027, 1, 15), "recommendation": ["yes"]})
    assert "concurrence" in errors["concurrence"]
    assert "The team reviews an extension" in errors["team_review"]
    assert plans(pg, case_id)[0].end == date(2026, 12, 18)
    assert submit(pg, "hana", {"new_end": date(2027, 1, 15), "recommendation": ["yes"],
                               "concurrence": ["yes"], "team_review": ["yes"]}) == {}
    [plan] = plans(pg, case_id)
    assert (plan.state, plan.end) == ("extended", date(2027, 1, 15))
    with pg.bot.db.session() as s:
        kinds = set(s.scalars(select(PlanEvent.kind)))
    assert {"extension", "written_recommendation", "insurer_concurrence"} <= kinds
    assert "*extended*" in thread_text(pg, case_id)
    assert len(plan_files(pg)) == files_before + 2  # the updated plan, thread and employee
    assert "imwt.extension_refused" in actions(pg, case_id)


def test_a_non_occupational_extension_needs_the_ltd_concurrence(pg) -> None:
    case_id = seed_case(pg, kind="non_occupational")
    functional_info_arrives(pg, case_id)
    assert "LTD carrier case manager" in text_of(parent(pg, case_id))
    propose_and_approve(pg, case_id)
    press(pg, "hana", "imwt_extend", message=parent(pg, case_id))
    errors = submit(pg, "hana", {"new_end": date(2027, 1, 15), "recommendation": ["yes"]})
    assert "LTD" in json.dumps(modal_of(pg, "hana")["blocks"]) and "concurrence" in errors[
        "concurrence"]


def test_mediation_and_closing_for_another_reason(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "uma", "imwt_mediation", message=parent(pg, case_id))
    assert case_now(pg, case_id).stage == "stalled"
    assert "mediation service" in thread_text(pg, case_id)
    press(pg, "hana", "imwt_close", message=parent(pg, case_id))
    errors = submit(pg, "hana", {"reason": "other"})
    assert "Say why" in errors["note"]
    errors = submit(pg, "hana", {"reason": "permanently_placed"})
    assert "No permanent placement" in errors["reason"]
    assert submit(pg, "hana", {"reason": "resigned", "note": "Moved to another city"}) == {}
    case = case_now(pg, case_id)
    assert (case.stage, case.close_reason) == ("closed", "other")
    assert "the employee resigned" in thread_text(pg, case_id)
    assert "Moved to another city" not in thread_text(pg, case_id)
    with pg.bot.db.session() as s:
        assert s.scalar(select(ImwtThread.close_note)) == "Moved to another city"
    assert {"imwt.mediation_requested", "case.closed"} <= set(actions(pg, case_id))


# --- the permanent path --------------------------------------------------------------------
def test_permanent_steps_are_chosen_strictly_in_order(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "hana", "imwt_permanent", message=parent(pg, case_id))
    assert submit(pg, "hana", {"said_by": "wsib"}) == {}
    assert case_now(pg, case_id).stage == "permanent_accommodation"
    text = thread_text(pg, case_id)
    assert "Permanent placement" in text and "not considered yet" in text
    assert "pre-injury rate is kept" in text  # the permanent pay rule

    press(pg, "sam", "imwt_step_choose")
    errors = submit(pg, "sam", {"step": "4", "training": ["yes"],
                                "start": date(2027, 1, 4)})
    assert "still missing: step 1" in errors["step"]
    with pg.bot.db.session() as s:
        assert s.query(Placement).count() == 0
    assert modal_of(pg, "sam")  # still open, showing the error

    pg.sandbox.close_view(pg.users["sam"])
    for step, reason in ((1, "Essential duties need heavy lifting"),
                         (2, "No comparable job in Parks"),
                         (3, "No comparable vacancy in the unit")):
        press(pg, "sam", "imwt_step_record")
        assert submit(pg, "sam", {"step": str(step), "available": "no",
                                  "reason": reason}) == {}
    press(pg, "sam", "imwt_step_record")
    errors = submit(pg, "sam", {"step": "4", "available": "no"})
    assert "why" in errors["reason"].lower()
    pg.sandbox.close_view(pg.users["sam"])

    press(pg, "sam", "imwt_step_choose")
    errors = submit(pg, "sam", {"step": "4", "start": date(2027, 1, 4)})
    assert "training" in errors["training"]
    assert "kind of accommodation" in errors["kinds"]
    assert submit(pg, "sam", {"step": "4", "training": ["yes"], "start": date(2027, 1, 4),
                              "position": "Greenhouse attendant", "kinds": ["work_area"],
                              "essential": "Greenhouse care"}) == {}
    with pg.bot.db.session() as s:
        placement = s.scalar(select(Placement))
        assert placement.step == 4 and placement.training_agreed
        assert placement.training_limit == date(2028, 1, 4)
        assert placement.follow_up_end == date(2027, 7, 4)
        assert len(placement.follow_up_dates) == 6
    text = thread_text(pg, case_id)
    assert "step 4" in text and "Tuesday, January 4, 2028" in text
    assert ":white_check_mark: *4.*" in text  # the checklist, edited in place
    assert "imwt.placement_refused" in actions(pg, case_id)


# --- who may act ---------------------------------------------------------------------------
def test_someone_not_on_the_case_is_refused_and_nothing_changes(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    submit(pg, "sam", plan_values())
    pg.sandbox.join(pg.users["olga"], imwt(pg))  # in the channel, but not on this case
    before = state_snapshot(pg, case_id)
    press(pg, "olga", "imwt_approve")
    press(pg, "olga", "imwt_close", message=parent(pg, case_id))
    assert "not on this case's team" in ephemerals_text(pg, "olga")
    assert pg.sandbox.views(pg.users["olga"]) == []
    assert state_snapshot(pg, case_id) == before
    # On the team but in the wrong role: the supervisor cannot approve for the union, and
    # only HR closes.
    press(pg, "sam", "imwt_approve")
    press(pg, "sam", "imwt_close", message=parent(pg, case_id))
    sam = ephemerals_text(pg, "sam")
    assert "Only the union representative" in sam and "Only HR can close" in sam
    assert state_snapshot(pg, case_id) == before
    with pg.bot.db.session() as s:
        refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "imwt.refused")).all()
    assert {e.actor for e in refused} == {pg.users["olga"], pg.users["sam"]}


def test_a_declined_union_takes_no_part_and_hr_reviews(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "erin", "imwt_union_no")
    with pg.bot.db.session() as s:
        assert s.scalar(select(ImwtThread.union_authorized)) == "no"
    assert "declined union representation" in text_of(parent(pg, case_id))
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    submit(pg, "sam", plan_values())
    # The union is out of the case's channel: it cannot see the plan, let alone approve it.
    assert pg.users["uma"] not in _members(pg) and pg.users["sid"] not in _members(pg)
    press(pg, "hana", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")
    [plan] = plans(pg, case_id)
    assert plan.state == "agreed" and plan.union_waived


# --- privacy -------------------------------------------------------------------------------
def _hr_review(pg, where: str, text: str) -> bool:
    """HR's review of the free text (issue 12): the one place it is shown, in HR's DM."""
    return where in (pg.sandbox.dm_channel(pg.users["hana"]), pg.users["hana"]) \
        and REVIEW_MARK in text


def _all_text_and_files(pg) -> str:
    """Everything the sandbox recorded, but HR's review of the free text."""
    parts = []
    for m in pg.sandbox.messages():
        if not _hr_review(pg, m["channel"], text_of(m)):
            parts += [json.dumps(m), text_of(m)]
    for who in pg.users:
        parts += [json.dumps(e) for e in pg.sandbox.ephemerals(pg.users[who])]
        parts += [json.dumps(v) for v in pg.sandbox.views(pg.users[who])]
    for call in pg.sandbox.calls():
        args = getattr(call, "args", None) or {}
        if not _hr_review(pg, str(args.get("channel")), json.dumps(args, default=str)):
            parts.append(json.dumps(args, default=str))
    for f in pg.sandbox.files():
        parts.append(json.dumps(f))
        content = pg.sandbox.file_content(f["id"])
        if f["name"].endswith(".docx"):
            parts.append(document_text(content))
        elif f["name"].endswith(".pdf"):
            reader = PdfReader(io.BytesIO(content))
            parts.append(json.dumps(read_field_values(reader), default=str))
            parts += [page.extract_text() or "" for page in reader.pages]
    return "\n".join(parts)


def test_the_diagnosis_never_reaches_slack(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)
    press(pg, "hana", "imwt_extend", message=parent(pg, case_id))
    submit(pg, "hana", {"new_end": date(2027, 1, 15), "recommendation": ["yes"],
                        "concurrence": ["yes"], "team_review": ["yes"]})
    press(pg, "hana", "imwt_permanent", message=parent(pg, case_id))
    submit(pg, "hana", {"said_by": "health_professional"})
    everything = _all_text_and_files(pg)
    assert "Potting seedlings" in everything  # the check sees what was posted
    assert len(plan_files(pg)) >= 2
    for secret in (DIAGNOSIS, "herniation", "sciatica", "Dr. Imelda Vasquez"):
        assert secret not in everything, secret
    # HR alone read it, in their review.
    assert any("sciatica" in text_of(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))


# --- rtwbot directory check ----------------------------------------------------------------
def test_directory_check_reports_unknown_and_deactivated_users_and_channels(tmp_path) -> None:
    import yaml
    from click.testing import CliRunner

    from rtwbot.directory_check import directory
    from rtwbot.sandbox import Sandbox

    with Sandbox(signing_secret="unused", bot_token="xoxb-directory-check") as sb:
        hana = sb.add_user("hana", real_name="Hana HR", email="hana@check.example")
        sid = sb.add_user("sid", real_name="Sid Safety", email="sid@check.example")
        old = sb.add_user("old", real_name="Old Rep")
        sb.deactivate_user(sid)
        sb.deactivate_user(old)
        sb.add_channel("rtw-imwt", private=True, members=[hana], bot_member=True)
        sb.add_channel("rtw-hr", private=True, members=[hana], bot_member=False)
        path = tmp_path / "directory.yaml"
        path.write_text(yaml.safe_dump({
            "channels": {"imwt": "rtw-imwt", "hr": "rtw-hr"},
            "hr": ["hana@check.example", "nobody@check.example"],
            "bargaining_units": [{"name": "Local 1", "union_reps": [old],
                                  "safety_rep": "sid@check.example"}],
            "divisions": [{"name": "Parks", "hr_reps": [hana], "bargaining_unit": "Local 1"}],
            "insurers": {"wsib": {"name": "WSIB", "email": "case@wsib.example"}},
        }))
        env = {"SLACK_BOT_TOKEN": sb.bot_token, "RTWBOT_SLACK_API_URL": sb.api_url,
               "RTWBOT_DIRECTORY": str(path)}
        result = CliRunner().invoke(directory, ["check"], env=env)
    out = result.output
    assert result.exit_code == 1, out
    assert "UNKNOWN      nobody@check.example (HR)" in out
    assert f"DEACTIVATED  {old} (bargaining unit Local 1, union representative)" in out
    assert "DEACTIVATED  sid@check.example" in out
    assert "CHANNEL      #rtw-hr" in out and "#rtw-imwt" not in out
    assert "case@wsib.example" in out and "hana@check.example" not in out


def test_a_division_with_its_own_channel_keeps_its_threads_there(pg) -> None:
    parks = seed_case(pg)
    roads = seed_case(pg, employee="ray", supervisor="tess",
                      division="Transportation Services", job="Road Operator")
    functional_info_arrives(pg, parks)
    parks_channel = imwt(pg)  # the case's own (issue 12)
    functional_info_arrives(pg, roads, employee="ray")
    own = pg.channels["rtw-imwt-transportation"]
    with pg.bot.db.session() as s:
        where = dict(s.execute(select(ImwtThread.case_id, ImwtThread.channel)).all())
    assert where == {parks: parks_channel, roads: own}
    # Parks people invited to the parks case's channel never see the roads case there.
    shared = "\n".join(text_of(m) for m in pg.sandbox.messages(parks_channel))
    with pg.bot.db.session() as s:
        roads_ref = s.get(Case, roads).reference
    assert roads_ref not in shared
    assert any(roads_ref in text_of(m) for m in pg.sandbox.messages(own))
