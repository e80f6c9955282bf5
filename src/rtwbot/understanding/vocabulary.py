"""The front door's vocabulary, built from the one list of the Form 7's words and everyday
injury words (`rtwbot.domain.wsib_terms`): each word or phrase with what it says (pure).

Tags: ``event`` (said of a person: "sprained"), ``thing_event`` (said of things too: "broke"),
``harm`` ("a cut"), ``symptom`` ("sore"), ``care`` ("ambulance"), ``person``, ``poss``,
``body:<key>`` (the Form 7's area of injury), ``mechanism`` (an accident type's words),
``fracture``, ``critical`` and ``critical_person`` (a death word, about a person only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rtwbot.domain import wsib_terms as terms

__all__ = ["VOCABULARY", "Vocabulary"]

# Words of the "report" request itself, and words that put what follows in doubt.
REPORT_WORDS = ("report", "reporting", "reported", "file", "claim", "form 7", "wsib",
                "new case", "incident report", "accident report", "injury report")
NEGATIONS = ("no one", "noone", "nobody", "no", "not", "wasn't", "wasnt", "weren't",
             "werent", "didn't", "didnt", "never", "without", "none", "nothing")
PASSIVE = ("got", "get", "gets", "getting", "was", "were", "been", "is", "are", "be", "has",
           "have", "had", "just", "badly", "bad", "really", "pretty", "all")
DETERMINERS = ("the", "a", "an", "this", "that", "these", "those", "some", "our", "my")


@dataclass
class Vocabulary:
    phrases: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    # The accident types' words ("on ice", "caught in"): read over the other words, since
    # they overlap them ("rolled his ankle" holds a body part).
    mechanisms: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, text: str, *tags: str) -> None:
        key = tuple(text.lower().replace("-", " ").split())
        self.phrases[key] = self.phrases.get(key, frozenset()) | frozenset(tags)

    def add_mechanism(self, text: str) -> None:
        self.mechanisms.add(tuple(text.lower().replace("-", " ").split()))

    @cached_property
    def longest(self) -> int:
        return max(len(k) for k in self.phrases)

    @cached_property
    def _singles(self) -> frozenset[str]:
        return frozenset(k[0] for k in (*self.phrases, *self.mechanisms)
                         if len(k) == 1 and k[0].isalpha())

    def single_words(self) -> frozenset[str]:
        return self._singles

    def tags(self, words: tuple[str, ...]) -> frozenset[str] | None:
        found = self.phrases.get(words)
        if found is None and len(words) == 1:
            lemma = self.lemma(words[0])
            found = self.phrases.get((lemma,)) if lemma else None
        return found

    def lemma(self, word: str) -> str | None:
        """The vocabulary's form of an inflected word ("slipping" -> "slip")."""
        for cut, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("d", "")):
            if word.endswith(cut) and len(word) - len(cut) >= 3:
                stem = word[: len(word) - len(cut)] + add
                if (stem,) in self.phrases:
                    return stem
                if len(stem) >= 4 and stem[-1] == stem[-2] and (stem[:-1],) in self.phrases:
                    return stem[:-1]  # "slipping" -> "slipp" -> "slip"
        return None


def _build() -> Vocabulary:
    v = Vocabulary()
    for words, tags in (
        (terms.PERSON_EVENTS, ("event",)), (terms.THING_EVENTS, ("thing_event",)),
        (terms.HARM_NOUNS, ("harm",)), (terms.SYMPTOMS, ("symptom",)),
        (terms.CARE_WORDS, ("care",)), (terms.PERSON_WORDS, ("person",)),
        (terms.POSSESSIVES, ("poss",)), (terms.FRACTURE_WORDS, ("fracture",)),
        (terms.CAUGHT_WORDS, ("caught",)), (terms.CRITICAL_WORDS, ("critical",)),
        (terms.CRITICAL_WITH_PERSON, ("critical_person", "thing_event")),
        (REPORT_WORDS, ("report",)), (NEGATIONS, ("negation",)),
    ):
        for word in words:
            v.add(word, *tags)
    for term in terms.BODY_PARTS:
        for word in term.words:
            v.add(word, f"body:{term.key}")
    for term in terms.ACCIDENT_TYPES:
        for word in term.words:
            v.add_mechanism(word)
    return v


VOCABULARY = _build()
