"""Answer parsers for the intake conversation: lenient in what they read, strict in what they keep.

:func:`parse_answer` picks the parser for a question's kind (one module each:
``moment_answer``, ``choice_answer``, ``multi_choice_answer``, ``person_answer``,
``number_answer``, ``typed_text``) and runs the question's own cross-check.  Every parser
returns ``Ok(value, display)`` or ``Invalid(message)`` (see :mod:`rtwbot.intake.context`).
Messages never echo raw user text unescaped, so they are safe to send to Slack as mrkdwn.

Nothing here does I/O except through the callables on :class:`IntakeContext`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rtwbot.intake.choice_answer import parse_choice, parse_yes_no_unknown
from rtwbot.intake.context import IntakeContext, Invalid, Ok, Result
from rtwbot.intake.moment_answer import parse_date_time
from rtwbot.intake.multi_choice_answer import parse_multi_choice
from rtwbot.intake.number_answer import parse_number
from rtwbot.intake.person_answer import number_on_roster, parse_person, person_on_roster
from rtwbot.intake.typed_text import clean_text, parse_text
from rtwbot.understanding.answer_words import dont_know, numbers_in_words

if TYPE_CHECKING:  # pragma: no cover
    from rtwbot.intake.question import Question

__all__ = ["parse_answer"]


def parse_answer(
    question: Question,
    raw: Any,
    ctx: IntakeContext,
    answers: Mapping[str, Any],
    *,
    from_action: bool = False,
) -> Result:
    """Parse ``raw`` for ``question`` and run its cross-check.  Never raises on user input.

    "Not sure", "idk", "n/a" (any way they are said) leave out a question that may be left
    out, here and in the modal alike; a required one says why it is needed."""
    kind = question.kind
    if kind != "yes_no_unknown" and not from_action and isinstance(raw, str) and dont_know(raw):
        if not question.required:
            return Ok(None, "Not given")
        why = f" — {question.why}" if question.why else ""
        return Invalid(f"I need this one to file the report{why}.")
    if kind == "date_time":
        same_as = answers.get(question.same_as) if question.same_as else None
        result = parse_date_time(raw, ctx, same_as=same_as, from_action=from_action)
    elif kind == "yes_no_unknown":
        result = parse_yes_no_unknown(raw)
    elif kind in ("choice", "multi_choice"):
        options = question.options(ctx, answers)
        extra = ({"confirm_typos": question.allow_other or question.choices_from is not None}
                 if kind == "choice" else {})
        parse = parse_choice if kind == "choice" else parse_multi_choice
        result = parse(
            raw,
            options,
            aliases=question.alias_map(),
            # a list from the directory that is empty: nothing to choose from, so any name
            allow_other=question.allow_other or (question.choices_from is not None
                                                 and not options),
            ambiguous=dict(question.ambiguous),
            from_action=from_action,
            **extra,
        )
    elif kind == "person":
        result = parse_person(raw, ctx, from_action=from_action)
        if isinstance(result, Invalid) and not from_action:
            result = person_on_roster(raw, ctx) or result
        elif isinstance(result, Ok) and not from_action:
            result = number_on_roster(result, ctx)
    elif kind == "number":
        result = parse_number(numbers_in_words(clean_text(raw)))
    elif kind == "text":
        result = parse_text(raw, max_length=question.max_length, example=question.example)
    else:  # pragma: no cover - a flow definition error, not user input
        raise ValueError(f"unknown answer kind {kind!r} for question {question.key!r}")
    if isinstance(result, Ok) and question.validate is not None:
        problem = question.validate(result.value, answers, ctx)
        if problem:
            return Invalid(problem)
    return result
