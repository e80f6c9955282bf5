"""A message as words the front door can match: Slack markup, emoji, texting shorthand and
typos made plain (pure).

"omg tom jst brk his wrsit 🤕" reads as "omg tom just broke his wrist hurt": shorthand from a
table, a word without vowels by its consonants ("brk", "hnd"), and a misspelling of a word of
the vocabulary (`rtwbot.domain.wsib_terms`) by edit distance (rapidfuzz) — but never a real
English word ("hard" stays "hard", not "hand"; pyspellchecker knows which words are real).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rtwbot.understanding.vocabulary import VOCABULARY

__all__ = ["Word", "is_english", "plain", "repair", "words"]

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_LINK = re.compile(r"<(?:https?|mailto):[^>]*>|https?://\S+")
_SLACK_EMOJI = re.compile(r":([a-z0-9_+-]+):")
# Emoji that say something about a person: read as the word.
EMOJI_WORDS = {
    "🤕": "hurt", "🚑": "ambulance", "🩸": "bleeding", "🩹": "bandage", "🤒": "sick",
    "🤢": "sick", "🤮": "vomiting", "😵": "dizzy", "🦴": "bone", "🔥": "fire",
    "face_with_head_bandage": "hurt", "ambulance": "ambulance", "drop_of_blood": "bleeding",
    "adhesive_bandage": "bandage", "face_with_thermometer": "sick", "nauseated_face": "sick",
}
# How people shorten words in chat.
SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "thx": "thanks",
    "ty": "thanks", "emp": "employee", "empl": "employee", "ee": "employee", "wrkr": "worker",
    "b/c": "because", "bc": "because", "cuz": "because", "yday": "yesterday",
    "yest": "yesterday", "ystrdy": "yesterday", "tmrw": "tomorrow", "tmr": "tomorrow",
    "2day": "today", "tdy": "today", "n": "and", "&": "and", "w/": "with", "hes": "he",
    "shes": "she", "jst": "just", "abt": "about", "ppl": "people", "sb": "somebody",
    "smth": "something", "rn": "now", "tho": "though", "thru": "through", "hosp": "hospital",
    "amb": "ambulance", "co-worker": "coworker", "idk": "i don't know", "dunno": "don't know",
}
# "he's" is "he is", not "his".
_IS = {"he", "she", "it", "that", "who", "there", "what", "where", "here", "everyone", "nobody",
       "someone", "somebody", "everything", "nothing", "this"}
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class Word:
    text: str  # as typed, lower case
    word: str  # as the vocabulary knows it (the same when not repaired)
    poss: bool = False  # "erin's", "guy's"
    capital: bool = False  # typed with a capital letter ("Raj")


def plain(text: str) -> str:
    """Slack markup and emoji made words: a mention is "@person"."""
    text = (text or "").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = _LINK.sub(" ", text)
    text = _MENTION.sub(" @person ", text)
    text = _SLACK_EMOJI.sub(lambda m: f" {EMOJI_WORDS.get(m.group(1), '')} ", text)
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch in EMOJI_WORDS:
            out.append(f" {EMOJI_WORDS[ch]} ")
        elif unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or ord(ch) >= 0x1F000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out).replace("\u2019", "'")


_TOKEN = re.compile(r"@person|[a-z0-9]+(?:['/][a-z0-9]+)*/?|&", re.I)


def words(text: str) -> list[Word]:
    """The message's words, shorthand expanded and typos of the vocabulary repaired."""
    found: list[Word] = []
    for typed in _TOKEN.findall(plain(text).replace("-", " ")):
        raw = typed.lower()
        base = raw[:-2] if raw.endswith("'s") else raw
        poss = raw.endswith("'s") and base not in _IS
        expanded = SHORTHAND.get(base, base)
        for part in expanded.split():
            found.append(Word(raw, repair(part.replace("'", "")), poss and part == expanded,
                              typed[:1].isupper()))
    return found


def _skeleton(word: str) -> str:
    return "".join(ch for ch in word if ch not in _VOWELS)


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, str]:
    table: dict[str, str] = {}
    for word in sorted(VOCABULARY.single_words(), key=len):
        table.setdefault(_skeleton(word), word)
    return table


@lru_cache(maxsize=4096)
def repair(word: str) -> str:
    """The vocabulary's word ``word`` misspells, or ``word``."""
    if len(word) < 3 or not word.isalpha() or word in VOCABULARY.single_words():
        return word
    if VOCABULARY.lemma(word) is not None:
        return word
    if is_english(word):
        # A real but rare word one letter from a common one of ours is its typo
        # ("scarped" -> "scraped"); "hard" stays "hard" (as common as "hand").
        if len(word) < 5:
            return word
        best = process.extractOne(word, VOCABULARY.single_words(), scorer=OSA.distance,
                                  score_cutoff=1)
        if best is None or _frequency(best[0]) < RARE_TYPO * max(_frequency(word), 1):
            return word
        return best[0]
    if not set(word) & _VOWELS:  # "hnd", "brk", "wrkr"
        return _skeletons().get(word, word)
    limit = 1 if len(word) <= 6 else 2
    best = process.extractOne(word, VOCABULARY.single_words(), scorer=OSA.distance,
                              score_cutoff=limit)
    if best is None or (len(word) <= 4 and best[0][0] != word[0]):
        return word
    return best[0]


# How much more common a word of ours must be than a real word one letter away for the
# real word to be read as its typo.
RARE_TYPO = 50


def _frequency(word: str) -> int:
    return _speller().word_frequency[word]


@lru_cache(maxsize=1)
def _speller():
    # Imported when the first unknown word is read (it loads a large word list).
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def is_english(word: str) -> bool:
    return word in _speller().word_frequency
