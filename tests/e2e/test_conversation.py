"""Issue 14, the employee's side of the conversation: help that fits the person, small
talk answered in kind, questions about the return answered from the case, and a short
status in the second person with a "More details" button."""

from __future__ import annotations

import pytest

from rtwbot.understanding.small_talk import small_talk
from rtwbot.workflow.employee_questions import question_of
from tests.e2e.conftest import click, dm_texts, say
from tests.e2e.test_intake import answer_all, work_injury_answers
from tests.e2e.test_status import file_two_cases

pytestmark = pytest.mark.e2e


def file_report(pg) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    click(pg, "sam", "intake_confirm")


def command(pg, who: str, text: str) -> str:
    before = len(pg.sandbox.dm_messages(pg.users[who]))
    assert pg.sandbox.command(pg.users[who], "/rtw", text).status == 200
    pg.settle()
    return "\n".join(dm_texts(pg, who)[before:])


def buttons(pg, who: str) -> list[str]:
    last = pg.sandbox.dm_messages(pg.users[who])[-1]
    return [e["text"]["text"] for b in last.get("blocks") or [] if b["type"] == "actions"
            for e in b["elements"]]


def test_help_lists_what_the_employee_may_do_and_puts_their_status_first(pg) -> None:
    file_report(pg)
    for ask in (lambda: say(pg, "erin", "help"), lambda: command(pg, "erin", ""),
                lambda: command(pg, "erin", "help")):
        text = ask()
        assert "status" in text and "when do I go back?" in text
        assert "functional abilities form" in text
        assert "/rtw team" not in text and "/rtw abilities" not in text
        assert "my reports" not in text
        assert buttons(pg, "erin")[0] == "My status"


def test_help_is_different_for_a_supervisor_hr_and_someone_with_no_case(pg) -> None:
    file_report(pg)
    sam = say(pg, "sam", "help")
    assert "*report*" in sam and "my reports" in sam and "status RTW-" in sam
    assert "/rtw team" not in sam and "when do I go back" not in sam
    assert buttons(pg, "sam")[0] == "Report an injury or illness"
    hana = command(pg, "hana", "help")
    assert "/rtw team RTW-" in hana and "/rtw abilities RTW-" in hana
    assert "when do I go back" not in hana
    olga = say(pg, "olga", "what can you do")
    assert "*report*" in olga and "/rtw team" not in olga and "when do I go back" not in olga


@pytest.mark.parametrize("text", ["thanks", "thx 🙏", "Thank you so much!", "ok", "got it",
                                  "👍", "🙏", ":pray:", "bye"])
def test_small_talk_is_answered_in_kind(pg, text) -> None:
    reply = say(pg, "erin", text)
    assert reply.strip()
    assert "didn't catch" not in reply and "Report an injury" not in reply


@pytest.mark.parametrize(("text", "kind"), [
    ("when do I go back", "when_back"), ("When can I return to work?", "when_back"),
    ("so when am I going back?", "when_back"), ("what do I do next", "next"),
    ("what should I do now?", "next"), ("who is my contact", "contact"),
    ("who should I talk to?", "contact"), ("who's my HR", "contact"),
    ("when will I be back at work", "when_back"), ("how long until I can work again", "when_back"),
    ("what am I supposed to do?", "next"), ("is there anything I need to do", "next"),
    ("whom should I contact", "contact"),
    ("the weather is nice", None), ("thanks", None)])
def test_the_employees_questions_are_recognized_in_other_words(text, kind) -> None:
    assert question_of(text) == kind


def test_small_talk_is_not_taken_for_a_question_or_a_question_for_small_talk() -> None:
    assert small_talk("okay so when do I go back") is None
    assert small_talk("ok") == "👍"


def test_employee_questions_are_answered_from_their_case(pg) -> None:
    file_report(pg)  # waiting for the functional abilities form
    back = say(pg, "erin", "when do I go back")
    assert "RTW-2026-0001" in back and "functional abilities form" in back
    assert "didn't catch" not in back
    nxt = say(pg, "erin", "what do I do next?")
    assert "send me the completed PDF here" in nxt
    contact = say(pg, "erin", "who is my contact")
    assert f"<@{pg.users['hana']}>" in contact and f"<@{pg.users['sam']}>" in contact


def test_when_back_on_a_plan_gives_its_dates(pg) -> None:
    file_two_cases(pg)
    back = say(pg, "erin", "when can I return to work?")
    assert "Monday, November 30, 2026" in back and "Friday, December 11, 2026" in back
    assert "Next review of your plan:* Friday, December 4, 2026" in back


def test_the_employees_status_is_short_second_person_labelled_with_more_details(pg) -> None:
    erin_case, _ = file_two_cases(pg)
    status = say(pg, "erin", "status")
    shown = pg.sandbox.dm_messages(pg.users["erin"])[-1]["blocks"][0]["text"]["text"]
    assert len(shown.splitlines()) <= 10, shown  # the 25-line block is gone
    assert "*Your next step:*" in status
    assert "*Your modified work:* Monday, November 30, 2026 to Friday, December 11, 2026" in status
    assert "*Next review of your plan:* Friday, December 4, 2026" in status
    assert "Next date" not in status and "the employee" not in status.lower()
    assert buttons(pg, "erin") == ["More details"]
    more = click(pg, "erin", "status_more")
    assert "you are paid 100% of regular earnings" in more
    assert "Lifting floor to waist: up to 5 kg" in more and "Potting seedlings" in more
    assert "the employee" not in more.lower()


def test_more_details_shows_nothing_of_someone_elses_case(pg) -> None:
    _, ray_case = file_two_cases(pg)
    shown = pg.bot.status.answer(pg.users["erin"], ray_case.reference, detail=True)
    assert ray_case.reference not in shown[0].text and "Highway" not in shown[0].text


def test_an_unknown_rtw_word_answers_with_this_persons_commands(pg) -> None:
    file_report(pg)
    text = command(pg, "erin", "whatever")
    assert "when do I go back?" in text and "/rtw team" not in text
    [answer] = [e["text"] for e in pg.sandbox.ephemerals(pg.users["erin"])][-1:]
    assert "I don't know “whatever”" in answer
