"""Intake: the injury/illness report conversation as data plus a pure engine.

``step(flow, state, text_or_action, ctx) -> (state, Reply)`` — no Slack, no SQL.
"""

from rtwbot.intake.answers import IntakeContext, Invalid, Ok, escape, unescape
from rtwbot.intake.engine import (
    CANCELLED,
    CONFIRM_CANCEL,
    DONE,
    SUMMARY,
    Action,
    IntakeState,
    Reply,
    start,
    step,
    summary_rows,
)
from rtwbot.intake.questions import INJURY_REPORT, WSIB_ONLY, Question

__all__ = [
    "CANCELLED",
    "CONFIRM_CANCEL",
    "DONE",
    "INJURY_REPORT",
    "SUMMARY",
    "WSIB_ONLY",
    "Action",
    "IntakeContext",
    "IntakeState",
    "Invalid",
    "Ok",
    "Question",
    "Reply",
    "escape",
    "start",
    "step",
    "summary_rows",
    "unescape",
]
