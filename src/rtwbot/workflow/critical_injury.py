"""A critical injury or death (OHSA s.51), handled at once, whatever the hour.

When a case reported as a critical injury is filed, the supervisor is told at once what the
Act requires of them on the spot, and the nudge dispatcher runs straight away, so HR, the
joint health and safety committee and the union are told within the same minute (the
nudges are immediate: they ignore working hours, escalate every few clock hours until
someone presses Done, and the scheduler's tick keeps sending them through the night).
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from typing import TYPE_CHECKING

from rtwbot import dates
from rtwbot.domain import ohsa
from rtwbot.store.models import Case
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring as Bot

log = logging.getLogger(__name__)


def is_critical(case: Case) -> bool:
    return (case.kind in ("work_injury", "work_illness")
            and (case.answers or {}).get("critical_injury") == "yes")


def supervisor_duties(case: Case, tz: tzinfo) -> Say:
    """What the person on the spot must do now (no names, nothing medical)."""
    due = ohsa.written_report_due(case.occurred_at).astimezone(tz)
    text = (
        f":rotating_light: *{case.reference} — critical injury or death (OHSA s.51).* "
        "HR, the joint health and safety committee and the union are being told now.\n"
        "*Now:*\n"
        "1. Make sure the Ministry of Labour, Immigration, Training and Skills Development "
        "is notified immediately, by telephone or other direct means (HR does this with "
        "you — do not wait for office hours).\n"
        "2. Preserve the scene: nothing is moved or disturbed until an inspector permits, "
        "except to save life, relieve suffering or prevent damage.\n"
        f"3. A written report goes to a Director by *{dates.day_and_time(due)}*"
        f" — {ohsa.OHSA_REPORT_HOURS_TEXT} ({ohsa.BASIS_CRITICAL})."
    )
    return Say(text=text, to_user=case.supervisor_id)


def register(bot: Bot) -> None:
    def on_filed(case_id: int) -> list[Say]:
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            if case is None or not is_critical(case):
                return []
            say = supervisor_duties(case, bot.calendar.tz)
        try:
            bot.dispatcher.tick()  # the immediate path: do not wait for the next tick
        except Exception:  # noqa: BLE001 - the scheduler's next tick sends them anyway
            log.exception("Immediate dispatch for case %s failed", case_id)
        return [say]

    bot.on("case_filed", on_filed)
