"""Issue 6 through the sandbox: a filed case's Form 7 reminder, sent once, acknowledged once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import NOW, dm_texts, text_of
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e


def file_case(pg) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()


def reminders(pg, who: str) -> list[str]:
    """The Form 7 reminders (by their basis; the OHSA notice mentions Form 7 too)."""
    return [t for t in dm_texts(pg, who) if "Reminder" in t and "OPM 15-01-02" in t]


def form7_message(pg, who: str) -> dict:
    [message] = [m for m in pg.sandbox.dm_messages(pg.users[who])
                 if "nudge_done" in str(m.get("blocks")) and "OPM 15-01-02" in text_of(m)]
    return message


def tick(pg) -> None:
    pg.bot.tick()
    pg.settle()


def test_the_form7_reminder_is_posted_once_and_done_acts_once(pg) -> None:
    file_case(pg)
    tick(pg)
    tick(pg)  # a second tick must not post again
    assert len(reminders(pg, "sam")) == 1
    assert "OPM 15-01-02" in reminders(pg, "sam")[0]
    assert len(reminders(pg, "hana")) == 1  # HR on the first business day too

    sam = pg.users["sam"]
    message = form7_message(pg, "sam")
    first = pg.sandbox.click(sam, "nudge_done", message=message)
    pg.settle()
    # A double tap: the same click arrives again before Slack redraws the message.
    again = pg.sandbox.redeliver(first, retry_num=0, reason="double_click")
    pg.settle()
    assert first.status == again.status == 200
    with pg.bot.db.session() as s:
        done = s.scalars(select(Nudge).where(Nudge.state == "acknowledged")).all()
    assert len(done) == 1
    assert done[0].acknowledged_by == sam


def test_an_ignored_reminder_escalates_to_hr_the_next_business_day(pg) -> None:
    file_case(pg)
    tick(pg)
    before = len(reminders(pg, "hana"))
    pg.sandbox.clock.advance(timedelta(days=1))  # Thursday, still unacknowledged
    tick(pg)
    after = reminders(pg, "hana")
    assert len(after) > before
    assert "OPM 15-01-02" in after[-1]


@pytest.mark.parametrize("status", [429, 500])
def test_injected_slack_failures_still_deliver_every_nudge_once(pg, status) -> None:
    file_case(pg)
    pg.sandbox.fail_next("chat.postMessage", status=status, retry_after=1, count=1)
    tick(pg)
    # A post is never retried blindly (Slack may have taken it): the relay tries the row
    # again after its back-off, looking for an earlier post first.
    pg.sandbox.clock.advance(timedelta(seconds=6))
    tick(pg)
    assert len(reminders(pg, "sam")) == 1
    assert len(reminders(pg, "hana")) == 1
    failed = [c for c in pg.sandbox.calls("chat.postMessage") if c.status == status]
    assert len(failed) == 1


def test_nothing_is_sent_at_night(pg) -> None:
    pg.sandbox.clock.set(pg.sandbox.clock.datetime().replace(hour=7, minute=0))  # 02:00 Toronto
    file_case(pg)
    tick(pg)
    assert reminders(pg, "sam") == []
    pg.sandbox.clock.advance(timedelta(hours=7, minutes=1))  # 09:01 Toronto
    tick(pg)
    assert len(reminders(pg, "sam")) == 1


def test_a_reminder_that_cannot_be_delivered_alerts_the_hr_channel(pg) -> None:
    file_case(pg)
    pg.sandbox.deactivate_user(pg.users["sam"])  # the supervisor has left
    tick(pg)
    with pg.bot.db.session() as s:
        failed = s.scalars(select(Nudge).where(Nudge.state == "failed")).all()
    assert failed and all(n.recipient_role == "supervisor" for n in failed)
    alerts = [m["text"] for m in pg.sandbox.messages(pg.channels["rtw-hr"])]
    assert alerts and "RTW-2026-0001" in alerts[0]
    assert "Slipped" not in alerts[0]  # a reference, never the details


def kinds(pg) -> set[str]:
    with pg.bot.db.session() as s:
        return set(s.scalars(select(Nudge.kind).where(Nudge.state != "cancelled")))


def test_form7_marked_done_brings_the_workers_copy_reminder(pg) -> None:
    file_case(pg)
    tick(pg)
    assert "form7_worker_copy" not in kinds(pg)
    sam = pg.users["sam"]
    message = form7_message(pg, "sam")
    pg.sandbox.click(sam, "nudge_done", message=message)
    pg.settle()
    assert "form7_worker_copy" in kinds(pg)
    tick(pg)
    copies = [t for who in ("sam", "hana") for t in dm_texts(pg, who) if "copy" in t.lower()
              and "WSIA s.21(4)" in t]
    assert copies, "the worker's copy reminder was not sent"


def test_an_agreed_plan_brings_its_review_and_ending_reminders(pg) -> None:
    file_case(pg)
    assert not {"plan_review", "plan_ending"} & kinds(pg)
    with pg.bot.db.session() as s:
        case = s.scalar(select(Case))
        s.add(TemporaryPlan(
            case_id=case.id, number=1, state="agreed", option="own_job", ruled_out={},
            duties=["Bench work"], hours="4 hours a day", start=date(2026, 11, 30),
            end=date(2026, 12, 18), review_dates=["2026-12-07"], proposed_by="U1",
            proposed_at=NOW, union_approved_by="U2", union_approved_at=NOW,
            created_at=NOW, updated_at=NOW))
        case_id = case.id
    pg.bot.deliver(pg.bot.emit("case_changed", case_id))
    assert {"plan_review", "plan_ending"} <= kinds(pg)


def test_the_stalled_case_reminder_stays_on_its_date(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[11] = "yes"  # absent from regular work
    answer_all(pg, "sam", answers)
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()

    def stalled_due() -> set:
        with pg.bot.db.session() as s:
            return set(s.scalars(select(Nudge.due_at).where(
                Nudge.kind == "stalled_mediation", Nudge.state == "pending")))

    first = stalled_due()
    with pg.bot.db.session() as s:
        case_id = s.scalar(select(Case.id))
    pg.sandbox.clock.advance(timedelta(days=3))
    pg.bot.deliver(pg.bot.emit("case_changed", case_id))
    assert first and stalled_due() == first
    # 90 days (configurable) after the accident on Tuesday, November 24, 2026.
    [due] = first
    assert due.astimezone(NOW.tzinfo).date() == date(2026, 11, 24) + timedelta(days=90)


def test_the_ohsa_notice_is_its_own_reminder(pg) -> None:
    file_case(pg)  # health care beyond first aid: OHSA s.52 written notice within 4 days
    assert "ohsa_notice" in kinds(pg)
    tick(pg)
    notices = [t for t in dm_texts(pg, "sam") if "OHSA s.52" in t]
    assert len(notices) == 1
    assert "joint health and safety committee" in notices[0]
    assert "Form 7" in notices[0]  # says it is separate from Form 7


def test_first_aid_only_needs_no_ohsa_notice(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[10:14] = ["no", "no", "no", "none"]  # first aid only, no time off, no modified work
    answer_all(pg, "sam", answers)
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()
    assert "ohsa_notice" not in kinds(pg)


# --- through the outbox ------------------------------------------------------------------
def outbox_rows(pg) -> list:
    from rtwbot.store.message_models import OutboxRow

    with pg.bot.db.session() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def test_a_two_minute_outage_delays_the_reminder_which_then_arrives_once(pg) -> None:
    from rtwbot.slack.nudge_outbox import nudge_of

    file_case(pg)
    pg.sandbox.fail_for("chat.postMessage", 120, status=503)
    start = pg.clock.now()
    tick(pg)
    assert reminders(pg, "sam") == [] and reminders(pg, "hana") == []
    for _ in range(24):  # four minutes of ticks, every ten seconds
        pg.clock.sleep(10)
        tick(pg)
    assert len(reminders(pg, "sam")) == 1
    assert len(reminders(pg, "hana")) == 1
    rows = [r for r in outbox_rows(pg) if nudge_of(r) is not None]
    with pg.bot.db.session() as s:
        sent = set(s.scalars(select(Nudge.id).where(Nudge.state == "sent")))
    assert sorted(nudge_of(r) for r in rows) == sorted(sent)  # one row per nudge, no more
    assert all(r.status == "sent" and r.sent_at - start >= timedelta(seconds=120) for r in rows)
    assert any(c.status == 503 for c in pg.sandbox.calls("chat.postMessage"))


def test_a_reminder_slack_refuses_for_good_fails_the_nudge_and_alerts_hr(pg) -> None:
    file_case(pg)
    with pg.bot.db.session() as s:
        for nudge in s.scalars(select(Nudge).where(Nudge.recipient_role == "supervisor")):
            nudge.recipient = "C0NOWHERE"  # a channel that does not exist (any more)
    tick(pg)
    with pg.bot.db.session() as s:
        failed = s.scalars(select(Nudge).where(Nudge.state == "failed")).all()
        assert failed and all(n.recipient_role == "supervisor" for n in failed)
        assert all("channel_not_found" in (n.failure_reason or "") for n in failed)
        assert all(n.alerted_at is not None for n in failed)
    alerts = [text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"])]
    assert len([a for a in alerts if "could not be delivered" in a]) == len(failed)
    assert all("RTW-2026-0001" in a and "Slipped" not in a for a in alerts)
    assert not any("outbox #" in a for a in alerts)  # the nudge's alert, not a second one
    pg.sandbox.clock.advance(timedelta(days=2))
    tick(pg)  # a failed nudge does not escalate as if it had been ignored
    with pg.bot.db.session() as s:
        assert s.scalars(select(Nudge).where(Nudge.parent_id.in_([n.id for n in failed]))
                         ).all() == []
