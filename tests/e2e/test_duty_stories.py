"""Issue 18, the duty table through the sandbox: a duty ends only by what discharges it, said
by someone entitled (/work/shared/domain/case-stories.md, stories 2, 6 and 10)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from rtwbot.playground import Playground
from rtwbot.store.audit_log import format_timeline, timeline
from rtwbot.store.duty_models import DutyRecord
from rtwbot.store.imwt_models import ImwtThread
from rtwbot.store.models import AuditEvent, Case
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import NOW, TORONTO, dm_texts, say, text_of
from tests.e2e.test_critical_injury import SATURDAY_0205, file_critical
from tests.e2e.test_imwt import functional_info_arrives, parent, press, submit, thread_text
from tests.e2e.test_intake import answer_all, work_injury_answers
from tests.e2e.test_nudges import file_case, form7_message

pytestmark = pytest.mark.e2e

REFERENCE = "RTW-2026-0001"


@pytest.fixture
def night(database_url: str) -> Iterator[Playground]:
    with Playground(database_url=database_url, start_at=SATURDAY_0205) as playground:
        yield playground


def tick_at(pg: Playground, moment: datetime) -> None:
    pg.sandbox.clock.set(moment)
    pg.bot.tick()
    pg.settle()


def last_dm(pg: Playground, who: str, *words: str) -> dict:
    return next(m for m in reversed(pg.sandbox.dm_messages(pg.users[who]))
                if all(w in text_of(m) for w in words))


def roots(pg: Playground, kind: str) -> dict[str, str]:
    with pg.bot.db.session() as s:
        return {n.recipient_role: n.state for n in s.scalars(select(Nudge).where(
            Nudge.kind == kind, Nudge.parent_id.is_(None)))}


def told_again(pg: Playground, who: str, *words: str) -> int:
    return sum(1 for t in dm_texts(pg, who) if "escalated" in t and all(w in t for w in words))


def modal_blocks(pg: Playground, who: str) -> str:
    [view] = pg.sandbox.views(pg.users[who])
    return json.dumps(view["blocks"])


def fill(pg: Playground, who: str, values: dict) -> dict:
    """Submit the open modal; the errors shown ({} once it closed)."""
    [view] = pg.sandbox.views(pg.users[who])
    delivery = pg.sandbox.submit_view(pg.users[who], view, values)
    assert delivery.status == 200, delivery
    pg.settle()
    still = [v for v in pg.sandbox.views(pg.users[who]) if v["id"] == view["id"]]
    return still[0]["errors"] if still else {}


def timeline_text(pg: Playground) -> str:
    with pg.bot.db.session() as s:
        return format_timeline(timeline(s, REFERENCE), TORONTO)


# --- Story 2: each person's duty is their own -----------------------------------------------
def test_story_2_each_persons_duty_is_their_own(night) -> None:
    pg = night
    file_critical(pg)
    ministry, report = "OHSA s.51;", "written report of the critical injury"
    # The 48-hour written report is a reminder of its own, due Monday 02:05.
    assert "by Monday, November 30, 2026 at 2:05 AM" in text_of(last_dm(pg, "hana", report))
    with pg.bot.db.session() as s:
        [row] = s.scalars(select(Nudge).where(Nudge.kind == "ohsa_critical_report")).all()
    assert row.due_at.astimezone(TORONTO) == datetime(2026, 11, 30, 2, 5, tzinfo=TORONTO)

    # The committee co-chair presses Done on his copy ("got it"): his copy only.
    pg.sandbox.click(pg.users["carl"], "nudge_done", message=last_dm(pg, "carl", ministry))
    pg.settle()
    assert "Critical injury: the committee told: recorded by" in dm_texts(pg, "carl")[-1]
    assert roots(pg, "ohsa_critical_injury") == {
        "committee": "acknowledged", "hr": "sent", "union": "sent"}
    # HR's notice and its escalation go on.
    tick_at(pg, SATURDAY_0205 + timedelta(hours=3, seconds=30))
    assert told_again(pg, "hana", ministry, "sent to the HR representative") == 1

    # HR presses Done: asked who notified the Ministry, and when — not closed by the press.
    own = last_dm(pg, "hana", ministry, "sent to the HR representative")
    pg.sandbox.click(pg.users["hana"], "nudge_done", message=own)
    pg.settle()
    asked = modal_blocks(pg, "hana")
    assert "By whom" in asked and "At (time)" in asked and "took the call" in asked
    assert roots(pg, "ohsa_critical_injury")["hr"] == "sent"
    errors = fill(pg, "hana", {"duty_at": "23:40"})  # later today: not yet
    assert "still to come" in errors["duty_at"]
    assert fill(pg, "hana", {"duty_at": "02:40", "duty_by": pg.users["sam"],
                             "duty_call": "Inspector Lee"}) == {}
    assert roots(pg, "ohsa_critical_injury") == {
        "committee": "acknowledged", "hr": "acknowledged", "union": "sent"}
    count = told_again(pg, "hana", ministry)
    tick_at(pg, SATURDAY_0205 + timedelta(hours=9, seconds=30))
    assert told_again(pg, "hana", ministry, "sent to the HR representative") == 1  # stopped
    # The union's copy is separate: still its own, and HR heard once that it is unconfirmed.
    assert roots(pg, "ohsa_critical_injury")["union"] == "sent"
    assert told_again(pg, "hana", ministry, "sent to the union representative") == 1
    assert told_again(pg, "hana", ministry) == count

    # The written report escalates around its due time until HR records it sent.
    tick_at(pg, datetime(2026, 11, 29, 14, 5, 30, tzinfo=TORONTO))  # Sunday, 12 h before
    assert told_again(pg, "hana", report) == 1
    pg.sandbox.click(pg.users["hana"], "nudge_done", message=last_dm(pg, "hana", report))
    pg.settle()
    assert fill(pg, "hana", {"duty_at": "13:00"}) == {}
    tick_at(pg, datetime(2026, 11, 30, 2, 5, 30, tzinfo=TORONTO))
    assert told_again(pg, "hana", report) == 1
    assert roots(pg, "ohsa_critical_report") == {"hr": "acknowledged"}

    # `/rtw duties`: the same table; HR records the union told (by telephone) from there.
    pg.sandbox.command(pg.users["hana"], "/rtw", f"duties {REFERENCE}")
    pg.settle()
    listed = dm_texts(pg, "hana")[-1]
    assert "Critical injury: the committee told — done by" in listed
    assert "Critical injury: the union told (due Saturday, November 28, 2026): open" in listed
    pg.sandbox.click(pg.users["hana"], "duty_record_open:ohsa_s51_union")
    pg.settle()
    assert fill(pg, "hana", {"duty_at": "01:00", "duty_by": pg.users["hana"]}) == {}
    assert roots(pg, "ohsa_critical_injury")["union"] == "cancelled"
    pg.sandbox.command(pg.users["uma"], "/rtw", f"duties {REFERENCE}")  # no Record for her
    pg.settle()
    assert "duty_record_open" not in json.dumps(pg.sandbox.dm_messages(pg.users["uma"])[-1])

    # The record shows who closed what, when: the audit, and HR's status of the case.
    with pg.bot.db.session() as s:
        records = {r.duty: r for r in s.scalars(select(DutyRecord))}
    assert set(records) == {"ohsa_s51_committee", "ohsa_s51_ministry", "ohsa_s51_report",
                            "ohsa_s51_union"}
    assert records["ohsa_s51_union"].via == "command"
    assert records["ohsa_s51_committee"].closed_by == pg.users["carl"]
    ministry_record = records["ohsa_s51_ministry"]
    assert (ministry_record.closed_by, ministry_record.done_by) == (pg.users["hana"],
                                                                    pg.users["sam"])
    assert ministry_record.detail == {"call": "Inspector Lee"}
    audit = timeline_text(pg)
    assert "Critical injury: the Ministry notified: closed as hr" in audit
    assert "Critical injury: the committee told: closed as committee" in audit
    shown = say(pg, "hana", f"status {REFERENCE}")
    assert (f"Critical injury: the Ministry notified — done by <@{pg.users['sam']}> on "
            "Saturday, November 28, 2026 at 2:40 AM; recorded by") in shown
    assert "Inspector Lee" not in shown and "Inspector Lee" not in audit  # HR's record only


# --- Story 6: Done means done by the right person ----------------------------------------------
def test_story_6_done_means_done_by_the_right_person(pg) -> None:
    file_case(pg)  # health care beyond first aid: Form 7 due Friday, November 27
    # HR's copy lands in the HR channel, where Olga — on no case — reads too.
    hr_channel = pg.channels["rtw-hr"]
    pg.sandbox.join(pg.users["olga"], hr_channel)
    with pg.bot.db.session() as s:
        s.scalars(select(Nudge).where(Nudge.kind == "form7_due",
                                      Nudge.recipient_role == "hr")).one().recipient = hr_channel
    pg.bot.tick()
    pg.settle()
    sam_reminder = form7_message(pg, "sam")
    [in_channel] = [m for m in pg.sandbox.messages(hr_channel) if "OPM 15-01-02" in text_of(m)]

    # An outsider's clicks do nothing but a kind refusal; Open shows her nothing at all.
    for action in ("nudge_done", "nudge_snooze", "nudge_open"):
        pg.sandbox.click(pg.users["olga"], action, message=in_channel)
        pg.settle()
    refusals = [text_of(m) for m in pg.sandbox.ephemerals(pg.users["olga"])]
    assert len(refusals) == 3 and "not yours to act on" in refusals[0]
    assert "nothing I can show you" in refusals[2]
    assert all(REFERENCE not in t and "Form 7" not in t for t in refusals)
    assert roots(pg, "form7_due") == {"supervisor": "sent", "hr": "sent"}
    with pg.bot.db.session() as s:
        refused = s.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "duty.refused", AuditEvent.actor == pg.users["olga"])).all()
    assert sorted(d["button"] for d in refused) == ["done", "open", "snooze"]

    # The supervisor's Done: "passed to HR", and it says so. Nothing is filed.
    pg.sandbox.click(pg.users["sam"], "nudge_done", message=sam_reminder)
    pg.settle()
    redrawn = text_of(pg.sandbox.dm_messages(pg.users["sam"])[-1])
    assert "Passed to HR — recorded by" in redrawn
    assert "HR's reminder goes on until HR records Form 7 sent" in redrawn
    assert roots(pg, "form7_due") == {"supervisor": "acknowledged", "hr": "sent"}
    assert roots(pg, "form7_late") == {"hr": "pending"}
    assert roots(pg, "form7_worker_copy") == {}  # the worker's copy is not asked for yet

    # The late flag goes on: Monday, HR is told Form 7 is late.
    pg.sandbox.clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=TORONTO))
    pg.bot.tick()
    pg.settle()
    late = last_dm(pg, "hana", "Form 7 is late")

    # HR's Done asks for the record: the Form 7 modal (date, claim number, worker's copy).
    pg.sandbox.click(pg.users["hana"], "nudge_done", message=late)
    pg.settle()
    assert "Received by the WSIB on" in modal_blocks(pg, "hana")
    assert roots(pg, "form7_late") == {"hr": "sent"}
    assert fill(pg, "hana", {"f7_received_on": date(2026, 11, 30),
                             "f7_claim_number": "31234567"}) == {}
    case = the_case(pg)
    assert case.form7_received_on == date(2026, 11, 30) and case.wsib_claim_number == "31234567"
    assert roots(pg, "form7_late") == {"hr": "cancelled"}
    assert roots(pg, "form7_due") == {"supervisor": "acknowledged", "hr": "cancelled"}
    # The worker's copy is asked for now (HR did not tick it).
    assert roots(pg, "form7_worker_copy") == {"hr": "pending"}
    pg.bot.tick()
    pg.settle()
    assert "Give the worker a copy" in text_of(last_dm(pg, "hana", "WSIA s.21(4)"))

    with pg.bot.db.session() as s:
        [record] = s.scalars(select(DutyRecord)).all()
        copy = s.scalar(select(AuditEvent).where(AuditEvent.action == "duty.copy_acknowledged"))
    assert (record.duty, record.role, record.closed_by) == ("form7", "hr", pg.users["hana"])
    assert copy.actor == pg.users["sam"] and copy.detail["words"] == "passed to HR"
    audit = timeline_text(pg)
    assert "Form 7 to the WSIB: own copy acknowledged as supervisor (passed to HR)" in audit
    assert "Form 7 to the WSIB: closed as hr" in audit
    shown = say(pg, "hana", f"status {REFERENCE}")
    assert f"Form 7 to the WSIB — done by <@{pg.users['hana']}>" in shown
    assert "(claim 31234567)" in shown


def the_case(pg: Playground) -> Case:
    with pg.bot.db.session() as s:
        return s.scalar(select(Case))


# --- Story 10: ending employment during the s.41 obligation -------------------------------------
def test_story_10_ending_employment_during_the_obligation_warns_and_records_why(pg) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))  # hired 2015: s.41 applies
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()
    case_id = the_case(pg).id
    functional_info_arrives(pg, case_id)  # no plan: the worker has not been re-employed
    pg.sandbox.clock.set(NOW + timedelta(days=70))
    press(pg, "hana", "imwt_close", message=parent(pg, case_id))
    shown = modal_blocks(pg, "hana")
    assert "runs until" in shown and "has not been re-employed yet" in shown
    warned = submit(pg, "hana", {"reason": "employment_ended"})
    assert "WSIA s.41" in warned["reason"] and "presumed not to meet it" in warned["reason"]
    assert "say why" in warned["note"]
    assert the_case(pg).closed_at is None  # warned before closing: nothing closed
    assert submit(pg, "hana", {"reason": "employment_ended",
                               "note": "Declined every offer of suitable work"}) == {}
    assert the_case(pg).closed_at is not None
    assert "HR recorded why" in thread_text(pg, case_id)
    with pg.bot.db.session() as s:
        note = s.scalar(select(ImwtThread.close_note).where(ImwtThread.case_id == case_id))
        [why] = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "reemployment.ended_during_obligation")).all()
    assert note == "Declined every offer of suitable work"
    assert why.actor == pg.users["hana"] and why.detail["reason_recorded"] is True
    assert why.detail["status"] == "applies" and why.detail["reemployed_on"] is None
