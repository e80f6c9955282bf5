"""The small pure pieces of issue 14's conversation: spoken times, dates said back, the
opening message's facts, `change X to Y`, small talk, help per role, labelled dates."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.intake.change_to import split_change
from rtwbot.intake.prefill import facts_in
from rtwbot.intake.time_words import said_back, spoken_times
from rtwbot.slack.nudge_send import Target, nudge_say
from rtwbot.understanding.small_talk import small_talk
from rtwbot.workflow.help import help_for
from rtwbot.workflow.roles import Roles
from rtwbot.workflow.status_employee import next_date_label, second_person
from rtwbot.workflow.when import relative_day

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("said", "plain"), [
    ("yesterday around 3", "yesterday at 3:00pm"),
    ("around 10", "at 10:00am"),
    ("about 2:30", "at 2:30pm"),
    ("at lunch", "at 12:00pm"),
    ("yesterday 3ish", "yesterday at 3:00pm"),
    ("around 9 this morning", "at 9:00am today"),
    ("yesterday around 7 in the evening", "yesterday at 7:00pm in the evening"),
    ("at 14:30", "at 14:30"),
    ("Nov 23 9am", "Nov 23 9am"),  # already plain
    ("3 days ago", "3 days ago"),
    ("around 3 hours ago", "around 3 hours ago"),
])
def test_spoken_times_are_made_plain(said, plain) -> None:
    assert spoken_times(said) == plain


def test_a_moment_is_said_back_with_its_weekday_and_relative_day() -> None:
    assert said_back({"date": "2026-11-20", "time_known": False}, TODAY) == "Friday, November 20"
    assert said_back({"date": "2025-11-20", "time_known": False}, TODAY) == \
        "Thursday, November 20, 2025"
    at_three = {"date": "2026-11-24", "time_known": True,
                "datetime": "2026-11-24T15:00:00-05:00"}
    assert said_back(at_three, TODAY) == "Yesterday (Tuesday, November 24) at 3:00 PM"


def test_the_opening_message_gives_who_when_and_where_it_hurts() -> None:
    # The spans that may answer each question, surest first: the questions' parsers read them.
    facts = facts_in("<@U0ERIN1> hurt her lower back lifting boxes yesterday around 3")
    assert facts["employee"] == ["<@U0ERIN1>"] and facts["body_parts"] == ["lower back"]
    assert facts["occurred_at"][0] == "yesterday around 3"
    assert facts_in("someone got hurt at the north yard") == {"location": ["the north yard"]}
    facts = facts_in("Ray cut his right hand and left arm on friday at 2pm")
    assert facts["occurred_at"][0] == "on friday at 2pm"
    assert facts["body_parts"] == ["right hand and left arm"]


def test_change_field_to_value_splits_at_the_to_after_a_field() -> None:
    fields = {"job title": "job_title", "location": "location", "date": "occurred_at"}
    match = fields.get
    assert split_change("change job title to Labourer", match) == ("job_title", "Labourer")
    assert split_change("Change location to back to the yard", match) == \
        ("location", "back to the yard")
    assert split_change("change date = yesterday 2pm", match) == ("occurred_at", "yesterday 2pm")
    assert split_change("change job title", match) is None
    assert split_change("go to the yard", match) is None


@pytest.mark.parametrize(("text", "answer"), [
    ("thanks", "You're welcome!"), ("thx 🙏", "You're welcome!"), ("ok", "👍"),
    ("got it, thanks!", "👍"), ("👍", "👍"), ("🙏", "You're welcome!"), ("bye", "Take care"),
    ("when do I go back", None), ("ok so what now", None), ("yes", None), ("", None)])
def test_small_talk(text, answer) -> None:
    reply = small_talk(text)
    assert (reply is None) if answer is None else answer in reply


def test_help_lists_exactly_the_roles_commands() -> None:
    employee = help_for("U1", Roles(own_cases=("RTW-2026-0001",))).text
    assert "when do I go back?" in employee and "*report*" not in employee.split("\n")[1]
    assert "/rtw team" not in employee and "my reports" not in employee
    supervisor = help_for("U1", Roles(reports=True, team=True)).text
    assert "*report*" in supervisor and "when do I go back" not in supervisor
    assert "/rtw team" not in supervisor
    hr = help_for("U1", Roles(team=True, hr=True)).text
    assert "/rtw team" in hr and "/rtw abilities" in hr


def test_dates_are_labelled_and_said_to_the_employee() -> None:
    plan = {"next_date": date(2026, 12, 4), "plan_end": date(2026, 12, 11)}
    assert next_date_label(plan) == ("Next review of your plan", date(2026, 12, 4))
    assert next_date_label({**plan, "next_date": date(2026, 12, 11)})[0] == "Your plan ends"
    assert second_person("For hours worked, the employee is paid 100%.") == \
        "For hours worked, you are paid 100%."
    assert relative_day(TODAY, TODAY) == "today (Wednesday, November 25, 2026)"
    assert relative_day(date(2026, 11, 26), TODAY).startswith("tomorrow (")
    assert relative_day(date(2026, 11, 27), TODAY) == "Friday, November 27, 2026"


def test_a_reminder_names_its_case_once() -> None:
    from types import SimpleNamespace

    delivery = SimpleNamespace(
        nudge_id=7, escalation_level=1, kind="form7", case_reference="RTW-2026-0001",
        message="Not done yet — sent on Thursday. RTW-2026-0001: the WSIB must receive Form 7.")
    text = nudge_say(delivery, Target(user="U1")).text
    assert text.count("RTW-2026-0001") == 1
    assert "sent on Thursday. The WSIB must receive Form 7." in text


def test_a_reminder_says_today_and_tomorrow() -> None:
    from types import SimpleNamespace

    delivery = SimpleNamespace(
        nudge_id=7, escalation_level=0, kind="form7", case_reference="RTW-2026-0001",
        message="RTW-2026-0001: the WSIB must receive Form 7 by the end of Wednesday, "
                "November 25, 2026; notice by Thursday, November 26, 2026; then Friday, "
                "November 27, 2026.")
    text = nudge_say(delivery, Target(user="U1"), TODAY).text
    assert "by the end of today (Wednesday, November 25, 2026)" in text
    assert "by tomorrow (Thursday, November 26, 2026)" in text
    assert "then Friday, November 27, 2026." in text
    assert "today" not in nudge_say(delivery, Target(user="U1")).text
