"""The functional abilities form's answers as a modal, for a form that came back on paper:
the choices (built from the form's field map), the check on submit, and the abilities it
records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rtwbot.forms import RETURN_STATUS_LABELS, FormTemplate, FunctionalAbilities

OTHER_LIMITS = "Other limits (described on the form; HR confirms the wording)"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class AbilityGroup:
    key: str
    label: str
    options: tuple[Choice, ...]


@dataclass(frozen=True)
class EntryForm:
    """The answers of the functional abilities form, for one case's modal."""

    case_id: int
    reference: str
    statuses: tuple[Choice, ...]
    durations: tuple[Choice, ...]
    groups: tuple[AbilityGroup, ...]


@dataclass(frozen=True)
class EnteredAbilities:
    """What a person typed into the modal. ``choices``: ability group -> the form field of
    the chosen box."""

    return_status: str | None = None
    expected_duration: str | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    details: str | None = None
    next_assessment: date | None = None
    comments: str | None = None
    health_professional: str | None = None
    said_by: str = "health_professional"  # or "wsib" / "ltd": recorded as such
    received_on: date | None = None  # the day the form reached the employer (None: today)


def _split_label(label: str) -> tuple[str, str]:
    head, _, tail = label.partition(": ")
    return (head, tail) if tail else (label, label)


@lru_cache(maxsize=4)
def _answers_of(template: FormTemplate) -> tuple[tuple[Choice, ...], tuple[Choice, ...],
                                                   tuple[AbilityGroup, ...]]:
    statuses: list[Choice] = []
    durations: list[Choice] = []
    groups: dict[str, tuple[str, list[Choice]]] = {}
    for spec in template.fields.values():
        if spec.type != "checkbox":
            continue
        if spec.answer == "return_status" and spec.value:
            statuses.append(Choice(spec.value, RETURN_STATUS_LABELS.get(spec.value, spec.value)))
        elif spec.answer == "expected_duration" and spec.value:
            durations.append(Choice(spec.value, spec.value))
        elif spec.group and not spec.answer:
            head, tail = _split_label(spec.label or spec.name)
            label, options = groups.setdefault(spec.group, (head, []))
            options.append(Choice(spec.name, tail))
    return (tuple(statuses), tuple(durations),
            tuple(AbilityGroup(k, label, tuple(opts)) for k, (label, opts) in groups.items()))


def entry_form(template: FormTemplate, case_id: int, reference: str) -> EntryForm:
    statuses, durations, groups = _answers_of(template)
    return EntryForm(case_id, reference, statuses, durations, groups)


def check_entry(template: FormTemplate, entered: EnteredAbilities, today: date) -> dict[str, str]:
    """What is wrong with a hand-entered form, by answer (empty when it can be recorded)."""
    statuses, durations, groups = _answers_of(template)
    errors: dict[str, str] = {}
    if entered.return_status not in {c.value for c in statuses}:
        errors["return_status"] = "Choose the return-to-work status the form gives."
    if entered.expected_duration not in {c.value for c in durations}:
        errors["expected_duration"] = "Choose how long the restrictions are expected to last."
    limits = [name for name in entered.choices.values()
              if template.fields.get(name) and template.fields[name].restriction]
    if entered.return_status == "with_restrictions" and not limits and not entered.details:
        errors["return_status"] = ("The form says there are restrictions: choose at least one "
                                   "limit below, or describe it under Details.")
    if any(name.endswith("_other") for name in limits) and not entered.details:
        errors["details"] = "You chose “Other” for a limit: say what it is here."
    if entered.next_assessment and entered.next_assessment < today:
        errors["next_assessment"] = "The next assessment can't be in the past."
    if entered.received_on and entered.received_on > today:
        errors["received_on"] = "The form can't have reached the employer in the future."
    known = {o.value for g in groups for o in g.options}
    if any(v not in known for v in entered.choices.values()):
        errors["return_status"] = "Something on the form changed — please open it again."
    return errors


def entered_abilities(template: FormTemplate, reference: str,
                      entered: EnteredAbilities) -> FunctionalAbilities:
    """A hand-entered form as the same record an uploaded form gives (check it first)."""
    restrictions = [
        template.fields[name].restriction for name in entered.choices.values()
        if template.fields[name].restriction
    ]
    # What was typed is free text: kept for HR's review, never a restriction line itself.
    if entered.details:
        restrictions.append(OTHER_LIMITS)
    free = [f"Comments: {entered.comments}" if entered.comments else "",
            f"Other limits: {entered.details}" if entered.details else ""]
    return FunctionalAbilities(
        case_reference=reference,
        return_status=entered.return_status or "",
        restrictions=restrictions,  # type: ignore[arg-type]
        expected_duration=entered.expected_duration or "",
        next_assessment=entered.next_assessment,
        comments="\n".join(f for f in free if f) or None,
        health_professional=entered.health_professional,
        next_assessment_text=entered.next_assessment.isoformat() if entered.next_assessment
        else None,
        template_version=template.version,
        source="paper",  # keyed by HR from a paper form (or a photo of one)
    )
