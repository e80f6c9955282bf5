"""The understanding layer against a labelled corpus of what people type (tests/corpus/):
supervisors' first messages, answers to every question, employees' questions — with typos,
slang, emoji and texting style. The goals: every message that names an injury starts a
report or asks "Do you want to report an injury?" (never "didn't catch that"); a critical
one asks the critical question first; false starts on small talk at most 2%; every answer
labelled is taken, skipped or refused as a person would expect."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.intake import INJURY_REPORT, IntakeContext, start, step
from rtwbot.slack.listeners.messages import ASKS
from rtwbot.understanding import understand
from rtwbot.understanding.front_door import ASK, HELP, REPORT, SMALL_TALK
from tests.corpus import PLAIN as BASE
from tests.corpus import answers, first_messages

INJURY = ("injury", "report", "critical")
MESSAGES = first_messages()


def test_the_corpus_is_large_and_varied() -> None:
    labels = [label for label, _ in MESSAGES]
    assert len(MESSAGES) + len(answers()) >= 300
    assert labels.count("injury") >= 150 and labels.count("small") >= 100
    assert len(first_messages(holdout=True)) >= 60


@pytest.mark.parametrize("message", sorted({m for label, m in MESSAGES if label in INJURY}))
def test_a_message_naming_an_injury_starts_a_report_or_asks(message: str) -> None:
    first = understand(message, asks=ASKS).intent
    assert first in (REPORT, ASK), first  # never "didn't catch that", never small talk


@pytest.mark.parametrize("message", sorted(m for label, m in MESSAGES if label == "critical"))
def test_a_possible_critical_injury_asks_the_critical_question_first(message: str) -> None:
    meant = understand(message, asks=ASKS)
    assert meant.intent == REPORT and meant.critical


def test_false_starts_on_small_talk_are_at_most_two_percent() -> None:
    small = [m for label, m in MESSAGES if label == "small"]
    started = [m for m in small if understand(m, asks=ASKS).intent == REPORT]
    asked = [m for m in small if understand(m, asks=ASKS).intent == ASK]
    assert len(started) <= 0.02 * len(small), started
    assert len(asked) <= 0.05 * len(small), asked


def test_a_report_request_starts_one() -> None:
    for label, message in MESSAGES:
        if label == "report":
            assert understand(message, asks=ASKS).intent == REPORT, message


@pytest.mark.parametrize(("label", "intent"), [
    ("status", "status"), ("help", HELP), ("greeting", HELP), ("thanks", SMALL_TALK)])
def test_other_intents_are_routed_to_their_answers(label: str, intent: str) -> None:
    for message in (m for lab, m in MESSAGES if lab == label):
        assert understand(message, asks=ASKS).intent == intent, message


def test_an_employee_s_question_is_never_a_report() -> None:
    for message in (m for label, m in MESSAGES if label == "employee"):
        assert understand(message, asks=ASKS).intent not in (REPORT, ASK), message


# --------------------------------------------------------------------------- answers

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)


def _ctx() -> IntakeContext:
    return IntakeContext(
        now=NOW, tz=TORONTO, divisions=("Parks and Recreation", "Transportation Services"),
        resolve_user=lambda uid: {"id": uid, "real_name": "Erin Employee"},
        job_titles_for=lambda _answers: ("Gardener", "Arborist", "Labourer"))


def _at(key: str):
    ctx = _ctx()
    state, reply = start(INJURY_REPORT, ctx)
    while state.current != key:
        assert reply.kind in ("question", "info"), reply.text
        state, reply = step(INJURY_REPORT, state, BASE[state.current], ctx)
    return state, ctx


ANSWERS = answers()


@pytest.mark.parametrize(("key", "expected", "text"), ANSWERS,
                         ids=[f"{k}:{t}" for k, _, t in ANSWERS])
def test_each_answer_is_taken_skipped_or_refused_as_labelled(key, expected, text) -> None:
    state, ctx = _at(key)
    after, reply = step(INJURY_REPORT, state, text, ctx)
    if expected == "confirm":
        assert reply.kind == "confirmed", reply.text
    elif expected == "ask":
        assert reply.kind == "invalid" and "Did you mean" in reply.text, reply.text
        after, reply = step(INJURY_REPORT, after, "yes", ctx)
        assert after.answers[key], reply.text
    elif expected == "refuse":
        assert reply.kind == "invalid" and key not in after.answers, reply.text
        assert "didn't catch" not in reply.text
    else:
        assert key in after.answers and reply.kind != "invalid", reply.text
        assert (after.answers[key] is None) == (expected == "skip"), after.answers[key]
