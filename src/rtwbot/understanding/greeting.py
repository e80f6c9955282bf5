"""What a direct message to the bot means: a report, a status question, or a request for help."""

from __future__ import annotations

import re

GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|yo)\b", re.I)
HELP = re.compile(r"\b(help|what can you do|how does this work|\?$)", re.I)


def is_greeting_or_help(text: str) -> tuple[bool, bool]:
    return bool(GREETING.search(text)), bool(HELP.search(text))
