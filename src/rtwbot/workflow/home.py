"""The App Home tab, per role: my plan (employee), my reports (supervisor), my cases (team).

Like status, it shows each case only through the privacy policy (the `home` view) and
writes an audit row for every case it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rtwbot.clock import Clock
from rtwbot.domain import privacy
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.domain.stages import is_open
from rtwbot.store.audit_log import record_view
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import Nudge
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.imwt.history import history_lines
from rtwbot.workflow.outbox import Button, escape
from rtwbot.workflow.status import CaseViews, Seen, plan_agreed, render_seen
from rtwbot.workflow.status_employee import PLAN_AGREED

OPEN_NUDGE_STATES = ("pending", "claimed", "sent", "snoozed")


@dataclass(frozen=True)
class HomeSection:
    title: str
    lines: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class HomePage:
    user: str
    sections: tuple[HomeSection, ...] = field(default_factory=tuple)


def overdue(s: Session, case_id: int, now: datetime) -> int:
    """Reminders left undone past the point where they escalate: things now late."""
    return s.scalar(select(func.count()).select_from(Nudge).where(
        Nudge.case_id == case_id, Nudge.state.in_(OPEN_NUDGE_STATES),
        Nudge.escalate_at.is_not(None), Nudge.escalate_at < now)) or 0


class HomeWorkflow:
    def __init__(self, db: Database, clock: Clock, views: CaseViews):
        self.db, self.clock, self.views = db, clock, views

    def page(self, viewer: str) -> HomePage:
        now = self.clock.now()
        mine: list[str] = []
        reported: list[str] = []
        team_cases: list[str] = []
        with self.db.session() as s:
            for case, rel, members in self.views.connected(s, viewer, open_only=True):
                if not is_open(case.stage):
                    continue
                full = self.views.full_view(
                    s, case, members, "employee" if Relation.EMPLOYEE in rel else "staff", viewer)
                fields = privacy.redact(full, rel, View.HOME)
                if not fields:
                    continue
                record_view(s, at=now, viewer=viewer, case_id=case.id, view=View.HOME)
                if Relation.EMPLOYEE in rel:
                    fields["_stage"] = case.stage  # picks the wording; never shown as such
                    fields[PLAN_AGREED] = plan_agreed(s, case.id)
                    mine.append(render_seen(Seen(case.id, rel, fields), for_employee=True))
                    continue
                line = self._line(fields, overdue(s, case.id, now))
                (reported if Relation.REPORTER in rel else team_cases).append(line)
        sections = [HomeSection(
            "rtwbot — return to work",
            ("Report an injury or illness, follow a modified work plan, and see what is due. "
             "Only functional abilities and restrictions are ever shown here — never a "
             "diagnosis.",),
            (Button("Report an injury", "help_report", "report", "primary"),),
        )]
        if mine:
            sections.append(HomeSection("My plan", tuple(mine)))
        if reported:
            sections.append(HomeSection("My reports", tuple(reported)))
        if team_cases:
            sections.append(HomeSection("My cases", tuple(team_cases)))
        if not (mine or reported or team_cases):
            sections.append(HomeSection("Nothing to follow", (
                "You have no open cases. If someone gets hurt, press *Report an injury*.",)))
        return HomePage(viewer, tuple(sections))

    @staticmethod
    def _line(fields: dict[str, Any], overdue_count: int) -> str:
        parts = [f"*{fields.get(Field.REFERENCE, '')}*"]
        if fields.get(Field.EMPLOYEE_NAME):
            parts.append(escape(fields[Field.EMPLOYEE_NAME]))
        parts.append(str(fields.get(Field.STAGE, "")))
        if fields.get(Field.NEXT_DATE):
            parts.append(f"next: {fmt_day(fields[Field.NEXT_DATE])}")
        if fields.get(Field.FORM7_DUE):
            parts.append(f"Form 7 due {fmt_day(fields[Field.FORM7_DUE])}")
        if overdue_count:
            parts.append(f":warning: {overdue_count} overdue")
        history = history_lines(fields.get(Field.CHECK_INS), fields.get(Field.CHECK_IN_NOTES))
        return "\n".join([" · ".join(parts), *history])

    def audience(self, case_id: int) -> list[str]:
        """Everyone whose Home shows this case, to refresh it when the case changes."""
        with self.db.session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return []
            people = self.views.people(s, case)
        ids = {people.employee, people.reporter, *people.division_reps, *people.hr,
               *people.union, *people.safety_rep, *people.insurers}
        return sorted(i for i in ids if i)
