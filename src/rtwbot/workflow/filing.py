"""Filing a confirmed report: the case, its deadlines, and what to tell whom.

`plan_filing` and the message builders are pure; `file_case` is the one place that writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.domain import timeline
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.domain.policies import cite
from rtwbot.domain.reporting import Reportability
from rtwbot.domain.rules import (
    FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS,
    FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS,
)
from rtwbot.domain.stages import Stage
from rtwbot.store import cases as store
from rtwbot.store.models import Case
from rtwbot.workflow.facts import sync_report
from rtwbot.workflow.filing_check import FilingProblem, checked_facts, report_facts
from rtwbot.workflow.outbox import Button, Say, escape

__all__ = ["AlreadyFiled", "FilingPlan", "FilingProblem", "file_case", "plan_filing",
           "report_facts"]

# The "Update the facts" button on a case (handled by workflow.case_updates).
ACTION_UPDATE_FACTS = "case_update_open"

KIND_LABELS = {
    "work_injury": "work-related injury",
    "work_illness": "work-related illness",
    "non_occupational": "not work-related",
}


@dataclass(frozen=True)
class FilingPlan:
    kind: str
    occurred_at: datetime
    learned_at: datetime
    reportability: Reportability
    functional_chase_employee: date
    functional_chase_hr: date


def plan_filing(answers: dict[str, Any], calendar: WorkCalendar, filed_on: date) -> FilingPlan:
    facts = checked_facts(answers, calendar)
    occurred, learned = facts.occurred, facts.learned
    # Stored as instants: a day without a time counts from its start, and a "learned"
    # with only the accident's day is not earlier than the accident's known time.
    learned_at = learned.later_of(occurred, calendar.tz)
    # The report's answers are the case's first facts, said on the filing day: modified
    # work at regular pay reported after day 7 is reportable, never "watched" until a day
    # already past (OPM 15-01-02). The one computation every later fact re-runs.
    duties = timeline.case_duties(
        timeline.CaseBase(occurred=occurred,
                          learned=Moment.of(learned_at, calendar.tz)),  # type: ignore[arg-type]
        timeline.report_facts(answers, learned_at,
                              recorded_at=calendar.start_of_work(filed_on)),
        calendar)
    return FilingPlan(
        kind=facts.case_kind,
        occurred_at=occurred.instant(calendar.tz),
        learned_at=learned_at,
        reportability=duties.reportability,
        # MWP: functional information back "as soon as practicable"; chase on this cadence.
        functional_chase_employee=calendar.add_business_days(
            filed_on, FUNCTIONAL_INFO_REMIND_EMPLOYEE_BUSINESS_DAYS
        ),
        functional_chase_hr=calendar.add_business_days(
            filed_on, FUNCTIONAL_INFO_REMIND_HR_BUSINESS_DAYS
        ),
    )


def fmt_day(d: date) -> str:
    return dates.day(d)


def supervisor_confirmation(case: Case, plan: FilingPlan, employee_label: str,
                            today: date | None = None, contact_held: bool = False) -> Say:
    from rtwbot.workflow.when import relative_day

    r = plan.reportability
    lines = [
        f":white_check_mark: Filed as *{case.reference}* — {KIND_LABELS[plan.kind]} "
        f"involving {employee_label}.",
        "",
        "*Deadlines*",
    ]
    if r.status == "reportable" and r.form7_due:
        lines.append(
            f"• *Form 7 to the WSIB by {relative_day(r.form7_due, today)}* — the WSIB must "
            "receive the "
            f"employer's report within 3 business days after you learned of it. "
            f"Give the worker a copy at the same time. Basis: {cite('15-01-02')}."
        )
        if r.missing:
            lines.append("  Some facts are not known yet: file on time anyway and say what is "
                         "missing.")
    elif r.status == "watch" and r.recheck_on:
        lines.append(
            f"• Not reportable to the WSIB yet. *On {relative_day(r.recheck_on, today)}* I'll "
            "ask whether "
            f"the modified work continues: if it does, the case becomes reportable that day. "
            f"Basis: {cite('15-01-02')}."
        )
    elif r.status == "not_reportable":
        lines.append(f"• Not reportable to the WSIB: {r.reasons[0]}")
    else:
        lines.append("• Not work-related: no WSIB report. It runs under sick credits or LTD.")
    lines.append(
        f"• Functional abilities form back from the health professional as soon as "
        f"practicable — I'll remind the employee on "
        f"{relative_day(plan.functional_chase_employee, today)} "
        f"and HR on {relative_day(plan.functional_chase_hr, today)} if it hasn't come back."
    )
    first = ("1. A critical injury: HR decides when the worker is contacted. Their forms "
             "and questions wait until then." if contact_held else
             "1. Give the employee the Return to Work Information form and the functional "
             "abilities form for their health professional (I'm sending them too).")
    lines += [
        "",
        "*What to do next*",
        first,
        "2. Keep in touch with the employee while they recover"
        + (", once HR says so." if contact_held else "."),
        "3. Never assign tasks beyond their restrictions.",
    ]
    buttons = () if plan.kind == "non_occupational" else (
        Button("Update the facts", ACTION_UPDATE_FACTS, case.reference),)
    return Say(text="\n".join(lines), to_user=case.supervisor_id, buttons=buttons,
               events=(("case_filed", case.id),))


def employee_notice(case: Case, supervisor_name: str) -> Say | None:
    if not case.employee_user_id:
        return None
    text = (
        f"Hello — {escape(supervisor_name)} has reported your injury or illness so we can "
        f"support your return to work (reference *{case.reference}*).\n"
        "*What happens next*\n"
        "1. Take the functional abilities form to your health professional (doctor, "
        "chiropractor, physiotherapist or nurse practitioner). It asks about what you *can* "
        "do — never your diagnosis. The employer pays for it.\n"
        "2. Send the completed form back to me here, as a PDF, as soon as you can.\n"
        "3. Your team will then plan safe, suitable work with you and your union.\n"
        "Ask me *status* any time to see where your plan stands."
    )
    return Say(text=text, to_user=case.employee_user_id)


class AlreadyFiled(Exception):
    def __init__(self, case: Case):
        super().__init__(case.reference)
        self.case = case


def case_values(plan: FilingPlan, answers: dict[str, Any], employee_name: str | None
                ) -> dict[str, Any]:
    """The case's columns from a finished report."""
    employee = answers.get("employee") or {}
    r = plan.reportability
    return dict(
        kind=plan.kind,
        employee_user_id=employee.get("slack_user_id"),
        employee_name=employee_name or employee.get("name"),
        employee_number=employee.get("employee_number"),
        division=answers.get("division") or "",
        job_title=answers.get("job_title") or "",
        occurred_at=plan.occurred_at,
        learned_at=plan.learned_at,
        reportable=r.status,
        form7_due=r.form7_due,
        obligation_date=r.obligation_date,
        recheck_on=r.recheck_on,
        answers=answers,
    )


def insert_case(s: Session, *, intake_id: int, supervisor_id: str, now: datetime,
                calendar: WorkCalendar, **values: Any) -> Case:
    """A new case with the next free reference. A second one for the same intake raises
    AlreadyFiled with the first (the unique intake_session_id decides)."""
    for _attempt in range(5):
        case = Case(reference=store.next_reference(s, calendar.local_date(now).year),
                    stage=Stage.REPORTED.value, supervisor_id=supervisor_id,
                    intake_session_id=intake_id, filed_at=now, updated_at=now, **values)
        try:
            with s.begin_nested():
                s.add(case)
                s.flush()
        except IntegrityError:
            existing = store.case_for_intake(s, intake_id)
            if existing is not None:
                raise AlreadyFiled(existing) from None
            continue  # another case took that reference: count again
        return case
    raise RuntimeError("could not allocate a case reference")


def file_case(
    s: Session,
    *,
    intake_id: int,
    supervisor_id: str,
    answers: dict[str, Any],
    employee_name: str | None,
    now: datetime,
    calendar: WorkCalendar,
) -> tuple[Case, FilingPlan]:
    """File the report in the caller's transaction: a new case, or the case of record its
    unfinished report already opened (a critical injury), completed. A second filing of the
    same intake raises AlreadyFiled with the case."""
    existing = store.case_for_intake(s, intake_id)
    if existing is not None and existing.report_completed_at is not None:
        raise AlreadyFiled(existing)
    plan = plan_filing(answers, calendar, calendar.local_date(now))
    values = case_values(plan, answers, employee_name)
    if existing is not None:
        case = existing
        for key, value in values.items():
            setattr(case, key, value)
        case.report_completed_at = case.updated_at = now
        action = "case.report_completed"
    else:
        case = insert_case(s, intake_id=intake_id, supervisor_id=supervisor_id, now=now,
                           calendar=calendar, report_completed_at=now, **values)
        action = "case.filed"
    sync_report(s, case, answers, now, supervisor_id)
    r = plan.reportability
    store.audit(s, at=now, actor=supervisor_id, action=action, case_id=case.id,
                reference=case.reference, kind=case.kind, reportable=r.status,
                form7_due=r.form7_due.isoformat() if r.form7_due else None)
    return case, plan
