"""Passes a photo or scan of a paper functional abilities form to HR (the follow-up of
``paper_form_received``): the file is copied into each HR contact's DM with the "enter by
hand" button, and the case's paper document records who has it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from rtwbot.store.models import Case, Document
from rtwbot.workflow.functional_info import MAX_BYTES, FunctionalInfoWorkflow
from rtwbot.workflow.outbox import FileToSend, Say, Upload
from rtwbot.workflow.paper_forms import PAPER_EVENT, PAPER_TEMPLATE, _manual, hr_note

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG", "png"), (b"%PDF", "pdf"), (b"GIF8", "gif"),
          (b"PK\x03\x04", "docx"))


def _extension(content: bytes) -> str:
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "heic"
    return next((ext for magic, ext in _MAGIC if content.startswith(magic)), "bin")


def register(bot: Bot, flow: FunctionalInfoWorkflow) -> None:
    def forward(case_id: int) -> list[Say | Upload]:
        with bot.db.session() as s:
            case = s.get(Case, case_id)
            pending = [d for d in s.scalars(select(Document).where(
                Document.case_id == case_id, Document.template == PAPER_TEMPLATE))
                if not d.recipients]
            if case is None or not pending:
                return []
            reference, division = case.reference, case.division
            work = [(d.id, d.slack_file_id) for d in pending]
        hr = flow._hr(division)  # noqa: SLF001
        effects: list[Say | Upload] = []
        for doc_id, file_id in work:
            content = flow.fetch(file_id or "", MAX_BYTES)
            if not content or not hr:
                continue
            sender = _sender(bot, doc_id)
            name = f"{reference}-functional-abilities-paper.{_extension(content)}"
            photo = FileToSend(filename=name, content=content,
                               title=f"{reference} functional abilities form (paper)")
            for user in hr:
                # The copy goes out through the outbox like every other file.
                effects.append(Upload(files=(photo,), to_user=user))
                effects.append(Say(text=hr_note(reference, sender), to_user=user,
                                   buttons=(_manual(case_id),)))
            with bot.db.session() as s:
                doc = s.get_one(Document, doc_id)
                doc.filename, doc.recipients = name, list(hr)
        return effects

    bot.on(PAPER_EVENT, forward)


def _sender(bot: Bot, doc_id: int) -> str:
    from rtwbot.store.models import AuditEvent

    with bot.db.session() as s:
        for event in s.scalars(select(AuditEvent).where(
                AuditEvent.action == "functional_info.paper_received")):
            if (event.detail or {}).get("document_id") == doc_id:
                return event.actor
    return "someone"
