"""Read a completed functional abilities form back.

``read_functional_abilities(data, expected_reference=...)`` never raises on bad input: it
returns ``FunctionalAbilities`` or a ``ReadError`` whose ``message`` is one clear sentence
for the person who sent the file.

What is read is driven by the field map (``functional-abilities.yaml``): ``answer``/``value``
for the radio-like groups, ``restriction`` for the plain-language line a ticked box stands
for, ``detail`` for the "specify" text added to it, ``confidential`` for text that may hold
medical detail, and ``required`` for the answers without which the form is incomplete.

Privacy: ``restrictions`` are the structured lines of the ticked boxes, never text anyone
typed. ``comments`` is all the health professional's free text — the comments, every
"specify" box, medication details — labelled: it may hold medical detail, so the caller
encrypts it and shows it to HR alone, who may approve a functional wording for the team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from typing import Any, Literal

from .pdf import OFF, read_field_values
from .registry import FieldSpec, FormRegistry, FormTemplate

FUNCTIONAL_ABILITIES = "functional-abilities"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

ReadErrorKind = Literal[
    "not_pdf", "no_form_fields", "encrypted", "corrupt", "too_large", "wrong_reference", "missing_required"
]

RETURN_STATUS_LABELS = {
    "no_restrictions": "Can return to work with no restrictions",
    "with_restrictions": "Can return to work with restrictions",
    "unable": "Unable to return to work at this time",
}
_ANSWER_NAMES = {
    "case_reference": "case reference",
    "return_status": "return-to-work status",
    "expected_duration": "expected duration",
}


@dataclass(frozen=True)
class ReadError:
    """Why a file could not be read, in one sentence for a person."""

    kind: ReadErrorKind
    message: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class FunctionalAbilities:
    """The answers of a completed functional abilities form.

    - ``return_status``: ``"no_restrictions"`` | ``"with_restrictions"`` | ``"unable"``
      (labels in ``RETURN_STATUS_LABELS``).
    - ``restrictions``: plain-language lines, e.g. ``"Walking: up to 100 m"``.
    - ``expected_duration``: ``"1-2 days"`` | ``"3-7 days"`` | ``"8-14 days"`` | ``"14+ days"``.
    - ``next_assessment``: the date when it could be read (``next_assessment_text`` keeps
      what was written).
    - ``comments``: CONFIDENTIAL free text (may hold medical detail): encrypt, never show.
    - ``health_professional``: "Name (Profession)".
    """

    case_reference: str
    return_status: str
    restrictions: list[str]
    expected_duration: str
    next_assessment: date | None
    comments: str | None = field(default=None, repr=False)
    health_professional: str | None = None
    next_assessment_text: str | None = None
    completed_on: date | None = None
    template_version: str | None = None
    # The rest of the WSIB's form (2647A): when assessed, what hours from when, until when,
    # how to reach the health professional, and whether the worker authorized the release.
    assessment_date: date | None = None
    recommended_hours: str | None = None  # "regular" | "modified" | "graduated"
    recommended_start: date | None = None
    estimated_end: date | None = None
    health_professional_contact: str | None = None
    worker_authorized: bool = False  # the worker's authorization box is ticked
    source: str | None = None  # "paper" when HR keyed it from a paper form or photo
    # Section A as the worker and the employer completed it (2647A): the claim number, whether
    # they discussed the return to work (and when they will), whether the worker signed.
    claim_number: str | None = None
    rtw_discussed: str | None = None  # "yes" | "no" | None (not answered)
    rtw_discussion_date: date | None = None
    worker_signed: bool = False
    worker_authorized_on: date | None = None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _error(kind: ReadErrorKind, message: str, missing: tuple[str, ...] = ()) -> ReadError:
    return ReadError(kind=kind, message=message, missing=missing)


def _open(data: Any, max_bytes: int) -> dict[str, Any] | ReadError:
    """The form's field values, or why they cannot be read."""
    if not isinstance(data, bytes | bytearray | memoryview):
        return _error("not_pdf", "That isn't a file I can read — please send the completed form as a PDF.")
    data = bytes(data)
    if len(data) > max_bytes:
        return _error(
            "too_large",
            f"That file is over {_mb(max_bytes)} — please send a smaller scan or the filled PDF itself.",
        )
    if b"%PDF-" not in data[:1024]:
        return _error(
            "not_pdf",
            "That file isn't a PDF — please send the completed functional abilities form as the "
            "filled PDF itself (not a photo or a Word file).",
        )
    corrupt = _error(
        "corrupt",
        "That PDF looks damaged or cut off — please save the filled form again and send the new copy.",
    )
    encrypted = _error(
        "encrypted",
        "That PDF is protected with a password — please save it without a password and send it again.",
    )
    if b"%%EOF" not in data[-4096:]:
        return corrupt
    from pypdf import PasswordType, PdfReader  # loaded on the first PDF, not at start-up
    from pypdf.errors import FileNotDecryptedError, WrongPasswordError

    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return encrypted
        return read_field_values(reader)
    except (FileNotDecryptedError, WrongPasswordError):
        return encrypted
    except Exception:  # pypdf raises many kinds of errors on bad bytes; none may escape
        if b"/Encrypt" in data:
            return encrypted
        return corrupt


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    raw = str(value)
    text = raw.strip() if "\n" in raw else " ".join(raw.split())
    return text or None


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%b %d %Y")


def parse_date(text: str | None) -> date | None:
    """A date written as YYYY-MM-DD (or with the month in words); ``None`` when it cannot be
    read without guessing (e.g. 01/02/2026, which could be either order)."""
    if not text:
        return None
    cleaned = re.sub(r"\s+", " ", text.strip().rstrip("."))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _norm_reference(ref: str) -> str:
    return re.sub(r"\s+", "", ref).upper()


@dataclass
class _Answers:
    text: dict[str, str | None]
    choices: dict[str, list[str]]
    restrictions: list[str]
    confidential: list[str]


def _is_on(spec: FieldSpec, value: Any) -> bool:
    return value is not None and value != OFF and (spec.on_state is None or value == spec.on_state)


def _collect(template: FormTemplate, values: Mapping[str, Any]) -> _Answers:
    # The billing section is the WSIB's alone: never read, whatever was written in it.
    fields = {n: s for n, s in template.fields.items() if not s.withheld}
    ticked = {n for n, s in fields.items() if s.type == "checkbox" and _is_on(s, values.get(n))}
    text = {
        (s.answer or n): _clean(values.get(n)) for n, s in fields.items() if s.type in ("text", "date")
    }
    by_field_text = {n: _clean(values.get(n)) for n, s in fields.items() if s.type in ("text", "date")}
    choices: dict[str, list[str]] = {}
    for n, s in fields.items():
        if s.answer and s.type == "checkbox" and s.value is not None:
            choices.setdefault(s.answer, [])
            if n in ticked:
                choices[s.answer].append(s.value)
    restrictions: list[str] = []
    groups_ticked = {fields[n].group for n in ticked if fields[n].group}
    details = {s.detail for s in fields.values() if s.detail}
    for n, s in fields.items():
        if s.type != "checkbox" or not s.restriction:
            continue
        detail = by_field_text.get(s.detail) if s.detail else None
        # Only the box's own words: what was typed beside it is free text (below).
        if (n in ticked or (detail and s.group not in groups_ticked)) \
                and s.restriction not in restrictions:
            restrictions.append(s.restriction)
    # Free text is confidential by construction: every "specify" box and every box marked
    # confidential (the comments are read as their own answer).
    confidential = []
    for n, s in fields.items():
        if (s.confidential or n in details) and s.answer != "comments" \
                and by_field_text.get(n):
            confidential.append(f"{s.label or n}: {by_field_text[n]}")
    return _Answers(text=text, choices=choices, restrictions=restrictions, confidential=confidential)


@lru_cache(maxsize=1)
def _default_template() -> FormTemplate:
    return FormRegistry.load().get(FUNCTIONAL_ABILITIES)


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def read_functional_abilities(
    data: bytes,
    *,
    expected_reference: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    template: FormTemplate | None = None,
) -> FunctionalAbilities | ReadError:
    """Read a completed functional abilities PDF. Never raises on bad bytes."""
    values = _open(data, max_bytes)
    if isinstance(values, ReadError):
        return values
    template = template or _default_template()
    if not values or not (set(values) & set(template.fields)):
        return _error(
            "no_form_fields",
            "That PDF has no fillable functional abilities form in it (it may be a scan or a printed "
            "copy) — please send the filled PDF form itself, or enter the answers in the bot instead.",
        )
    answers = _collect(template, values)

    found_ref = answers.text.get("case_reference")
    if expected_reference and found_ref and _norm_reference(found_ref) != _norm_reference(expected_reference):
        return _error(
            "wrong_reference",
            f"That form is for case {found_ref}, not {expected_reference} — please send the form "
            f"that came with case {expected_reference}.",
        )

    required: list[str] = []
    for s in template.fields.values():
        name = s.answer or s.name
        if s.required and name not in required:
            required.append(name)
    missing = [
        name for name in required
        if not (answers.choices.get(name) if name in answers.choices else answers.text.get(name))
    ]
    if missing:
        labels = [_ANSWER_NAMES.get(m, m.replace("_", " ")) for m in missing]
        return _error(
            "missing_required",
            f"The form is missing the {_join_names(labels)} — please ask the health professional "
            "to complete it and send it again.",
            tuple(missing),
        )
    doubled = [name for name in required if len(answers.choices.get(name, [])) > 1]
    if doubled:
        labels = [_ANSWER_NAMES.get(m, m.replace("_", " ")) for m in doubled]
        return _error(
            "missing_required",
            f"The form has more than one box ticked for the {_join_names(labels)} — please ask the "
            "health professional to tick just one and send it again.",
            tuple(doubled),
        )

    claim_number, written = _claim_number(answers.text.get("claim_number"))
    discussion = answers.text.get("rtw_discussion_date")
    if discussion and parse_date(discussion) is None:  # words, not a date: free text
        written.append(f"Return to work to be discussed (as written): {discussion}")
    comments = "\n".join(p for p in [answers.text.get("comments"), *answers.confidential,
                                     *written] if p) or None
    hp_name = answers.text.get("health_professional_name")
    hp_prof = answers.text.get("health_professional_profession")
    health_professional = f"{hp_name} ({hp_prof})" if hp_name and hp_prof else (hp_name or hp_prof)
    next_text = answers.text.get("next_assessment")
    return FunctionalAbilities(
        case_reference=found_ref or "",
        return_status=(answers.choices.get("return_status") or [""])[0],
        restrictions=answers.restrictions,
        expected_duration=(answers.choices.get("expected_duration") or [""])[0],
        next_assessment=parse_date(next_text),
        comments=comments,
        health_professional=health_professional,
        next_assessment_text=next_text,
        completed_on=parse_date(answers.text.get("completed_on")),
        template_version=template.version,
        assessment_date=parse_date(answers.text.get("assessment_date")),
        recommended_hours=next(iter(answers.choices.get("recommended_hours") or ()), None),
        recommended_start=parse_date(answers.text.get("recommended_start")),
        estimated_end=parse_date(answers.text.get("estimated_end")),
        health_professional_contact=answers.text.get("health_professional_contact"),
        worker_authorized="yes" in answers.choices.get("worker_authorization", []),
        claim_number=claim_number,
        rtw_discussed=_one(answers.choices.get("rtw_discussed")),
        rtw_discussion_date=parse_date(answers.text.get("rtw_discussion_date")),
        worker_signed=bool(answers.text.get("worker_signature")),
        worker_authorized_on=parse_date(answers.text.get("worker_authorized_on")),
    )


_CLAIM_NUMBER = re.compile(r"[A-Za-z]{0,2}\d[\d -]{3,14}\d")


def _claim_number(text: str | None) -> tuple[str | None, list[str]]:
    """A WSIB claim number as written; anything else in its box is free text (kept for HR's
    review with the rest, never shown)."""
    if not text:
        return None, []
    if _CLAIM_NUMBER.fullmatch(text.strip()):
        return text.strip(), []
    return None, [f"Claim number (as written): {text}"]


def _one(chosen: list[str] | None) -> str | None:
    """The one box ticked of a pair; None when none is, or both are (not answered)."""
    return chosen[0] if chosen and len(chosen) == 1 else None
