"""A case's Individual Modified Work Team, from the directory and the case itself.

`team_entries` is pure: who the directory says is on the team, by role. `resolve_team`
turns each entry into a Slack user (emails through `users.lookupByEmail`), noting the ones
Slack does not know or has deactivated, so HR can fix the directory. `save_team` keeps the
result on the case (`case_participants`) and `case_people` gives the privacy policy's view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.directory import Directory
from rtwbot.domain.privacy import CasePeople, Relation
from rtwbot.store.imwt_models import UNION_NO, UNION_YES, CaseParticipant
from rtwbot.store.models import Case

# Roles, named as the privacy policy names the relations.
EMPLOYEE = Relation.EMPLOYEE.value
REPORTER = Relation.REPORTER.value
DIVISION_REP = Relation.DIVISION_REP.value
HR = Relation.HR.value
UNION = Relation.UNION.value
SAFETY_REP = Relation.SAFETY_REP.value
INSURER = Relation.INSURER.value
ROLES = (REPORTER, DIVISION_REP, HR, UNION, SAFETY_REP, INSURER, EMPLOYEE)

ROLE_LABELS = {
    EMPLOYEE: "Employee",
    REPORTER: "Supervisor (reported the case)",
    DIVISION_REP: "Division representative",
    HR: "HR representative",
    UNION: "Union representative",
    SAFETY_REP: "Union safety and rehabilitation representative",
    INSURER: "Insurer representative",
}

# How an entry was resolved.
BY_SLACK_ID = "slack_id"
BY_EMAIL = "email"
NOT_FOUND = "not_found"  # Slack knows no such user (or email)
DEACTIVATED = "deactivated"
NOT_IN_SLACK = "not_in_slack"  # an outside contact with only an email (the insurer)
RESOLVED = (BY_SLACK_ID, BY_EMAIL)

WORK_RELATED_KINDS = ("work_injury", "work_illness", "work_related")


def insurer_key(kind: str) -> str:
    """WSIB for a work-related case, the LTD carrier for a non-occupational one."""
    return "wsib" if kind in WORK_RELATED_KINDS else "ltd"


@dataclass(frozen=True)
class Entry:
    role: str
    ref: str  # a Slack id or an email
    label: str | None = None
    outside: bool = False  # may not be in the workspace (an insurer's contact)


@dataclass(frozen=True)
class Member:
    role: str
    ref: str
    slack_id: str | None
    email: str | None
    resolved_by: str
    label: str | None = None

    @property
    def in_slack(self) -> bool:
        return self.slack_id is not None and self.resolved_by in RESOLVED

    @property
    def problem(self) -> bool:
        """Something HR should fix in the directory (an outside contact is not a problem)."""
        return self.resolved_by in (NOT_FOUND, DEACTIVATED)


def _is_email(ref: str) -> bool:
    return "@" in ref


def _unit_name(case: Case, division_unit: str | None) -> str | None:
    """The employee's own bargaining unit when HR's roster gave one at intake (None: not
    covered); otherwise the division's."""
    roster = (case.answers or {}).get("roster") if isinstance(case.answers, dict) else None
    if isinstance(roster, dict) and "bargaining_unit" in roster:
        unit = roster["bargaining_unit"]
        return str(unit) if unit is not None else None
    return division_unit


def team_entries(case: Case, directory: Directory) -> list[Entry]:
    """Who the team should hold, from the case and the directory: the employee, the
    supervisor who reported, the division's representatives and HR, the bargaining unit's
    union representatives and safety representative, and the WSIB or LTD contact."""
    entries: list[Entry] = []
    if case.employee_user_id:
        entries.append(Entry(EMPLOYEE, case.employee_user_id))
    entries.append(Entry(REPORTER, case.supervisor_id))
    division = directory.division(case.division)
    for ref in division.division_reps if division else ():
        entries.append(Entry(DIVISION_REP, ref))
    for ref in directory.hr_for(case.division):
        entries.append(Entry(HR, ref))
    unit = directory.unit(_unit_name(case, division.bargaining_unit if division else None))
    if unit is not None:
        entries += [Entry(UNION, ref) for ref in unit.union_reps]
        if unit.safety_rep:
            entries.append(Entry(SAFETY_REP, unit.safety_rep))
    insurer = directory.insurers.get(insurer_key(case.kind))
    if insurer is not None and (insurer.slack or insurer.email):
        entries.append(Entry(INSURER, insurer.slack or insurer.email or "", label=insurer.name,
                             outside=True))
    # The same person named twice for one role counts once.
    seen: set[tuple[str, str]] = set()
    unique = []
    for e in entries:
        if (e.role, e.ref.casefold()) not in seen:
            seen.add((e.role, e.ref.casefold()))
            unique.append(e)
    return unique


def resolve_entry(entry: Entry, user: Callable[[str], dict[str, Any] | None],
                  by_email: Callable[[str], str | None]) -> Member:
    email = entry.ref if _is_email(entry.ref) else None
    if email is not None:
        slack_id = by_email(email)
        if slack_id is None:
            # Slack answers users_not_found for a deactivated account's email too.
            status = NOT_IN_SLACK if entry.outside else NOT_FOUND
            return Member(entry.role, entry.ref, None, email, status, entry.label)
        how = BY_EMAIL
    else:
        slack_id, how = entry.ref, BY_SLACK_ID
    info = user(slack_id)
    if info is None:
        return Member(entry.role, entry.ref, None, email, NOT_FOUND, entry.label)
    if info.get("deleted"):
        return Member(entry.role, entry.ref, slack_id, email, DEACTIVATED, entry.label)
    return Member(entry.role, entry.ref, slack_id, email, how, entry.label)


def resolve_team(case: Case, directory: Directory, user: Callable[[str], dict[str, Any] | None],
                 by_email: Callable[[str], str | None]) -> list[Member]:
    return [resolve_entry(e, user, by_email) for e in team_entries(case, directory)]


# --- stored team -------------------------------------------------------------------------
def save_team(s: Session, case_id: int, members: Sequence[Member], now: datetime) -> None:
    """Upsert the team on the case; entries the directory no longer names are removed."""
    rows = {(p.role, p.ref): p for p in
            s.scalars(select(CaseParticipant).where(CaseParticipant.case_id == case_id))}
    wanted = {(m.role, m.ref) for m in members}
    for key, row in rows.items():
        if key not in wanted:
            s.delete(row)
    for m in members:
        found = rows.get((m.role, m.ref))
        if found is None:
            s.add(CaseParticipant(case_id=case_id, role=m.role, ref=m.ref, slack_id=m.slack_id,
                                  email=m.email, resolved_by=m.resolved_by, label=m.label,
                                  created_at=now, updated_at=now))
        else:
            found.slack_id, found.email, found.label = m.slack_id, m.email, m.label
            found.resolved_by, found.updated_at = m.resolved_by, now
    s.flush()


def load_team(s: Session, case_id: int) -> list[Member]:
    return load_teams(s, [case_id]).get(case_id, [])


def load_teams(s: Session, case_ids: list[int]) -> dict[int, list[Member]]:
    """The saved teams of several cases, in one query."""
    teams: dict[int, list[Member]] = {}
    rows = s.scalars(select(CaseParticipant).where(CaseParticipant.case_id.in_(case_ids))
                     .order_by(CaseParticipant.id))
    for r in rows:
        teams.setdefault(r.case_id, []).append(
            Member(r.role, r.ref, r.slack_id, r.email, r.resolved_by, r.label))
    return teams


def union_flag(value: str | None) -> bool | None:
    """The stored yes/no/not_asked as the privacy policy's True/False/None."""
    return {UNION_YES: True, UNION_NO: False}.get(value or "")


def case_people(case: Case, members: Iterable[Member], union_authorized: str | None) -> CasePeople:
    """The Slack ids connected to the case, for `privacy.relations`. Only people Slack
    resolved (and not deactivated) count; the case's own employee and reporter always do."""
    by_role: dict[str, list[str]] = {}
    for m in members:
        if m.in_slack and m.slack_id:
            by_role.setdefault(m.role, []).append(m.slack_id)
    return CasePeople(
        employee=case.employee_user_id,
        reporter=case.supervisor_id,
        division_reps=tuple(by_role.get(DIVISION_REP, ())),
        hr=tuple(by_role.get(HR, ())),
        union=tuple(by_role.get(UNION, ())),
        safety_rep=tuple(by_role.get(SAFETY_REP, ())),
        insurers=tuple(by_role.get(INSURER, ())),
        union_authorized=union_flag(union_authorized),
    )
