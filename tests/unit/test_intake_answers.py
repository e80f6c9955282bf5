"""The lenient parsers and strict validators behind each intake answer type."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rtwbot.intake.answers import parse_answer
from rtwbot.intake.choice_answer import parse_choice, parse_yes_no_unknown
from rtwbot.intake.context import IntakeContext, Invalid, Ok
from rtwbot.intake.moment_answer import display_moment, is_before, moment, parse_date_time
from rtwbot.intake.multi_choice_answer import parse_multi_choice
from rtwbot.intake.number_answer import parse_number
from rtwbot.intake.options import BODY_PARTS, CASE_KINDS
from rtwbot.intake.person_answer import parse_person
from rtwbot.intake.question import question_by_key
from rtwbot.intake.questions import INJURY_REPORT
from rtwbot.intake.typed_text import escape, parse_text, unescape

TORONTO = ZoneInfo("America/Toronto")
# A Wednesday morning; "last Friday" is 2026-11-20.
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=TORONTO)

USERS = {
    "U123ABC": {
        "id": "U123ABC",
        "name": "jdoe",
        "real_name": "Jane Doe",
        "deleted": False,
        "is_bot": False,
    },
    "U0GONE1": {
        "id": "U0GONE1",
        "name": "old",
        "real_name": "Old Timer",
        "deleted": True,
        "is_bot": False,
    },
    "B0BOT11": {
        "id": "B0BOT11",
        "name": "bot",
        "real_name": "Helper",
        "deleted": False,
        "is_bot": True,
    },
    "UBOT222": {
        "id": "UBOT222",
        "name": "bot",
        "real_name": "Helper",
        "deleted": False,
        "is_bot": True,
    },
}


def make_ctx(now: datetime = NOW, **kwargs) -> IntakeContext:
    kwargs.setdefault("resolve_user", USERS.get)
    return IntakeContext(now=now, tz=TORONTO, **kwargs)


def ok(result) -> Ok:
    assert isinstance(result, Ok), result
    json.dumps(result.value)
    return result


def invalid(result) -> Invalid:
    assert isinstance(result, Invalid), result
    return result


# --------------------------------------------------------------------------- date_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 3pm", "2026-11-24T15:00:00-05:00"),
        ("2026-11-20 14:30", "2026-11-20T14:30:00-05:00"),
        ("today at 9", "2026-11-25T09:00:00-05:00"),
        ("Nov 3 at 2:15pm", "2026-11-03T14:15:00-05:00"),
        ("2 hours ago", "2026-11-25T08:30:00-05:00"),
        ("yesterday at 15:00", "2026-11-24T15:00:00-05:00"),
    ],
)
def test_date_time_with_time(text, expected):
    result = ok(parse_date_time(text, make_ctx()))
    assert result.value == {"date": expected[:10], "time_known": True, "datetime": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 3", "2026-11-03"),
        ("last Friday", "2026-11-20"),
        ("2026-11-20", "2026-11-20"),  # a Slack date-picker value
        ("yesterday", "2026-11-24"),
        ("this morning", "2026-11-25"),
        ("3 days ago", "2026-11-22"),
    ],
)
def test_date_without_time_is_kept_as_a_date(text, expected):
    result = ok(parse_date_time(text, make_ctx()))
    assert result.value == {"date": expected, "time_known": False, "datetime": None}
    assert "time not known" in result.display


def test_date_time_uses_the_zone_of_the_context_in_summer():
    summer = datetime(2026, 7, 15, 12, 0, tzinfo=TORONTO)
    result = ok(parse_date_time("yesterday 3pm", make_ctx(now=summer)))
    assert result.value["datetime"] == "2026-07-14T15:00:00-04:00"


def test_date_time_now_given_in_utc_is_read_in_local_time():
    utc_now = NOW.astimezone(ZoneInfo("UTC"))
    result = ok(parse_date_time("yesterday 3pm", make_ctx(now=utc_now)))
    assert result.value["datetime"] == "2026-11-24T15:00:00-05:00"


def test_display_of_a_moment():
    assert (
        ok(parse_date_time("2026-11-20 14:30", make_ctx())).display == "Friday, November 20, 2026, 2:30 PM"
    )
    assert ok(parse_date_time("Nov 3", make_ctx())).display == "Tuesday, November 3, 2026 (time not known)"


def test_datetime_picker_epoch_only_from_a_click():
    epoch = str(int(datetime(2026, 11, 20, 14, 30, tzinfo=TORONTO).timestamp()))
    clicked = ok(parse_date_time(epoch, make_ctx(), from_action=True))
    assert clicked.value["datetime"] == "2026-11-20T14:30:00-05:00"


@pytest.mark.parametrize("text", ["tomorrow", "next Friday 3pm", "2026-11-26", "in 2 hours"])
def test_future_is_refused(text):
    message = invalid(parse_date_time(text, make_ctx())).message
    assert "future" in message


def test_future_slack_of_five_minutes():
    ok(parse_date_time("2026-11-25 10:34", make_ctx()))
    invalid(parse_date_time("2026-11-25 10:40", make_ctx()))
    ok(parse_date_time("today", make_ctx()))


def test_too_old_and_before_1900():
    assert "2 years" in invalid(parse_date_time("2024-11-01", make_ctx())).message
    assert "1900" in invalid(parse_date_time("1850-01-01", make_ctx())).message
    ok(parse_date_time("2024-11-26", make_ctx()))


@pytest.mark.parametrize("text", ["asdf", "", "   ", "the day before the thing", "x" * 500])
def test_unreadable_dates_say_so_with_an_example(text):
    message = invalid(parse_date_time(text, make_ctx())).message
    assert "yesterday 3pm" in message


@pytest.mark.parametrize("text", ["May", "2025", "last week"])
def test_vague_dates_ask_for_the_day(text):
    message = invalid(parse_date_time(text, make_ctx())).message
    assert "day" in message


def test_same_time_copies_the_earlier_answer():
    occurred = ok(parse_date_time("yesterday 3pm", make_ctx())).value
    for text in ("same time", "Same time.", "then", "at the time", "same_time"):
        assert ok(parse_date_time(text, make_ctx(), same_as=occurred)).value == occurred
    same_day = ok(parse_date_time("same day", make_ctx(), same_as=occurred)).value
    assert same_day == {"date": "2026-11-24", "time_known": False, "datetime": None}
    invalid(parse_date_time("same time", make_ctx()))  # nothing to be the same as


def test_learned_at_not_before_occurred_at():
    ctx = make_ctx()
    learned = question_by_key(INJURY_REPORT, "learned_at")
    answers = {"occurred_at": ok(parse_date_time("yesterday 3pm", ctx)).value}
    message = invalid(parse_answer(learned, "yesterday 2pm", ctx, answers)).message
    assert "before it happened" in message
    invalid(parse_answer(learned, "2 days ago", ctx, answers))
    ok(parse_answer(learned, "yesterday 4pm", ctx, answers))
    ok(parse_answer(learned, "yesterday", ctx, answers))  # same day, time unknown: fine
    ok(parse_answer(learned, "today", ctx, answers))


def test_moment_helpers():
    ctx = make_ctx()
    a = ok(parse_date_time("yesterday 3pm", ctx)).value
    b = ok(parse_date_time("Nov 3", ctx)).value
    assert moment(a) == datetime(2026, 11, 24, 15, 0, tzinfo=TORONTO)
    assert is_before(b, a) and not is_before(a, b)
    assert moment(None) is None and display_moment(None) == ""


# --------------------------------------------------------------------------- yes/no/unknown


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("y", "yes"), ("Yes", "yes"), ("yep", "yes"), ("yeah", "yes"), ("sure", "yes"),
        ("yes, went to the ER", "yes"), ("yse", "yes"),
        ("n", "no"), ("no", "no"), ("nope", "no"), ("nah", "no"), ("NO.", "no"), ("not yet", "no"),
        ("not sure", "unknown"), ("unknown", "unknown"), ("dunno", "unknown"), ("don't know", "unknown"),
        ("I don\u2019t know", "unknown"), ("idk", "unknown"), ("maybe", "unknown"), ("no idea", "unknown"),
    ],
)  # fmt: skip
def test_yes_no_unknown(text, value):
    assert ok(parse_yes_no_unknown(text)).value == value


@pytest.mark.parametrize("text", ["", "purple", "the sky", "x" * 5000])
def test_yes_no_unknown_refuses_other_words(text):
    assert "not sure" in invalid(parse_yes_no_unknown(text)).message


# --------------------------------------------------------------------------- choice


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("work_illness", "work_illness"),
        ("2", "work_illness"),
        ("Work-related injury", "work_injury"),
        ("work related injury", "work_injury"),
        ("WORK-RELATED ILLNESS", "work_illness"),
        ("injury", "work_injury"),
        ("illnes", "work_illness"),
        ("work injry", "work_injury"),
        ("not work related", "non_occupational"),
        ("Not work", "non_occupational"),
        ("3.", "non_occupational"),
    ],
)
def test_choice(text, value):
    question = question_by_key(INJURY_REPORT, "case_kind")
    assert ok(parse_choice(text, CASE_KINDS, aliases=question.alias_map())).value == value


def test_choice_refusals():
    question = question_by_key(INJURY_REPORT, "case_kind")
    assert (
        "no option 7"
        in invalid(parse_choice("7", CASE_KINDS, aliases=question.alias_map())).message
    )
    ambiguous = invalid(
        parse_choice("work related", CASE_KINDS, aliases=question.alias_map())
    ).message
    assert "which one" in ambiguous
    invalid(parse_choice("banana", CASE_KINDS, aliases=question.alias_map()))
    invalid(parse_choice("", CASE_KINDS))


def test_choice_with_free_text_allowed():
    options = (
        ("Parks", "Parks"),
        ("Water", "Water"),
        ("Transportation Services", "Transportation Services"),
    )
    assert ok(parse_choice("parks", options, allow_other=True)).value == "Parks"
    assert (
        ok(parse_choice("transport", options, allow_other=True)).value == "Transportation Services"
    )
    assert ok(parse_choice("Libraries", options, allow_other=True)).value == "Libraries"
    assert ok(parse_choice("Libraries", (), allow_other=True)).value == "Libraries"


# --------------------------------------------------------------------------- multi_choice (body parts)


def parts(text):
    question = question_by_key(INJURY_REPORT, "body_parts")
    return parse_multi_choice(
        text,
        BODY_PARTS,
        aliases=question.alias_map(),
        allow_other=True,
        ambiguous=dict(question.ambiguous),
    )


def test_body_parts_words_and_sides():
    result = ok(parts("left wrist and lower back"))
    assert result.value == [
        {"part": "wrist", "side": "left", "detail": None},
        {"part": "lower_back", "side": None, "detail": None},
    ]
    assert result.display == "Wrist (left), Lower back"


def test_body_parts_numbers_plurals_and_free_additions():
    result = ok(parts("1, knees; Right hand + tailbone & left big toe, ear lobe"))
    assert [i["part"] for i in result.value] == [
        "head",
        "knee",
        "hand",
        "lower_back",
        "toes",
        "ear",
    ]
    assert result.value[4] == {"part": "toes", "side": "left", "detail": None}
    assert "Toes (left)" in result.display
    assert result.value[5] == {"part": "ear", "side": None, "detail": "ear lobe"}
    result = ok(parts("2, sprained pinky thing"))
    assert result.value[1] == {"part": "other", "side": None, "detail": "sprained pinky thing"}
    assert ok(parts("Other: collarbone")).value == [
        {"part": "other", "side": None, "detail": "collarbone"}
    ]


def test_body_parts_both_sides():
    assert ok(parts("left and right knee")).value == [
        {"part": "knee", "side": "both", "detail": None}
    ]
    assert ok(parts("both feet")).value == [{"part": "foot", "side": "both", "detail": None}]


def test_body_parts_from_a_multi_select():
    result = ok(parse_multi_choice(["wrist", "lower_back"], BODY_PARTS, from_action=True))
    assert [i["part"] for i in result.value] == ["wrist", "lower_back"]


def test_body_parts_refusals():
    assert "upper back" in invalid(parts("back")).message
    assert "no option 40" in invalid(parts("40")).message
    invalid(parts(""))
    invalid(parts(", , ,"))
    invalid(parts("left"))
    invalid(parts(", ".join(["knee"] * 30)))


# --------------------------------------------------------------------------- person


def test_person_by_mention():
    ctx = make_ctx()
    for text in ("<@U123ABC>", "<@U123ABC|jdoe>", "it was <@U123ABC>", "U123ABC"):
        result = ok(parse_person(text, ctx))
        assert result.value == {
            "slack_user_id": "U123ABC",
            "name": "Jane Doe",
            "employee_number": None,
        }
        assert result.display == "Jane Doe"


def test_person_refusals_from_slack():
    ctx = make_ctx()
    assert "can't find" in invalid(parse_person("<@U999999>", ctx)).message
    assert "deactivated" in invalid(parse_person("<@U0GONE1>", ctx)).message
    assert "bot" in invalid(parse_person("<@UBOT222>", ctx)).message
    assert "just one" in invalid(parse_person("<@U123ABC> and <@U0GONE1>", ctx)).message


def test_person_lookup_failure_is_a_sentence_not_a_crash():
    def broken(_user_id):
        raise RuntimeError("slack is down")

    assert "try again" in invalid(parse_person("<@U123ABC>", make_ctx(resolve_user=broken))).message


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe, 12345",
        "Jane Doe #12345",
        "Jane Doe (12345)",
        "Jane Doe emp no. 12345",
        "12345 Jane Doe",
    ],
)
def test_person_not_in_slack(text):
    result = ok(parse_person(text, make_ctx()))
    assert result.value == {"slack_user_id": None, "name": "Jane Doe", "employee_number": "12345"}


def test_person_bare_name_asks_for_the_number():
    assert "employee number" in invalid(parse_person("Jane Doe", make_ctx())).message
    assert "name" in invalid(parse_person("12345", make_ctx())).message
    invalid(parse_person("Jane 123 Doe 456", make_ctx()))


# --------------------------------------------------------------------------- text and number


def test_text():
    assert ok(parse_text("  slipped on ice  ")).value == "slipped on ice"
    assert ok(parse_text("line one\n\n\n\nline two")).value == "line one\n\nline two"
    assert "3,000" in invalid(parse_text("x" * 3001)).message
    ok(parse_text("x" * 3000))
    invalid(parse_text("   \n\t "))
    invalid(parse_text("!!!"))
    assert ok(parse_text("bad\x00byte\x1b")).value == "bad byte"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("37.5", 37.5),
        ("40 hours", 40),
        ("37,5", 37.5),
        ("40h", 40),
        ("about 35 hours a week", 35),
        ("1", 1),
    ],
)
def test_number(text, value):
    assert ok(parse_number(text)).value == value


@pytest.mark.parametrize("text", ["0", "81", "200", "forty", "40-44", "1,000", "", "40 apples"])
def test_number_refusals(text):
    invalid(parse_number(text))


# --------------------------------------------------------------------------- escaping


def test_escape_round_trip():
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert unescape(escape("a < b & c > d &amp;")) == "a < b & c > d &amp;"


def test_choice_asks_when_a_bare_word_is_ambiguous():
    question = question_by_key(INJURY_REPORT, "modified_work")
    ctx = make_ctx()
    assert "regular pay" in invalid(parse_answer(question, "yes", ctx, {})).message
    assert ok(parse_answer(question, "no", ctx, {})).value == "none"
    assert ok(parse_answer(question, "less", ctx, {})).value == "reduced_pay"
    assert ok(parse_answer(question, "full pay", ctx, {})).value == "regular_pay"


def test_division_ignores_extra_words_and_refuses_missing_numbers():
    question = question_by_key(INJURY_REPORT, "division")
    ctx = make_ctx(divisions=("Parks", "Water", "Transportation Services"))
    assert ok(parse_answer(question, "Water dept", ctx, {})).value == "Water"
    assert ok(parse_answer(question, "1", ctx, {})).value == "Parks"
    assert "no option 5" in invalid(parse_answer(question, "5", ctx, {})).message
    assert "isn't one of them — please pick one of: Parks, Water, Transportation Services" in \
        invalid(parse_answer(question, "Libraries & Culture", ctx, {})).message
    # with no divisions in the directory, any name is kept
    assert ok(parse_answer(question, "Libraries", make_ctx(divisions=()), {})).value == \
        "Libraries"


def test_hours_with_units():
    assert ok(parse_number("37.5 hrs/week")).value == 37.5
    assert ok(parse_number("~40")).value == 40
