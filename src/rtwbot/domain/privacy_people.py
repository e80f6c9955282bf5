"""Who a viewer is to a case: the people connected to it (`CasePeople`) and the
`relations` a Slack user has to it, with consent first for the union's roles. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rtwbot.domain.privacy_terms import Relation


def _ids(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class CasePeople:
    """The Slack user ids connected to one case. `union_authorized`: has the employee
    authorized the union to represent them (None = not asked yet)?"""

    employee: str | None = None
    reporter: str | None = None
    division_reps: tuple[str, ...] = ()
    hr: tuple[str, ...] = ()
    union: tuple[str, ...] = ()
    safety_rep: tuple[str, ...] = ()
    insurers: tuple[str, ...] = ()
    union_authorized: bool | None = None

    def __post_init__(self) -> None:
        # Accept a list or one id from callers; store tuples so the dataclass stays hashable.
        for name in ("division_reps", "hr", "union", "safety_rep", "insurers"):
            object.__setattr__(self, name, _ids(getattr(self, name)))
        for name in ("employee", "reporter"):
            object.__setattr__(self, name, getattr(self, name) or None)


def relations(viewer_id: str | None, people: CasePeople) -> frozenset[Relation]:
    """Every relation `viewer_id` has to the case; {NONE} when there is none."""
    if not viewer_id:
        return frozenset({Relation.NONE})
    found: set[Relation] = set()
    if viewer_id == people.employee:
        found.add(Relation.EMPLOYEE)
    if viewer_id == people.reporter:
        found.add(Relation.REPORTER)
    if viewer_id in people.division_reps:
        found.add(Relation.DIVISION_REP)
    if viewer_id in people.hr:
        found.add(Relation.HR)
    # Consent first: the union's roles exist once the employee has authorized it; before
    # the answer they know the case exists and its stage; a refusal binds every union role.
    union_side = viewer_id in people.union or viewer_id in people.safety_rep
    if union_side and people.union_authorized is True:
        if viewer_id in people.union:
            found.add(Relation.UNION)
        if viewer_id in people.safety_rep:
            found.add(Relation.SAFETY_REP)
    elif union_side and people.union_authorized is None:
        found.add(Relation.UNION_PENDING)
    if viewer_id in people.insurers:
        found.add(Relation.INSURER)
    return frozenset(found) if found else frozenset({Relation.NONE})


def union_authorization_pending(people: CasePeople) -> bool:
    """True while the employee has not answered whether the union may represent them (the
    union then knows only that the case exists and its stage)."""
    return people.union_authorized is None and bool(people.union or people.safety_rep)
