"""The multi_choice answer (body parts): several options typed with commas or "and", by
number or words, each with its side (left/right/both) and any detail kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rtwbot.domain import wsib_terms
from rtwbot.intake.choice_answer import match_option, option_keys
from rtwbot.intake.context import Invalid, Ok, Result
from rtwbot.intake.typed_text import MAX_ITEM_LENGTH, clean_text, for_matching, has_word_chars

__all__ = ["item_display", "parse_multi_choice"]

MAX_MULTI_INPUT = 1000
MAX_MULTI_ITEMS = 20

_SIDE_WORDS = {
    "left": "left",
    "l": "left",
    "lt": "left",
    "right": "right",
    "r": "right",
    "rt": "right",
    "both": "both",
    "bilateral": "both",
    "two": "both",
}
_YES_NO = {"yes", "yep", "yeah", "yup", "ya", "yea", "y", "no", "nope", "nah", "n", "ok",
           "okay", "sure", "correct", "that", "one", "it", "please"}
_FILLER = {"my", "the", "his", "her", "their", "a", "an", "side", "of", "sides", "on"}
_SPLIT_ITEMS = re.compile(r"\s*(?:[,;+&/\n]|\band\b|\bplus\b|\bwith\b|\balso\b)\s*", re.IGNORECASE)
_IRREGULAR_PLURALS = {"feet": "foot", "teeth": "tooth"}
# The parts the Form 7 asks right or left of.
_SIDED = {t.key for t in wsib_terms.BODY_PARTS if t.sided}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("sh", "ch", "x")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _merge_side(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if a == b else "both"


def item_display(item: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    part = item.get("part")
    base = labels.get(str(part), str(part))
    if item.get("detail"):
        base = f"{base}: {item['detail']}"
    side = item.get("side")
    if side == "both":
        return f"{base} (both sides)"
    if side:
        return f"{base} ({side})"
    return base


def parse_multi_choice(
    raw: Any,
    options: Sequence[tuple[str, str]],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    allow_other: bool = True,
    ambiguous: Mapping[str, str] | None = None,
    from_action: bool = False,
) -> Result:
    """Several options (body parts): commas/"and", numbers, words, left/right, free additions.

    The value is a list of ``{"part": value, "side": "left"|"right"|"both"|None,
    "detail": free text or None}``.  ``ambiguous`` maps a bare word (e.g. "back") to the
    sentence that asks which option is meant.
    """
    labels = dict(options)
    example = '"left wrist, lower back" or "3, 9"'
    if isinstance(raw, (list, tuple)) and from_action:
        pieces = [str(p) for p in raw]
    else:
        text = clean_text(raw)
        if not text:
            return Invalid(f"Please name at least one — for example {example}.")
        if len(text) > MAX_MULTI_INPUT:
            return Invalid(
                f"That's a lot to read — please list them separated by commas, like {example}."
            )
        said = set(for_matching(text).split())
        if said and said <= _YES_NO:  # "yes" is no typo of "eyes"
            return Invalid(f"Please name which ones — for example {example}.")
        if from_action and all(p in labels for p in text.split(",")):
            pieces = text.split(",")
        else:
            pieces = [p.strip(" .-:") for p in _SPLIT_ITEMS.split(text)]
    pieces = [p for p in pieces if p and p.strip(" .-:")]
    if not pieces:
        return Invalid(f"Please name at least one — for example {example}.")
    if len(pieces) > MAX_MULTI_ITEMS:
        return Invalid(
            f"That's more than {MAX_MULTI_ITEMS} — please list only the ones affected, like {example}."
        )

    items: list[dict[str, Any]] = []
    pending_side: str | None = None
    for piece in pieces:
        if piece in labels:
            items.append({"part": piece, "side": _merge_side(None, pending_side), "detail": None})
            pending_side = None
            continue
        words = [w for w in for_matching(piece).split() if w not in _FILLER]
        side = None
        while words and words[0] in _SIDE_WORDS:
            side = _merge_side(side, _SIDE_WORDS[words.pop(0)])
        while words and words[-1] in _SIDE_WORDS:
            side = _merge_side(side, _SIDE_WORDS[words.pop()])
        if not words:
            if side is None:
                continue
            pending_side = _merge_side(pending_side, side)
            continue
        side = _merge_side(side, pending_side)
        pending_side = None
        phrase = " ".join(words)
        if re.fullmatch(r"#?\d{1,4}", phrase):
            index = int(phrase.lstrip("#"))
            if not 1 <= index <= len(options):
                return Invalid(
                    f"There's no option {index} — please use numbers from 1 to {len(options)}."
                )
            items.append({"part": options[index - 1][0], "side": side, "detail": None})
            continue
        if phrase in (ambiguous or {}):
            return Invalid((ambiguous or {})[phrase])
        other = re.fullmatch(r"other\b[\s:-]*(.*)", phrase)
        if other:
            detail = clean_text(re.sub(r"^\s*other\b[\s:-]*", "", piece, flags=re.IGNORECASE))
            items.append(
                {
                    "part": "other" if "other" in labels else phrase,
                    "side": side,
                    "detail": detail or None,
                }
            )
            continue
        singular = " ".join(_singular(w) for w in words)
        values: set[str] = set()
        for candidate in (phrase, singular):
            values, exact = match_option(candidate, options, aliases)
            if values and (exact or len(values) == 1):
                break
        if len(values) == 1:
            items.append({"part": values.pop(), "side": side, "detail": None})
            continue
        # "left big toe", "ear lobe": one word names an option; keep the rest as detail
        keys = option_keys(options, aliases)
        hits = {v for w in words for v in keys.get(_singular(w), keys.get(w, set()))}
        inner = next((_SIDE_WORDS[w] for w in words if w in _SIDE_WORDS), None)
        if len(hits) == 1 and len(phrase) <= MAX_ITEM_LENGTH:
            items.append({"part": hits.pop(), "side": _merge_side(side, inner),
                          "detail": phrase})
            continue
        # "fingers on his right hand", "the heel of her left foot": the first part, on the
        # second, takes the side said of either
        if len(hits) == 2 and re.search(r"\b(on|of)\b", for_matching(piece)) and \
                len(phrase) <= MAX_ITEM_LENGTH:
            first = next(v for w in words for v in keys.get(_singular(w), keys.get(w, ())))
            items.append({"part": first, "side": _merge_side(side, inner), "detail": None})
            continue
        if not allow_other:
            return Invalid(f"Please pick from the options — for example {example}.")
        detail = clean_text(piece)
        if len(detail) > MAX_ITEM_LENGTH:
            return Invalid(f"Please keep each one short — for example {example}.")
        if not has_word_chars(detail):
            return Invalid(f"Please use words or option numbers — for example {example}.")
        items.append({"part": "other", "side": side, "detail": detail})
    if pending_side and not items:
        return Invalid('Which part on that side — for example "left wrist"?')
    for before, item in zip(items, items[1:], strict=False):
        # "left thumb & index finger", "right wrist and hand": the side said once holds for
        # the limb parts named right after it
        if item["side"] is None and before["side"] and item["part"] in _SIDED and \
                before["part"] in _SIDED:
            item["side"] = before["side"]

    unique: list[dict[str, Any]] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    if not unique:
        return Invalid(f"Please name at least one — for example {example}.")
    return Ok(unique, ", ".join(item_display(i, labels) for i in unique))
