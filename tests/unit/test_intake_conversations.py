"""Whole conversations, and the rules that were once broken with no test failing.

Hypothesis plays whole reports: at each question it picks what a person might say (the
corpus's answers for that question, everyday answers for others, the universal words).
Whatever the bot accepted, at whatever question, the remaining answers lead to a filed case:
the summary is reached, "confirm" files it, and the domain's filing check takes the answers
(never a loop, never "something went wrong").
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtwbot.domain.calendar import WorkCalendar
from rtwbot.intake import INJURY_REPORT, IntakeContext, start, step
from rtwbot.intake.state import CANCELLED, DONE
from rtwbot.workflow.filing import plan_filing
from tests.corpus import PLAIN, answers

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)
FLOW = INJURY_REPORT
UNIVERSAL = ["skip", "not sure", "idk", "n/a", "dunno", "yes", "no", "back", "help",
             "where was I", "Jane Doe", "Jane Doe, don't know", "2 days ago at noon", "forty",
             "the yard", "prks", "<@U123ABC>"]
SAID = {}
for key, _expected, text in answers():
    SAID.setdefault(key, []).append(text)


def _ctx() -> IntakeContext:
    return IntakeContext(
        now=NOW, tz=TORONTO, divisions=("Parks and Recreation", "Transportation Services"),
        resolve_user=lambda uid: {"id": uid, "real_name": "Erin Employee"},
        job_titles_for=lambda _answers: ("Gardener", "Arborist", "Labourer"),
        has_roster=lambda: True, find_employee=lambda _text: None)


def _play(choose) -> tuple:
    """A conversation: `choose(key)` says something to each question; a refusal is followed
    by the plain answer. Returns the state at the summary and the replies."""
    ctx = _ctx()
    state, reply = start(FLOW, ctx)
    seen = 0
    while state.current not in ("summary", DONE, CANCELLED):
        seen += 1
        assert seen < 120, f"a loop at {state.current}: {reply.text}"
        key = state.current
        text = choose(key)
        state, reply = step(FLOW, state, text, ctx)
        assert "something went wrong" not in reply.text.lower()
        if state.current == "confirm_cancel":
            state, reply = step(FLOW, state, "no", ctx)
        if reply.kind == "invalid" and state.current == key:
            state, reply = step(FLOW, state, PLAIN.get(key, "yes"), ctx)
            if reply.kind == "invalid" and state.current == key:  # a "Did you mean": yes
                state, reply = step(FLOW, state, "yes", ctx)
    return state, reply, ctx


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_accepted_answer_leads_to_a_filed_case(data) -> None:
    def choose(key: str) -> str:
        pool = SAID.get(key, []) + UNIVERSAL + [PLAIN[key]]
        return data.draw(st.sampled_from(pool), label=key)

    state, reply, ctx = _play(choose)
    assert state.current == "summary", reply.text
    state, reply = step(FLOW, state, "looks good, file it", ctx)
    assert reply.kind == "confirmed", reply.text
    plan = plan_filing(state.answers, WorkCalendar(), NOW.date())  # the domain takes them
    assert plan.kind in ("work_injury", "work_illness", "non_occupational")


# --------------------------------------------------------------------------- broken rules


def _to_summary():
    state, _reply, ctx = _play(lambda key: PLAIN[key])
    assert state.current == "summary"
    return state, ctx


@pytest.mark.parametrize("text", ["2026-12-20", "2026-12-20 3pm", "December 20 2026"])
def test_a_date_later_this_year_is_in_the_future(text: str) -> None:
    ctx = _ctx()
    state, _ = start(FLOW, ctx)
    for key in ("employee", "division", "job_title", "case_kind", "critical_injury"):
        state, _ = step(FLOW, state, PLAIN[key], ctx)
    state, reply = step(FLOW, state, text, ctx)
    assert reply.kind == "invalid" and "future" in reply.text
    assert "occurred_at" not in state.answers


@pytest.mark.parametrize("key", ["hired_on", "born_on"])
def test_a_calendar_date_later_this_year_is_refused(key: str) -> None:
    state, ctx = _to_summary()
    state, _ = step(FLOW, state, f"change {FLOW_LABEL[key]}", ctx)
    state, reply = step(FLOW, state, "2026-12-01", ctx)
    assert reply.kind == "invalid" and "future" in reply.text


FLOW_LABEL = {"hired_on": "hire date", "born_on": "date of birth"}


def test_a_hire_date_after_the_accident_is_refused_and_on_its_day_accepted() -> None:
    state, ctx = _to_summary()  # it happened yesterday, 2026-11-24, at 9 AM
    state, _ = step(FLOW, state, "change hire date", ctx)
    state, reply = step(FLOW, state, "2026-11-25", ctx)
    assert reply.kind == "invalid" and "after it happened" in reply.text
    state, reply = step(FLOW, state, "2026-11-24", ctx)  # hired that morning: still covered
    assert reply.kind != "invalid" and state.answers["hired_on"] == "2026-11-24"


def test_going_back_prunes_the_answers_that_relied_on_the_changed_one() -> None:
    state, ctx = _to_summary()  # it happened yesterday at 9 AM
    state, _ = step(FLOW, state, "change when you learned of it", ctx)
    state, _ = step(FLOW, state, "today 8am", ctx)
    state, _ = step(FLOW, state, "change date", ctx)
    state, reply = step(FLOW, state, "2026-11-20 9am", ctx)  # still before they learned
    assert reply.kind == "summary" and "learned_at" in state.answers
    # "back" from the summary takes the changed answer away again...
    state, reply = step(FLOW, state, "back", ctx)
    assert reply.question.key == "occurred_at"
    # ...and an answer after when they learned of it drops that answer, which is asked again.
    state, reply = step(FLOW, state, "today 9am", ctx)
    assert "learned_at" not in state.answers and reply.question.key == "learned_at"
    state, reply = step(FLOW, state, "same time", ctx)
    assert state.current == "summary"


def test_going_back_and_choosing_not_work_related_drops_the_wsib_answers() -> None:
    state, ctx = _to_summary()
    state, _ = step(FLOW, state, "change type of case", ctx)
    state, _ = step(FLOW, state, "not work related", ctx)
    assert not {"health_care", "description", "body_parts"} & set(state.answers)
    assert "critical_injury" in state.answers  # asked for every case


@pytest.mark.parametrize("word", ["cancel", "yes", "yes cancel it", "cancel it"])
def test_cancel_at_the_confirmation_cancels(word: str) -> None:
    state, ctx = _to_summary()
    state, reply = step(FLOW, state, "cancel", ctx)
    assert reply.kind == "confirm_cancel"
    state, reply = step(FLOW, state, word, ctx)
    assert state.current == CANCELLED and reply.kind == "cancelled"
    assert state.answers == {}


def test_no_at_the_cancel_question_resumes() -> None:
    state, ctx = _to_summary()
    state, _ = step(FLOW, state, "cancel", ctx)
    state, reply = step(FLOW, state, "no", ctx)
    assert state.current == "summary" and reply.kind == "summary"


@pytest.mark.parametrize("said", ["looks good, file it", "yep all good", "lgtm 👍",
                                  "ok send it please", "confirm"])
def test_the_summary_is_confirmed_in_the_person_s_words(said: str) -> None:
    state, ctx = _to_summary()
    _, reply = step(FLOW, state, said, ctx)
    assert reply.kind == "confirmed"


@pytest.mark.parametrize("said", ["wait", "no the date is wrong", "not yet", "looks good but "
                                  "change the date"])
def test_doubt_at_the_summary_is_not_a_confirmation(said: str) -> None:
    state, ctx = _to_summary()
    _, reply = step(FLOW, state, said, ctx)
    assert reply.kind != "confirmed"


def test_the_hours_in_words() -> None:
    state, ctx = _to_summary()
    state, _ = step(FLOW, state, "change hours", ctx)
    state, _ = step(FLOW, state, "forty", ctx)
    assert state.answers["hours_per_week"] == 40
    assert date(2026, 11, 24).isoformat() == state.answers["occurred_at"]["date"]


@pytest.mark.parametrize("said", ["not sure", "I don't know", "dunno", "unkown", "n/a"])
def test_not_knowing_a_required_answer_says_why_and_what_to_do(said: str) -> None:
    ctx = _ctx()
    state, _ = start(FLOW, ctx)
    state, reply = step(FLOW, state, said, ctx)
    assert reply.kind == "invalid" and state.current == "employee"
    assert "I need this one" in reply.text and "flag it for HR" in reply.text


@pytest.mark.parametrize("key", ["hired_on", "born_on", "witnesses"])
def test_not_knowing_is_a_skip_for_every_surface(key: str) -> None:
    """The modal reads its fields with the same parser as the chat."""
    from rtwbot.intake.answers import parse_answer
    from rtwbot.intake.question import question_by_key

    result = parse_answer(question_by_key(FLOW, key), "not sure tbh", _ctx(), {})
    assert result.value is None and result.display == "Not given"
