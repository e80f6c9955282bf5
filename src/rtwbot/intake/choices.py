"""Typos in a choice: "prks" -> "Did you mean Parks and Recreation?" (pure; the distances are
rapidfuzz's).

``did_you_mean(text, options)`` returns the one option the text is probably a misspelling of,
or ``None``. It never decides for the person: callers ask, and accept only a confirmed choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

__all__ = ["did_you_mean", "edit_distance"]

_STOP = {"and", "of", "the", "&", "services", "service", "dept", "department", "division"}


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with an adjacent swap counted as one edit (rapidfuzz's OSA)."""
    return OSA.distance(a, b)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _allowed(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) < 7 else 2


def _word_matches(typed: str, word: str) -> bool:
    """A typed word is a (possibly misspelled) word of the option, or its start."""
    if word.startswith(typed) and len(typed) >= 3:
        return True
    limit = _allowed(typed)
    if limit == 0:
        return False
    if edit_distance(typed, word) <= limit:
        return True
    # a misspelled start of a long word ("transprt" -> "transportation")
    return len(typed) >= 5 and any(
        edit_distance(typed, word[:n]) <= limit for n in (len(typed) - 1, len(typed), len(typed) + 1)
    )


def _score(text: str, option: str) -> float:
    typed = [w for w in _words(text) if w not in _STOP] or _words(text)
    words = _words(option)
    if not typed or not words:
        return 0.0
    if all(any(_word_matches(t, w) for w in words) for t in typed):
        return 1.0
    joined, whole = "".join(typed), "".join(w for w in words if w not in _STOP) or "".join(words)
    if len(joined) >= 4 and edit_distance(joined, whole) <= max(1, len(whole) // 5):
        return 0.9
    ratio = fuzz.ratio(" ".join(typed), " ".join(words)) / 100
    return ratio if ratio >= 0.75 else 0.0


def did_you_mean(text: str, options: Iterable[str]) -> str | None:
    """The option ``text`` most probably misspells, when exactly one stands out."""
    if not text or not text.strip():
        return None
    scored = sorted(((s, o) for o in dict.fromkeys(options) if (s := _score(text, o)) > 0),
                    key=lambda pair: -pair[0])
    if not scored:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two as likely: let the person pick
    return scored[0][1]
