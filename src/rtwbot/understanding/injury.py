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
from rtwbot.understanding.vocabulary import DETERMINERS, PASSIVE, VOCABULARY
from rtwbot.understanding.words import Word, words

__all__ = ["ASK", "REPORT", "Injury", "injury_in"]

REPORT, ASK = 2.0, 1.0

# Phrases that use injury words for something else: not read at all.
IDIOMS = (
    "break a leg", "pain in the neck", "pain in the butt", "pain in the ass", "twist my arm",
    "twisted my arm", "cost an arm", "arm and a leg", "broke the bank", "cut corners",
    "fell asleep", "fall asleep", "fell behind", "fall behind", "falling behind", "fell through",
    "fell apart", "hit the road", "hit list", "cut off for", "break room", "lunch break",
    "coffee break", "take a break", "taking a break", "on a break", "on break", "killed it",
    "killing it", "knocked it out", "dying to", "sick of", "sick and tired", "sick day",
    "sick days", "sick leave", "sick note", "heads up", "head office", "head to", "headed to",
    "first hand", "hand in", "hand out", "back in", "be back",
    "get back", "go back", "going back", "come back", "coming back", "call back", "back to",
    "back up", "back on", "hurt my feelings", "fire drill", "ice rink", "ice cream",
    "first aid kit", "first aid kits", "lost his keys", "lost her keys", "cut the grass",
    "killing me", "kill me", "dead end", "deadline", "dead battery", "fell short",
    "fall short", "hit you up", "hit me up", "cut down on", "cut costs", "cut back",
)
_IDIOMS = tuple(tuple(i.split()) for i in IDIOMS)
# Words between a body part and what happened to it ("her arm is broken").
_LINKS = set(PASSIVE) | {"went", "gave", "was", "just", "got", "being", "totally",
                         "completely", "kinda", "maybe", "might", "may", "have", "so"}
# Words between what happened and the body part ("cut her left hand", "splash in his eye").
_TO_BODY = set(terms.POSSESSIVES) | set(DETERMINERS) | {
    "in", "on", "to", "into", "onto", "of", "at", "both", "left", "right", "upper", "lower",
    "badly", "really", "pretty", "bad", "his", "her", "up", "off", "its", "the",
    "two", "all", "across", "over", "under", "near", "above", "below", "out", "with"}
_REFLEXIVE = {"himself", "herself", "themselves", "myself", "yourself", "ourselves"}
# Past forms (the present of "cut", "hit" and "hurt" is the same word: not here).
_PAST = {"fell", "broke", "tore", "struck", "caught", "burnt", "bled", "stung", "bit", "threw", "ran", "crashed", "dropped", "got", "popped", "banged",
         "bumped", "knocked", "jammed", "pinched", "crushed", "smashed", "sliced", "twisted",
         "pulled", "burned", "rolled", "died", "killed", "snapped", "shattered", "cracked",
         "trapped", "sprayed", "splashed", "poked", "stabbed", "punctured", "ripped",
         "collapsed", "torn", "broken", "fallen", "dead", "sore"}
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


@dataclass(frozen=True)
class Piece:
    words: tuple[str, ...]
    tags: frozenset[str]
    poss: bool = False
    capital: bool = False

    def has(self, tag: str) -> bool:
        return tag in self.tags

    @property
    def body(self) -> str | None:
        return next((t[5:] for t in self.tags if t.startswith("body:")), None)

    name: bool = False  # a capitalised word the vocabulary does not know: a name

    @property
    def person(self) -> bool:
        return "person" in self.tags or self.words == ("@person",) or self.name

    @property
    def past(self) -> bool:
        last = self.words[-1]
        return last.endswith("ed") or last in _PAST or self.words[0] in _PAST

    @property
    def word(self) -> str:
        return " ".join(self.words)


def _without_idioms(found: list[Word]) -> list[Word]:
    plain = [w.word for w in found]
    keep = [True] * len(found)
    for idiom in _IDIOMS:
        for i in range(len(plain) - len(idiom) + 1):
            if tuple(plain[i:i + len(idiom)]) == idiom:
                keep[i:i + len(idiom)] = [False] * len(idiom)
    return [w for w, k in zip(found, keep, strict=True) if k]


def _mechanism_starts(found: list[Word]) -> set[int]:
    plain = [w.word for w in found]
    starts: set[int] = set()
    for phrase in VOCABULARY.mechanisms:
        for i in range(len(plain) - len(phrase) + 1):
            if tuple(plain[i:i + len(phrase)]) == phrase:
                starts.update(range(i, i + len(phrase)))
    return starts


def pieces(text: str) -> list[Piece]:
    """The message as vocabulary phrases (longest first) and other words."""
    found = _without_idioms(words(text))
    mechanism = _mechanism_starts(found)
    out: list[Piece] = []
    i = 0
    while i < len(found):
        n, tags = 1, frozenset[str]()
        for size in range(min(VOCABULARY.longest, len(found) - i), 0, -1):
            got = VOCABULARY.tags(tuple(w.word for w in found[i:i + size]))
            if got:
                n, tags = size, got
                break
        if mechanism & set(range(i, i + n)):
            tags = tags | {"mechanism"}
        name = not tags and found[i].capital and found[i].word.isalpha() and (
            i > 0 or found[i].word not in _NOT_NAMES)
        out.append(Piece(tuple(w.word for w in found[i:i + n]), tags, found[i + n - 1].poss,
                         found[i].capital, name))
        i += n
    return out


def _body_after(ps: list[Piece], i: int) -> Piece | None:
    for j in range(i + 1, min(len(ps), i + 6)):
        if ps[j].body:
            return ps[j]
        if ps[j].word not in _TO_BODY and not ps[j].has("poss") and not ps[j].poss:
            break
    # "dropped a manhole cover on her foot": a thing, then onto a body part
    for j in range(i + 1, min(len(ps) - 2, i + 7)):
        if ps[j].word in ("on", "onto", "into", "in", "against") and \
                (ps[j + 1].has("poss") or ps[j + 1].poss) and ps[j + 2].body:
            return ps[j + 2]
    return None


def _body_before(ps: list[Piece], i: int) -> Piece | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if ps[j].body:
            return ps[j]
        if ps[j].word not in _LINKS:
            return None
    return None


def _passive(ps: list[Piece], i: int) -> bool:
    return i > 0 and ps[i - 1].word in PASSIVE and ps[i].past


def _subject(ps: list[Piece], i: int) -> str:
    """Who or what did or had it: 'person', 'thing' or 'none' (the message starts here)."""
    j = i - 1
    while j >= 0 and ps[j].word in _LINKS:
        j -= 1
    if j < 0:
        return "none"
    for k in range(j, max(-1, j - 4), -1):
        if ps[k].person:
            return "person"
        if ps[k].word in DETERMINERS or (ps[k].has("poss") and not ps[k].person):
            return "thing"
        if ps[k].tags and not ps[k].body:
            break
    if ps[j].person or (not ps[j].tags and _unknown_word(ps[j].word)):
        return "person"  # "he", "the new guy", "Raj", "erin"
    return "thing"


_PREPOSITIONS = {"on", "off", "in", "into", "onto", "from", "down", "over", "by", "out", "up"}
# Said of a body that falls: what follows is where ("fell on the ice"), never what.
_INTRANSITIVE = {"fell", "fall", "fallen", "falls", "collapsed", "landed", "slipped",
                 "tripped", "stumbled"}
# Words that start a sentence with a capital and are not names.
_NOT_NAMES = set(DETERMINERS) | set(PASSIVE) | {
    "hey", "hi", "hello", "so", "ok", "okay", "and", "but", "just", "also", "today",
    "yesterday", "sorry", "can", "could", "please", "we", "i", "you", "what", "when", "where",
    "who", "how", "why", "is", "it", "there", "here", "then", "omg", "ugh", "lol", "yes", "no",
    "big", "new", "our", "my", "your", "team", "good", "great", "thanks", "tree", "truck",
    "trucks", "crew", "staff", "lunch", "check", "need", "did", "do", "does", "will", "would",
    "should", "tripped", "we'll", "i'll", "i'm", "im", "ill", "his", "her", "their"}
_FIRST_PERSON = {"i", "me", "we", "us", "myself"}


def _object(ps: list[Piece], i: int) -> str:
    """What it was done to: 'person', 'thing' or 'none'."""
    start = i + 1
    if ps[i].words[0] in _INTRANSITIVE and (
            ps[i].words[-1] in _PREPOSITIONS or (start < len(ps) and ps[start].word in
                                                 _PREPOSITIONS)):
        return "none"  # "fell on the ice": where, not what
    if ps[i].has("event") and start < len(ps) and ps[start].word in _PREPOSITIONS | {"at", "with"}:
        return "none"  # "fainted in the heat", "kicked by a horse"
    if ps[i].words[-1] in _PREPOSITIONS:
        start = i  # "dropped off the signs": the particle, then its object
    elif start < len(ps) and ps[start].word in _PREPOSITIONS:
        start += 1
        if start < len(ps) and ps[start].word not in DETERMINERS and not ps[start].person:
            return "none"
    if any(q.person for q in ps[start:start + 4]):
        return "person"  # "attacked our bylaw officer"
    for j in range(start, min(len(ps), start + 4)):
        if ps[j].person or ps[j].word in _REFLEXIVE:
            return "person"
        if ps[j].word in ("one", "of", "our", "my", "the", "their", "his", "her", "a", "an"):
            continue
        return "thing" if ps[j - 1].word in DETERMINERS or ps[j - 1].has("poss") else "none"
    return "none"


def _unknown_word(word: str) -> bool:
    """Not an English word: most likely a name typed in lower case ("raj")."""
    from rtwbot.understanding.words import is_english

    return word.isalpha() and not is_english(word)


def _negated(ps: list[Piece], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 4), -1):
        if ps[j].has("negation"):
            return True
        if ps[j].word not in _LINKS and not ps[j].person:
            return False
    return False


def _near(ps: list[Piece], i: int, test, width: int = 4) -> bool:
    return any(test(ps[j]) for j in range(max(0, i - width), min(len(ps), i + width + 1))
               if j != i)


def _thing_event(ps: list[Piece], i: int) -> float:
    if _body_after(ps, i) or _body_before(ps, i):
        return 3.0
    if _passive(ps, i) and _subject(ps, i - 1) != "thing":
        return 2.0
    obj = _object(ps, i)
    if obj == "person":
        return 2.0
    subject = _subject(ps, i)
    if ps[i].past and obj != "thing" and subject in ("person", "none"):
        return 2.0
    return 0.3


def _score(ps: list[Piece], i: int) -> float:
    p = ps[i]
    if p.has("critical"):
        return 2.0
    if p.has("event"):
        if p.words[-1].endswith("ed") and _object(ps, i) == "thing" and not _body_after(ps, i):
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
        if _near(ps, i, lambda q: q.person or q.poss or q.has("poss") or bool(q.body), 3):
            return 2.0
        return 1.0 if p.words[0] in ("accident", "incident") else 0.5
    if p.has("symptom"):
        return 2.0 if _near(ps, i, lambda q: bool(q.body), 3) else 0.3
    if p.has("care"):
        someone = _near(ps, i, lambda q: q.person and q.word not in _FIRST_PERSON, 4)
        return 1.0 if someone else 0.5
    if p.has("mechanism") and _body_after(ps, i):
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
        if p.word not in ("got", "get", "gets") or _subject(ps, i) == "thing":
            continue
        if any(q.word in ("in", "into", "through", "under") and _body_after(ps, j)
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
                                          _subject(ps, i) == "person" and p.past):
            return True
        if (p.has("fracture") or p.has("caught")) and scores[i] >= REPORT:
            part = _body_after(ps, i) or _body_before(ps, i)
            limbs = terms.CRITICAL_PARTS + (("hand", "foot") if p.has("caught") else ())
            if part is not None and part.body in limbs:
                return True
    return False


_CLAUSE = re.compile(r"[,.;:!?()\n]+|\s[-\u2013\u2014]+\s|\s+(?:but|though|although)\s+", re.I)


def _clause(text: str) -> tuple[float, bool, bool, list[tuple[Piece, float]]]:
    """(score, negated, critical alone, scored pieces) of one clause."""
    ps = pieces(text)
    scores = [0.0 if _negated(ps, i) else _score(ps, i) for i in range(len(ps))]
    negated = any(_negated(ps, i) and _score(ps, i) >= REPORT for i in range(len(ps)))
    score = max([*scores, _got_into(ps)], default=0.0)
    return score, negated, _critical(ps, scores, score), list(zip(ps, scores, strict=True))


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
