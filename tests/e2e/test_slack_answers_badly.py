"""Slack takes a post, then the answer is lost (a 503 instead of Slack's answer, or the
connection dropped): the reply is posted once. Only the relay tries a post again, after
its check for the earlier post; the Slack client never repeats one by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.conftest import say

pytestmark = pytest.mark.e2e

INTRO = "I'm rtwbot"


@pytest.mark.parametrize("lost", [503, 500, 0], ids=["503", "500", "dropped"])
def test_a_post_slack_took_before_its_answer_was_lost_is_posted_once(pg, lost) -> None:
    sam = pg.users["sam"]
    pg.sandbox.fail_after("chat.postMessage", status=lost)
    say(pg, "sam", "hello")
    intros = [m for m in pg.sandbox.dm_messages(sam) if INTRO in (m.get("text") or "")]
    assert len(intros) == 1  # Slack has it, though the bot did not hear so
    # The relay's own retry, after its back-off: it finds the post by its outbox id.
    pg.sandbox.clock.advance(timedelta(seconds=6))
    pg.bot.tick()
    pg.settle()
    intros = [m for m in pg.sandbox.dm_messages(sam) if INTRO in (m.get("text") or "")]
    assert len(intros) == 1
    assert [c.method for c in pg.sandbox.calls("conversations.history")]  # it looked first
    from rtwbot.store.message_models import OutboxRow

    with pg.bot.db.session() as s:
        assert {r.status for r in s.query(OutboxRow)} == {"sent"}


def test_a_long_rate_limit_on_a_post_holds_no_thread_and_no_other_reply(pg) -> None:
    """Slack answers one conversation's post with 429 + Retry-After: 30. That reply waits
    30 s with its row (no thread sleeps), and another person's reply goes out at once."""
    sam, erin = pg.users["sam"], pg.users["erin"]
    pg.sandbox.fail_next("chat.postMessage", status=429, retry_after=30,
                         match={"channel": pg.sandbox.dm_channel(sam)})
    say(pg, "sam", "hello")  # settles: no listener thread is left waiting
    assert not [m for m in pg.sandbox.dm_messages(sam) if INTRO in (m.get("text") or "")]
    assert INTRO in say(pg, "erin", "hello")
    pg.sandbox.clock.advance(timedelta(seconds=20))
    pg.bot.tick()
    assert not [m for m in pg.sandbox.dm_messages(sam) if INTRO in (m.get("text") or "")]
    pg.sandbox.clock.advance(timedelta(seconds=11))
    pg.bot.tick()
    pg.settle()
    assert [m for m in pg.sandbox.dm_messages(sam) if INTRO in (m.get("text") or "")]
    assert erin  # erin's reply above never waited for sam's
