"""The Slack adapter of the nudges: roles to people, buttons, and which errors are final."""

from __future__ import annotations

import urllib.error
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from rtwbot.directory import BargainingUnit, Channels, Directory, Division
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.dispatcher import Delivery, PermanentSendError, SentRef, TransientSendError
from rtwbot.slack import render
from rtwbot.slack.nudge_send import (
    ACTION_DAY8_NO,
    ACTION_DAY8_YES,
    ACTION_DONE,
    ACTION_OPEN,
    ACTION_SNOOZE,
    SlackNudgeSender,
    Target,
    nudge_say,
)

NOW = datetime(2026, 1, 12, 14, tzinfo=UTC)
DIRECTORY = Directory(
    channels=Channels(hr="C_HR"),
    hr=("hana.hr@example.org",),
    bargaining_units=(BargainingUnit(name="CUPE 79", union_reps=("U_UNION",)),),
    divisions=(
        Division(name="Parks", hr_reps=("U_HR",), bargaining_unit="CUPE 79"),
        Division(name="Roads"),
    ),
)


def delivery(**kw) -> Delivery:
    values = dict(
        nudge_id=42,
        idempotency_key="RTW-2026-0001:form7:x",
        case_id=1,
        case_reference="RTW-2026-0001",
        kind=c.FORM7_DUE,
        recipient_role=c.SUPERVISOR,
        recipient=None,
        message="File Form 7 (OPM 15-01-02).",
        basis="OPM 15-01-02",
        due_at=NOW,
        deliver_after=NOW,
        escalation_level=0,
        supervisor_id="U_SUP",
        employee_user_id="U_EMP",
        division="Parks",
        reclaimed=False,
    )
    values.update(kw)
    return Delivery(**values)


def slack_error(error: str, status: int = 200) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://x/api/m",
        req_args={},
        data={"ok": False, "error": error},
        headers={},
        status_code=status,
    )
    return SlackApiError(f"The request failed: {error}", response)


class FakeSender:
    def __init__(self, fail: Exception | None = None):
        self.sent = []
        self.fail = fail

    def send(self, say):
        if self.fail:
            raise self.fail
        self.sent.append(say)
        return {"ok": True, "channel": "D_DM", "ts": "1700000000.000100"}

    def dm_channel(self, user):
        return f"D_{user}"


class FakeClient:
    def __init__(self, history=None):
        self.history = history or []
        self.lookups = []

    def users_lookupByEmail(self, email):  # noqa: N802 - slack_sdk's name
        self.lookups.append(email)
        if email.startswith("gone"):
            raise slack_error("users_not_found")
        return {"ok": True, "user": {"id": "U_FROM_EMAIL"}}

    def users_info(self, user):
        return {"ok": True, "user": {"id": user, "deleted": user.startswith("U_GONE")}}

    def conversations_history(self, channel, oldest, limit):
        self.asked = SimpleNamespace(channel=channel, oldest=oldest)
        return {"ok": True, "messages": self.history}


def adapter(sender=None, client=None, directory=DIRECTORY) -> SlackNudgeSender:
    return SlackNudgeSender(sender or FakeSender(), client or FakeClient(), directory)


# --- the message --------------------------------------------------------------------------
def test_the_message_has_done_snooze_and_open_case_buttons_carrying_the_nudge_id():
    say = nudge_say(delivery(), Target(user="U_SUP"))
    assert [(b.action_id, b.value) for b in say.buttons] == [
        (ACTION_DONE, "42"),
        (ACTION_SNOOZE, "42"),
        (ACTION_OPEN, "42"),
        ("form7_record_open", "RTW-2026-0001"),  # a Form 7 reminder: record its receipt
    ]
    assert say.to_user == "U_SUP"
    assert say.text.startswith("*Reminder* — RTW-2026-0001\n") and "OPM 15-01-02" in say.text
    assert render.say_blocks(say)  # within Slack's limits (slack_sdk checks)


def test_the_day8_question_has_yes_and_no_buttons():
    say = nudge_say(delivery(kind=c.DAY8_QUESTION), Target(user="U_SUP"))
    assert [b.action_id for b in say.buttons][:2] == [ACTION_DAY8_YES, ACTION_DAY8_NO]


def test_an_escalation_says_so():
    say = nudge_say(delivery(escalation_level=1), Target(channel="C_HR"))
    assert say.text.startswith("*Reminder, escalated*") and say.channel == "C_HR"


# --- who --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "target"),
    [
        ({}, Target(user="U_SUP")),
        ({"recipient_role": c.EMPLOYEE}, Target(user="U_EMP")),
        ({"recipient_role": c.HR}, Target(user="U_HR")),  # the division's HR
        ({"recipient_role": c.HR, "division": "Roads"}, Target(user="U_FROM_EMAIL")),
        ({"recipient_role": c.UNION}, Target(user="U_UNION")),
        ({"recipient": "C_SOMEWHERE"}, Target(channel="C_SOMEWHERE")),
        ({"recipient": "U_SOMEONE"}, Target(user="U_SOMEONE")),
    ],
)
def test_roles_resolve_to_people(changes, target):
    assert adapter().resolve(delivery(**changes)) == target


def test_hr_falls_back_to_the_hr_channel():
    bare = Directory(channels=Channels(hr="C_HR"))
    assert adapter(directory=bare).resolve(delivery(recipient_role=c.HR)) == Target(channel="C_HR")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"recipient_role": c.EMPLOYEE, "employee_user_id": None}, "no Slack account"),
        ({"recipient_role": c.UNION, "division": "Roads"}, "no union representative"),
    ],
)
def test_nobody_to_send_to_is_a_permanent_failure(changes, reason):
    with pytest.raises(PermanentSendError, match=reason):
        adapter().resolve(delivery(**changes))


def test_an_email_nobody_has_is_permanent():
    directory = Directory(hr=("gone@example.org",))
    with pytest.raises(PermanentSendError, match="users_not_found"):
        adapter(directory=directory).resolve(delivery(recipient_role=c.HR, division="Roads"))


def test_email_lookups_are_cached():
    client = FakeClient()
    a = adapter(client=client)
    for _ in range(3):
        a.resolve(delivery(recipient_role=c.HR, division="Roads"))
    assert client.lookups == ["hana.hr@example.org"]


# --- sending and errors -------------------------------------------------------------------
def test_a_post_returns_its_channel_and_ts():
    sender = FakeSender()
    assert adapter(sender).send(delivery()) == SentRef("D_DM", "1700000000.000100")
    assert sender.sent[0].to_user == "U_SUP"


@pytest.mark.parametrize(
    "error",
    [
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
    ],
)
def test_gone_people_and_channels_are_permanent(error):
    with pytest.raises(PermanentSendError, match=error):
        adapter(FakeSender(slack_error(error))).send(delivery())


@pytest.mark.parametrize(
    "exc",
    [
        slack_error("internal_error", 503),
        slack_error("ratelimited", 429),
        urllib.error.URLError("timed out"),
        TimeoutError("read timed out"),
    ],
)
def test_server_errors_and_timeouts_are_transient(exc):
    with pytest.raises(TransientSendError):
        adapter(FakeSender(exc)).send(delivery())


# --- recovering a post made before a crash ------------------------------------------------
def message_with_button(value: str, ts: str) -> dict:
    return {
        "ts": ts,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "x"}},
            {
                "type": "actions",
                "elements": [{"type": "button", "action_id": ACTION_DONE, "value": value}],
            },
        ],
    }


def test_recover_finds_the_earlier_post_of_this_nudge():
    client = FakeClient([message_with_button("7", "1.1"), message_with_button("42", "1.2")])
    assert adapter(client=client).recover(delivery()) == SentRef("D_U_SUP", "1.2")
    assert client.asked.channel == "D_U_SUP"
    assert float(client.asked.oldest) == NOW.timestamp()


def test_recover_finds_nothing_when_it_was_not_posted():
    client = FakeClient([message_with_button("7", "1.1"), {"ts": "1.3", "text": "hi"}])
    assert adapter(client=client).recover(delivery()) is None


def test_alerts_go_to_the_hr_channel():
    sender = FakeSender()
    adapter(sender).alert("RTW-2026-0001 failed")
    assert sender.sent[0].channel == "C_HR" and "RTW-2026-0001" in sender.sent[0].text


def test_a_deactivated_recipient_is_a_permanent_failure_not_a_silent_post():
    sender = FakeSender()
    with pytest.raises(PermanentSendError, match="deactivated"):
        adapter(sender=sender)(delivery(recipient="U_GONE1"))
    assert sender.sent == []
