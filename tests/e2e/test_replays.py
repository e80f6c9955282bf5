"""Replays after a failure or a lease that ran out: what must run again runs again, and
what this process is still running is not run a second time."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.message_models import OutboxRow
from rtwbot.workflow.functional_info import FunctionalInfoWorkflow
from tests.e2e.conftest import dm_texts
from tests.e2e.test_forms import completed, fa_sent_to, file_report, upload
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

READ_BACK = "Is this what the form says?"
INTRO = "I'm rtwbot"


def test_an_upload_whose_reading_failed_is_read_when_the_inbox_tries_again(
        pg, monkeypatch) -> None:
    """The file's claim ("file:<id>") is released when its listener fails, so the inbox's
    retry of the delivery reads it; it is not lost as "already handled"."""
    file_report(pg)
    real, calls = FunctionalInfoWorkflow.on_upload, []

    def fails_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the disk was full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FunctionalInfoWorkflow, "on_upload", fails_once)
    said = upload(pg, "erin", completed(fa_sent_to(pg, "erin")))
    assert READ_BACK not in said
    pg.sandbox.clock.advance(timedelta(seconds=11))  # the inbox's first back-off
    pg.bot.tick()
    pg.settle()
    assert len(calls) == 2
    assert sum(READ_BACK in t for t in dm_texts(pg, "erin")) == 1


def test_the_tick_does_not_replay_a_delivery_this_process_is_still_running(
        pg, caplog) -> None:
    """A listener slower than its lease (Slack answers a lookup slowly): the periodic tick
    sees the lease run out, but the row is this process's own, still running."""
    caplog.set_level(logging.INFO, logger="rtwbot.slack.inbox")
    pg.sandbox.slow_next("users.lookupByEmail", 1.5)
    assert pg.sandbox.dm(pg.users["sam"], "hello").status == 200  # its listener is running
    pg.sandbox.clock.advance(timedelta(minutes=10))  # far past its lease
    pg.bot.tick()
    pg.settle()
    assert sum(INTRO in t for t in dm_texts(pg, "sam")) == 1
    assert "Taking up inbox" not in caplog.text


def test_the_tick_does_not_perform_again_an_upload_this_process_is_still_performing(
        pg) -> None:
    """A form upload slower than its lease: the tick leaves it to the thread performing it;
    each form is completed once."""
    pg.sandbox.slow_next("files.getUploadURLExternal", 8)
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    pg.sandbox.click(pg.users["sam"], "intake_confirm")  # the forms start going out

    def uploading() -> bool:
        with pg.bot.db.session() as s:
            return s.scalar(select(OutboxRow.id).where(
                OutboxRow.kind == "upload", OutboxRow.status == "pending",
                OutboxRow.lease_until.is_not(None))) is not None

    deadline = time.monotonic() + 30
    while not uploading():  # in this process: its own thread, the database shows it
        assert time.monotonic() < deadline, "no upload started"
        threading.Event().wait(0.02)
    pg.sandbox.clock.advance(timedelta(minutes=10))  # far past the upload's lease
    pg.bot.tick()
    pg.settle()
    completes = [c for c in pg.sandbox.calls("files.completeUploadExternal") if c.ok]
    with pg.bot.db.session() as s:
        uploads = s.scalars(select(OutboxRow.status).where(OutboxRow.kind == "upload")).all()
    assert uploads and set(uploads) == {"sent"}
    assert len(completes) == len(uploads)  # each form completed once, none uploaded twice
