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
    PREPOSITIONS,
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
from rtwbot.understanding.together import together
from rtwbot.understanding.vocabulary import DETERMINERS, PASSIVE
from rtwbot.understanding.words import is_english

__all__ = ["ASK", "REPORT", "Injury", "injury_in"]

REPORT, ASK = 2.0, 1.0

# What one reports: an injury, or a harm or an accident type said as a noun ("reporting a
# slip and fall", "log a burn"); a bump or a shock may be a thing's.
_REPORTABLE = "|".join(sorted(
    {re.escape(w) for w in terms.HARM_NOUNS if w not in ("bump", "lump", "shock", "pain",
                                                       "ache")}
    | {"slip", "fall", "slip and fall", "trip and fall", "exposure", "assault", "needle ?stick"},
    key=len, reverse=True))
_REPORT_REQUEST = re.compile(
    r"\b(report|file|log|submit|record|fill (out|in))\b(\s+\w+){0,2}\s+"
    r"(injur\w*|accident|incident|illness|wsib|claim|form\s*7)"
    r"|\b(report(ing|ed)?|fil(e|ing)|log(ging)?)\s+(an?\s+|the\s+|another\s+)?"
    r"(" + _REPORTABLE + r")\b"
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
    if _attributive(ps, i):
        return 0.3  # "the dead ash trees", "a broken window"
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
        return 0.3 if _done_by_a_thing(ps, i) else 2.0  # "the storm knocked out power"
    if p.has("critical_person") and _about_me(ps, i):
        return 0.0  # "I'm dead", "that joke killed me": whoever types is alive
    if p.has("loss"):
        return _loss(ps, i)
    if p.has("event"):
        if (p.words[-1].endswith("ed") or p.words[-1] in PARTICLES) and \
                object_of(ps, i) == "thing" and not body_after(ps, i):
            return 0.3  # "tripped the breaker", "kicked the tire", "wiped out the power"
        if _hurt_a_thing(ps, i):
            return 0.3  # "I hurt my chances", "injured the team's morale"
        if _said_of_a_thing(ps, i) or _a_thing_was(ps, i):
            return ASK  # "it hurts my head trying to…", "the hydrant got hit by a plow"
        return 2.0
    if p.has("thing_event"):
        found = _thing_event(ps, i)
        if found >= REPORT or not p.has("harm"):
            return found
    if p.has("harm") and _as_noun(ps, i):
        if any(q.word in ("got", "has", "had", "have", "get", "gets", "with")
               for q in ps[max(0, i - 4):i]):
            return 2.0  # "got a shock", "has a bad cut"
        if near(ps, i, lambda q: q.person or q.poss or q.has("poss") or bool(q.body), 3):
            return 2.0
        return 1.0 if p.words[0] in ("accident", "incident") else 0.5
    if p.has("symptom"):
        if near(ps, i, lambda q: bool(q.body), 3):
            return 2.0
        if p.word in _BODILY and subject(ps, i) == "person":  # "she's sore", "I'm so stiff"
            return ASK if _about_me(ps, i) else 2.0
        return 0.3
    if p.has("care") or p.has("absence"):  # "off sick" asks: it may be a case, or not
        someone = near(ps, i, lambda q: q.person and q.word not in FIRST_PERSON, 4)
        return 1.0 if someone or p.has("absence") and near(ps, i, _a_person, 4) else 0.5
    if p.has("mechanism") and body_after(ps, i):
        return 2.0
    return 0.0


# Nouns of people by their ending ("roofer", "operator", "florist", "trainee", "foreman").
_AGENT = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ee", "ees", "man", "men")


def _a_thing_was(ps: list[Piece], i: int) -> bool:
    """ "the hydrant got hit by a plow": what it happened to is a thing's name (an English
    noun after "the", no person's by its ending) — maybe a person's way of speaking, ask."""
    if i < 3 or ps[i - 1].word not in PASSIVE or body_after(ps, i):
        return False
    noun, before = ps[i - 2], ps[i - 3]
    return before.word in ("the", "a", "an") and not noun.tags and not noun.name and \
        noun.word.isalpha() and is_english(noun.word) and not noun.word.endswith(_AGENT)


def _hurt_a_thing(ps: list[Piece], i: int) -> bool:
    """What was hurt is a thing of someone's, said so: "my chances", "the budget" (a word
    the vocabulary knows nothing of, after "my" or "the"), no body part after."""
    if i + 2 >= len(ps) or len(ps[i].words) > 1 or object_of(ps, i) != "thing" or \
            body_after(ps, i):  # "struck by the gate": who did it, not what was hurt
        return False
    owner, what = ps[i + 1], ps[i + 2]
    return owner.word in ("my", "our", "your", "his", "their", "the") and not what.tags \
        and not what.name and what.word.isalpha() and not what.person


def _a_person(p: Piece) -> bool:
    return p.person


PARTICLES = {"out", "off", "down", "over", "up"}
# Said of a body only ("she's sore"; not "weak", "red", "killing").
_BODILY = {"sore", "swollen", "swelling", "numb", "tingling", "aching", "aches", "stiff",
           "painful", "throbbing", "itchy", "cramping", "spasm", "spasms", "bruised"}
_ME = {"i", "im", "me", "myself", "we", "us", "ive"}
_CLAUSE_WORDS = {"and", "or", "but", "so", "then", "while", "when", "because", "after",
                 "before", "was", "is", "were", "are", "has", "had", "have", "been", "be"}


def _about_me(ps: list[Piece], i: int) -> bool:
    before = next((q.word for q in reversed(ps[:i]) if q.word not in ("so", "just", "literally",
                                                                      "actually", "basically",
                                                                      "totally", "am", "was")),
                  "")
    after = ps[i + 1].word if i + 1 < len(ps) else ""
    return before in _ME or after in _ME


def _said_of_a_thing(ps: list[Piece], i: int) -> bool:
    """An event word whose subject is "it" ("it hurts my head trying to…"), or a noun with a
    thing after it ("the bleeding on the budget"): maybe a person's, maybe a way of
    speaking — ask."""
    j = i - 1
    while j >= 0 and ps[j].word in ("just", "really", "kinda", "so", "does", "did"):
        j -= 1
    if j >= 0 and ps[j].word in ("it", "this", "that") and object_of(ps, i) != "person":
        return True
    if i == 0 or ps[i - 1].word not in DETERMINERS or i + 1 >= len(ps) or \
            ps[i + 1].word not in PREPOSITIONS | {"of", "at", "for", "with"}:
        return False
    return not any(q.body or q.person or q.poss for q in ps[i + 1:i + 5])


def _verb_like(p: Piece) -> bool:
    last = p.words[-1]
    return last.endswith(("ed", "ing")) or last in PARTICLES


def _done_by_a_thing(ps: list[Piece], i: int) -> bool:
    """ "the ice storm knocked out power", "the server is not responding": a thing did it to
    a thing."""
    return _verb_like(ps[i]) and not passive(ps, i) and subject(ps, i) == "thing" and \
        object_of(ps, i) != "person" and body_after(ps, i) is None


def _attributive(ps: list[Piece], i: int) -> bool:
    """ "the dead ash trees", "a broken window": said of the thing named next."""
    if i == 0 or i + 1 >= len(ps) or ps[i - 1].word not in DETERMINERS:
        return False
    nxt = ps[i + 1]
    return not nxt.tags and not nxt.name and nxt.word.isalpha() and \
        nxt.word not in _CLAUSE_WORDS and nxt.word not in PREPOSITIONS


def _loss(ps: list[Piece], i: int) -> float:
    """ "we lost Roger" (a death), "lost the tip of her finger" (an amputation): 2; "lost my
    report": nothing."""
    if object_of(ps, i) == "person":
        return 2.0
    return 2.0 if _body_lost(ps, i) is not None else 0.0


def _body_lost(ps: list[Piece], i: int) -> Piece | None:
    others = 0
    for q in ps[i + 1:i + 7]:
        if q.body:
            return q
        if q.tags - {"poss", "person"} or q.word in _CLAUSE_WORDS:
            return None
        others += q.word not in ("the", "a", "an", "of", "his", "her", "their", "part", "tip",
                                 "top", "end", "use", "both")
        if others > 1:
            return None
    return None


_ADJECTIVES = {"bad", "nasty", "deep", "small", "big", "minor", "serious", "little", "huge",
               "some", "major", "severe", "slight", "chemical", "heat", "head", "back"}


def _as_noun(ps: list[Piece], i: int) -> bool:
    """ "a bad cut", "burn on hand", "Accident in the yard": a harm named, not done ("the
    crew cut down trees")."""
    if i == 0 or ps[i - 1].word in DETERMINERS or ps[i - 1].word in _ADJECTIVES | _HAVING:
        return True
    if i >= 2 and not ps[i - 1].tags - {"mechanism"} and not ps[i - 1].name and \
            ps[i - 1].word.isalpha() and \
            ps[i - 2].word in set(DETERMINERS) | _HAVING:
        return True  # "a bee sting", "got tick bite", "a paper cut": a compound noun
    return ps[i - 1].has("poss") or ps[i - 1].poss or bool(ps[i - 1].body) or \
        ps[i - 1].has("event") or ps[i - 1].has("harm")


_HAVING = {"got", "has", "had", "have", "with", "gets"}


_SHARP = set(terms.SHARP_THINGS)


def _onto_sharp(ps: list[Piece]) -> float:
    """ "stepped on a rusty nail", "knelt on some broken glass": a person's weight came down
    on a sharp thing (2); not on "the glass table" (the sharp word names another thing)."""
    for i, p in enumerate(ps):
        if p.word.split()[0] not in _CONTACT or subject(ps, i) == "thing" or negated(ps, i):
            continue
        for j in range(i + 1, min(len(ps), i + 6)):
            if ps[j].word in _SHARP and (j + 1 == len(ps) or ps[j + 1].tags or
                                         ps[j + 1].word in _AFTER_THING):
                return REPORT
    return 0.0


_AFTER_THING = PREPOSITIONS | {"at", "and", "with", "while", "when", "through", "thru",
                               "that", "which", "lol", "today", "yesterday", "this"}


_CONTACT = {"stepped", "step", "steps", "stepping", "stood", "knelt", "kneeled", "kneeling",
            "sat", "landed"}


def _got_into(ps: list[Piece]) -> float:
    """ "got dust in his eye", "got a nail through his boot into his foot": something got
    into a body part (2); "got clipped by a car": something happened to someone (1)."""
    for i, p in enumerate(ps):
        if p.word in ("got", "get", "gets", "was", "were") and i + 1 < len(ps) and \
                ps[i + 1].word.endswith("ed") and body_after(ps, i + 1) and \
                subject(ps, i) != "thing":
            return REPORT  # "got conked on the head", "was clocked in the face"
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
                                          subject(ps, i) == "person"):
            return True  # "he's not moving", "she can't see", "got run over"
        if (p.has("fracture") or p.has("caught") or p.has("loss")) and scores[i] >= REPORT:
            part = (_body_lost(ps, i) if p.has("loss") else
                    body_after(ps, i) or body_before(ps, i))
            if part is None:  # "was pinned between the truck and the dock", "we lost Roger"
                if p.has("loss") or p.has("caught") and (
                        passive(ps, i) or object_of(ps, i) == "person"):
                    return True
                continue
            limbs = terms.CRITICAL_PARTS + (("hand", "foot", "eye") if p.has("caught") or
                                            p.has("loss") else ())
            if part.body in limbs:
                return True
    return False


_CLAUSE = re.compile(r"[,.;:!?()\n]+|\s[-\u2013\u2014]+\s|\s+(?:but|though|although)\s+", re.I)


@dataclass(frozen=True)
class _Clause:
    score: float
    taken_back: bool  # "nobody was hurt"
    critical: bool
    scored: list[tuple[Piece, float]]

    @property
    def severe(self) -> bool:
        """ "hurt real bad", "2nd degree", "rushed to hospital": with someone hurt, the
        critical question first."""
        ps = [p for p, _ in self.scored]
        return any(p.has("severe") and not negated(ps, i) for i, p in enumerate(ps)) and \
            any(s > 0 for _, s in self.scored)


def _clause(text: str) -> _Clause:
    ps = pieces(text)
    scores = [0.0 if negated(ps, i) else _score(ps, i) for i in range(len(ps))]
    taken_back = any(negated(ps, i) and _score(ps, i) >= REPORT for i in range(len(ps)))
    score = max([*scores, _got_into(ps), _onto_sharp(ps)], default=0.0)
    return _Clause(score, taken_back, _critical(ps, scores, score),
                   list(zip(ps, scores, strict=True)))


_BLOOD_OR_BURN = {"blood", "bleeding", "bled", "bleed", "burn", "burns", "burned", "burnt",
                  "scalded"}
_BURN = {"burn", "burns", "burned", "burnt", "scalded"}
_AMOUNTS = tuple(f" {w} " for w in terms.AMOUNT_WORDS)


def _much(scored: list[tuple[Piece, float]]) -> bool:
    """ "a lot of blood", "burned over most of his back": how much, said of blood or a burn."""
    ps = [p for p, _ in scored]
    for i, p in enumerate(ps):
        if p.word in _BLOOD_OR_BURN:
            window = f" {' '.join(q.word for q in ps[max(0, i - 4):i + 5])} "
            if any(w in window for w in _AMOUNTS) and not negated(ps, i):
                return True
            # "burned on his face and chest": more than one area of the body
            if p.word in _BURN and len({t for q in ps[i + 1:i + 9] for t in q.tags
                                        if t.startswith("body:")}) >= 2:
                return True
    return False


_FAMILY = set(terms.FAMILY_WORDS)
_REFERS_BACK = {"he", "she", "they", "him", "her", "them", "his", "their", "i", "im", "me",
                "we", "us", "myself", "you"}


def _family_only(ps: list[Piece]) -> bool:
    """The only people named are the writer's family ("my kid", "my wife")."""
    family = {i for i, p in enumerate(ps) if p.word in _FAMILY and i and
              ps[i - 1].word in ("my", "our")}
    if not family:
        return False
    return not any(p.person and p.word not in _REFERS_BACK and i not in family and
                   i - 1 not in family for i, p in enumerate(ps))


def injury_in(text: str) -> Injury:
    """How surely ``text`` says someone was hurt or fell ill, and whether critically. Each
    clause is read on its own ("the truck crashed into a snowbank, driver fine"), then the
    clauses together ("Sylvain's got a bad back, been sore since Tuesday")."""
    clauses = [_clause(c) for c in _CLAUSE.split(text or "") if c and c.strip()]
    total = max((c.score for c in clauses), default=0.0)
    requested = bool(_REPORT_REQUEST.search(text or ""))
    if requested:
        total = max(total, REPORT)
    if any(c.taken_back for c in clauses) and total < REPORT:
        total = 0.5  # "nobody was hurt"
    elif total < REPORT:
        total = max(total, together(text, [c.scored for c in clauses]))
    if total > ASK and _family_only([p for c in clauses for p, _ in c.scored]):
        total = ASK  # "my kid broke his arm at hockey": ask, never start
    critical = total >= REPORT and (
        any(c.critical or c.severe or _much(c.scored) for c in clauses)
        # "he cut his arm, he can't see": a death or loss word, once someone is hurt
        or any(p.has("critical_person") and s > 0 for c in clauses for p, s in c.scored)
        and total >= 3.0)
    return Injury(total, critical, requested)
