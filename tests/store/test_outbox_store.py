"""The outbox's rows: order per conversation, leases, back-off, and the operator's commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from rtwbot.cli import main
from rtwbot.store import outbox
from rtwbot.store.db import Database

pytestmark = pytest.mark.store

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


def add(db: Database, to: str, text: str = "x") -> int:
    with db.session() as s:
        return outbox.add(s, "say", {"to_user": to, "text": text}, NOW).id


def test_only_the_first_row_of_a_conversation_is_due_and_a_lease_is_held_once(db) -> None:
    a1, a2, b1 = add(db, "UA"), add(db, "UA"), add(db, "UB")
    assert outbox.due_heads(db, NOW) == [a1, b1]
    assert outbox.lease(db, a1, NOW) is not None
    assert outbox.lease(db, a1, NOW) is None  # held
    assert outbox.due_heads(db, NOW) == [b1]  # UA waits for a1: in order
    later = NOW + timedelta(seconds=outbox.lease_seconds() + 1)
    assert outbox.lease(db, a1, later) is not None  # a dead holder's lease ran out
    with db.session() as s:
        outbox.mark_sent(s, a1, later, channel="D1", ts="1.0")
    assert outbox.due_heads(db, later) == [a2, b1]


def test_a_retry_backs_off_more_each_time_and_never_gives_up(db) -> None:
    row = add(db, "UA")
    when = NOW
    delays = []
    for _ in range(8):
        leased = outbox.lease(db, row, when)
        assert leased is not None
        outbox.mark_retry(db, row, when, "HTTP 503")
        assert outbox.due_heads(db, when) == []
        delay = outbox.backoff(leased.attempts)
        delays.append(delay.total_seconds())
        when += delay
        assert outbox.due_heads(db, when) == [row]
    assert delays == [5, 10, 20, 40, 80, 160, 300, 300]


def test_health_reports_lag_and_failures(db) -> None:
    add(db, "UA")
    failed = add(db, "UB")
    outbox.mark_failed(db, failed, "channel_not_found")
    assert outbox.health(db, NOW + timedelta(seconds=90)) == {
        "outbox_pending": 1, "outbox_failed": 1, "outbox_lag_seconds": 90.0}


def test_operators_list_failed_rows_and_put_one_back(db, database_url: str) -> None:
    add(db, "UA", text="Diagnosis: private")
    failed = add(db, "UB")
    outbox.mark_failed(db, failed, "channel_not_found")
    env = {"RTWBOT_DATABASE_URL": database_url}
    listed = CliRunner().invoke(main, ["outbox", "list", "--failed"], env=env)
    assert listed.exit_code == 0, listed.output
    assert f"#{failed}" in listed.output and "channel_not_found" in listed.output
    assert "#1 " not in listed.output and "Diagnosis" not in listed.output
    retried = CliRunner().invoke(main, ["outbox", "retry", str(failed)], env=env)
    assert retried.exit_code == 0 and "back in line" in retried.output
    assert outbox.list_rows(db, failed=True) == []
    again = CliRunner().invoke(main, ["outbox", "retry", str(failed)], env=env)
    assert again.exit_code == 1 and "no failed outbox row" in again.output


def test_an_inbox_row_is_recorded_once_and_leased_to_one_holder_at_a_time(db) -> None:
    from rtwbot.store import inbox

    body = {"type": "event_callback", "event_id": "E1"}
    row = inbox.record(db, ["ev:E1", "msg:D1:1.0"], "event", "U1", body, NOW)
    assert row is not None
    assert inbox.record(db, ["ev:E2", "msg:D1:1.0"], "event", "U1", body, NOW) is None
    assert inbox.due(db, NOW) == []  # its receiver holds it
    later = NOW + timedelta(seconds=outbox.lease_seconds() + 1)
    assert inbox.due(db, later) == [row]
    assert inbox.lease(db, row, later) == body
    assert inbox.lease(db, row, later) is None  # a second process gets nothing
    inbox.done(db, row, later)
    assert inbox.lease(db, row, later + timedelta(hours=1)) is None


def test_a_holder_that_renews_keeps_its_rows_past_the_first_lease(db) -> None:
    from rtwbot.store import inbox

    row = add(db, "UA")
    assert outbox.lease(db, row, NOW) is not None
    in_row = inbox.record(db, ["ev:renew"], "event", "UA", {"x": 1}, NOW)
    half = NOW + timedelta(seconds=outbox.lease_seconds() / 2)
    outbox.renew(db, {row}, half)
    inbox.renew(db, {in_row}, half)
    past_first = NOW + timedelta(seconds=outbox.lease_seconds() + 1)
    assert outbox.lease(db, row, past_first) is None  # still held: renewed
    assert inbox.due(db, past_first) == []
    past_renewed = half + timedelta(seconds=outbox.lease_seconds() + 1)
    assert outbox.lease(db, row, past_renewed) is not None
    assert inbox.due(db, past_renewed) == [in_row]
