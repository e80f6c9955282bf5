"""Issue 19, the supervisor's side: understood as they speak — the first message, every
answer, both try-outs — through the sandbox (signed requests, the real Bolt app, a real
database). Wednesday 2026-11-25, 10:30 in Toronto."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.playground_chat import run_chat
from rtwbot.store.models import Case
from rtwbot.tryout.actions import Form, TryOut
from tests.e2e.conftest import click, dm_texts, say

pytestmark = pytest.mark.e2e

CRITICAL = "Was anyone critically injured or killed?"


def _cancel(pg, who: str = "sam") -> None:
    say(pg, who, "cancel")
    assert "cancelled" in say(pg, who, "yes")


def test_story_14_said_their_own_way(pg) -> None:
    """Story 14: each starts a report; the first is asked the critical question first; the
    day is said back right; "not sure" to the date of birth moves on; "the yard" is not a
    division, and the list is shown."""
    erin = f"<@{pg.users['erin']}>"
    reply = say(pg, "sam", "a worker broke his arm")
    assert "Let's report" in reply and CRITICAL in reply
    assert reply.index(CRITICAL) < len(reply) and "Who was hurt" not in reply
    assert "didn't catch" not in reply
    _cancel(pg)

    reply = say(pg, "sam", "Raj got a chemical splash in his eye")
    assert "Let's report" in reply and "didn't catch" not in reply
    _cancel(pg)

    reply = say(pg, "sam", f"{erin} sprained her ankle in the yard")
    assert "Erin Employee" in reply and "Ankle" in reply and "the yard" in reply
    assert "Which division" in reply
    reply = say(pg, "sam", "the yard")  # not a division: refused, with the list
    assert '"the yard" isn\'t one of them' in reply
    assert "Parks and Recreation, Transportation Services" in reply
    _cancel(pg)

    reply = say(pg, "sam", f"{erin} hurt her back 2 days ago at noon")
    assert "Monday, November 23 at 12:00 PM" in reply and "Today" not in reply
    for text in ("parks", "Gardener", "injury", "no", "same time", "North yard",
                 "lifting a bag of soil", "lifting", "lower back", "no", "no", "no", "1", "skip",
                 "skip"):
        reply = say(pg, "sam", text)
    assert "date of birth" in reply
    reply = say(pg, "sam", "not sure")  # moves on
    assert "hours a week" in reply
    reply = say(pg, "sam", "forty")
    assert "Please check it, then confirm" in reply and "40 hours" in reply
    filed = say(pg, "sam", "looks good, file it")
    assert "RTW-2026-0001" in filed
    with pg.bot.db.session() as s:
        [case] = s.scalars(select(Case)).all()
        assert case.occurred_at.date().isoformat() == "2026-11-23"
        assert case.answers["born_on"] is None and case.answers["hours_per_week"] == 40


def test_an_unclear_message_asks_and_a_typed_yes_starts_the_report(pg) -> None:
    reply = say(pg, "sam", "the ambulance took Leo away")
    assert "Do you want to report an injury or illness?" in reply
    reply = say(pg, "sam", "yes")
    assert "Let's report" in reply and "Who was hurt" in reply
    _cancel(pg)
    say(pg, "tess", "paramedics are with Ray now")
    reply = click(pg, "tess", "intake_offer_no")
    assert "nothing was started" in reply
    assert "didn't catch" not in "\n".join(dm_texts(pg, "tess"))
    assert "Sorry, I didn't catch that" in say(pg, "tess", "asdf qwerty")


def test_small_talk_with_injury_words_starts_nothing(pg) -> None:
    for text in ("I broke the mower", "this heat is killing me", "we cut the grass today"):
        reply = say(pg, "sam", text)
        assert "Let's report" not in reply and "Do you want to report" not in reply


def test_a_worker_whose_number_is_not_known_is_filed_and_flagged_for_hr(pg) -> None:
    reply = say(pg, "sam", "Jane Doe slipped on the ice yesterday at 9am")
    assert "Let's report" in reply
    reply = say(pg, "sam", "skip")  # required: why, and what to do
    assert "I need this one" in reply and "flag it for HR" in reply
    reply = say(pg, "sam", "Jane Doe")
    assert "employee number" in reply and "don't know" in reply
    reply = say(pg, "sam", "dunno")
    assert "Which division" in reply
    for text in ("2", "Dispatcher", "injury", "no", "same time", "Depot lot",
                 "slipped on ice", "slip", "left wrist", "yes", "no", "no", "1", "n/a",
                 "not sure",
                 "idk", "37.5"):
        reply = say(pg, "sam", text)
    assert "not known — flagged for HR" in reply
    say(pg, "sam", "confirm")
    pg.settle()
    hana = "\n".join(dm_texts(pg, "hana"))
    assert "did not know the employee number: please add it" in hana


def _chat(pg, lines: list[str]) -> str:
    said: list[str] = []
    typed = iter([*lines, "/quit"])
    run_chat("sam", read=lambda _prompt: next(typed), write=said.append, pg=pg)
    return "\n".join(said)


def test_in_the_terminal_a_number_with_words_is_an_answer_not_a_button(pg) -> None:
    erin = f"<@{pg.users['erin']}>"
    out = _chat(pg, [f"{erin} hurt her back", "1", "Gardener", "1", "1",
                     "last sunday 8am",  # the next question shows "At the same time" as [2]
                     "2 days ago at noon"])
    assert "Monday, November 23 at 12:00 PM — got it" in out  # an answer, not button 2
    assert "Where did it happen?" in out


def test_in_the_web_try_out_typed_words_are_read_like_in_slack(pg) -> None:
    tryout = TryOut(pg)

    def send(text: str) -> None:
        tryout.act(Form({"as": ["sam"], "op": ["send"], "text": [text]}, {}))

    send("@erin hurt her back")
    for text in ("parks", "Gardener", "injury", "no", "yesterday 3pm"):
        send(text)
    send("2 days ago at noon")  # while "At the same time" is shown
    reply = "\n".join(dm_texts(pg, "sam")[-3:])
    assert "before it happened" in reply  # read as a date (and checked), not a button
