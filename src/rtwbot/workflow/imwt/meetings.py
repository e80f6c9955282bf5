"""HR coordinates IMWT meetings (the program): HR schedules one (date, time, place or call
link); everyone on the team gets it — the thread, and the employee by DM — and a reminder
comes the working day before (`nudges.modified_work.meeting_reminders`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.domain.clinical_terms import rephrase_message
from rtwbot.store.imwt_models import MEETING
from rtwbot.workflow.imwt.acting import CASE_CLOSED, Act, Result, refused
from rtwbot.workflow.imwt.values import as_date, fmt, text_value
from rtwbot.workflow.outbox import Say, escape


def schedule(act: Act, values: Mapping[str, Any]) -> Result:
    case = act.case
    if case.stage == "closed":
        return refused(CASE_CLOSED)
    on = as_date(values.get("on"))
    at, where = text_value(values, "time"), text_value(values, "where")
    errors = {}
    if on is None or on < act.today():
        errors["on"] = "Pick the day of the meeting (today or later)."
    if not at:
        errors["time"] = "Say the time, for example 10:00."
    if not where:
        errors["where"] = "Say where it is, or paste the call link."
    if problem := rephrase_message(f"{at} {where}", "only when and where the team meets"):
        errors["where"] = problem
    if errors:
        return act.invalid(errors)
    assert on is not None
    when = f"{at}, {where}"
    act.record_event(MEETING, on, {"when": when})
    act.audit("imwt.meeting_scheduled", on=on.isoformat())
    text = (f":calendar: <@{act.user}> scheduled a team meeting for *{case.reference}*: "
            f"*{fmt(on)}*, {escape(when)}. Everyone on the team gets a reminder the working "
            "day before.")
    says = [act.announce(text, "imwt_meeting_scheduled")]
    if case.employee_user_id:
        says.append(Say(text=(f"Your return-to-work team will meet about *{case.reference}* "
                              f"on *{fmt(on)}*, {escape(when)}. You are welcome to take part; "
                              "I'll remind you the day before."),
                        to_user=case.employee_user_id))
    return act.done(*says)
