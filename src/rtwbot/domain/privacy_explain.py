"""Who can see a case, said to its employee in plain words — drawn from the privacy policy
itself (`privacy.visible_fields` over the surfaces each person reads), so the answer changes
when the policy does. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from rtwbot.domain.privacy import (
    FIELD_CLASS,
    NEVER_SHOWN,
    CasePeople,
    Field,
    Relation,
    Sensitivity,
    View,
    visible_fields,
)

# What each class of the policy is, to the employee.
CLASS_WORDS: dict[Sensitivity, str] = {
    Sensitivity.IDENTITY: "your name, job and division",
    Sensitivity.ADMINISTRATIVE: "where your case stands",
    Sensitivity.DEADLINES: "the legal deadlines",
    Sensitivity.FUNCTIONAL: "your work limits (what you can and cannot do at work)",
    Sensitivity.PLAN: "your modified work plan",
    Sensitivity.DOCUMENTS: "the forms",
    Sensitivity.CONTACTS: "who your contacts are",
    Sensitivity.ACCIDENT: "the report's facts (when and where it happened)",
    Sensitivity.MONITORING: "when your check-ins happened and how they went",
    Sensitivity.PRIVATE_NOTES: "what was written at your check-ins",
    Sensitivity.CLINICAL: "everything medical",  # never all: see NEVER_SHOWN
}
# A field in words, for a class seen only in part (the union before the employee's answer
# sees the case's reference, division and stage: not the employee's name).
FIELD_WORDS: dict[Field, str] = {
    Field.REFERENCE: "that a case exists (its reference)",
    Field.DIVISION: "your division",
    Field.STAGE: "where your case stands",
    Field.DESCRIPTION: "what happened, on the employer's report to the WSIB",
    Field.BODY_PARTS: "which parts of the body, on the same report",
}
# Fields never shown, in words.
NEVER_WORDS: dict[Field, str] = {
    Field.DIAGNOSIS: "a diagnosis",
    Field.SYMPTOMS: "symptoms",
    Field.TREATMENT: "treatment",
    Field.HP_COMMENTS: "your health professional's comments",
}
# Who they are, in the order the employee meets them.
ROLES: tuple[tuple[Relation, str, str], ...] = (
    (Relation.REPORTER, "reporter", "Your supervisor, who reported it"),
    (Relation.DIVISION_REP, "division_reps", "Your division's representative"),
    (Relation.HR, "hr", "HR"),
    (Relation.UNION, "union", "Your union representative"),
    (Relation.SAFETY_REP, "safety_rep", "The union's safety and rehabilitation representative"),
    (Relation.INSURER, "insurers", "The WSIB or LTD case manager"),
)
UNION_SIDE = frozenset({Relation.UNION, Relation.SAFETY_REP})
# Every surface a person reads a case on.
SURFACES = tuple(View)


@dataclass(frozen=True)
class Viewer:
    """One role on the case: who (Slack ids), and what they see, in words."""

    label: str
    people: tuple[str, ...]
    sees: tuple[str, ...]
    note: str = ""


def what_they_see(relation: Relation) -> tuple[str, ...]:
    """The classes of a case this relation sees on any surface, in words."""
    fields: set[Field] = set()
    for view in SURFACES:
        fields |= visible_fields({relation}, view)
    words: list[str] = []
    for cls in Sensitivity:
        members = {f for f, c in FIELD_CLASS.items() if c is cls}
        seen = members & fields
        if seen == members:
            words.append(CLASS_WORDS[cls])
        else:  # in part: field by field, in the policy's order
            words += [FIELD_WORDS.get(f, str(f).replace("_", " ")) for f in Field if f in seen]
    return tuple(dict.fromkeys(words))


def _ids(people: CasePeople, attribute: str) -> tuple[str, ...]:
    value = getattr(people, attribute)
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


def who_can_see(people: CasePeople) -> list[Viewer]:
    """Each role on the case with what it sees; the union as the employee's answer makes it
    (nothing after a no; only that the case exists, before an answer)."""
    found: list[Viewer] = []
    for relation, attribute, label in ROLES:
        ids = _ids(people, attribute)
        if not ids:
            continue
        if relation in UNION_SIDE and people.union_authorized is False:
            found.append(Viewer(label, ids, (), "sees nothing: you declined union "
                                                "representation"))
        elif relation in UNION_SIDE and people.union_authorized is None:
            found.append(Viewer(label, ids, what_they_see(Relation.UNION_PENDING),
                                "until you say the union may represent you (`/rtw union`)"))
        else:
            found.append(Viewer(label, ids, what_they_see(relation)))
    return found


def never_shown() -> tuple[str, ...]:
    return tuple(NEVER_WORDS[f] for f in NEVER_WORDS if f in NEVER_SHOWN)
