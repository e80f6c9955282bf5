"""The form registry: templates in ``form_templates/`` and their field maps.

Each template ``<file>`` has a field map ``<name>.yaml`` beside it::

    template: employer-report.pdf        # the file, relative to the YAML
    version: "1"                         # recorded with every filled form
    title: Employer's Report of Injury / Illness
    output: "{reference}-employer-report.pdf"   # only {reference} may be used
    fields:
      worker_name: {type: text, path: employee.name}
      accident_date: {type: date, path: case.occurred_on}
      twenty_or_more_yes: {type: checkbox, on_state: /Yes, path: employer.twenty_or_more_workers,
                           checked_when: true}

Field keys:

- ``type``: ``text`` | ``date`` | ``checkbox`` | ``list`` (``list`` only in DOCX, for loops).
- ``path``: dotted path into the form context (see ``context.py``); a field without a path is
  left blank for a person to fill in.
- ``on_state``: a checkbox's exact on-state name with its slash, e.g. ``/Yes`` (PDF).
- ``checked_when``: tick the checkbox when the value at ``path`` equals this (or one of a list);
  without it the checkbox is ticked when the value is truthy.
- Read-back keys (PDF): ``required``; ``answer`` + ``value`` (a radio-like group of checkboxes
  feeding one answer); ``restriction`` (the plain-language line a ticked box stands for);
  ``detail`` (a text field whose text is appended to that line); ``group`` (fields that belong
  together); ``confidential`` (text that may hold medical detail); ``label`` (for people).
- ``wsib``: the WSIB form field this one carries (``rtwbot.forms.wsib_form7``); ``source``:
  where its value comes from (``roster``, ``intake``, ``employer``, ``case``, or ``hr``:
  left for HR to complete).

Adding a template needs a file and a mapping, not code. Nothing here names a person: output
file names carry the case reference and the form name only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml

FIELD_TYPES = frozenset({"text", "date", "checkbox", "list"})
FIELD_KEYS = frozenset(
    {
        "type", "path", "on_state", "checked_when", "required", "answer", "value", "group",
        "restriction", "detail", "confidential", "label", "wsib", "source",
    }
)
TOP_KEYS = frozenset({"template", "version", "title", "description", "output", "fields"})
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_PATH_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_SAFE_REFERENCE_RE = re.compile(r"[^A-Za-z0-9._-]+")


class FormConfigError(Exception):
    """A field map or template is wrong; the message names the file and the field."""


class FormFillError(Exception):
    """A form could not be filled: the context does not fit the field map, or the template
    left a placeholder behind (a developer's error, not a user's)."""


@dataclass(frozen=True)
class FieldSpec:
    """One template field and how it is filled and read back."""

    name: str
    type: str = "text"
    path: str | None = None
    on_state: str | None = None
    checked_when: tuple[Any, ...] | None = None
    required: bool = False
    answer: str | None = None
    value: str | None = None
    group: str | None = None
    restriction: str | None = None
    detail: str | None = None
    confidential: bool = False
    label: str | None = None
    wsib: str | None = None  # the WSIB form field this one carries (e.g. "A.date_of_birth")
    source: str | None = None  # where the value comes from; "hr": HR completes it

    @property
    def filled(self) -> bool:
        """True when the bot fills this field from the form context."""
        return self.path is not None


@dataclass(frozen=True, eq=False)
class FormTemplate:
    """A template file and its field map."""

    name: str
    version: str
    title: str
    path: Path
    kind: Literal["pdf", "docx"]
    output: str
    fields: Mapping[str, FieldSpec]
    description: str = ""
    map_path: Path | None = field(default=None, compare=False)

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.kind]

    @cached_property
    def data(self) -> bytes:
        """The template file's bytes, read once."""
        return self.path.read_bytes()

    @cached_property
    def filled_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields.values() if f.filled)

    def filename(self, reference: str) -> str:
        """The output file name: case reference and form name only, never a person's name."""
        safe = _SAFE_REFERENCE_RE.sub("-", str(reference or "")).strip(".-")
        if not safe:
            raise ValueError("a filled form needs a case reference for its file name")
        return self.output.format(reference=safe)

    def problems(self) -> list[str]:
        """Differences between the field map and the template file (empty when they agree).

        PDF: every mapped field exists in the AcroForm with the same kind, and every checkbox's
        ``on_state`` is one of the widget's states. DOCX: the template's variables are exactly
        the mapped fields.
        """
        if self.kind == "pdf":
            from .pdf import template_field_states

            return _pdf_problems(self, template_field_states(self.data))
        from .docx import template_variables

        found = template_variables(self.data)
        mapped = set(self.fields)
        out = [f"{self.name}: template variable {v!r} is not in the field map" for v in sorted(found - mapped)]
        out += [f"{self.name}: field {v!r} is not used by the template" for v in sorted(mapped - found)]
        return out


def _pdf_problems(template: FormTemplate, states: Mapping[str, tuple[str, list[str]]]) -> list[str]:
    out = []
    for spec in template.fields.values():
        if spec.name not in states:
            out.append(f"{template.name}: field {spec.name!r} is not in the PDF")
            continue
        ft, field_states = states[spec.name]
        if spec.type == "checkbox":
            if ft != "/Btn":
                out.append(f"{template.name}: field {spec.name!r} is {ft} in the PDF, not a checkbox")
            elif spec.on_state not in field_states:
                out.append(
                    f"{template.name}: checkbox {spec.name!r} has states {field_states}, "
                    f"not {spec.on_state!r}"
                )
        elif ft != "/Tx":
            out.append(f"{template.name}: field {spec.name!r} is {ft} in the PDF, not a text field")
    return out


def _parse_field(where: str, name: str, raw: Any, kind: str) -> FieldSpec:
    if not isinstance(raw, Mapping):
        raise FormConfigError(f"{where}: field {name!r} must be a mapping")
    if True in raw or False in raw:
        raise FormConfigError(f"{where}: field {name!r}: write `on_state:` (a bare `on` is a YAML boolean)")
    unknown = set(raw) - FIELD_KEYS
    if unknown:
        raise FormConfigError(f"{where}: field {name!r} has unknown keys {sorted(map(str, unknown))}")
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise FormConfigError(f"{where}: field {name!r} has type {ftype!r}; use one of {sorted(FIELD_TYPES)}")
    path = raw.get("path")
    if path is not None and (not isinstance(path, str) or not _PATH_RE.match(path)):
        raise FormConfigError(f"{where}: field {name!r} has a bad path {path!r}")
    on_state = raw.get("on_state")
    bad_state = not isinstance(on_state, str) or not on_state.startswith("/") or on_state == "/Off"
    if ftype == "checkbox" and kind == "pdf" and bad_state:
        raise FormConfigError(f"{where}: checkbox {name!r} needs `on_state` with its slash, e.g. /Yes")
    if ftype == "list" and kind != "docx":
        raise FormConfigError(f"{where}: field {name!r}: type list is for DOCX loops only")
    checked_when = raw.get("checked_when")
    if checked_when is not None:
        if ftype != "checkbox":
            raise FormConfigError(f"{where}: field {name!r}: checked_when is for checkboxes")
        checked_when = tuple(checked_when) if isinstance(checked_when, list) else (checked_when,)
    value = raw.get("value")
    if (raw.get("answer") is None) != (value is None) and ftype == "checkbox":
        raise FormConfigError(f"{where}: checkbox {name!r}: `answer` and `value` go together")
    return FieldSpec(
        name=str(name),
        type=ftype,
        path=path,
        on_state=on_state,
        checked_when=checked_when,
        required=bool(raw.get("required", False)),
        answer=raw.get("answer"),
        value=None if value is None else str(value),
        group=raw.get("group"),
        restriction=raw.get("restriction"),
        detail=raw.get("detail"),
        confidential=bool(raw.get("confidential", False)),
        label=raw.get("label"),
        wsib=raw.get("wsib"),
        source=raw.get("source"),
    )


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_template(map_path: Path) -> FormTemplate:
    """Load one field map (``<name>.yaml``) and check it against itself."""
    where = map_path.name
    try:
        # libyaml's safe loader when PyYAML has it: the pure-Python one took about 50 ms a
        # map, a quarter of a second of every worker's start-up.
        raw = yaml.load(map_path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise FormConfigError(f"{where}: cannot read the field map ({exc})") from exc
    if not isinstance(raw, Mapping):
        raise FormConfigError(f"{where}: a field map must be a mapping")
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise FormConfigError(f"{where}: unknown keys {sorted(map(str, unknown))}")
    for key in ("template", "version", "title", "output", "fields"):
        if key not in raw:
            raise FormConfigError(f"{where}: `{key}` is missing")
    template_path = (map_path.parent / str(raw["template"])).resolve()
    kind = template_path.suffix.lower().lstrip(".")
    if kind not in MIMETYPES:
        raise FormConfigError(f"{where}: template must be a .pdf or .docx file, not {template_path.name!r}")
    if not template_path.is_file():
        raise FormConfigError(f"{where}: template file {raw['template']!r} is missing")
    output = str(raw["output"])
    try:
        names = {fname for _, fname, _, _ in string.Formatter().parse(output) if fname is not None}
    except ValueError as exc:
        raise FormConfigError(f"{where}: bad output pattern {output!r} ({exc})") from exc
    if names != {"reference"}:
        raise FormConfigError(
            f"{where}: output pattern {output!r} must use {{reference}} and nothing else "
            "(file names never carry a person's name)"
        )
    if not output.lower().endswith(f".{kind}"):
        raise FormConfigError(f"{where}: output pattern {output!r} must end with .{kind}")
    fields_raw = raw["fields"]
    if not isinstance(fields_raw, Mapping) or not fields_raw:
        raise FormConfigError(f"{where}: `fields` must be a non-empty mapping")
    fields = {str(n): _parse_field(where, str(n), spec, kind) for n, spec in fields_raw.items()}
    for spec in fields.values():
        if spec.detail is not None and spec.detail not in fields:
            raise FormConfigError(f"{where}: field {spec.name!r} names a missing detail field {spec.detail!r}")
    return FormTemplate(
        name=map_path.stem,
        version=str(raw["version"]),
        title=str(raw["title"]),
        path=template_path,
        kind=kind,  # type: ignore[arg-type]
        output=output,
        fields=fields,
        description=str(raw.get("description") or ""),
        map_path=map_path,
    )


def default_templates_dir() -> Path:
    """``rtwbot/form_templates/``: the templates ship inside the package, found wherever it
    is installed (a wheel, an editable checkout)."""
    from importlib import resources

    return Path(str(resources.files("rtwbot") / "form_templates"))


class FormRegistry:
    """The loaded templates, by name (the YAML file's stem)."""

    def __init__(self, templates: Mapping[str, FormTemplate], directory: Path) -> None:
        self._templates = dict(templates)
        self.directory = directory

    @classmethod
    def load(cls, templates_dir: str | Path | None = None) -> FormRegistry:
        directory = Path(templates_dir) if templates_dir is not None else default_templates_dir()
        if not directory.is_dir():
            raise FormConfigError(
                f"form templates folder {directory} does not exist; pass the folder that holds "
                "the templates and their .yaml field maps"
            )
        templates = {p.stem: load_template(p) for p in sorted(directory.glob("*.yaml"))}
        if not templates:
            raise FormConfigError(f"form templates folder {directory} has no .yaml field maps")
        return cls(templates, directory)

    def get(self, name: str) -> FormTemplate:
        try:
            return self._templates[name]
        except KeyError:
            raise KeyError(f"no form template {name!r}; known: {', '.join(sorted(self._templates))}") from None

    def names(self) -> list[str]:
        return sorted(self._templates)

    def problems(self) -> list[str]:
        """Every template's :meth:`FormTemplate.problems`."""
        return [p for t in self._templates.values() for p in t.problems()]

    def __contains__(self, name: object) -> bool:
        return name in self._templates

    def __iter__(self) -> Iterator[FormTemplate]:
        return iter(self._templates[n] for n in sorted(self._templates))

    def __len__(self) -> int:
        return len(self._templates)
