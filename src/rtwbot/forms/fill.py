"""Fill a template from the form context: ``fill(template, context) -> FilledForm``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .context import format_date, format_long_date, yes_no_unknown
from .docx import fill_docx
from .pdf import OFF, fill_pdf
from .registry import FieldSpec, FormFillError, FormTemplate

DOCX_CHECKED, DOCX_UNCHECKED = "☒", "☐"


@dataclass(frozen=True)
class FilledForm:
    """A filled form, ready to upload. ``filename`` carries the case reference and the form
    name only, e.g. ``RTW-2026-0007-employer-report.pdf``."""

    filename: str
    content: bytes
    sha256: str
    template_name: str
    template_version: str
    mimetype: str

    def __repr__(self) -> str:  # never print the content (it may hold personal information)
        return (
            f"FilledForm(filename={self.filename!r}, bytes={len(self.content)}, "
            f"sha256={self.sha256[:12]}…, template={self.template_name}@{self.template_version})"
        )


_MISSING = object()


def lookup(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` in the context; ``FormFillError`` when a key is missing.
    A ``None`` on the way (e.g. no plan) gives ``None``."""
    value: Any = context
    for part in path.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        elif isinstance(value, list | tuple) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else _MISSING
        else:
            value = _MISSING
        if value is _MISSING:
            raise FormFillError(f"the form context has no {path!r} (missing {part!r})")
    return value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return format_date(value) or ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v) for v in value if v is not None)
    return str(value)


def _matches(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, bool):
        # True/False match booleans and yes/no answers (YAML reads a bare `yes` as true),
        # never 1/0 or "unknown".
        if isinstance(value, bool):
            return value is wanted
        if isinstance(value, str):
            return yes_no_unknown(value) == ("yes" if wanted else "no")
        return False
    return not isinstance(value, bool) and value == wanted


def is_checked(spec: FieldSpec, value: Any) -> bool:
    """Whether a checkbox is ticked for ``value``: equal to ``checked_when`` (or one of them),
    or truthy when the field map gives no ``checked_when``."""
    if spec.checked_when is not None:
        return any(_matches(value, wanted) for wanted in spec.checked_when)
    return bool(value)


def field_values(template: FormTemplate, context: Mapping[str, Any]) -> dict[str, Any]:
    """Template field name -> value to write, for every field the bot fills."""
    values: dict[str, Any] = {}
    for spec in template.filled_fields:
        raw = lookup(context, spec.path)  # type: ignore[arg-type]
        if spec.type == "checkbox":
            checked = is_checked(spec, raw)
            if template.kind == "pdf":
                values[spec.name] = spec.on_state if checked else OFF
            else:
                values[spec.name] = DOCX_CHECKED if checked else DOCX_UNCHECKED
        elif spec.type == "date":
            # A document a person reads writes dates in words, like every message; a PDF form
            # field keeps the YYYY-MM-DD its label asks for.
            written = format_long_date(raw) if template.kind == "docx" else format_date(raw)
            values[spec.name] = written or ""
        elif spec.type == "list":
            values[spec.name] = list(raw or [])
        else:
            values[spec.name] = _as_text(raw)
    return values


def fill(template: FormTemplate, context: Mapping[str, Any]) -> FilledForm:
    """Fill ``template`` from the form ``context`` (see ``context.build_form_context``)."""
    reference = lookup(context, "case.reference")
    filename = template.filename(reference)
    values = field_values(template, context)
    try:
        if template.kind == "pdf":
            content = fill_pdf(template.data, values)
        else:
            content = fill_docx(template.data, values)
    except FormFillError:
        raise
    except Exception as exc:
        from jinja2 import TemplateError  # loaded by the DOCX fill that raised, if it did

        if not isinstance(exc, TemplateError):
            raise
        raise FormFillError(f"{template.name}: the DOCX template failed to render ({exc})") from exc
    return FilledForm(
        filename=filename,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        template_name=template.name,
        template_version=template.version,
        mimetype=template.mimetype,
    )
