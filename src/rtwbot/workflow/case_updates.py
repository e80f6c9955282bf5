"""Facts learned after filing: health care, an absence, lower pay, modified work (its pay
and start date), a critical injury — and, for HR, the kind of case (not work-related ->
work-related) and whether the worker can perform the essential duties of the pre-injury job
(WSIA s.41). The supervisor who reported the case or HR records them from the case (a
button, or `/rtw update RTW-…`), saying *when the employer learned them* and from whom.

Each change is a fact of the case's timeline (`workflow.facts`), with that learned day: the
whole case is recomputed from all of its facts, so a Form 7 clock runs from the day the
employer learned, however late it is typed — and HR is told when that day is already past
(OPM 15-01-02). HR also decides when a critically injured worker may be contacted
(`release_contact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.clock import Clock
from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.store import cases as store
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.workflow import team
from rtwbot.workflow.case_nudges import Change, refresh_case_nudges
from rtwbot.workflow.duty_notices import change_notices, lateness
from rtwbot.workflow.facts import add_fact, facts_of
from rtwbot.workflow.filing import ACTION_UPDATE_FACTS, fmt_day
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.status import CaseViews

ACTION_OPEN = ACTION_UPDATE_FACTS  # a button whose value is the case reference
ACTION_CONTACT = "worker_contact_release"  # HR: the critically injured worker may be contacted
CRITICAL_EVENT = "critical_injury_known"  # the case is now known to be a critical injury
CONTACT_EVENT = "worker_contact_released"
YES_NO = (("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet"))
MODIFIED = (("none", "No modified work"), ("regular_pay", "Modified work at regular pay"),
            ("reduced_pay", "Modified work at less than regular pay"),
            ("unknown", "Not known yet"))
# The facts anyone who may update can change, their question and their choices.
FACTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("health_care", "Health care beyond first aid (seen a health professional)?", YES_NO),
    ("absent", "Absent from regular work (missed work)?", YES_NO),
    ("lower_pay", "Earning less than regular pay?", YES_NO),
    ("modified_work", "Modified work, and at what pay?", MODIFIED),
    (t.CRITICAL, "Was anyone critically injured or killed (OHSA s.51)?", YES_NO),
)
KINDS = (("work_injury", "Work-related injury"), ("work_illness", "Work-related illness"),
         ("non_occupational", "Not work-related"))
# HR's own facts (HR, or the team through HR, or the WSIB's decision).
HR_FACTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (t.KIND, "Type of case", KINDS),
    (t.ESSENTIAL_DUTIES, "Can the worker perform the essential duties of their pre-injury "
                         "job (WSIA s.41)?", YES_NO),
)
FACT_KEYS = tuple(key for key, _, _ in FACTS)
MODIFIED_START = "modified_work_start"
SOURCE_CHOICES = tuple((k, v[0].upper() + v[1:]) for k, v in t.SOURCES.items()
                       if k != t.SUPERVISOR_REPORT)
STATUS_WORDS = {
    "reportable": "reportable to the WSIB",
    "not_reportable": "not reportable to the WSIB",
    "watch": "not reportable yet (watched until day 8)",
    "not_applicable": "not work-related (no WSIB report)",
}


def update_button(reference: str) -> Button:
    return Button("Update the facts", ACTION_OPEN, reference)


def contact_button(reference: str) -> Button:
    return Button("Contact the worker now", ACTION_CONTACT, reference)


@dataclass(frozen=True)
class UpdateForm:
    """What the update modal shows: the case, its facts as now known, and the day to offer
    as "when did you learn this?" (today)."""

    reference: str
    current: dict[str, str]
    modified_work_start: date | None
    today: date
    is_hr: bool = False
    source: str = t.SUPERVISOR


@dataclass(frozen=True)
class Learned:
    """When and from whom the employer learned what the update says, and (for the
    essential duties) since when it holds."""

    on: date | None = None  # None: today
    source: str | None = None
    since: date | None = None


class CaseUpdates:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, views: CaseViews):
        self.db, self.clock, self.calendar, self.views = db, clock, calendar, views

    # --- who may ----------------------------------------------------------------------
    def _is_hr(self, s: Session, case: Case, user: str) -> bool:
        return any(m.slack_id == user and m.role == team.HR for m in self.views.members(s, case))

    def _may_update(self, s: Session, case: Case, user: str) -> bool:
        if user == case.supervisor_id:
            return True
        return any(m.slack_id == user and m.role in (team.HR, team.REPORTER)
                   for m in self.views.members(s, case))

    def _case(self, s: Session, user: str, reference: str) -> Case | Say:
        ref = (reference or "").strip().upper()
        case = store.case_by_reference(s, ref) if ref else None
        if case is None:
            return Say(text="Which case? Try `/rtw update RTW-2026-0001` with the case "
                            "reference.", to_user=user)
        if not self._may_update(s, case, user):
            return Say(text=f"Only the supervisor who reported *{case.reference}* or HR can "
                            "update its facts.", to_user=user)
        if case.kind == "non_occupational" and not self._is_hr(s, case, user):
            return Say(text=f"*{case.reference}* is not work-related: there are no WSIB "
                            "facts to update. If it is work-related after all, ask HR to "
                            "change the type of case.", to_user=user)
        return case

    # --- the form ---------------------------------------------------------------------
    def form(self, user: str, reference: str) -> UpdateForm | Say:
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return case
            known = t.known_at(facts_of(s, case, self.calendar), None)
            keys = (*FACT_KEYS, t.KIND, t.ESSENTIAL_DUTIES)
            current = {k: str(known[k].value) if k in known and known[k].value is not None
                       else ("no" if k == t.CRITICAL else "unknown") for k in keys}
            start = known.get(t.MODIFIED_WORK_START)
            is_hr = self._is_hr(s, case, user)
            return UpdateForm(
                reference=case.reference, current=current,
                modified_work_start=date.fromisoformat(start.value) if start and start.value
                else None,
                today=self.calendar.local_date(self.clock.now()), is_hr=is_hr,
                source=t.HR if is_hr else t.SUPERVISOR)

    # --- the change -------------------------------------------------------------------
    def apply(self, user: str, reference: str, changes: dict[str, str],
              modified_work_start: date | None = None,
              learned: Learned | None = None) -> list[Say]:
        now = self.clock.now()
        learned = learned or Learned()
        with self.db.session() as s:
            case = self._case(s, user, reference)
            if isinstance(case, Say):
                return [case]
            problem = self._learned_problem(case, learned, now)
            if problem:
                return [Say(text=problem, to_user=user, buttons=(update_button(case.reference),))]
            choices = FACTS + (HR_FACTS if self._is_hr(s, case, user) else ())
            allowed = {key: {v for v, _ in options} for key, _, options in choices}
            clean = {k: v for k, v in changes.items() if k in allowed and v in allowed[k]}
            if modified_work_start is not None:
                clean[MODIFIED_START] = modified_work_start.isoformat()
            return self._apply(s, case, user, clean, learned, now)

    def _learned_problem(self, case: Case, learned: Learned, now: datetime) -> str | None:
        today = self.calendar.local_date(now)
        for day, what in ((learned.on, "learned it"), (learned.since, "it started")):
            if day is None:
                continue
            if day > today:
                return f"The day you {what} is in the future ({fmt_day(day)}): please check it."
            if day < self.calendar.local_date(case.occurred_at):
                return (f"The day you {what} ({fmt_day(day)}) is before the accident "
                        f"({fmt_day(self.calendar.local_date(case.occurred_at))}): please "
                        "check it.")
        return None

    def _learned_at(self, learned: Learned, now: datetime) -> datetime:
        """Today: now. An earlier day: from that day's start (its clocks count from the
        day; nothing counts from an hour nobody said)."""
        if learned.on is None or learned.on >= self.calendar.local_date(now):
            return now
        return datetime.combine(learned.on, time(0, 0), tzinfo=self.calendar.tz)

    def _apply(self, s: Session, case: Case, user: str, changes: dict[str, Any],
               learned: Learned, now: datetime) -> list[Say]:
        learned_at = self._learned_at(learned, now)
        learned_day = self.calendar.local_date(learned_at)  # the employer's day, not UTC's
        source = learned.source if learned.source is not None and learned.source in t.SOURCES \
            else t.HR if self._is_hr(s, case, user) else t.SUPERVISOR
        known = t.known_at(facts_of(s, case, self.calendar), None)
        changed = []
        for name, value in sorted(changes.items()):
            current = known.get(name)
            since = Moment(learned.since) if name == t.ESSENTIAL_DUTIES and learned.since \
                else None
            news = current is None or current.value != value
            told_earlier = current is not None and learned_at < current.learned_at
            if not (news or told_earlier) or (current is None and value in ("unknown", None)):
                continue
            add_fact(s, case, name, value, learned_at=learned_at, source=source,
                     recorded_by=user, now=now, occurred=since)
            changed.append(name)
        was_critical = known.get(t.CRITICAL) is not None and known[t.CRITICAL].value == "yes"
        change = refresh_case_nudges(s, case, now, self.calendar)
        if changed:
            case.facts_updated_at = case.updated_at = now
        store.audit(s, at=now, actor=user, action="case.facts_updated", case_id=case.id,
                    reference=case.reference, changed=changed, reportable=change.after.status,
                    was=change.before.status, learned_on=learned_day.isoformat(),
                    form7_due=change.after.form7_due.isoformat() if change.after.form7_due
                    else None)
        events: tuple[tuple[str, int], ...] = (("case_changed", case.id),)
        if change.duties.critical and not was_critical:
            events += ((CRITICAL_EVENT, case.id),)
        today = self.calendar.local_date(now)
        says = [Say(text=_summary(case.reference, change, changed, learned_day, today),
                    to_user=user, buttons=(update_button(case.reference),), events=events)]
        hr = [m.slack_id for m in self.views.members(s, case)
              if m.role == team.HR and m.slack_id]
        return says + change_notices(case, change, today, hr, self.views.directory.channels.hr,
                                     actor=user)

    # --- HR: the critically injured worker may be contacted -------------------------------
    def release_contact(self, user: str, reference: str) -> list[Say]:
        now = self.clock.now()
        with self.db.session() as s:
            case = store.case_by_reference(s, reference or "")
            if case is None or not self._is_hr(s, case, user):
                return [Say(text=f"Only the case's HR decides when the worker of "
                                 f"*{(reference or '').strip().upper() or 'a case'}* is "
                                 "contacted.", to_user=user)]
            known = t.known_at(facts_of(s, case, self.calendar), None)
            if t.CONTACT_RELEASED in known or not (
                    t.CRITICAL in known and known[t.CRITICAL].value == "yes"):
                return [Say(text=f"Nothing is held back for the worker of *{case.reference}*: "
                                 "their forms and questions go out as usual.", to_user=user)]
            add_fact(s, case, t.CONTACT_RELEASED, "yes", learned_at=now, source=t.HR,
                     recorded_by=user, now=now)
            refresh_case_nudges(s, case, now, self.calendar)
            reference = case.reference
            case_id = case.id
        return [Say(text=(f":white_check_mark: *{reference}*: the worker will now get their "
                          "forms and the question about union representation, and the "
                          "supervisor's reminders to keep in touch begin."),
                    to_user=user, events=((CONTACT_EVENT, case_id), ("case_changed", case_id)))]


def _summary(reference: str, change: Change, changed: list[str], learned_on: date,
             today: date) -> str:
    before, r = change.before, change.after
    if not changed:
        head = f"Nothing changed on *{reference}*."
    else:
        head = (f":memo: Updated the facts of *{reference}*, as learned on "
                f"{dates.day(learned_on)}.")
    lines = [head]
    if change.kind_before != change.duties.kind:
        lines.append("The type of case is now *" + dict(KINDS)[change.duties.kind] + "*.")
    if before.status != r.status:
        lines.append(f"It was {STATUS_WORDS.get(before.status, before.status)}; it is now "
                     f"*{STATUS_WORDS.get(r.status, r.status)}*.")
    else:
        lines.append(f"It is still {STATUS_WORDS.get(r.status, r.status)}.")
    if r.status == "reportable" and r.form7_due and r.obligation_date:
        lines.append(f"*Form 7 to the WSIB by {fmt_day(r.form7_due)}* — the employer learned "
                     f"of the obligation on {fmt_day(r.obligation_date)} (OPM 15-01-02). The "
                     "reminders are re-dated." + lateness(r.form7_due, r.obligation_date, today))
    elif r.status == "watch" and r.recheck_on:
        lines.append(f"I'll ask on {fmt_day(r.recheck_on)} whether the modified work "
                     "continues (OPM 15-01-02).")
    return "\n".join(lines)
