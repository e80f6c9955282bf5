"""Filling: PDF and DOCX round trips, visible values, file names, escaping."""

from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from rtwbot.forms import FilledForm, FormFillError, FormRegistry, fill
from rtwbot.forms.context import format_long_date
from rtwbot.forms.docx import document_text, fill_docx, find_placeholders
from rtwbot.forms.fill import field_values, is_checked, lookup
from rtwbot.forms.pdf import OFF, flatten_pdf
from rtwbot.forms.registry import FieldSpec, FormTemplate
from rtwbot.forms.samples import SAMPLE_PEOPLE, sample_context

PDF_FORMS = ["employer-report", "functional-abilities"]
DOCX_FORMS = ["rtwi", "modified-work-plan"]


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.load()


@pytest.fixture(scope="module")
def context() -> dict:
    return sample_context()


@pytest.fixture(scope="module")
def filled(registry: FormRegistry, context: dict) -> dict[str, FilledForm]:
    return {t.name: fill(t, context) for t in registry}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _expected_text(template: FormTemplate, context: dict) -> dict[str, str]:
    """Mapped non-empty text values, straight from the context."""
    out = {}
    for spec in template.filled_fields:
        value = lookup(context, spec.path)
        if spec.type in ("text", "date") and value not in (None, ""):
            out[spec.name] = str(value)
    return out


# ------------------------------------------------------------------------------ PDF


@pytest.mark.parametrize("name", PDF_FORMS)
def test_pdf_round_trip_every_mapped_value(registry, context, filled, name) -> None:
    template = registry.get(name)
    fields = PdfReader(BytesIO(filled[name].content)).get_fields()
    values = field_values(template, context)
    assert values
    for spec in template.filled_fields:
        got = fields[spec.name].get("/V")
        if spec.type == "checkbox":
            assert str(got) == values[spec.name], spec.name
            assert values[spec.name] in (spec.on_state, OFF)
        else:
            assert (got or "") == values[spec.name], spec.name
    for fname, text in _expected_text(template, context).items():
        assert fields[fname]["/V"] == text
    # fields for people to fill stay blank
    for spec in template.fields.values():
        if not spec.filled:
            assert str(fields[spec.name].get("/V") or "") in ("", OFF), spec.name


def test_employer_report_checkboxes_follow_the_answers(filled) -> None:
    fields = PdfReader(BytesIO(filled["employer-report"].content)).get_fields()
    on = {n for n, f in fields.items() if str(f.get("/V")) == "/Yes"}
    assert on == {
        "twenty_or_more_yes", "kind_injury", "health_care_yes", "absent_yes", "lower_pay_no",
        "lost_time", "modified_work_offered_yes", "modified_regular_pay", "offer_accepted",
        "accident_slip_trip", "accident_fall", "body_wrist_left", "body_lower_back",
        "union_yes", "schedule_regular",  # from the roster row
    }


def test_employer_report_no_lost_time_and_unknowns(registry) -> None:
    context = sample_context()
    context["case"].update(
        kind="work_illness", health_care="unknown", absent="no", lower_pay="no", lost_time="no",
        modified_work="none", modified_work_offered="unknown", offer_response="unknown",
        accident_type=None, body_part=None,
    )
    context["employer"]["twenty_or_more_workers"] = None
    context["employee"].update(union_covered="unknown")
    context["worker"].update(schedule_kind=None)
    form = fill(registry.get("employer-report"), context)
    fields = PdfReader(BytesIO(form.content)).get_fields()
    on = {n for n, f in fields.items() if str(f.get("/V")) == "/Yes"}
    assert on == {"kind_illness", "health_care_unknown", "absent_no", "lower_pay_no", "no_lost_time",
                  "modified_none"}


def test_pdf_sets_need_appearances_and_builds_appearance_streams(filled) -> None:
    reader = PdfReader(BytesIO(filled["employer-report"].content))
    assert bool(reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"]) is True
    for annot in reader.pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/T") == "worker_name":
            stream = widget["/AP"]["/N"].get_object().get_data()
            assert b"Jane Doe-Tremblay" in stream


@pytest.mark.parametrize("name", PDF_FORMS)
def test_filled_pdf_shows_its_values_when_flattened(registry, context, filled, name) -> None:
    flat = flatten_pdf(filled[name].content)
    reader = PdfReader(BytesIO(flat))
    assert "/AcroForm" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert not [a for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Widget"]
    text = _norm("\n".join(page.extract_text() for page in reader.pages))
    expected = _expected_text(registry.get(name), context)
    assert expected
    for fname, value in expected.items():
        assert _norm(value) in text, fname


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("name", PDF_FORMS)
def test_filled_pdf_values_with_pdftotext(registry, context, filled, name, tmp_path: Path) -> None:
    for label, data in (("filled", filled[name].content), ("flat", flatten_pdf(filled[name].content))):
        pdf = tmp_path / f"{label}.pdf"
        pdf.write_bytes(data)
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for fname, value in _expected_text(registry.get(name), context).items():
            assert _norm(value) in _norm(out), (label, fname)


def test_characters_outside_ascii_and_markup_survive(registry) -> None:
    context = sample_context()
    context["employee"]["name"] = "Zoë Côté-Laframboise"
    context["case"]["description"] = "Cut <deep> & bled — 2 cm"
    form = fill(registry.get("employer-report"), context)
    fields = PdfReader(BytesIO(form.content)).get_fields()
    assert fields["worker_name"]["/V"] == "Zoë Côté-Laframboise"
    assert fields["description"]["/V"] == "Cut <deep> & bled — 2 cm"
    text = _norm(PdfReader(BytesIO(flatten_pdf(form.content))).pages[0].extract_text())
    assert "Zoë Côté-Laframboise" in text


# ----------------------------------------------------------------------------- DOCX


def _docx_expected(template: FormTemplate, context: dict) -> list[str]:
    out = []
    for spec in template.filled_fields:
        value = lookup(context, spec.path)
        if spec.type == "list":
            for item in value:
                # participants show their role label and name; other lists are strings
                out += [item["role_label"], item["name"]] if isinstance(item, dict) else [item]
        elif spec.type == "date" and value not in (None, ""):
            out.append(format_long_date(value))  # documents write dates in words
        elif value not in (None, ""):
            out.append(str(value))
    return out


@pytest.mark.parametrize("name", DOCX_FORMS)
def test_docx_round_trip_every_value_present(registry, context, filled, name) -> None:
    form = filled[name]
    text = document_text(form.content)
    expected = _docx_expected(registry.get(name), context)
    assert len(expected) >= 10
    for value in expected:
        assert value in text, value
    assert find_placeholders(form.content) == []
    assert "{{" not in text and "{%" not in text


def test_docx_tables_have_one_row_per_participant(filled, context) -> None:
    doc = Document(BytesIO(filled["modified-work-plan"].content))
    participants = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in participants.rows]
    assert rows[0] == ["Role", "Name"]
    assert rows[1:] == [[p["role_label"], p["name"]] for p in context["plan"]["participants"]]


def test_docx_empty_lists_say_so(registry) -> None:
    context = sample_context()
    context["plan"]["restrictions"] = []
    context["plan"]["duties"] = []
    text = document_text(fill(registry.get("modified-work-plan"), context).content)
    assert "No restrictions recorded." in text
    assert "No duties recorded yet." in text


def test_docx_escapes_markup_and_keeps_typed_braces(registry) -> None:
    context = sample_context()
    context["employer"]["name"] = "Smith & Sons <Ltd>"
    context["plan"]["hours"] = "{{ 7 * 7 }} then {% raw %}"
    context["plan"]["pay_rule"] = "Regular pay\nreviewed weekly"
    form = fill(registry.get("modified-work-plan"), context)
    text = document_text(form.content)
    assert "Smith & Sons <Ltd>" in text
    assert "{{ 7 * 7 }} then {% raw %}" in text  # typed text is data, never a template
    assert "49" not in text
    assert "Regular pay\nreviewed weekly" in text


def test_docx_placeholder_left_behind_is_an_error(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph().add_run("{{ '{{' }} name }}")
    buf = BytesIO()
    doc.save(buf)
    with pytest.raises(FormFillError, match="placeholders left"):
        fill_docx(buf.getvalue(), {"name": "x"})


def test_docx_variable_not_in_the_context_is_an_error(registry) -> None:
    doc = Document()
    doc.add_paragraph().add_run("{{ not_mapped }}")
    buf = BytesIO()
    doc.save(buf)
    with pytest.raises(Exception, match="not_mapped"):
        fill_docx(buf.getvalue(), {})


# -------------------------------------------------------------------------- general


def test_file_names_carry_no_person_name(filled) -> None:
    names = [p["name"] for p in SAMPLE_PEOPLE.values()]
    parts = {w.lower() for n in names for w in n.replace("-", " ").split()}
    for name, form in filled.items():
        assert form.filename == f"RTW-2026-0007-{name}.{'pdf' if name in PDF_FORMS else 'docx'}"
        assert not any(part in form.filename.lower() for part in parts)


def test_filled_form_metadata(filled, registry) -> None:
    for name, form in filled.items():
        assert form.template_name == name
        assert form.template_version == registry.get(name).version
        assert form.sha256 == hashlib.sha256(form.content).hexdigest()
        assert form.mimetype == registry.get(name).mimetype
        assert "Jane" not in repr(form)


def test_missing_context_key_is_a_clear_error(registry) -> None:
    context = copy.deepcopy(sample_context())
    del context["employee"]["job_title"]
    with pytest.raises(FormFillError, match="employee.job_title"):
        fill(registry.get("rtwi"), context)


def test_plan_document_without_plan_fills_blanks(registry) -> None:
    context = sample_context()
    context["plan"] = None
    form = fill(registry.get("rtwi"), context)  # the RTWI needs no plan
    assert form.filename.endswith("-rtwi.docx")
    plan = fill(registry.get("modified-work-plan"), context)  # a blank plan to fill by hand
    text = document_text(plan.content)
    assert "Jane Doe-Tremblay" in text and "No duties recorded yet." in text
    assert find_placeholders(plan.content) == []


def test_a_new_template_needs_only_a_file_and_a_mapping(tmp_path: Path) -> None:
    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.acroForm.textfield(name="who", x=72, y=700, width=200, height=16)
    c.acroForm.checkbox(name="care", x=72, y=660, fieldFlags="")
    c.acroForm.checkbox(name="big", x=100, y=660, fieldFlags="")
    c.showPage()
    c.save()
    (tmp_path / "tiny.pdf").write_bytes(buf.getvalue())
    (tmp_path / "tiny-note.yaml").write_text(
        "template: tiny.pdf\n"
        "version: 2026.1\n"
        "title: Tiny note\n"
        "output: '{reference}-tiny-note.pdf'\n"
        "fields:\n"
        "  who: {type: text, path: employee.division}\n"
        "  care: {type: checkbox, on_state: /Yes, path: case.health_care, checked_when: yes}\n"
        "  big: {type: checkbox, on_state: /Yes, path: employer.twenty_or_more_workers}\n",
        encoding="utf-8",
    )
    registry = FormRegistry.load(tmp_path)
    assert registry.problems() == []
    form = fill(registry.get("tiny-note"), sample_context())
    assert form.filename == "RTW-2026-0007-tiny-note.pdf"
    assert form.template_version == "2026.1"
    fields = PdfReader(BytesIO(form.content)).get_fields()
    assert fields["who"]["/V"] == "Parks & Forestry"
    assert fields["care"]["/V"] == "/Yes"  # a bare YAML `yes` (read as true) matches "yes"
    assert fields["big"]["/V"] == "/Yes"


@pytest.mark.parametrize(
    ("checked_when", "value", "ticked"),
    [
        ((True,), True, True),
        ((True,), "yes", True),
        ((True,), 1, False),
        ((False,), False, True),
        ((False,), None, False),
        ((False,), "unknown", False),
        (("regular_pay", "reduced_pay"), "reduced_pay", True),
        (("yes",), True, False),
        (None, "anything", True),
        (None, "", False),
    ],
)
def test_is_checked(checked_when, value, ticked) -> None:
    spec = FieldSpec(name="x", type="checkbox", on_state="/Yes", checked_when=checked_when)
    assert is_checked(spec, value) is ticked
