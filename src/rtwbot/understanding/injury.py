"""Does a message say that someone was hurt or fell ill — and maybe critically? (pure)

Words alone do not say it: "broke" is about a person in "broke his arm" and about a thing in
"broke the mower". So each word of the vocabulary (`understanding.vocabulary`) is read with
its neighbours, the way a person reads it:

- a word said only of a person ("sprained", "slipped", "fainted") is enough;
- a word said of things too ("cut", "broke", "fell", "crushed") counts when a body part is
  its object or its subject ("cut her hand", "his finger got crushed"), when it is passive
  ("got hit", "was struck"), when a person is its subject or object ("Tom fell", "a dog bit
  one of our meter readers"), or when the message starts with it ("fell off the ladder");
  with a thing for subject or object ("the printer died", "I broke the mower") it does not;
- a harm ("a bad cut"), a symptom ("swollen") or care ("ambulance") counts with a person or
  a body part;
- "nobody was hurt" takes it back; idioms ("break a leg", "killed it") are not read at all.

The score: 2 or more is a report; from 1, ask "Do you want to report an injury?"; below,
nothing. ``critical`` is set when what is named may be a critical injury or a death
(O. Reg. 834): the critical question is then asked first — asked, never assumed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rtwbot.domain import wsib_terms as terms
from rtwbot.understanding.phrases import (
    FIRST_PERSON,
    Piece,
    body_after,
    body_before,
    near,
    negated,
    object_of,
    passive,
    pieces,
    subject,
)
from rtwbot.understanding.vocabulary import DETERMINERS

__all__ = ["ASK", "REPORT", "Injury", "injury_in"]

REPORT, ASK = 2.0, 1.0

_REPORT_REQUEST = re.compile(
    r"\b(report|file|log|submit|record|fill (out|in))\b(\s+\w+){0,2}\s+"
    r"(injur\w*|accident|incident|illness|wsib|claim|form\s*7)"
    r"|\b(injur\w*|accident|incident|illness|wsib)\s+(report|claim|form)"
    r"|\b(start|new|open|file|fill( out| in)?|make|submit|create|begin)\b(\s+\w+){0,2}\s+"
    r"(report|case|claim|form\s*7)\b"
    r"|\b(need|want|have|like|got|how( do| can)? (i|we)|can (i|we)) (to )?report\b"
    r"|^\W*report\b", re.I)



@dataclass(frozen=True)
class Injury:
    score: float
    critical: bool
    requested: bool = False  # asked for a report in so many words

    @property
    def report(self) -> bool:
        return self.score >= REPORT

    @property
    def ask(self) -> bool:
        return ASK <= self.score < REPORT


def _thing_event(ps: list[Piece], i: int) -> float:
    if body_after(ps, i) or body_before(ps, i):
        return 3.0
    if passive(ps, i) and subject(ps, i - 1) != "thing":
        return 2.0
    obj = object_of(ps, i)
    if obj == "person":
        return 2.0
    who = subject(ps, i)
    if ps[i].past and obj != "thing" and who in ("person", "none"):
        return 2.0
    return 0.3


def _score(ps: list[Piece], i: int) -> float:
    p = ps[i]
    if p.has("critical"):
        return 2.0
    if p.has("event"):
        if p.words[-1].endswith("ed") and object_of(ps, i) == "thing" and not body_after(ps, i):
            return 0.3  # "tripped the breaker", "kicked the tire"
        return 2.0
    if p.has("thing_event"):
        found = _thing_event(ps, i)
        if found >= REPORT or not p.has("harm"):
            return found
    if p.has("harm") and _as_noun(ps, i):
        if any(q.word in ("got", "has", "had", "have", "get", "gets")
               for q in ps[max(0, i - 4):i]):
            return 2.0  # "got a shock", "has a bad cut"
        if near(ps, i, lambda q: q.person or q.poss or q.has("poss") or bool(q.body), 3):
            return 2.0
        return 1.0 if p.words[0] in ("accident", "incident") else 0.5
    if p.has("symptom"):
        return 2.0 if near(ps, i, lambda q: bool(q.body), 3) else 0.3
    if p.has("care"):
        someone = near(ps, i, lambda q: q.person and q.word not in FIRST_PERSON, 4)
        return 1.0 if someone else 0.5
    if p.has("mechanism") and body_after(ps, i):
        return 2.0
    return 0.0


_ADJECTIVES = {"bad", "nasty", "deep", "small", "big", "minor", "serious", "little", "huge",
               "some", "major", "severe", "slight", "chemical", "heat", "head", "back"}


def _as_noun(ps: list[Piece], i: int) -> bool:
    """ "a bad cut", "burn on hand", "Accident in the yard": a harm named, not done ("the
    crew cut down trees")."""
    if i == 0 or ps[i - 1].word in DETERMINERS or ps[i - 1].word in _ADJECTIVES:
        return True
    return ps[i - 1].has("poss") or ps[i - 1].poss or bool(ps[i - 1].body) or \
        ps[i - 1].has("event") or ps[i - 1].has("harm")


def _got_into(ps: list[Piece]) -> float:
    """ "got dust in his eye", "got a nail through his boot into his foot": something got
    into a body part (2); "got clipped by a car": something happened to someone (1)."""
    for i, p in enumerate(ps):
        if p.word not in ("got", "get", "gets") or subject(ps, i) == "thing":
            continue
        if any(q.word in ("in", "into", "through", "under") and body_after(ps, j)
               for j, q in enumerate(ps[i + 1:i + 9], start=i + 1)):
            return REPORT
        if i + 3 < len(ps) and ps[i + 1].word.endswith("ed") and ps[i + 2].word == "by" \
                and ps[i + 3].word in ("a", "an"):
            return ASK
    return 0.0


def _critical(ps: list[Piece], scores: list[float], total: float) -> bool:
    for i, p in enumerate(ps):
        if scores[i] <= 0:
            continue
        if p.has("critical"):
            return True
        if p.has("critical_person") and (total >= REPORT and scores[i] >= REPORT or
                                          subject(ps, i) == "person" and p.past):
            return True
        if (p.has("fracture") or p.has("caught")) and scores[i] >= REPORT:
            part = body_after(ps, i) or body_before(ps, i)
            limbs = terms.CRITICAL_PARTS + (("hand", "foot") if p.has("caught") else ())
            if part is not None and part.body in limbs:
                return True
    return False


_CLAUSE = re.compile(r"[,.;:!?()\n]+|\s[-\u2013\u2014]+\s|\s+(?:but|though|although)\s+", re.I)


def _clause(text: str) -> tuple[float, bool, bool, list[tuple[Piece, float]]]:
    """(score, negated, critical alone, scored pieces) of one clause."""
    ps = pieces(text)
    scores = [0.0 if negated(ps, i) else _score(ps, i) for i in range(len(ps))]
    taken_back = any(negated(ps, i) and _score(ps, i) >= REPORT for i in range(len(ps)))
    score = max([*scores, _got_into(ps)], default=0.0)
    return score, taken_back, _critical(ps, scores, score), list(zip(ps, scores, strict=True))


def injury_in(text: str) -> Injury:
    """How surely ``text`` says someone was hurt or fell ill, and whether critically. Each
    clause is read on its own ("the truck crashed into a snowbank, driver fine")."""
    clauses = [_clause(c) for c in _CLAUSE.split(text or "") if c and c.strip()]
    total = max((c[0] for c in clauses), default=0.0)
    requested = bool(_REPORT_REQUEST.search(text or ""))
    if requested:
        total = max(total, REPORT)
    if any(c[1] for c in clauses) and total < REPORT:
        total = 0.5  # "nobody was hurt"
    critical = total >= REPORT and (
        any(c[2] for c in clauses)
        # "he cut his arm, he can't see": a death or loss word, once someone is hurt
        or any(p.has("critical_person") and s > 0 for c in clauses for p, s in c[3])
        and total >= 3.0)
    return Injury(total, critical, requested)
