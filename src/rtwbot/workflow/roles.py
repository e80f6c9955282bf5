"""What a person is to the program, for help that lists exactly what they may do: an
employee with a case, someone who reports (a supervisor), a member of a case team, HR."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rtwbot.domain.privacy import IMWT_RELATIONS, Relation
from rtwbot.store.db import Database
from rtwbot.workflow.status import CaseViews


@dataclass(frozen=True)
class Roles:
    own_cases: tuple[str, ...] = ()  # open cases where the person is the employee
    reports: bool = False  # reported a case, or a division's representative
    team: bool = False  # on a case's team, or named by the directory (HR, union, division)
    hr: bool = False

    @property
    def employee_only(self) -> bool:
        return bool(self.own_cases) and not (self.reports or self.team or self.hr)


def roles_of(db: Database, views: CaseViews, viewer: str) -> Roles:
    directory = views.directory

    def named(refs: Iterable[str]) -> bool:
        return any((views.by_email(ref) if "@" in ref else ref) == viewer for ref in refs)

    division_rep = any(named(d.division_reps) for d in directory.divisions)
    hr = named(directory.hr) or any(named(d.hr_reps) for d in directory.divisions)
    union = any(named([*u.union_reps, *([u.safety_rep] if u.safety_rep else [])])
                for u in directory.bargaining_units)
    team_relations = IMWT_RELATIONS - {Relation.REPORTER}
    with db.session() as s:  # each way asked on its own, stopping at the first case found
        own = [case.reference for case, relations, _ in views.connected(
            s, viewer, open_only=True, only="employee") if Relation.EMPLOYEE in relations]
        reported = any(Relation.REPORTER in relations
                       for _, relations, _ in views.connected(s, viewer, only="reporter"))
        on_team = hr or union or division_rep or any(
            set(relations) & team_relations
            for _, relations, _ in views.connected(s, viewer, only="team"))
    return Roles(own_cases=tuple(own), reports=reported or division_rep,
                 team=on_team or hr or union or division_rep, hr=hr)
