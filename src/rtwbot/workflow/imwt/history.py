"""The check-in history of a case on modified work: the employee's weekly answers and the
supervisor's progress check-ins, oldest first. Dates, who and the outcome go in one list;
what was typed goes in another, keyed by check-in, which the privacy policy gives to HR
alone (`Field.CHECK_IN_NOTES`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.store.imwt_models import CHECK_IN, EMPLOYEE_CHECK_IN, PlanEvent
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.imwt.plans import CHECK_IN_STATUS
from rtwbot.workflow.outbox import escape

WITHIN = "duties within restrictions"
NOT_RIGHT = "something is not right"
SHOWN = 6  # the latest check-ins shown; the record keeps them all


def check_in_history(s: Session, case_id: int) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """(entries, notes): each entry {"id", "on", "by", "kind", "outcome"}; notes by id."""
    events = s.scalars(select(PlanEvent).where(
        PlanEvent.case_id == case_id, PlanEvent.kind.in_((EMPLOYEE_CHECK_IN, CHECK_IN)))
        .order_by(PlanEvent.on_date, PlanEvent.at, PlanEvent.id))
    entries, notes = [], {}
    for e in events:
        detail = e.detail or {}
        if e.kind == EMPLOYEE_CHECK_IN:
            kind, outcome = "employee", WITHIN if detail.get("ok") else NOT_RIGHT
        else:
            kind = "progress"
            outcome = CHECK_IN_STATUS.get(detail.get("status") or "", "recorded")
        entries.append({"id": e.id, "on": e.on_date, "by": e.by, "kind": kind,
                        "outcome": outcome})
        if detail.get("note"):
            notes[e.id] = str(detail["note"])
    return entries, notes


def history_lines(entries: list[dict[str, Any]] | None,
                  notes: dict[int, str] | None = None) -> list[str]:
    """The latest check-ins, one line each; a typed note only when `notes` holds it (the
    privacy policy left it in for HR)."""
    if not entries:
        return []
    lines = ["*Check-ins on modified work*"]
    for e in entries[-SHOWN:]:
        on = e["on"]
        day = fmt_day(on if isinstance(on, date) else date.fromisoformat(str(on)))
        who = "employee" if e["kind"] == "employee" else "progress"
        line = f"• {day} — {who}, <@{e['by']}>: {e['outcome']}"
        note = (notes or {}).get(e["id"])
        if note:
            line += f" — “{escape(note)}” (HR only)"
        lines.append(line)
    return lines
