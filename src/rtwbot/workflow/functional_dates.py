"""A functional abilities form must describe the worker after the injury: its date of
assessment (or, without one, the date it was completed) may be neither before the injury
nor in the future. Said in one sentence; nothing is recorded (pure)."""

from __future__ import annotations

from datetime import date

from rtwbot.forms.readback import FunctionalAbilities
from rtwbot.forms.wsib_faf import label
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.outbox import escape


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
    """The rest of the WSIB form kept with the abilities (encrypted with them): dates and
    choices only, never what anyone typed beside them."""
    return {
        "assessment_date": _iso(read.assessment_date),
        "recommended_hours": read.recommended_hours,
        "recommended_start": _iso(read.recommended_start),
        "estimated_end": _iso(read.estimated_end),
        "worker_authorized": read.worker_authorized,
        "worker_signed": read.worker_signed,
        "worker_authorized_on": _iso(read.worker_authorized_on),
        "rtw_discussed": read.rtw_discussed,
        "rtw_discussion_date": _iso(read.rtw_discussion_date),
        "claim_number": read.claim_number,
        "source": read.source,
    }


HOURS = {"regular": "regular full-time hours", "modified": "modified hours",
         "graduated": "graduated hours"}


def field_name(field_id: str) -> str:
    """A 2647A field's own name, as the read-back says it ("Date of assessment")."""
    name = label(field_id)
    if "? " in name:
        return name.split("? ")[0] + "?"
    return name.split(": ")[0]


def _line(field_id: str, value: str) -> str:
    return f"• *{field_name(field_id)}:* {value}"


def _authorization(read: FunctionalAbilities) -> str:
    if not read.worker_authorized:
        return "not given (the box is not ticked)"
    signed = "signed" if read.worker_signed else "ticked, not signed"
    on = f" on {fmt_day(read.worker_authorized_on)}" if read.worker_authorized_on else ""
    return signed + on


def _discussed(read: FunctionalAbilities) -> str:
    if read.rtw_discussed == "yes":
        return "yes"
    if read.rtw_discussed == "no":
        when = read.rtw_discussion_date
        return f"no — to be discussed on {fmt_day(when)}" if when else "no"
    return "not answered"


def plan_lines(read: FunctionalAbilities) -> tuple[str, ...]:
    """The read-back's lines for the rest of the WSIB form, each by its 2647A name: the
    claim number, the dates, the recommended hours, whether the return to work was discussed
    and the worker's authorization (functional facts only: never the health professional's
    name, comments or billing details)."""
    lines = []
    if read.claim_number:
        lines.append(_line("A.claim_number", escape(read.claim_number)))
    if read.assessment_date:
        lines.append(_line("B.assessment_date", fmt_day(read.assessment_date)))
    if read.recommended_hours or read.recommended_start:
        hours = HOURS.get(read.recommended_hours or "", "hours not given")
        start = f", from {fmt_day(read.recommended_start)}" if read.recommended_start else ""
        lines.append(_line("D.recommended_hours", f"{hours}{start}"))
    if read.estimated_end:
        lines.append(_line("D.estimated_end", fmt_day(read.estimated_end)))
    lines.append(_line("A.rtw_discussed", _discussed(read)))
    lines.append(_line("A.authorization", _authorization(read)))
    return tuple(lines)
