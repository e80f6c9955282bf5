"""The opening message's own facts, taken as answers and shown for confirmation.

"<@erin> hurt his back lifting boxes 2 days ago at noon" names the employee and when it
happened: those are not asked again. The understanding layer finds the spans that may answer
a question (`rtwbot.understanding.entities`); each is read by that question's own parser
(`parse_answer`), exactly as if it had been typed in answer to it, so the first message and
the answers can never disagree. What was taken is said back at once ("From your message:
…; say change … if that's not right"), and every answer is in the summary before anything
is filed. Only facts that parse cleanly are taken; anything doubtful is asked.

A first message that may name a critical injury asks the critical question first.
"""

from __future__ import annotations

from collections.abc import Sequence

from rtwbot.intake.answers import parse_answer
from rtwbot.intake.context import IntakeContext, Invalid
from rtwbot.intake.engine import start
from rtwbot.intake.navigation import advance, goto
from rtwbot.intake.question import Question, question_by_key
from rtwbot.intake.questions import CRITICAL_INJURY
from rtwbot.intake.state import IntakeState, Reply
from rtwbot.intake.time_words import said_back
from rtwbot.intake.typed_text import escape
from rtwbot.understanding.entities import spans

__all__ = ["facts_in", "start_with_facts"]


def facts_in(text: str) -> dict[str, list[str]]:
    """The candidate raw answers the opening message gives, by question key."""
    return spans(text or "")


def start_with_facts(flow: Sequence[Question], ctx: IntakeContext, opening: str,
                     critical: bool = False) -> tuple[IntakeState, Reply, list[str]]:
    """Start a report with what the opening message already says; returns the state, the
    first reply (which says what was taken) and the keys that were filled. ``critical``:
    the message may name a critical injury or a death, so that question comes first."""
    flow = tuple(flow)
    state, reply = start(flow, ctx)
    taken: list[tuple[str, str]] = []
    for key, candidates in facts_in(opening).items():
        question = question_by_key(flow, key)
        if question is None or not question.applies(state.answers):
            continue
        for raw in candidates:
            result = parse_answer(question, raw, ctx, state.answers, from_action=False)
            if isinstance(result, Invalid) or result.value is None:
                continue
            state.answers[key] = result.value
            state.displays[key] = result.display
            state.history.append(key)
            shown = said_back(result.value, ctx.local_now.date()) \
                if question.kind == "date_time" else result.display
            taken.append((question.title, shown or result.display))
            break
    lead = "Let's report an injury or illness."
    if taken:
        noted = "; ".join(f"*{title}:* {escape(shown)}" for title, shown in taken)
        lead += (" From your message I have — " + noted + '. If any of that is wrong, say '
                 '"change" and its name; you\'ll see every answer before anything is filed.')
    elif not critical:
        return state, reply, []
    if critical and question_by_key(flow, CRITICAL_INJURY) is not None:
        first = goto(flow, state, CRITICAL_INJURY, ctx, prefix=f"{lead} First, the most urgent:")
    else:
        first = advance(flow, state, ctx, prefix=lead)
    first.version = state.version
    return state, first, [key for key in state.answers]
