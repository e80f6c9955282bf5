"""Every field of the WSIB's Form 7 (sections A-J) has a source on the employer's report, or
says HR completes it; filled from a roster row and a report, the PDF shows every value; the
eForm 7 worksheet lists them in the eForm 7's order; what is not known is said, with why."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from rtwbot.domain.privacy import Relation
from rtwbot.forms import FormRegistry, fill
from rtwbot.forms.form7 import not_known_lines, worksheet_rows
from rtwbot.forms.pdf import flatten_pdf
from rtwbot.forms.registry import FormTemplate
from rtwbot.forms.samples import sample_context
from rtwbot.forms.wsib_form7 import FORM7, SECTIONS, SOURCES
from rtwbot.workflow.documents import EMPLOYER_REPORT, allowed_fields, redact_context

PATH_SOURCES = {"worker": {"roster", "intake"}, "employer": {"directory"},
                "case": {"intake", "case"}, "employee": {"intake", "case", "roster", "slack",
                                                         "directory"},
                "supervisor": {"case"}, "hr": {"case"}}
# Who completes a field the bot leaves blank.
PEOPLE = {"hr", "worker", "hp"}


@pytest.fixture(scope="module")
def report() -> FormTemplate:
    return FormRegistry.load().get(EMPLOYER_REPORT)


def unmapped(template: FormTemplate) -> list[str]:
    """WSIB fields no template field carries with a source or an "HR completes"."""
    missing = []
    for wsib in FORM7:
        specs = [s for s in template.fields.values() if s.wsib == wsib.id]
        if not specs or not any(s.path or s.source == "hr" for s in specs):
            missing.append(wsib.id)
    return missing


def test_every_wsib_form7_field_has_a_source_or_hr_completes(report) -> None:
    assert [s for s in SECTIONS] == list("ABCDEFGHIJ")
    assert {f.section for f in FORM7} == set(SECTIONS)
    assert len(FORM7) >= 70
    assert unmapped(report) == []


def test_the_check_fails_when_a_field_has_no_source(report) -> None:
    fields = {n: s for n, s in report.fields.items() if s.wsib != "A.date_of_birth"}
    assert unmapped(replace(report, fields=fields)) == ["A.date_of_birth"]
    blanked = {n: (replace(s, sources=(), path=None) if s.wsib == "H.additional_wages" else s)
               for n, s in report.fields.items()}
    assert unmapped(replace(report, fields=blanked)) == ["H.additional_wages"]


def test_each_source_is_named_and_agrees_with_its_path(report) -> None:
    ids = {f.id for f in FORM7}
    for spec in report.fields.values():
        if spec.wsib is None:
            continue
        assert spec.wsib in ids, spec.name
        assert spec.sources and set(spec.sources) <= set(SOURCES), spec.name
        if spec.path:
            found = set(spec.sources) - PEOPLE
            assert found and found <= PATH_SOURCES[spec.path.split(".")[0]], spec.name
        else:
            assert spec.sources == ("hr",), spec.name
    assert report.fields["sin"].source == "hr" and report.fields["sin"].path is None


def _flat_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(flatten_pdf(content)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_report_from_a_roster_row_shows_each_mapped_value_and_sections_in_order(report) -> None:
    context = sample_context()
    text = _flat_text(fill(report, context).content)
    for value in ("1984-02-29", "2016-03-14", "42 Maple Crescent, Unit 3", "M4C 1B5",
                  "416-555-0177", "French", "Doe-Tremblay", "Jane", "7 years 5 months",
                  "CUPE Local 79", "$34.10 per hour", "Full time", "Permanent",
                  "Mon-Fri 07:00-15:00", "913910", "845", "Municipal government services",
                  "City of Example / The Corporation of the City of Example", "bi-weekly",
                  "taken as time off", "Supervisor, Parks & Forestry",
                  "Social insurance number: rtwbot does not store it"):
        assert value in text, value
    heads = [f"{letter}. {title.split(' ')[0]}" for letter, title in
             (("A", "Worker"), ("B", "Employer"), ("C", "Accident"), ("D", "Health"),
              ("E", "Lost"), ("F", "Return"), ("G", "Base"), ("H", "Additional"),
              ("I", "Work"), ("J", "Employer"))]
    where = [text.index(h) for h in heads]
    assert where == sorted(where)


def test_not_known_says_what_and_why() -> None:
    context = sample_context()
    context["case"].update(health_care="unknown", occurred_time=None)
    context["worker"].update(date_of_birth=None, phone=None)
    lines = not_known_lines(context)
    assert any(line.startswith("Whether the worker received health care") and "HR is" in line
               for line in lines)
    assert "The hour of the accident: the supervisor knew only the date." in lines
    assert any("date of birth, telephone: not in HR's roster" in line for line in lines)
    assert not any("absent" in line for line in lines)


def test_eform7_worksheet_in_order_with_the_sin_left_to_hr(report) -> None:
    context = sample_context()
    rows = worksheet_rows(report, context)
    assert [r["label"] for r in rows] == [f.label for f in FORM7]
    by_label = {r["label"]: r["value"] for r in rows}
    assert by_label["Social insurance number"].startswith("HR adds it")
    assert by_label["Date of birth"] == "1984-02-29"
    assert by_label["Is the worker covered by a union/collective agreement?"] == "Yes · CUPE Local 79"
    assert by_label["Sex"] == "HR completes: rtwbot does not ask it"
    context["worksheet"]["rows"] = rows
    form = fill(FormRegistry.load().get("eform7-worksheet"), context)
    doc = Document(BytesIO(form.content))
    table = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert table[0] == ["Section", "eForm 7 asks", "Value"]
    assert table[1:] == [[r["section"], r["label"], r["value"]] for r in rows]


def test_only_hr_copies_carry_the_roster_personal_data() -> None:
    context = sample_context()
    for relation, personal in ((Relation.REPORTER, False), (Relation.HR, True)):
        seen = redact_context(context, allowed_fields(EMPLOYER_REPORT, {relation}), personal)
        assert (seen["worker"]["date_of_birth"] == "1984-02-29") is personal
        assert (seen["worker"]["address"] is not None) is personal
