"""The one-choice answers: yes / no / not sure (:func:`parse_yes_no_unknown`) and one of a
question's options (:func:`parse_choice`) — by value, number, words, prefix or a small typo.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rtwbot.intake.choices import did_you_mean, edit_distance
from rtwbot.intake.context import Invalid, Ok, Result
from rtwbot.intake.typed_text import (
    clean_text,
    close_matches,
    escape,
    for_matching,
    has_word_chars,
    parse_text,
)
from rtwbot.understanding.answer_words import (
    NO,
    UNKNOWN,
    YES,
    affirmative,
    dont_know,
    emoji_words,
    negative,
)

__all__ = [
    "YES_NO_CHOICES",
    "match_option",
    "option_keys",
    "parse_choice",
    "parse_yes_no_unknown",
]

MAX_CHOICE_INPUT = 200
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>|^@\w")

# --------------------------------------------------------------------------- yes / no / unknown

YES_NO_CHOICES: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("unknown", "Not sure"),
)
_YES_NO_DISPLAY = dict(YES_NO_CHOICES)
# The words are the understanding layer's, shared by every question.
_YES, _NO, _UNKNOWN = YES, NO, UNKNOWN
_YES_FIRST = {"y", "yes", "yep", "yeah", "yup", "ya", "yea"}
_NO_FIRST = {"n", "no", "nope", "nah"}


def parse_yes_no_unknown(raw: Any, aliases: Mapping[str, Sequence[str]] | None = None,
                         choices: Sequence[tuple[str, str]] = ()) -> Result:
    """Yes, no or not sure, in the words every question shares (`answer_words`: "yep",
    "nah", "👍", "not sure, ask HR"), or in the question's own (``aliases``: "he saw a
    physio" is a yes to health care; ``choices``: its buttons' labels, "What counts?")."""
    text = for_matching(emoji_words(str(raw))) if raw is not None else ""
    aliases = {**(aliases or {})}
    for value, label in choices:
        aliases[value] = (*aliases.get(value, ()), label)
    said = [label for _, label in choices] or ["yes", "no", "not sure"]
    if not text and clean_text(raw) in {"?", "??", "???"}:
        text = "?"
    if text in _YES_NO_DISPLAY:
        return Ok(text, _YES_NO_DISPLAY[text])
    invalid = Invalid("Please answer " + ", ".join(f'"{w.lower()}"' for w in said[:-1])
                      + f' or "{said[-1].lower()}".')
    if not text or len(text) > MAX_CHOICE_INPUT:
        return invalid
    for value, words in (("unknown", _UNKNOWN), ("yes", _YES), ("no", _NO)):
        if text in words:
            return Ok(value, _YES_NO_DISPLAY[value])
    if any(text.startswith(w + " ") for w in _UNKNOWN if " " in w):
        return Ok("unknown", _YES_NO_DISPLAY["unknown"])
    first = re.split(r"[\s,]+", text, maxsplit=1)[0]
    if first in _YES_FIRST:
        return Ok("yes", _YES_NO_DISPLAY["yes"])
    if first in _NO_FIRST:
        return Ok("no", _YES_NO_DISPLAY["no"])
    for value, says in (("unknown", dont_know), ("yes", affirmative), ("no", negative)):
        if says(str(raw)):
            return Ok(value, _YES_NO_DISPLAY[value])
    aliased = _said_by_alias(text, aliases or {})
    if aliased is not None:
        return Ok(aliased, _YES_NO_DISPLAY[aliased])
    if len(text) >= 3:
        vocabulary = {
            w: v for v, ws in (("yes", _YES), ("no", _NO), ("unknown", _UNKNOWN)) for w in ws
        }
        long_words = [w for w in vocabulary if len(w) >= 3]
        close = {vocabulary[w] for w in close_matches(text, long_words, 0.8)}
        if not close and len(text) <= 8:
            close = {vocabulary[w] for w in long_words if edit_distance(text, w) <= 1}
        if len(close) == 1:
            value = close.pop()
            return Ok(value, _YES_NO_DISPLAY[value])
    return invalid

def _said_by_alias(text: str, aliases: Mapping[str, Sequence[str]]) -> str | None:
    """The one value whose words the answer uses ("went to the walk-in clinic" -> yes); a
    negation turns a yes into a no ("didn't see a doctor")."""
    words = f" {text} "
    found = {value for value, said in aliases.items()
             for w in said if f" {for_matching(w)} " in words}
    if len(found) != 1:
        return None
    value = found.pop()
    if set(text.split()) & (_NEGATIONS | {"didn't", "didnt", "hasn't", "hasnt", "haven't",
                                          "havent", "wasn't", "wasnt", "nope"}):
        return "no" if value == "yes" else None
    return value


# --------------------------------------------------------------------------- single choice


def option_keys(
    options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for value, label in options:
        for key in (value, value.replace("_", " "), label, *((aliases or {}).get(value, ()))):
            n = for_matching(key)
            if n:
                keys.setdefault(n, set()).add(value)
    return keys


_CONNECTORS = ("&", "and", "of", "the", "n", "+", "'n'", "an")


def _words_start(words: Sequence[str], name: str) -> bool:
    """Every typed word starts a word of the name ("par rec" -> "parks and recreation")."""
    return all(any(kw.startswith(w) for kw in name.split()) for w in words)


def match_option(
    text: str, options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> tuple[set[str], bool]:
    """-> (matching values, exact?).  Empty set when nothing matches."""
    keys = option_keys(options, aliases)
    n = for_matching(text)
    if not n:
        return set(), False
    if n in keys:
        return set(keys[n]), True
    if len(n) >= 2:
        prefixed = {v for k, vs in keys.items() if k.startswith(n) for v in vs}
        if prefixed:
            return prefixed, False
    words = [w for w in n.split() if w not in _CONNECTORS] or n.split()
    if words:
        contained = {v for k, vs in keys.items() if _words_start(words, k) for v in vs}
        if contained:
            return contained, False
    if len(n) >= 3:
        close = {v for k in close_matches(n, list(keys), 0.75) for v in keys[k]}
        if close:
            return close, False
    return set(), False


_NEGATIONS = {
    "not",
    "no",
    "non",
    "never",
    "less",
    "without",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "except",
}


def _match_known_words(
    text: str, options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> tuple[set[str], bool]:
    """Ignore words that name no option ("Water dept" -> "water"), unless one is a negation
    that is not part of the name said ("yes but less pay" names "less pay")."""
    keys = option_keys(options, aliases)
    known = {w for key in keys for w in key.split()}
    words = for_matching(text).split()
    kept = [w for w in words if w in known]
    dropped = [w for w in words if w not in known]
    if not kept or not dropped:
        return set(), False
    negations = {w for w in words if w in _NEGATIONS}
    phrase = " ".join(kept)
    if phrase in keys and not negations:
        return set(keys[phrase]), True
    # the longest name said word for word inside ("light duties at full pay" -> "full pay")
    said = f" {' '.join(words)} "
    inside = sorted((k for k in keys if " " in k and f" {k} " in said), key=len, reverse=True)
    if inside and negations <= set(inside[0].split()):
        found = {v for k in inside if len(k) == len(inside[0]) for v in keys[k]}
        if len(found) == 1:
            return found, True
    return set(), False


def _negates(text: str, value: str, options: Sequence[tuple[str, str]],
             aliases: Mapping[str, Sequence[str]] | None) -> bool:
    """A negation in the answer that no name of the option holds ("not at regular pay")."""
    said = set(for_matching(text).split()) & _NEGATIONS
    if not said:
        return False
    names = [k for k, vs in option_keys(options, aliases).items() if value in vs]
    return not any(said <= set(k.split()) for k in names)


def _spelled_out(
    text: str, value: str, options: Sequence[tuple[str, str]],
    aliases: Mapping[str, Sequence[str]] | None,
) -> bool:
    """Every typed word starts a word of one of the option's names (no letter wrong)."""
    words = [w for w in for_matching(text).split() if w not in _CONNECTORS]
    keys = [k for k, vs in option_keys(options, aliases).items() if value in vs]
    return any(_words_start(words, k) for k in keys)


# Words that say nothing about which option: the question's own ("work related").
_COMMON = {"work", "job", "related", "occupational", "from", "with", "that", "this", "they",
           "their", "were", "was", "got", "have", "been", "also", "the", "and", "for",
           "off", "out", "any", "its", "his", "her"}


def _named_by_its_words(
    text: str, options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> set[str]:
    """ "got sick from the fumes on the job" -> work-related illness: the one option whose
    own words (each found in no other option) the answer uses; none when two are named or a
    negation could turn the meaning ("not sick")."""
    words = for_matching(text).split()
    if any(w in _NEGATIONS for w in words):
        return set()
    owners: dict[str, set[str]] = {}
    for key, values in option_keys(options, aliases).items():
        for w in key.split():
            if len(w) >= 3 and w not in _COMMON:
                owners.setdefault(w, set()).update(values)
    named = {next(iter(owners[w])) for w in words if len(owners.get(w, ())) == 1}
    return named if len(named) == 1 else set()


# Replies to "did you mean ...?" that are not a name to keep as typed.
_NOT_A_NAME = {"yes", "y", "yeah", "yep", "yup", "no", "n", "nope", "ok", "okay", "sure", "right",
               "correct", "that one", "yes please"}


def parse_choice(
    raw: Any,
    options: Sequence[tuple[str, str]],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    allow_other: bool = False,
    ambiguous: Mapping[str, str] | None = None,
    from_action: bool = False,
    confirm_typos: bool | None = None,
) -> Result:
    """One of ``options`` by value, number, words, prefix or a small typo (asked about, when
    ``confirm_typos``: by default when other names may be typed).

    With ``allow_other`` any other non-empty text is kept as typed.  ``ambiguous`` maps a
    word (e.g. "yes") to the sentence that asks which option is meant.
    """
    labels = dict(options)
    confirm_typos = allow_other if confirm_typos is None else confirm_typos
    raw_text = "" if raw is None else str(raw)
    if raw_text in labels:
        return Ok(raw_text, labels[raw_text])
    text = clean_text(raw_text)
    example = f'"1" or "{escape(options[0][1])}"' if options else '"1"'
    if not options:
        if allow_other:
            return parse_text(text, max_length=MAX_CHOICE_INPUT)
        return Invalid("There's nothing to choose from here — please type your answer.")
    if not text:
        return Invalid(f"Please pick one of the options — for example {example}.")
    if len(text) > MAX_CHOICE_INPUT:
        if allow_other:
            return Invalid(
                f"That's a bit long — please keep it under {MAX_CHOICE_INPUT} characters."
            )
        return Invalid(f"Please pick one of the options — for example {example}.")
    if _MENTION.search(text):  # a person is never a division or a job title
        return Invalid("That's a person — please type the answer in words, or pick one below.")
    number = re.fullmatch(r"#?\s*(\d{1,3})\s*[.)]?", text)
    if number and not from_action:
        index = int(number.group(1))
        if 1 <= index <= len(options):
            value, label = options[index - 1]
            return Ok(value, label)
        return Invalid(
            f"There's no option {index} — please pick a number from 1 to {len(options)}."
        )
    if for_matching(text) in (ambiguous or {}):
        return Invalid((ambiguous or {})[for_matching(text)])
    values, exact = match_option(text, options, aliases)
    if not values:
        values, exact = _match_known_words(text, options, aliases)
    if not values and not confirm_typos:  # a fixed list: the option its own words name
        values, exact = _named_by_its_words(text, options, aliases), True
    if not values and not confirm_typos and re.search(r"[,;]", text):
        # "not work-related, happened skiing": the one part that names an option
        named = [match_option(part, options, aliases) for part in re.split(r"[,;]", text)]
        found = {v for values_, exact_ in named if exact_ for v in values_}
        if len(found) == 1:
            values, exact = found, True
    if len(values) == 1 and _negates(text, next(iter(values)), options, aliases):
        values = set()  # "not at regular pay" is not "regular pay"
    if len(values) == 1:
        value = values.pop()
        if confirm_typos and not exact and not _spelled_out(text, value, options, aliases):
            # A misspelling: ask, never assume ("yes" takes it).
            return Invalid(f'Did you mean "{escape(labels[value])}" — say "yes", pick it below, '
                           "or type it in full?", on_yes=Ok(value, labels[value]))
        return Ok(value, labels[value])
    if len(values) > 1 and not exact:
        ordered = [labels[v] for v, _ in options if v in values]
        if allow_other and len(ordered) > 3:
            return parse_text(text, max_length=MAX_CHOICE_INPUT)
        listed = " or ".join(f'"{escape(label)}"' for label in ordered[:3])
        return Invalid(f"That could be {listed} — which one?")
    # Never keep a typo of an option as a new answer ("prks" is not a division).
    hint = did_you_mean(text, [label for _, label in options])
    if hint is not None:
        meant = next(v for v, label in options if label == hint)
        return Invalid(f'Did you mean "{escape(hint)}" — say "yes", pick it below, or type it '
                       "in full?", on_yes=Ok(meant, hint))
    listed = ", ".join(label for _, label in options[:12])
    if len(listed) > 160:
        listed = listed[:159].rsplit(",", 1)[0] + ", …"
    if allow_other:
        if for_matching(text) in _NOT_A_NAME:
            return Invalid(f"Please pick one of the options, or type the name in full — "
                           f"for example {example}.")
        kept = parse_text(text, max_length=MAX_CHOICE_INPUT)
        if isinstance(kept, Ok) and options:
            note = (f'"{escape(kept.display)}" isn\'t on the list ({escape(listed)}): I\'ve kept '
                    "it as you typed it, and HR will see it.")
            return Ok(kept.value, kept.display, note=note)
        return kept
    if for_matching(text) in _NOT_A_NAME:
        return Invalid(f"Please pick one of the options — for example {example}.")
    # Said back in quotes: a quote mark of its own would end them early.
    shown = text.replace('"', "'")
    quoted = f'"{escape(shown)}"' if len(shown) <= 40 and has_word_chars(shown) else "That"
    return Invalid(f"{quoted} isn't one of them — please pick one of: {escape(listed)}.")
