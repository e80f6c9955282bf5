"""The Slack side of a nudge: who a role is, the message with its buttons, and which Slack
errors are worth retrying.

`NudgeRecipients` resolves recipients and checks accounts for `slack.nudge_outbox`, which
writes the message to the outbox; the relay posts it. Everything Slack-specific stays here;
the dispatcher only knows `PermanentSendError` and `TransientSendError`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rtwbot.directory import Directory
from rtwbot.nudges.catalogue import (
    COMMITTEE,
    DAY8_QUESTION,
    EMPLOYEE,
    FACTS_CHECK,
    FORM7_DUE,
    FORM7_LATE,
    HR,
    IMMEDIATE_KINDS,
    SUPERVISOR,
    UNION,
    UNION_QUESTION,
)
from rtwbot.nudges.delivery import Delivery, PermanentSendError, TransientSendError
from rtwbot.nudges.modified_work import MW_CHECK_IN
from rtwbot.workflow.outbox import Button, Say

log = logging.getLogger(__name__)

ACTION_DONE = "nudge_done"
ACTION_SNOOZE = "nudge_snooze"
ACTION_OPEN = "nudge_open"
ACTION_DAY8_YES = "nudge_day8_yes"
ACTION_MW_OK = "nudge_mw_ok"
ACTION_MW_NOT_RIGHT = "nudge_mw_not_right"
ACTION_DAY8_NO = "nudge_day8_no"
ACTION_UPDATE_FACTS = "case_update_open"  # workflow.case_updates opens the modal
ACTION_RECORD_FORM7 = "form7_record_open"  # workflow.form7_filed opens the modal

# Addressed to someone or somewhere that is gone: retrying cannot help.
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "cannot_dm_bot",
        # Our message itself is refused: the same message will be refused again.
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
    }
)


@dataclass(frozen=True)
class Target:
    user: str | None = None
    channel: str | None = None


# A day as rtwbot.dates writes it: "Monday, November 30, 2026".
_LONG_DAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                       r"(January|February|March|April|May|June|July|August|"
                       r"September|October|November|December) (\d{1,2}), (\d{4})\b")


def _relative_days(text: str, today: date | None) -> str:
    """"Monday, November 30, 2026" said as "today (Monday, November 30, 2026)" when it is."""
    if today is None:
        return text

    def name(match: re.Match[str]) -> str:
        try:
            day = datetime.strptime(" ".join(match.group(3, 2, 4)), "%d %B %Y").date()
        except ValueError:
            return match.group(0)
        if day == today:
            return f"today ({match.group(0)})"
        if day == today + timedelta(days=1):
            return f"tomorrow ({match.group(0)})"
        return match.group(0)

    return _LONG_DAY.sub(name, text)


def nudge_say(delivery: Delivery, target: Target, today: date | None = None) -> Say:
    """The message: what is due and why, with Done / Snooze 1 day / Open case."""
    value = str(delivery.nudge_id)
    title = "Reminder, escalated" if delivery.escalation_level else "Reminder"
    if delivery.kind == MW_CHECK_IN:  # the employee's two answers, nothing else
        return Say(
            text=f"*Check-in* — {delivery.case_reference}\n{delivery.message}",
            to_user=target.user, channel=target.channel,
            buttons=(Button("My duties stay within my restrictions", ACTION_MW_OK, value,
                            "primary"),
                     Button("Something is not right", ACTION_MW_NOT_RIGHT, value)))
    if delivery.kind == UNION_QUESTION:  # the question's own three answers
        ref = delivery.case_reference
        return Say(
            text=f"*Reminder* — {ref}\n{_relative_days(delivery.message, today)}",
            to_user=target.user, channel=target.channel,
            buttons=(Button("Yes, the union may represent me", "imwt_union_yes", ref,
                            "primary"),
                     Button("No", "imwt_union_no", ref),
                     Button("Talk to me first", "imwt_union_talk", ref)))
    first: tuple[Button, ...]
    if delivery.kind == DAY8_QUESTION:
        first = (
            Button("Yes, it continues", ACTION_DAY8_YES, value, "primary"),
            Button("No, back to regular duties", ACTION_DAY8_NO, value),
        )
    elif delivery.kind == FACTS_CHECK:
        first = (Button("Update the facts", ACTION_UPDATE_FACTS, delivery.case_reference,
                        "primary"), Button("Nothing new", ACTION_DONE, value))
    else:
        first = (Button("Done", ACTION_DONE, value, "primary"),)
    # An immediate duty (a critical injury) cannot wait a day.
    snooze = () if delivery.kind in IMMEDIATE_KINDS else (
        Button("Snooze 1 day", ACTION_SNOOZE, value),
    )
    if delivery.kind in IMMEDIATE_KINDS:
        title = "Urgent, escalated" if delivery.escalation_level else "Urgent"
    last: tuple[Button, ...] = ()
    # HR records Form 7 sent from here (the supervisor's Done passes it to HR).
    if delivery.kind in (FORM7_DUE, FORM7_LATE) and delivery.recipient_role == HR:
        last = (Button("Record Form 7 sent", ACTION_RECORD_FORM7, delivery.case_reference),)
    # The title names the case; the message need not say it again.
    body = re.sub(rf"(?:^|(?<=\. )){re.escape(delivery.case_reference)}: (\w)",
                  lambda m: m.group(1).upper(), delivery.message)
    body = _relative_days(body, today)
    return Say(
        text=f"*{title}* — {delivery.case_reference}\n{body}",
        to_user=target.user,
        channel=target.channel,
        buttons=(*first, *snooze, Button("Open case", ACTION_OPEN, value), *last),
    )


def _classify(exc: SlackApiError) -> Exception:
    error = str(exc.response.get("error", "")) if exc.response is not None else ""
    if error in PERMANENT_ERRORS:
        return PermanentSendError(f"Slack answered {error}")
    # 5xx, rate limits after the client's own retries, auth trouble (fixable by config):
    # try again later; MAX_ATTEMPTS turns a lasting problem into a failure and an alert.
    status = getattr(exc.response, "status_code", 0)
    return TransientSendError(f"Slack answered {error or 'an error'} (HTTP {status})")


class NudgeRecipients:
    """Who a delivery is for, over the bot's WebClient and the directory."""

    def __init__(self, client: WebClient, directory: Directory):
        self.client = client
        self.directory = directory
        self._by_email: dict[str, str] = {}

    # who ---------------------------------------------------------------------------------
    def _person(self, who: str) -> str:
        if "@" not in who:
            return who  # already a Slack user id
        if who not in self._by_email:
            try:
                resp = self.client.users_lookupByEmail(email=who)
            except SlackApiError as exc:
                raise _classify(exc) from exc
            self._by_email[who] = resp["user"]["id"]
        return self._by_email[who]

    def resolve_all(self, delivery: Delivery) -> list[Target]:
        """Everyone the delivery is for: the committee role names every contact."""
        if delivery.recipient or delivery.recipient_role != COMMITTEE:
            return [self.resolve(delivery)]
        people = self.directory.committee_for(delivery.division)
        if not people:
            raise PermanentSendError(
                f"no health and safety committee contact in the directory for "
                f"{delivery.division}"
            )
        return [Target(user=self._person(p)) for p in people]

    def resolve(self, delivery: Delivery) -> Target:
        if delivery.recipient:
            is_channel = delivery.recipient[:1] in "CG#"
            return (
                Target(channel=delivery.recipient)
                if is_channel
                else Target(user=delivery.recipient)
            )
        role = delivery.recipient_role
        if role == SUPERVISOR and delivery.supervisor_id:
            return Target(user=self._person(delivery.supervisor_id))
        if role == EMPLOYEE:
            if not delivery.employee_user_id:
                raise PermanentSendError("the employee has no Slack account on record")
            return Target(user=delivery.employee_user_id)
        if role == HR:
            people = self.directory.hr_for(delivery.division)
            if people:
                return Target(user=self._person(people[0]))
            return Target(channel=self.directory.channels.hr)
        if role == COMMITTEE:
            return self.resolve_all(delivery)[0]
        if role == UNION:
            division = self.directory.division(delivery.division)
            unit = self.directory.unit(division.bargaining_unit if division else None)
            if unit and unit.union_reps:
                return Target(user=self._person(unit.union_reps[0]))
            raise PermanentSendError(
                f"no union representative in the directory for {delivery.division}"
            )
        raise PermanentSendError(f"nobody is recorded as the {role} of this case")

    def check_active(self, user: str) -> None:
        """PermanentSendError for a deactivated account; Slack's own errors classified."""
        try:
            deleted = self.client.users_info(user=user)["user"].get("deleted")
        except SlackApiError as exc:
            raise _classify(exc) from exc
        except OSError as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
        # Slack still accepts posts into an existing DM with a deactivated account, where
        # nobody will ever read them: such a reminder has failed, and HR must hear of it.
        if deleted:
            raise PermanentSendError("the recipient's Slack account is deactivated")
