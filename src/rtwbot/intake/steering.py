"""The words that steer the conversation instead of answering ("back", "skip", "cancel",
"help", "where was I", "change date", "confirm"), read from what a person typed (pure).
"""

from __future__ import annotations

import difflib
import re

from rtwbot.intake.choices import edit_distance
from rtwbot.intake.question import Question, question_by_key
from rtwbot.intake.typed_text import clean_text

__all__ = [
    "CANCEL_WORDS",
    "CONFIRM_WORDS",
    "RESUME_WORDS",
    "fuzzy_steering_command",
    "match_field",
    "steer_norm",
    "steering_command",
]

_BACK = {
    "back",
    "go back",
    "undo",
    "previous",
    "previous question",
    "back up",
    "go back one",
    "last question",
}
_SKIP = {
    "skip",
    "skip it",
    "skip this",
    "skip this one",
    "skip question",
    "skip this question",
    "pass",
}
CANCEL_WORDS = {
    "cancel",
    "cancel it",
    "cancel this",
    "cancel report",
    "cancel the report",
    "cancel this report",
    "stop",
    "quit",
    "abort",
    "exit",
    "never mind",
    "nevermind",
    "forget it",
}
_HELP = {
    "help",
    "help me",
    "what can i say",
    "what can i do",
    "commands",
    "how does this work",
    "huh",
    "options",
}
_WHERE = {
    "where was i",
    "where am i",
    "where were we",
    "progress",
    "how far",
    "how far along",
    "how far am i",
    "how many more",
    "how many left",
    "how many questions left",
}
_CHANGE_BARE = {
    "change",
    "edit",
    "fix",
    "change something",
    "change an answer",
    "edit an answer",
    "change answer",
}
_CHANGE = re.compile(
    r"(?:change|edit|fix|correct|update|redo|go back to|back to|return to)\s+"
    r"(?:the\s+|my\s+|our\s+|an?\s+)?(?:answer\s+(?:to|for|about)\s+|question\s+about\s+)?(.+)"
)
CONFIRM_WORDS = {
    "confirm",
    "yes",
    "y",
    "yep",
    "yeah",
    "yup",
    "ok",
    "okay",
    "submit",
    "send",
    "send it",
    "file",
    "file it",
    "looks good",
    "look good",
    "correct",
    "done",
    "good",
    "lgtm",
    "confirmed",
    "all good",
    "that's right",
    "thats right",
    "confirm and file",
    "yes confirm",
    "it's correct",
    "all correct",
}
RESUME_WORDS = {
    "keep going",
    "continue",
    "resume",
    "carry on",
    "go on",
    "back",
    "go back",
    "don't cancel",
    "dont cancel",
}
_LEADING_FILLER = (
    "please ",
    "pls ",
    "plz ",
    "can i ",
    "could i ",
    "can we ",
    "i want to ",
    "i'd like to ",
    "id like to ",
    "i need to ",
    "let me ",
    "let's ",
    "lets ",
    "ok ",
    "okay ",
    "oh ",
    "um ",
    "hey ",
)
_TRAILING_FILLER = (" please", " pls", " plz", " thanks", " thank you")
_FUZZY_WORDS = {"back": "back", "undo": "back", "skip": "skip", "cancel": "cancel", "help": "help"}
_FIELD_STOP = {
    "the",
    "my",
    "a",
    "an",
    "of",
    "to",
    "for",
    "about",
    "answer",
    "question",
    "field",
    "it",
    "i",
    "you",
}


def steer_norm(text: str) -> str:
    n = clean_text(text).lower()
    n = re.sub(r"[^\w\s']", " ", n)
    n = re.sub(r"\s+", " ", n).strip(" '")
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLER:
            if n.startswith(filler) and len(n) > len(filler):
                n, changed = n[len(filler) :], True
        for filler in _TRAILING_FILLER:
            if n.endswith(filler) and len(n) > len(filler):
                n, changed = n[: -len(filler)], True
    return n.strip()


def steering_command(text: str, question: Question | None) -> tuple[str, str] | None:
    stripped = clean_text(text)
    if stripped in {"?", "??", "???"}:
        return ("help", "")
    if len(stripped) > 120:
        return None
    n = steer_norm(stripped)
    if not n:
        return None
    if n in _BACK:
        if question is not None and n in dict(question.ambiguous):
            return None  # "back" is a body part here; the parser asks which one
        return ("back", "")
    for words, command in (
        (_SKIP, "skip"),
        (CANCEL_WORDS, "cancel"),
        (_HELP, "help"),
        (_WHERE, "where"),
    ):
        if n in words:
            return (command, "")
    if n in _CHANGE_BARE:
        return ("change", "")
    match = _CHANGE.fullmatch(n)
    if match:
        return ("change", match.group(1))
    return None


def fuzzy_steering_command(text: str, question: Question | None) -> tuple[str, str] | None:
    """A typo of a steering word ("cancle", "bakc"), tried only when the answer didn't parse."""
    n = steer_norm(text)
    if not n or " " in n or not 4 <= len(n) <= 8:
        return None
    if question is not None and n in dict(question.ambiguous):
        return None
    for word, command in _FUZZY_WORDS.items():
        if edit_distance(n, word) <= 1:
            return (command, "")
    return None


def _field_words(question: Question) -> set[str]:
    return {
        question.key.replace("_", " "),
        question.title.lower(),
        *(a.lower() for a in question.aliases),
    }


def match_field(flow: tuple[Question, ...], phrase: str) -> Question | None:
    """The question someone names in "change <field>"."""
    n = steer_norm(phrase)
    words = [w for w in n.split() if w not in _FIELD_STOP] or n.split()
    n_short = " ".join(words)
    table: dict[str, str] = {}
    for question in flow:
        for alias in _field_words(question):
            table.setdefault(alias, question.key)
    for candidate in (n, n_short):
        if candidate in table:
            return question_by_key(flow, table[candidate])
    for candidate in (n, n_short):
        close = difflib.get_close_matches(candidate, list(table), n=1, cutoff=0.8)
        if close:
            return question_by_key(flow, table[close[0]])
    tokens = set(words)
    if not tokens:
        return None
    scores: dict[str, float] = {}
    for alias, key in table.items():
        alias_tokens = {w for w in alias.split() if w not in _FIELD_STOP}
        if alias_tokens:
            score = len(tokens & alias_tokens) / len(tokens | alias_tokens)
            scores[key] = max(scores.get(key, 0.0), score)
    if not scores:
        return None
    best = max(scores.values())
    leaders = [k for k, s in scores.items() if s == best]
    if best >= 0.5 and len(leaders) == 1:
        return question_by_key(flow, leaders[0])
    return None
