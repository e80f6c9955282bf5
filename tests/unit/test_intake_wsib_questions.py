"""Issue 21: the report asks the WSIB Form 7's type of accident (a checklist, typed or
picked) and, after a "yes" to the critical question, whether it was a death; body parts are
the Form 7's own list, with sides."""

from __future__ import annotations

from tests.unit.test_intake_engine import FLOW, WORK_SCRIPT, make_ctx, run, step, walk_to


def test_the_type_of_accident_is_asked_after_what_happened_and_kept_as_the_form_s_keys() -> None:
    state, reply = walk_to("accident_type")
    assert reply.question.key == "accident_type" and reply.input_hint == "multi"
    assert ("slip_trip", "Slip/trip") in reply.choices and len(reply.choices) == 14
    state, reply = step(FLOW, state, "slipped and fell, then strained lifting", make_ctx())
    assert [i["part"] for i in state.answers["accident_type"]] == [
        "slip_trip", "fall", "overexertion"]
    assert reply.question.key == "body_parts"


def test_fatality_as_a_type_needs_a_death_on_the_critical_question() -> None:
    state, _ = walk_to("accident_type")
    state, reply = step(FLOW, state, "fatality", make_ctx())
    assert reply.kind == "invalid" and "change critical injury" in reply.error
    assert "accident_type" not in state.answers


def test_a_yes_to_the_critical_question_asks_whether_it_was_a_death() -> None:
    script = list(WORK_SCRIPT)
    script[4:5] = ["yes", "yes, a death"]
    state, reply = run(script[:6])
    assert state.answers["critical_injury"] == "yes" and state.answers["died"] == "yes"
    state, _ = run(script)
    assert state.current == "summary"
    state, reply = run(["change critical injury", "no"], state)
    assert "died" not in state.answers  # no longer asked, no longer kept


def test_new_body_parts_of_the_form_with_sides() -> None:
    state, _ = walk_to("body_parts")
    state, _ = step(FLOW, state, "left eye, jaw, stomach and right big toe", make_ctx())
    assert [(i["part"], i["side"]) for i in state.answers["body_parts"]] == [
        ("eye", "left"), ("face", None), ("abdomen", None), ("toes", "right")]
