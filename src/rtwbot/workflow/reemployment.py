"""The re-employment obligation (WSIA s.41; OPM 19-02-09), wired to the case.

Assessed when a case is filed and again whenever its facts change (a form saying the worker
can work starts the offers; HR, the team or the WSIB recording that the worker can perform
the essential duties of the pre-injury job — never a form's "with restrictions" — starts the
one-year limit); kept in `reemployment_assessments`; told to HR; its end date drives a reminder
(the catalogue's `reemployment_ending`). Closing a case as "employment ended" within
6 months of re-employment records a warning that the law presumes the obligation was not met.

The facts about the worker come in as `EmploymentFacts`: from the intake's answers today
(`employment_from_answers`); an HR roster only has to build the same value.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reemployment import (
    BASIS,
    CaseReemployment,
    EmploymentFacts,
    case_reemployment,
    presumed_not_reemployed,
)
from rtwbot.domain.rules import REEMPLOYMENT_PRESUMPTION_MONTHS
from rtwbot.intake.past_dates import calendar_date
from rtwbot.store.cases import audit
from rtwbot.store.imwt_models import ENDED, Placement, TemporaryPlan
from rtwbot.store.law_models import ReemploymentAssessment
from rtwbot.store.models import Case
from rtwbot.store.roster_models import RosterEmployee
from rtwbot.workflow.facts import duties_of
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring as Bot

log = logging.getLogger(__name__)

WORK_RELATED = ("work_injury", "work_illness")
EVENTS = ("case_filed", "functional_info_recorded", "case_changed")

# Where the worker's facts come from: the intake's answers, until a roster exists.
EmploymentSource = Callable[[Case], EmploymentFacts]


def employment_from_answers(case: Case) -> EmploymentFacts:
    answers: Mapping[str, Any] = case.answers or {}
    return EmploymentFacts(hired_on=calendar_date(answers.get("hired_on")),
                           born_on=calendar_date(answers.get("born_on")))


def with_roster(s: Session, case: Case, facts: EmploymentFacts) -> EmploymentFacts:
    """What the intake left blank, from HR's roster (the employee's row by number): a
    rostered employee is not asked their hire date or date of birth."""
    if (facts.hired_on and facts.born_on) or not case.employee_number:
        return facts
    row = s.scalar(select(RosterEmployee).where(
        RosterEmployee.employee_number == case.employee_number.strip().lstrip("#")))
    record: Mapping[str, Any] = (row.record or {}) if row is not None else {}
    return EmploymentFacts(hired_on=facts.hired_on or calendar_date(record.get("date_of_hire")),
                           born_on=facts.born_on or calendar_date(record.get("date_of_birth")))


def assess(s: Session, case: Case, employer_workers: int | None, calendar: WorkCalendar,
           now: datetime, employment: EmploymentSource = employment_from_answers
           ) -> tuple[CaseReemployment, bool]:
    """Assess from the case's facts and store; returns the result and whether it changed.
    One computation: every notice and the reminder read what is stored here."""
    duties = duties_of(s, case, calendar)
    result = case_reemployment(calendar.local_date(case.occurred_at), employer_workers,
                               with_roster(s, case, employment(case)),
                               medically_able_on=duties.essential_duties_on,
                               suitable_work_on=duties.suitable_work_on)
    row = s.scalar(select(ReemploymentAssessment)
                   .where(ReemploymentAssessment.case_id == case.id))
    detail = {"reasons": list(result.reasons), "end_reason": result.end_reason,
              "employer_workers": employer_workers}
    if row is None:
        row = ReemploymentAssessment(case_id=case.id, assessed_at=now, status="",
                                     detail={})
        s.add(row)
    changed = (row.status, row.starts_on, row.ends_on) != (
        result.status, result.starts_on, result.ends_on)
    row.status, row.starts_on, row.ends_on = result.status, result.starts_on, result.ends_on
    row.detail, row.assessed_at = detail, now
    s.flush()
    if changed:
        audit(s, at=now, actor="rtwbot", action="reemployment.assessed", case_id=case.id,
              status=result.status, starts_on=_iso(result.starts_on),
              ends_on=_iso(result.ends_on))
    return result, changed


def ends_on(s: Session, case_id: int) -> date | None:
    """The end of an obligation that applies (for the reminder), else None."""
    row = s.scalar(select(ReemploymentAssessment)
                   .where(ReemploymentAssessment.case_id == case_id))
    return row.ends_on if row is not None and row.status == "applies" else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _fmt(d: date) -> str:
    return dates.day(d)


def hr_message(case: Case, result: CaseReemployment) -> str:
    """For HR: the assessment in plain words (no diagnosis; dates only)."""
    head = f"*{case.reference}* — re-employment obligation ({BASIS}): "
    if result.status == "applies":
        start = (f"it started on {_fmt(result.starts_on)}, when you learned the worker is "
                 "medically able to work" if result.starts_on else
                 "it starts when you learn the worker is medically able to do the essential "
                 "duties of their job or suitable work")
        return (f"{head}*applies*. {start[0].upper()}{start[1:]}, and lasts until "
                f"{_fmt(result.ends_on)} ({result.end_reason}). I'll remind you before it ends. "
                "Letting the worker go within "
                f"{REEMPLOYMENT_PRESUMPTION_MONTHS} months of re-employing them is presumed "
                "not to meet it.") if result.ends_on else f"{head}*applies*."
    if result.status == "does_not_apply":
        return f"{head}does not apply. " + " ".join(result.reasons)
    if result.status == "unknown":
        return (f"{head}not known yet. " + " ".join(result.reasons)
                + " The obligation needs a year of continuous employment before the injury: "
                f"record the dates with `/rtw employment {case.reference} hired YYYY-MM-DD "
                "born YYYY-MM-DD`.")
    return f"{head}" + " ".join(result.reasons)


# --- Closing: the 6-month presumption ---------------------------------------------------
def reemployed_on(s: Session, case_id: int) -> date | None:
    """When the worker went back to work with the employer: the start of the first plan the
    union approved (or the permanent placement's start)."""
    plan_start = s.scalar(select(TemporaryPlan.start).where(
        TemporaryPlan.case_id == case_id, TemporaryPlan.union_approved_at.is_not(None)
    ).order_by(TemporaryPlan.start))
    if plan_start is None:
        plan_start = s.scalar(select(TemporaryPlan.start).where(
            TemporaryPlan.case_id == case_id, TemporaryPlan.state != ENDED,
            TemporaryPlan.union_waived.is_(True)).order_by(TemporaryPlan.start))
    placed = s.scalar(select(Placement.start).where(Placement.case_id == case_id))
    return min((d for d in (plan_start, placed) if d is not None), default=None)


def presumption_on_close(s: Session, case: Case, closed_on: date, now: datetime,
                         user: str) -> str | None:
    """Closed as "employment ended": within 6 months of re-employment, the law presumes the
    obligation was not met. Records the warning on the case and returns it, else None."""
    if case.kind not in WORK_RELATED:
        return None
    row = s.scalar(select(ReemploymentAssessment)
                   .where(ReemploymentAssessment.case_id == case.id))
    if row is not None and row.status in ("does_not_apply", "out_of_scope"):
        return None
    back = reemployed_on(s, case.id)
    if back is None or not presumed_not_reemployed(back, closed_on):
        return None
    if row is None:
        row = ReemploymentAssessment(case_id=case.id, status="unknown", detail={},
                                     assessed_at=now)
        s.add(row)
    row.presumption_warned_at, row.reemployed_on = now, back
    s.flush()
    audit(s, at=now, actor=user, action="reemployment.presumption_warned", case_id=case.id,
          reemployed_on=back.isoformat(), closed_on=closed_on.isoformat())
    condition = "" if row.status == "applies" else " (if the obligation applies)"
    return (f":warning: Employment ended on {_fmt(closed_on)}, within "
            f"{REEMPLOYMENT_PRESUMPTION_MONTHS} months of the worker's re-employment on "
            f"{_fmt(back)}: the law presumes the employer did not meet its re-employment "
            f"obligation{condition} unless it shows the ending was unrelated to the injury "
            f"({BASIS}). Keep the reasons on file; the WSIB may ask.")


# --- Wiring -----------------------------------------------------------------------------
def register(bot: Bot) -> None:
    from rtwbot.workflow.case_nudges import refresh_case_nudges

    def on_event(event: str) -> Callable[[int], list[Say]]:
        def handler(case_id: int) -> list[Say]:
            with bot.db.session() as s:
                case = s.get(Case, case_id)
                if case is None or case.kind not in WORK_RELATED:
                    return []
                now = bot.clock.now()
                result, changed = assess(s, case, bot.directory.employer.workers,
                                         bot.calendar, now)
                refresh_case_nudges(s, case, now, bot.calendar)
                if not changed:
                    return []
                text = hr_message(case, result)
            return [Say(text=text, channel=bot.directory.channels.hr)]
        return handler

    for event in EVENTS:
        bot.on(event, on_event(event))


# --- HR records the worker's facts after filing (`/rtw employment RTW-… hired … born …`) ------
USAGE = ("Say it like `/rtw employment RTW-2026-0001 hired 2019-03-04 born 1980-07-14` "
         "(either date may be left out).")


def parse_employment_command(text: str) -> tuple[str, dict[str, str]] | str:
    """(reference, {"hired_on": text, "born_on": text}) or a one-sentence problem."""
    words = text.split()
    if not words or not words[0].upper().startswith("RTW-"):
        return USAGE
    reference, rest = words[0].upper(), " ".join(words[1:])
    found: dict[str, str] = {}
    for key, label in (("hired_on", "hired"), ("born_on", "born")):
        match = re.search(rf"\b{label}\s+(.+?)(?=\s+\b(?:hired|born)\b|$)", rest,
                          flags=re.IGNORECASE)
        if match:
            found[key] = match.group(1).strip()
    if not found:
        return USAGE
    return reference, found


def record_employment(s: Session, case: Case, found: Mapping[str, str], user: str,
                      now: datetime, today: date, injury_day: date) -> str | None:
    """Store the hire date and/or date of birth on the case (HR's word); a problem or None."""
    days: dict[str, date] = {}
    for key, text in found.items():
        day = calendar_date(text)
        if day is None or day > today or day.year < 1900:
            return f"I could not read “{text[:40]}” as a past date; use YYYY-MM-DD."
        if key == "hired_on" and day > injury_day:
            return "The hire date is after the injury: please check it."
        days[key] = day
    answers = dict(case.answers or {})
    answers.update({k: day.isoformat() for k, day in days.items()})
    case.answers = answers
    case.updated_at = now
    audit(s, at=now, actor=user, action="reemployment.facts_recorded", case_id=case.id,
          fields=sorted(found))
    return None


def record_facts_command(bot: Bot, user: str, text: str) -> list[Say]:
    """`/rtw employment RTW-… hired … born …`, for the case's HR only: record, re-assess,
    and say the result to the person (and HR's channel, when it changed)."""
    parsed = parse_employment_command(text)
    if isinstance(parsed, str):
        return [Say(text=parsed, to_user=user)]
    reference, found = parsed
    from rtwbot.store.cases import case_by_reference

    with bot.db.session() as s:
        case = case_by_reference(s, reference)
        hr = {bot.people.resolve(ref) for ref in bot.directory.hr_for(case.division)} \
            if case is not None else set()
        if case is None or user not in hr:
            return [Say(text=f"Only the case's HR representative can record that for "
                             f"{reference}.", to_user=user)]
        now = bot.clock.now()
        problem = record_employment(s, case, found, user, now, bot.calendar.local_date(now),
                                    bot.calendar.local_date(case.occurred_at))
        if problem:
            return [Say(text=problem, to_user=user)]
        result, _changed = assess(s, case, bot.directory.employer.workers, bot.calendar, now)
        from rtwbot.workflow.case_nudges import refresh_case_nudges

        refresh_case_nudges(s, case, now, bot.calendar)
        text = hr_message(case, result)
    return [Say(text=f"Recorded. {text}", to_user=user, events=(("case_changed", case.id),))]
