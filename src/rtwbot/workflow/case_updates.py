"""Facts that change after filing: health care, an absence, lower pay, modified work (its
pay and start date). The supervisor who reported the case or HR updates them from the case
(a button, or `/rtw update RTW-…`); every change re-runs reportability, and a case that
becomes reportable gets its Form 7 clock from the day the employer learned of it, with the
reminders re-dated (OPM 15-01-02).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reassessment import reassess
from rtwbot.domain.reporting import Reportability
from rtwbot.domain.reporting import Status as ReportStatus
from rtwbot.store import cases as store
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.workflow import team
from rtwbot.workflow.case_nudges import refresh_case_nudges
from rtwbot.workflow.filing import ACTION_UPDATE_FACTS, fmt_day
from rtwbot.workflow.filing_check import report_facts
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.status import CaseViews

ACTION_OPEN = ACTION_UPDATE_FACTS  # a button whose value is the case reference
YES_NO = (("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet"))
MODIFIED = (("none", "No modified work"), ("regular_pay", "Modified work at regular pay"),
            ("reduced_pay", "Modified work at less than regular pay"),
            ("unknown", "Not known yet"))
# The facts that can change, their question and their choices.
FACTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("health_care", "Health care beyond first aid (seen a health professional)?", YES_NO),
    ("absent", "Absent from regular work (missed work)?", YES_NO),
    ("lower_pay", "Earning less than regular pay?", YES_NO),
    ("modified_work", "Modified work, and at what pay?", MODIFIED),
)
FACT_KEYS = tuple(key for key, _, _ in FACTS)
MODIFIED_START = "modified_work_start"
STATUS_WORDS = {
    "reportable": "reportable to the WSIB",
    "not_reportable": "not reportable to the WSIB",
    "watch": "not reportable yet (watched until day 8)",
    "not_applicable": "not work-related (no WSIB report)",
}


def update_button(reference: str) -> Button:
    return Button("Update the facts", ACTION_OPEN, reference)


@dataclass(frozen=True)
class UpdateForm:
    """What the update modal shows: the case and its facts as now known."""

    reference: str
    current: dict[str, str]
    modified_work_start: date | None


class CaseUpdates:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, views: CaseViews):
        self.db, self.clock, self.calendar, self.views = db, clock, calendar, views

    # --- who may ----------------------------------------------------------------------
    def _may_update(self, s: Session, case: Case, user: str) -> bool:
        if user == case.supervisor_id:
            return True
        return any(m.slack_id == user and m.role in (team.HR, team.REPORTER)
                   for m in self.views.members(s, case))

    def _case(self, s: Session, user: str, reference: str) -> Case | Say:
        ref = (reference or "").strip().upper()
        case = s.scalar(select(Case).where(Case.reference == ref)) if ref else None
        if case is None:
            return Say(text="Which case? Try `/rtw update RTW-2026-0001` with the case "
                            "reference.", to_user=user)
        if not self._may_update(s, case, user):
            return Say(text=f"Only the supervisor who reported *{case.reference}* or HR can "
                            "update its facts.", to_user=user)
        if case.kind == "non_occupational":
            return Say(text=f"*{case.reference}* is not work-related: there are no WSIB "
                            "facts to update.", to_user=user)
        return case

    # --- the form ---------------------------------------------------------------------
    def form(self, user: str, reference: str) -> UpdateForm | Say:
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return case
            answers = case.answers or {}
            start = answers.get(MODIFIED_START)
            return UpdateForm(
                reference=case.reference,
                current={k: str(answers.get(k) or "unknown") for k in FACT_KEYS},
                modified_work_start=date.fromisoformat(start) if start else None,
            )

    # --- the change -------------------------------------------------------------------
    def apply(self, user: str, reference: str, changes: dict[str, str],
              modified_work_start: date | None = None) -> list[Say]:
        now = self.clock.now()
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return [case]
            allowed = {key: {v for v, _ in choices} for key, _, choices in FACTS}
            clean = {k: v for k, v in changes.items() if k in allowed and v in allowed[k]}
            return [self._apply(s, case, user, clean, modified_work_start, now)]

    def _apply(self, s: Session, case: Case, user: str, changes: dict[str, str],
               start: date | None, now: datetime) -> Say:
        answers: dict[str, Any] = dict(case.answers or {})
        changed = sorted(k for k, v in changes.items() if answers.get(k) != v)
        answers.update(changes)
        if start is not None:
            if answers.get(MODIFIED_START) != start.isoformat():
                changed.append(MODIFIED_START)
            answers[MODIFIED_START] = start.isoformat()
        before = Reportability(status=cast(ReportStatus, case.reportable), reasons=(),
                               obligation_date=case.obligation_date, form7_due=case.form7_due)
        told_on = self.calendar.local_date(now)
        r = reassess(report_facts(answers, self.calendar), self.calendar, told_on=told_on,
                     previous=before, modified_work_start=start)
        if case.form7_received_on is not None and before.status == "reportable":
            r = before  # Form 7 is already with the WSIB: the clock is history
        case.answers = answers
        case.reportable, case.obligation_date = r.status, r.obligation_date
        case.form7_due, case.recheck_on = r.form7_due, r.recheck_on
        case.facts_updated_at = case.updated_at = now
        store.audit(s, at=now, actor=user, action="case.facts_updated", case_id=case.id,
                    reference=case.reference, changed=changed, reportable=r.status,
                    was=before.status,
                    form7_due=r.form7_due.isoformat() if r.form7_due else None)
        s.flush()
        refresh_case_nudges(s, case, now, self.calendar)
        return Say(text=_summary(case.reference, before, r, changed),
                   to_user=user, buttons=(update_button(case.reference),),
                   events=(("case_changed", case.id),))


def _summary(reference: str, before: Reportability, r: Reportability,
             changed: list[str]) -> str:
    if not changed:
        head = f"Nothing changed on *{reference}*."
    else:
        head = f":memo: Updated the facts of *{reference}*."
    lines = [head]
    if before.status != r.status:
        lines.append(f"It was {STATUS_WORDS.get(before.status, before.status)}; it is now "
                     f"*{STATUS_WORDS.get(r.status, r.status)}*.")
    else:
        lines.append(f"It is still {STATUS_WORDS.get(r.status, r.status)}.")
    if r.status == "reportable" and r.form7_due and r.obligation_date:
        lines.append(f"*Form 7 to the WSIB by {fmt_day(r.form7_due)}* — the employer learned "
                     f"of the obligation on {fmt_day(r.obligation_date)} (OPM 15-01-02). The "
                     "reminders are re-dated.")
    elif r.status == "watch" and r.recheck_on:
        lines.append(f"I'll ask on {fmt_day(r.recheck_on)} whether the modified work "
                     "continues (OPM 15-01-02).")
    return "\n".join(lines)
