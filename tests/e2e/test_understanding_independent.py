"""Issue 19's independent check, through the bot's real front door: every held-out first
message (tests/corpus/independent/, written in batches before the fixes each measured) is
routed as a direct message is (`route_dm`, the real database), and a sample goes through the
Slack sandbox itself. A message that names someone hurt or ill starts a report or asks "Do
you want to report an injury?", never "didn't catch that"; a possible critical injury asks
the critical question first; small talk starts nothing (at most 2%) and is seldom asked; a
question about one's case, the union or the bot is answered."""

from __future__ import annotations

import pytest

from tests.corpus.independent import (
    ASKED,
    MISSED,
    OTHER,
    STARTED,
    first_messages,
    route,
    with_mentions,
)
from tests.e2e.conftest import say

pytestmark = pytest.mark.e2e

CRITICAL = "Was anyone critically injured or killed?"


def test_held_out_first_messages_through_the_front_door(pg) -> None:
    sam = pg.users["sam"]
    seen = {text: (labels, *route(pg.bot, sam, "D0SAM", with_mentions(text, pg.users)))
            for labels, text in first_messages()}

    def where(test) -> list[str]:
        return [f"{out} crit={crit}: {text}" for text, (labels, out, crit) in seen.items()
                if test(labels, out, crit)]

    assert not where(lambda lab, out, _: "injury" in lab and out not in (STARTED, ASKED))
    assert not where(lambda lab, out, _: "report" in lab and out != STARTED)
    assert not where(lambda lab, _, crit: "critical" in lab and not crit)
    assert not where(lambda lab, out, _: "sick" in lab and out == MISSED)
    # a question about a case, the union or the bot is answered (a supervisor without a
    # case of their own is told so), never "didn't catch that", never offered a report
    assert not where(lambda lab, out, _: lab & {"status", "employee", "help"} and out != OTHER)
    small = [text for text, (labels, _, _) in seen.items() if labels == {"small"}]
    started = where(lambda lab, out, _: lab == {"small"} and out == STARTED)
    asked = where(lambda lab, out, _: lab == {"small"} and out == ASKED)
    assert len(small) >= 150
    assert len(started) <= 0.02 * len(small), started
    assert len(asked) <= 0.05 * len(small), asked


@pytest.mark.parametrize(("message", "critical"), [
    ("Gilles twisted his ankle in a pothole while reading meters", False),
    ("guy at the landfill got a needle poke through his glove", False),
    ("a worker drowned at the water treatment plant", True),
    ("the roofer fell off the rec centre roof, ambulance on the way", True),
])
def test_a_sample_through_the_slack_sandbox(pg, message: str, critical: bool) -> None:
    reply = say(pg, "sam", message)
    assert "Let's report" in reply and "didn't catch" not in reply, reply
    assert (CRITICAL in reply) == critical, reply


def test_small_talk_through_the_slack_sandbox(pg) -> None:
    for message in ("the Leafs got crushed last night lol", "broke even on the bake sale"):
        reply = say(pg, "sam", message)
        assert "Let's report" not in reply and "report an injury?" not in reply, reply
