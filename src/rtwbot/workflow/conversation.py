"""What a direct message to the bot means: a report, a status question, or a request for help."""

from __future__ import annotations

import re

from rtwbot.workflow.outbox import Button, Say

GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|yo)\b", re.I)
HELP = re.compile(r"\b(help|what can you do|how does this work|\?$)", re.I)


def help_message(user_id: str, *, greeting: bool = False) -> Say:
    hello = f"Hi <@{user_id}>! " if greeting else ""
    text = (
        f"{hello}I'm rtwbot. I help get people back to safe, suitable work after an injury "
        "or illness.\n"
        "• *Report an injury or illness* — say _report_ and I'll ask a few short questions.\n"
        "• *Check where a plan stands* — say _status_.\n"
        "• *New facts about a case* (a doctor's visit, time off, modified work) — "
        "`/rtw update RTW-…`; HR records Form 7 received with `/rtw form7 RTW-…`.\n"
        "• You can type _help_ at any time."
    )
    return Say(
        text=text,
        to_user=user_id,
        buttons=(
            Button("Report an injury or illness", "help_report", "report", "primary"),
            Button("My status", "help_status", "status"),
        ),
    )


def is_greeting_or_help(text: str) -> tuple[bool, bool]:
    return bool(GREETING.search(text)), bool(HELP.search(text))
