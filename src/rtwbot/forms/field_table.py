"""The field-by-field tables of docs/forms.md, written from the WSIB's field lists and the
templates' field maps, so the document cannot drift from what the forms do
(``tests/unit/test_forms_doc.py`` compares them). ``python -m rtwbot.forms.field_table``
prints them."""

from __future__ import annotations

from rtwbot.forms.registry import FieldSpec, FormRegistry, FormTemplate
from rtwbot.forms.wsib_faf import FAF_2647A
from rtwbot.forms.wsib_form7 import FORM7, WsibField
from rtwbot.intake.questions import INJURY_REPORT

# A context path -> the report's question it comes from (the question's label is shown).
QUESTION_OF = {
    "case.kind": "case_kind", "case.occurred_on": "occurred_at",
    "case.occurred_time": "occurred_at", "case.learned_on": "learned_at",
    "case.learned_time": "learned_at", "case.location": "location",
    "case.description": "description", "case.accident_type": "accident_type",
    "case.accident_type_other": "accident_type", "case.body_part": "body_parts",
    "case.body_parts_other": "body_parts", "case.witnesses": "witnesses",
    "case.health_care": "health_care", "case.absent": "absent", "case.lower_pay": "lower_pay",
    "case.modified_work": "modified_work", "case.modified_work_offered": "modified_work",
    "case.offer_response": "modified_work", "case.lost_time": "modified_work",
    "employee.job_title": "job_title", "employee.division": "division",
    "employee.employee_number": "employee", "employee.hours_per_week": "hours_per_week",
    "employee.hours_that_day": "hours_per_week", "worker.date_of_birth": "born_on",
    "worker.date_of_hire": "hired_on",
}
_LABELS = {q.key: q.title for q in INJURY_REPORT}
SOURCE_WORDS = {
    "roster": "HR's roster", "slack": "Slack profile", "directory": "directory",
    "case": "case record", "hr": "HR", "worker": "the worker", "hp": "health professional",
}
COMPLETES = {"hr": "HR", "worker": "the worker", "hp": "the health professional"}


def _short(path: str) -> str:
    """The path's prefix that names a fact ("case.accident_type.fall" -> "case.accident_type")."""
    parts = path.split(".")
    return ".".join(parts[:2])


def _sources(specs: list[FieldSpec]) -> list[str]:
    words: list[str] = []
    for spec in specs:
        for source in spec.sources:
            if source == "intake":
                question = QUESTION_OF.get(_short(spec.path or ""))
                word = f"report: “{_LABELS[question]}”" if question else "report"
            else:
                word = SOURCE_WORDS[source]
            if word not in words:
                words.append(word)
    return words


def _how(field: WsibField, specs: list[FieldSpec]) -> str:
    who = next((COMPLETES[s] for spec in specs for s in spec.sources if s in COMPLETES), "HR")
    if any(spec.withheld for spec in specs):
        return f"Never read back or kept: {field.why}"
    filled = [s for s in specs if s.path]
    read = [s for s in specs if s.answer or s.restriction or s.group]
    if filled:
        return "Filled" + (f"; when blank: {field.why}" if field.why else "")
    if any(s.restriction for s in read):
        return (f"Left for {who}; read back: a ticked box is the restriction the team sees, "
                "anything typed beside it is for HR's review only")
    if read and all(s.confidential for s in read if s.type != "checkbox"):
        return f"Left for {who}; kept encrypted for HR's review only"
    if read:
        return f"Left for {who}; read back"
    return f"Left for {who}: {field.why}" if field.why else f"Left for {who}"


def rows(template: FormTemplate, fields: tuple[WsibField, ...]) -> list[str]:
    """One markdown row per WSIB field: its id and words, where rtwbot's form takes it from,
    and whether rtwbot fills it or who completes it, and why."""
    out = ["| WSIB field | Asks | Source | Filled / left, and why |", "| --- | --- | --- | --- |"]
    for field in fields:
        specs = [s for s in template.fields.values() if s.wsib == field.id]
        source = ", ".join(_sources(specs)) or "—"
        out.append(f"| {field.id} | {field.label} | {source} | {_how(field, specs)} |")
    return out


def tables(registry: FormRegistry | None = None) -> dict[str, list[str]]:
    registry = registry or FormRegistry.load()
    return {"form7": rows(registry.get("employer-report"), FORM7),
            "2647a": rows(registry.get("functional-abilities"), FAF_2647A)}


if __name__ == "__main__":  # pragma: no cover - prints the tables for docs/forms.md
    for name, lines in tables().items():
        print(f"<!-- {name} table -->")
        print("\n".join(lines))
        print(f"<!-- end {name} table -->\n")
