"""What a person typed: tidied (:func:`clean_text`), escaped for Slack (:func:`escape`),
lower-cased for matching (:func:`for_matching`) — and the free-text answer (:func:`parse_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process

from rtwbot.intake.context import Invalid, Ok, Result

__all__ = [
    "MAX_ITEM_LENGTH",
    "MAX_TEXT_LENGTH",
    "clean_text",
    "close_matches",
    "escape",
    "for_matching",
    "has_word_chars",
    "parse_text",
    "unescape",
]

MAX_TEXT_LENGTH = 3000
MAX_ITEM_LENGTH = 100  # one name, or one item of a list

# Control and invisible formatting characters (keep \n and \t; they are handled separately).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def escape(text: str) -> str:
    """Escape user text for Slack (``&``, ``<``, ``>``) so it can never become a mention or link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of message text (the inverse of :func:`escape`)."""
    return str(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clean_text(raw: Any, *, keep_newlines: bool = False) -> str:
    """Normalize what a person typed: NFC, no control characters, tidy whitespace."""
    text = "" if raw is None else str(raw)
    text = _SURROGATE.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub(" ", text)
    if keep_newlines:
        lines = [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip()
    return re.sub(r"\s+", " ", text).strip()


def for_matching(raw: Any) -> str:
    """Lower-case words only, for matching."""
    text = clean_text(raw).lower().replace("_", " ")
    text = re.sub(r"[^\w\s'#/+&]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" '")


def has_word_chars(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def close_matches(word: str, candidates: Sequence[str], cutoff: float = 0.8) -> list[str]:
    """Up to three candidates most like ``word`` (rapidfuzz's ratio, 0-1 as difflib's)."""
    found = process.extract(word, list(candidates), scorer=fuzz.ratio, limit=3,
                            score_cutoff=cutoff * 100)
    return [match for match, _score, _index in found]


def parse_text(raw: Any, *, max_length: int = MAX_TEXT_LENGTH, example: str = "") -> Result:
    text = clean_text(raw, keep_newlines=True)
    if not text:
        suffix = f" — for example {example}" if example else ""
        return Invalid(f"Please type an answer{suffix}.")
    if len(text) > max_length:
        return Invalid(f"That's a bit long — please keep it under {max_length:,} characters.")
    if not has_word_chars(text):
        return Invalid("Please type a few words, not just symbols.")
    return Ok(text, text)
