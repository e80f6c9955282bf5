"""One question of a conversation (:class:`Question`: its prompt, its kind of answer, when it
applies, its options and its own check), and the few things done with a flow of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rtwbot.intake.choice_answer import YES_NO_CHOICES
from rtwbot.intake.context import IntakeContext
from rtwbot.intake.typed_text import MAX_TEXT_LENGTH

__all__ = ["INPUT_HINTS", "Choices", "Question", "applicable", "check_flow", "question_by_key"]

Choices = tuple[tuple[str, str], ...]

INPUT_HINTS = {
    "date_time": "date",
    "yes_no_unknown": "yes_no",
    "choice": "choice",
    "multi_choice": "multi",
    "person": "person",
    "text": "text",
    "number": "number",
}


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    kind: str
    required: bool = True
    choices: Choices = ()
    condition: Callable[[Mapping[str, Any]], bool] | None = None
    hint: str | None = None
    validate: Callable[[Any, Mapping[str, Any], IntakeContext], str | None] | None = None
    # --- presentation and steering
    label: str = ""  # short name in the summary ("When it happened")
    aliases: tuple[str, ...] = ()  # words people use for this answer in "change ..."
    why: str = ""  # why a required answer is needed, said when someone tries to skip it
    unknown: str = ""  # what to do when you don't know a required answer
    example: str = ""  # an example answer for error messages (already quoted)
    # --- answer shape
    choice_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # option value -> other words
    choices_from: Callable[[IntakeContext, Mapping[str, Any]], Choices] | None = None
    allow_other: bool = False  # choice/multi_choice: keep text that matches no option
    ambiguous: tuple[tuple[str, str], ...] = ()  # bare word -> the sentence asking which one
    same_as: str | None = None  # date_time: "same time" copies this earlier answer
    depends_on: tuple[str, ...] = ()  # re-ask this one when one of these answers changes
    max_length: int = MAX_TEXT_LENGTH

    def applies(self, answers: Mapping[str, Any]) -> bool:
        if self.condition is None:
            return True
        try:
            return bool(self.condition(answers))
        except Exception:  # a condition must never break the conversation
            return True

    def options(self, ctx: IntakeContext, answers: Mapping[str, Any]) -> Choices:
        """The buttons to offer (dynamic ones come from ``ctx``)."""
        if self.choices_from is not None:
            try:
                return tuple(self.choices_from(ctx, answers))
            except Exception:
                return self.choices
        if self.kind == "yes_no_unknown" and not self.choices:
            return YES_NO_CHOICES
        return self.choices

    def alias_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.choice_aliases)

    @property
    def input_hint(self) -> str:
        return INPUT_HINTS.get(self.kind, "text")

    @property
    def title(self) -> str:
        return self.label or self.key.replace("_", " ").capitalize()


def question_by_key(flow: tuple[Question, ...], key: str | None) -> Question | None:
    for question in flow:
        if question.key == key:
            return question
    return None


def applicable(flow: tuple[Question, ...], answers: Mapping[str, Any]) -> list[Question]:
    return [q for q in flow if q.applies(answers)]


def check_flow(flow: tuple[Question, ...]) -> None:
    keys = [q.key for q in flow]
    if len(set(keys)) != len(keys):  # pragma: no cover - a definition error
        raise ValueError("question keys must be unique")
    for q in flow:
        if q.kind not in INPUT_HINTS:  # pragma: no cover
            raise ValueError(f"unknown kind {q.kind!r}")
