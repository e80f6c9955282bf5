"""A critical injury or death (OHSA s.51), acted on the moment it is said, whatever the hour.

The moment a supervisor answers "yes" to the critical question — in a DM, the report modal
or the shortcut, long before the report is finished — the report becomes a case of record
(`workflow.case_of_record`) and:

- the supervisor reads what to do now: 911 if not yet, keep the scene as it is, phone the
  Ministry's Health and Safety Contact Centre (its number) and note who took the call;
- HR, the joint health and safety committee and the union are told within the minute: the
  case's critical-injury nudges are immediate (any hour, escalated every few clock hours)
  and the dispatcher runs at once; each copy is its own duty — HR's escalates until HR
  records who notified the Ministry and when; the 48-hour written report is a reminder of
  its own;
- HR learns that nothing goes to the worker — no forms, no consent question, no reminder to
  contact them — until HR decides (`Contact the worker now`, or `/rtw contact RTW-…`).

Each is said once per case (a ledger key), however many paths lead here. Whatever the kind
of case: OHSA s.51 covers a critical injury "from any cause at a workplace".
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.domain import ohsa
from rtwbot.store import cases as store
from rtwbot.store.models import Case
from rtwbot.workflow.case_updates import CONTACT_EVENT, CRITICAL_EVENT, contact_button
from rtwbot.workflow.filing import employee_notice
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring as Bot

log = logging.getLogger(__name__)


def is_critical(case: Case) -> bool:
    return (case.answers or {}).get("critical_injury") == "yes"


def what_to_do_now(reference: str, occurred_at: datetime, tz: tzinfo) -> str:
    """What the person on the spot must do now (no names, nothing medical)."""
    due = ohsa.written_report_due(occurred_at).astimezone(tz)
    return (
        f":rotating_light: *{reference} — critical injury or death (OHSA s.51).* "
        "HR, the joint health and safety committee and the union are being told now.\n"
        "*Now:*\n"
        "1. Call 911 if nobody has yet.\n"
        "2. Preserve the scene: nothing is moved or disturbed until an inspector permits, "
        "except to save life, relieve suffering or prevent damage.\n"
        f"3. Phone {ohsa.MINISTRY_CONTACT} at *{ohsa.MINISTRY_PHONE}* (24 hours a day) "
        "unless HR already has — do not wait for office hours. Note the name of the person "
        "who took your call and the time: HR records them.\n"
        f"4. A written report goes to a Director by *{dates.day_and_time(due)}*"
        f" — {ohsa.OHSA_REPORT_HOURS_TEXT} ({ohsa.BASIS_CRITICAL})."
    )


def supervisor_duties(case: Case, tz: tzinfo) -> Say:
    return Say(text=what_to_do_now(case.reference, case.occurred_at, tz),
               to_user=case.supervisor_id)


def hold_notice(reference: str, report_open: bool) -> str:
    unfinished = (" The supervisor's report is not finished yet: what they add updates the "
                  "case." if report_open else "")
    return (f":rotating_light: *{reference}* is a critical injury or death (OHSA s.51)."
            f"{unfinished}\nWhile it is, I send the worker no forms and no questions (not "
            "even about union representation), and nobody is reminded to contact them. When "
            "it is right to contact them, press *Contact the worker now* (or "
            f"`/rtw contact {reference}`): their forms and questions then go out.")


def critical_says(s: Session, case: Case, hr: list[str], hr_channel: str, now: datetime,
                  tz: tzinfo, dispatch: bool = True) -> list[Say]:
    """What is said when a case is known to be critical, each once per case (claimed in the
    caller's transaction): the supervisor's duties now, and HR's note that the worker is not
    contacted until HR says so. With `dispatch`, the first carries `CRITICAL_EVENT`, whose
    follow-up runs the dispatcher at once (the nudges are already in the store, so the
    scheduler's next tick sends them even if these cannot be posted yet)."""
    says = []
    if store.first_time(s, f"critical:supervisor:{case.id}", now):
        says.append(supervisor_duties(case, tz))
    if store.first_time(s, f"critical:hold:{case.id}", now):
        text = hold_notice(case.reference, case.report_completed_at is None)
        button = (contact_button(case.reference),)
        says += [Say(text=text, to_user=uid, buttons=button) for uid in dict.fromkeys(hr)] \
            or [Say(text=text, channel=hr_channel, buttons=button)]
    if says and dispatch:
        says[0] = replace(says[0], events=((CRITICAL_EVENT, case.id),))
    return says


def register(bot: Bot) -> None:
    def hr_of(case: Case) -> list[str]:
        return [uid for ref in bot.directory.hr_for(case.division)
                if (uid := bot.people.resolve(ref))]

    def on_known(case_id: int) -> list[Say]:
        """The case is (now) known to be critical: tell whoever has not been told, and send
        the immediate nudges now rather than at the next tick."""
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            if case is None or not is_critical(case):
                return []
            hr = hr_of(case)
            says = critical_says(s, case, hr, bot.directory.channels.hr,
                                 bot.clock.now(), bot.calendar.tz, dispatch=False)
        try:
            bot.dispatcher.tick()
            # Its rows are in the outbox: posted now, not at the next tick (a critical case
            # sends no forms whose posting would drain the outbox). HR's waits behind the
            # note being posted to them right now, and follows it.
            bot.relay.drain()
            bot.relay.behind({f"user:{uid}" for uid in hr})
        except Exception:  # noqa: BLE001 - the scheduler's next tick sends them anyway
            log.exception("Immediate dispatch for case %s failed", case_id)
        return says

    def on_released(case_id: int) -> list[Say]:
        """HR says the worker may be contacted: the notice of the report they never had."""
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return []
            name = (bot.people.user(case.supervisor_id) or {}).get("real_name")
            notice = employee_notice(case, name or "Your supervisor")
        return [notice] if notice else []

    bot.on("case_filed", on_known)
    bot.on(CRITICAL_EVENT, on_known)
    bot.on(CONTACT_EVENT, on_released)
