"""Intake: the injury/illness report conversation as data plus a pure engine.

``step(flow, state, text_or_action, ctx) -> (state, Reply)`` — no Slack, no SQL.
"""

from rtwbot.intake.context import IntakeContext, Invalid, Ok
from rtwbot.intake.engine import start, step
from rtwbot.intake.question import Question
from rtwbot.intake.questions import INJURY_REPORT, WSIB_ONLY
from rtwbot.intake.replies import summary_rows
from rtwbot.intake.state import CANCELLED, CONFIRM_CANCEL, DONE, SUMMARY, Action, IntakeState, Reply
from rtwbot.intake.typed_text import escape, unescape

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
