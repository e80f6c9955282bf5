"""A message read as a person reads it: its words as the vocabulary's phrases (longest
first), idioms left out, names found, and for each word who or what did it and to whom
(pure). The front door's scoring (`understanding.injury`) and the first message's facts
(`understanding.entities`) read messages through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rtwbot.domain import wsib_terms as terms
from rtwbot.understanding.vocabulary import DETERMINERS, PASSIVE, VOCABULARY
from rtwbot.understanding.words import Word, words

__all__ = ["FIRST_PERSON", "PREPOSITIONS", "Piece", "body_after", "body_before", "negated", "near",
           "object_of", "passive", "pieces", "subject"]

# Phrases that use injury words for something else: not read at all.
IDIOMS = (
    "break a leg", "pain in the neck", "pain in the butt", "pain in the ass", "twist my arm",
    "twisted my arm", "cost an arm", "arm and a leg", "broke the bank", "cut corners",
    "fell asleep", "fall asleep", "fell behind", "fall behind", "falling behind",
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
    "back against the wall", "behind my back", "off my back", "pat on the back", "head up",
    "pain in my neck", "pain in my butt", "twist his arm", "twist her arm", "lost track",
    "lost touch", "lost my mind", "lost it", "dead tired", "dead serious", "dead on",
    "sick burn", "bit of a", "a bit", "broke even", "break even", "breaking even",
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
         "collapsed", "torn", "broken", "fallen", "dead", "sore", "slid", "lost"}


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
        if not tags and _a_place(found, i):
            tags = frozenset({"place"})  # "on King st", "at Riverside": where, not who
        name = not tags and found[i].capital and found[i].word.isalpha() and (
            i > 0 or found[i].word not in _NOT_NAMES) and (
            i == 0 or found[i - 1].word not in ("the", "a", "an"))  # "the Leafs": no one
        if any(t.startswith("body:") for t in tags) and i and (
                found[i - 1].word in _NOT_OWNERS or _a_things_part(found, i)):
            tags = frozenset()  # "twisted our arm", "the sprinkler head": nobody's body
        if found[i].word in ("feet", "foot", "ft") and i and (
                found[i - 1].word.isdigit() or found[i - 1].word in _NUMBERS):
            tags = frozenset()  # "fell 20 feet": how far
        out.append(Piece(tuple(w.word for w in found[i:i + n]), tags, found[i + n - 1].poss,
                         found[i].capital, name))
        i += n
    return out


# A capitalised word after one of these, or before one of the others, names a place.
_AT_PLACE = {"at", "in", "near", "along", "across", "behind", "outside", "inside", "past"}
PLACE_NOUNS = {"st", "street", "rd", "road", "ave", "avenue", "blvd", "boulevard", "dr",
               "drive", "cres", "crescent", "way", "lane", "ln", "court", "ct", "hwy",
               "highway", "line", "park", "parkway", "pkwy", "centre", "center", "arena",
               "hall", "library", "pool", "yard", "plant", "station", "lake", "river", "trail",
               "beach", "square", "mall", "depot", "landfill", "cemetery", "market", "bridge"}
# The body of a group or of the reader is nobody's body.
_NOT_OWNERS = {"our", "your", "ur"}


_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
            "fifteen", "twenty", "thirty", "few", "several", "couple"}
# Words that may stand before a body part and leave it a person's ("his left knee").
_BEFORE_BODY = set(DETERMINERS) | set(PASSIVE) | set(terms.POSSESSIVES) | {
    "left", "right", "both", "upper", "lower", "whole", "entire", "bad", "very", "into",
    "onto", "from", "with", "over", "under", "across", "through", "between", "against",
    "around", "about", "near", "below", "above", "inside", "outside", "sharp", "dull",
    "minor", "little", "index", "middle", "ring", "pinky", "big", "baby", "and", "or",
    "then", "still", "now", "also", "again", "her", "hurting", "sore"}


def _a_things_part(found: list[Word], i: int) -> bool:
    """ "the sprinkler head", "a table leg", "the pump's head": a body word after a thing's
    name (a noun of its own) is part of the thing."""
    before = found[i - 1]
    word = before.word
    if before.poss or not word.isalpha() or len(word) < 4 or word in _BEFORE_BODY or \
            before.capital or VOCABULARY.tags((word,)) or not _english(word):
        return False
    return not word.endswith(("ly", "ing", "ed"))


def _a_place(found: list[Word], i: int) -> bool:
    w = found[i]
    if not (w.capital or not _english(w.word)) or not w.word.isalpha():
        return False
    after = found[i + 1].word if i + 1 < len(found) else ""
    return (i > 0 and found[i - 1].word in _AT_PLACE and w.capital) or after in PLACE_NOUNS


def _english(word: str) -> bool:
    from rtwbot.understanding.words import is_english

    return is_english(word)


def body_after(ps: list[Piece], i: int) -> Piece | None:
    for j in range(i + 1, min(len(ps), i + 6)):
        if ps[j].body:
            return ps[j]
        if ps[j].word not in _TO_BODY and not ps[j].has("poss") and not ps[j].poss:
            break
    # "dropped a manhole cover on her foot": a thing, then onto a body part
    for j in range(i + 1, min(len(ps) - 2, i + 7)):
        if ps[j].word in ("on", "onto", "into", "in", "against", "across") and \
                (ps[j + 1].has("poss") or ps[j + 1].poss or ps[j + 1].word == "the") and \
                ps[j + 2].body:  # "bit one of our counsellors on the arm"
            return ps[j + 2]
    return None


def body_before(ps: list[Piece], i: int) -> Piece | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if ps[j].body:
            return ps[j]
        if ps[j].word not in _LINKS:
            return None
    return None


def passive(ps: list[Piece], i: int) -> bool:
    return i > 0 and ps[i - 1].word in PASSIVE and ps[i].past


def subject(ps: list[Piece], i: int) -> str:
    """Who or what did or had it: 'person', 'thing' or 'none' (the message starts here)."""
    j = i - 1
    while j >= 0 and ps[j].word in _LINKS:
        j -= 1
    if j < 0:
        return "none"
    if ps[j].word in ("and", "then", "&", "but", "n"):  # "Hugues fell and isn't moving"
        return "person" if any(q.person for q in ps[:j]) else subject(ps, j)
    j = _before_phrase(ps, j)
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


PREPOSITIONS = _PREPOSITIONS = {"on", "off", "in", "into", "onto", "from", "down", "over", "by",
                                "out", "up"}
# Said of a body that falls: what follows is where ("fell on the ice"), never what.
_INTRANSITIVE = {"fell", "fall", "fallen", "falls", "collapsed", "landed", "slipped",
                 "tripped", "stumbled", "slid", "slide", "sliding"}
# Words that start a sentence with a capital and are not names.
_NOT_NAMES = set(DETERMINERS) | set(PASSIVE) | {
    "hey", "hi", "hello", "so", "ok", "okay", "and", "but", "just", "also", "today",
    "yesterday", "sorry", "can", "could", "please", "we", "i", "you", "what", "when", "where",
    "who", "how", "why", "is", "it", "there", "here", "then", "omg", "ugh", "lol", "yes", "no",
    "big", "new", "our", "my", "your", "team", "good", "great", "thanks", "tree", "truck",
    "trucks", "crew", "staff", "lunch", "check", "need", "did", "do", "does", "will", "would",
    "should", "tripped", "we'll", "i'll", "i'm", "im", "ill", "his", "her", "their"}
FIRST_PERSON = {"i", "me", "we", "us", "myself"}
_CLAUSE_WORDS = {"and", "or", "but", "so", "then", "while", "when", "because", "after",
                 "before", "until", "since", "if"}
_THING_PRONOUNS = {"it", "that", "this", "everything", "something", "anything", "stuff"}


_PHRASE_HEADS = {"on", "at", "in", "near", "from", "of", "with", "behind", "outside", "inside",
                 "along", "across"}


def _before_phrase(ps: list[Piece], j: int) -> int:
    """Where a subject ends that a phrase of place follows: "the bus shelter [on Dundas]",
    "Tom [from roads]" — not "one of [the students]" (a person)."""
    for k in range(j, max(-1, j - 4), -1):
        if ps[k].has("person") or ps[k].body or ps[k].tags - {"poss", "place", "mechanism"}:
            return j
        if ps[k].word in _PHRASE_HEADS:
            return k - 1 if k > 0 else j
    return j


def object_of(ps: list[Piece], i: int) -> str:
    """What it was done to: 'person', 'thing' or 'none'."""
    start = i + 1
    if ps[i].words[0] in _INTRANSITIVE and (
            ps[i].words[-1] in _PREPOSITIONS or (start < len(ps) and ps[start].word in
                                                 _PREPOSITIONS)):
        return "none"  # "fell on the ice": where, not what
    if ps[i].has("event") and start < len(ps) and ps[start].word in _PREPOSITIONS | {"at", "with"}:
        return "none"  # "fainted in the heat", "kicked by a horse"
    if ps[i].words[-1] in _PREPOSITIONS:
        start = i + 1  # "dropped off the signs": the particle, then its object
        if start < len(ps) and not ps[start].tags and not ps[start].name and \
                ps[start].word.isalpha() and ps[start].word not in _CLAUSE_WORDS:
            return "thing"  # "knocked out power"
    elif start < len(ps) and ps[start].word in _PREPOSITIONS:
        start += 1
        if start < len(ps) and ps[start].word not in DETERMINERS and not ps[start].person:
            return "none"
    phrase: list[Piece] = []
    for q in ps[start:start + 4]:
        if q.word in _CLAUSE_WORDS or (phrase and q.word in _PREPOSITIONS | {"at", "with"}):
            break  # "the laptop crashed and I lost my report": "I" is no object
        phrase.append(q)
    if phrase and phrase[0].word in _THING_PRONOUNS:
        return "thing"  # "crushed it", "broke that"
    if any(q.person for q in phrase):
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


def negated(ps: list[Piece], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 4), -1):
        if ps[j].has("negation"):
            return True
        if ps[j].word not in _LINKS and not ps[j].person:
            return False
    return False


def near(ps: list[Piece], i: int, test, width: int = 4) -> bool:
    return any(test(ps[j]) for j in range(max(0, i - width), min(len(ps), i + width + 1))
               if j != i)

