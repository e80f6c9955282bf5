"""The one privacy decision point: which fields of a case a viewer may see, on which surface.

Pure: no I/O. Every renderer (status DMs, App Home, IMWT thread messages, nudges, case
detail, forms) builds a plain mapping of the case keyed by :class:`Field` values and passes
it through :func:`redact` with the viewer's :func:`relations` to the case. Anything the
policy does not name is dropped: deny by default.

Rules (the program's "Privacy" section; Ontario Human Rights Code; WSIA s.21; MFIPPA):

- An employee sees only their own case; IMWT members only the cases they are on; anyone
  else sees nothing, and is told :data:`NOTHING_TO_SHOW` whether or not the case exists.
- The employer is entitled to functional abilities, restrictions and expected duration —
  never the diagnosis, cause, symptoms or treatment. So the clinical class is granted by
  no view, with one documented exception below.
- **Never shown, anywhere** (:data:`NEVER_SHOWN`): the diagnosis, symptoms, treatment and
  the health professional's comments. If a form or a person records one, it stays
  encrypted in the case record. Checked at import and by the tests.
- **The one clinical exception** (:data:`CLINICAL_EXCEPTIONS`): Form 7 section C must say
  what happened and which parts of the body were hurt, so the `form_employer_report` view
  shows `description` and `body_parts` to those who file it (the reporting supervisor, HR)
  and to the employee, who gets a copy (WSIA s.21(4)). Nobody else, on no other surface.
- **Free text never travels** (:func:`shared_restrictions`, :func:`may_review_free_text`):
  what a health professional, an employee or a supervisor typed stays with its author and
  HR. The team sees the structured abilities (bands, limits, durations) and, once HR has
  approved it, a functional wording HR wrote; medication becomes "may affect
  safety-sensitive work: yes", nothing more.
- **Consent first.** The union's roles exist once the employee authorized union
  representation (`union_authorized is True`); before an answer a union member sees only
  :data:`UNION_PENDING_FIELDS` (the case exists in their unit, its stage); a refusal
  (`False`) covers every union role, the safety and rehabilitation representative too.
- A message posted where several people read it (the IMWT thread) may carry only what
  every reader may see: :func:`visible_to_all`.

The vocabulary (relations, views, fields and their classes) is ``privacy_terms``; who a
viewer is to a case, ``privacy_people``. Both are named here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from rtwbot.domain.clinical_terms import looks_clinical
from rtwbot.domain.demands import restriction_limits
from rtwbot.domain.privacy_people import CasePeople, relations, union_authorization_pending
from rtwbot.domain.privacy_terms import (
    FIELD_CLASS,
    IMWT_RELATIONS,
    NEVER_SHOWN,
    Field,
    Relation,
    Sensitivity,
    View,
    fields_of,
)

__all__ = [
    "CLINICAL_EXCEPTIONS",
    "FIELD_CLASS",
    "IMWT_RELATIONS",
    "NEVER_SHOWN",
    "NOTHING_TO_SHOW",
    "CasePeople",
    "Field",
    "Relation",
    "Sensitivity",
    "View",
    "can_view",
    "fields_of",
    "redact",
    "may_review_free_text",
    "screened",
    "relations",
    "shared_restrictions",
    "union_authorization_pending",
    "visible_fields",
    "visible_to_all",
]

# The same words whether the case does not exist or the viewer may not see it, so a
# refusal never confirms that a case exists.
NOTHING_TO_SHOW = (
    "There is nothing I can show you here. If you think you should be able to see a "
    "case, please ask your HR representative."
)


_S, _F, _R, _V = Sensitivity, Field, Relation, View

# Sets of classes used in the table below.
_STAFF = frozenset({_S.IDENTITY, _S.ADMINISTRATIVE, _S.DEADLINES, _S.FUNCTIONAL, _S.PLAN,
                    _S.DOCUMENTS, _S.CONTACTS})
# The employee: their own case, without the employer's compliance deadlines.
_OWN = frozenset({_S.IDENTITY, _S.ADMINISTRATIVE, _S.FUNCTIONAL, _S.PLAN, _S.DOCUMENTS,
                  _S.CONTACTS})
# The union reviews every plan, so it sees the restrictions the plan must respect.
_UNION = _OWN
_SAFETY = frozenset({_S.IDENTITY, _S.ADMINISTRATIVE, _S.FUNCTIONAL, _S.PLAN})
# The insurer concurs with extensions: it needs the restrictions and the plan.
_INSURER = _SAFETY
# One message many people read: only what every member may see.
_THREAD = frozenset({_S.IDENTITY, _S.ADMINISTRATIVE, _S.FUNCTIONAL, _S.PLAN, _S.CONTACTS})
# Nudges show up in notifications and on lock screens: the least that lets a person act.
_NUDGE = frozenset({_S.IDENTITY, _S.ADMINISTRATIVE})
_NUDGE_STAFF = _NUDGE | {_S.DEADLINES}
# Form 7 (no clinical class here: its two clinical fields come from CLINICAL_EXCEPTIONS).
# Contacts: section C asks to whom the injury was reported, section J who files it.
_FORM7 = frozenset(
    {_S.IDENTITY, _S.ADMINISTRATIVE, _S.DEADLINES, _S.ACCIDENT, _S.FUNCTIONAL, _S.CONTACTS}
)
_PLAN_DOC = _THREAD
# The supervisor monitors progress on modified work with HR: the check-in history (dates,
# who, outcome); what was typed at a check-in is HR's alone (see may_review_free_text).
_STAFF_MONITORING = _STAFF | {_S.MONITORING}
_HR_MONITORING = _STAFF | {_S.MONITORING, _S.PRIVATE_NOTES}
_PLAN_DOC_OUTSIDE = _SAFETY

_everyone_on_it = (_R.EMPLOYEE, *sorted(IMWT_RELATIONS))

# Before consent, a union member sees these fields only, on their own surfaces.
UNION_PENDING_FIELDS = frozenset({_F.REFERENCE, _F.DIVISION, _F.STAGE})
_PENDING_VIEWS = frozenset({_V.STATUS_DM, _V.HOME, _V.IMWT_THREAD, _V.NUDGE, _V.CASE_DETAIL})

# view -> relation -> the sensitivity classes it may see. A missing entry means nothing.
_POLICY: Mapping[View, Mapping[Relation, frozenset[Sensitivity]]] = MappingProxyType(
    {
        view: MappingProxyType(grants)
        for view, grants in {
            _V.STATUS_DM: {
                _R.EMPLOYEE: _OWN,
                _R.REPORTER: _STAFF_MONITORING,
                _R.DIVISION_REP: _STAFF_MONITORING,
                _R.HR: _HR_MONITORING,
                _R.UNION: _UNION,
                _R.SAFETY_REP: _SAFETY,
                _R.INSURER: _INSURER,
            },
            # App Home shows the same per role as the status DM.
            _V.HOME: {
                _R.EMPLOYEE: _OWN,
                _R.REPORTER: _STAFF_MONITORING,
                _R.DIVISION_REP: _STAFF_MONITORING,
                _R.HR: _HR_MONITORING,
                _R.UNION: _UNION,
                _R.SAFETY_REP: _SAFETY,
                _R.INSURER: _INSURER,
            },
            _V.IMWT_THREAD: {relation: _THREAD for relation in _everyone_on_it},
            _V.NUDGE: {
                _R.EMPLOYEE: _NUDGE,
                _R.REPORTER: _NUDGE_STAFF,
                _R.DIVISION_REP: _NUDGE_STAFF,
                _R.HR: _NUDGE_STAFF,
                _R.UNION: _NUDGE,
                _R.SAFETY_REP: _NUDGE_STAFF,  # the OHSA notice to the committee
                _R.INSURER: _NUDGE,
            },
            _V.CASE_DETAIL: {
                _R.EMPLOYEE: _OWN,
                # The reporting supervisor and HR handle the WSIB report: its facts.
                _R.REPORTER: _STAFF_MONITORING | {_S.ACCIDENT},
                _R.DIVISION_REP: _STAFF_MONITORING,
                _R.HR: _HR_MONITORING | {_S.ACCIDENT},
                _R.UNION: _UNION,
                _R.SAFETY_REP: _SAFETY | {_S.DEADLINES},
                _R.INSURER: _INSURER,
            },
            _V.FORM_EMPLOYER_REPORT: {
                _R.REPORTER: _FORM7,
                _R.HR: _FORM7,
                _R.EMPLOYEE: _FORM7,  # the worker's copy, WSIA s.21(4)
            },
            _V.FORM_PLAN: {
                _R.EMPLOYEE: _PLAN_DOC,
                _R.REPORTER: _PLAN_DOC,
                _R.DIVISION_REP: _PLAN_DOC,
                _R.HR: _PLAN_DOC,
                _R.UNION: _PLAN_DOC,
                _R.SAFETY_REP: _PLAN_DOC_OUTSIDE,
                _R.INSURER: _PLAN_DOC_OUTSIDE,
            },
        }.items()
    }
)

# The only clinical fields any view shows: Form 7 section C needs what happened and the
# body parts (WSIA s.21); the worker gets a copy (WSIA s.21(4)).
_FORM7_CLINICAL = frozenset({_F.DESCRIPTION, _F.BODY_PARTS})
CLINICAL_EXCEPTIONS: Mapping[View, Mapping[Relation, frozenset[Field]]] = MappingProxyType(
    {
        _V.FORM_EMPLOYER_REPORT: MappingProxyType(
            {
                _R.REPORTER: _FORM7_CLINICAL,
                _R.HR: _FORM7_CLINICAL,
                _R.EMPLOYEE: _FORM7_CLINICAL,
            }
        )
    }
)


# Who may read free text someone else typed (see may_review_free_text): HR alone.
_FREE_TEXT_REVIEWERS = frozenset({Relation.HR})


def _check_policy() -> None:
    """Definition errors fail at import, so a careless edit cannot ship a leak."""
    missing = set(Field) - set(FIELD_CLASS)
    if missing:  # pragma: no cover - a definition error
        raise AssertionError(f"fields without a sensitivity class: {sorted(missing)}")
    for view, grants in _POLICY.items():
        if Relation.NONE in grants:  # pragma: no cover
            raise AssertionError(f"{view}: 'none' must see nothing")
        for relation, classes in grants.items():
            if Sensitivity.CLINICAL in classes:  # pragma: no cover
                raise AssertionError(f"{view}/{relation}: clinical only via CLINICAL_EXCEPTIONS")
            if (Sensitivity.PRIVATE_NOTES in classes
                    and relation not in _FREE_TEXT_REVIEWERS):  # pragma: no cover
                raise AssertionError(f"{view}/{relation}: typed words go to HR alone")
    for view, exceptions in CLINICAL_EXCEPTIONS.items():
        for relation, fields in exceptions.items():
            if fields & NEVER_SHOWN or not fields <= _FORM7_CLINICAL:  # pragma: no cover
                raise AssertionError(f"{view}/{relation}: exception beyond Form 7's needs")
            if relation not in _POLICY.get(view, {}):  # pragma: no cover
                raise AssertionError(f"{view}/{relation}: exception for a relation with no view")


_check_policy()


# --- what they may see -----------------------------------------------------------------
def visible_fields(relations: Iterable[Relation | str], view: View | str) -> frozenset[Field]:
    """The fields a viewer with these relations may see on `view`: the union of what each
    relation grants. Unknown relations or views grant nothing."""
    try:
        view = View(view)
    except ValueError:
        return frozenset()
    if isinstance(relations, str):  # one relation passed bare, not iterated by character
        relations = (relations,)
    grants = _POLICY[view]
    exceptions = CLINICAL_EXCEPTIONS.get(view, {})
    allowed: set[Field] = set()
    for raw in relations:
        try:
            relation = Relation(raw)
        except ValueError:
            continue
        allowed |= fields_of(grants.get(relation, frozenset()))
        allowed |= exceptions.get(relation, frozenset())
        if relation is Relation.UNION_PENDING and view in _PENDING_VIEWS:
            allowed |= UNION_PENDING_FIELDS
    # Belt and braces: whatever the tables say, these never leave the record.
    return frozenset(allowed) - NEVER_SHOWN


def visible_to_all(
    audience: Iterable[Iterable[Relation | str]], view: View | str
) -> frozenset[Field]:
    """For a message several people read (an IMWT thread post): only the fields every one
    of them may see. An empty audience sees nothing."""
    result: frozenset[Field] | None = None
    for member in audience:
        fields = visible_fields(member, view)
        result = fields if result is None else result & fields
    return result or frozenset()


def can_view(relations: Iterable[Relation | str], view: View | str) -> bool:
    return bool(visible_fields(relations, view))


def redact(
    case_view: Mapping[str, Any], relations: Iterable[Relation | str], view: View | str
) -> dict[str, Any]:
    """`case_view` with every key the viewer may not see removed (unknown keys included),
    and typed text that reads as clinical withheld (`screened`). An empty result means:
    say NOTHING_TO_SHOW."""
    allowed = {str(f) for f in visible_fields(relations, view)}
    return {key: screened(key, value) for key, value in case_view.items()
            if isinstance(key, str) and key in allowed}


# Text a person typed that others read beside the case: checked where it is typed (the
# intake refuses a clinical job title), and withheld here when it came another way (HR's
# roster, a case filed before the check).
SCREENED = frozenset({Field.JOB_TITLE, Field.LOCATION})
WITHHELD = "(not shown: it may include medical detail)"


def screened(field: str, value: Any) -> Any:
    """`value`, or WITHHELD when `field` is typed text that reads as clinical."""
    if field in SCREENED and isinstance(value, str) and looks_clinical(value):
        return WITHHELD
    return value


# --- free text ---------------------------------------------------------------------------
# Medication side effects, as the team may know them (never the medication or its effects).
SAFETY_SENSITIVE = "May affect safety-sensitive work"
# A limit ticked as "other" on the form: what was typed beside it is free text (HR's alone).
OTHER_BANDS = frozenset({"other", "other limits"})
LIMIT_TO_WORD = "limit set — HR to confirm the wording"
LIMIT_SEE_WORDING = "limit set — see HR's wording"


def may_review_free_text(relations: Iterable[Relation | str]) -> bool:
    """Who may read what a health professional, employee or supervisor typed as free text,
    besides its author: HR, to decide the functional wording the team will see."""
    return any(str(r) in _FREE_TEXT_REVIEWERS for r in relations)


def shared_restrictions(structured: Iterable[str], approved: Iterable[str] | None = None
                        ) -> list[str]:
    """The restriction lines the team may see: the structured lines of the form (bands and
    limits; medication reduced to yes), then the wording HR approved. Anything after a
    " — " on a structured line is free text someone typed and is cut (records written
    before free text was kept apart carried it there). A limit ticked only as "other" (its
    words were typed beside it) reads "limit set — HR to confirm the wording" until HR's
    wording speaks of that ability, then "limit set — see HR's wording"."""
    wording = [str(w).strip() for w in approved or () if str(w).strip()]
    worded = {limit.kind for w in wording for limit in restriction_limits(w)}
    out: list[str] = []
    for line in structured or ():
        line = str(line).split(" — ", 1)[0].strip()
        if line.lower().startswith("medication"):
            line = f"{SAFETY_SENSITIVE}: yes"
        head, colon, band = line.partition(":")
        if colon and band.strip().lower() in OTHER_BANDS:
            kinds = {limit.kind for limit in restriction_limits(line)}
            line = f"{head.strip()}: " + (LIMIT_SEE_WORDING if kinds and kinds <= worded
                                          else LIMIT_TO_WORD)
        if line and line not in out:
            out.append(line)
    return out + wording
