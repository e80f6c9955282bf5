"""Whom to tell when nobody acts on a nudge, and when: the escalation ladder's steps and
their times, and when a snoozed nudge comes back. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rtwbot.domain.calendar import WorkCalendar

# this many business days. Configurable.
DEFAULT_ESCALATE_BUSINESS_DAYS = 1
CHECK_IN_ESCALATE_BUSINESS_DAYS = 2  # WSIA s.40; OPM 19-02-08; configurable
# OHSA s.52: the written notice is due in 4 days; escalate after 1 business day.
OHSA_ESCALATE_BUSINESS_DAYS = 1


@dataclass(frozen=True)
class BusinessDays:
    n: int


@dataclass(frozen=True)
class Escalation:
    """Tell `role` when the nudge is still not done `after` its due time."""

    after: timedelta | BusinessDays
    role: str

    def to_json(self) -> dict[str, Any]:
        if isinstance(self.after, BusinessDays):
            return {"role": self.role, "business_days": self.after.n}
        return {"role": self.role, "seconds": int(self.after.total_seconds())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Escalation:
        if "business_days" in data:
            return cls(BusinessDays(int(data["business_days"])), data["role"])
        return cls(timedelta(seconds=int(data["seconds"])), data["role"])


def escalation_time(
    due_at: datetime, escalation: Escalation, calendar: WorkCalendar, *, immediate: bool = False
) -> datetime:
    """When an escalation falls due: business days keep the due time of day. An immediate
    kind's escalation counts clock hours and is not moved into working hours."""
    if immediate and not isinstance(escalation.after, BusinessDays):
        return due_at + escalation.after
    if isinstance(escalation.after, BusinessDays):
        local = due_at.astimezone(calendar.tz)
        day = calendar.add_business_days(local.date(), escalation.after.n)
        at = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=calendar.tz)
        return calendar.next_working_time(at)
    return calendar.next_working_time(due_at + escalation.after)


SNOOZE_FOR = timedelta(days=1)  # the "Snooze 1 day" button


def snooze_until(until: datetime, calendar: WorkCalendar) -> datetime:
    """When a snoozed nudge comes back: the chosen time, moved into working hours."""
    return calendar.next_working_time(until)
