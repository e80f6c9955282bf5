"""Issue 4: the forms at filing, and the functional abilities form coming back — uploaded as a
PDF or entered by hand — through the sandbox with the real bot."""

from __future__ import annotations

import hashlib
import io
import json
import logging

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from rtwbot.forms import FormRegistry
from rtwbot.forms.pdf import OFF, fill_pdf
from rtwbot.forms.samples import SAMPLE_ABILITIES, complete_functional_abilities, sample_context
from rtwbot.store.models import AuditEvent, Case, Document, FunctionalInfo
from rtwbot.workflow.functional_entry import OTHER_LIMITS
from rtwbot.workflow.hr_review import REVIEW_MARK
from tests.e2e.conftest import click, dm_texts, text_of
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

REFERENCE = "RTW-2026-0001"
DIAGNOSIS = "Diagnosis: L4-L5 disc herniation with sciatica"
FA_TEMPLATE = FormRegistry.load().get("functional-abilities")
NAMES = ("Sam", "Erin", "Hana", "Supervisor", "Employee")


def file_report(pg, who: str = "sam", employee: str = "erin") -> Case:
    answer_all(pg, who, work_injury_answers(pg.users[employee]))
    click(pg, who, "intake_confirm")
    with pg.bot.db.session() as s:
        return s.scalars(select(Case).order_by(Case.id.desc())).first()


def case_now(pg, case_id: int) -> Case:
    with pg.bot.db.session() as s:
        return s.get(Case, case_id)


def count(pg, model) -> int:
    with pg.bot.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def documents(pg) -> list[Document]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Document).order_by(Document.id)))


def bot_files(pg) -> dict[str, dict]:
    return {f["id"]: f for f in pg.sandbox.files() if f["user"] == pg.sandbox.bot_user_id}


def fa_sent_to(pg, who: str) -> bytes:
    """The functional abilities form the bot put in this person's DM."""
    dm = pg.sandbox.dm_channel(pg.users[who])
    [f] = [f for f in bot_files(pg).values()
           if f["name"].endswith("-functional-abilities.pdf") and dm in f["ims"]]
    return pg.sandbox.file_content(f["id"])


def completed(form: bytes, **changes) -> bytes:
    """The form as the health professional fills it in (SAMPLE_ABILITIES, plus `changes`)."""
    answers = {**SAMPLE_ABILITIES, "comments": DIAGNOSIS, **changes}
    values = {}
    for name, answer in answers.items():
        spec = FA_TEMPLATE.fields[name]
        if spec.type == "checkbox":
            values[name] = spec.on_state if answer else OFF
        else:
            values[name] = str(answer)
    return fill_pdf(form, values)


def upload(pg, who: str, content: bytes, filename: str = "scan.pdf") -> str:
    before = len(pg.sandbox.dm_messages(pg.users[who]))
    up = pg.sandbox.upload_file(pg.users[who], filename, content)
    assert all(d.status == 200 for d in up.deliveries), up.deliveries
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def _hr_review(pg, channel: object, text: str) -> bool:
    """HR's review of the free text (issue 12): the one place it is shown, in HR's DM."""
    return channel in (pg.sandbox.dm_channel(pg.users["hana"]), pg.users["hana"]) \
        and REVIEW_MARK in text


def everything_said(pg) -> str:
    """Every message, ephemeral and open modal the sandbox holds, and every call's arguments
    (but HR's review of the free text)."""
    parts = [json.dumps(m) for m in pg.sandbox.messages()
             if not _hr_review(pg, m["channel"], json.dumps(m))]
    for uid in pg.users.values():
        parts += [json.dumps(e) for e in pg.sandbox.ephemerals(uid)]
        parts += [json.dumps(v) for v in pg.sandbox.views(uid)]
    parts += [json.dumps(c.args, default=str) for c in pg.sandbox.calls()
              if not _hr_review(pg, c.args.get("channel"), json.dumps(c.args, default=str))]
    return "\n".join(parts)


# --- filing -------------------------------------------------------------------------------
def test_filing_posts_the_documents_into_the_right_dms(pg) -> None:
    case = file_report(pg)
    dm = {who: pg.sandbox.dm_channel(pg.users[who]) for who in ("sam", "erin", "hana")}

    # files v2: one URL per file, one completion per recipient (the package is one message).
    assert len(pg.sandbox.calls("files.getUploadURLExternal")) == 5  # HR: report + worksheet
    completions = pg.sandbox.calls("files.completeUploadExternal")
    assert len(completions) == 3
    assert sorted(c.args["channel_id"] for c in completions) == sorted(dm.values())

    files = bot_files(pg)
    by_name = {}
    for f in files.values():
        by_name.setdefault(f["name"], []).append(f)
    assert sorted(by_name) == [f"{REFERENCE}-eform7-worksheet.docx",
                               f"{REFERENCE}-employer-report.pdf",
                               f"{REFERENCE}-functional-abilities.pdf", f"{REFERENCE}-rtwi.docx"]
    assert [f["ims"] for f in by_name[f"{REFERENCE}-eform7-worksheet.docx"]] == [[dm["hana"]]]
    assert sorted(d for f in by_name[f"{REFERENCE}-employer-report.pdf"] for d in f["ims"]) \
        == sorted([dm["sam"], dm["hana"]])
    assert [f["ims"] for f in by_name[f"{REFERENCE}-rtwi.docx"]] == [[dm["erin"]]]
    for f in files.values():
        assert not any(n.lower() in f["name"].lower() for n in NAMES)
        assert not any(n.lower() in (f["title"] or "").lower() for n in NAMES)

    docs = documents(pg)
    assert len(docs) == 5
    for d in docs:
        assert d.case_id == case.id
        assert d.template_version == pg.bot.forms.get(d.template).version
        assert d.sha256 == hashlib.sha256(pg.sandbox.file_content(d.slack_file_id)).hexdigest()
        assert d.filename == files[d.slack_file_id]["name"]
    assert {(d.template, tuple(d.recipients)) for d in docs} == {
        ("employer-report", (pg.users["sam"],)), ("employer-report", (pg.users["hana"],)),
        ("rtwi", (pg.users["erin"],)), ("functional-abilities", (pg.users["erin"],)),
        ("eform7-worksheet", (pg.users["hana"],)),
    }
    assert case_now(pg, case.id).stage == "awaiting_functional_info"
    with pg.bot.db.session() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
    assert actions.count("document.posted") == 5 and "case.stage_changed" in actions

    # The employer's report carries what happened (Form 7); the package never does.
    [report] = {d.sha256: d for d in docs if d.template == "employer-report"}.values()
    fields = PdfReader(io.BytesIO(pg.sandbox.file_content(report.slack_file_id))).get_fields()
    assert fields["description"]["/V"] == "Slipped on a wet floor carrying soil bags"
    assert fields["worker_name"]["/V"] == "Erin Employee"
    package = b"".join(pg.sandbox.file_content(d.slack_file_id) for d in docs
                       if d.template not in ("employer-report", "eform7-worksheet"))
    assert b"soil bags" not in package
    fa_fields = PdfReader(io.BytesIO(fa_sent_to(pg, "erin"))).get_fields()
    assert fa_fields["case_reference"]["/V"] == REFERENCE

    sam = dm_texts(pg, "sam")
    progress = next(i for i, t in enumerate(sam) if "Preparing the forms" in t)
    assert f"Forms for *{REFERENCE}* sent" in sam[-1] and progress < len(sam) - 1
    # Erin hears that she was reported before her forms arrive.
    erin = dm_texts(pg, "erin")
    assert "has reported your injury" in erin[0]
    assert any("send me the PDF here" in t for t in erin[1:])  # after the union question


def test_an_employee_not_on_slack_gets_the_package_through_the_supervisor(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    answers[0] = "Jordan Lee #55123"
    answer_all(pg, "sam", answers)
    click(pg, "sam", "intake_confirm")
    sam_dm = pg.sandbox.dm_channel(pg.users["sam"])
    package = [d for d in documents(pg) if d.template in ("rtwi", "functional-abilities")]
    assert len(package) == 2 and all(d.recipients == [pg.users["sam"]] for d in package)
    assert all(sam_dm in bot_files(pg)[d.slack_file_id]["ims"] for d in package)
    assert "hand them over" in "\n".join(dm_texts(pg, "sam"))


# --- a completed form comes back ------------------------------------------------------------
def test_uploading_the_completed_form_records_it_after_confirm(pg, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    case = file_report(pg)
    recorded: list[int] = []
    pg.bot.on("functional_info_recorded", lambda case_id: recorded.append(case_id))
    content = completed(fa_sent_to(pg, "erin"))

    read_back = upload(pg, "erin", content, "Erin Employee functional abilities.pdf")

    assert "Walking: up to 100 m" in read_back
    assert "Use of left hand: limited gripping" in read_back
    assert "no power tools" not in read_back  # typed beside the box: for HR alone (issue 12)
    assert "8-14 days" in read_back and "December 2, 2026" in read_back
    assert "Can return to work with restrictions" in read_back
    assert case_now(pg, case.id).stage == "awaiting_functional_info"  # not before Confirm
    assert count(pg, FunctionalInfo) == 0

    done = click(pg, "erin", "fa_confirm")

    assert "Recorded the functional abilities" in done
    assert case_now(pg, case.id).stage == "functional_info_received"
    assert recorded == [case.id]
    with pg.bot.db.session() as s:
        [info] = s.scalars(select(FunctionalInfo)).all()
        received = s.get(Document, info.document_id)
        actions = s.scalars(select(AuditEvent.action)).all()
    assert info.case_id == case.id and info.source == "upload"
    assert info.recorded_by == pg.users["erin"]
    assert info.abilities["return_status"] == "with_restrictions"
    assert "Walking: up to 100 m" in info.abilities["restrictions"]
    assert info.abilities["next_assessment"] == "2026-12-02"
    assert DIAGNOSIS in info.comments["comments"]
    assert received.sha256 == hashlib.sha256(content).hexdigest()
    assert received.filename == f"{REFERENCE}-functional-abilities-completed.pdf"
    assert "functional_info.recorded" in actions
    # The buttons are gone from the read-back; the comments went nowhere.
    assert "fa_confirm" not in json.dumps([m.get("blocks") for m in pg.sandbox.messages()])
    assert DIAGNOSIS not in everything_said(pg)
    assert "L4-L5" not in everything_said(pg)
    assert not any("L4-L5" in r.getMessage() for r in caplog.records)
    with pg.bot.db.session() as s:
        assert "L4-L5" not in json.dumps([e.detail for e in s.scalars(select(AuditEvent))])


def test_a_pending_confirmation_survives_a_restart(pg) -> None:
    case = file_report(pg)
    upload(pg, "erin", completed(fa_sent_to(pg, "erin")))
    pg.restart_bot()
    assert "Recorded the functional abilities" in click(pg, "erin", "fa_confirm")
    assert case_now(pg, case.id).stage == "functional_info_received"


def test_confirm_twice_records_once(pg) -> None:
    file_report(pg)
    upload(pg, "erin", completed(fa_sent_to(pg, "erin")))
    [read_back] = [m for m in pg.sandbox.dm_messages(pg.users["erin"]) if "fa_confirm" in
                   json.dumps(m.get("blocks"))]
    first = pg.sandbox.click(pg.users["erin"], "fa_confirm", message=read_back)
    pg.sandbox.redeliver(first, retry_num=1, reason="http_timeout")
    pg.settle()
    assert count(pg, FunctionalInfo) == 1
    assert count(pg, Document) == 6  # the 5 forms sent at filing and the one uploaded


def test_the_same_upload_delivered_twice_is_read_once(pg) -> None:
    file_report(pg)
    up = pg.sandbox.upload_file(pg.users["erin"], "form.pdf", completed(fa_sent_to(pg, "erin")))
    for delivery in up.deliveries:
        pg.sandbox.redeliver(delivery, retry_num=1, reason="http_timeout")
    pg.settle()
    assert sum("Is this what the form says?" in t for t in dm_texts(pg, "erin")) == 1


def test_not_right_records_nothing_and_offers_entry_by_hand(pg) -> None:
    case = file_report(pg)
    upload(pg, "erin", completed(fa_sent_to(pg, "erin")))
    reply = click(pg, "erin", "fa_not_right")
    assert "haven't recorded anything" in reply
    assert count(pg, FunctionalInfo) == 0
    assert case_now(pg, case.id).stage == "awaiting_functional_info"
    click(pg, "erin", "fa_manual")
    [modal] = pg.sandbox.views(pg.users["erin"])
    assert REFERENCE in text_of({"blocks": modal["blocks"]})


def test_hr_chooses_the_case_when_the_form_has_no_reference(pg) -> None:
    first = file_report(pg)
    second = file_report(pg, "tess", "ray")
    form = completed(fa_sent_to(pg, "ray"), case_reference="")  # fa_sent_to: Ray's own copy
    asked = upload(pg, "hana", form)
    assert "Which case" in asked
    read_back = click(pg, "hana", "fa_case_1")
    assert second.reference in read_back
    click(pg, "hana", "fa_confirm")
    assert case_now(pg, second.id).stage == "functional_info_received"
    assert case_now(pg, first.id).stage == "awaiting_functional_info"


# --- bad files ----------------------------------------------------------------------------
def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A photo (not a PDF) or a scan (no form fields) is a paper form: it goes to HR for entry by
# hand (issue 13, tests/e2e/test_paper_forms.py), so it is not refused here.
BAD = {
    "encrypted": (lambda pg, form: _encrypted(form), "erin", "password"),
    "corrupt": (lambda pg, form: form[: len(form) // 2], "erin", "damaged or cut off"),
    "too_large": (lambda pg, form: b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "erin",
                  "over 10 MB"),
    "missing_required": (lambda pg, form: completed(form, duration_8_14_days=False), "erin",
                         "missing the expected duration"),
    "wrong_reference": (
        lambda pg, form: complete_functional_abilities(FA_TEMPLATE,
                                                       sample_context("RTW-2026-0099")),
        "erin", "is for case RTW-2026-0099, not RTW-2026-0001"),
    "no_right": (lambda pg, form: completed(form), "olga", "only the employee, their "
                 "supervisor or HR"),
    "union_rep": (lambda pg, form: completed(form), "uma", "only the employee, their "
                  "supervisor or HR"),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_file_changes_nothing_and_gets_one_kind_sentence(pg, kind: str) -> None:
    case = file_report(pg)
    make, who, expected = BAD[kind]
    audit_before = count(pg, AuditEvent)

    reply = upload(pg, who, make(pg, completed(fa_sent_to(pg, "erin"))), "form.pdf")

    assert expected in reply, reply
    assert "Traceback" not in reply and "Error" not in reply
    assert reply.count(". ") + reply.count("? ") <= 1, "one sentence"
    assert "fa_confirm" not in json.dumps([m.get("blocks") for m in pg.sandbox.messages()])
    assert case_now(pg, case.id).stage == "awaiting_functional_info"
    assert count(pg, FunctionalInfo) == 0
    assert count(pg, AuditEvent) == audit_before
    assert pg.sandbox.internal_errors == []


# --- by hand --------------------------------------------------------------------------------
def test_hr_enters_a_paper_form_by_hand_with_checks_on_submit(pg) -> None:
    case = file_report(pg)
    delivery = pg.sandbox.command(pg.users["hana"], "/rtw", f"abilities {REFERENCE}")
    assert delivery.status == 200
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])

    pg.sandbox.submit_view(pg.users["hana"], modal, {
        "fa_return_status": "with_restrictions", "fa_expected_duration": "3-7 days",
    })
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    assert "at least one limit" in modal["errors"]["fa_return_status"]
    assert count(pg, FunctionalInfo) == 0

    pg.sandbox.submit_view(pg.users["hana"], modal, {
        "fa_return_status": "with_restrictions", "fa_expected_duration": "3-7 days",
        "fa_g_walking": "walking_up_to_100m", "fa_g_ladder": "ladder_other",
        "fa_details": "no ladders at all", "fa_comments": DIAGNOSIS,
    })
    pg.settle()
    assert pg.sandbox.views(pg.users["hana"]) == []
    assert case_now(pg, case.id).stage == "functional_info_received"
    with pg.bot.db.session() as s:
        [info] = s.scalars(select(FunctionalInfo)).all()
    assert info.source == "modal" and info.document_id is None
    # What HR typed is free text, kept with the comments for HR's review (issue 12).
    assert info.abilities["restrictions"] == [
        "Walking: up to 100 m", "Climbing ladders: other", OTHER_LIMITS]
    assert info.comments["comments"] == f"Comments: {DIAGNOSIS}\nOther limits: no ladders at all"
    assert "Recorded the functional abilities" in "\n".join(dm_texts(pg, "hana"))
    assert DIAGNOSIS not in everything_said(pg)


def test_someone_off_the_case_cannot_open_the_entry_form(pg) -> None:
    file_report(pg)
    pg.sandbox.command(pg.users["olga"], "/rtw", f"abilities {REFERENCE}")
    pg.settle()
    assert pg.sandbox.views(pg.users["olga"]) == []
    assert any("only the employee, their supervisor or HR" in t for t in dm_texts(pg, "olga"))
