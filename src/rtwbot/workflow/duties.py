"""The duty table applied to a case: who pressed a reminder's button, and what it may do.

Every reminder button comes here first. The presser's roles on the case (HR, supervisor,
employee, union from the case's team; committee from the directory) and the role the pressed
copy was sent to decide, through `rtwbot.domain.duties`:

- someone with neither a copy nor a right to close it is refused kindly; nothing changes;
- a recipient who may not close the duty acknowledges their own copy only (a supervisor's
  Done on a Form 7 reminder records "passed to HR"); the duty and everyone else's reminders
  go on;
- someone entitled is asked for what discharges the duty (a small modal: when, by whom...)
  unless there is nothing to ask; the record (who, when, with what) then closes it for
  everyone (`workflow.duty_records`).

`/rtw duties RTW-…` lists a case's duties with who closed what, and a Record button for those
the person may close. Open case shows only what `privacy` lets that person see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.clock import Clock
from rtwbot.domain import privacy
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.duties import (
    COMMITTEE,
    DUTIES,
    EMPLOYEE,
    HR,
    ROLE_SHORT,
    SUPERVISOR,
    UNION,
    Ask,
    Duty,
    Record,
    Verdict,
    check_record,
    closing_role,
    copy_words,
    duty,
    duty_of_reminder,
    may_snooze,
    on_done,
)
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.nudges.service import LIVE, NudgeService
from rtwbot.store.audit_log import record_view
from rtwbot.store.cases import audit, case_by_reference
from rtwbot.store.db import Database
from rtwbot.store.duty_models import DutyRecord, records_of
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import ACKNOWLEDGED, Nudge
from rtwbot.workflow import duty_records as records
from rtwbot.workflow import team
from rtwbot.workflow.case_nudges import refresh_case_nudges
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.status import CaseViews

REFUSED = ("This reminder is not yours to act on, so I have left it as it is. If you think "
           "it should be, please ask your HR representative.")
ACTION_RECORD = "duty_record_open"  # ":<duty>" follows; the value is "RTW-…|<duty>"

_ROLE_OF_MEMBER = {team.HR: HR, team.REPORTER: SUPERVISOR, team.DIVISION_REP: SUPERVISOR,
                   team.UNION: UNION, team.SAFETY_REP: UNION, team.EMPLOYEE: EMPLOYEE}


@dataclass(frozen=True)
class DutyForm:
    """What the record modal asks, for one duty of one case."""

    reference: str
    duty: str
    name: str
    discharge: str
    asks: tuple[Ask, ...]
    today: date
    user: str  # who is recording: the default "by whom"
    nudge_id: int | None = None
    modal: str = "duty"  # "form7": Form 7's own modal records it


@dataclass(frozen=True)
class Pressed:
    """What a Done did: `verdict` (or "gone"), a sentence for the presser, and for ASK the
    form to open. `changed`: the reminder's message is to be redrawn with `text`."""

    verdict: str
    text: str = ""
    case_id: int | None = None
    form: DutyForm | None = None
    changed: bool = False


class Duties:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, views: CaseViews):
        self.db, self.clock, self.calendar, self.views = db, clock, calendar, views
        self.service = NudgeService(db, clock, calendar)

    # --- who the presser is ---------------------------------------------------------------
    def roles_of(self, s: Session, case: Case, user: str) -> frozenset[str]:
        roles = {_ROLE_OF_MEMBER[m.role] for m in self.views.members(s, case)
                 if m.slack_id == user and m.in_slack and m.role in _ROLE_OF_MEMBER}
        if user == case.supervisor_id:
            roles.add(SUPERVISOR)
        if user and user == case.employee_user_id:
            roles.add(EMPLOYEE)
        directory = self.views.directory
        if any(self._is(ref, user) for ref in directory.committee_for(case.division)):
            roles.add(COMMITTEE)
        return frozenset(roles)

    def _is(self, ref: str, user: str) -> bool:
        return (self.views.by_email(ref) if "@" in ref else ref) == user

    def _pressed(self, s: Session, nudge_id: int, user: str
                 ) -> tuple[Nudge, Case, Duty | None, frozenset[str]] | None:
        row = s.get(Nudge, nudge_id)
        if row is None:
            return None
        case = s.get(Case, row.case_id)
        assert case is not None, row.case_id  # a foreign key: the case stays
        d = records.duty_of_row(s, row)
        return row, case, d, self.roles_of(s, case, user)

    def _now(self) -> datetime:
        return self.clock.now()

    def _when(self, dt: datetime) -> str:
        return records.when(dt, self.calendar.tz)

    # --- the buttons ----------------------------------------------------------------------
    def done(self, nudge_id: int, user: str) -> Pressed:
        with self.db.session() as s:
            found = self._pressed(s, nudge_id, user)
            if found is None:
                return Pressed("gone", "That reminder no longer exists.")
            row, case, d, roles = found
            decision = on_done(d or _ANY, roles, row.recipient_role)
            if decision.verdict is Verdict.REFUSE:
                audit(s, at=self._now(), actor=user, action="duty.refused", case_id=case.id,
                      nudge_id=nudge_id, button="done")
                return Pressed("refuse", REFUSED)
            root = records.root_of(s, row)
            # The duty theirs to close (None: only their own copy is theirs).
            closing = d if decision.verdict in (Verdict.ASK, Verdict.CLOSE) else None
            if closing is not None and \
                    (done := records.existing(s, case.id, closing, root.id)) is not None:
                return Pressed("gone", _already(done, self.calendar.tz), case.id)
            # A one-off duty still open may be closed from any of its copies; a copy's own
            # acknowledgement, or a per-reminder duty, needs the reminder still live.
            if row.state not in LIVE and not (closing is not None and not closing.per_reminder):
                return Pressed("gone", self._not_live(row), case.id)
            if closing is None:
                return self._copy(s, row, case, d, user, decision.role)
            if decision.verdict is Verdict.ASK:
                return Pressed("ask", case_id=case.id, form=self._form(
                    case, closing, decision.asks, user, nudge_id))
            assert decision.role is not None  # ASK and CLOSE name the role
            now = self._now()
            closed = records.close(s, case, closing, role=decision.role, user=user, now=now,
                                   record=Record(), tz=self.calendar.tz,
                                   via=records.VIA_REMINDER, nudge_id=root.id)
            if not closed.new:
                return Pressed("gone", _already(closed.record, self.calendar.tz), case.id)
            refresh_case_nudges(s, case, now, self.calendar)
            return Pressed("close", f"Done — {closing.name}: recorded by <@{user}> on "
                                    f"{self._when(now)}.", case.id, changed=True)

    def _not_live(self, row: Nudge) -> str:
        if row.state == ACKNOWLEDGED and row.acknowledged_at is not None:
            return (f"Already acknowledged by <@{row.acknowledged_by}> on "
                    f"{self._when(row.acknowledged_at)}.")
        return self.service.not_open(row).text

    def _copy(self, s: Session, row: Nudge, case: Case, d: Duty | None, user: str,
              role: str | None) -> Pressed:
        """Their own copy: its reminders stop; the duty stays open for whoever it binds."""
        now = self._now()
        outcome = self.service.acknowledge_in(s, row.id, user, now.astimezone(UTC),
                                              only_this=row.parent_id is not None)
        if not outcome.done:
            return Pressed("gone", outcome.text, case.id)
        if d is None:
            return Pressed("copy", outcome.text, case.id, changed=True)
        words = copy_words(d, role)
        audit(s, at=now, actor=user, action="duty.copy_acknowledged", case_id=case.id,
              duty=d.key, role=role, words=words, nudge_id=row.id)
        head = words[0].upper() + words[1:]
        return Pressed("copy", f"{head} — recorded by <@{user}> on {self._when(now)}. "
                               f"{_stays_open(d)}", case.id, changed=True)

    def may_act(self, nudge_id: int, user: str, *, close: bool = False) -> str | None:
        """None when `user` may press this reminder's other buttons (Snooze: their own copy
        or theirs to close; an answer that closes it, with `close`: theirs to close);
        otherwise the kind refusal to show."""
        with self.db.session() as s:
            found = self._pressed(s, nudge_id, user)
            if found is None:
                return "That reminder no longer exists."
            row, case, d, roles = found
            d = d or _ANY
            allowed = (closing_role(d, roles, row.recipient_role) is not None if close
                       else may_snooze(d, roles, row.recipient_role))
            if not allowed:
                audit(s, at=self._now(), actor=user, action="duty.refused", case_id=case.id,
                      nudge_id=nudge_id, button="answer" if close else "snooze")
                return REFUSED
            return None

    def answered(self, nudge_id: int, user: str) -> None:
        """A reminder closed by its own answer (the day-8 question, an employee's check-in):
        recorded like any closing."""
        with self.db.session() as s:
            found = self._pressed(s, nudge_id, user)
            if found is None:
                return
            row, case, d, roles = found
            if d is None:
                return
            role = closing_role(d, roles, row.recipient_role)
            if role is not None:
                records.close(s, case, d, role=role, user=user, now=self._now(), record=Record(),
                              tz=self.calendar.tz, via=records.VIA_REMINDER,
                              nudge_id=records.root_of(s, row).id)

    def open_case(self, nudge_id: int, user: str) -> str:
        """The case as this person may see it on a reminder (privacy's NUDGE view), this
        reminder if it is theirs, and where its duty stands. An outsider: nothing at all."""
        with self.db.session() as s:
            found = self._pressed(s, nudge_id, user)
            if found is None:
                return privacy.NOTHING_TO_SHOW
            row, case, d, roles = found
            members = self.views.members(s, case)
            relations = privacy.relations(user, self.views.people(s, case, members))
            audience: Literal["staff", "employee"] = \
                "employee" if Relation.EMPLOYEE in relations else "staff"
            shown = privacy.redact(self.views.full_view(s, case, members, audience, user),
                                   relations, View.NUDGE)
            own = row.recipient_role in roles
            if not shown and not own:
                audit(s, at=self._now(), actor=user, action="duty.refused", case_id=case.id,
                      nudge_id=nudge_id, button="open")
                return privacy.NOTHING_TO_SHOW
            lines = []
            if Field.REFERENCE in shown:
                stage = f" — {shown[Field.STAGE]}" if Field.STAGE in shown else ""
                lines.append(f"*{shown[Field.REFERENCE]}*{stage}")
            if shown.get(Field.EMPLOYEE_NAME) and audience == "staff":
                lines.append(f"Employee: {shown[Field.EMPLOYEE_NAME]}")
            due = dates.day(row.due_at.astimezone(self.calendar.tz))
            lines.append(f"This reminder (due {due}): {row.message}")
            if d is not None and Field.FORM7_DUE in privacy.visible_fields(relations, View.NUDGE):
                lines.append(self._standing(s, case, d))
            now = self._now()
            if shown:
                record_view(s, at=now, viewer=user, case_id=case.id, view=View.NUDGE)
            else:
                audit(s, at=now, actor=user, action="nudge.opened", case_id=case.id,
                      nudge_id=nudge_id)
            return "\n".join(lines)

    def _standing(self, s: Session, case: Case, d: Duty) -> str:
        done = [r for r in records_of(s, case.id) if r.duty == d.key]
        if done and not d.per_reminder:
            return records.record_line(done[-1], self.calendar.tz)
        return f"{d.name}: open — {d.discharge}."

    # --- the record ------------------------------------------------------------------------
    def _form(self, case: Case, d: Duty, asks: Iterable[Ask], user: str,
              nudge_id: int | None) -> DutyForm:
        return DutyForm(case.reference, d.key, d.name, d.discharge, tuple(asks),
                        self.calendar.local_date(self._now()), user, nudge_id, d.modal)

    def form(self, user: str, reference: str, key: str,
             nudge_id: int | None = None) -> DutyForm | Say:
        """The record modal for `key` on the case, or why it cannot open."""
        with self.db.session() as s:
            found = self._entitled(s, user, reference, key, nudge_id)
            if isinstance(found, Say):
                return found
            case, d, role = found
            if (done := records.existing(s, case.id, d, nudge_id)) is not None:
                return Say(text=_already(done, self.calendar.tz), to_user=user)
            return self._form(case, d, d.asks_for(role), user, nudge_id)

    def _entitled(self, s: Session, user: str, reference: str, key: str,
                  nudge_id: int | None) -> tuple[Case, Duty, str] | Say:
        case = case_by_reference(s, reference or "")
        try:
            d = duty(key)
        except KeyError:
            d = None
        if case is None or d is None:
            return Say(text=privacy.NOTHING_TO_SHOW, to_user=user)
        copy_role = None
        if nudge_id is not None and (row := s.get(Nudge, nudge_id)) is not None:
            copy_role = row.recipient_role
        role = closing_role(d, self.roles_of(s, case, user), copy_role)
        if role is None:
            who = " or ".join(ROLE_SHORT[r] for r in d.closers) or "nobody (it closes itself)"
            return Say(text=f"Only {who} can record “{d.name}” for *{case.reference}*.",
                       to_user=user)
        return case, d, role

    def submit(self, user: str, reference: str, key: str, record: Record,
               nudge_id: int | None = None) -> tuple[dict[str, str], list[Say]]:
        """The record modal sent: (errors keyed by what was asked, or what to say). Closes
        the duty, if `user` may, with `record`."""
        now = self._now()
        with self.db.session() as s:
            found = self._entitled(s, user, reference, key, nudge_id)
            if isinstance(found, Say):
                return {}, [found]
            case, d, role = found
            errors = check_record(d.asks_for(role), record,
                                  now=now.astimezone(self.calendar.tz),
                                  earliest=self.calendar.local_date(case.occurred_at))
            if errors:
                return errors, []
            root = None
            if nudge_id is not None and (row := s.get(Nudge, nudge_id)) is not None:
                root = records.root_of(s, row).id
            via = records.VIA_REMINDER if nudge_id else records.VIA_COMMAND
            closed = records.close(s, case, d, role=role, user=user, now=now, record=record,
                                   tz=self.calendar.tz, via=via, nudge_id=root)
            if not closed.new:
                return {}, [Say(text=_already(closed.record, self.calendar.tz), to_user=user)]
            if d.key == "form7_worker_copy":
                case.form7_worker_copy = True
            s.flush()
            refresh_case_nudges(s, case, now, self.calendar)
            line = records.record_line(closed.record, self.calendar.tz)
            return {}, [Say(text=f":white_check_mark: Recorded for *{case.reference}*: {line}. "
                                 "Its reminders have stopped.", to_user=user,
                            events=(("case_changed", case.id),))]

    # --- /rtw duties RTW-… ---------------------------------------------------------------
    def listing(self, user: str, reference: str) -> Say:
        """The case's duties: done (who, when) or open (due, who closes it), with a Record
        button for each open one this person may close."""
        with self.db.session() as s:
            case = case_by_reference(s, reference or "")
            roles = self.roles_of(s, case, user) if case is not None else frozenset()
            if case is None or not roles:
                return Say(text=privacy.NOTHING_TO_SHOW, to_user=user)
            staff = bool(roles & {HR, SUPERVISOR})
            lines, buttons = [f"*{case.reference}* — duties"], []
            for d, due in self._duties_of(s, case):
                role = closing_role(d, roles)
                holds = any(r in roles for k, r in d.reminders if r) or d.binds in roles
                if not (staff or role or holds):
                    continue
                done = [r for r in records_of(s, case.id) if r.duty == d.key]
                if done and not d.per_reminder:
                    lines.append(f"• :white_check_mark: {records.record_line(done[-1], self.calendar.tz)}")
                    continue
                when = f" (due {dates.day(due.astimezone(self.calendar.tz))})" if due else ""
                lines.append(f"• {d.name}{when}: open — {d.discharge}.")
                if role and d.asks_for(role) and not d.per_reminder:
                    # Action ids are unique within a message: one per duty.
                    buttons.append(Button(f"Record: {d.name}"[:75], f"{ACTION_RECORD}:{d.key}",
                                          f"{case.reference}|{d.key}"))
            record_view(s, at=self._now(), viewer=user, case_id=case.id, view=View.CASE_DETAIL)
        return Say(text="\n".join(lines), to_user=user, buttons=tuple(buttons[:20]))

    def _duties_of(self, s: Session, case: Case) -> list[tuple[Duty, datetime | None]]:
        """The duties the case has carried (a reminder of them, or a record), with the
        earliest due time of a live reminder."""
        found: dict[str, tuple[Duty, datetime | None]] = {}
        for row in s.scalars(select(Nudge).where(Nudge.case_id == case.id,
                                                 Nudge.parent_id.is_(None))
                             .order_by(Nudge.due_at)):
            d = duty_of_reminder(row.kind, row.recipient_role)
            if d is None:
                continue
            due = row.due_at if row.state in LIVE else None
            prior = found.get(d.key)
            if prior is None or (prior[1] is None and due is not None):
                found[d.key] = (d, due)
        for r in records_of(s, case.id):
            found.setdefault(r.duty, (duty(r.duty), None))
        order = {d.key: i for i, d in enumerate(DUTIES)}
        return sorted(found.values(), key=lambda pair: order.get(pair[0].key, 99))


def _already(r: DutyRecord, tz: tzinfo) -> str:
    return f"Already recorded: {records.record_line(r, tz)}."


def _stays_open(d: Duty) -> str:
    if d.key == "form7":
        return "HR's reminder goes on until HR records Form 7 sent to the WSIB."
    return f"“{d.name}” stays open until {d.discharge}."


# A reminder kind the table does not name: only its own recipient may acknowledge it.
_ANY = Duty("other", "This reminder", "", "", HR, {}, "its recipient acknowledges it", ())
