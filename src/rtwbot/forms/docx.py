"""DOCX templates with docxtpl: render ``{{ }}`` / ``{%p %}`` / ``{%tr %}`` placeholders.

Rendering uses ``autoescape=True`` (so ``&``, ``<`` and ``>`` in answers cannot break the
document XML) and ``StrictUndefined`` (a variable the field map does not provide is an error,
not a silent blank). After rendering, the document text is checked for any ``{{``, ``{%`` or
``{#`` left behind (for example a tag Word split in a way docxtpl could not merge).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any

from .registry import FormFillError

if TYPE_CHECKING:
    from jinja2 import Environment

_PARTS_RE = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$|^docProps/core\.xml$")
_TAG_RE = re.compile(r"<[^>]+>")
_PLACEHOLDER_RE = re.compile(r"\{\{|\{%|\{#")


class PlaceholderLeftError(FormFillError):
    """A filled document still has template placeholders in it."""


def _environment() -> Environment:
    # jinja2 when the first DOCX is filled, not at start-up (like docxtpl).
    from jinja2 import Environment, StrictUndefined

    return Environment(autoescape=True, undefined=StrictUndefined)


def _prepare(value: Any) -> Any:
    """Multi-line text becomes a docxtpl ``Listing`` (escaped, line breaks kept)."""
    if isinstance(value, str) and "\n" in value:
        from docxtpl import Listing  # python-docx / docxtpl load on the first form, not at start-up

        return Listing(value)
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _prepare(v) for k, v in value.items()}
    return value


def _render(template: bytes, values: Mapping[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(BytesIO(template))
    doc.render({k: _prepare(v) for k, v in values.items()}, jinja_env=_environment(), autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def find_placeholders(data: bytes) -> list[str]:
    """Snippets of text around any ``{{``, ``{%`` or ``{#`` in a DOCX's body, headers,
    footers, notes and properties (runs joined, so split tags are found too)."""
    found = []
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for name in zf.namelist():
            if not _PARTS_RE.match(name):
                continue
            text = html.unescape(_TAG_RE.sub("", zf.read(name).decode("utf-8", "replace")))
            for m in _PLACEHOLDER_RE.finditer(text):
                found.append(f"{name}: …{text[max(0, m.start() - 20): m.start() + 40]}…")
    return found


def _has_marker(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_PLACEHOLDER_RE.search(value))
    if isinstance(value, list | tuple):
        return any(_has_marker(v) for v in value)
    if isinstance(value, Mapping):
        return any(_has_marker(v) for v in value.values())
    return False


def _defuse(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("{", "(")
    if isinstance(value, list | tuple):
        return [_defuse(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _defuse(v) for k, v in value.items()}
    return value


def fill_docx(template: bytes, values: Mapping[str, Any]) -> bytes:
    """Render ``values`` (template variable -> value) into a copy of the ``template`` DOCX.

    Raises ``PlaceholderLeftError`` when a placeholder survives rendering. Answers that
    themselves contain ``{{`` (someone typed it) are told apart by rendering once more with
    those characters replaced: only a placeholder from the template is an error.
    """
    data = _render(template, values)
    left = find_placeholders(data)
    if left and _has_marker(values):
        left = find_placeholders(_render(template, _defuse(values)))
    if left:
        raise PlaceholderLeftError("placeholders left after filling: " + "; ".join(left[:5]))
    return data


def template_variables(template: bytes) -> set[str]:
    """The undeclared variables of a DOCX template (what its field map must provide)."""
    from docxtpl import DocxTemplate

    return set(DocxTemplate(BytesIO(template)).get_undeclared_template_variables(jinja_env=_environment()))


def document_text(data: bytes) -> str:
    """All paragraph and table text of a DOCX in reading order (body, nested tables, headers
    and footers), one paragraph per line."""
    from docx import Document
    from docx.table import Table

    doc = Document(BytesIO(data))
    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(doc)
    for section in doc.sections:
        for part in (section.header, section.footer):
            walk(part)
    return "\n".join(lines)
