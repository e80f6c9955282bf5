"""A case's Form 7 standing once HR recorded the WSIB's receipt (shown on the case)."""

from __future__ import annotations

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.form7 import Form7Outcome, form7_outcome
from rtwbot.store.models import Case


def outcome_of(case: Case, calendar: WorkCalendar) -> Form7Outcome | None:
    if case.form7_received_on is None or case.form7_due is None:
        return None
    obligation = case.obligation_date or calendar.local_date(case.learned_at)
    return form7_outcome(obligation, case.form7_due, case.form7_received_on, calendar)


def form7_status_line(case: Case, calendar: WorkCalendar) -> str | None:
    outcome = outcome_of(case, calendar)
    return outcome.sentence() if outcome else None
