"""Every button is idempotent: pressed twice (the second press a new delivery, from the copy
the person's screen still shows), it acts once and says its answer once. A signed payload
that no listener matches is done at once, with a log line, and never taken up again."""

from __future__ import annotations

import copy
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.imwt_models import ImwtThread
from rtwbot.store.message_models import InboxRow
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import dm_texts, text_of
from tests.e2e.test_nudges import file_case as file_plain_case
from tests.e2e.test_nudges import form7_message
from tests.e2e.test_privacy_consent import file_case

pytestmark = pytest.mark.e2e


def channel_texts(pg, channel: str) -> list[str]:
    return [text_of(m) for m in pg.sandbox.messages() if m["channel"] == channel]


def test_the_employees_union_yes_clicked_twice_thanks_once_and_announces_once(pg) -> None:
    file_case(pg, "Slipped on a wet floor")
    before = {w: len(dm_texts(pg, w)) for w in ("erin", "hana", "sam")}
    everywhere = len(pg.sandbox.messages())
    first = pg.sandbox.click(pg.users["erin"], "imwt_union_yes")
    pg.settle()
    once = {w: dm_texts(pg, w)[before[w]:] for w in before}
    said_once = [text_of(m) for m in pg.sandbox.messages()[everywhere:]]
    again = pg.sandbox.click_again(first)
    pg.settle()
    assert first.status == again.status == 200
    assert {w: dm_texts(pg, w)[before[w]:] for w in before} == once
    # Nothing new anywhere but, at most, a note to Erin alone that it was already recorded.
    said_twice = [text_of(m) for m in pg.sandbox.messages()[everywhere:]]
    assert said_twice == said_once
    assert any("thank" in t.lower() for t in once["erin"])
    with pg.bot.db.session() as s:
        [thread] = s.scalars(select(ImwtThread))
        assert thread.union_authorized == "yes"


def test_done_on_a_reminder_pressed_twice_acts_once(pg) -> None:
    file_plain_case(pg)
    pg.bot.tick()
    pg.settle()
    first = pg.sandbox.click(pg.users["sam"], "nudge_done", message=form7_message(pg, "sam"))
    pg.settle()
    seen = {w: dm_texts(pg, w) for w in ("sam", "hana", "erin")}
    again = pg.sandbox.click_again(first)
    pg.settle()
    assert first.status == again.status == 200
    after = {w: dm_texts(pg, w) for w in seen}
    # Edited once, followed up once: the second press changes nothing, and tells the presser
    # only that it was done already.
    assert {w: t for w, t in after.items() if w != "sam"} == \
        {w: t for w, t in seen.items() if w != "sam"}
    assert after["sam"][:len(seen["sam"])] == seen["sam"]
    assert all(t.startswith("Already acknowledged by") for t in after["sam"][len(seen["sam"]):])
    with pg.bot.db.session() as s:
        assert len(s.scalars(select(Nudge).where(Nudge.state == "acknowledged")).all()) == 1


def test_a_signed_payload_no_listener_matches_is_done_with_a_log_line(pg, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="rtwbot.slack.inbox")
    file_plain_case(pg)
    pg.bot.tick()
    pg.settle()
    pressed = pg.sandbox.click(pg.users["sam"], "nudge_open", message=form7_message(pg, "sam"))
    pg.settle()
    payload = copy.deepcopy(pressed.payload)
    for action in payload["actions"]:
        action["action_id"], action["action_ts"] = "no_such_button", "1796650000.000001"
    stranger = pg.sandbox._deliver("interactivity", payload)  # signed, as Slack sends it
    pg.settle()
    assert stranger.status == 200
    assert "No listener matches a block_actions" in caplog.text
    with pg.bot.db.session() as s:
        pending = s.scalars(select(InboxRow).where(InboxRow.status != "done")).all()
    assert pending == []
    pg.sandbox.clock.advance(timedelta(minutes=5))  # nothing is taken up again
    caplog.clear()
    pg.bot.tick()
    pg.settle()
    assert "Taking up inbox" not in caplog.text
