"""A case's facts as the store keeps them, and the duties they call for.

Three kinds of record are facts of the timeline (`rtwbot.domain.timeline`):

- `case_facts` rows: the report's answers (written when the case is filed, or while a
  report that carries a legal duty is still being answered), and everything learned after:
  an update of the facts, HR's records, the day-8 answer, HR's "contact the worker";
- `functional_info` rows: each health professional's form, learned the day it arrived;
- for a case filed before the timeline existed, its report's answers, learned when the
  employer learned of the accident (or, once updated, on the day its Form 7 clock started).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.late_reason import late_reason
from rtwbot.domain.moment import Moment
from rtwbot.store.cases import audit
from rtwbot.store.fact_models import CaseFact
from rtwbot.store.models import Case, FunctionalInfo

# Who recorded a fact the bot derived itself (the report's answers have their supervisor).
BOT = "rtwbot"
# A form keyed in as the WSIB's word says what the WSIB decided.
_FORM_SOURCES = {"wsib": t.WSIB}


def _fact(row: CaseFact) -> t.Fact:
    detail: Mapping[str, Any] = row.detail or {}
    return t.Fact(row.name, detail.get("value"), row.learned_at, row.source,
                  occurred_at=Moment.of(detail.get("occurred")), recorded_at=row.recorded_at,
                  recorded_by=row.recorded_by)


def _form_facts(s: Session, case_id: int) -> list[t.Fact]:
    out = []
    for row in s.scalars(select(FunctionalInfo).where(FunctionalInfo.case_id == case_id)
                         .order_by(FunctionalInfo.received_at, FunctionalInfo.id)):
        abilities: Mapping[str, Any] = row.abilities or {}
        status = abilities.get("return_status")
        if status not in t.RETURN_STATUSES:
            status = None
        source = _FORM_SOURCES.get(str(abilities.get("said_by")), t.HEALTH_PROFESSIONAL)
        out.append(t.Fact(t.FORM, status, row.received_at, source,
                          recorded_at=row.received_at, recorded_by=row.recorded_by))
    return out


def _legacy_report(case: Case, calendar: WorkCalendar) -> list[t.Fact]:
    """A case filed before its report's facts were kept: the answers as they are now, known
    when the employer learned of the accident — or, for the answers an update changed, on
    the day the Form 7 clock then started (so a recompute never moves it earlier)."""
    answers = case.answers or {}
    facts = t.report_facts(answers, case.learned_at, recorded_at=case.filed_at,
                           recorded_by=case.supervisor_id)
    if answers.get(t.MODIFIED_WORK_START):  # an update wrote it to the answers
        facts.append(t.Fact(t.MODIFIED_WORK_START, answers[t.MODIFIED_WORK_START],
                            case.learned_at, t.SUPERVISOR, recorded_at=case.filed_at))
    if case.facts_updated_at is None or case.obligation_date is None:
        return facts
    started = max(case.learned_at, calendar.start_of_work(case.obligation_date))
    return [f if f.name not in t.REPORTING else
            t.Fact(f.name, f.value, started, f.source, recorded_at=f.recorded_at,
                   recorded_by=f.recorded_by) for f in facts]


def facts_of(s: Session, case: Case, calendar: WorkCalendar) -> list[t.Fact]:
    """Every fact of the case, in the order they were recorded."""
    rows = [_fact(r) for r in s.scalars(select(CaseFact).where(CaseFact.case_id == case.id)
                                          .order_by(CaseFact.id))]
    if not any(f.source == t.SUPERVISOR_REPORT for f in rows):
        rows = _legacy_report(case, calendar) + rows
    return rows + _form_facts(s, case.id)


def base_of(case: Case, calendar: WorkCalendar) -> t.CaseBase:
    answers = case.answers or {}
    # In the employer's zone: a moment's day is a local day (an evening's UTC day is tomorrow).
    tz = calendar.tz
    occurred = Moment.of(answers.get("occurred_at"), tz) or Moment.of(case.occurred_at, tz)
    assert occurred is not None
    return t.CaseBase(occurred=occurred, learned=Moment.of(case.learned_at, tz))  # type: ignore[arg-type]


def duties_of(s: Session, case: Case, calendar: WorkCalendar) -> t.Duties:
    return t.case_duties(base_of(case, calendar), facts_of(s, case, calendar), calendar)


def form7_late_reason(s: Session, case: Case, calendar: WorkCalendar,
                      today: date) -> str | None:
    """Form 7's "If reported late, why" on `today`, as the timeline knows it (None: not
    late)."""
    if case.form7_due is None or today <= case.form7_due:  # not late: no need to ask
        return None
    facts = facts_of(s, case, calendar)
    duties = t.case_duties(base_of(case, calendar), facts, calendar)
    return late_reason(facts, duties, today, calendar)


def worker_contact_held(s: Session, case: Case, calendar: WorkCalendar) -> bool:
    """After a critical injury, nothing goes to the worker until HR says so."""
    return duties_of(s, case, calendar).worker_contact_held


def add_fact(s: Session, case: Case, name: str, value: Any, *, learned_at: datetime,
             source: str, recorded_by: str, now: datetime,
             occurred: Moment | None = None) -> CaseFact:
    """Append one fact (checked by the domain first), with an audit row naming it — never
    its value, which may be medical."""
    t.Fact(name, value, learned_at, source, occurred_at=occurred, recorded_at=now,
           recorded_by=recorded_by)  # raises on a fact the timeline cannot take
    row = CaseFact(case_id=case.id, name=name,
                   detail={"value": value,
                           "occurred": occurred.to_answer() if occurred else None},
                   learned_at=learned_at, source=source, recorded_by=recorded_by,
                   recorded_at=now)
    s.add(row)
    s.flush()
    audit(s, at=now, actor=recorded_by, action="case.fact_recorded", case_id=case.id,
          reference=case.reference, fact=name, source=source,
          learned_at=learned_at.isoformat())
    return row


def sync_report(s: Session, case: Case, answers: Mapping[str, Any], now: datetime,
                recorded_by: str) -> None:
    """The report's answers as facts: a new or changed answer is a new row, every one
    learned when the employer learned of the accident (a report still being answered may
    change that answer: its rows follow)."""
    rows = list(s.scalars(select(CaseFact).where(
        CaseFact.case_id == case.id, CaseFact.source == t.SUPERVISOR_REPORT)
        .order_by(CaseFact.id)))
    latest = {r.name: (r.detail or {}).get("value") for r in rows}
    if any(r.learned_at != case.learned_at for r in rows):
        s.execute(update(CaseFact).where(CaseFact.case_id == case.id,
                                         CaseFact.source == t.SUPERVISOR_REPORT)
                  .values(learned_at=case.learned_at)
                  .execution_options(synchronize_session=False))
    for f in t.report_facts(answers, case.learned_at):
        if f.name not in latest or latest[f.name] != f.value:
            s.add(CaseFact(case_id=case.id, name=f.name, detail={"value": f.value},
                           learned_at=case.learned_at, source=t.SUPERVISOR_REPORT,
                           recorded_by=recorded_by, recorded_at=now))
    s.flush()
