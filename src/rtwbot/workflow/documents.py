"""The forms a filed case needs, filled and posted to the people who need them.

Wiring: :func:`register` adds :meth:`DocumentsWorkflow.on_case_filed` as the follow-up of
``case_filed`` (the event on the supervisor's filing confirmation); the bot (rtwbot.runtime)
calls it.

What goes to whom:

- the **Employer's Report of Injury** (``employer-report``: the content of the WSIB's Form 7)
  to the supervisor who reported it and to the division's HR contact(s), for a work-related
  case that is reportable or being watched (the day-8 line). A case that is not work-related,
  or not reportable (first aid only), has no Form 7;
- the **Return to Work Information** and **Functional Abilities** forms (``rtwi``,
  ``functional-abilities``) to the employee, for their health professional; when the
  employee is not on Slack, to the supervisor to hand over.

Each recipient's copy holds only what :mod:`rtwbot.domain.privacy` lets that person see
(:func:`allowed_fields`): what happened and the body parts reach the employer's report
alone. Files go through the files v2 upload flow into the recipient's DM, one upload per
recipient (the package is one message with two files). Each file is recorded as a
``Document`` with an audit event; once the package is out, the case moves from ``reported``
to ``awaiting_functional_info``. File names carry the case reference and the form name only.

A document already recorded for a recipient is not posted again. The uploads are outbox rows
written with the Document rows (see rtwbot.slack.relay): a crash or a Slack outage delays
them, it neither loses nor repeats them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.privacy import CasePeople, Field, Relation, relations
from rtwbot.domain.stages import Action, Stage, transition
from rtwbot.forms import FilledForm, FormFillError, FormRegistry, fill
from rtwbot.forms.form7 import worksheet_rows
from rtwbot.store.cases import audit
from rtwbot.store.db import Database, rowcount
from rtwbot.store.models import Case, Document
from rtwbot.workflow.case_updates import CONTACT_EVENT
from rtwbot.workflow.case_view import agreed_plan, case_view
from rtwbot.workflow.document_copies import (  # noqa: F401 - the documents' own names
    CASE_SECTIONS,
    CONTEXT_FIELDS,
    EFORM7_WORKSHEET,
    EMPLOYER_REPORT,
    PERSONAL_SECTIONS,
    allowed_fields,
    redact_context,
)
from rtwbot.workflow.duty_notices import REPORTABLE_EVENT
from rtwbot.workflow.facts import duties_of
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.outbox import FileToSend, Say, Upload, escape

log = logging.getLogger(__name__)

RTWI = "rtwi"
FUNCTIONAL_ABILITIES = "functional-abilities"
PACKAGE = (RTWI, FUNCTIONAL_ABILITIES)
# Reportability (domain.reporting) for which the employer's report is prepared at filing:
# due now, or ready for the day the modified work passes day 7 (OPM 15-01-02).
FORM7_STATUSES = frozenset({"reportable", "watch"})
WORK_RELATED = frozenset({"work_injury", "work_illness"})

TITLES = {
    EMPLOYER_REPORT: "Employer's report",
    EFORM7_WORKSHEET: "eForm 7 worksheet",
    RTWI: "Return to Work Information",
    FUNCTIONAL_ABILITIES: "Functional Abilities",
}


# --- who gets what -----------------------------------------------------------------------
@dataclass(frozen=True)
class Copy:
    """What one person is sent: one message carrying one or more filled forms."""

    user: str
    templates: tuple[str, ...]
    comment: str


@dataclass(frozen=True)
class CaseFacts:
    """What the messages need about the case (read once, outside the session)."""

    case_id: int
    reference: str
    kind: str
    reportable: str
    form7_due: Any
    recheck_on: Any
    supervisor: str
    employee: str | None
    employee_name: str | None
    worker_contact_held: bool = False  # a critical injury: HR decides when
    # The supervisor did not know the employee number, or gave one HR's roster lacks.
    number_flag: str | None = None


def number_flag(employee: Any) -> str | None:
    """HR's note about the employee number the report came with, if it needs checking."""
    if not isinstance(employee, dict) or employee.get("slack_user_id"):
        return None
    if employee.get("number_unknown"):
        return "The supervisor did not know the employee number: please add it."
    if employee.get("not_on_roster"):
        return (f"Employee number {escape(str(employee.get('employee_number')))} is not on "
                "HR's roster: please check it.")
    return None


def case_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        case_id=case.id, reference=case.reference, kind=case.kind,
        reportable=case.reportable, form7_due=case.form7_due, recheck_on=case.recheck_on,
        supervisor=case.supervisor_id,
        employee=case.employee_user_id, employee_name=case.employee_name,
        number_flag=number_flag((case.answers or {}).get("employee")),
    )


def _you_and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def employer_report_comment(facts: CaseFacts, *, for_hr: bool, updated: bool = False) -> str:
    ref = facts.reference
    who = f" — reported by <@{facts.supervisor}>" if for_hr else ", filled in from your report"
    if facts.reportable == "reportable" and facts.form7_due:
        blanks = ("the blue fields left for HR (the social insurance number, which rtwbot "
                  "never stores, and the declaration)" if for_hr else
                  "what is still blank (HR completes the worker's personal details)")
        when = (f"It must reach the WSIB by *{fmt_day(facts.form7_due)}*: check it, fill in "
                f"{blanks} and give the worker a copy when it is filed.")
    else:
        recheck = f" on {fmt_day(facts.recheck_on)}" if facts.recheck_on else ""
        when = ("Nothing to file yet: it is ready in case the modified work goes past day 7 "
                f"and the case becomes reportable (I'll ask{recheck}).")
    text = f":page_facing_up: *Employer's report* for *{ref}*{who}. {when}"
    if updated:
        text = (f":arrows_counterclockwise: *Updated employer's report* for *{ref}*: the "
                f"facts changed since the last copy, which it replaces. {when}")
    if for_hr and facts.number_flag:
        text += f"\n:warning: {facts.number_flag}"
    if for_hr:
        text += ("\nThe *eForm 7 worksheet* lists the values in the order the WSIB's eForm 7 "
                 "asks for them, with what is not known yet and why."
                 f"\nIf the functional abilities form comes back on paper, enter it with "
                 f"`/rtw abilities {ref}`.")
    return text


def package_comment(facts: CaseFacts, *, to_employee: bool) -> str:
    ref = facts.reference
    if to_employee:
        return (
            f":page_facing_up: Your *Return to Work Information* and *Functional Abilities* "
            f"forms for *{ref}*. Please take them to your health professional: they ask what "
            "you *can* do, never your diagnosis, and the employer pays for them. When the "
            "functional abilities form is filled in, send me the PDF here — or, if it's on "
            "paper, a photo of it: I'll pass it to HR."
        )
    name = escape(facts.employee_name or "the employee")
    return (
        f":page_facing_up: The *Return to Work Information* and *Functional Abilities* forms "
        f"for *{ref}*. {name} isn't on Slack, so please print them and hand them over for "
        "their health professional. When the completed form comes back, send me the PDF here, "
        f"or enter it with `/rtw abilities {ref}`."
    )


def plan_copies(facts: CaseFacts, hr: Iterable[str]) -> list[Copy]:
    """Who gets which forms for a newly filed case (see the module docstring)."""
    copies: list[Copy] = []
    if facts.kind in WORK_RELATED and facts.reportable in FORM7_STATUSES:
        copies.append(Copy(facts.supervisor, (EMPLOYER_REPORT,),
                           employer_report_comment(facts, for_hr=False)))
        for user in dict.fromkeys(hr):
            if user != facts.supervisor:
                copies.append(Copy(user, (EMPLOYER_REPORT, EFORM7_WORKSHEET),
                                   employer_report_comment(facts, for_hr=True)))
    if facts.worker_contact_held:  # until HR says the worker may be contacted
        return copies
    holder = facts.employee or facts.supervisor
    copies.append(Copy(holder, PACKAGE,
                       package_comment(facts, to_employee=facts.employee is not None)))
    return copies


def summary_text(facts: CaseFacts, sent: list[Copy], failed: list[Copy],
                 on_roster: bool = False, updated: bool = False) -> str:
    """What the supervisor reads once the forms are out (or could not be sent)."""

    def who(copies: list[Copy]) -> str:
        return _you_and(["you" if c.user == facts.supervisor else f"<@{c.user}>" for c in copies])

    head = (f":arrows_counterclockwise: The facts of *{facts.reference}* changed, so the "
            "employer's report did too; the updated copy went out:" if updated else
            f":white_check_mark: Forms for *{facts.reference}* sent:")
    lines = [head] if sent else []
    report = [c for c in sent if EMPLOYER_REPORT in c.templates]
    package = [c for c in sent if c.templates == PACKAGE]
    if report:
        lines.append(f"• Employer's report → {who(report)}")
    sheet = [c for c in sent if EFORM7_WORKSHEET in c.templates]
    if sheet:
        details = ("with the worker's details from HR's roster" if on_roster else
                   "the worker is not on HR's roster: HR completes their personal details")
        lines.append(f"• eForm 7 worksheet ({details}) → {who(sheet)}")
    if package:
        lines.append(f"• Return to Work Information and Functional Abilities forms → "
                     f"{who(package)}")
    if failed:
        lines.append(f":warning: I couldn't send forms for *{facts.reference}* to "
                     f"{who(failed)} just now. Please let HR know.")
    return "\n".join(lines)


# --- the follow-up ------------------------------------------------------------------------
SEND_EVENT = "documents_due"  # on the "preparing the forms" line: do the work now
# Changes after filing that may make a form due (reportability is re-run on each).
CHANGE_EVENTS = ("case_changed", "functional_info_recorded")


@dataclass(frozen=True)
class _Work:
    case: Case
    facts: CaseFacts
    hr: tuple[str, ...]
    copies: list[Copy]


class DocumentsWorkflow:
    """Fills the forms and writes them to the outbox (`enqueue`), in the transaction that
    records their Document rows and moves the case: this module never talks to Slack."""

    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar,
                 directory: Directory, people: People, forms: FormRegistry,
                 enqueue: Callable[[list[Any], Session], list[int]]):
        self.db, self.clock, self.calendar, self.directory = db, clock, calendar, directory
        self.people, self.forms, self.enqueue = people, forms, enqueue

    # The people of a case, as Slack ids.
    def _resolved(self, refs: Iterable[str]) -> tuple[str, ...]:
        out = []
        for ref in refs:
            uid = self.people.resolve(ref)
            if uid:
                out.append(uid)
            else:
                log.warning("A directory entry is not a Slack user; the forms skip it")
        return tuple(dict.fromkeys(out))

    def _context(self, case: Case, hr: tuple[str, ...]) -> dict[str, Any]:
        return case_view(case, db=self.db, directory=self.directory, people=self.people,
                         calendar=self.calendar, hr=hr, plan=agreed_plan(self.db, case.id),
                         today=self.calendar.local_date(self.clock.now()))

    def _work(self, case_id: int) -> _Work | None:
        """What is still to be sent for a case (None: nothing)."""
        with self.db.session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return None
            already = {(d.template, r) for d in s.scalars(
                select(Document).where(Document.case_id == case_id)) for r in d.recipients or []}
            held = duties_of(s, case, self.calendar).worker_contact_held
        hr = self._resolved(self.directory.hr_for(case.division))
        facts = replace(case_facts(case), worker_contact_held=held)
        copies = [c for c in plan_copies(facts, hr)
                  if not all((t, c.user) in already for t in c.templates)]
        return _Work(case, facts, hr, copies) if copies else None

    def on_case_filed(self, case_id: int) -> list[Say]:
        """Tell the supervisor the forms are coming. The work itself runs once that is said,
        so the employee's notice of the report reaches them before their forms do."""
        work = self._work(case_id)
        if work is None:
            return []
        return [Say(text=f":hourglass_flowing_sand: Preparing the forms for "
                         f"*{work.facts.reference}*…",
                    to_user=work.facts.supervisor, events=((SEND_EVENT, case_id),))]

    def on_report_finished(self, case_id: int) -> list[Say]:
        """The report was filed: its forms, or — when a critical answer made a half report
        reportable and its forms went out then — a new employer's report to whoever holds
        one that the finished report changed."""
        stale = stale_reports(self, case_id)
        if stale is not None:
            self._send(stale, updated=True)
        return self.on_case_filed(case_id)

    def on_send(self, case_id: int) -> list[Say]:
        """Fill every copy still to be sent; record it and put its upload in the outbox, in
        one transaction; say how it went. (The relay uploads; `record_posted` notes the
        Slack file ids.)"""
        work = self._work(case_id)
        if work is not None:
            self._send(work)
        return []

    def on_change(self, case_id: int) -> list[Say]:
        """A filed case changed: send the forms the change made due (a case that became
        reportable gets its employer's report now), and a new employer's report to whoever
        holds one whose facts are no longer the case's."""
        with self.db.session() as s:
            filed = s.scalar(select(Document.id).where(
                Document.case_id == case_id,
                Document.template.in_((EMPLOYER_REPORT, EFORM7_WORKSHEET, *PACKAGE))).limit(1))
        if filed is None:  # its forms never went out at filing: nothing to bring up to date
            return []
        self.on_send(case_id)
        work = stale_reports(self, case_id)
        if work is not None:
            self._send(work, updated=True)
        return []

    def people_of(self, case: Case, hr: tuple[str, ...]) -> CasePeople:
        division = self.directory.division(case.division)
        return CasePeople(
            employee=case.employee_user_id, reporter=case.supervisor_id, hr=hr,
            division_reps=self._resolved(division.division_reps) if division else (),
        )

    def copy_of(self, template: str, context: Mapping[str, Any], user: str,
                people: CasePeople,
                cache: dict[tuple[str, frozenset[Field], bool], FilledForm | None] | None = None,
                ) -> FilledForm | None:
        """`template` filled for one reader: what they may see (HR's copies, and the
        worker's own, carry the worker's personal details)."""
        viewer = relations(user, people)
        personal = bool({Relation.HR, Relation.EMPLOYEE} & viewer)
        return self._fill(template, context, allowed_fields(template, viewer),
                          {} if cache is None else cache, personal)

    def _send(self, work: _Work, updated: bool = False) -> None:
        case, facts = work.case, work.facts
        people = self.people_of(case, work.hr)
        context = self._context(case, work.hr)
        filled: dict[tuple[str, frozenset[Field], bool], FilledForm | None] = {}
        ready: list[tuple[Copy, list[FilledForm]]] = []
        failed = []
        for c in work.copies:
            try:
                forms = [f for t in c.templates
                         if (f := self.copy_of(t, context, c.user, people, filled))]
            except (FormFillError, OSError) as exc:
                log.error("Could not fill %s for case %s: %s", ",".join(c.templates),
                          case.id, type(exc).__name__)
                failed.append(c)
                continue
            if forms:
                ready.append((c, forms))
        sent = [c for c, _ in ready]
        if not sent and not failed:
            return
        on_roster = bool((context.get("worker") or {}).get("on_roster"))
        summary = Say(text=summary_text(facts, sent, failed, on_roster, updated),
                      to_user=facts.supervisor)
        with self.db.session() as s:
            uploads = [self._record(s, facts, c, forms) for c, forms in ready]
            self.enqueue([*uploads, summary], s)
            if any(c.templates == PACKAGE for c in sent):
                self._package_sent(s, facts)

    def _fill(self, template: str, context: Mapping[str, Any], allowed: frozenset[Field],
              cache: dict[tuple[str, frozenset[Field], bool], FilledForm | None],
              personal: bool = False) -> FilledForm | None:
        """The form filled with what this reader may see (None: they may see nothing of the
        case). Readers who may see the same fields share one fill."""
        key = (template, allowed, personal)
        if key not in cache:
            cache[key] = None
            if Field.REFERENCE in allowed:
                seen = redact_context(context, allowed, personal)
                if template == EFORM7_WORKSHEET:
                    seen["worksheet"]["rows"] = worksheet_rows(
                        self.forms.get(EMPLOYER_REPORT), seen)
                cache[key] = fill(self.forms.get(template), seen)
        return cache[key]

    def _record(self, s: Session, facts: CaseFacts, c: Copy,
                forms: list[FilledForm]) -> Upload:
        """Document rows for one copy (their Slack file ids come once it is posted) and the
        upload that posts it."""
        now = self.clock.now()
        ids = []
        for form in forms:
            doc = Document(
                case_id=facts.case_id, template=form.template_name,
                template_version=form.template_version, filename=form.filename,
                sha256=form.sha256, slack_file_id=None, recipients=[c.user], created_at=now,
            )
            s.add(doc)
            s.flush()
            ids.append(doc.id)
        files = tuple(FileToSend(filename=f.filename, content=f.content,
                                 title=f"{facts.reference} {self.forms.get(f.template_name).title}")
                      for f in forms)
        return Upload(files=files, to_user=c.user, comment=c.comment, documents=tuple(ids))

    def _package_sent(self, s: Session, facts: CaseFacts) -> None:
        """reported -> awaiting_functional_info, with compare-and-set on the stage."""
        now = self.clock.now()
        case = s.get(Case, facts.case_id)
        if case is None or case.stage != Stage.REPORTED:
            return  # only the first package moves the case (the form may be back already)
        new = transition(case.stage, Action.REQUEST_FUNCTIONAL_INFO)
        moved = rowcount(s.execute(
            update(Case).where(Case.id == case.id, Case.stage == case.stage)
            .values(stage=new.value, updated_at=now)
            .execution_options(synchronize_session=False)
        ))
        if moved == 1:
            audit(s, at=now, actor="rtwbot", action="case.stage_changed", case_id=case.id,
                  reference=case.reference, from_stage=case.stage, to_stage=new.value,
                  reason="functional_info_package_sent")


def stale_reports(flow: DocumentsWorkflow, case_id: int) -> _Work | None:
    """The employer's report copies whose facts changed since they were sent: each holder's
    latest copy is filled again as of the day it was sent; a different file means the facts
    changed (filling is deterministic). A copy from another template version is not
    compared."""
    with flow.db.session() as s:
        case = s.get(Case, case_id)
        docs = list(s.scalars(select(Document).where(
            Document.case_id == case_id, Document.template == EMPLOYER_REPORT)
            .order_by(Document.id)))
    if case is None or not docs:
        return None
    latest = {user: d for d in docs for user in d.recipients or []}
    hr = flow._resolved(flow.directory.hr_for(case.division))
    people = flow.people_of(case, hr)
    version = flow.forms.get(EMPLOYER_REPORT).version
    facts = case_facts(case)
    stale = []
    for user, doc in latest.items():
        if doc.template_version != version:
            continue
        then = case_view(case, db=flow.db, directory=flow.directory, people=flow.people,
                         calendar=flow.calendar, hr=hr, plan=agreed_plan(flow.db, case.id),
                         today=flow.calendar.local_date(doc.created_at))
        again = flow.copy_of(EMPLOYER_REPORT, then, user, people)
        if again is not None and again.sha256 != doc.sha256:
            for_hr = user in hr and user != case.supervisor_id
            stale.append(Copy(user, (EMPLOYER_REPORT, EFORM7_WORKSHEET) if for_hr
                              else (EMPLOYER_REPORT,),
                              employer_report_comment(facts, for_hr=for_hr, updated=True)))
    return _Work(case, facts, hr, stale) if stale else None


def record_posted(s: Session, payload: Mapping[str, Any], file_ids: list[str]) -> None:
    """The relay posted an upload: its Document rows get their Slack file ids (in the
    transaction that marks the outbox row sent), with an audit event each."""
    for doc_id, file_id in zip(payload.get("documents") or [], file_ids, strict=False):
        doc = s.get(Document, doc_id)
        if doc is None:
            continue
        doc.slack_file_id = file_id
        case = s.get(Case, doc.case_id)
        audit(s, at=doc.created_at, actor="rtwbot", action="document.posted",
              case_id=doc.case_id, reference=case.reference if case else None,
              template=doc.template, template_version=doc.template_version,
              document_id=doc.id, slack_file_id=file_id, recipients=doc.recipients)


class People(Protocol):
    def resolve(self, ref: str) -> str | None: ...

    def name(self, user_id: str) -> str | None: ...

    def user(self, user_id: str) -> dict[str, Any] | None: ...


def register(flow: DocumentsWorkflow, on: Callable[[str, Callable[[int], list[Say]]], None]
             ) -> None:
    """Send the forms after every filing (the follow-up of ``case_filed``), and the ones a
    later change makes due (a case that becomes reportable gets its Form 7 then, filled from
    the facts as they are, with what the bot knows of the delay)."""
    on("case_filed", flow.on_report_finished)
    # What is still to send: the employer's report, the worker's forms (after a hold).
    on(REPORTABLE_EVENT, flow.on_case_filed)
    on(CONTACT_EVENT, flow.on_case_filed)
    on(SEND_EVENT, flow.on_send)
    for event in CHANGE_EVENTS:
        on(event, flow.on_change)
