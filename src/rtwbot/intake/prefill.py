"""The opening message's own facts, taken as answers and shown for confirmation.

"<@erin> hurt his back lifting boxes yesterday around 3" names the employee and when it
happened: those are not asked again. What was taken is said back at once ("From your
message: …; say change … if that's not right"), and every answer is in the summary before
anything is filed. Only facts that parse cleanly are taken; anything doubtful is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rtwbot.intake.answers import parse_answer
from rtwbot.intake.context import IntakeContext, Invalid
from rtwbot.intake.engine import start
from rtwbot.intake.navigation import advance
from rtwbot.intake.question import Question, question_by_key
from rtwbot.intake.state import IntakeState, Reply
from rtwbot.intake.time_words import said_back
from rtwbot.intake.typed_text import escape

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_DAY = (r"(?:yesterday|today|this (?:morning|afternoon|evening)|tonight|last night"
        r"|(?:last |on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)")
_TIME = (r"(?:(?:at|around|about|approximately|roughly|near|~)\s*\d{1,2}(?::\d{2})?\s*"
         r"(?:[ap]\.?m\.?|ish)?|\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|\d{1,2}\s*ish|at lunch|"
         r"(?:at |around )?noon)")
_WHEN = re.compile(rf"\b{_DAY}(?:\s*,?\s*{_TIME})?|\b{_TIME}(?:\s+{_DAY})?", re.I)
_PART = re.compile(
    r"\b(?:(?:left|right|upper|lower)\s+)?(?:head|neck|shoulders?|arms?|elbows?|wrists?|"
    r"hands?|fingers?|back|chest|hips?|knees?|ankles?|foot|feet)\b", re.I)


def facts_in(text: str) -> dict[str, str]:
    """The raw answers the opening message gives, by question key."""
    facts: dict[str, str] = {}
    if mention := _MENTION.search(text or ""):
        facts["employee"] = mention.group(0)
    when = [m.group(0) for m in _WHEN.finditer(text or "")
            if re.search(r"[a-z]", m.group(0), re.I)]
    if when:
        facts["occurred_at"] = max(when, key=len)
    parts = [p.group(0) for p in _PART.finditer(text or "")]
    if parts:
        facts["body_parts"] = " and ".join(dict.fromkeys(p.lower() for p in parts))
    return facts


def start_with_facts(flow: Sequence[Question], ctx: IntakeContext,
                     opening: str) -> tuple[IntakeState, Reply, list[str]]:
    """Start a report with what the opening message already says; returns the state, the
    first reply (which says what was taken) and the keys that were filled."""
    flow = tuple(flow)
    state, reply = start(flow, ctx)
    taken: list[tuple[str, str]] = []
    for key, raw in facts_in(opening).items():
        question = question_by_key(flow, key)
        if question is None or not question.applies(state.answers):
            continue
        result = parse_answer(question, raw, ctx, state.answers, from_action=False)
        if isinstance(result, Invalid) or result.value is None:
            continue
        state.answers[key] = result.value
        state.displays[key] = result.display
        state.history.append(key)
        shown = said_back(result.value, ctx.local_now.date()) if question.kind == "date_time" \
            else result.display
        taken.append((question.title, shown or result.display))
    if not taken:
        return state, reply, []
    noted = "; ".join(f"*{title}:* {escape(shown)}" for title, shown in taken)
    prefix = ("Let's report an injury or illness. From your message I have — " + noted +
              '. If any of that is wrong, say "change" and its name; you\'ll see every '
              "answer before anything is filed.")
    first = advance(flow, state, ctx, prefix=prefix)
    first.version = state.version
    return state, first, [key for key in state.answers]
