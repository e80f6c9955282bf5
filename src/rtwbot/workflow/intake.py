"""The report conversation, stored after every answer.

The pure engine (`rtwbot.intake`) decides what an answer means; this use case loads the
supervisor's report in progress, applies one input with compare-and-set (so two messages
handled at once never both win), files the case on Confirm, and returns what to say.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.clinical_terms import description_note
from rtwbot.intake import INJURY_REPORT, Action, IntakeContext, IntakeState, Reply, step
from rtwbot.intake.navigation import first_unanswered
from rtwbot.intake.prefill import start_with_facts
from rtwbot.intake.state import CANCELLED, DONE, SUMMARY
from rtwbot.store import cases as store
from rtwbot.store import submitted_views
from rtwbot.store.db import Database
from rtwbot.store.models import IntakeSession
from rtwbot.workflow import case_of_record as of_record
from rtwbot.workflow.case_nudges import refresh_case_nudges
from rtwbot.workflow.critical_injury import critical_says
from rtwbot.workflow.filing import (
    AlreadyFiled,
    FilingProblem,
    employee_notice,
    file_case,
    supervisor_confirmation,
)
from rtwbot.workflow.filing_blocked import cannot_file
from rtwbot.workflow.outbox import Button, Say, escape
from rtwbot.workflow.roster import RosterBook, RosterLookup

log = logging.getLogger(__name__)

# An idle report gets one reminder after a day and is discarded after a week — unless it
# carries a legal duty (workflow.case_of_record): then it is kept, on record.
REMIND_AFTER = timedelta(hours=24)
DISCARD_AFTER = timedelta(days=7)
KEPT_ON_RECORD = ("The case stays on record: what you reported carries a legal duty, and HR "
                  "has it. Nothing more is asked of you here.")
MAX_CAS_RETRIES = 5


# Said during a report, only these mean "a report" rather than an answer.
START_COMMAND = re.compile(
    r"^\s*(/rtw )?((start )?(a )?new report|report( an? (injury|illness))?|new case)[.!]?\s*$", re.I
)


def is_start_command(text: str) -> bool:
    return bool(START_COMMAND.match(text or ""))


class IntakeWorkflow:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        calendar: WorkCalendar,
        directory: Directory,
        resolve_user: Callable[[str], dict[str, Any] | None],
        resolve_ref: Callable[[str], str | None] | None = None,
    ):
        self.db, self.clock, self.calendar, self.directory = db, clock, calendar, directory
        self.resolve_user, self.resolve_ref = resolve_user, resolve_ref
        self.roster = RosterLookup(RosterBook(db), resolve_user, resolve_ref)

    # --- context for the pure engine -------------------------------------------------
    def context(self) -> IntakeContext:
        directory = self.directory

        def titles(answers: Mapping[str, Any]) -> tuple[str, ...]:
            # The division's titles once it is known; every division's before.
            return directory.job_titles(answers.get("division"))

        return IntakeContext(
            now=self.clock.now(),
            tz=self.calendar.tz,
            divisions=directory.division_names(),
            resolve_user=self.resolve_user,
            job_titles_for=titles,
            find_employee=self.roster.find_employee,
            roster_for=self.roster.facts_for,
            has_roster=self.roster.has_roster,
        )

    # --- entry points ----------------------------------------------------------------
    def has_active(self, supervisor: str) -> bool:
        with self.db.session() as s:
            return store.active_intake(s, supervisor) is not None

    def start(self, supervisor: str, channel: str | None = None,
              new: bool = False, opening: str = "", critical: bool = False) -> list[Say]:
        """Begin a report. With one already under way, ask whether to continue it or to
        start another (about someone else) — unless `new` says which. `opening`: the first
        message, whose facts are taken; `critical`: it may name a critical injury, so that
        question is asked first."""
        with self.db.session() as s:
            row = store.active_intake(s, supervisor)
            if row is not None and not new:
                who = (IntakeState.from_dict(row.state).displays.get("employee")
                       or "someone not named yet")
                return [Say(
                    text=f"You have a report in progress about {who}. Continue it, or start "
                         "a new report about someone else?",
                    to_user=supervisor,
                    buttons=(Button("Continue that report", "intake_resume", str(row.id),
                                    "primary"),
                             Button("Start a new report", "intake_new", "new")),
                )]
            now = self.clock.now()
            state, reply, _taken = start_with_facts(INJURY_REPORT, self.context(), opening,
                                                    critical=critical)
            row = IntakeSession(
                supervisor_id=supervisor, channel_id=channel, status="active",
                state=state.to_dict(), version=0, created_at=now, updated_at=now,
            )
            s.add(row)
            s.flush()
            store.audit(s, at=now, actor=supervisor, action="intake.started",
                        intake_id=row.id)
            return [self._say(supervisor, row.id, reply)]

    def handle(self, supervisor: str, given: str | Action,
               intake_id: int | None = None, origin: str | None = None) -> list[Say] | None:
        """Apply typed text or a click to the report. None when no report is in progress
        (the caller then treats the message as something else). `origin` names the message
        a click came from ("channel:ts"): a click on an earlier message is answered once
        per message and person, and further clicks on it say nothing."""
        who: dict[str, Any] | None = None  # the supervisor, looked up before filing writes anything
        for _ in range(MAX_CAS_RETRIES + 1):
            try:
                says = self._apply(supervisor, given, intake_id, origin, who)
            except _LookUpFirst:  # nothing written yet: Slack is never called holding writes
                who = self.resolve_user(supervisor) or {}
                continue
            if says is not _RETRY:
                return cast("list[Say] | None", says)  # _apply's answer but _RETRY
        log.warning("Intake %s: gave up after %d concurrent updates", intake_id, MAX_CAS_RETRIES)
        return [Say(text="Sorry, I couldn't save that — please send it again.", to_user=supervisor)]

    def _apply(self, supervisor: str, given: Any, intake_id: int | None, origin: str | None,
               who: dict[str, Any] | None) -> Any:
        """One try of `handle`: its replies, None, or _RETRY (another message won)."""
        with self.db.session() as s:
            row = self._row(s, supervisor, intake_id)
            if row is None:
                return None
            if row.status != "active":
                return [self._finished(s, supervisor, row)]
            before = IntakeState.from_dict(row.state)
            state, reply = step(INJURY_REPORT, before, given, self.context())
            if reply.kind == "confirmed" and who is None:
                raise _LookUpFirst
            status = {DONE: "done", CANCELLED: "cancelled"}.get(state.current, "active")
            now = self.clock.now()
            key = _employee_key(state.answers)
            if not store.save_intake(s, row, state=state.to_dict(), status=status, now=now,
                                     employee_key=key):
                return _RETRY  # another message won the race: apply ours to its result
            if key and key != row.employee_key and status == "active" \
                    and row.case_id is None:
                other = store.other_active_intake(s, supervisor, key, exclude=row.id)
                if other is not None:
                    return self._continue_other(s, row, other, now)
            if reply.kind == "confirmed":
                return self._file(s, row, state.answers, now, before=before, who=who)
            if status == "cancelled":
                store.audit(s, at=now, actor=supervisor, action="intake.cancelled",
                            intake_id=row.id)
            if reply.stale and origin and \
                    not store.first_time(s, f"stale:{origin}:{supervisor}", now):
                return []  # told already: the message below it shows where we are
            told = self._keep_record(s, row, before.answers, state.answers, now,
                                     at_once=True)
            if status == "cancelled" and row.case_id is not None:
                told.append(Say(to_user=supervisor, text=KEPT_ON_RECORD))
            return [*told, self._say(supervisor, row.id, reply)]

    def _continue_other(self, s: Session, row: IntakeSession, other: IntakeSession,
                        now: datetime) -> list[Say]:
        """One report in progress per supervisor per employee: fold this one into the
        report already under way about the same person."""
        row.status, row.state, row.updated_at = "discarded", {"merged_into": other.id}, now
        other.updated_at = now  # it becomes the report in progress
        store.audit(s, at=now, actor=row.supervisor_id, action="intake.merged",
                    intake_id=row.id, into=other.id)
        _, reply = step(INJURY_REPORT, IntakeState.from_dict(other.state), "where was I",
                        self.context())
        lead = ("You already have a report in progress about this person, so let's finish "
                "that one instead.")
        return [self._say(row.supervisor_id, other.id, reply, lead=lead)]

    # --- a report that carries a legal duty ----------------------------------------
    def _keep_record(self, s: Session, row: IntakeSession, before: dict[str, Any],
                     answers: dict[str, Any], now: datetime, at_once: bool) -> list[Say]:
        return of_record.keep(s, row, before, answers, now, at_once=at_once,
                              calendar=self.calendar, hr=self._hr,
                              hr_channel=self.directory.channels.hr,
                              home_division=self._home_division)

    def _hr(self, division: str) -> list[str]:
        resolve = self.resolve_ref or (lambda _ref: None)
        return [uid for ref in self.directory.hr_for(division) if (uid := resolve(ref))]

    def _home_division(self, supervisor: str) -> str:
        """The division the directory names this supervisor in (first one), or ""."""
        resolve = self.resolve_ref or (lambda _ref: None)
        return next((d.name for d in self.directory.divisions
                     if any(resolve(ref) == supervisor for ref in d.division_reps)), "")

    # --- idle reports ----------------------------------------------------------------
    def tend_idle(self) -> list[Say]:
        """Remind once after a day; discard (with a note) after a week — unless the report
        carries a legal duty: it is then a case of record (HR is told), never discarded.
        Run on a timer."""
        now, out = self.clock.now(), []
        with self.db.session() as s:
            # Only reports idle for a day matter: the rest are not even loaded (or decrypted).
            rows = s.scalars(select(IntakeSession).where(
                IntakeSession.status == "active", IntakeSession.updated_at <= now - REMIND_AFTER))
            for row in rows:
                idle = now - row.updated_at
                answers = IntakeState.from_dict(row.state).answers
                out += self._keep_record(s, row, answers, answers, now, at_once=False)
                if row.case_id is not None:
                    out += of_record.unfinished(s, row, idle >= DISCARD_AFTER, now, self._hr,
                                                self.directory.channels.hr)
                elif idle >= DISCARD_AFTER:
                    row.status, row.state = "discarded", {"discarded": True}
                    row.updated_at = now
                    store.audit(s, at=now, actor="rtwbot", action="intake.discarded",
                                intake_id=row.id)
                    out.append(Say(
                        text="I discarded the injury report you started a week ago and never "
                             "finished, so no half-finished details are kept. If it still "
                             "needs reporting, say *report* and we'll start again.",
                        to_user=row.supervisor_id))
                elif idle >= REMIND_AFTER and row.reminded_at is None:
                    row.reminded_at = now
                    out.append(Say(
                        text="Reminder: you have an injury report in progress. The WSIB "
                             "deadline runs from when you learned of the injury — reply "
                             "*where was I* to pick it up, or *cancel* to drop it.",
                        to_user=row.supervisor_id))
        return out

    # --- internals -------------------------------------------------------------------
    def _row(self, s: Session, supervisor: str, intake_id: int | None) -> IntakeSession | None:
        if intake_id is not None:
            row = s.get(IntakeSession, intake_id)
            if row is None or row.supervisor_id != supervisor:
                return None  # a click on someone else's report does nothing
            return row
        return store.active_intake(s, supervisor)

    def _finished(self, s: Session, supervisor: str, row: IntakeSession) -> Say:
        case = store.case_for_intake(s, row.id)
        if case is not None:
            return Say(text=f"That report is already filed as *{case.reference}*.",
                       to_user=supervisor)
        return Say(text="That report was closed. Say *report* to start a new one.",
                   to_user=supervisor)

    # --- the modal ---------------------------------------------------------------------
    def _modal_draft(self, s: Session, supervisor: str, view_id: str | None) -> IntakeSession | None:
        """The report a modal's answer already made (see `modal_answer`)."""
        if not view_id:
            return None
        return s.scalar(select(IntakeSession).where(
            IntakeSession.supervisor_id == supervisor, IntakeSession.status == "active",
            IntakeSession.channel_id == _modal_key(view_id)))

    def modal_answer(self, supervisor: str, answers: dict[str, Any], view_id: str) -> list[Say]:
        """An answer in the report modal before it is submitted: a critical injury acts on
        the answer. The modal's answers so far become a report in progress (which the
        supervisor can finish in the modal, or in a DM if he closes it) and its case of
        record; later answers update it."""
        now = self.clock.now()
        with self.db.session() as s:
            row = self._modal_draft(s, supervisor, view_id)
            if row is None and not of_record.critical(answers):
                return []
            before = {} if row is None else IntakeState.from_dict(row.state).answers
            state = _draft_state(answers, now, self.context())
            if row is None:
                row = IntakeSession(supervisor_id=supervisor, channel_id=_modal_key(view_id),
                                    status="active", state=state.to_dict(), version=0,
                                    created_at=now, updated_at=now,
                                    employee_key=_employee_key(answers))
                s.add(row)
                s.flush()
                store.audit(s, at=now, actor=supervisor, action="intake.started",
                            intake_id=row.id, source="modal")
            else:
                row.state, row.updated_at = state.to_dict(), now
                row.version += 1
            return self._keep_record(s, row, before, answers, now, at_once=True)

    def file_answers(self, supervisor: str, answers: dict[str, Any], source: str,
                     view: tuple[str, str | None] | None = None) -> list[Say]:
        """File a report whose answers were all given at once (the modal) — the report its
        critical answer already made, when there is one. `view`: the modal's view id and the
        press's trigger: one view files one case, its completion committed with the case
        (`store.submitted_views`)."""
        now = self.clock.now()
        who = self.resolve_user(supervisor) or {}  # Slack first, then the one transaction
        try:
            with self.db.session() as s:
                row = self._modal_draft(s, supervisor, view[0] if view else None)
                if row is None:
                    row = IntakeSession(supervisor_id=supervisor, channel_id=source,
                                        status="done",
                                        state={"answers": answers, "source": source}, version=1,
                                        created_at=now, updated_at=now,
                                        employee_key=_employee_key(answers))
                    s.add(row)
                else:
                    row.status, row.updated_at = "done", now
                    row.state = {"answers": answers, "source": source}
                s.flush()
                says = self._file(s, row, answers, now, view=view, who=who)
        except ViewAlreadyDone:  # another press of this view filed it: nothing is kept
            assert view is not None
            return [Say(text=submitted_views.outcome_of(self.db, view[0]) or FILED_BEFORE,
                        to_user=supervisor)]
        if description_note("description", answers.get("description")):
            says.append(Say(to_user=supervisor, text=(
                "Your description of what happened may include medical detail, such as a "
                "diagnosis or a treatment. It is used only in the employer's report, never "
                "shown to the team; the WSIB needs what happened, not the diagnosis — if "
                "you'd like to rephrase it, please tell HR before the report is sent.")))
        return says

    def _file(self, s: Session, row: IntakeSession, answers: dict[str, Any], now: datetime,
              before: IntakeState | None = None,
              view: tuple[str, str | None] | None = None, *,
              who: dict[str, Any] | None) -> list[Say]:
        employee = answers.get("employee") or {}
        try:
            with s.begin_nested():  # a failure undoes the filing, not the whole request
                case, plan = file_case(
                    s, intake_id=row.id, supervisor_id=row.supervisor_id, answers=answers,
                    employee_name=employee.get("name"), now=now, calendar=self.calendar,
                )
                row.case_id = case.id
                change = refresh_case_nudges(s, case, now, self.calendar)
                plan = replace(plan, reportability=change.after)  # with every fact known
                if view is not None and not submitted_views.complete(
                        s, view[0], view[1], filed_before(case.reference), now):
                    raise ViewAlreadyDone
        except AlreadyFiled as already:
            return [Say(text=f"That report is already filed as *{already.case.reference}*.",
                        to_user=row.supervisor_id)]
        except ViewAlreadyDone:
            raise
        except Exception as exc:  # noqa: BLE001 - filing must never trap the person
            if not isinstance(exc, FilingProblem):
                log.exception("Filing report %s failed", row.id)
                exc = FilingProblem(None, "")
            if before is None:  # the modal: its answers become a report to fix in chat
                before = IntakeState(current=SUMMARY, answers=dict(answers))
            return [cannot_file(s, row, before, exc, now)]
        supervisor = who or {}
        says = [supervisor_confirmation(case, plan, _employee_label(employee),
                                        today=self.calendar.local_date(now),
                                        contact_held=change.duties.worker_contact_held)]
        if not change.duties.worker_contact_held:  # after a critical injury, HR decides
            notice = employee_notice(case, supervisor.get("real_name") or "Your supervisor")
            if notice:
                says.append(notice)
        if change.duties.critical:
            says += critical_says(s, case, self._hr(case.division),
                                  self.directory.channels.hr, now, self.calendar.tz)
        return says

    def _say(self, supervisor: str, intake_id: int, reply: Reply, lead: str = "") -> Say:
        text = f"{lead}\n{reply.text}" if lead else reply.text
        return Say(text=text, to_user=supervisor,
                   extra={"intake": reply, "intake_id": intake_id})


def _modal_key(view_id: str) -> str:
    return f"modal:{view_id}"[:32]


def _draft_state(answers: dict[str, Any], now: datetime, ctx: IntakeContext) -> IntakeState:
    """A report in progress holding the modal's answers, at its first unanswered question."""
    nxt = first_unanswered(INJURY_REPORT, answers)
    local = now.astimezone(ctx.tz).isoformat()
    return IntakeState(current=nxt.key if nxt else SUMMARY, answers=dict(answers),
                       displays={}, started_at=local, updated_at=local)
class _LookUpFirst(Exception):
    """The report is about to be filed: look the supervisor up in Slack before writing."""


_RETRY = object()  # another message changed the report first: apply this one to its result


class ViewAlreadyDone(Exception):
    """Another press of the report modal filed its case first."""


FILED_BEFORE = "That report is already filed."


def filed_before(reference: str) -> str:
    """What a report modal submitted again is told: where its case is, and how to change a
    fact now."""
    return (f"That report is already filed as *{reference}* — one report, one case. To "
            f"change a fact now, use `/rtw update {reference}`.")


def _employee_key(answers: dict[str, Any]) -> str | None:
    employee = answers.get("employee")
    if not isinstance(employee, dict):
        return None
    if employee.get("slack_user_id"):
        return str(employee["slack_user_id"])
    return f"#{employee.get('employee_number') or employee.get('name')}"


def _employee_label(employee: dict[str, Any]) -> str:
    if employee.get("slack_user_id"):
        return f"<@{employee['slack_user_id']}>"
    number = f" (#{escape(employee['employee_number'])})" if employee.get("employee_number") else ""
    return f"{escape(employee.get('name') or 'the employee')}{number}"

