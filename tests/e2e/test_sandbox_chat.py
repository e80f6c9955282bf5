"""`rtwbot sandbox`: a person types and clicks by number in a terminal."""

from __future__ import annotations

from rtwbot.playground_chat import run_chat


def test_typing_and_clicking_by_number() -> None:
    said: list[str] = []
    typed = iter(["hello", "1", "/as olga", "help", "/quit"])
    run_chat("sam", read=lambda _prompt: next(typed), write=said.append)
    out = "\n".join(said)
    assert "I'm rtwbot" in out
    # Button 1 of the help message starts a report.
    assert "Who was hurt or became ill?" in out
    assert "DM with Olga Outsider" in out
