"""The employee's own status, in the second person: short, every date labelled, and a
"More details" button for the rest (the full lists, pay, documents)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rtwbot.domain.privacy import Field
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.outbox import Button, escape
from rtwbot.workflow.status_text import mentions, titled_list

MORE_ACTION = "status_more"
# Set beside the redacted fields (never shown as such): only an agreed plan's duties are
# the employee's own; a proposed plan's are "proposed".
PLAN_AGREED = "_plan_agreed"
SHORT_LIST = 3


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def second_person(text: str) -> str:
    """The program's third-person sentences, said to the employee."""
    text = re.sub(r"\bthe employee is\b", "you are", text, flags=re.I)
    text = re.sub(r"\bthe employee's\b", "your", text, flags=re.I)
    text = re.sub(r"\bthe employee\b", "you", text, flags=re.I)
    return text[:1].upper() + text[1:]


def next_date_label(f: dict[str, Any]) -> tuple[str, date] | None:
    """What the plan's next date is: a review, or the end of the plan."""
    when = _day(f.get(Field.NEXT_DATE))
    if when is None:
        return None
    if when == _day(f.get(Field.PLAN_END)):
        return "Your plan ends", when
    return "Next review of your plan", when


def _short_list(items: list[str]) -> str:
    shown = "; ".join(escape(str(i)) for i in items[:SHORT_LIST])
    more = len(items) - SHORT_LIST
    return shown + (f" _(and {more} more)_" if more > 0 else "")


def _contacts(f: dict[str, Any]) -> str:
    """Who to ask; the union as the employee answered (none after a no)."""
    parts = []
    if f.get(Field.SUPERVISOR_CONTACT):
        parts.append(f"your supervisor <@{f[Field.SUPERVISOR_CONTACT]}>")
    if f.get(Field.HR_CONTACT):
        parts.append("HR " + mentions(f[Field.HR_CONTACT]))
    consent = f.get(Field.UNION_AUTHORIZED)
    if f.get(Field.UNION_CONTACT) and consent is not False:
        parts.append("your union " + mentions(f[Field.UNION_CONTACT]) + (
            "" if consent else " (if you say the union may represent you: `/rtw union`)"))
    return " · ".join(parts)


# A plan not yet agreed, said as such beside its dates.
NOT_AGREED = {"proposed": " _(proposed — not agreed yet)_",
              "changes_requested": " _(sent back for changes — not agreed)_"}


def render_short(f: dict[str, Any], next_step: str) -> str:
    """A few lines: where you are, what to do next, the dates that matter, who to ask."""
    lines = [f"*{f.get(Field.REFERENCE, 'Your case')}* — {f.get(Field.STAGE, '')}",
             f"*Your next step:* {next_step}"]
    start, end = _day(f.get(Field.PLAN_START)), _day(f.get(Field.PLAN_END))
    mine = "Your" if f.get(PLAN_AGREED) else "Proposed"  # yours once agreed
    if start and end:
        not_agreed = NOT_AGREED.get(f.get("_plan_state") or "", " _(not agreed yet)_")
        lines.append(f"*{mine} modified work:* {fmt_day(start)} to {fmt_day(end)}"
                     + ("" if f.get(PLAN_AGREED) else not_agreed))
    if f.get(Field.DUTIES):
        lines.append(f"*{mine} duties:* {_short_list(f[Field.DUTIES])}")
    if f.get(Field.HOURS):
        lines.append(f"*{mine} hours:* {escape(f[Field.HOURS])}")
    if f.get(Field.RESTRICTIONS):
        lines.append(f"*Your limits:* {_short_list(f[Field.RESTRICTIONS])}")
    labelled = next_date_label(f)
    if labelled and not (end and labelled[1] == end):
        lines.append(f"*{labelled[0]}:* {fmt_day(labelled[1])}")
    if (assessed := _day(f.get(Field.NEXT_ASSESSMENT))) is not None:
        lines.append(f"*Your next health assessment:* {fmt_day(assessed)}")
    if contacts := _contacts(f):
        lines.append(f"*Ask:* {contacts}")
    return "\n".join(lines)


def render_more(f: dict[str, Any]) -> str:
    """Everything you may see about your case, in full."""
    lines = [f"*{f.get(Field.REFERENCE, 'Your case')}* — the details"]
    if f.get(Field.RESTRICTIONS):
        lines += titled_list("Your limits (from your health professional's form)",
                             f[Field.RESTRICTIONS])
    if f.get(Field.EXPECTED_DURATION):
        lines.append(f"*Expected to last:* {escape(str(f[Field.EXPECTED_DURATION]))}")
    mine = "Your" if f.get(PLAN_AGREED) else "Proposed"  # yours once agreed
    if f.get(Field.DUTIES):
        lines += titled_list(f"{mine} duties" + ("" if f.get(PLAN_AGREED)
                                                 else " (not agreed yet)"), f[Field.DUTIES])
    if f.get(Field.HOURS):
        lines.append(f"*{mine} hours:* {escape(f[Field.HOURS])}")
    reviews = [d for d in (_day(r) for r in f.get(Field.REVIEW_DATES) or []) if d]
    if reviews:
        lines.append("*Reviews of your plan:* " + ", ".join(fmt_day(d) for d in sorted(reviews)))
    if f.get(Field.PAY_RULE):
        lines.append(f"*Your pay:* {second_person(f[Field.PAY_RULE])}")
    if f.get(Field.DOCUMENTS):
        lines.append("*Your documents:* " + ", ".join(escape(d) for d in f[Field.DOCUMENTS]))
    if len(lines) == 1:
        lines.append("There is nothing more yet: your plan's details appear here once your "
                     "team has agreed them.")
    return "\n".join(lines)


def more_button(reference: str) -> Button:
    return Button("More details", MORE_ACTION, reference)
