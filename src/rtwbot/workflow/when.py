"""Dates said relative to today when that is what a reader needs: "today (Wednesday,
November 25, 2026)", "tomorrow (…)" — a deadline due today must say so."""

from __future__ import annotations

from datetime import date, timedelta

from rtwbot.workflow.filing import fmt_day


def relative_day(d: date, today: date | None) -> str:
    if today is not None:
        if d == today:
            return f"today ({fmt_day(d)})"
        if d == today + timedelta(days=1):
            return f"tomorrow ({fmt_day(d)})"
    return fmt_day(d)
