"""The intake conversation end to end through the pure engine (no Slack, no SQL)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.intake import (
    INJURY_REPORT,
    WSIB_ONLY,
    Action,
    IntakeContext,
    IntakeState,
    start,
    step,
)

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)
USERS = {
    "U123ABC": {
        "id": "U123ABC",
        "name": "jdoe",
        "real_name": "Jane Doe",
        "deleted": False,
        "is_bot": False,
    },
}
FLOW = INJURY_REPORT

WORK_SCRIPT = [
    "<@U123ABC>",
    "parks",
    "Gardener",
    "injury",
    "no",  # critical injury or death? (OHSA s.51)
    "yesterday 3pm",
    "same time",
    "Riverdale Park, north gate",
    "Slipped on wet leaves and fell onto the left wrist",
    "slip and fall",  # the type of accident (Form 7, C.4)
    "left wrist and lower back",
    "yes",
    "no",
    "nope",
    "2",
    "Sam Lee",
    "2015-06-01",
    "skip",
    "37.5",
]
NON_OCC_SCRIPT = [
    "Jane Doe, 12345",
    "Water",
    "Operator",
    "not work related",
    "no",  # critical injury or death? Asked for every case (OHSA s.51: "from any cause")
    "last Friday",
    "Nov 23 9am",
    "Home",
    # no cause and no body parts: the Human Rights Code asks for functional needs only
    "yes",
    "40 hours",
]


def make_ctx(**kwargs) -> IntakeContext:
    kwargs.setdefault("resolve_user", USERS.get)
    kwargs.setdefault("divisions", ("Parks", "Water", "Transportation Services"))
    kwargs.setdefault("job_titles_for", lambda answers: ("Gardener", "Labourer"))
    return IntakeContext(now=NOW, tz=TORONTO, **kwargs)


def run(messages, state=None, ctx=None):
    ctx = ctx or make_ctx()
    if state is None:
        state, reply = start(FLOW, ctx)
    else:
        reply = None
    for message in messages:
        state, reply = step(FLOW, state, message, ctx)
    return state, reply


def walk_to(key: str, script=WORK_SCRIPT):
    """State and reply at the moment question ``key`` is asked."""
    ctx = make_ctx()
    state, reply = start(FLOW, ctx)
    for message in script:
        if state.current == key:
            return state, reply
        state, reply = step(FLOW, state, message, ctx)
    assert state.current == key
    return state, reply


# --------------------------------------------------------------------------- whole reports


def test_start_asks_the_first_question():
    state, reply = start(FLOW, make_ctx())
    assert reply.kind == "question"
    assert reply.question.key == "employee" and state.current == "employee"
    assert reply.input_hint == "person"
    assert reply.progress == (1, 19)
    assert "help" in reply.text
    assert state.started_at == state.updated_at == NOW.isoformat()


def test_walk_a_full_work_related_report():
    ctx = make_ctx()
    state, reply = start(FLOW, ctx)
    asked = [reply.question.key]
    for message in WORK_SCRIPT:
        state, reply = step(FLOW, state, message, ctx)
        assert reply.kind in ("question", "summary"), reply.text
        if reply.question:
            asked.append(reply.question.key)
    asked_of_everyone = [q.key for q in FLOW if q.key != "died"]  # "died": after a "yes"
    assert asked == asked_of_everyone
    assert reply.kind == "summary" and state.current == "summary"
    assert [row[0] for row in reply.summary] == asked_of_everyone
    assert state.answers["employee"] == {
        "slack_user_id": "U123ABC",
        "name": "Jane Doe",
        "employee_number": None,
    }
    assert state.answers["division"] == "Parks"
    assert state.answers["case_kind"] == "work_injury"
    assert state.answers["occurred_at"] == {
        "date": "2026-11-24",
        "time_known": True,
        "datetime": "2026-11-24T15:00:00-05:00",
    }
    assert state.answers["learned_at"] == state.answers["occurred_at"]
    assert state.answers["body_parts"][0] == {"part": "wrist", "side": "left", "detail": None}
    assert state.answers["health_care"] == "yes"
    assert state.answers["absent"] == "no"
    assert state.answers["lower_pay"] == "no"
    assert state.answers["modified_work"] == "regular_pay"
    assert state.answers["witnesses"] == "Sam Lee"
    assert state.answers["hours_per_week"] == 37.5
    assert ("confirm", "Confirm and file") in reply.choices
    json.dumps(state.to_dict())

    state, reply = step(FLOW, state, Action("confirm", version=reply.version), ctx)
    assert reply.kind == "confirmed" and state.current == "done"


def test_non_occupational_report_skips_the_wsib_questions():
    ctx = make_ctx()
    state, reply = start(FLOW, ctx)
    asked = []
    for message in NON_OCC_SCRIPT:
        state, reply = step(FLOW, state, message, ctx)
        if reply.question:
            asked.append(reply.question.key)
    assert reply.kind == "summary"
    assert not set(WSIB_ONLY) & set(asked)
    assert not set(WSIB_ONLY) & set(state.answers)
    assert "critical_injury" in asked
    assert not {"description", "body_parts"} & (set(asked) | set(state.answers))
    assert len(reply.summary) == 10
    assert state.answers["employee"] == {
        "slack_user_id": None,
        "name": "Jane Doe",
        "employee_number": "12345",
    }
    assert state.answers["occurred_at"]["time_known"] is False


def test_progress_total_shrinks_for_a_non_occupational_case():
    state, reply = walk_to("occurred_at", NON_OCC_SCRIPT)
    assert reply.progress == (6, 10)


# --------------------------------------------------------------------------- invalid answers


def test_wrong_date_then_right_one():
    ctx = make_ctx()
    state, asked = walk_to("occurred_at")
    state2, reply = step(FLOW, state, "the day of the thing", ctx)
    assert reply.kind == "invalid"
    assert reply.error.startswith("I couldn't read that as a date")
    assert reply.text.startswith(reply.error)
    assert asked.question.prompt in reply.text
    assert reply.question.key == "occurred_at" and reply.input_hint == "date"
    assert state2.to_dict() == state.to_dict()  # nothing changed, not even the version
    state3, reply = step(FLOW, state2, "yesterday 3pm", ctx)
    assert reply.kind == "question" and reply.question.key == "learned_at"
    assert state3.version == state.version + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 3pm", "2026-11-24T15:00:00-05:00"),
        ("Nov 3", "2026-11-03"),
        ("last Friday", "2026-11-20"),
        ("2026-11-20 14:30", "2026-11-20T14:30:00-05:00"),
    ],
)
def test_dates_in_toronto_relative_to_an_injected_now(text, expected):
    state, _ = walk_to("occurred_at")
    state, reply = step(FLOW, state, text, make_ctx())
    value = state.answers["occurred_at"]
    assert (value["datetime"] or value["date"]) == expected


def test_date_picker_value_is_accepted():
    state, _ = walk_to("occurred_at")
    state, reply = step(
        FLOW, state, Action("answer", "2026-11-20", question="occurred_at"), make_ctx()
    )
    assert state.answers["occurred_at"] == {
        "date": "2026-11-20",
        "time_known": False,
        "datetime": None,
    }


def test_future_is_refused():
    state, _ = walk_to("occurred_at")
    state, reply = step(FLOW, state, "tomorrow 9am", make_ctx())
    assert reply.kind == "invalid" and "future" in reply.error
    assert state.current == "occurred_at"


def test_learned_at_before_occurred_at_is_refused():
    state, _ = walk_to("learned_at")
    state, reply = step(FLOW, state, "2 days ago", make_ctx())
    assert reply.kind == "invalid" and "before it happened" in reply.error
    state, reply = step(FLOW, state, "today 8am", make_ctx())
    assert reply.question.key == "location"
    assert state.answers["learned_at"]["datetime"] == "2026-11-25T08:00:00-05:00"


def test_learned_at_same_time_button():
    state, reply = walk_to("learned_at")
    assert ("same_time", "At the same time") in reply.choices
    state, reply = step(
        FLOW, state, Action("answer", "same_time", question="learned_at"), make_ctx()
    )
    assert state.answers["learned_at"] == state.answers["occurred_at"]


def test_bare_back_on_body_parts_asks_which_back():
    state, _ = walk_to("body_parts")
    state, reply = step(FLOW, state, "back", make_ctx())
    assert reply.kind == "invalid" and "lower back" in reply.error
    state, reply = step(FLOW, state, "go back", make_ctx())
    assert state.current == "accident_type"


# --------------------------------------------------------------------------- steering


@pytest.mark.parametrize("word", ["back", "Go back", "undo", "BACK!", "please go back"])
def test_back_redoes_the_previous_answer(word):
    state, _ = walk_to("location")
    state, reply = step(FLOW, state, word, make_ctx())
    assert reply.kind == "question" and reply.question.key == "learned_at"
    assert "learned_at" not in state.answers
    assert "You had answered: Tuesday, November 24, 2026, 3:00 PM" in reply.text
    state, reply = step(FLOW, state, "today 9am", make_ctx())
    assert reply.question.key == "location"
    assert state.answers["learned_at"]["datetime"] == "2026-11-25T09:00:00-05:00"


def test_back_twice_walks_forward_again():
    state, _ = walk_to("location")
    state, _ = run(["back", "back"], state)
    assert state.current == "occurred_at"
    state, reply = run(["Nov 20 8am"], state)
    assert reply.question.key == "learned_at"


def test_back_on_the_first_question():
    state, reply = start(FLOW, make_ctx())
    state2, reply = step(FLOW, state, "back", make_ctx())
    assert reply.kind == "info" and "first question" in reply.text
    assert reply.question.key == "employee"
    assert state2.version == state.version


def test_back_from_the_summary_redoes_the_last_answer():
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "back", make_ctx())
    assert reply.question.key == "hours_per_week"
    state, reply = step(FLOW, state, "40", make_ctx())
    assert reply.kind == "summary" and state.answers["hours_per_week"] == 40


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("change date", "occurred_at"),
        ("change when it happened", "occurred_at"),
        ("edit the date", "occurred_at"),
        ("change body parts", "body_parts"),
        ("Change body part", "body_parts"),
        ("edit witnesses", "witnesses"),
        ("change when I learned of it", "learned_at"),
        ("fix the location", "location"),
        ("change hours", "hours_per_week"),
        ("change the employee", "employee"),
        ("change type of case", "case_kind"),
    ],
)
def test_change_a_field_named_in_words_returns_to_the_summary(words, key):
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, words, make_ctx())
    assert reply.kind == "question" and reply.question.key == key, reply.text
    assert state.editing is True
    assert "Your answer was:" in reply.text


def test_change_then_answer_goes_back_to_the_summary():
    ctx = make_ctx()
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "change body parts", ctx)
    state, reply = step(FLOW, state, "right knee", ctx)
    assert reply.kind == "summary" and state.editing is False
    assert state.answers["body_parts"] == [{"part": "knee", "side": "right", "detail": None}]
    assert ("body_parts", "Body parts", "Knee (right)") in reply.summary


def test_edit_button_from_the_summary():
    ctx = make_ctx()
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, Action("edit", "hours_per_week"), ctx)
    assert reply.question.key == "hours_per_week"
    state, reply = step(FLOW, state, Action("answer", "40", question="hours_per_week"), ctx)
    assert reply.kind == "summary" and state.answers["hours_per_week"] == 40


def test_back_while_editing_leaves_the_answer_alone():
    ctx = make_ctx()
    state, summary = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "change date", ctx)
    state, reply = step(FLOW, state, "back", ctx)
    assert reply.kind == "summary"
    assert reply.summary == summary.summary


def test_change_mid_flow_returns_to_where_we_were():
    ctx = make_ctx()
    state, _ = walk_to("body_parts")
    state, reply = step(FLOW, state, "change location", ctx)
    assert reply.question.key == "location"
    state, reply = step(FLOW, state, "Riverdale Park, south gate", ctx)
    assert reply.question.key == "body_parts"
    assert "back to where we were" in reply.text


def test_change_something_not_asked_yet_or_unknown():
    ctx = make_ctx()
    state, _ = walk_to("body_parts")
    _, reply = step(FLOW, state, "change hours", ctx)
    assert reply.kind == "invalid" and "haven't got to" in reply.error
    _, reply = step(FLOW, state, "change the weather", ctx)
    assert reply.kind == "invalid" and "change date" in reply.error


def test_change_words_in_a_free_text_answer_are_just_the_answer():
    state, _ = walk_to("description")
    state, reply = step(FLOW, state, "change of shift, tripped over a hose", make_ctx())
    assert state.answers["description"] == "change of shift, tripped over a hose"
    assert reply.question.key == "accident_type"


def test_changing_occurred_at_re_asks_a_learned_at_that_no_longer_fits():
    ctx = make_ctx()
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "change date", ctx)
    state, reply = step(FLOW, state, "today 9am", ctx)  # later than the old "same time"
    assert reply.question.key == "learned_at"
    assert "learned_at" not in state.answers
    state, reply = step(FLOW, state, "same time", ctx)
    assert reply.kind == "summary"
    assert state.answers["learned_at"]["datetime"] == "2026-11-25T09:00:00-05:00"


def test_changing_case_kind_asks_the_questions_that_become_needed():
    ctx = make_ctx()
    state, reply = run(NON_OCC_SCRIPT)
    assert reply.kind == "summary"
    state, reply = step(FLOW, state, "change type of case", ctx)
    state, reply = step(FLOW, state, "work-related illness", ctx)
    asked = []
    while reply.kind == "question":
        asked.append(reply.question.key)
        answer = {"critical_injury": "no", "accident_type": "other", "health_care": "no",
                  "lower_pay": "no",
                  "modified_work": "1", "witnesses": "skip", "hired_on": "skip",
                  "born_on": "skip", "description": "Fell from the loader",
                  "body_parts": "knee"}
        state, reply = step(FLOW, state, answer[reply.question.key], ctx)
    assert asked == ["description", "accident_type", "body_parts", "health_care", "lower_pay",
                     "modified_work", "witnesses", "hired_on", "born_on"]
    assert reply.kind == "summary" and len(reply.summary) == 19


def test_changing_case_kind_drops_answers_that_no_longer_apply():
    ctx = make_ctx()
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, Action("edit", "case_kind"), ctx)
    state, reply = step(
        FLOW, state, Action("answer", "non_occupational", question="case_kind"), ctx
    )
    assert reply.kind == "summary"
    assert not set(WSIB_ONLY) & set(state.answers)
    assert not set(WSIB_ONLY) & {row[0] for row in reply.summary}


def test_skip_an_optional_question():
    state, _ = walk_to("witnesses")
    state, reply = step(FLOW, state, "skip", make_ctx())
    assert reply.question.key == "hired_on"  # the next question
    assert state.answers["witnesses"] is None and state.displays["witnesses"] == "Not given"


def test_skip_a_required_question_says_why():
    state, _ = walk_to("occurred_at")
    state2, reply = step(FLOW, state, "skip", make_ctx())
    assert reply.kind == "invalid"
    assert reply.error.startswith("I need this one to file the report")
    assert "WSIB" in reply.error
    assert reply.question.key == "occurred_at"
    assert state2.to_dict() == state.to_dict()


def test_cancel_asks_then_cancels():
    ctx = make_ctx()
    state, _ = walk_to("location")
    state, reply = step(FLOW, state, "cancel", ctx)
    assert reply.kind == "confirm_cancel" and state.current == "confirm_cancel"
    assert [c[0] for c in reply.choices] == ["cancel_confirm", "cancel_abort"]
    assert state.answers  # nothing thrown away yet
    state2, reply = step(FLOW, state, "what?", ctx)
    assert reply.kind == "invalid" and state2.current == "confirm_cancel"
    state, reply = step(FLOW, state2, "yes", ctx)
    assert reply.kind == "cancelled" and state.current == "cancelled"
    assert state.answers == {}
    _, reply = step(FLOW, state, "hello?", ctx)
    assert reply.kind == "info"


def test_cancel_aborted_resumes_the_same_question():
    ctx = make_ctx()
    state, before = walk_to("location")
    state, reply = step(FLOW, state, "stop", ctx)
    state, reply = step(FLOW, state, "no", ctx)
    assert reply.kind == "question" and reply.question.key == "location"
    state, reply = step(FLOW, state, Action("cancel"), ctx)
    state, reply = step(FLOW, state, Action("cancel_abort"), ctx)
    assert reply.question.key == "location"
    state, reply = step(FLOW, state, Action("cancel"), ctx)
    state, reply = step(FLOW, state, Action("cancel_confirm"), ctx)
    assert reply.kind == "cancelled"


def test_cancel_from_the_summary_and_back():
    ctx = make_ctx()
    state, summary = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "cancel", ctx)
    state, reply = step(FLOW, state, "no, keep going", ctx)
    assert reply.kind == "summary" and reply.summary == summary.summary


def test_typo_of_cancel_still_asks():
    state, _ = walk_to("occurred_at")
    state, reply = step(FLOW, state, "cancle", make_ctx())
    assert reply.kind == "confirm_cancel"


def test_help_lists_the_steering_words_and_repeats_the_question():
    state, asked = walk_to("absent")
    state2, reply = step(FLOW, state, "help", make_ctx())
    assert reply.kind == "info"
    for word in ('"back"', '"skip"', '"change', '"where was I"', '"cancel"'):
        assert word in reply.text
    assert reply.text.endswith(asked.question.prompt)
    assert reply.question.key == "absent" and reply.choices == asked.choices
    assert state2.version == state.version
    _, reply = step(FLOW, state, "?", make_ctx())
    assert reply.kind == "info" and '"skip"' in reply.text


def test_where_was_i():
    state, asked = walk_to("occurred_at")
    _, reply = step(FLOW, state, "where was I?", make_ctx())
    assert reply.kind == "info"
    assert "Question 6 of 19" in reply.text
    assert asked.question.prompt in reply.text
    state, _ = run(WORK_SCRIPT)
    _, reply = step(FLOW, state, "where am i", make_ctx())
    assert reply.kind == "info" and reply.summary


# --------------------------------------------------------------------------- confirm


def test_confirm_twice_files_once():
    ctx = make_ctx()
    state, summary = run(WORK_SCRIPT)
    confirm = Action("confirm", version=summary.version)
    state, first = step(FLOW, state, confirm, ctx)
    state, second = step(FLOW, state, confirm, ctx)
    assert first.kind == "confirmed"
    assert second.kind == "already_done"
    _, third = step(FLOW, state, "confirm", ctx)
    assert third.kind == "already_done"


def test_confirm_by_typing():
    state, _ = run(WORK_SCRIPT)
    state, reply = step(FLOW, state, "Looks good!", make_ctx())
    assert reply.kind == "confirmed" and state.current == "done"


def test_unknown_text_at_the_summary():
    state, _ = run(WORK_SCRIPT)
    _, reply = step(FLOW, state, "hmm", make_ctx())
    assert reply.kind == "invalid" and '"confirm"' in reply.error and reply.summary


def test_confirm_from_an_out_of_date_summary_shows_the_latest():
    ctx = make_ctx()
    state, old_summary = run(WORK_SCRIPT)
    state, _ = run(["change hours", "40"], state, ctx)
    state, reply = step(FLOW, state, Action("confirm", version=old_summary.version), ctx)
    assert reply.kind == "summary" and state.current == "summary"
    state, reply = step(FLOW, state, Action("confirm", version=reply.version), ctx)
    assert reply.kind == "confirmed"


def test_confirm_before_the_end_is_not_possible():
    state, _ = walk_to("absent")
    state, reply = step(FLOW, state, Action("confirm"), make_ctx())
    assert reply.kind == "info" and reply.question.key == "absent"


def test_stale_answer_button_is_ignored():
    state, _ = walk_to("absent")
    state2, reply = step(FLOW, state, Action("answer", "yes", question="health_care"), make_ctx())
    assert reply.kind == "info" and "earlier" in reply.text
    assert state2.to_dict() == state.to_dict()
    state3, reply = step(FLOW, state, Action("answer", "yes", question="absent"), make_ctx())
    assert state3.answers["absent"] == "yes"


# --------------------------------------------------------------------------- safety and persistence


def test_user_text_is_escaped_in_replies():
    ctx = make_ctx()
    state, _ = walk_to("location")
    state, reply = step(FLOW, state, "<!channel> by the <@U999> desk & door", ctx)
    assert state.answers["location"] == "<!channel> by the <@U999> desk & door"
    state, reply = step(FLOW, state, "back", ctx)
    assert "&lt;!channel&gt; by the &lt;@U999&gt; desk &amp; door" in reply.text
    assert "<!channel>" not in reply.text and "<@U999>" not in reply.text
    state, summary = run(["<!channel>", *WORK_SCRIPT[7:]], state, ctx)
    row = dict((k, d) for k, _, d in summary.summary)["location"]
    assert row == "&lt;!channel&gt;"


def test_slack_escaped_message_text_is_unescaped_once():
    state, _ = walk_to("location")
    state, _ = step(FLOW, state, "Yard &amp; garage &lt;B&gt;", make_ctx())
    assert state.answers["location"] == "Yard & garage <B>"


def test_state_survives_json_mid_flow_and_continues_identically():
    ctx = make_ctx()
    state, _ = walk_to("body_parts")
    state, _ = step(FLOW, state, "change date", ctx)  # mid-edit, so the flags matter too
    stored = json.dumps(state.to_dict())
    restored = IntakeState.from_dict(json.loads(stored))
    assert restored == state
    rest = [
        "Nov 20 14:30",
        "same time",
        *WORK_SCRIPT[8:],
        "change body parts",
        "go back",
        "cancel",
        "no",
    ]
    a, b = state, restored
    for message in rest:
        a, reply_a = step(FLOW, a, message, ctx)
        b, reply_b = step(FLOW, b, message, ctx)
        assert reply_a == reply_b
        assert a.to_dict() == b.to_dict()
        b = IntakeState.from_dict(json.loads(json.dumps(b.to_dict())))
    assert reply_a.kind == "summary"


def test_step_does_not_modify_the_given_state():
    state, _ = walk_to("location")
    before = state.to_dict()
    step(FLOW, state, "Riverdale Park", make_ctx())
    step(FLOW, state, "cancel", make_ctx())
    assert state.to_dict() == before


def test_version_bumps_on_every_change_only():
    ctx = make_ctx()
    state, reply = start(FLOW, ctx)
    assert state.version == reply.version == 1
    state, reply = step(FLOW, state, "<@U123ABC>", ctx)
    assert state.version == reply.version == 2
    state, reply = step(FLOW, state, "where was i", ctx)
    assert state.version == 2
    later = IntakeContext(now=datetime(2026, 11, 25, 11, 0, tzinfo=TORONTO), tz=TORONTO)
    state, reply = step(FLOW, state, "Parks", later)
    assert state.version == 3 and state.updated_at == "2026-11-25T11:00:00-05:00"


def test_a_stored_state_from_an_older_flow_is_repaired():
    ctx = make_ctx()
    state, _ = walk_to("location")
    data = state.to_dict()
    data["current"] = "a_question_that_was_removed"
    state, reply = step(FLOW, IntakeState.from_dict(data), "help", ctx)
    assert reply.question.key == "location"
    with pytest.raises(TypeError):
        IntakeState.from_dict("nope")  # type: ignore[arg-type]


def test_job_title_suggestions_and_division_buttons():
    state, reply = walk_to("division")
    assert ("Parks", "Parks") in reply.choices and reply.input_hint == "choice"
    # not in the list: refused with the list (a division not on it has no HR contact)
    state, reply = step(FLOW, state, "Libraries", make_ctx())
    assert "division" not in state.answers and reply.kind == "invalid"
    assert '"Libraries" isn\'t one of them — please pick one of: Parks, Water' in reply.text
    state, reply = step(FLOW, state, "Water", make_ctx())
    assert reply.question.key == "job_title"
    assert reply.choices == [("Gardener", "Gardener"), ("Labourer", "Labourer")]
    state, reply = step(FLOW, state, Action("answer", "Labourer", question="job_title"), make_ctx())
    assert state.answers["job_title"] == "Labourer"


def test_yes_no_questions_offer_buttons():
    _, reply = walk_to("health_care")
    assert reply.input_hint == "yes_no"
    assert reply.choices == [("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")]
