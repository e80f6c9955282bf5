"""Issue 14, the supervisor's side: dates said back as understood, times as people say
them, the opening message's facts taken (and shown), `change X to Y` applied, hints once,
a summary that fits on a phone, "today" in deadlines, reminders that name the case once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.store.models import Case
from tests.e2e.conftest import click, say, text_of
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e


def upto(pg, n: int, **override: str) -> str:
    """Start a report and give the first ``n`` answers (some replaced); the last reply."""
    answers = work_injury_answers(pg.users["erin"])
    for index, text in override.items():
        answers[int(index.lstrip("a"))] = text
    return answer_all(pg, "sam", answers[:n])


def newest(pg) -> dict:
    return pg.sandbox.dm_messages(pg.users["sam"])[-1]


def context_texts(message: dict) -> list[str]:
    return [e.get("text", "") for b in message.get("blocks") or [] if b["type"] == "context"
            for e in b["elements"]]


@pytest.mark.parametrize(("typed", "echo"), [
    ("last friday", "Friday, November 20 — got it."),
    ("yesterday around 3", "Yesterday (Tuesday, November 24) at 3:00 PM — got it."),
    ("yesterday at lunch", "Yesterday (Tuesday, November 24) at 12:00 PM — got it."),
    ("about 9 this morning", "Today (Wednesday, November 25) at 9:00 AM — got it."),
    ("Nov 23 3ish", "Monday, November 23 at 3:00 PM — got it."),
])
def test_a_date_is_said_back_as_understood(pg, typed, echo) -> None:
    reply = upto(pg, 6, a5=typed)
    assert echo in reply
    assert "When did you learn" in reply


def test_the_opening_messages_facts_are_taken_and_shown(pg) -> None:
    erin = pg.users["erin"]
    reply = say(pg, "sam", f"<@{erin}> hurt his left wrist lifting boxes yesterday around 3")
    assert "From your message I have" in reply
    assert "Erin Employee" in reply and "Yesterday (Tuesday, November 24) at 3:00 PM" in reply
    assert "Wrist (left)" in reply
    assert "Which division" in reply  # not asked again who it was
    for text in ["parks", "Gardener", "work-related injury", "no"]:
        reply = say(pg, "sam", text)
    assert "When did you learn" in reply  # not asked again when it happened
    for text in ["same time", "North yard", "Lifting boxes", "overexertion", "yes", "no", "no",
                 "regular pay", "skip", "skip", "skip", "37.5"]:
        reply = say(pg, "sam", text)
    assert "Please check it, then confirm" in reply
    assert "Wrist (left)" in reply and "Tuesday, November 24, 2026, 3:00 PM" in reply


def test_change_field_to_value_applies_it(pg) -> None:
    upto(pg, 19)
    reply = say(pg, "sam", "change job title to Labourer")
    assert "Please check it, then confirm" in reply
    assert "*Job title:* Labourer" in reply
    reply = say(pg, "sam", "change the date to yesterday at 2pm")
    assert "Yesterday (Tuesday, November 24) at 2:00 PM — got it." in reply
    assert "When did you learn" in reply  # "same time" followed the old date: asked again
    reply = say(pg, "sam", "same time")
    assert "*When it happened:* Tuesday, November 24, 2026, 2:00 PM" in reply


def test_hints_are_shown_once_then_on_request(pg) -> None:
    say(pg, "sam", "report an injury")
    assert any("type *back*" in t for t in context_texts(newest(pg)))
    say(pg, "sam", f"<@{pg.users['erin']}>")
    assert not any("type *back*" in t for t in context_texts(newest(pg)))
    say(pg, "sam", "where was I")
    assert any("Question 2 of" in t and "type *back*" in t for t in context_texts(newest(pg)))


def test_the_summary_has_an_edit_menu_not_a_button_per_answer(pg) -> None:
    upto(pg, 19)
    summary = newest(pg)
    elements = [e for b in summary["blocks"] if b["type"] == "actions" for e in b["elements"]]
    elements += [b["accessory"] for b in summary["blocks"] if b.get("accessory")]
    assert [e["type"] for e in elements] == ["button", "static_select", "button"]
    menu = elements[1]
    assert menu["placeholder"]["text"] == "Edit an answer"
    assert len(menu["options"]) == 19  # with the critical injury, accident type, hire and birth dates
    job = next(o for o in menu["options"] if o["text"]["text"] == "Job title")
    reply = click(pg, "sam", "intake_edit_menu", selected=job["value"])
    assert "What is their job title?" in reply and "Your answer was: Gardener" in reply


def test_a_form_7_due_today_says_today(pg) -> None:
    upto(pg, 19, a5="last friday 9am")
    reply = click(pg, "sam", "intake_confirm")
    assert "Form 7 to the WSIB by today (Wednesday, November 25, 2026)" in reply


def test_reminders_name_the_case_once(pg) -> None:
    upto(pg, 19)
    click(pg, "sam", "intake_confirm")
    pg.sandbox.clock.advance(24 * 3600)
    pg.bot.tick()
    pg.settle()
    with pg.bot.db.session() as s:
        reference = s.scalars(select(Case.reference)).one()
    reminders = [text_of(m) for m in pg.sandbox.dm_messages(pg.users["sam"])
                 if m["text"].startswith("*Reminder")]
    assert reminders
    for text in reminders:
        shown = text.split("\n", 1)[1]  # text_of repeats the fallback text first
        assert shown.count(reference) == 1, shown


def test_a_reminder_of_a_form_7_due_today_says_today(pg) -> None:
    upto(pg, 19, a5="last friday 9am")
    click(pg, "sam", "intake_confirm")
    pg.bot.tick()
    pg.settle()
    reminders = [text_of(m) for m in pg.sandbox.dm_messages(pg.users["sam"])
                 if m["text"].startswith("*Reminder") and "Form 7" in text_of(m)]
    assert reminders
    assert any("today (Wednesday, November 25, 2026)" in text for text in reminders), reminders
