"""The parts of a first message that may answer a report's questions — who, when, where,
which body parts — as spans of the message (pure).

This module only finds where they are; the questions' own parsers read them (the intake's
`prefill`), so "2 days ago at noon" means the same in "@erin hurt her back 2 days ago at
noon" as in answer to "When did it happen?". Each entity comes with candidates, longest
first: a parser that refuses "hurt her back 2 days ago at noon" may accept "2 days ago at
noon".
"""

from __future__ import annotations

import re

from rtwbot.understanding.injury import pieces
from rtwbot.understanding.vocabulary import VOCABULARY
from rtwbot.understanding.words import SHORTHAND

__all__ = ["spans"]

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_NAME_NUMBER = re.compile(r"\b([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2}),?\s*(?:#|no\.?\s*|"
                          r"emp(?:loyee)?\s*(?:no\.?|number|#)?\s*)?(\d{3,10})\b")
_LEADING_NAME = re.compile(r"^\W*([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\b")
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
# Words that anchor a time ("yesterday", "noon", "3pm"); others may join them.
_ANCHORS = {"yesterday", "yday", "yest", "today", "tonight", "noon", "midnight", "midday",
            "lunch", "lunchtime", "ago", "morning", "afternoon", "evening", "night", "now",
            "earlier", *_DAYS, *_MONTHS}
_JOINERS = {"at", "around", "about", "approx", "approximately", "roughly", "on", "the", "of",
            "this", "last", "ish", "in", "a", "an", "~", "@", "day", "days", "hour", "hours",
            "hr", "hrs", "minute", "minutes", "min", "mins", "week", "weeks", "just", "by",
            "past", "before", "after", "half", "quarter", "to", "o'clock", "oclock", "and"}
_CLOCK = re.compile(r"^\d{1,2}(:\d{2}(am|pm)?|am|pm|a\.m\.|p\.m\.|ish)$|^\d{1,2}(st|nd|rd|th)$|"
                    r"^\d{4}-\d{2}-\d{2}$|^(am|pm|a\.m\.|p\.m\.)$", re.I)
_TOKENS = re.compile(r"\S+")
_PLACE = re.compile(
    r"\b(?:in|at|inside|outside|near|behind|beside)\s+((?:the|a|an|our|their)\s+"
    r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}|[a-z]+\s+(?:hall|yard|park|centre|center|garage|"
    r"depot|plant|arena|street|road|avenue|library|shop|office|building|site|station))",
    re.I)
_NOT_PLACE = {"work", "job", "shift", "duty", "way", "heat", "sun", "rain", "snow", "cold",
              "wind", "storm", "dark", "morning", "afternoon", "evening", "night", "end",
              "process", "middle", "time", "moment", "hospital", "er", "clinic", "emergency",
              "ambulance", "pain", "face", "head", "eye", "eyes", "meantime", "past"}
_PLACE_STOP = re.compile(r"\s+(?:and|while|when|but|because|after|before|so|with|this|today|"
                         r"yesterday|around|about|at|on|last|tonight|from|,)\b.*$", re.I)
_BODY_LEAD = {"left", "right", "both", "upper", "lower", "l", "r", "lt", "rt"}


def _time_spans(text: str) -> list[str]:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKENS.finditer(text)]
    words = [re.sub(r"^[^\w~@]+|[^\w.:]+$|\.$", "", t[2]).lower() for t in tokens]
    words = [SHORTHAND.get(w, w) if w in ("yday", "yest", "tdy", "2day") else w for w in words]

    def anchor(i: int) -> bool:
        w = words[i]
        return w in _ANCHORS or bool(_CLOCK.match(w)) or w.isdigit() and (
            i + 1 < len(words) and words[i + 1] in
            ("days", "day", "hours", "hour", "hrs", "mins", "minutes", "weeks", "pm", "am")
            or i > 0 and words[i - 1] in ("at", "around", "about", "~", "@") and int(w) <= 24)

    def part(i: int) -> bool:
        return anchor(i) or words[i] in _JOINERS or words[i].isdigit()

    found: list[str] = []
    i = 0
    while i < len(words):
        if not part(i):
            i += 1
            continue
        j = i
        while j < len(words) and part(j) and not tokens[j][2].endswith((",", ";", ".", "!")):
            j += 1
        end = j + 1 if j < len(words) and part(j) else j
        run = list(range(i, end))
        if any(anchor(k) for k in run):
            for a in run:
                for b in reversed(run):
                    if b >= a and any(anchor(k) for k in range(a, b + 1)):
                        found.append(text[tokens[a][0]:tokens[b][1]].strip(" ,.;!"))
        i = max(end, i + 1)
    return sorted(dict.fromkeys(found), key=len, reverse=True)[:12]


def _body_spans(text: str) -> list[str]:
    ps = pieces(text)
    parts = []
    for i, p in enumerate(ps):
        if not p.body:
            continue
        before = ps[i - 1] if i else None
        after = ps[i + 1] if i + 1 < len(ps) else None
        owned = before is not None and (before.has("poss") or before.poss or
                                        before.word in _BODY_LEAD)
        hurt = any(q is not None and q.tags & {"event", "thing_event", "symptom", "harm",
                                               "critical", "caught", "fracture"}
                   for q in (before, after))
        if owned or hurt:
            lead = before.word if before is not None and before.word in _BODY_LEAD else ""
            parts.append(f"{lead} {p.word}".strip())
    return [" and ".join(dict.fromkeys(parts))] if parts else []


def _place_spans(text: str) -> list[str]:
    found = []
    for m in _PLACE.finditer(text):
        before = text[:m.start()].lower().split()[-1:] or [""]
        if before[0] in ("caught", "stuck", "trapped", "jammed", "pinched", "splash", "hit",
                         "dust", "bleach", "something", "it"):
            continue
        place = _PLACE_STOP.sub("", m.group(1)).strip(" .,;!")
        words = place.lower().split()
        if not words or len(words) > 5 or any(
                w in _NOT_PLACE or any(c.isdigit() for c in w) or VOCABULARY.tags((w,))
                for w in words[1:] or words):
            continue
        found.append(place)
    return found[:1]


def _who_spans(text: str) -> list[str]:
    if mention := _MENTION.search(text):
        return [mention.group(0)]
    found = [f"{m.group(1)}, {m.group(2)}" for m in _NAME_NUMBER.finditer(text)]
    if lead := _LEADING_NAME.match(text):
        name = lead.group(1)
        if not any(VOCABULARY.tags((w.lower(),)) for w in name.split()):
            found += [name, name.split()[0]] if " " in name else [name]
    return found


def spans(text: str) -> dict[str, list[str]]:
    """Candidate spans by what they may answer: "employee", "occurred_at", "location",
    "body_parts" (the report's question keys), longest or surest first."""
    text = text or ""
    found = {"employee": _who_spans(text), "occurred_at": _time_spans(text),
             "location": _place_spans(text), "body_parts": _body_spans(text)}
    return {key: values for key, values in found.items() if values}
