"""The employer's obligation to re-employ an injured worker (WSIA s.41; OPM 19-02-09).

It applies when the employer regularly employs 20 or more workers and the worker had
worked there continuously for at least a year before the injury. It lasts until the
earliest of the 2nd anniversary of the injury, 1 year after the worker is medically able
to do the essential duties of the pre-injury job, and the worker's 65th birthday.
The construction industry has its own rules (OPM 19-05-02) and is out of scope here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from rtwbot import dates
from rtwbot.domain.calendar import add_months, add_years
from rtwbot.domain.rules import (
    REEMPLOYMENT_AGE_LIMIT,
    REEMPLOYMENT_MAX_YEARS_AFTER_INJURY,
    REEMPLOYMENT_MIN_SERVICE_YEARS,
    REEMPLOYMENT_MIN_WORKERS,
    REEMPLOYMENT_PRESUMPTION_MONTHS,
    REEMPLOYMENT_YEARS_AFTER_FIT,
)

BASIS = "WSIA s.41; OPM 19-02-09"
Status = Literal["applies", "does_not_apply", "out_of_scope"]


@dataclass(frozen=True)
class ReemploymentFacts:
    injury_date: date
    employer_workers: int  # workers the employer regularly employs
    employed_since: date  # start of the worker's continuous employment
    birth_date: date | None = None
    medically_able_on: date | None = None  # able to do the pre-injury job's essential duties
    resigned_on: date | None = None  # a voluntary resignation
    construction: bool = False


@dataclass(frozen=True)
class ReemploymentObligation:
    status: Status
    reasons: tuple[str, ...]
    ends_on: date | None = None  # the obligation lasts until (not including) this day
    end_reason: str | None = None
    basis: str = BASIS

    def active_on(self, day: date) -> bool:
        return self.status == "applies" and (self.ends_on is None or day < self.ends_on)


def _end_candidates(facts: ReemploymentFacts) -> list[tuple[date, str]]:
    ends = [
        (
            add_years(facts.injury_date, REEMPLOYMENT_MAX_YEARS_AFTER_INJURY),
            "the 2nd anniversary of the injury",
        )
    ]
    if facts.medically_able_on is not None:
        ends.append(
            (
                add_years(facts.medically_able_on, REEMPLOYMENT_YEARS_AFTER_FIT),
                "1 year after the worker became medically able to do the essential duties "
                "of the pre-injury job",
            )
        )
    if facts.birth_date is not None:
        ends.append(
            (add_years(facts.birth_date, REEMPLOYMENT_AGE_LIMIT), "the worker's 65th birthday")
        )
    if facts.resigned_on is not None:
        ends.append((facts.resigned_on, "the worker's voluntary resignation"))
    return ends


def reemployment_obligation(facts: ReemploymentFacts) -> ReemploymentObligation:
    """Whether the re-employment obligation applies and when it ends."""
    if facts.construction:
        return ReemploymentObligation(
            status="out_of_scope",
            reasons=(
                "The construction industry has its own re-employment rules (OPM 19-05-02), "
                "which rtwbot does not apply.",
            ),
        )
    refusals = []
    if facts.employer_workers < REEMPLOYMENT_MIN_WORKERS:
        refusals.append(
            f"The employer regularly employs fewer than {REEMPLOYMENT_MIN_WORKERS} workers "
            f"({BASIS})."
        )
    service_needed_from = add_years(facts.injury_date, -REEMPLOYMENT_MIN_SERVICE_YEARS)
    if facts.employed_since > service_needed_from:
        refusals.append(
            f"The worker had not been employed continuously for {REEMPLOYMENT_MIN_SERVICE_YEARS} "
            f"year before the injury ({BASIS})."
        )
    if facts.birth_date is not None and \
            add_years(facts.birth_date, REEMPLOYMENT_AGE_LIMIT) <= facts.injury_date:
        refusals.append(f"The worker was {REEMPLOYMENT_AGE_LIMIT} or older when injured: the "
                        f"obligation ends at {REEMPLOYMENT_AGE_LIMIT} ({BASIS}).")
    if refusals:
        return ReemploymentObligation(status="does_not_apply", reasons=tuple(refusals))

    ends_on, end_reason = min(_end_candidates(facts), key=lambda pair: pair[0])
    reasons = [
        f"The employer regularly employs {REEMPLOYMENT_MIN_WORKERS} or more workers and the "
        f"worker had worked there continuously for at least {REEMPLOYMENT_MIN_SERVICE_YEARS} "
        f"year before the injury ({BASIS}).",
        f"The obligation lasts until {dates.day(ends_on)}: {end_reason}.",
    ]
    if facts.birth_date is None:
        reasons.append("The worker's birth date is not recorded, so the age limit is not counted.")
    return ReemploymentObligation(
        status="applies", reasons=tuple(reasons), ends_on=ends_on, end_reason=end_reason
    )


def presumed_not_reemployed(reemployed_on: date, terminated_on: date) -> bool:
    """A worker re-employed and let go within 6 months is presumed not to have been
    re-employed properly (WSIA s.41; OPM 19-02-09)."""
    return (
        reemployed_on <= terminated_on <= add_months(reemployed_on, REEMPLOYMENT_PRESUMPTION_MONTHS)
    )


# --- From a case's facts --------------------------------------------------------------
@dataclass(frozen=True)
class EmploymentFacts:
    """What re-employment needs to know about the worker: asked at intake today; an HR
    roster can supply the same values later (`employment_from_roster`-style adapters only
    have to build this)."""

    hired_on: date | None = None  # start of the continuous employment
    born_on: date | None = None


@dataclass(frozen=True)
class CaseReemployment:
    """The obligation for one case: whether it applies, from when, until when."""

    status: Literal["applies", "does_not_apply", "out_of_scope", "unknown"]
    reasons: tuple[str, ...]
    starts_on: date | None = None  # the employer learned the worker can do suitable work
    ends_on: date | None = None  # lasts until (not including) this day
    end_reason: str | None = None
    basis: str = BASIS


def case_reemployment(
    injury_date: date,
    employer_workers: int | None,
    employment: EmploymentFacts,
    medically_able_on: date | None = None,
    construction: bool = False,
    suitable_work_on: date | None = None,
) -> CaseReemployment:
    """Re-employment for a case from the employer's size, the worker's hire and birth dates,
    the day the worker became medically able to perform the essential duties of the
    pre-injury job (`medically_able_on`: recorded by HR, the team or the WSIB — never read
    from a form's "with restrictions"; it ends the obligation a year later) and the day the
    employer learned the worker can do suitable work (`suitable_work_on`: the offers start;
    the essential duties' day when earlier) (WSIA s.41; OPM 19-02-09). Facts not known yet
    make the answer "unknown", with the reason, unless what is known already rules it out."""
    workers = employer_workers if employer_workers and employer_workers > 0 else None
    if workers is not None and workers < REEMPLOYMENT_MIN_WORKERS and not construction:
        return CaseReemployment("does_not_apply", (
            f"The employer regularly employs fewer than {REEMPLOYMENT_MIN_WORKERS} workers "
            f"({BASIS}).",))
    missing = [name for name, value in (("the employer's number of workers", workers),
                                        ("the worker's hire date", employment.hired_on))
               if value is None]
    if missing and not construction:
        return CaseReemployment("unknown", (
            f"Whether the re-employment obligation applies is not known: {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not recorded ({BASIS}).",))
    result = reemployment_obligation(ReemploymentFacts(
        injury_date=injury_date,
        employer_workers=workers or 0,
        employed_since=employment.hired_on or injury_date,
        birth_date=employment.born_on,
        medically_able_on=medically_able_on,
        construction=construction,
    ))
    if result.status != "applies":
        return CaseReemployment(result.status, result.reasons)
    reasons = list(result.reasons)
    starts_on = min((d for d in (suitable_work_on, medically_able_on) if d), default=None)
    if starts_on is None:
        reasons.append("It starts when the employer learns the worker is medically able to do "
                       "the essential duties of the pre-injury job or suitable work.")
    else:
        reasons.append(f"It started on {starts_on.isoformat()}, when the employer "
                       "learned the worker is medically able to work.")
    return CaseReemployment("applies", tuple(reasons), starts_on=starts_on,
                            ends_on=result.ends_on, end_reason=result.end_reason)
