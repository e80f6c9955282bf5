"""Nudges for duties the Acts impose at once: a critical injury or death (OHSA s.51), and
the first contact with a worker who is off work (WSIA s.40; the program for a case that is
not work-related). Pure, like the rest of the catalogue, which calls `add_statutory`.

A critical-injury nudge is *immediate*: it is delivered as soon as it is due, at any hour,
on weekends and holidays, and it escalates in clock hours (the dispatcher sends immediate
kinds outside working hours). Each copy is its own duty (`rtwbot.domain.duties`): HR's
(the Ministry notified) escalates every few hours until HR records who notified the Ministry
and when; the committee's and the union's copies end when each confirms it, and HR hears
once if they have not. The 48-hour written report is a reminder of its own, escalated
around its due time until HR records it sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rtwbot.domain import ohsa
from rtwbot.nudges.escalation import BusinessDays, Escalation
from rtwbot.nudges.kinds import (  # the kinds, named here too: this module's own
    COMMITTEE,
    CRITICAL_INJURY,
    CRITICAL_REPORT,
    FIRST_CONTACT,
    HR,
    IMMEDIATE_KINDS,
    SUPERVISOR,
    UNION,
)

if TYPE_CHECKING:
    from rtwbot.nudges.specs import Builder

__all__ = ["CRITICAL_INJURY", "CRITICAL_REPORT", "FIRST_CONTACT", "IMMEDIATE_KINDS", "add_statutory",
           "cooperation_basis"]

COOPERATION_BASIS = "WSIA s.40; OPM 19-02-08"
# A case that is not work-related has no WSIA duty: keeping in touch is the program's rule.
PROGRAM_CONTACT_BASIS = "RTW program: keeping in touch while off work"


def cooperation_basis(kind: str) -> str:
    """WSIA s.40 for a work-related case; the program's own rule otherwise."""
    return COOPERATION_BASIS if kind in ("work_injury", "work_illness") else PROGRAM_CONTACT_BASIS


def add_statutory(b: Builder) -> None:
    _critical_injury(b)
    if not b.case.is_closed:
        _first_contact(b)


def _critical_injury(b: Builder) -> None:
    """Whatever the case's kind: OHSA s.51 covers a critical injury "from any cause at a
    workplace" (a collapse that is not work-related too)."""
    case = b.case
    if not case.critical_injury:
        return
    report_due = ohsa.written_report_due(case.occurred_at).astimezone(b.cal.tz)
    ladder = tuple(Escalation(timedelta(hours=h), HR) for h in ohsa.escalation_hours())
    for role in (HR, COMMITTEE, UNION):  # each copy its own duty: the Builder skips closed ones
        b.add(
            CRITICAL_INJURY,
            role,
            case.critical_since or case.learned_at,
            ohsa.BASIS_CRITICAL,
            ohsa.critical_injury_duties(b.ref, report_due,
                                        ohsa.DONE_HR if role == HR else ohsa.DONE_TOLD),
            f"critical:{role}",
            escalate=ladder if role == HR else ladder[:1],
        )
    b.add(
        CRITICAL_REPORT,
        HR,
        report_due,
        "OHSA s.51(1)",
        ohsa.written_report_reminder(b.ref, report_due),
        "critical_report",
        escalate=tuple(Escalation(timedelta(hours=h), HR)
                       for h in ohsa.report_escalation_hours()),
        deliver_after=min(case.learned_at, report_due),  # told now, with the notice
    )


def _first_contact(b: Builder) -> None:
    case = b.case
    if not case.off_work or case.first_contact_made or case.worker_contact_held:
        return
    basis = cooperation_basis(case.kind)
    b.add(
        FIRST_CONTACT,
        SUPERVISOR,
        case.off_work_since or case.learned_at,
        basis,
        f"{b.ref}: the employee is off work. Contact them as soon as possible — today, or the "
        "first business day — to ask how they are and talk about a safe return; then keep in "
        f"touch regularly. Press Done once you have spoken ({basis}).",
        "first_contact",
        escalate=(Escalation(BusinessDays(1), HR),),
    )
