"""Recording the health professional's functional abilities for a case.

Two ways in, one way of recording (:meth:`FunctionalInfoWorkflow._record`):

- **Upload.** Someone sends the completed functional abilities PDF to the bot in a DM. The
  bot downloads it (``files.info``, then ``url_private`` with the bot token), reads it with
  :func:`rtwbot.forms.read_functional_abilities`, works out the case (the uploader's open
  cases as employee, supervisor or HR, narrowed by the form's case reference; buttons when
  several remain) and shows the uploader what it read — return-to-work status, restrictions,
  expected duration, next assessment, never the comments — with Confirm / Not right.
- **By hand**, for a form that came back on paper: the "Enter functional abilities by hand"
  button or ``/rtw abilities RTW-…`` opens a modal with the same answers (built from the
  form's field map), checked on submit.

On Confirm (or a valid modal): a ``FunctionalInfo`` row (abilities and comments, both
encrypted), a ``Document`` row for the received file, an audit event (no medical values), the
case moved to ``functional_info_received``, and a message carrying
``functional_info_recorded`` so follow-ups (the IMWT thread) run.

**Pending confirmations are not stored.** The Confirm button carries the case id, the Slack
file id and the SHA-256 of the bytes that were read; Confirm downloads and reads the file
again and refuses it if the bytes changed. A restart loses nothing, and nothing read from a
medical form is kept before a person confirms it: no table, no migration.

Bad files change nothing and get one kind sentence: not a PDF, no form fields, encrypted,
corrupt or cut off, over 10 MB, another case's reference, or an uploader who is not the
case's employee, supervisor or HR (told the same whether or not the case exists).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.privacy import CasePeople, Field, Relation, View, redact, relations
from rtwbot.domain.stages import Stage, TransitionError, stage_label
from rtwbot.forms import (
    RETURN_STATUS_LABELS,
    FormTemplate,
    FunctionalAbilities,
    ReadError,
    read_functional_abilities,
)
from rtwbot.forms.readback import DEFAULT_MAX_BYTES
from rtwbot.store.cases import audit
from rtwbot.store.db import Database, rowcount
from rtwbot.store.models import Case, Document, FunctionalInfo, ProcessedEvent
from rtwbot.workflow import paper_forms
from rtwbot.workflow.functional_dates import (
    assessment_date_problem,
    plan_lines,
)
from rtwbot.workflow.functional_entry import (
    EnteredAbilities,
    EntryForm,
    check_entry,
    entered_abilities,
    entry_form,
)
from rtwbot.workflow.functional_records import (
    abilities_record,
    free_text_record,
    next_assessment_text,
    norm_reference,
    pack,
    read_back_text,
    reading_template,
    receiving_stage,
    unpack,
)
from rtwbot.workflow.outbox import Button, Say
from rtwbot.workflow.paper_forms import PAPER_KINDS

log = logging.getLogger(__name__)

TEMPLATE = "functional-abilities"
MAX_BYTES = DEFAULT_MAX_BYTES  # 10 MB: a filled form is far smaller; a phone scan may not be
RECORDED_EVENT = "functional_info_recorded"
# Who may send a case's functional abilities form.
ENTITLED = frozenset({Relation.EMPLOYEE, Relation.REPORTER, Relation.HR})

# Buttons and the modal (the Slack layer routes these ids back here).
ACTION_CONFIRM = "fa_confirm"
ACTION_NOT_RIGHT = "fa_not_right"
ACTION_CASE = "fa_case_"  # + index: which case an upload is for
ACTION_MANUAL = "fa_manual"
MANUAL_LABEL = "Enter functional abilities by hand"

FETCH_FAILED = (
    "I couldn't open that file from Slack — please send it to me again in a minute."
)
CHANGED = "That file has changed since I read it — please send the form to me again."
NO_CASE = (
    "I can't take a functional abilities form from you for that case: only the employee, "
    "their supervisor or HR can send it — if you think you should be able to, please ask "
    "your HR representative."
)
NO_OPEN_CASE = (
    "I can't find an open return-to-work case of yours to add this form to: only the "
    "employee, their supervisor or HR can send it — if you think you should be able to, "
    "please ask your HR representative."
)
ALREADY = "That form is already recorded for *{ref}* — nothing more to do."
_LOOKS_LIKE_REFERENCE = re.compile(r"^RTW-\d{4}-\d{3,6}$")


# --- fetching the uploaded file ----------------------------------------------------------
class FileFetcher(Protocol):
    def __call__(self, file_id: str, max_bytes: int) -> bytes | None:
        """The file's bytes (at most ``max_bytes + 1``), or None when it cannot be had."""


class _Changed(Exception):
    """The case moved while the form was being recorded."""


@dataclass(frozen=True)
class _Upload:
    file_id: str
    sha256: str
    read: FunctionalAbilities


@dataclass(frozen=True)
class _Refused:
    message: str
    kind: str = "unavailable"  # or a ReadError kind


# --- the use cases -----------------------------------------------------------------------
class FunctionalInfoWorkflow:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, directory: Directory,
                 resolve: Callable[[str], str | None], template: FormTemplate,
                 fetch: FileFetcher):
        self.db, self.clock, self.calendar, self.directory = db, clock, calendar, directory
        self.resolve, self.template, self.fetch = resolve, template, fetch
        self.reading = reading_template(template)

    # Who is who on a case.
    def _hr(self, division: str) -> tuple[str, ...]:
        return tuple(uid for ref in self.directory.hr_for(division)
                     if (uid := self.resolve(ref)))

    def _all_hr(self) -> set[str]:
        refs = set(self.directory.hr) | {r for d in self.directory.divisions for r in d.hr_reps}
        return {uid for ref in refs if (uid := self.resolve(ref))}

    def _relations(self, user: str, case: Case) -> frozenset[Relation]:
        people = CasePeople(employee=case.employee_user_id, reporter=case.supervisor_id,
                            hr=self._hr(case.division))
        return relations(user, people)

    def _entitled(self, user: str, case: Case | None) -> bool:
        return case is not None and bool(self._relations(user, case) & ENTITLED)

    def _open_cases(self, s: Session, user: str) -> list[Case]:
        query = (select(Case).where(Case.stage != Stage.CLOSED.value)
                 .order_by(Case.filed_at, Case.id))
        if user not in self._all_hr():
            query = query.where(or_(Case.employee_user_id == user, Case.supervisor_id == user))
        return [c for c in s.scalars(query) if self._entitled(user, c)]

    # --- an upload ---------------------------------------------------------------------
    def _load(self, file_id: str, expected_sha: str | None = None) -> _Upload | _Refused:
        """The file read, or why not in one sentence."""
        content = self.fetch(file_id, MAX_BYTES)
        if content is None:
            return _Refused(FETCH_FAILED)
        sha = hashlib.sha256(content).hexdigest()
        if expected_sha is not None and sha != expected_sha:
            return _Refused(CHANGED, "changed")
        read = read_functional_abilities(content, max_bytes=MAX_BYTES, template=self.reading)
        if isinstance(read, ReadError):
            log.info("An uploaded functional abilities form was refused: %s", read.kind)
            return _Refused(read.message, read.kind)
        return _Upload(file_id, sha, read)

    def read_upload(self, file_id: str) -> _Upload | _Refused:
        """The Slack read and the reading of an upload: done before any write."""
        return self._load(file_id)

    def on_upload(self, user: str, file_id: str,
                  loaded: _Upload | _Refused | None = None) -> list[Say]:
        """A file someone sent the bot in a DM: read it (unless `read_upload` has), find
        its case, ask to confirm."""
        if loaded is None:
            loaded = self._load(file_id)
        with self.db.session() as s:
            cases = self._open_cases(s, user)
            if isinstance(loaded, _Refused):
                # A photo or scan of a paper form goes to HR, who enters it by hand.
                if loaded.kind in PAPER_KINDS and len(cases) == 1:
                    return paper_forms.received(self, s, user, cases[0], file_id)
                return [Say(text=loaded.message, to_user=user)]
            ref = norm_reference(loaded.read.case_reference)
            if ref:
                matching = [c for c in cases if c.reference == ref]
                if not matching:
                    return [Say(text=self._wrong_case(ref, cases), to_user=user)]
                cases = matching
            if not cases:
                return [Say(text=NO_OPEN_CASE, to_user=user)]
            if len(cases) > 1:
                return [self._which_case(user, cases, loaded)]
            return [self._read_back(s, user, cases[0], loaded)]

    def _wrong_case(self, ref: str, cases: list[Case]) -> str:
        if not cases:
            return NO_CASE
        if len(cases) == 1:
            mine, which = cases[0].reference, f"case {cases[0].reference}"
        else:
            few = len(cases) <= 3
            mine = ", ".join(c.reference for c in cases) if few else "one of your open cases"
            which = "your case"
        # What is in the reference box is repeated only when it is a reference.
        named = f"case {ref}" if _LOOKS_LIKE_REFERENCE.match(ref) else "another case"
        return (f"That form is for {named}, not {mine} — please send the form "
                f"that came with {which}.")

    def _which_case(self, user: str, cases: list[Case], loaded: _Upload) -> Say:
        buttons = []
        for i, case in enumerate(cases[:10]):
            label = case.reference
            if case.employee_user_id != user and case.employee_name:
                label += f" · {case.employee_name}"
            buttons.append(Button(label[:75], f"{ACTION_CASE}{i}",
                                  pack(case.id, loaded.file_id, loaded.sha256)))
        return Say(text="Which case is this functional abilities form for?", to_user=user,
                   buttons=tuple(buttons))

    def _date_problem(self, case: Case, read: FunctionalAbilities) -> str | None:
        cal = self.calendar
        return assessment_date_problem(read, cal.local_date(case.occurred_at),
                                       cal.local_date(self.clock.now()))

    def _read_back(self, s: Session, user: str, case: Case, loaded: _Upload) -> Say:
        read = loaded.read
        if problem := self._date_problem(case, read):
            return Say(text=problem, to_user=user, buttons=(_manual_button(case.id),))
        shown = redact(
            {
                Field.REFERENCE: case.reference,
                Field.RTW_STATUS: RETURN_STATUS_LABELS.get(read.return_status, "not given"),
                Field.RESTRICTIONS: list(read.restrictions),
                Field.EXPECTED_DURATION: read.expected_duration,
                Field.NEXT_ASSESSMENT: next_assessment_text(read),
            },
            self._relations(user, case), View.STATUS_DM,
        )
        audit(s, at=self.clock.now(), actor=user, action="functional_info.read_back",
              case_id=case.id, reference=case.reference, slack_file_id=loaded.file_id)
        value = pack(case.id, loaded.file_id, loaded.sha256)
        return Say(text=read_back_text(shown, plan_lines(read)), to_user=user, buttons=(
            Button("Confirm", ACTION_CONFIRM, value, "primary"),
            Button("Not right", ACTION_NOT_RIGHT, value),
        ))

    def _pressed(self, s: Session, user: str, value: str) -> tuple[Case, str, str] | str:
        """The case and file a button was drawn for, or the sentence to say instead."""
        parsed = unpack(value)
        case = s.get(Case, parsed[0]) if parsed else None
        if parsed is None or not self._entitled(user, case):
            return NO_CASE
        assert case is not None
        return case, parsed[1], parsed[2]

    def choose_case(self, user: str, value: str) -> list[Say]:
        with self.db.session() as s:
            pressed = self._pressed(s, user, value)
            if isinstance(pressed, str):
                return [Say(text=pressed, to_user=user)]
            case, file_id, sha = pressed
            loaded = self._load(file_id, sha)
            if isinstance(loaded, _Refused):
                return [Say(text=loaded.message, to_user=user)]
            return [self._read_back(s, user, case, loaded)]

    def confirm(self, user: str, value: str) -> list[Say]:
        """Confirm on a read-back: read the file again and record it."""
        with self.db.session() as s:
            pressed = self._pressed(s, user, value)
            if isinstance(pressed, str):
                return [Say(text=pressed, to_user=user)]
            case, file_id, sha = pressed
            if s.scalar(select(Document.id).where(Document.case_id == case.id,
                                                  Document.slack_file_id == file_id)):
                return [Say(text=ALREADY.format(ref=case.reference), to_user=user)]
        loaded = self._load(file_id, sha)
        if isinstance(loaded, _Refused):
            return [Say(text=loaded.message, to_user=user)]
        ref = norm_reference(loaded.read.case_reference)
        if ref and ref != case.reference:
            return [Say(text=self._wrong_case(ref, [case]), to_user=user)]
        document = Document(
            case_id=case.id, template=TEMPLATE,
            template_version=loaded.read.template_version or self.template.version,
            filename=f"{Path(self.template.filename(case.reference)).stem}-completed.pdf",
            sha256=loaded.sha256, slack_file_id=file_id, recipients=[],
            created_at=self.clock.now(),
        )
        return self._record(user, case.id, loaded.read, source="upload", document=document,
                            once_key=f"fa:{file_id}")

    def not_right(self, user: str, value: str) -> list[Say]:
        with self.db.session() as s:
            pressed = self._pressed(s, user, value)
            if isinstance(pressed, str):
                return [Say(text=pressed, to_user=user)]
            case = pressed[0]
            audit(s, at=self.clock.now(), actor=user, action="functional_info.read_back_rejected",
                  case_id=case.id, reference=case.reference, slack_file_id=pressed[1])
        return [Say(
            text=(f"Thanks for checking — I haven't recorded anything for *{case.reference}*. "
                  "Please ask the health professional to correct the form and send me the new "
                  "PDF, or enter what the paper says by hand."),
            to_user=user, buttons=(_manual_button(case.id),),
        )]

    # --- by hand -------------------------------------------------------------------------
    def manual_entry(self, user: str, which: str) -> EntryForm | Say:
        """The modal's content for a case named by id (a button) or reference (a command)."""
        with self.db.session() as s:
            if which.strip().isdigit():
                one = s.get(Case, int(which))
                cases = [one] if one is not None and self._entitled(user, one) else []
            elif which.strip():
                ref = norm_reference(which)
                cases = [c for c in self._open_cases(s, user) if c.reference == ref]
            else:
                cases = self._open_cases(s, user)
            if len(cases) > 1:
                refs = ", ".join(f"`/rtw abilities {c.reference}`" for c in cases[:10])
                return Say(text=f"Which case? Try {refs}.", to_user=user)
            if not cases:
                return Say(text=NO_CASE, to_user=user)
            case = cases[0]
            if case.stage == Stage.CLOSED:
                return Say(text=self._closed(case), to_user=user)
            return entry_form(self.template, case.id, case.reference)

    def check(self, entered: EnteredAbilities) -> dict[str, str]:
        return check_entry(self.template, entered,
                           self.calendar.local_date(self.clock.now()))

    def record_entry(self, user: str, case_id: int, entered: EnteredAbilities) -> list[Say]:
        """Record a checked hand-entered form."""
        with self.db.session() as s:
            case = s.get(Case, case_id)
            if not self._entitled(user, case):
                return [Say(text=NO_CASE, to_user=user)]
            assert case is not None
            reference = case.reference
        read = entered_abilities(self.template, reference, entered)
        return self._record(user, case_id, read, source="modal", document=None, once_key=None,
                            said_by=entered.said_by, received_on=entered.received_on)

    # --- recording -----------------------------------------------------------------------
    @staticmethod
    def _closed(case: Case) -> str:
        return (f"*{case.reference}* is closed, so it can't take a functional abilities form; "
                "for a recurrence, report it as a new case.")

    def _record(self, user: str, case_id: int, read: FunctionalAbilities, *, source: str,
                document: Document | None, once_key: str | None,
                said_by: str = "health_professional",
                received_on: date | None = None) -> list[Say]:
        now = self.clock.now()
        # A paper form keyed in later counts from the day it reached the employer.
        received = now if received_on is None or received_on >= self.calendar.local_date(now) \
            else datetime.combine(received_on, time(0, 0), tzinfo=self.calendar.tz)
        try:
            with self.db.session() as s:
                case = s.get(Case, case_id)
                if not self._entitled(user, case):
                    return [Say(text=NO_CASE, to_user=user)]
                assert case is not None
                try:
                    new = receiving_stage(case.stage)
                except TransitionError:
                    return [Say(text=self._closed(case), to_user=user)]
                if problem := self._date_problem(case, read):
                    return [Say(text=problem, to_user=user)]
                if once_key is not None:  # two Confirms at once: the second finds this row
                    s.add(ProcessedEvent(key=once_key, received_at=now))
                    s.flush()
                if document is not None:
                    s.add(document)
                    s.flush()
                info = FunctionalInfo(
                    case_id=case.id, received_at=received, recorded_by=user, source=source,
                    document_id=document.id if document is not None else None,
                    abilities={**abilities_record(read), "said_by": said_by},
                    comments=free_text_record(read),
                )
                s.add(info)
                s.flush()
                old = case.stage
                if new.value != old:
                    moved = rowcount(s.execute(
                        update(Case).where(Case.id == case.id, Case.stage == old)
                        .values(stage=new.value, updated_at=now)
                        .execution_options(synchronize_session=False)
                    ))
                    if moved != 1:
                        raise _Changed
                audit(s, at=now, actor=user, action="functional_info.recorded", case_id=case.id,
                      reference=case.reference, source=source, functional_info_id=info.id,
                      document_id=info.document_id, from_stage=old, to_stage=new.value)
                reference, employee = case.reference, case.employee_user_id
        except IntegrityError:
            with self.db.session() as s:
                ref = s.get(Case, case_id).reference  # type: ignore[union-attr]
            return [Say(text=ALREADY.format(ref=ref), to_user=user)]
        except _Changed:
            return [Say(text="The case changed while I was saving — please press Confirm "
                             "again.", to_user=user)]
        if user == employee:
            after = "Your team will now plan safe, suitable work with you within these limits."
        else:
            after = "Next, the team plans modified work within these restrictions."
        text = (f":white_check_mark: Recorded the functional abilities for *{reference}* "
                f"({stage_label(new)}). {after}")
        return [Say(text=text, to_user=user, events=((RECORDED_EVENT, case_id),))]


def _manual_button(case_id: int) -> Button:
    return Button(MANUAL_LABEL, ACTION_MANUAL, str(case_id))

