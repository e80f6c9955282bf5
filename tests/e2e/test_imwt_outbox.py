"""Issue 11 for the IMWT thread: its parent message, its pin and the team's invitation are
outbox rows written with the claim on the thread, so a Slack outage delays them and never
drops them, and nobody is invited or posted twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from rtwbot.store.imwt_models import ImwtThread
from rtwbot.store.message_models import OutboxRow
from rtwbot.workflow.imwt import case_for_thread
from tests.e2e.conftest import text_of
from tests.e2e.test_imwt import imwt, record_functional_info, seed_case
from tests.e2e.test_inbox_outbox import run_for

pytestmark = pytest.mark.e2e

WELCOME = "Team, this is the thread for"


def parents(pg) -> list[dict]:
    """The bot's top-level messages in the case's channel."""
    return [m for m in pg.sandbox.messages(imwt(pg)) if m.get("thread_ts") in (None, m["ts"])
            and m.get("user") == pg.sandbox.bot_user_id]


def invited(pg) -> list[str]:
    """Everyone an invitation brought in (Slack said ok), once per time."""
    return [u for c in pg.sandbox.calls("conversations.invite") if c.ok
            for u in c.args["users"].split(",")]


def members(pg) -> set[str]:
    return set(pg.bot.client.conversations_members(channel=imwt(pg))["members"])


@pytest.mark.parametrize("down", [("conversations.invite",),
                                  ("conversations.invite", "chat.postMessage")])
def test_a_two_minute_outage_delays_the_thread_and_its_invitation_and_repeats_neither(
        pg, down) -> None:
    case_id = seed_case(pg)
    record_functional_info(pg, case_id)
    for method in down:
        pg.sandbox.fail_for(method, 120, status=503)
    start = pg.clock.now()
    delivery = pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    assert delivery.status == 200
    pg.settle()
    posts_down = "chat.postMessage" in down
    assert invited(pg) == [] and len(parents(pg)) == (0 if posts_down else 1)
    with pg.bot.db.session() as s:
        waiting = s.scalars(select(OutboxRow).where(OutboxRow.status == "pending")).all()
    assert "invite" in {r.kind for r in waiting}  # kept, to be tried again

    run_for(pg, 300)
    # The team before the employee's answer on the union: the union is not brought in.
    team = {pg.users[w] for w in ("sam", "hana")}
    assert sorted(invited(pg)) == sorted(team)  # each once
    assert team <= members(pg) and pg.users["erin"] not in members(pg)
    [top] = parents(pg)
    assert "RTW-2026-0001" in text_of(top)
    assert pg.sandbox.channel(imwt(pg))["pins"]  # the parent, pinned
    replies = [m for m in pg.sandbox.messages(imwt(pg), thread_ts=top["ts"])
               if WELCOME in text_of(m)]
    assert len(replies) == 1 and replies[0]["thread_ts"] == top["ts"]
    if posts_down:
        assert float(top["ts"]) >= (start + timedelta(seconds=120)).timestamp()
    with pg.bot.db.session() as s:  # the thread is known by its Slack ts: replies find it
        thread = s.scalar(select(ImwtThread).where(ImwtThread.case_id == case_id))
        assert thread.ts == top["ts"]
        assert case_for_thread(s, imwt(pg), top["ts"]).id == case_id
        assert not s.scalars(select(OutboxRow).where(OutboxRow.status != "sent")).all()

    run_for(pg, 60)  # nothing more comes
    assert len(parents(pg)) == 1 and sorted(invited(pg)) == sorted(team)


def test_a_member_slack_will_not_admit_fails_the_invitation_with_the_reason_and_alerts_hr(
        pg) -> None:
    case_id = seed_case(pg)
    record_functional_info(pg, case_id)
    pg.sandbox.fail_next("conversations.invite", status=200, error="cant_invite", count=3)
    pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    pg.settle()
    with pg.bot.db.session() as s:
        [failed] = s.scalars(select(OutboxRow).where(OutboxRow.status == "failed")).all()
        assert failed.kind == "invite" and "cant_invite" in failed.error
        assert pg.users["sam"] in failed.error
    hr = [text_of(m) for m in pg.sandbox.messages(pg.channels["rtw-hr"])]
    assert any(f"rtwbot outbox retry {failed.id}" in t for t in hr)
    # The thread itself goes on: the welcome after the invitation is posted.
    [top] = parents(pg)
    assert any(WELCOME in text_of(m) for m in pg.sandbox.messages(imwt(pg), thread_ts=top["ts"]))


def test_a_parent_slack_refuses_fails_what_waits_on_it_and_no_placeholder_reaches_slack(
        pg) -> None:
    case_id = seed_case(pg)
    record_functional_info(pg, case_id)
    pg.sandbox.fail_next("chat.postMessage", status=200, error="channel_not_found")
    pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    pg.settle()
    run_for(pg, 60)
    with pg.bot.db.session() as s:
        rows = s.scalars(select(OutboxRow).order_by(OutboxRow.id)).all()
    parent_row = rows[0]
    assert (parent_row.kind, parent_row.status, parent_row.error) == (
        "say", "failed", "channel_not_found")
    waiting = [r for r in rows if r.conversation == parent_row.conversation
               and r.kind in ("pin", "say") and r.id != parent_row.id]
    assert waiting and all(r.status == "failed" and r.error ==
                           f"outbox #{parent_row.id} was not posted" for r in waiting)
    assert parents(pg) == []
    named = [c.args.get("thread_ts") or c.args.get("timestamp") or ""
             for c in pg.sandbox.calls() if c.method in ("chat.postMessage", "pins.add")]
    assert not [ts for ts in named if str(ts).startswith("outbox:")]


def test_a_case_channel_slack_cannot_make_in_an_outage_is_made_once_it_answers(pg) -> None:
    """conversations.create answers 503 for two minutes: neither HR's `/rtw team` nor the
    functional information's follow-up gives up; the thread opens once Slack answers."""
    from rtwbot.workflow.outbox import Say
    from tests.e2e.conftest import dm_texts

    case_id = seed_case(pg)
    record_functional_info(pg, case_id)
    pg.sandbox.fail_for("conversations.create", 120, status=503)
    pg.sandbox.command(pg.users["hana"], "/rtw", "team RTW-2026-0001")
    pg.settle()
    told = "\n".join(dm_texts(pg, "hana"))
    assert "Slack is not answering right now" in told and "I am not in" not in told
    pg.bot.deliver([Say(text="Recorded.", to_user=pg.users["erin"],
                        events=(("functional_info_recorded", case_id),))])
    pg.settle()
    assert not [c for c in pg.sandbox.calls("conversations.create") if c.ok]

    run_for(pg, 300)
    assert len([c for c in pg.sandbox.calls("conversations.create") if c.ok]) == 1
    [top] = parents(pg)
    assert "RTW-2026-0001" in text_of(top)
    assert sorted(invited(pg)) == sorted(pg.users[w] for w in ("sam", "hana"))
    assert "I am not in" not in "\n".join(dm_texts(pg, "hana"))
    run_for(pg, 120)  # nothing more: the retries stopped once it opened
    assert len(parents(pg)) == 1
    with pg.bot.db.session() as s:
        assert not s.scalars(select(OutboxRow).where(OutboxRow.status != "sent")).all()
