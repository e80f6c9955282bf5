"""Issue 10: a stateful property test of whole conversations — the intake engine *and* the
filing workflow, on a real store. Answers come from the phrasings people use (relative and
absolute dates with and without times, "same time", clicks and typed answers, back and
change on the way). The invariant: every report the engine lets the person confirm is filed.
"""

from __future__ import annotations

import itertools
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import event, select

from rtwbot.clock import ManualClock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.intake import INJURY_REPORT, Action, IntakeState
from rtwbot.intake.question import question_by_key
from rtwbot.intake.state import DONE, SUMMARY
from rtwbot.store.db import Database
from rtwbot.store.models import Case, IntakeSession
from rtwbot.workflow.intake import IntakeWorkflow

TZ = ZoneInfo("America/Toronto")
# Moments "now" can be: a weekday morning, just after midnight, a Saturday night, the
# Monday after the clocks went back, a holiday, New Year's Day.
NOWS = [
    datetime(2026, 11, 25, 10, 30, tzinfo=TZ),
    datetime(2026, 11, 24, 0, 3, tzinfo=TZ),
    datetime(2026, 11, 28, 2, 5, tzinfo=TZ),
    datetime(2026, 11, 2, 9, 0, tzinfo=TZ),
    datetime(2026, 12, 25, 16, 45, tzinfo=TZ),
    datetime(2027, 1, 1, 8, 0, tzinfo=TZ),
]
DATES = [
    "yesterday", "yesterday 3pm", "yesterday at 3pm", "yesterday at 3", "2 days ago",
    "2 days ago at 10am", "3 days ago", "last friday", "last Friday at 4:15 pm", "Nov 20",
    "Nov 20 14:30", "November 20 at 2:30pm", "this morning", "this morning at 7am",
    "today", "today at 6:00", "monday", "Monday 9am", "1 week ago", "2026-11-20",
    "2026-11-20 14:30", "an hour ago", "30 minutes ago", "last night at 11pm", "yday 3pm",
    "yesterday around 3pm", "earlier today", "this morning around 9", "3pm yesterday",
    "day before yesterday", "tues 2pm", "about 2 hours ago",
]
LEARNED = ["same time", "at the same time", "then", "same day", "that day", *DATES]
YES_NO = ["yes", "no", "not sure", "yep", "nope", "don't know", "Yes", "no they didn't"]
TEXTS = ["North yard", "Slipped on a wet floor carrying soil", "the loading dock", "Gardener",
         "Arborist", "none", "Pat Lee"]
HOURS = ["37.5", "40", "40 hours", "35 hrs a week"]
EMPLOYEES = ["<@U0EMPLOY1>", "Jane Doe, 12345", "Sam Smith #8812"]
NAVIGATION = ["back", "help", "where was I"]
CHANGE_WORDS = ["change date", "change when you learned", "change body parts",
                "change health care", "change case type"]

_supervisors = itertools.count(1)


def _user(user_id: str) -> dict | None:
    if user_id == "U0EMPLOY1":
        return {"id": user_id, "real_name": "Erin Employee", "deleted": False, "is_bot": False}
    return None


class WholeConversation(RuleBasedStateMachine):
    db: Database  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(NOWS[0])
        self.calendar = WorkCalendar()
        self.directory = Directory.model_validate({"divisions": [
            {"name": "Parks and Recreation", "job_titles": ["Gardener", "Arborist"]}]})
        self.flow = IntakeWorkflow(self.db, self.clock, self.calendar, self.directory, _user)
        self.supervisor = f"U0SUP{next(_supervisors):05d}"
        self.started = False
        self.intake_id: int | None = None
        self.confirmed_ids: list[int] = []

    # --- reading where the conversation is -------------------------------------------
    def _state(self) -> IntakeState | None:
        if self.intake_id is None:
            return None
        with self.db.session() as s:
            row = s.get(IntakeSession, self.intake_id)
            return IntakeState.from_dict(row.state) if row.status == "active" else None

    def _send(self, given) -> None:
        says = self.flow.handle(self.supervisor, given, intake_id=self.intake_id)
        assert says, "the bot always answers"
        assert not any("something went wrong" in say.text.lower() for say in says)
        with self.db.session() as s:
            row = s.get(IntakeSession, self.intake_id)
            confirmed = row.status == "done" or IntakeState.from_dict(row.state).current == DONE
        if confirmed:  # the engine let the person confirm: it must be filed, now
            self.confirmed_ids.append(self.intake_id)
            self.intake_id, self.started = None, False

    # --- rules ------------------------------------------------------------------------
    @precondition(lambda self: not self.started)
    @rule(now=st.sampled_from(NOWS))
    def start(self, now: datetime) -> None:
        self.clock.set(now)
        [say] = self.flow.start(self.supervisor, new=True)
        self.intake_id = say.extra["intake_id"]
        self.started = True

    @precondition(lambda self: self.started)
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        state = self._state()
        if state is None:
            return
        question = question_by_key(INJURY_REPORT, state.current)
        if question is None:
            return
        detour = data.draw(st.integers(0, 9), label="detour")
        if detour == 0:  # now and then: back, help, "where was I", or change an answer
            self._send(data.draw(st.sampled_from(NAVIGATION + CHANGE_WORDS), label="steer"))
            return
        click = data.draw(st.booleans(), label="click")
        options = question.options(self.flow.context(), state.answers)
        if click and options and question.kind in ("choice", "yes_no_unknown", "date_time"):
            value = data.draw(st.sampled_from([v for v, _ in options]), label="button")
            self._send(Action("answer", value, question=question.key))
            return
        if click and question.kind == "date_time":
            day = data.draw(st.sampled_from(["2026-11-20", "2026-11-23", "2026-11-24"]))
            self._send(Action("answer", day, question=question.key))
            return
        self._send(data.draw(self._typed(question.key, question.kind), label="typed"))

    @staticmethod
    def _typed(key: str, kind: str) -> st.SearchStrategy[str]:
        if key == "learned_at":
            return st.sampled_from(LEARNED)
        if key == "hired_on":  # re-employment (WSIA s.41): years ago, typed as a date
            return st.sampled_from(["2015-06-01", "March 4, 2019", "skip", "2025-12-24"])
        if key == "born_on":
            return st.sampled_from(["1980-07-14", "skip", "July 14, 1962"])
        if kind == "date_time":
            return st.sampled_from(DATES)
        if kind == "yes_no_unknown":
            return st.sampled_from(YES_NO)
        if kind == "person":
            return st.sampled_from(EMPLOYEES)
        if kind == "number":
            return st.sampled_from(HOURS)
        if key == "case_kind":
            return st.sampled_from(["work-related injury", "injury", "illness", "2",
                                    "not work-related"])
        if key == "division":
            return st.sampled_from(["parks", "Parks and Recreation", "1"])
        if key == "body_parts":
            return st.sampled_from(["left wrist", "lower back and left knee", "3, 9", "neck"])
        if key == "accident_type":  # Form 7, C.4
            return st.sampled_from(["slip and fall", "2", "other", "struck, overexertion"])
        if key == "modified_work":
            return st.sampled_from(["regular pay", "none", "reduced pay", "not sure"])
        if kind == "choice":
            return st.sampled_from(["1", "2", "not sure"])
        return st.sampled_from(TEXTS)

    @precondition(lambda self: self.started)
    @rule(data=st.data())
    def at_the_summary(self, data: st.DataObject) -> None:
        """Confirm (typed or clicked), or first change an answer with its Edit button."""
        state = self._state()
        if state is None or state.current != SUMMARY:
            self.answer(data)
            return
        if data.draw(st.integers(0, 3), label="edit first") == 0:
            key = data.draw(st.sampled_from(["occurred_at", "learned_at", "case_kind",
                                             "health_care"]), label="edit")
            self._send(Action("edit", key))
            return
        typed = data.draw(st.booleans(), label="typed confirm")
        self._send("confirm" if typed else Action("confirm", version=state.version))
        assert not self.started, "a confirmed report is filed, not left in progress"

    @invariant()
    def every_confirmed_report_is_filed(self) -> None:
        if not self.confirmed_ids:
            return
        with self.db.session() as s:
            for intake_id in self.confirmed_ids[-1:]:
                case = s.scalar(select(Case).where(Case.intake_session_id == intake_id))
                assert case is not None, f"report {intake_id} was confirmed but not filed"
                assert case.learned_at >= case.occurred_at


def _fast(db: Database) -> Database:
    """A test database need not survive a power cut: skip the fsyncs."""
    if db.url.startswith("sqlite"):
        @event.listens_for(db.engine, "connect")
        def _no_sync(dbapi_conn, _record):
            dbapi_conn.execute("PRAGMA synchronous=OFF")
            dbapi_conn.execute("PRAGMA journal_mode=MEMORY")
    return db


@pytest.mark.timeout(900)
def test_every_report_the_engine_lets_the_person_confirm_is_filed(database_url: str) -> None:
    WholeConversation.db = _fast(Database(database_url))
    try:
        case = WholeConversation.TestCase
        case.settings = settings(max_examples=int(os.environ.get("RTW_EXAMPLES", "200")), deadline=None, stateful_step_count=40,
                                 suppress_health_check=list(HealthCheck))
        case().runTest()
    finally:
        WholeConversation.db.dispose()


