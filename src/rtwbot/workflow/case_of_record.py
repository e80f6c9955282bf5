"""A report that carries a legal duty is a case of record before it is finished.

The employer knows what the supervisor knows the moment he says it. So a report still being
answered becomes a case (with its reference, its facts and its duties) as soon as it carries
a legal duty: at once when someone was critically injured or killed (OHSA s.51 acts on the
answer); and, for a report left unfinished, when its answers already make the accident
reportable to the WSIB (a Form 7 clock is running). Such a report is never discarded: the
supervisor can still finish it, and every answer he adds updates the case
(`update_from_report`); finishing it completes the case (`filing.file_case`).

What is not answered yet is filled in conservatively: the accident happened at the latest
when he started the report, the employer learned of it then (or when it happened, if he
said), and a case whose kind is not said is taken as work-related.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.store import cases as store
from rtwbot.store.models import Case, IntakeSession
from rtwbot.workflow.case_nudges import refresh_case_nudges
from rtwbot.workflow.critical_injury import critical_says
from rtwbot.workflow.duty_notices import change_notices
from rtwbot.workflow.facts import sync_report
from rtwbot.workflow.filing import insert_case
from rtwbot.workflow.outbox import Say

# Answers that, when known, make an accident reportable (OPM 15-01-02).
_TRIGGERS = (("health_care", "yes"), ("absent", "yes"), ("lower_pay", "yes"),
             ("modified_work", "reduced_pay"))


def critical(answers: dict[str, Any]) -> bool:
    """A duty that acts on the answer: OHSA s.51, whatever the kind of case."""
    return answers.get(t.CRITICAL) == "yes"


def carries_duty(answers: dict[str, Any]) -> bool:
    """The report carries a legal duty: a critical injury, or a work-related accident to a
    named person that is already reportable to the WSIB."""
    if critical(answers):
        return True
    employee = answers.get("employee")
    named = isinstance(employee, dict) and bool(employee.get("slack_user_id")
                                                or employee.get("name"))
    work = answers.get(t.KIND) in (None, "work_injury", "work_illness")
    return named and work and any(answers.get(k) == v for k, v in _TRIGGERS)


def _moments(answers: dict[str, Any], started: datetime,
             calendar: WorkCalendar) -> tuple[datetime, datetime]:
    """(occurred_at, learned_at) as instants, from what is answered so far."""
    tz = calendar.tz
    occurred = Moment.of(answers.get("occurred_at"), tz)
    learned = Moment.of(answers.get("learned_at"), tz)
    occurred_at = occurred.instant(tz) if occurred else started
    if learned is not None:
        learned_at = learned.later_of(occurred or Moment.of(started, tz), tz)  # type: ignore[arg-type]
    else:
        learned_at = occurred_at if occurred is not None else started
    return occurred_at, max(occurred_at, learned_at)


def _values(answers: dict[str, Any], started: datetime, calendar: WorkCalendar,
            division: str = "") -> dict[str, Any]:
    """The case's columns from the answers so far; `division`, the supervisor's own, until
    he names one (the union and the committee of his workplace are told meanwhile)."""
    raw_employee = answers.get("employee")
    employee: dict[str, Any] = raw_employee if isinstance(raw_employee, dict) else {}
    occurred_at, learned_at = _moments(answers, started, calendar)
    kind = answers.get(t.KIND) if answers.get(t.KIND) in t.ALLOWED[t.KIND] else t.DEFAULT_KIND
    return dict(
        kind=kind,
        employee_user_id=employee.get("slack_user_id"),
        employee_name=employee.get("name"),
        employee_number=employee.get("employee_number"),
        division=answers.get("division") or division,
        job_title=answers.get("job_title") or "",
        occurred_at=occurred_at,
        learned_at=learned_at,
        answers=dict(answers),
    )


def open_from_report(s: Session, row: IntakeSession, answers: dict[str, Any],
                     now: datetime, calendar: WorkCalendar, division: str = "") -> Case:
    """The case of record for a report still being answered (its reportability and
    deadlines follow from its facts: `refresh_case_nudges`)."""
    case = insert_case(s, intake_id=row.id, supervisor_id=row.supervisor_id, now=now,
                       calendar=calendar, reportable="not_applicable",
                       report_completed_at=None,
                       **_values(answers, row.created_at, calendar, division))
    row.case_id = case.id
    sync_report(s, case, answers, now, row.supervisor_id)
    store.audit(s, at=now, actor=row.supervisor_id, action="case.opened_from_report",
                case_id=case.id, reference=case.reference, intake_id=row.id,
                critical=critical(answers))
    return case


def update_from_report(s: Session, case: Case, row: IntakeSession, answers: dict[str, Any],
                       now: datetime, calendar: WorkCalendar) -> None:
    """What the supervisor added to his unfinished report, onto its case of record."""
    for key, value in _values(answers, row.created_at, calendar, case.division).items():
        setattr(case, key, value)
    case.updated_at = now
    sync_report(s, case, answers, now, row.supervisor_id)


HR = Callable[[str], list[str]]  # a division's HR, as Slack ids


def keep(s: Session, row: IntakeSession, before: dict[str, Any], answers: dict[str, Any],
         now: datetime, *, at_once: bool, calendar: WorkCalendar, hr: HR,
         hr_channel: str, home_division: Callable[[str], str] = lambda _who: "") -> list[Say]:
    """The case of record of a report still being answered: opened the moment it carries a
    duty that acts on the answer (a critical injury; with `at_once` False, as an idle report
    is looked at, any legal duty), then updated with what the supervisor adds. Returns what
    to say about it: the critical injury's duties, HR's note of a case opened from an
    unfinished report, HR's Form 7 clock. A division not said yet is the supervisor's
    (`home_division`)."""
    opened = ""
    if row.case_id is None:
        if not (critical(answers) if at_once else carries_duty(answers)):
            return []
        case = open_from_report(s, row, answers, now, calendar,
                                home_division(row.supervisor_id))
        opened = case.reference
    elif answers != before:
        found = s.get(Case, row.case_id)
        if found is None or found.report_completed_at is not None:
            return []
        case = found
        update_from_report(s, case, row, answers, now, calendar)
    else:
        return []
    change = refresh_case_nudges(s, case, now, calendar)
    people, channel = hr(case.division), hr_channel
    says = []
    if change.duties.critical:
        says += critical_says(s, case, people, channel, now, calendar.tz)
    elif opened:
        text = (f":inbox_tray: A supervisor's report left unfinished already makes the "
                f"accident reportable to the WSIB, so it is on record as *{opened}* with what "
                f"it says so far. Please complete it with <@{row.supervisor_id}>.")
        says += [Say(text=text, to_user=uid) for uid in people] or \
            [Say(text=text, channel=channel)]
    return says + change_notices(case, change, calendar.local_date(now), people, channel)


def unfinished(s: Session, row: IntakeSession, a_week: bool, now: datetime, hr: HR,
               hr_channel: str) -> list[Say]:
    """An unfinished report whose case is on record is kept: a reminder after a day, and
    after a week HR is told once that it was never finished."""
    case = s.get(Case, row.case_id)
    if case is None:
        return []
    if a_week:
        if not store.first_time(s, f"unfinished:{row.id}", now):
            return []
        text = (f"The supervisor's report of *{case.reference}* was started a week ago and "
                "never finished. The case stays on record with what it says; please complete "
                f"what is missing with the supervisor (`/rtw update {case.reference}`).")
        return [Say(text=text, to_user=uid) for uid in hr(case.division)] or \
            [Say(text=text, channel=hr_channel)]
    if row.reminded_at is not None:
        return []
    row.reminded_at = now
    return [Say(to_user=row.supervisor_id, text=(
        f"Reminder: your report is on record as *{case.reference}* but not finished. HR has "
        "what you said so far; reply *where was I* to finish it — what you add updates the "
        "case."))]
