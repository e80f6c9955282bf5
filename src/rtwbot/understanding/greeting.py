"""What a direct message to the bot means: a greeting, or a question about the bot itself
("what can u do?", "what commands are there", "how does this thing work")."""

from __future__ import annotations

import re

from rtwbot.understanding.words import SHORTHAND, plain

GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|yo)\b", re.I)
HELP = re.compile(
    r"\b(help|what can you do|what do you do|how does (this|it)( \w+)? work|how do (i|you|we) "
    r"use|commands?|what can i (say|ask|type|do)|what are you for|what is this( \w+)? for|"
    r"what('?s| is) this (bot|thing|app)|who are you"
    r"|what (does|do|can|will) (this|the|you|it)( \w+)? do)\b|\?$", re.I)


def _words(text: str) -> str:
    """Chat shorthand made words ("what can u do" -> "what can you do")."""
    return " ".join(SHORTHAND.get(w.lower(), w) for w in plain(text).split())


def is_greeting_or_help(text: str) -> tuple[bool, bool]:
    return bool(GREETING.search(text)), bool(HELP.search(text) or HELP.search(_words(text)))
