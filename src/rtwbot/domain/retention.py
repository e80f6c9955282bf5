"""How long a closed case's records are kept, and what is due for disposal. Pure.

The employer keeps WSIB and health records for a set period after a case closes and must
then dispose of them (its records schedule; MFIPPA s.30 and its regulation ask that personal
information be kept at least a year after use and disposed of securely). The schedule is
the employer's: the directory's `retention:` section, in whole years after the case
closed, per kind of record. What the committee's metrics need survives disposal as
anonymous figures (dates, kind, division), so the program's history keeps its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The kinds of record, disposed separately.
CASE = "case_records"  # the case: answers, facts, plans, reminders, threads, audit of looks
HEALTH = "health_information"  # functional abilities forms and HR's reviews of them
DOCUMENTS = "documents"  # the filled forms: their records here and the files in Slack
KINDS = (HEALTH, DOCUMENTS, CASE)
NAMES = {CASE: "case records", HEALTH: "health information", DOCUMENTS: "documents"}

# A common records-schedule period (seven years after closing); the employer sets its own.
DEFAULT_YEARS = 7


@dataclass(frozen=True)
class Schedule:
    """Whole years after a case closes, per kind. The case's own records go last: health
    information and documents may be disposed of earlier, never later, than the case."""

    case_records: int = DEFAULT_YEARS
    health_information: int = DEFAULT_YEARS
    documents: int = DEFAULT_YEARS

    def __post_init__(self) -> None:
        for kind in KINDS:
            years = getattr(self, kind)
            if not isinstance(years, int) or years < 1:
                raise ValueError(f"retention {kind}: give a whole number of years, 1 or more")
        for kind in (HEALTH, DOCUMENTS):
            if getattr(self, kind) > self.case_records:
                raise ValueError(f"retention {kind} ({getattr(self, kind)} years) is longer "
                                 f"than case_records ({self.case_records}): they go with "
                                 "the case at the latest")

    def years(self, kind: str) -> int:
        return int(getattr(self, kind))

    def rule(self, kind: str) -> str:
        """The rule in words, as the disposal record keeps it."""
        return f"{NAMES[kind]}: {self.years(kind)} years after the case closed"


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29 in a year without one
        return day.replace(year=day.year + years, day=28)


def disposal_day(closed_on: date, kind: str, schedule: Schedule) -> date:
    return add_years(closed_on, schedule.years(kind))


def due_kinds(closed_on: date | None, today: date, schedule: Schedule,
              done: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The kinds of a case's records due for disposal on `today`, in the order they go
    (an open case keeps everything). Disposing of the case disposes of every kind."""
    if closed_on is None:
        return ()
    due = [k for k in KINDS if k not in done and disposal_day(closed_on, k, schedule) <= today]
    if CASE in due:
        return tuple(k for k in KINDS if k not in done)
    return tuple(due)
