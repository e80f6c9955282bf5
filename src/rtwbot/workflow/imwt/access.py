"""Who may act in the team thread: each action, the relations to the case that may take it,
and the sentence shown to anyone else. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rtwbot.domain.privacy import Relation

NOT_ON_TEAM = "You are not on this case's team, so you can't act on it. Nothing was changed."
NOT_AUTHORIZED = ("The employee has not authorized union representation, so the union "
                  "can't act on this case. Nothing was changed.")

R = Relation
_MANAGERS = frozenset({R.REPORTER, R.DIVISION_REP, R.HR})
_UNION_SIDE = frozenset({R.UNION, R.SAFETY_REP})
PERMISSIONS: Mapping[str, frozenset[Relation]] = {
    "open": frozenset({R.HR}),
    "propose": _MANAGERS,
    "union_review": _UNION_SIDE,
    "check_in": _MANAGERS,
    "extend": _MANAGERS | {R.INSURER},
    "return": _MANAGERS,
    "permanent": _MANAGERS,
    "record_step": _MANAGERS | _UNION_SIDE,
    "choose_step": _MANAGERS,
    "mediation": _MANAGERS | _UNION_SIDE,
    "close": frozenset({R.HR}),
    "union_authorization": frozenset({R.EMPLOYEE}),
    "employee_plan": frozenset({R.EMPLOYEE}),
    "ask_union": _MANAGERS | {R.INSURER},
    "meeting": frozenset({R.HR}),
    # For an employee who is not in Slack, HR records their answers, with how and when
    # they were given; and only HR records why a plan goes on without the union's review.
    "record_for_employee": frozenset({R.HR}),
    "union_waiver": frozenset({R.HR}),
}
# What the employee does on their own case (the rest is the team's).
EMPLOYEE_ACTIONS = frozenset({"union_authorization", "employee_plan"})
ACTION_WORDS = {
    "open": "open the team thread",
    "propose": "propose a plan",
    "union_review": "review a plan for the union",
    "check_in": "record a check-in",
    "extend": "extend the plan",
    "return": "record a return to regular duties",
    "permanent": "start permanent accommodation",
    "record_step": "record a placement step",
    "choose_step": "choose a placement",
    "mediation": "ask for mediation",
    "close": "close the case",
    "union_authorization": "answer for the employee",
    "employee_plan": "answer for the employee",
    "ask_union": "ask the union to join",
    "meeting": "schedule a team meeting",
    "record_for_employee": "record the employee's answer (given on paper, by phone or in "
                           "person)",
    "union_waiver": "record why a plan goes on without the union's review",
}
RELATION_WORDS = {
    R.EMPLOYEE: "the employee",
    R.REPORTER: "the supervisor",
    R.DIVISION_REP: "the division representative",
    R.HR: "HR",
    R.UNION: "the union representative",
    R.SAFETY_REP: "the union safety representative",
    R.INSURER: "the WSIB or LTD representative",
}


def allowed_relations(action: str, *, union_declined: bool = False) -> frozenset[Relation]:
    """The relations that may take `action`. When the employee declined union
    representation, HR does the plan review the union would have done."""
    allowed = PERMISSIONS[action]
    if action == "union_review" and union_declined:
        return frozenset({R.HR})
    return allowed


def refusal(rels: Iterable[Relation], action: str, *, union_declined: bool = False) -> str | None:
    """None when someone with these relations may take `action`, else the sentence to show."""
    rels = frozenset(rels)
    allowed = allowed_relations(action, union_declined=union_declined)
    if rels & allowed:
        return None
    if not rels - {R.NONE}:
        return NOT_ON_TEAM
    if rels == {R.EMPLOYEE} and action not in EMPLOYEE_ACTIONS:
        return NOT_ON_TEAM
    if rels == {R.UNION_PENDING}:
        return NOT_AUTHORIZED
    names = [RELATION_WORDS[r] for r in sorted(allowed, key=list(Relation).index)]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"Only {who} can {ACTION_WORDS[action]}. Nothing was changed."
