"""Helpers for the case stories (/work/shared/domain/case-stories.md) through the sandbox:
a report answered question by question whatever order the intake asks in, the case, its
nudges, what each person read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from rtwbot.intake.state import IntakeState
from rtwbot.playground import Playground
from rtwbot.store.models import Case, IntakeSession
from rtwbot.store.nudge_models import Nudge
from tests.e2e.conftest import TORONTO, click, dm_texts, say

# A first-aid cut, work-related, reported the moment it happened. ("died" is asked only
# after a "yes" to the critical question: a story that answers yes is of a critical injury,
# not a death, unless it says otherwise.)
FIRST_AID = {
    "division": "parks", "job_title": "Gardener", "case_kind": "work-related injury",
    "critical_injury": "no", "died": "no", "occurred_at": "today 9am", "learned_at": "same time",
    "location": "North yard", "description": "Cut a finger on a pruning saw",
    "accident_type": "sudden specific event", "body_parts": "left hand",
    "health_care": "no", "absent": "no", "lower_pay": "no",
    "modified_work": "none", "witnesses": "skip", "hired_on": "2015-06-01",
    "born_on": "skip", "hours_per_week": "37.5",
}


def current_question(pg: Playground, who: str) -> str | None:
    with pg.bot.db.session() as s:
        row = s.scalar(select(IntakeSession).where(
            IntakeSession.supervisor_id == pg.users[who], IntakeSession.status == "active")
            .order_by(IntakeSession.updated_at.desc()).limit(1))
        return IntakeState.from_dict(row.state).current if row is not None else None


def answer_report(pg: Playground, who: str, answers: dict[str, str],
                  until: str | None = None) -> str:
    """Answer whatever the report asks (the employee is Erin unless `answers` says), up to
    its summary, or until it asks the question `until`. Everything said back."""
    answers = {"employee": f"<@{pg.users['erin']}>", **answers}
    said = [say(pg, who, "report an injury")]
    for _ in range(40):
        key = current_question(pg, who)
        if key is None or key in ("summary", until):
            break
        said.append(say(pg, who, answers.get(key, "skip")))
    else:
        raise AssertionError(f"the report never reached its summary (stuck at {key})")
    return "\n".join(said)


def file_report(pg: Playground, who: str = "sam", **answers: str) -> str:
    said = answer_report(pg, who, {**FIRST_AID, **answers})
    return said + "\n" + click(pg, who, "intake_confirm")


def the_case(pg: Playground) -> Case:
    with pg.bot.db.session() as s:
        return s.scalars(select(Case)).one()


def nudges(pg: Playground, kind: str, live: bool = True) -> list[Nudge]:
    with pg.bot.db.session() as s:
        query = select(Nudge).where(Nudge.kind == kind, Nudge.parent_id.is_(None))
        if live:
            query = query.where(Nudge.state.in_(("pending", "snoozed", "claimed", "sent")))
        return list(s.scalars(query))


def local(moment: datetime) -> datetime:
    return moment.astimezone(TORONTO)


def tick_at(pg: Playground, moment: datetime) -> None:
    pg.sandbox.clock.set(moment)
    pg.bot.tick()
    pg.settle()


def read(pg: Playground, who: str) -> str:
    return "\n".join(dm_texts(pg, who))


def update_facts(pg: Playground, who: str, reference: str, **values) -> str:
    """`/rtw update RTW-…`, the modal submitted with these values; what `who` read."""
    before = len(dm_texts(pg, who))
    assert pg.sandbox.command(pg.users[who], "/rtw", f"update {reference}").status == 200
    pg.settle()
    for modal in pg.sandbox.views(pg.users[who])[:1]:  # none: refused, and told why
        assert pg.sandbox.submit_view(pg.users[who], modal, values).status == 200
        pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])
