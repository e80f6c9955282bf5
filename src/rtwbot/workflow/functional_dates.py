"""A functional abilities form must describe the worker after the injury: its date of
assessment (or, without one, the date it was completed) may be neither before the injury
nor in the future. Said in one sentence; nothing is recorded (pure)."""

from __future__ import annotations

from datetime import date

from rtwbot.forms.readback import FunctionalAbilities
from rtwbot.workflow.filing import fmt_day


def assessment_date_problem(read: FunctionalAbilities, injured_on: date | None,
                            today: date) -> str | None:
    """Why the form's dates cannot be right, or None."""
    dated = [(read.assessment_date, "date of assessment"), (read.completed_on, "completion date")]
    for when, what in dated:
        if when is None:
            continue
        if injured_on is not None and when < injured_on:
            return (f"I can't record this form: its {what} is {fmt_day(when)}, before the "
                    f"injury on {fmt_day(injured_on)}, so it can't describe the abilities since. "
                    "Please ask the health professional for a form from an assessment after the "
                    "injury (or to correct the date), and send that.")
        if when > today:
            return (f"I can't record this form: its {what} is {fmt_day(when)}, which is in the "
                    "future. Please check the date with the health professional and send the "
                    "corrected form.")
    return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def wsib_2647a_record(read: FunctionalAbilities) -> dict[str, object]:
    """The rest of the WSIB form kept with the abilities (encrypted with them)."""
    return {
        "assessment_date": _iso(read.assessment_date),
        "recommended_hours": read.recommended_hours,
        "recommended_start": _iso(read.recommended_start),
        "estimated_end": _iso(read.estimated_end),
        "worker_authorized": read.worker_authorized,
        "source": read.source,
    }


HOURS = {"regular": "regular full-time hours", "modified": "modified hours",
         "graduated": "graduated hours"}


def plan_lines(read: FunctionalAbilities) -> tuple[str, ...]:
    """The read-back's lines for the WSIB form's dates and recommended hours (functional
    facts only: never the health professional's name or comments)."""
    lines = []
    if read.assessment_date:
        lines.append(f"• *Assessed on:* {fmt_day(read.assessment_date)}")
    if read.recommended_hours or read.recommended_start:
        hours = HOURS.get(read.recommended_hours or "", "hours not given")
        start = f", from {fmt_day(read.recommended_start)}" if read.recommended_start else ""
        lines.append(f"• *Recommended:* {hours}{start}")
    if read.estimated_end:
        lines.append(f"• *Estimated end:* {fmt_day(read.estimated_end)}")
    lines.append("• *Worker's authorization to release:* "
                 + ("signed" if read.worker_authorized else "not ticked on the form"))
    return tuple(lines)
