"""Reportability again, when the facts change after filing (OPM 15-01-02).

Reportability is a judgement on what the employer knows. When the employer later learns
of health care, an absence, lower pay, or modified work beyond day 7, the obligation
arises on the day it learns of it, and the 3 business days count from that day. A clock
that is already running is not restarted by news that only confirms it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.domain.reporting import (
    Reportability,
    ReportFacts,
    _due_sentence,
    assess_reportability,
    day8,
    form7_due,
)


def reassess(
    facts: ReportFacts,
    calendar: WorkCalendar,
    *,
    told_on: date,
    previous: Reportability | None = None,
    modified_work_start: date | None = None,
    as_of: date | None = None,
) -> Reportability:
    """The case's reportability given the facts as now known, told to the employer on
    `told_on`. `previous` is what the case stood at (its status and obligation date).

    Modified work at regular pay that begins, or is learned of, after day 7 makes the case
    reportable from the day the employer learns of it (or the day it begins, if later);
    learned of before day 8, the case is watched until day 8 — never a date in the past.
    `as_of` (default `told_on`) is the day the facts are known to hold: a report filed on
    day 10 saying the modified work is needed means it continued past day 7.
    """
    tz = calendar.tz
    accident = facts.occurred.local_day(tz)
    learned = max(facts.learned.local_day(tz), told_on)
    line = day8(accident)
    now_known = replace(facts, learned_at=Moment(learned))
    if (now_known.modified_work == "regular_pay"
            and now_known.modified_work_continues_past_day7 is None):
        start = modified_work_start or accident
        if max(learned, start, as_of or told_on) >= line:
            now_known = replace(now_known, modified_work_continues_past_day7=True,
                                first_shift_after_day7=max(start, line))
    r = assess_reportability(now_known, calendar)
    earlier = previous.obligation_date if previous is not None else None
    if (r.status == "reportable" and previous is not None and previous.status == "reportable"
            and earlier is not None and r.obligation_date is not None
            and earlier < r.obligation_date):
        # Already reportable: the clock that started first keeps running.
        window = r.window_business_days or 3
        due = form7_due(earlier, calendar, window)
        reasons = (*r.reasons[:-1], _due_sentence(earlier, due, window))
        r = replace(r, obligation_date=earlier, form7_due=due, reasons=reasons)
    return r
