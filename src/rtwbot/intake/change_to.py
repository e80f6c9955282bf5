"""`change job title to labourer`: which answer, and the new value — in the words typed
(so "Labourer" keeps its capital), split at the " to " that follows an answer's name."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_VERB = re.compile(r"^\s*(?:change|edit|fix|correct|update|set|make)\s+(?:the\s+|my\s+)?", re.I)
_TO = re.compile(r"\s+(?:to|=|:|->|→)\s+|\s*(?:=|->|→)\s*", re.I)


def split_change(text: str, match_field: Callable[[str], Any]) -> tuple[Any, str] | None:
    """(the question named, the new value), or None when the text does not name an answer
    followed by " to <value>"."""
    verb = _VERB.match(text or "")
    if not verb:
        return None
    rest = text[verb.end():]
    for sep in _TO.finditer(rest):
        field, value = rest[:sep.start()].strip(), rest[sep.end():].strip()
        if not field or not value:
            continue
        question = match_field(field)
        if question is not None:
            return question, value
    return None
