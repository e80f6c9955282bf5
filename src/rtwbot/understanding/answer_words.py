"""The words that answer any question the same way (pure): "not sure" / "idk" / "n/a" (and
their typos), "yes" / "nope", "looks good, file it", and numbers said in words ("forty").

Every question of the report reads them through here, so "dunno" means the same to the date
of hire as to the witnesses, and "yes" accepts a "Did you mean …?" wherever one is asked.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from rtwbot.understanding.words import plain

__all__ = [
    "NO",
    "UNKNOWN",
    "YES",
    "affirmative",
    "confirms",
    "date_words",
    "dont_know",
    "negative",
    "numbers_in_words",
]

YES = frozenset({
    "y", "yes", "yep", "yeah", "yea", "ya", "yah", "yup", "yes please", "sure", "true",
    "correct", "ok", "okay", "definitely", "absolutely", "affirmative", "they did",
    "yes they did", "of course", "that one", "yes that one", "thats it", "that's it",
    "thats right", "that's right", "right", "exactly", "yes that's right", "yes thats right",
    "yes correct", "yep that one", "yeah that one", "that's the one", "thats the one", "k",
})
NO = frozenset({
    "n", "no", "nope", "nah", "na", "false", "none", "not yet", "never", "negative",
    "no they didn't", "they didn't", "did not", "not that i know of", "not as far as i know", "no way", "not at all", "not that one",
    "no not that", "wrong", "neither",
})
UNKNOWN = frozenset({
    "unknown", "not sure", "dunno", "don't know", "dont know", "do not know", "i don't know",
    "i dont know", "idk", "maybe", "unsure", "no idea", "not known", "possibly", "perhaps",
    "tbd", "not sure yet", "don't know yet", "dont know yet", "unclear", "?", "??",
    "i'm not sure", "im not sure", "not certain", "can't say", "cant say", "no clue",
    "n/a", "n a", "na", "not applicable", "unk", "can't remember", "cant remember",
    "don't remember", "dont remember", "not sure tbh", "beats me", "no one knows",
    "nobody knows", "couldn't tell you", "idk tbh", "i have no idea", "haven't a clue",
    "not a clue", "i'm unsure", "im unsure", "dk", "no info", "not available",
})
# "Don't know" and its typos; "maybe" and "possibly" are answers to a yes/no question, not
# a skip of a date.
_SKIP_UNKNOWN = UNKNOWN - {"maybe", "possibly", "perhaps", "na"}
_FILLER = {"tbh", "honestly", "sorry", "really", "um", "uh", "umm", "hmm", "lol", "yet",
           "either", "at", "all", "to", "be", "honest", "i'm", "im", "afraid", "actually",
           "ok", "so", "oh", "well", "exactly", "off", "hand", "the", "top", "of", "my", "head"}


def _norm(text: str) -> str:
    text = plain(text).lower().replace("\u2019", "'")
    text = re.sub(r"[^\w\s'/?]", " ", text)
    return " ".join(text.split())


def _is_one_of(text: str, words: frozenset[str], *, fuzzy: bool = True) -> bool:
    n = _norm(text)
    if not n:
        return False
    if n in words:
        return True
    core = " ".join(w for w in n.split() if w not in _FILLER)
    if core in words:
        return True
    if not fuzzy or len(n) < 5 or len(n) > 40:
        return False
    long = [w for w in words if len(w) >= 5]
    return any(fuzz.ratio(n, w) >= 86 or (core and fuzz.ratio(core, w) >= 86) for w in long)


def dont_know(text: str) -> bool:
    """ "not sure", "I don't know", "idk", "n/a", "dunno", "unkown", "no clue" — but not
    "maybe" (an answer to yes/no questions)."""
    return _is_one_of(text, frozenset(_SKIP_UNKNOWN))


def affirmative(text: str) -> bool:
    """ "yes", "yep that one", "correct": a yes to the question just asked."""
    n = _norm(text)
    if _is_one_of(text, YES, fuzzy=False):
        return True
    first = n.split(" ", 1)[0] if n else ""
    rest = n[len(first):].strip()
    return first in {"yes", "yep", "yeah", "yup", "y", "ya", "correct"} and (
        not rest or not set(rest.split()) & {"but", "not", "no", "wait", "change"})


def negative(text: str) -> bool:
    n = _norm(text)
    return _is_one_of(text, NO, fuzzy=False) or n.split(" ", 1)[0] in {"no", "nope", "nah"}


# A summary confirmed in the person's own words: "looks good, file it", "yep all good 👍".
_CONFIRMING = {"confirm", "confirmed", "file", "submit", "send", "yes", "yep", "yeah", "yup",
               "ok", "okay", "correct", "right", "good", "lgtm", "perfect", "fine", "done",
               "great", "y", "sure", "accurate", "approved", "approve", "go"}
_ALSO = {"it", "that", "this", "all", "everything", "is", "looks", "look", "please", "pls",
         "plz", "thats", "that's", "it's", "its", "thanks", "thank", "you", "ahead", "and",
         "away", "now", "in", "the", "report", "very", "seems", "seem", "to", "me", "be",
         "go", "can", "just", "ya", "alright", "cool", "great", "awesome", "k"}
_VETO = {"no", "not", "wait", "change", "wrong", "hold", "stop", "cancel", "edit", "fix",
         "but", "except", "don't", "dont", "nope", "incorrect", "missing", "forgot", "isn't",
         "isnt", "actually", "hmm", "nah", "later"}


def confirms(text: str) -> bool:
    """Every word agrees and at least one confirms ("looks good, file it"); any doubt
    ("wait", "no the date is wrong", "not yet") is not a confirmation."""
    tokens = _norm(text).replace("?", " ").split()
    if not tokens or len(tokens) > 12 or set(tokens) & _VETO:
        return False
    return bool(set(tokens) & _CONFIRMING) and all(t in _CONFIRMING | _ALSO for t in tokens)


_UNITS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = re.compile(
    r"\b(?P<tens>twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety)?(?:[\s-]*"
    r"(?P<unit>one|two|three|four|five|six|seven|eight|nine)\b)?"
    r"|\b(?P<teen>zero|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)\b", re.I)
_DATE_SHORTHAND = {"yday": "yesterday", "yest": "yesterday", "ystrdy": "yesterday",
                   "yesterdy": "yesterday", "tdy": "today", "2day": "today", "tmrw": "tomorrow",
                   "tmr": "tomorrow", "2moro": "tomorrow", "tonite": "tonight", "2nite": "tonight",
                   "lst": "last", "mins": "minutes", "hrs": "hours", "wk": "week"}
_SHORT_WORD = re.compile(r"\b(" + "|".join(_DATE_SHORTHAND) + r")\b", re.I)


def date_words(text: str) -> str:
    """ "yday around 3" -> "yesterday around 3": chat shorthand for days made words."""
    return _SHORT_WORD.sub(lambda m: _DATE_SHORTHAND[m.group(1).lower()], text or "")


_HALF = re.compile(r"(\d+)\s+(?:and\s+a\s+half|point\s+five|\.5)\b", re.I)


def numbers_in_words(text: str) -> str:
    """ "forty" -> "40", "thirty-seven and a half" -> "37.5"; other text unchanged."""

    def number(m: re.Match[str]) -> str:
        if m.group("teen"):
            return str(_UNITS.get(m.group("teen").lower(), 10 if m.group("teen").lower() ==
                                  "ten" else m.group(0)))
        tens, unit = m.group("tens"), m.group("unit")
        if not tens and not unit:
            return m.group(0)
        value = _TENS.get((tens or "").lower(), 0) + _UNITS.get((unit or "").lower(), 0)
        return str(value)

    out = _NUMBER_WORDS.sub(number, text or "")
    return _HALF.sub(lambda m: f"{m.group(1)}.5", out)
