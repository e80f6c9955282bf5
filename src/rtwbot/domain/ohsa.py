"""What the Occupational Health and Safety Act asks of the employer after an accident, in
words for the people who must act. Pure.

OHSA s.51: on a critical injury or death, notify at once, by telephone or other direct
means, an inspector (the Ministry of Labour, Immigration, Training and Skills
Development), the joint health and safety committee (or representative) and the union;
leave the scene undisturbed until an inspector permits, except to save life, relieve
suffering or prevent damage; and give a Director a written report within 48 hours. These
duties do not wait for working hours. O. Reg. 834 defines "critically injured".

OHSA s.52: written notice within 4 days to the committee (or representative) and the union
of an accident that disables a worker from usual work or needs medical attention; for an
occupational illness, to a Director as well.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rtwbot import dates
from rtwbot.domain.rules import (
    OHSA_CRITICAL_ESCALATE_HOURS,
    OHSA_CRITICAL_REPORT_HOURS,
    OHSA_CRITICAL_REPORT_REMIND_BEFORE_HOURS,
)

MINISTRY = "the Ministry of Labour, Immigration, Training and Skills Development"
# Where the telephone notice of s.51 goes, at any hour. Source: ontario.ca, "Reporting
# workplace incidents or structural hazards" (the Ministry's Health and Safety Contact
# Centre, 1-877-202-0008, operates 24/7).
MINISTRY_CONTACT = f"{MINISTRY}'s Health and Safety Contact Centre"
MINISTRY_PHONE = "1-877-202-0008"
COMMITTEE = "the joint health and safety committee (or representative)"
UNION = "the union"
DIRECTOR = f"a Director ({MINISTRY})"
BASIS_CRITICAL = "OHSA s.51; O. Reg. 834"
BASIS_NOTICE = "OHSA s.52"

OHSA_REPORT_HOURS_TEXT = (
    f"{OHSA_CRITICAL_REPORT_HOURS} clock hours after it happened, nights and weekends included"
)

# O. Reg. 834, s.1 — one sentence, said behind the intake's "What counts?" button.
CRITICAL_INJURY_DEFINITION = (
    "Critical means life in danger, unconsciousness, heavy loss of blood, a broken leg or arm, "
    "the loss of a leg, arm, hand or foot (fingers and toes do not count), burns to a major "
    "part of the body, or loss of sight in an eye (Ontario Regulation 834) — if so, or if "
    "someone died, answer yes."
)


def written_report_due(occurred_at: datetime) -> datetime:
    """The written report to a Director is due 48 clock hours after the occurrence: nights,
    weekends and holidays count (OHSA s.51(1))."""
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be an aware datetime.")
    # Elapsed hours, counted in UTC: across a daylight-saving change 48 hours stay 48.
    due = occurred_at.astimezone(UTC) + timedelta(hours=OHSA_CRITICAL_REPORT_HOURS)
    return due.astimezone(occurred_at.tzinfo)


def escalation_hours(hours: int = OHSA_CRITICAL_REPORT_HOURS,
                     every: int = OHSA_CRITICAL_ESCALATE_HOURS) -> tuple[int, ...]:
    """When an unacknowledged critical-injury notice is escalated: every `every` clock hours
    until the written report is due."""
    return tuple(range(every, hours, every))


# The last sentence of each copy of the notice: what its reader's Done records.
DONE_HR = "Press Done to record who notified the Ministry, and when."
DONE_TOLD = ("Press Done to confirm you have received this notice; HR records the Ministry's "
             "notification.")


def critical_injury_duties(reference: str, report_due: datetime, done: str = DONE_HR) -> str:
    """What the Act requires, at once, in plain words (no names, nothing medical)."""
    local = dates.day_and_time(report_due)
    return (
        f"{reference}: a critical injury or death has been reported. The Act requires, now and "
        f"whatever the hour: (1) notify {MINISTRY} immediately by telephone or "
        f"other direct means ({MINISTRY_PHONE}, 24/7), and {COMMITTEE} and {UNION}; "
        "(2) preserve the "
        "scene — nothing is disturbed until an inspector permits, except to save life, relieve "
        f"suffering or prevent damage; (3) a written report to {DIRECTOR} by {local} — "
        f"{OHSA_CRITICAL_REPORT_HOURS} hours after it happened ({BASIS_CRITICAL}). " + done
    )


def written_report_reminder(reference: str, report_due: datetime) -> str:
    """The 48-hour written report: a duty of its own (OHSA s.51(1))."""
    return (
        f"{reference}: the written report of the critical injury or death goes to {DIRECTOR} "
        f"by {dates.day_and_time(report_due)} — {OHSA_REPORT_HOURS_TEXT} (OHSA s.51(1)). "
        "Press Done to record when it was sent, and by whom."
    )


def report_escalation_hours(hours_before: int = OHSA_CRITICAL_REPORT_REMIND_BEFORE_HOURS,
                            every: int = OHSA_CRITICAL_ESCALATE_HOURS,
                            after: int = OHSA_CRITICAL_REPORT_HOURS // 2) -> tuple[int, ...]:
    """When HR is told again about a written report not recorded as sent, in clock hours
    from its due time: before it (`hours_before`, then `every`), at it, then every `every`
    hours for `after` hours."""
    before = tuple(sorted({-hours_before, -every}))
    return (*before, 0, *range(every, after + 1, every))


def notice_recipients(kind: str) -> tuple[str, ...]:
    """Who gets the OHSA s.52 written notice: the committee and the union, and for an
    occupational illness a Director as well (OHSA s.52(2))."""
    if kind == "work_illness":
        return (COMMITTEE, UNION, DIRECTOR)
    return (COMMITTEE, UNION)


def recipients_text(kind: str) -> str:
    names = notice_recipients(kind)
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
