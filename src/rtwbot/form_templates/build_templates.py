"""Build the form templates and their field maps.

Run from the repository root:

    python form_templates/build_templates.py            # writes into form_templates/
    python form_templates/build_templates.py --out DIR  # writes somewhere else

It writes, for each form, the template file (PDF AcroForms with reportlab, DOCX with
python-docx and docxtpl ``{{ }}`` placeholders, each placeholder a single run) and the field
map ``<name>.yaml`` that ``rtwbot.forms.registry`` loads. The output is deterministic: the
same script gives byte-identical files, so the checked-in templates can be compared with a
fresh build.

The field maps are written from the same specification as the templates, so a field name
cannot drift between the two. Paths in ``path:`` point into the form context built by
``rtwbot.forms.context.build_form_context``.

Privacy: no template has a diagnosis field. The health professional is asked for
functional abilities and restrictions only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
CHECKBOX_ON = "/Yes"  # reportlab's checkboxes always use the on-state "Yes"

PAGE_W, PAGE_H = LETTER
MARGIN = 42
LABEL_W = 150
FIELD_FILL = Color(0.93, 0.95, 1.0)
BORDER = Color(0.35, 0.35, 0.4)
BAND = Color(0.86, 0.89, 0.95)


# --------------------------------------------------------------------------- PDF helpers


@dataclass
class Sheet:
    """A tiny page-layout helper around a reportlab canvas with AcroForm fields."""

    out: Path | io.BytesIO
    title: str
    subtitle: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        target = str(self.out) if isinstance(self.out, Path) else self.out
        self.c = canvas.Canvas(target, pagesize=LETTER, invariant=1, pageCompression=1)
        self.c.setTitle(self.title)
        self.c.setAuthor("rtwbot")
        self.c.setSubject(self.subtitle)
        self.c.setCreator("rtwbot form_templates/build_templates.py")
        self.page = 0
        self._start_page()

    # -- pages
    def _start_page(self) -> None:
        self.page += 1
        c = self.c
        c.setFont("Helvetica-Bold", 14)
        c.drawString(MARGIN, PAGE_H - MARGIN - 4, self.title)
        c.setFont("Helvetica", 8)
        c.drawRightString(PAGE_W - MARGIN, PAGE_H - MARGIN - 4, f"Page {self.page}")
        c.drawString(MARGIN, PAGE_H - MARGIN - 16, self.subtitle)
        c.setLineWidth(0.6)
        c.line(MARGIN, PAGE_H - MARGIN - 22, PAGE_W - MARGIN, PAGE_H - MARGIN - 22)
        self.y = PAGE_H - MARGIN - 34

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.c.showPage()
            self._start_page()

    def save(self) -> None:
        self.c.showPage()
        self.c.save()

    # -- drawing
    def section(self, text: str) -> None:
        self.need(46)
        self.y -= 4
        self.c.setFillColor(BAND)
        self.c.rect(MARGIN, self.y - 13, PAGE_W - 2 * MARGIN, 15, stroke=0, fill=1)
        self.c.setFillColor(Color(0, 0, 0))
        self.c.setFont("Helvetica-Bold", 9.5)
        self.c.drawString(MARGIN + 4, self.y - 9, text)
        self.y -= 21

    def note(self, text: str, size: float = 7.8, bold: bool = False) -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        lines = simpleSplit(text, font, size, PAGE_W - 2 * MARGIN)
        self.need(len(lines) * (size + 2) + 4)
        self.c.setFont(font, size)
        for line in lines:
            self.c.drawString(MARGIN, self.y - size, line)
            self.y -= size + 2
        self.y -= 3

    def _register(self, name: str, spec: dict[str, Any]) -> None:
        if name in self.fields:
            raise ValueError(f"duplicate field name {name!r}")
        self.fields[name] = spec

    def _textfield(self, name: str, x: float, y: float, w: float, h: float, *, multiline: bool = False, tooltip: str = "") -> None:
        self.c.acroForm.textfield(
            name=name,
            tooltip=tooltip or None,
            x=x,
            y=y,
            width=w,
            height=h,
            fontSize=0,  # auto size: pypdf and viewers fit (and wrap) the text
            maxlen=None,
            borderWidth=1,
            borderColor=BORDER,
            fillColor=FIELD_FILL,
            textColor=Color(0, 0, 0),
            fieldFlags="multiline" if multiline else "",
        )

    def _checkbox(self, name: str, x: float, y: float, tooltip: str) -> None:
        self.c.acroForm.checkbox(
            name=name,
            tooltip=tooltip,
            x=x,
            y=y,
            size=10,
            buttonStyle="check",
            borderWidth=1,
            borderColor=BORDER,
            fillColor=white,
            textColor=Color(0, 0, 0),
            fieldFlags="",  # reportlab defaults to "required"
        )

    def fields_row(self, items: list[tuple[str, str, float, dict[str, Any]]]) -> None:
        """A row of labelled single-line text fields: (label, name, width, spec)."""
        self.need(32)
        x = MARGIN
        for label, name, wanted, spec in items:
            width = min(wanted, PAGE_W - MARGIN - x)  # never past the right margin
            self.c.setFont("Helvetica", 7.5)
            self.c.drawString(x, self.y - 8, label)
            self._textfield(name, x, self.y - 26, width, 15, tooltip=label)
            self._register(name, {"label": label, **spec})
            x += width + 10
        self.y -= 32

    def box(self, label: str, name: str, height: float, spec: dict[str, Any]) -> None:
        """A labelled multi-line text box across the page."""
        self.need(height + 16)
        self.c.setFont("Helvetica", 7.5)
        self.c.drawString(MARGIN, self.y - 8, label)
        self._textfield(name, MARGIN, self.y - 11 - height, PAGE_W - 2 * MARGIN, height, multiline=True, tooltip=label)
        self._register(name, {"label": label, **spec})
        self.y -= height + 17

    def checks(
        self,
        label: str,
        options: list[tuple[str, str, dict[str, Any]]],
        details: tuple[str, str, dict[str, Any]] | None = None,
    ) -> None:
        """A labelled row of checkboxes (name, caption, spec), wrapping as needed, with an
        optional "specify" text field (name, caption, spec) at the end."""
        self.need(22)
        c = self.c
        c.setFont("Helvetica-Bold", 8)
        label_lines = simpleSplit(label, "Helvetica-Bold", 8, LABEL_W - 6)
        for i, line in enumerate(label_lines):
            c.drawString(MARGIN, self.y - 9 - i * 9, line)
        x = MARGIN + LABEL_W
        row_top = self.y
        right = PAGE_W - MARGIN
        for name, caption, spec in options:
            width = 14 + c.stringWidth(caption, "Helvetica", 8) + 12
            if x + width > right:
                self.y -= 15
                x = MARGIN + LABEL_W
            full = f"{label} {caption}" if label.endswith("?") else f"{label}: {caption}"
            self._checkbox(name, x, self.y - 11, full)
            c.setFont("Helvetica", 8)
            c.drawString(x + 14, self.y - 9.5, caption)
            self._register(name, {"label": full, "type": "checkbox", "on_state": CHECKBOX_ON, **spec})
            x += width
        if details is not None:
            name, caption, spec = details
            cap_w = c.stringWidth(caption, "Helvetica", 8) + 4
            if right - x < 150:
                self.y -= 15
                x = MARGIN + LABEL_W
            c.setFont("Helvetica", 8)
            c.drawString(x, self.y - 9.5, caption)
            self._textfield(name, x + cap_w, self.y - 13, right - x - cap_w, 13, tooltip=f"{label}: {caption.rstrip(':')}")
            self._register(name, {"label": f"{label}: {caption.rstrip(':')}", **spec})
        used = max(row_top - self.y + 17, len(label_lines) * 9 + 6)
        self.y = row_top - used

    def sign_line(self, label: str) -> None:
        self.need(28)
        self.c.setLineWidth(0.5)
        self.c.line(MARGIN, self.y - 18, MARGIN + 260, self.y - 18)
        self.c.setFont("Helvetica", 7.5)
        self.c.drawString(MARGIN, self.y - 27, label)
        self.y -= 32


def text(path: str | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "text"}
    if path:
        spec["path"] = path
    spec.update(extra)
    return spec


def date(path: str | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "date"}
    if path:
        spec["path"] = path
    spec.update(extra)
    return spec


# ------------------------------------------------------------- functional abilities (PDF)


def _band_group(
    s: Sheet, key: str, label: str, bands: list[tuple[str, str]], other_caption: str = "Other"
) -> None:
    """Full abilities / graded bands / other + details: one checkbox per band."""
    options: list[tuple[str, str, dict[str, Any]]] = [
        (f"{key}_full", "Full abilities", {"group": key})
    ]
    for suffix, caption in bands:
        line = caption[0].lower() + caption[1:]
        options.append((f"{key}_{suffix}", caption, {"group": key, "restriction": f"{label}: {line}"}))
    options.append(
        (
            f"{key}_other",
            other_caption,
            {"group": key, "restriction": f"{label}: {other_caption.lower()}", "detail": f"{key}_details"},
        )
    )
    s.checks(label, options, (f"{key}_details", "Specify:", text(group=key)))


def _limit_group(
    s: Sheet, key: str, label: str, limited: list[tuple[str, str, str]], *, none_caption: str = "Full abilities",
    none_key: str = "full", details_caption: str = "Specify:", confidential_details: bool = False,
) -> None:
    """No limitation / one or more kinds of limitation + details."""
    options: list[tuple[str, str, dict[str, Any]]] = [(f"{key}_{none_key}", none_caption, {"group": key})]
    for suffix, caption, line in limited:
        spec: dict[str, Any] = {"group": key, "restriction": f"{label}: {line}"}
        if not confidential_details:
            spec["detail"] = f"{key}_details"
        options.append((f"{key}_{suffix}", caption, spec))
    details = text(group=key)
    if confidential_details:
        details["confidential"] = True
    s.checks(label, options, (f"{key}_details", details_caption, details))


def _tag(fields: dict[str, dict[str, Any]], names: dict[str, str]) -> None:
    """Name the WSIB 2647A field each template field carries (``wsib``)."""
    for name, spec in fields.items():
        for prefix, wsib in names.items():
            if name == prefix or name.startswith(prefix + "_"):
                spec.setdefault("wsib", wsib)


# template field (or group prefix) -> the WSIB Functional Abilities Form (2647A) field
FAF_TAGS = {
    "employee_name": "A.worker_name", "date_of_injury": "A.date_of_accident",
    "employer_name": "A.employer_name", "job_title": "A.job", "division": "A.job",
    "return_to": "A.employer_contact", "worker_authorized": "A.authorization",
    "assessment_date": "B.assessment_date", "hp_name": "B.hp_name",
    "hp_profession": "B.hp_profession", "hp_contact": "B.hp_contact", "hp_date": "B.hp_date",
    "walking": "C.walking", "standing": "C.standing", "sitting": "C.sitting",
    "lift_floor_waist": "C.lift_floor_waist", "lift_waist_shoulder": "C.lift_waist_shoulder",
    "above_shoulder": "C.above_shoulder", "carrying": "C.carrying", "push_pull": "C.push_pull",
    "stairs": "C.stairs", "ladder": "C.ladders", "bending": "C.bending",
    "repetitive": "C.repetitive", "hand_left": "C.hands", "hand_right": "C.hands",
    "environment": "C.environment", "medication": "C.medication", "motorized": "C.operating_equipment",
    "travel": "C.travel", "cognitive": "C.cognitive", "comments": "C.other",
    "rtw": "D.return_status", "hours": "D.recommended_hours", "recommended_start": "D.start_date",
    "duration": "D.expected_duration", "next_assessment_date": "D.next_assessment",
    "estimated_end_date": "D.estimated_end",
}


def build_functional_abilities(out: Path | io.BytesIO) -> dict[str, dict[str, Any]]:
    s = Sheet(
        out,
        "Functional Abilities Form",
        "For planning an early and safe return to work - the content of the WSIB's Functional Abilities Form (2647A)",
    )
    s.note(
        "To the health professional: please describe the employee's functional abilities and "
        "restrictions only. Do NOT include a diagnosis, the cause, symptoms or treatment. The "
        "employer uses this form to offer suitable and available work.",
        bold=True,
    )
    s.section("1. Worker and employer (completed by the employer and the worker)")
    s.fields_row(
        [
            ("Case reference", "case_reference", 130, text("case.reference", required=True)),
            ("Employee name", "employee_name", 200, text("employee.name")),
            ("Date of injury / illness (YYYY-MM-DD)", "date_of_injury", 178, date("case.occurred_on")),
        ]
    )
    s.fields_row(
        [
            ("Employer", "employer_name", 150, text("employer.name")),
            ("Job title", "job_title", 130, text("employee.job_title")),
            ("Division", "division", 110, text("employee.division")),
            ("Return the completed form to", "return_to", 108, text("hr.name")),
        ]
    )
    s.checks(
        "Worker's authorization",
        [("worker_authorized", "I authorize my health professional to give my employer this "
          "functional information (WSIA s. 37)",
          {"answer": "worker_authorization", "value": "yes"})],
    )
    s.fields_row([("Worker's signature date (YYYY-MM-DD)", "worker_authorized_on", 200,
                   date(answer="worker_authorized_on"))])

    s.section("2. Abilities and restrictions (completed by the health professional)")
    s.fields_row([("Date of assessment (YYYY-MM-DD)", "assessment_date", 200, date(answer="assessment_date"))])
    s.note("Tick one box per line. Where the employee has full abilities, tick \"Full abilities\".")
    _band_group(s, "walking", "Walking", [("up_to_100m", "Up to 100 m"), ("100_200m", "100-200 m")])
    _band_group(s, "standing", "Standing", [("up_to_15min", "Up to 15 min"), ("15_30min", "15-30 min")])
    _band_group(s, "sitting", "Sitting", [("up_to_30min", "Up to 30 min"), ("30_60min", "30-60 min")])
    _band_group(
        s, "lift_floor_waist", "Lifting floor to waist", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")]
    )
    _band_group(
        s, "lift_waist_shoulder", "Lifting waist to shoulder", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")]
    )
    _limit_group(
        s, "above_shoulder", "Work at or above shoulder",
        [("limited", "Occasionally only", "occasionally only"), ("not_able", "Not able", "not able")],
    )
    _band_group(s, "carrying", "Carrying", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")])
    _limit_group(
        s, "push_pull", "Pushing / pulling",
        [("limited", "Up to 5 kg force", "up to 5 kg force"), ("5_10kg", "5-10 kg force", "5-10 kg force")],
    )
    _band_group(s, "stairs", "Climbing stairs", [("up_to_5_steps", "Up to 5 steps"), ("5_12_steps", "5-12 steps")])
    _band_group(s, "ladder", "Climbing ladders", [("1_3_steps", "1-3 steps"), ("4_6_steps", "4-6 steps")])
    _limit_group(
        s, "bending", "Bending / twisting",
        [("limited", "Occasionally only", "occasionally only"), ("not_able", "Not able", "not able")],
    )
    _limit_group(s, "repetitive", "Repetitive movement", [("limited", "Limited", "limited")])
    _limit_group(
        s, "hand_left", "Use of left hand",
        [("gripping", "Gripping", "limited gripping"), ("pinching", "Pinching", "limited pinching"),
         ("other", "Other", "other limits")],
    )
    _limit_group(
        s, "hand_right", "Use of right hand",
        [("gripping", "Gripping", "limited gripping"), ("pinching", "Pinching", "limited pinching"),
         ("other", "Other", "other limits")],
    )
    _limit_group(
        s, "environment", "Environmental limits (heat, cold, noise, scents, chemicals)",
        [("limited", "Limited", "limited")], none_caption="None", none_key="none",
    )
    _limit_group(
        s, "medication", "Medication side effects",
        [("may_affect", "May affect work or safety", "may affect work or safety")],
        none_caption="None", none_key="none", details_caption="Specify (kept confidential):",
        confidential_details=True,
    )
    _limit_group(
        s, "motorized", "Operating motorized equipment",
        [("limited", "Limited", "limited"), ("not_able", "Not able", "not able")],
    )
    _limit_group(
        s, "travel", "Travel to work",
        [("no_transit", "Cannot use public transit", "cannot use public transit"),
         ("no_driving", "Cannot drive", "cannot drive")],
        none_caption="No limits", none_key="no_limits",
    )
    _limit_group(
        s, "cognitive", "Cognitive limits",
        [("concentration", "Concentration", "limited concentration"),
         ("memory", "Memory", "limited memory"),
         ("decisions", "Complex decisions", "no complex decisions")],
        none_caption="None", none_key="none",
    )

    s.section("3. Return to work: hours, start date and duration")
    s.checks(
        "Return-to-work status",
        [
            ("rtw_no_restrictions", "Can return with no restrictions",
             {"group": "return_status", "answer": "return_status", "value": "no_restrictions", "required": True}),
            ("rtw_with_restrictions", "Can return with the restrictions above",
             {"group": "return_status", "answer": "return_status", "value": "with_restrictions", "required": True}),
            ("rtw_unable", "Unable to return at this time",
             {"group": "return_status", "answer": "return_status", "value": "unable", "required": True}),
        ],
    )
    s.checks(
        "Recommended work hours",
        [
            (f"hours_{key}", caption, {"group": "recommended_hours", "answer": "recommended_hours", "value": key})
            for key, caption in [("regular", "Regular full-time hours"), ("modified", "Modified hours"),
                                 ("graduated", "Graduated hours")]
        ],
    )
    s.checks(
        "Expected duration of the restrictions",
        [
            (f"duration_{key}", caption,
             {"group": "expected_duration", "answer": "expected_duration", "value": caption, "required": True})
            for key, caption in [("1_2_days", "1-2 days"), ("3_7_days", "3-7 days"),
                                 ("8_14_days", "8-14 days"), ("14_plus_days", "14+ days")]
        ],
    )
    s.fields_row([
        ("Recommended start date (YYYY-MM-DD)", "recommended_start", 170, date(answer="recommended_start")),
        ("Date of next assessment (YYYY-MM-DD)", "next_assessment_date", 170, date(answer="next_assessment")),
        ("Estimated end date (YYYY-MM-DD)", "estimated_end_date", 168, date(answer="estimated_end")),
    ])
    s.box(
        "Comments on abilities and restrictions (no diagnosis please)",
        "comments",
        60,
        text(answer="comments", confidential=True),
    )

    s.section("4. Health professional")
    s.fields_row(
        [
            ("Name", "hp_name", 170, text(answer="health_professional_name")),
            ("Profession", "hp_profession", 120, text(answer="health_professional_profession")),
            ("Telephone / clinic", "hp_contact", 120, text(answer="health_professional_contact")),
            ("Date completed (YYYY-MM-DD)", "hp_date", 98, date(answer="completed_on")),
        ]
    )
    s.sign_line("Signature of the health professional")
    s.save()
    _tag(s.fields, FAF_TAGS)
    return s.fields


# ------------------------------------------ employer report (PDF) and eForm 7 worksheet


def _form7() -> Any:
    """build_form7.py beside this script (loaded by path: this is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("build_form7", HERE / "build_form7.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _helpers() -> SimpleNamespace:
    return SimpleNamespace(Sheet=Sheet, text=text, date=date, new_document=_new_document,
                           para=_para, save_docx=_save_docx)


def build_employer_report(out: Path | io.BytesIO) -> dict[str, dict[str, Any]]:
    return _form7().build_employer_report(out, _helpers())


def build_eform7_worksheet(out: Path | io.BytesIO) -> dict[str, dict[str, Any]]:
    return _form7().build_eform7_worksheet(out, _helpers())


# --------------------------------------------------------------------------- DOCX helpers


def _new_document(title: str) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    props = doc.core_properties
    props.title = title
    props.author = "rtwbot"
    props.last_modified_by = "rtwbot"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    props.comments = "Generated by form_templates/build_templates.py"
    return doc


def _para(container: Any, *parts: str, style: str | None = None, bold_labels: bool = True) -> Any:
    """A paragraph from parts; a part written as a ``{{ }}``/``{% %}`` tag is its own run, and
    parts ending in ':' are bold labels."""
    p = container.add_paragraph(style=style)
    for part in parts:
        run = p.add_run(part)
        if bold_labels and part.endswith(":"):
            run.bold = True
    return p


def _label_table(doc: Any, rows: list[tuple[str, str]], widths: tuple[float, float] = (5.5, 12.0)) -> Any:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
        cells[0].width, cells[1].width = Cm(widths[0]), Cm(widths[1])
    return table


def _answer_box(doc: Any, label: str, hint: str = "", lines: int = 3) -> None:
    """A labelled empty box for the health professional to write in."""
    table = doc.add_table(rows=2, cols=1)
    table.style = "Table Grid"
    head = table.rows[0].cells[0].paragraphs[0]
    head.add_run(label).bold = True
    if hint:
        run = head.add_run(f"  {hint}")
        run.italic = True
        run.font.size = Pt(8.5)
    body = table.rows[1].cells[0]
    body.paragraphs[0].add_run("")
    for _ in range(lines - 1):
        body.add_paragraph("")
    doc.add_paragraph()


def _save_docx(doc: Any, out: Path | io.BytesIO) -> None:
    """Save with fixed zip timestamps so the build is reproducible."""
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    if isinstance(out, Path):
        out.write_bytes(fixed.getvalue())
    else:
        out.write(fixed.getvalue())


# -------------------------------------------------------------------------- RTWI (DOCX)


def build_rtwi(out: Path | io.BytesIO) -> dict[str, dict[str, Any]]:
    doc = _new_document("Return to Work Information")
    doc.add_heading("Return to Work Information (RTWI)", level=1)
    _para(doc, "Case reference: ", "{{ case_reference }}", "    Prepared on: ", "{{ prepared_on }}")
    _para(
        doc,
        "{{ employer_name }}",
        " is committed to an early and safe return to work. Please take this form to your "
        "health professional and return it to ",
        "{{ hr_name }}",
        " (HR). The employer needs your functional abilities and restrictions only - "
        "not a diagnosis.",
        bold_labels=False,
    )

    doc.add_heading("Part 1 - Employee and job (completed by the employer)", level=2)
    _label_table(
        doc,
        [
            ("Employee name", "{{ employee_name }}"),
            ("Employee number", "{{ employee_number }}"),
            ("Job title", "{{ job_title }}"),
            ("Division", "{{ division }}"),
            ("Supervisor", "{{ supervisor_name }}"),
            ("Date of injury / illness", "{{ date_of_injury }}"),
            ("Regular hours per week", "{{ hours_per_week }}"),
            ("HR contact", "{{ hr_name }}"),
        ],
    )
    doc.add_paragraph()

    doc.add_heading("Part 2 - Health professional", level=2)
    p = doc.add_paragraph()
    run = p.add_run(
        "Please describe functional abilities and limitations only. Do not write a diagnosis, "
        "cause, symptoms or treatment on this form."
    )
    run.italic = True
    _answer_box(doc, "Functional limitations", "(what the employee should not do, or for how long)", lines=5)
    _answer_box(doc, "Approximate expected length of disability", "(days or weeks)", lines=2)
    _answer_box(
        doc,
        "Suitability for modified work",
        "(can the employee do modified or lighter duties now? Yes / No - which kind)",
        lines=3,
    )
    _answer_box(doc, "Date of next assessment", "(YYYY-MM-DD)", lines=1)
    _label_table(
        doc,
        [
            ("Health professional name", ""),
            ("Profession", ""),
            ("Telephone", ""),
            ("Signature", ""),
            ("Date", ""),
        ],
    )
    _save_docx(doc, out)
    return {
        "case_reference": text("case.reference", required=True),
        "prepared_on": date("today"),
        "employer_name": text("employer.name"),
        "employee_name": text("employee.name"),
        "employee_number": text("employee.employee_number"),
        "job_title": text("employee.job_title"),
        "division": text("employee.division"),
        "supervisor_name": text("supervisor.name"),
        "date_of_injury": date("case.occurred_on"),
        "hours_per_week": text("employee.hours_per_week"),
        "hr_name": text("hr.name"),
    }


# ------------------------------------------------------------- modified work plan (DOCX)


def build_modified_work_plan(out: Path | io.BytesIO) -> dict[str, dict[str, Any]]:
    doc = _new_document("Modified Work Plan")
    doc.add_heading("Modified Work Plan", level=1)
    _para(doc, "Case reference: ", "{{ case_reference }}", "    Prepared on: ", "{{ prepared_on }}")
    _para(doc, "Employer: ", "{{ employer_name }}")
    _label_table(
        doc,
        [
            ("Employee", "{{ employee_name }}"),
            ("Job title", "{{ job_title }}"),
            ("Division", "{{ division }}"),
            ("Plan option", "{{ option }}"),
        ],
    )

    doc.add_heading("Participants", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].paragraphs[0].add_run("Role").bold = True
    head[1].paragraphs[0].add_run("Name").bold = True
    loop_start = table.add_row().cells
    loop_start[0].paragraphs[0].add_run("{%tr for person in participants %}")
    row = table.add_row().cells
    row[0].paragraphs[0].add_run("{{ person.role_label }}")
    row[1].paragraphs[0].add_run("{{ person.name }}")
    loop_end = table.add_row().cells
    loop_end[0].paragraphs[0].add_run("{%tr endfor %}")

    def bullet_list(heading: str, var: str, item: str, empty: str) -> None:
        doc.add_heading(heading, level=2)
        _para(doc, f"{{%p for {item} in {var} %}}")
        _para(doc, f"{{{{ {item} }}}}", style="List Bullet")
        _para(doc, "{%p endfor %}")
        _para(doc, f"{{%p if not {var} %}}")
        _para(doc, empty, bold_labels=False)
        _para(doc, "{%p endif %}")

    bullet_list(
        "Restrictions (functional, from the health professional)", "restrictions", "restriction",
        "No restrictions recorded.",
    )
    bullet_list("Modified duties", "duties", "duty", "No duties recorded yet.")

    doc.add_heading("Schedule", level=2)
    _para(doc, "Hours per day and how they increase: ", "{{ hours }}")
    _para(doc, "{%p for week in schedule %}")
    _para(doc, "{{ week }}", style="List Bullet")
    _para(doc, "{%p endfor %}")
    _label_table(
        doc,
        [
            ("Start date", "{{ start_date }}"),
            ("End date", "{{ end_date }}"),
            ("Where the end date comes from", "{{ end_basis }}"),
        ],
    )
    doc.add_heading("Review dates", level=2)
    _para(doc, "{%p for review in review_dates %}")
    _para(doc, "{{ review }}", style="List Bullet")
    _para(doc, "{%p endfor %}")

    doc.add_heading("Pay", level=2)
    _para(doc, "Pay rule: ", "{{ pay_rule }}")
    _para(doc, "{%p if pay_numbers %}")
    _para(doc, "In numbers: ", "{{ pay_numbers }}")
    _para(doc, "{%p endif %}")

    doc.add_heading("Sign-off", level=2)
    _para(
        doc,
        "Who agreed to this plan, and when. Anyone without a date signs below to agree to it "
        "and to review it on the dates above.",
        bold_labels=False,
    )
    sign = doc.add_table(rows=1, cols=5)
    sign.style = "Table Grid"
    for cell, label in zip(sign.rows[0].cells, ("Role", "Name", "Agreed", "Date", "Signature"), strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    sign.add_row().cells[0].paragraphs[0].add_run("{%tr for person in signoffs %}")
    cells = sign.add_row().cells
    for cell, var in zip(cells, ("{{ person.role_label }}", "{{ person.name }}", "{{ person.agreed }}",
                                 "{{ person.date }}", ""), strict=True):
        cell.paragraphs[0].add_run(var)
    sign.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _save_docx(doc, out)
    return {
        "case_reference": text("case.reference", required=True),
        "prepared_on": date("today"),
        "employer_name": text("employer.name"),
        "employee_name": text("employee.name"),
        "job_title": text("employee.job_title"),
        "division": text("employee.division"),
        "option": text("plan.option"),
        "participants": {"type": "list", "path": "plan.participants"},
        "restrictions": {"type": "list", "path": "plan.restrictions"},
        "duties": {"type": "list", "path": "plan.duties"},
        "hours": text("plan.hours"),
        "schedule": {"type": "list", "path": "plan.schedule"},
        "start_date": text("plan.start_long"),
        "end_date": text("plan.end_long"),
        "end_basis": text("plan.end_basis"),
        "review_dates": {"type": "list", "path": "plan.review_dates_long"},
        "pay_rule": text("plan.pay_rule"),
        "pay_numbers": text("plan.pay_numbers"),
        "signoffs": {"type": "list", "path": "plan.signoffs"},
    }


# ----------------------------------------------------------------------------- field maps

FORMS: list[dict[str, Any]] = [
    {
        "name": "rtwi",
        "template": "rtwi.docx",
        "title": "Return to Work Information",
        "description": "Employee and job details for the health professional, with their section left blank.",
        "build": build_rtwi,
    },
    {
        "name": "functional-abilities",
        "template": "functional-abilities.pdf",
        "title": "Functional Abilities Form",
        "description": "Fillable abilities and restrictions form; the employee section is pre-filled and the rest is read back.",
        "build": build_functional_abilities,
    },
    {
        "name": "employer-report",
        "template": "employer-report.pdf",
        "title": "Employer's Report of Injury / Illness",
        "description": "The content of the WSIB's Form 7, pre-filled for the person who files it.",
        "build": build_employer_report,
    },
    {
        "name": "eform7-worksheet",
        "template": "eform7-worksheet.docx",
        "title": "eForm 7 worksheet",
        "description": "The Form 7 values in the order the WSIB's eForm 7 asks for them, for HR to key in.",
        "build": build_eform7_worksheet,
    },
    {
        "name": "modified-work-plan",
        "template": "modified-work-plan.docx",
        "title": "Modified Work Plan",
        "description": "Participants, restrictions, duties, schedule, dates, pay rule and sign-off.",
        "build": build_modified_work_plan,
    },
]
VERSION = "1"
KEY_ORDER = ("type", "path", "on_state", "checked_when", "required", "answer", "value", "group",
             "restriction", "detail", "confidential", "wsib", "source", "label")


def field_map_yaml(form: dict[str, Any], fields: dict[str, dict[str, Any]]) -> str:
    ext = form["template"].rsplit(".", 1)[1]
    head = {
        "template": form["template"],
        "version": VERSION,
        "title": form["title"],
        "description": form["description"],
        "output": f"{{reference}}-{form['name']}.{ext}",
    }
    lines = [
        f"# Field map for {form['template']}.",
        "# Written by form_templates/build_templates.py - change the script and re-run it.",
        "# fields: template field name -> {type, path (dotted, into the form context), ...}",
        "#   checkbox: `on_state` is the widget's exact on-state; `checked_when` compares the value at",
        "#   `path` (default: ticked when the value is truthy).",
        "#   read back: `required`, `answer`/`value` (radio-like groups), `restriction` (plain",
        "#   line when ticked), `detail` (text field appended to that line), `confidential`.",
        yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=1000).rstrip(),
        "fields:",
    ]
    for name, spec in fields.items():
        ordered = {k: spec[k] for k in KEY_ORDER if k in spec}
        extra = set(spec) - set(KEY_ORDER)
        if extra:
            raise ValueError(f"{form['name']}.{name}: unknown keys {sorted(extra)}")
        flow = yaml.safe_dump(ordered, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1000)
        lines.append(f"  {name}: {flow.strip()}")
    return "\n".join(lines) + "\n"


def build_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for form in FORMS:
        path = out_dir / form["template"]
        fields = form["build"](path)
        yaml_path = out_dir / f"{form['name']}.yaml"
        yaml_path.write_text(field_map_yaml(form, fields), encoding="utf-8")
        written += [path, yaml_path]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: form_templates/)")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
