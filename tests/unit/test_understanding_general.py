"""The front door on phrasings no list holds: whoever, whatever happened to whichever body
part, said however (typos, shorthand, emoji), starts a report or asks; a thing breaking,
falling or dying starts nothing. Built from the Form 7's vocabulary (`wsib_terms`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rtwbot.domain import wsib_terms as terms
from rtwbot.understanding import understand
from rtwbot.understanding.front_door import ASK, REPORT

WHO = ["my guy", "a worker", "one of the summer students", "Priya", "<@U0ERIN1>", "she",
       "our new hire", "the lifeguard", "Ahmed from the paving crew", "he", "Kwame"]
DID = ["cut", "burned", "crushed", "smashed", "broke", "twisted", "banged", "jammed",
       "pinched", "bruised", "sprained", "fractured", "scraped", "hurt", "strained", "tore"]
PARTS = [w for t in terms.BODY_PARTS for w in t.words if len(w) > 3 and " " not in w
         and w not in ("back", "gut", "sole", "tick", "hearing", "dental", "bum")]
POSS = ["his", "her", "their"]
TAIL = ["", " this morning", " at the depot", " yesterday around 3", " 🤕", "!!",
        " on the grader", " pretty bad", " lol", ", she's ok"]
THINGS = ["the mower", "the truck", "my laptop", "the printer", "the fence", "the sign",
          "the pump", "a tree", "the loader", "our radio", "the gate"]
THING_DID = ["broke", "broke down", "died", "crashed", "fell over", "is dead", "got crushed",
             "cracked", "is broken", "snapped"]


def _typo(text: str, where: int) -> str:
    """One letter swapped inside a long word: "sprained" -> "sprianed"."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return text
    i = long[where % len(long)]
    w = words[i]
    words[i] = w[:2] + w[3] + w[2] + w[4:]
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(WHO), st.sampled_from(DID), st.sampled_from(POSS),
       st.sampled_from(PARTS), st.sampled_from(TAIL), st.booleans(), st.integers(0, 5))
def test_someone_hurt_in_any_words_starts_a_report_or_asks(who, did, poss, part, tail, typo,
                                                           where) -> None:
    text = f"{who} {did} {poss} {part}{tail}"
    if typo:
        text = _typo(text, where)
    assert understand(text).intent in (REPORT, ASK), text


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(THINGS), st.sampled_from(THING_DID), st.sampled_from(TAIL[:4]))
def test_a_thing_breaking_starts_nothing(thing, did, tail) -> None:
    text = f"{thing} {did}{tail}"
    assert understand(text).intent != REPORT, text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(WHO), st.sampled_from(["fell off the ladder", "slipped on the ice",
                                               "tripped over a hose", "fainted in the heat",
                                               "got hit by a branch", "passed out"]),
       st.sampled_from(TAIL))
def test_what_happens_only_to_people_is_enough(who, event, tail) -> None:
    text = f"{who} {event}{tail}"
    assert understand(text).intent == REPORT, text
