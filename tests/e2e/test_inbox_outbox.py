"""Issue 11 (durability): the inbox (de-duplication, retries of a failed listener) and the
outbox (a Slack outage delays a reply, never drops it; permanent refusals are reported)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from rtwbot.slack.inbox import SORRY
from rtwbot.store import outbox
from rtwbot.store.message_models import InboxRow, OutboxRow
from rtwbot.store.models import Case
from tests.e2e.conftest import dm_texts, say, text_of
from tests.e2e.test_forms import bot_files, documents, file_report
from tests.e2e.test_intake_modal import all_cases, modal_values, open_modal

pytestmark = pytest.mark.e2e


def run_for(pg, seconds: int, step: int = 10) -> None:
    """Let `seconds` pass on the shared clock, with the bot's periodic work at every step."""
    for _ in range(seconds // step):
        pg.clock.sleep(step)
        pg.bot.recover()
        pg.settle()


def told(pg, who: str) -> list[str]:
    """The first line of every message to `who` (text_of adds the blocks' copy)."""
    return [t.split("\n")[0] for t in dm_texts(pg, who)]


def hr_texts(pg) -> list[str]:
    return [text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"])]


def outbox_rows(pg) -> list[OutboxRow]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))


# --- de-duplication ----------------------------------------------------------------------
def test_the_same_message_under_a_new_event_id_is_answered_once(pg) -> None:
    first = pg.sandbox.dm(pg.users["sam"], "hello")
    pg.settle()
    again = pg.sandbox.resend_as_new(first)
    pg.settle()
    assert again.status == 200 and again.event_id != first.event_id
    assert len(dm_texts(pg, "sam")) == 1


def test_a_redelivered_home_opened_event_publishes_once(pg) -> None:
    first = pg.sandbox.open_home(pg.users["sam"])
    pg.settle()
    pg.sandbox.redeliver(first)
    pg.settle()
    assert len(pg.sandbox.calls("views.publish")) == 1


def test_a_view_submission_delivered_twice_files_one_case(pg) -> None:
    view = open_modal(pg, "command")
    first = pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg))
    pg.settle()
    again = pg.sandbox.redeliver(first)
    pg.settle()
    assert again.status == 200
    assert len(all_cases(pg)) == 1


def test_a_view_submission_delivered_twice_at_once_files_one_case(pg) -> None:
    view = open_modal(pg, "command")
    url = pg.sandbox.request_url
    pg.sandbox.request_url = "http://127.0.0.1:9/unreachable"  # lost on its way: not sent
    lost = pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg))
    pg.sandbox.request_url = url
    barrier = threading.Barrier(2)

    def send() -> None:
        barrier.wait()
        pg.sandbox.redeliver(lost)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pg.settle()
    assert len(all_cases(pg)) == 1


def test_a_button_clicked_twice_is_handled_once(pg) -> None:
    say(pg, "sam", "hello")
    first = pg.sandbox.click(pg.users["sam"], "help_status")
    pg.settle()
    before = len(dm_texts(pg, "sam"))
    pg.sandbox.redeliver(first)
    pg.settle()
    assert len(dm_texts(pg, "sam")) == before


# --- a listener that fails -----------------------------------------------------------------
def failing(pg, times: int) -> list[int]:
    """Make the DM route fail `times` times (then work); returns the failure count so far."""
    real, failures = pg.bot.intake.handle, [0]

    def handle(*args, **kwargs):
        if failures[0] < times:
            failures[0] += 1
            raise RuntimeError("a bug")
        return real(*args, **kwargs)

    pg.bot.intake.handle = handle
    return failures


def test_a_failed_listener_tells_the_person_once_and_slacks_retry_then_succeeds(pg) -> None:
    failures = failing(pg, 2)
    first = pg.sandbox.dm(pg.users["sam"], "hello")
    pg.settle()
    assert told(pg, "sam") == [SORRY]
    pg.sandbox.redeliver(first, retry_num=1)  # fails again: not told twice
    pg.settle()
    assert told(pg, "sam") == [SORRY]
    pg.sandbox.redeliver(first, retry_num=2)
    pg.settle()
    texts = dm_texts(pg, "sam")
    assert failures == [2] and len(texts) == 2 and "I'm rtwbot" in texts[1]
    pg.sandbox.redeliver(first, retry_num=3)  # done: nothing more
    pg.settle()
    assert len(dm_texts(pg, "sam")) == 2


def test_a_listener_that_keeps_failing_is_retried_then_given_up_and_hr_alerted(pg) -> None:
    failing(pg, 100)
    pg.sandbox.dm(pg.users["sam"], "hello")
    pg.settle()
    run_for(pg, 3600, step=300)
    assert told(pg, "sam") == [SORRY]
    with pg.bot.db.session() as s:
        [row] = s.scalars(select(InboxRow)).all()
        assert (row.status, row.attempts, row.error) == ("failed", 4, "RuntimeError")
    [alert] = [t for t in hr_texts(pg) if "inbox #" in t]
    assert "after 4 tries" in alert and "hello" not in alert


def test_a_row_left_pending_by_a_crash_is_taken_up_by_the_tick(pg) -> None:
    """A delivery recorded, its process gone before the listener ran: once the dead
    holder's lease has run out, the tick takes it up."""
    from rtwbot.store import inbox

    sam = pg.users["sam"]
    body = {"type": "event_callback", "event_id": "Ecrash", "team_id": pg.sandbox.team_id,
            "api_app_id": pg.sandbox.app_id,
            "event": {"type": "message", "channel_type": "im", "user": sam, "text": "hello",
                      "channel": pg.sandbox.dm_channel(sam), "ts": "1.000001"}}
    assert inbox.record(pg.bot.db, ["ev:Ecrash"], "event", sam, body, pg.clock.now())
    pg.bot.recover()
    pg.settle()
    assert dm_texts(pg, "sam") == []  # still leased by its (dead) holder
    run_for(pg, 130)
    assert len(dm_texts(pg, "sam")) == 1 and "I'm rtwbot" in dm_texts(pg, "sam")[0]
    run_for(pg, 60)
    assert len(dm_texts(pg, "sam")) == 1


def test_a_listener_still_running_when_its_lease_runs_out_is_not_taken_up_again(pg) -> None:
    """A slow listener (a loaded machine, a slow database) outlives its lease: the tick in
    its own process must not run the same delivery a second time."""
    real, entered, release, calls = pg.bot.intake.handle, threading.Event(), threading.Event(), [0]

    def slow(*args, **kwargs):
        calls[0] += 1
        entered.set()
        assert release.wait(10)
        return real(*args, **kwargs)

    pg.bot.intake.handle = slow
    pg.sandbox.dm(pg.users["sam"], "hello")
    assert entered.wait(10)
    pg.clock.sleep(3600)  # far past any lease
    pg.bot.recover()
    release.set()
    pg.settle()
    pg.bot.recover()
    pg.settle()
    assert calls == [1]
    assert len(dm_texts(pg, "sam")) == 1


def test_a_slow_follow_up_is_not_run_again_when_its_lease_runs_out(pg) -> None:
    """A message's follow-up (filling the forms, say) outlives the row's lease on a loaded
    machine: the tick in the same process must not run it a second time."""
    entered, release, calls = threading.Event(), threading.Event(), [0]

    def slow(case_id: int) -> list:
        calls[0] += 1
        entered.set()
        assert release.wait(10)
        return []

    pg.bot.on("slow_event", slow)
    from rtwbot.workflow.outbox import Say

    sender = threading.Thread(target=pg.bot.deliver, args=([Say(
        text="hello", to_user=pg.users["sam"], events=(("slow_event", 1),))],))
    sender.start()
    assert entered.wait(10)
    pg.clock.sleep(3600)  # far past any lease
    pg.bot.recover()
    release.set()
    sender.join(10)
    pg.bot.recover()
    pg.settle()
    assert calls == [1]


# --- the outbox -------------------------------------------------------------------------------
def test_a_two_minute_outage_of_chat_post_message_delays_the_reply_once(pg) -> None:
    pg.sandbox.fail_for("chat.postMessage", 120, status=503)
    start = pg.clock.now()
    delivery = pg.sandbox.dm(pg.users["sam"], "hello")
    pg.settle()
    assert delivery.status == 200 and dm_texts(pg, "sam") == []
    [row] = outbox_rows(pg)
    assert row.status == "pending" and row.error == "HTTP 503"
    run_for(pg, 240)
    texts = dm_texts(pg, "sam")
    assert len(texts) == 1 and "I'm rtwbot" in texts[0]
    [row] = outbox_rows(pg)
    assert row.status == "sent" and row.slack_ts and row.sent_at - start >= timedelta(seconds=120)
    assert [c.status for c in pg.sandbox.calls("chat.postMessage")][-1] == 200
    assert all(c.status == 503 for c in pg.sandbox.calls("chat.postMessage")[:-1])


@pytest.mark.parametrize("method", ["files.getUploadURLExternal",
                                    "files.completeUploadExternal"])
def test_a_two_minute_outage_of_file_uploads_delays_the_forms_once(pg, method) -> None:
    pg.sandbox.fail_for(method, 120, status=503)
    case = file_report(pg)
    assert [d.slack_file_id for d in documents(pg)] == [None] * 5
    run_for(pg, 300)
    docs = documents(pg)
    assert len(docs) == 5 and all(d.slack_file_id for d in docs)
    shared = [f for f in bot_files(pg).values() if f.get("ims")]
    assert len(shared) == 5  # each form (and HR's worksheet) once, no copy twice
    texts = "\n".join(dm_texts(pg, "erin"))
    assert texts.count("Return to Work Information* and *Functional Abilities") == 1
    with pg.bot.db.session() as s:
        assert s.get(Case, case.id).stage == "awaiting_functional_info"


def test_a_permanent_refusal_fails_the_row_alerts_hr_and_can_be_retried(pg) -> None:
    from rtwbot.workflow.outbox import Say

    pg.bot.deliver([Say(text="to nowhere", channel="C0NOWHERE")])
    pg.settle()
    failed = [r for r in outbox_rows(pg) if r.status == "failed"]
    assert [(r.error, r.payload["channel"]) for r in failed] == [
        ("channel_not_found", "C0NOWHERE")]
    [alert] = [t for t in hr_texts(pg) if "outbox #" in t]
    assert f"rtwbot outbox retry {failed[0].id}" in alert and "to nowhere" not in alert
    assert "<#C0NOWHERE>" in alert  # a channel id is shown as Slack's channel mention
    assert outbox.health(pg.bot.db, pg.clock.now())["outbox_failed"] == 1
    assert outbox.retry(pg.bot.db, failed[0].id, pg.clock.now())
    assert [r["id"] for r in outbox.list_rows(pg.bot.db, failed=True)] == []


def test_a_modal_recovered_after_its_trigger_expired_becomes_a_button_that_opens_it(pg) -> None:
    from rtwbot.store import inbox

    sam = pg.users["sam"]
    url, pg.sandbox.request_url = pg.sandbox.request_url, "http://127.0.0.1:9/lost"
    lost = pg.sandbox.command(sam, "/rtw", "report")  # recorded, then the process died
    pg.sandbox.request_url = url
    row_id = inbox.record(pg.bot.db, [f"cmd:{lost.payload['trigger_id']}"], "command", sam,
                          dict(lost.payload), pg.clock.now())
    assert row_id
    run_for(pg, 130)  # the lease runs out long after the trigger's 3 seconds
    assert pg.sandbox.views(sam) == []
    [offer] = told(pg, "sam")
    assert "open that form in time" in offer
    pg.sandbox.click(sam, "inbox_reopen")
    pg.settle()
    [view] = pg.sandbox.views(sam)
    assert view["title"]["text"] == "Report an injury"
    with pg.bot.db.session() as s:
        assert s.get(InboxRow, row_id).status == "done"


def test_socket_mode_deliveries_go_through_the_same_inbox(pg) -> None:
    from slack_bolt.request import BoltRequest

    sam = pg.users["sam"]
    lost_url, pg.sandbox.request_url = pg.sandbox.request_url, "http://127.0.0.1:9/socket"
    envelope = pg.sandbox.dm(sam, "hello").payload  # what Socket Mode would carry
    pg.sandbox.request_url = lost_url
    for _ in range(2):  # Socket Mode redelivers too
        pg.bot.app.dispatch(BoltRequest(body=dict(envelope), mode="socket_mode"))
        pg.settle()
    assert len(dm_texts(pg, "sam")) == 1
    with pg.bot.db.session() as s:
        [row] = s.scalars(select(InboxRow)).all()
        assert (row.key, row.status) == (f"ev:{envelope['event_id']}", "done")


def test_done_rows_keep_no_text_and_sent_rows_no_message_or_file(pg) -> None:
    from tests.e2e.test_forms import file_report

    file_report(pg)
    with pg.bot.db.session() as s:
        inbox_rows = s.scalars(select(InboxRow)).all()
        out = s.scalars(select(OutboxRow)).all()
    assert inbox_rows and all(r.status == "done" and r.body == {} for r in inbox_rows)
    assert {r.kind for r in out} == {"say", "upload", "home"}
    assert all(r.status == "sent" and set(r.payload) <= {"to_user", "channel", "user_id"}
               for r in out)
