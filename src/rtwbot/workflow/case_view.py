"""One view of a case for every document: the Form 7 and its eForm 7 worksheet, the Return
to Work Information, the Functional Abilities Form and the plan document are all filled from
``case_view`` — the case's facts, HR's roster, the employee's Slack profile and the
directory — so a fact the bot holds reads the same on each, and a fact it does not hold is
blank on each (what each reader may see is decided after, by `documents.redact_context`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select

from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.domain.rules import REEMPLOYMENT_MIN_WORKERS
from rtwbot.forms import build_form_context
from rtwbot.store.db import Database
from rtwbot.store.imwt_models import AGREED, ENDED, EXTENDED, TemporaryPlan
from rtwbot.store.models import Case
from rtwbot.workflow.facts import form7_late_reason
from rtwbot.workflow.roster import RosterBook


class PeopleLookup(Protocol):
    def user(self, user_id: str) -> dict[str, Any] | None: ...

    def name(self, user_id: str) -> str | None: ...


def _safe(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except Exception:  # Slack unreachable: the form says what it does not know
        return None


def _moment(answer: Any, column: datetime | None, calendar: WorkCalendar) -> Any:
    """The report's moment (with whether its time is known) while it agrees with the case's
    own record; the record's day alone once a later change moved it."""
    found = Moment.of(answer, calendar.tz)
    if column is None:
        return answer
    day = column.astimezone(calendar.tz).date()
    if found is not None and found.day == day:
        return answer
    return {"date": day.isoformat(), "time_known": False, "datetime": None}


def roster_row(db: Database, case: Case, people: PeopleLookup) -> dict[str, Any] | None:
    """The employee's row of HR's roster: by number, else their Slack id or work email."""
    def email_of(user_id: str) -> str | None:
        return (_safe(people.user, user_id) or {}).get("email")

    return RosterBook(db).find({"employee_number": case.employee_number,
                                "slack_user_id": case.employee_user_id}, email_of)


def agreed_plan(db: Database, case_id: int) -> dict[str, Any] | None:
    """The latest plan the team agreed (its hours decide lost time on a Form 7 made after
    it: a plan of shorter days is less than regular pay for the hours not worked)."""
    with db.session() as s:
        plan = s.scalars(select(TemporaryPlan).where(
            TemporaryPlan.case_id == case_id,
            TemporaryPlan.state.in_((AGREED, EXTENDED, ENDED)))
            .order_by(TemporaryPlan.number.desc())).first()
        return {"hours": plan.hours, "start": plan.start, "end": plan.end} if plan else None


def _late_reason(db: Database, case: Case, calendar: WorkCalendar, today: date) -> str | None:
    with db.session() as s:
        return form7_late_reason(s, case, calendar, today)


def case_view(case: Case, *, db: Database, directory: Directory, people: PeopleLookup,
              calendar: WorkCalendar, today: date, hr: tuple[str, ...] = (),
              plan: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The form context of `case` (rtwbot.forms.context): every document's one source."""
    employer = directory.employer
    workers = employer.workers or None
    answers = dict(case.answers or {})
    answers["occurred_at"] = _moment(answers.get("occurred_at"), case.occurred_at, calendar)
    answers["learned_at"] = _moment(answers.get("learned_at"), case.learned_at, calendar)
    profile = (_safe(people.user, case.employee_user_id) or {}) if case.employee_user_id else {}
    employee_name = case.employee_name or (
        _safe(people.name, case.employee_user_id) if case.employee_user_id else None)
    division = directory.division(case.division) if case.division else None
    return build_form_context(
        {
            "reference": case.reference,
            "kind": case.kind,
            "filed_at": calendar.local_date(case.filed_at) if case.filed_at else None,
            "form7_due": case.form7_due,
            "obligation_date": case.obligation_date,
            # What the case's facts say of a late Form 7, as of `today` (a copy filled again
            # as of the day it was sent reads as it did then).
            "late_reason": _late_reason(db, case, calendar, today),
            "claim_number": case.wsib_claim_number,
            "answers": answers,
        },
        employer={
            "name": employer.name,
            "address": employer.address,
            "wsib_firm_number": employer.wsib_firm_number,
            "twenty_or_more_workers": None if workers is None
            else workers >= REEMPLOYMENT_MIN_WORKERS,
            **employer.form_fields(),
        },
        worker=roster_row(db, case, people),
        profile={"first_name": profile.get("first_name"), "last_name": profile.get("last_name")},
        division={"bargaining_unit": division.bargaining_unit if division else None,
                  "address": division.address if division else None},
        people={
            "employee": {"name": employee_name, "employee_number": case.employee_number},
            "supervisor": {"name": _safe(people.name, case.supervisor_id)},
            "hr": {"name": _safe(people.name, hr[0]) if hr else None},
        },
        plan=plan,
        today=today,
    )
