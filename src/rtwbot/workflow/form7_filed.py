"""HR records Form 7 sent: the day the WSIB received it, the WSIB claim number when known,
and whether the worker got their copy (WSIA s.21(4)). Only this closes the Form 7 duty
(`rtwbot.domain.duties`): a supervisor's Done on its reminder passes it to HR. The case then
shows on time, or late by how many business days with the penalty tier; the Form 7
reminders stop for everyone, and the worker's copy is asked for if it is still owed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.clock import Clock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.duties import CLAIM_NUMBER, HR, Record, duty
from rtwbot.store import cases as store
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.workflow import duty_records, team
from rtwbot.workflow.case_nudges import refresh_case_nudges
from rtwbot.workflow.form7_status import outcome_of
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.status import CaseViews

ACTION_OPEN = "form7_record_open"  # a button whose value is the case reference


def record_button(reference: str) -> Button:
    return Button("Record Form 7 sent", ACTION_OPEN, reference)


@dataclass(frozen=True)
class Form7Form:
    reference: str
    due: date | None
    received_on: date | None
    claim_number: str | None
    worker_copy: bool


class Form7Filing:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, views: CaseViews):
        self.db, self.clock, self.calendar, self.views = db, clock, calendar, views

    def _case(self, s: Session, user: str, reference: str) -> Case | Say:
        case = store.case_by_reference(s, reference or "")
        if case is None:
            return Say(text="Which case? Try `/rtw form7 RTW-2026-0001` with the case "
                            "reference.", to_user=user)
        is_hr = any(m.slack_id == user and m.role == team.HR
                    for m in self.views.members(s, case))
        if not is_hr:
            return Say(text=f"Only HR records the Form 7 of *{case.reference}*.", to_user=user)
        if case.reportable != "reportable" or case.form7_due is None:
            return Say(text=f"*{case.reference}* is not reportable to the WSIB, so there is "
                            "no Form 7 to record.", to_user=user)
        return case

    def form(self, user: str, reference: str) -> Form7Form | Say:
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return case
            return Form7Form(case.reference, case.form7_due, case.form7_received_on,
                             case.wsib_claim_number, bool(case.form7_worker_copy))

    def check(self, reference: str, received_on: date | None,
              claim_number: str | None) -> dict[str, str]:
        """One sentence per field the modal must refuse."""
        errors = {}
        today = self.calendar.local_date(self.clock.now())
        with self.db.session() as s:
            case = store.case_by_reference(s, reference or "")
            learned = self.calendar.local_date(case.learned_at) if case is not None else None
        if received_on is None:
            errors["received_on"] = "Pick the date the WSIB received Form 7."
        elif received_on > today:
            errors["received_on"] = "That date is in the future — pick the day it was received."
        elif learned is not None and received_on < learned:
            # Form 7 reports what the employer learned: it cannot arrive before that day.
            errors["received_on"] = (f"That is before the employer learned of it ({dates.day(learned)})"
                                     " — pick the day the WSIB received Form 7.")
        if claim_number and not CLAIM_NUMBER.fullmatch(claim_number.strip()):
            errors["claim_number"] = "A WSIB claim number is letters and digits, like 31234567."
        return errors

    def record(self, user: str, reference: str, received_on: date, claim_number: str | None,
               worker_copy: bool) -> list[Say]:
        now = self.clock.now()
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return [case]
            case.form7_received_on = received_on
            case.wsib_claim_number = (claim_number or "").strip() or None
            case.form7_worker_copy = worker_copy
            case.form7_recorded_by = user
            case.updated_at = now
            outcome = outcome_of(case, self.calendar)
            assert outcome is not None
            store.audit(s, at=now, actor=user, action="case.form7_recorded", case_id=case.id,
                        reference=case.reference, received_on=received_on.isoformat(),
                        business_days_late=outcome.business_days_late,
                        penalty=str(outcome.penalty), worker_copy=worker_copy)
            tz = self.calendar.tz
            duty_records.close(s, case, duty("form7"), role=HR, user=user, now=now,
                               record=Record(on=received_on,
                                             claim_number=case.wsib_claim_number),
                               tz=tz, via=duty_records.VIA_FORM7, correct=True)
            if worker_copy:
                duty_records.close(s, case, duty("form7_worker_copy"), role=HR, user=user,
                                   now=now, record=Record(), tz=tz, via=duty_records.VIA_FORM7)
            s.flush()
            refresh_case_nudges(s, case, now, self.calendar)
            lines = [f":white_check_mark: Recorded for *{case.reference}*. {outcome.sentence()}"]
            if case.wsib_claim_number:
                lines.append(f"WSIB claim number: {case.wsib_claim_number}.")
            if worker_copy:
                lines.append("The worker has their copy (WSIA s.21(4)). The Form 7 reminders "
                             "have stopped.")
            else:
                lines.append("The Form 7 reminders have stopped. Give the worker a copy "
                             "(WSIA s.21(4)) — I'll remind you.")
            return [Say(text="\n".join(lines), to_user=user,
                        events=(("case_changed", case.id),))]
