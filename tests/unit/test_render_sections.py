"""A reply's plain sections are written as dicts on the reply path: exactly what
slack_sdk's Block Kit models make of the same text."""

from __future__ import annotations

import pytest
from slack_sdk.models.blocks import SectionBlock

from rtwbot.slack.render import actions, chunks, say_blocks
from rtwbot.workflow.outbox import Button, Say

TEXTS = ["hello", "*Hi!* I'm rtwbot.\n• one\n• two", "é" * 2999 + "\n" + "x" * 10,
         "\n".join(["a line of help"] * 400), "x" * 7000, "  spaced  \n\n  "]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("buttons", [(), (Button("Yes", "yes", "1", "primary"),)])
def test_sections_are_what_the_models_make(text: str, buttons: tuple) -> None:
    expected = [SectionBlock(text=part).to_dict() for part in chunks(text)]
    expected += [b.to_dict() for b in actions(buttons)] if buttons else []
    assert say_blocks(Say(text=text, to_user="U1", buttons=buttons)) == expected


def test_an_empty_section_is_still_refused_as_the_model_refuses_it() -> None:
    with pytest.raises(Exception, match="text or fields"):
        say_blocks(Say(text="", to_user="U1"))
