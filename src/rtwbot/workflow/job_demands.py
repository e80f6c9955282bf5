"""The Job Demands Analysis (JDA) of the employee's job, from the directory: the supervisor
hands it over with the RTWI form (and the employee brings both to the health professional),
and the union receives it with every modified work plan it reviews."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.store.db import Database
from rtwbot.store.models import Case
from rtwbot.workflow.facts import worker_contact_held
from rtwbot.workflow.outbox import Say, escape

if TYPE_CHECKING:
    from rtwbot.workflow.wiring import Wiring as Bot


def _where(jda: str) -> str:
    return jda if jda.startswith(("http://", "https://")) else f"`{escape(jda)}`"


def at_filing(db: Database, directory: Directory, case_id: int,
              calendar: WorkCalendar | None = None) -> list[Say]:
    """Follow-up of `case_filed`: the JDA goes with the RTWI package (the worker's part
    waits, like the package, while HR holds contact after a critical injury)."""
    with db.session() as s:
        case = s.get(Case, case_id)
        if case is None:
            return []
        jda = directory.job_demands_for(case.division, case.job_title)
        if not jda:
            return []
        held = worker_contact_held(s, case, calendar or WorkCalendar())
        ref, job, employee, supervisor = (case.reference, case.job_title, case.employee_user_id,
                                          case.supervisor_id)
    says = [Say(text=(f"*{ref}*: the job demands analysis for *{escape(job)}* goes with the "
                      f"RTWI form — please hand it to the employee: {_where(jda)}"),
                to_user=supervisor)]
    if employee and employee != supervisor and not held:
        says.append(Say(text=(f"Please bring the job demands analysis for your job to your "
                              f"health professional with the RTWI form: {_where(jda)}"),
                        to_user=employee))
    return says


def for_union(directory: Directory, case: Case, reviewers: Iterable[str]) -> list[Say]:
    """The JDA, to the union representatives reviewing a plan."""
    jda = directory.job_demands_for(case.division, case.job_title)
    if not jda:
        return []
    return [Say(text=(f"*{case.reference}*: the job demands analysis for "
                      f"*{escape(case.job_title or '')}*, for your review of the proposed "
                      f"modified work plan: {_where(jda)}"), to_user=u) for u in reviewers]


def register(bot: Bot) -> None:
    bot.on("case_filed", lambda case_id: at_filing(bot.db, bot.directory, case_id,
                                                   bot.calendar))
