"""Issue 13: an employee whose form is on paper is never stuck: they are told to send a
photo, the photo reaches HR with the entry button, HR keys the values, and the case records
that they came from paper."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.store.models import Document, FunctionalInfo
from tests.e2e.conftest import dm_texts, say
from tests.e2e.test_forms import REFERENCE, bot_files, case_now, file_report, upload

pytestmark = pytest.mark.e2e
PHOTO = b"\xff\xd8\xff\xe0" + b"\0" * 2048


def test_an_employee_with_a_paper_form_reaches_hr_keyed_entry(pg) -> None:
    case = file_report(pg)
    told = say(pg, "erin", "I only have a paper copy of the form")
    assert "photo" in told and "HR" in told and "Sorry" not in told

    said = upload(pg, "erin", PHOTO, "IMG_2041.jpg")
    assert "passed it to HR" in said and "isn't a PDF" not in said

    hana_dm = pg.sandbox.dm_channel(pg.users["hana"])
    photos = [f for f in bot_files(pg).values()
              if f["name"] == f"{REFERENCE}-functional-abilities-paper.jpg"]
    assert [f["ims"] for f in photos] == [[hana_dm]]
    assert pg.sandbox.file_content(photos[0]["id"]) == PHOTO
    hana = "\n".join(dm_texts(pg, "hana"))
    assert "photo or scan of the completed functional abilities form" in hana
    [note] = [m for m in pg.sandbox.dm_messages(pg.users["hana"]) if "fa_manual" in str(m)]

    pg.sandbox.click(pg.users["hana"], "fa_manual", message=note)
    pg.settle()
    [modal] = pg.sandbox.views(pg.users["hana"])
    pg.sandbox.submit_view(pg.users["hana"], modal, {
        "fa_return_status": "with_restrictions", "fa_expected_duration": "3-7 days",
        "fa_g_walking": "walking_up_to_100m",
    })
    pg.settle()
    assert case_now(pg, case.id).stage == "functional_info_received"
    with pg.bot.db.session() as s:
        [info] = s.scalars(select(FunctionalInfo)).all()
        [paper] = s.scalars(select(Document).where(
            Document.template == "functional-abilities-paper")).all()
    assert info.abilities["source"] == "paper"
    assert paper.recipients == [pg.users["hana"]] and paper.case_id == case.id
    assert "Recorded the functional abilities" in "\n".join(dm_texts(pg, "hana"))


def test_hr_sending_a_photo_gets_the_entry_button_at_once(pg) -> None:
    file_report(pg)
    said = upload(pg, "hana", PHOTO, "scan.jpg")
    assert "please enter what the form" in said
    assert any("fa_manual" in str(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))


@pytest.mark.parametrize("kind", ["photo", "scan"])
def test_a_photo_or_a_scan_is_kept_for_hr_not_refused(pg, kind) -> None:
    from tests.e2e.test_forms import _blank_pdf

    file_report(pg)
    content = b"\x89PNG\r\n\x1a\n" + b"\0" * 2000 if kind == "photo" else _blank_pdf()
    said = upload(pg, "erin", content, "form.pdf")
    assert "passed it to HR" in said
    assert any("fa_manual" in str(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))
    with pg.bot.db.session() as s:
        assert s.scalars(select(FunctionalInfo)).all() == []


def _completed_rtwi(pg, signed: str) -> bytes:
    import io

    from docx import Document as Docx

    [sent] = [f for f in bot_files(pg).values() if f["name"].endswith("-rtwi.docx")]
    doc = Docx(io.BytesIO(pg.sandbox.file_content(sent["id"])))
    boxes = {t.rows[0].cells[0].text.split("  ")[0]: t for t in doc.tables
             if len(t.rows) == 2 and len(t.rows[0].cells) == 1}
    boxes["Functional limitations"].rows[1].cells[0].text = "Diagnosis: L4-L5 disc herniation"
    boxes["Date of next assessment"].rows[1].cells[0].text = "2026-12-02"
    hp = doc.tables[-1]
    for row, value in zip(hp.rows, ("Dr. Imelda Vasquez", "Physiotherapist", "416-555-0100",
                                    "", signed), strict=True):
        row.cells[1].text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_the_rtwi_health_professional_section_is_read_back_not_relayed(pg) -> None:
    file_report(pg)
    said = upload(pg, "erin", _completed_rtwi(pg, "2026-11-25"), "rtwi.docx")
    assert "health professional's section of the *Return to Work Information*" in said
    assert "completed by Physiotherapist on Wednesday, November 25, 2026" in said
    assert "Next assessment:* Wednesday, December 2, 2026" in said
    assert "functional limitations" in said and "passed it to HR" in said
    assert "L4-L5" not in said and "Vasquez" not in said
    hana = "\n".join(dm_texts(pg, "hana"))
    assert "L4-L5" not in hana and "Vasquez" not in hana


def test_an_rtwi_dated_before_the_injury_is_refused_and_nothing_is_kept(pg) -> None:
    file_report(pg)
    said = upload(pg, "erin", _completed_rtwi(pg, "2026-11-20"), "rtwi.docx")
    assert "dated Friday, November 20, 2026, before the injury on Tuesday, November 24" in said
    with pg.bot.db.session() as s:
        assert s.scalars(select(Document).where(
            Document.template == "functional-abilities-paper")).all() == []
    assert not any("fa_manual" in str(m) for m in pg.sandbox.dm_messages(pg.users["hana"]))
