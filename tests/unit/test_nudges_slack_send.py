"""The Slack side of the nudges: roles to people, buttons, and which errors are final."""

from __future__ import annotations

import urllib.error
from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from rtwbot.directory import BargainingUnit, Channels, Directory, Division
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.delivery import Delivery, PermanentSendError, TransientSendError
from rtwbot.slack import render
from rtwbot.slack.nudge_outbox import OutboxNudges
from rtwbot.slack.nudge_send import (
    ACTION_DAY8_NO,
    ACTION_DAY8_YES,
    ACTION_DONE,
    ACTION_OPEN,
    ACTION_SNOOZE,
    NudgeRecipients,
    Target,
    nudge_say,
)
from rtwbot.workflow.outbox import Button

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


class FakeClient:
    def __init__(self, users_info_fails: Exception | None = None):
        self.lookups = []
        self.users_info_fails = users_info_fails

    def users_lookupByEmail(self, email):  # noqa: N802 - slack_sdk's name
        self.lookups.append(email)
        if email.startswith("gone"):
            raise slack_error("users_not_found")
        return {"ok": True, "user": {"id": "U_FROM_EMAIL"}}

    def users_info(self, user):
        if self.users_info_fails:
            raise self.users_info_fails
        return {"ok": True, "user": {"id": user, "deleted": user.startswith("U_GONE")}}


def adapter(client=None, directory=DIRECTORY) -> NudgeRecipients:
    return NudgeRecipients(client or FakeClient(), directory)


def compose(delivery: Delivery, client=None) -> list:
    """What the dispatcher's `post` makes of a delivery (no database needed to compose)."""
    post = OutboxNudges(None, None, client or FakeClient(), DIRECTORY)  # type: ignore[arg-type]
    return post.compose(delivery)


# --- the message --------------------------------------------------------------------------
def test_the_message_has_done_snooze_and_open_case_buttons_carrying_the_nudge_id():
    say = nudge_say(delivery(), Target(user="U_SUP"))
    assert [(b.action_id, b.value) for b in say.buttons] == [
        (ACTION_DONE, "42"),
        (ACTION_SNOOZE, "42"),
        (ACTION_OPEN, "42"),
    ]
    assert say.to_user == "U_SUP"
    # HR's copy of a Form 7 reminder also records it sent (issue 18: only HR may).
    hr = nudge_say(delivery(recipient_role=c.HR), Target(user="U_HR"))
    assert hr.buttons[-1] == Button("Record Form 7 sent", "form7_record_open", "RTW-2026-0001")
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


# --- composing and errors ---------------------------------------------------------------
def test_composing_addresses_the_message_to_the_recipient():
    [say] = compose(delivery())
    assert say.to_user == "U_SUP" and say.text.startswith("*Reminder* — RTW-2026-0001")


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
        compose(delivery(), FakeClient(users_info_fails=slack_error(error)))


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
        compose(delivery(), FakeClient(users_info_fails=exc))


def test_a_deactivated_recipient_is_a_permanent_failure_not_a_silent_post():
    with pytest.raises(PermanentSendError, match="deactivated"):
        compose(delivery(recipient="U_GONE1"))
