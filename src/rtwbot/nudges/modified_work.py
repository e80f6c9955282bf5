"""Check-ins while the employee is on modified work (the program: the supervisor monitors
progress against the functional abilities and assigns no task beyond the restrictions; the
employee takes part). Pure: nudge specs for the catalogue.

Every `interval` days (configurable: weekly) from the plan's start or the last answer:
- the employee is asked, with two buttons, whether their duties stay within their
  restrictions (`MW_CHECK_IN`; "something is not right" asks one question, private to HR);
- the supervisor is asked to record progress against the functional abilities
  (`MW_PROGRESS`, done with the thread's "Record check-in").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rtwbot import dates
from rtwbot.domain.stages import Stage

MW_CHECK_IN = "mw_check_in"
MW_PROGRESS = "mw_progress"
MEETING_REMINDER = "imwt_meeting"
_MEETING_BASIS = "MWP (HR coordinates IMWT meetings)"
_BASIS = "MWP (the supervisor monitors progress against the functional abilities)"


def meeting_reminders(b, roles) -> None:
    """A reminder the working day before each IMWT meeting, to each of `roles`."""
    for day, when in b.case.meetings:
        before = day - timedelta(days=1)  # the working day before
        while not b.cal.is_business_day(before):
            before -= timedelta(days=1)
        for role in roles:
            b.add(MEETING_REMINDER, role, b.at_start(before), _MEETING_BASIS,
                  f"{b.ref}: reminder — the return-to-work team meets on "
                  f"{dates.day(day)}: {when}.", f"meeting:{day}:{role}",
                  expires_at=b.at_start(day + timedelta(days=1)))


def modified_work_nudges(b, cfg, employee_role: str, supervisor_role: str,
                         escalate_to_hr) -> None:
    """Add the weekly check-ins of a case on an agreed temporary plan to builder `b`."""
    case, plan = b.case, b.case.plan
    if plan is None or str(case.stage) != Stage.TEMPORARY_MODIFIED_WORK:
        return
    every = timedelta(days=cfg.check_in_interval_days)

    def next_day(last: datetime | None):
        start = plan.start
        if last is not None:
            start = max(start, b.cal.local_date(last))
        day = start + every
        return day if day <= plan.end else None

    day = next_day(case.last_employee_check_in_at)
    if day is not None:
        b.add(MW_CHECK_IN, employee_role, b.at_start(day), _BASIS,
              f"{b.ref}: your weekly check-in on modified work. Do your duties stay within "
              "your restrictions?", f"mw_check_in:{day}")
    day = next_day(case.last_progress_at)
    if day is not None:
        b.add(MW_PROGRESS, supervisor_role, b.at_start(day), _BASIS,
              f"{b.ref}: record the employee's progress on modified work against the "
              "functional abilities (\"Record check-in\" in the team's channel); assign no "
              "task beyond the restrictions.", f"mw_progress:{day}",
              escalate=escalate_to_hr)
