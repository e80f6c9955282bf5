"""Property-based tests: whatever a person types or clicks, the intake engine answers kindly.

Every answer type and every position gets arbitrary text (control characters, huge strings,
steering words, Slack markup): the result is an accepted value or an ``invalid`` reply whose
message is one sentence — never an exception.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtwbot.intake import (
    INJURY_REPORT,
    Action,
    IntakeContext,
    IntakeState,
    Invalid,
    Ok,
    start,
    step,
)
from rtwbot.intake.answers import parse_answer

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)
FLOW = INJURY_REPORT
KEYS = [q.key for q in FLOW]
KINDS = {
    "question",
    "invalid",
    "summary",
    "confirm_cancel",
    "cancelled",
    "confirmed",
    "already_done",
    "info",
}
SPECIAL = {"summary", "confirm_cancel", "done", "cancelled"}
USERS = {
    "U123ABC": {
        "id": "U123ABC",
        "name": "jdoe",
        "real_name": "Jane <Doe>",
        "deleted": False,
        "is_bot": False,
    },
    "U0GONE1": {
        "id": "U0GONE1",
        "name": "old",
        "real_name": "Old",
        "deleted": True,
        "is_bot": False,
    },
}
SCRIPT = [
    "<@U123ABC>", "parks", "Gardener", "injury", "yes", "no", "yesterday 3pm", "same time",
    "Riverdale Park", "Slipped on wet leaves", "slip and fall", "left wrist and lower back", "yes", "no", "nope", "2", "Sam Lee", "2015-06-01", "skip",
    "37.5",
]  # fmt: skip
INTERESTING = [
    "back", "go back", "undo", "skip", "cancel", "help", "where was I", "change date",
    "change body parts", "edit", "change", "confirm", "yes", "no", "not sure", "same time",
    "<!channel>", "<!here|here>", "<@U123ABC>", "<@U0GONE1>", "<@UNKNOWN1>", "&lt;b&gt;", "&amp;",
    "1", "0", "99", "-1", "1e309", "nan", "inf", "37,5", "1,000", "2026-02-30", "2026-11-20 25:61",
    "9999-12-31", "0001-01-01", "yesterday at 99", "at 0", "Jane Doe", "Jane Doe, 12345", "#", ",",
    " and ", "left", "both", "other:", "\x00", "\u202e", "\ufeff", "\n\n\n", "🙂", "ｙｅｓ", "１２",
    "Ⅻ", "٣", "\ud7ff", "a" * 5000, "<" * 300, "1" * 40, "change " + "x" * 200,
]  # fmt: skip

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

texts = st.one_of(
    st.text(),  # any unicode, control characters included
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x7F)),
    st.sampled_from(INTERESTING),
    st.builds(lambda a, b: a + b, st.sampled_from(INTERESTING), st.text(max_size=30)),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=20), st.integers(50, 2000)),  # huge
)


def make_ctx() -> IntakeContext:
    return IntakeContext(
        now=NOW,
        tz=TORONTO,
        divisions=("Parks", "Water", "Transportation Services"),
        resolve_user=USERS.get,
        job_titles_for=lambda answers: ("Gardener", "Labourer"),
    )


def one_sentence(message: str | None) -> bool:
    if not message or len(message) > 300 or "\n" in message:
        return False
    unquoted = re.sub(r'"[^"]*"', '""', message)
    return message[-1] in ".?!" and re.search(r"[.!?]\s+\S", unquoted[:-1]) is None


def _positions() -> dict[str, IntakeState]:
    ctx = make_ctx()
    states: dict[str, IntakeState] = {}
    state, _ = start(FLOW, ctx)
    for message in SCRIPT:
        states[state.current] = state
        state, _ = step(FLOW, state, message, ctx)
    states["summary"] = state
    states["editing"], _ = step(FLOW, state, "change date", ctx)
    states["confirm_cancel"], _ = step(FLOW, states["location"], "cancel", ctx)
    states["done"], _ = step(FLOW, state, "confirm", ctx)
    states["cancelled"], _ = step(FLOW, states["confirm_cancel"], "yes", ctx)
    assert set(KEYS) <= set(states)
    return states


STATES = _positions()


def _without_pending(state: IntakeState) -> dict:
    data = state.to_dict()
    for key in ("pending", "version", "updated_at"):
        data.pop(key)
    return data


def check_invariants(before: IntakeState, after: IntakeState, reply) -> None:
    assert reply.kind in KINDS
    assert isinstance(reply.text, str) and reply.text.strip()
    # user text is always escaped: nothing in a reply can become a mention or a link
    assert "<" not in reply.text and ">" not in reply.text
    assert all("<" not in display and ">" not in display for _, _, display in reply.summary)
    if reply.kind == "invalid":
        assert one_sentence(reply.error), reply.error
        # nothing changes but what a "yes" or a "don't know" to this refusal would take
        assert _without_pending(after) == _without_pending(before)
    assert after.version >= before.version
    assert reply.version == after.version
    # the state is consistent and survives the database
    assert after.current in SPECIAL or after.current in KEYS
    by_key = {q.key: q for q in FLOW}
    if after.current in by_key:
        assert by_key[after.current].applies(after.answers)
    for key in after.answers:
        assert by_key[key].applies(after.answers)
    assert set(after.history) <= set(after.answers)
    if after.current == "summary":
        assert all(q.key in after.answers for q in FLOW if q.applies(after.answers))
    restored = IntakeState.from_dict(json.loads(json.dumps(after.to_dict())))
    assert restored == after


@pytest.mark.parametrize("position", sorted(STATES))
@SETTINGS
@given(text=texts)
def test_any_text_at_any_position(position, text):
    state = STATES[position]
    after, reply = step(FLOW, state, text, make_ctx())
    check_invariants(state, after, reply)
    if position in KEYS and after.answers.get(position) != state.answers.get(position):
        assert reply.kind in ("question", "summary")
        json.dumps(after.answers[position])
        assert isinstance(after.displays[position], str)


@pytest.mark.parametrize("key", KEYS)
@SETTINGS
@given(text=texts)
def test_every_parser_returns_a_value_or_one_sentence(key, text):
    question = next(q for q in FLOW if q.key == key)
    answers = dict(STATES["summary"].answers)
    answers.pop(key, None)
    for from_action in (False, True):
        result = parse_answer(question, text, make_ctx(), answers, from_action=from_action)
        assert isinstance(result, (Ok, Invalid))
        if isinstance(result, Invalid):
            assert one_sentence(result.message), result.message
        else:
            json.dumps(result.value)
            assert isinstance(result.display, str) and result.display


actions = st.builds(
    Action,
    kind=st.one_of(
        st.sampled_from(
            [
                "answer",
                "edit",
                "confirm",
                "cancel",
                "cancel_confirm",
                "cancel_abort",
                "back",
                "skip",
            ]
        ),
        st.text(max_size=10),
    ),
    value=st.one_of(
        st.none(),
        texts,
        st.sampled_from(KEYS),
        st.lists(st.text(max_size=20), max_size=5),
        st.integers(),
    ),
    question=st.one_of(st.none(), st.sampled_from(KEYS)),
    version=st.one_of(st.none(), st.integers(-5, 50)),
)


@pytest.mark.parametrize("position", sorted(STATES))
@SETTINGS
@given(action=actions)
def test_any_click_at_any_position(position, action):
    state = STATES[position]
    after, reply = step(FLOW, state, action, make_ctx())
    check_invariants(state, after, reply)


moves = st.one_of(
    st.sampled_from(SCRIPT),
    st.sampled_from(INTERESTING[:22]),
    texts,
    actions,
)


@SETTINGS
@given(inputs=st.lists(moves, max_size=40))
def test_random_conversations_keep_the_state_consistent(inputs):
    ctx = make_ctx()
    state, reply = start(FLOW, ctx)
    filed = 0
    for item in inputs:
        after, reply = step(FLOW, state, item, ctx)
        check_invariants(state, after, reply)
        filed += reply.kind == "confirmed"
        state = after
    assert filed <= 1
