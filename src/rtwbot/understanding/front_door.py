"""What a direct message asks for, when no report is under way (pure).

One reading for every surface that takes a first message (Slack's DM, the terminal and web
try-outs, which deliver through the sandbox): `understand` returns the intents in the order
to try them — an employee's question is answered only if they have a case, say — with how
sure the reading is of an injury.

The employee's own questions ("when do I go back?", "no union", "who can see my case?") and
the status words are read by the detectors the caller passes (`asks`): they live with the
answers (`workflow.employee_questions.question_of`, `workflow.status.wants_status`), and
this layer only decides their place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rtwbot.understanding.greeting import is_greeting_or_help
from rtwbot.understanding.injury import Injury, injury_in
from rtwbot.understanding.small_talk import small_talk

__all__ = ["Understanding", "understand"]

# Intents, in the order they are tried.
REPORT = "report"  # start a report (the critical question first when `critical`)
ASK = "ask_report"  # ask "Do you want to report an injury?"
SMALL_TALK = "small_talk"
HELP = "help"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Understanding:
    intents: tuple[str, ...]  # most likely first; the caller tries each in turn
    injury: Injury
    question: str | None = None  # what an `asks` detector found ("when_back", ...)
    reply: str | None = None  # small talk's answer in kind
    greeting: bool = False

    @property
    def intent(self) -> str:
        return self.intents[0]

    @property
    def critical(self) -> bool:
        return self.injury.critical

    @property
    def confidence(self) -> float:
        """How sure the reading of an injury is, 0 to 1 (a report from 2/3)."""
        return min(1.0, self.injury.score / 3)


def understand(text: str, asks: Mapping[str, Callable[[str], object]] | None = None
               ) -> Understanding:
    """The intents of ``text``. ``asks`` maps an intent name to its detector (a predicate,
    or a function returning the question's kind); they are tried after a report and before
    small talk, in their order."""
    text = text or ""
    injury = injury_in(text)
    intents: list[str] = []
    question = None
    if injury.report:
        intents.append(REPORT)
    for name, detect in (asks or {}).items():
        found = detect(text)
        if found:
            intents.append(name)
            if isinstance(found, str) and question is None:
                question = found
    reply = small_talk(text)
    if reply is not None and not injury.report:
        intents.append(SMALL_TALK)
    if injury.ask:  # a stray word ("first aid kit") is not enough to ask
        intents.append(ASK)
    greeting, asked_help = is_greeting_or_help(text)
    if greeting or asked_help:
        intents.append(HELP)
    intents.append(UNKNOWN)
    return Understanding(tuple(dict.fromkeys(intents)), injury, question, reply, greeting)
