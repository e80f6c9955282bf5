"""Form 7 received by the WSIB: on time or late, by how many business days, and the
penalty tier (OPM 15-01-02; WSIA s.21)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import late_filing_penalty
from rtwbot.domain.rules import (
    LATE_FILING_PENALTY_SERIOUS,
    LATE_FILING_SERIOUS_AFTER_DAYS,
)


@dataclass(frozen=True)
class Form7Outcome:
    received_on: date
    due: date
    obligation: date
    business_days_late: int  # 0 when on time
    penalty: Decimal
    tier: str  # "on time" | "late" | "more than 30 days"

    @property
    def on_time(self) -> bool:
        return self.business_days_late == 0

    def sentence(self) -> str:
        received = _day(self.received_on)
        if self.on_time:
            return (f"Form 7 was received by the WSIB on {received}: on time (due by the end "
                    f"of {_day(self.due)}; OPM 15-01-02).")
        days = self.business_days_late
        late = f"{days} business day{'s' if days != 1 else ''} late"
        if self.penalty == LATE_FILING_PENALTY_SERIOUS:
            tier = (f"the ${self.penalty:,} penalty tier: received more than "
                    f"{LATE_FILING_SERIOUS_AFTER_DAYS} calendar days after the employer "
                    f"learned of the obligation on {_day(self.obligation)}")
        else:
            tier = f"the ${self.penalty:,} late-reporting penalty tier"
        return (f"Form 7 was received by the WSIB on {received}: {late} (due by the end of "
                f"{_day(self.due)}) — {tier} (OPM 15-01-02; WSIA s.21(3)).")


def _day(d: date) -> str:
    return dates.day(d)


def form7_outcome(obligation: date, due: date, received_on: date,
                  calendar: WorkCalendar) -> Form7Outcome:
    """How a Form 7 received on `received_on` stands against its due day."""
    legal = calendar.legal()
    late = 0
    if received_on > due:
        late = legal.business_days_between(due, received_on)
        late = max(late, 1)  # received on a weekend after the due day: still late
    penalty = late_filing_penalty(due, received_on, obligation)
    tier = "on time" if not late else (
        "more than 30 days" if penalty == LATE_FILING_PENALTY_SERIOUS else "late")
    return Form7Outcome(received_on, due, obligation, late, penalty, tier)
