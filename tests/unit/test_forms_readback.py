"""Reading a completed functional abilities form back, and every way it can go wrong."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from rtwbot.forms import FormRegistry, FunctionalAbilities, ReadError, read_functional_abilities
from rtwbot.forms.fill import fill
from rtwbot.forms.readback import parse_date
from rtwbot.forms.samples import SAMPLE_ABILITIES, complete_functional_abilities, sample_context

REF = "RTW-2026-0007"


@pytest.fixture(scope="module")
def template():
    return FormRegistry.load().get("functional-abilities")


@pytest.fixture(scope="module")
def completed(template) -> bytes:
    return complete_functional_abilities(template, sample_context(REF))


def _answers(**changes) -> dict:
    answers = dict(SAMPLE_ABILITIES)
    for key, value in changes.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def _error(result, kind: str) -> ReadError:
    assert isinstance(result, ReadError), result
    assert result.kind == kind, result
    assert result.message and result.message.endswith(".")
    assert "\n" not in result.message
    return result


@pytest.mark.parametrize(("ticked", "authorized"), [(True, True), (False, False), (None, False)])
def test_the_worker_authorization_is_what_was_ticked(template, ticked, authorized) -> None:
    """Signed or not, the authorization is the box: unticked (or left out) reads as not
    given, whatever else the form says."""
    answers = _answers(worker_authorized=ticked if ticked is not None else None)
    if ticked is False:
        answers["worker_authorized"] = False
    pdf = complete_functional_abilities(template, sample_context(REF), answers)
    result = read_functional_abilities(pdf, expected_reference=REF)
    assert isinstance(result, FunctionalAbilities)
    assert result.worker_authorized is authorized
    assert result.worker_signed is True and result.worker_authorized_on == date(2026, 11, 25)


@pytest.mark.parametrize(("yes", "no", "read"), [(True, False, "yes"), (False, True, "no"),
                                                  (False, False, None), (True, True, None)])
def test_return_to_work_discussed_is_one_box_or_not_answered(template, yes, no, read) -> None:
    answers = _answers(rtw_discussed_yes=yes, rtw_discussed_no=no,
                       rtw_discussion_date="2026-11-30")
    pdf = complete_functional_abilities(template, sample_context(REF), answers)
    result = read_functional_abilities(pdf, expected_reference=REF)
    assert result.rtw_discussed == read and result.rtw_discussion_date == date(2026, 11, 30)


def test_the_billing_section_is_never_read(template) -> None:
    """2647A: the health professional's billing details are the WSIB's alone."""
    answers = _answers(billing_number="BILL-778899", billing_address="Clinic Payee, 1 Bay St")
    pdf = complete_functional_abilities(template, sample_context(REF), answers)
    result = read_functional_abilities(pdf, expected_reference=REF)
    assert "778899" not in repr(result) and "778899" not in (result.comments or "")
    assert "Bay St" not in (result.comments or "") and "Bay St" not in repr(result)
    # Withheld wins over everything else a field map might say of it.
    fields = {n: (replace(f, confidential=True) if f.withheld else f)
              for n, f in template.fields.items()}
    result = read_functional_abilities(pdf, expected_reference=REF,
                                       template=replace(template, fields=fields))
    said = repr(result) + (result.comments or "")
    assert "778899" not in said and "Bay St" not in said


def test_chemical_and_other_limits_are_restrictions_their_words_confidential(template) -> None:
    answers = _answers(chemical_none=None, chemical_limited=True,
                       chemical_details="ZZCHEM solvent vapours", other_limits_none=None,
                       other_limits_limited=True, other_limits_details="ZZPSY anxiety in crowds")
    pdf = complete_functional_abilities(template, sample_context(REF), answers)
    result = read_functional_abilities(pdf, expected_reference=REF)
    assert "Chemical exposure: limited" in result.restrictions
    # An "other" limit: its words are HR's to review, and the line the team sees names no
    # kind of condition (the form's own example is for the health professional).
    assert "Other limits: other" in result.restrictions
    assert not any("psycho" in r.lower() for r in result.restrictions)
    assert not any("ZZ" in r for r in result.restrictions)
    assert "ZZCHEM" in result.comments and "ZZPSY" in result.comments


def test_reads_a_completed_form(completed) -> None:
    result = read_functional_abilities(completed, expected_reference=REF)
    assert isinstance(result, FunctionalAbilities), result
    assert result.case_reference == REF
    assert result.return_status == "with_restrictions"
    assert result.expected_duration == "8-14 days"
    assert result.next_assessment == date(2026, 12, 2)
    assert result.next_assessment_text == "2026-12-02"
    assert result.completed_on == date(2026, 11, 25)
    assert result.assessment_date == date(2026, 11, 25)
    assert (result.recommended_hours, result.recommended_start) == ("graduated", date(2026, 11, 26))
    assert result.estimated_end == date(2026, 12, 9) and result.worker_authorized
    assert result.health_professional_contact == "416-555-0199, Riverside Clinic"
    assert result.health_professional == "Dr. Ada Nguyen (Family physician)"
    assert result.restrictions == [
        "Walking: up to 100 m",
        "Standing: 15-30 min",
        "Lifting floor to waist: up to 5 kg",
        "Lifting waist to shoulder: other",
        "Carrying: up to 5 kg",
        "Pushing / pulling: up to 5 kg force",
        "Climbing ladders: other",
        "Use of left hand: limited gripping",
        "Medication side effects: may affect work or safety",
        "Operating motorized equipment: not able",
    ]
    assert result.template_version == "2"
    # What was typed beside the boxes is free text: kept, labelled, for HR alone.
    assert "Pushing / pulling: Specify: light carts only" in (result.comments or "")
    assert "no power tools" in (result.comments or "")


def test_confidential_text_goes_to_comments_not_restrictions(completed) -> None:
    result = read_functional_abilities(completed)
    assert isinstance(result, FunctionalAbilities)
    assert "drowsiness" not in " ".join(result.restrictions)
    assert result.comments is not None
    assert "Reassess grip strength at the next visit." in result.comments
    assert "drowsiness" in result.comments
    assert "Reassess" not in repr(result)  # comments never end up in logs via repr


def test_details_without_a_ticked_box_still_count(template) -> None:
    data = complete_functional_abilities(
        template, sample_context(REF), _answers(walking_up_to_100m=None, walking_details="50 m with rests")
    )
    result = read_functional_abilities(data)
    assert isinstance(result, FunctionalAbilities)
    assert result.restrictions[0] == "Walking: other"
    assert "50 m with rests" in (result.comments or "")


def test_no_restrictions_form(template) -> None:
    answers = {
        "walking_full": True, "rtw_no_restrictions": True, "duration_1_2_days": True,
        "next_assessment_date": "December 3, 2026",
    }
    data = complete_functional_abilities(template, sample_context(REF), answers)
    result = read_functional_abilities(data, expected_reference=REF.lower())
    assert isinstance(result, FunctionalAbilities)
    assert result.return_status == "no_restrictions"
    assert result.restrictions == []
    assert result.expected_duration == "1-2 days"
    assert result.next_assessment == date(2026, 12, 3)
    assert result.comments is None
    assert result.health_professional is None


def test_owner_password_only_pdf_is_still_read(completed) -> None:
    writer = PdfWriter(clone_from=BytesIO(completed))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    buf = BytesIO()
    writer.write(buf)
    assert isinstance(read_functional_abilities(buf.getvalue()), FunctionalAbilities)


# --------------------------------------------------------------------------- errors


def test_not_a_pdf() -> None:
    for data in (b"hello there", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"", "not bytes"):
        _error(read_functional_abilities(data), "not_pdf")  # type: ignore[arg-type]


def test_pdf_without_form_fields() -> None:
    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "A scanned functional abilities form")
    c.showPage()
    c.save()
    error = _error(read_functional_abilities(buf.getvalue()), "no_form_fields")
    assert "scan" in error.message


def test_pdf_with_someone_elses_form_fields() -> None:
    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.acroForm.textfield(name="unrelated", x=72, y=700)
    c.showPage()
    c.save()
    _error(read_functional_abilities(buf.getvalue()), "no_form_fields")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted(completed, algorithm) -> None:
    writer = PdfWriter(clone_from=BytesIO(completed))
    writer.encrypt(user_password="secret", owner_password="secret", algorithm=algorithm)
    buf = BytesIO()
    writer.write(buf)
    error = _error(read_functional_abilities(buf.getvalue()), "encrypted")
    assert "password" in error.message


def test_truncated_and_damaged(completed) -> None:
    _error(read_functional_abilities(completed[: len(completed) // 2]), "corrupt")
    _error(read_functional_abilities(completed[:-400]), "corrupt")
    _error(read_functional_abilities(b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n"), "corrupt")


def test_too_large() -> None:
    data = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    error = _error(read_functional_abilities(data), "too_large")
    assert error.message == "That file is over 10 MB — please send a smaller scan or the filled PDF itself."
    small = _error(read_functional_abilities(b"%PDF-1.7\n" + b"0" * 600_000, max_bytes=1024 * 1024 // 2), "too_large")
    assert small.message.startswith("That file is over 0.5 MB")


def test_wrong_reference(template) -> None:
    other = complete_functional_abilities(template, sample_context("RTW-2026-0008"))
    error = _error(read_functional_abilities(other, expected_reference=REF), "wrong_reference")
    assert "RTW-2026-0008" in error.message and REF in error.message
    assert isinstance(read_functional_abilities(other, expected_reference="RTW-2026-0008"), FunctionalAbilities)


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"rtw_with_restrictions": None}, ("return_status",)),
        ({"duration_8_14_days": None}, ("expected_duration",)),
        ({"rtw_with_restrictions": None, "duration_8_14_days": None}, ("return_status", "expected_duration")),
    ],
)
def test_missing_required(template, changes, missing) -> None:
    data = complete_functional_abilities(template, sample_context(REF), _answers(**changes))
    error = _error(read_functional_abilities(data, expected_reference=REF), "missing_required")
    assert error.missing == missing
    assert "return-to-work status" in error.message or "expected duration" in error.message


def test_missing_reference(template) -> None:
    context = sample_context(REF)
    data = complete_functional_abilities(template, context, _answers(case_reference=" "))
    error = _error(read_functional_abilities(data, expected_reference=REF), "missing_required")
    assert error.missing == ("case_reference",)


def test_two_boxes_ticked_for_one_answer(template) -> None:
    data = complete_functional_abilities(template, sample_context(REF), _answers(rtw_unable=True))
    error = _error(read_functional_abilities(data), "missing_required")
    assert "more than one box" in error.message
    assert error.missing == ("return_status",)


def test_blank_prefilled_form_is_missing_required(template) -> None:
    data = fill(template, sample_context(REF)).content
    _error(read_functional_abilities(data, expected_reference=REF), "missing_required")


def test_never_raises_on_mangled_bytes(completed) -> None:
    rng = random.Random(7)
    for _ in range(40):
        data = bytearray(completed)
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
        if rng.random() < 0.3:
            start = rng.randrange(len(data))
            del data[start : start + rng.randint(1, 5000)]
        result = read_functional_abilities(bytes(data))
        assert isinstance(result, FunctionalAbilities | ReadError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        ("2026/12/02", date(2026, 12, 2)),
        ("Dec 2, 2026", date(2026, 12, 2)),
        ("2 December 2026", date(2026, 12, 2)),
        ("02/12/2026", None),  # day and month could be either way round: not guessed
        ("next week", None),
        (None, None),
    ],
)
def test_parse_date(text, expected) -> None:
    assert parse_date(text) == expected
