"""The person answer: a Slack mention (checked with ``ctx.resolve_user``), "Name, employee
number", or — when HR's roster knows exactly one — a name or a number alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rtwbot.intake.context import IntakeContext, Invalid, Ok, Result
from rtwbot.intake.typed_text import MAX_ITEM_LENGTH, clean_text, escape
from rtwbot.understanding.answer_words import dont_know
from rtwbot.waiting import TryLater

__all__ = ["number_on_roster", "parse_person", "person_on_roster"]

MAX_NAME_INPUT = 200

_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^<>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_NUMBER_WORDS = {
    "emp",
    "employee",
    "no",
    "number",
    "num",
    "id",
    "#",
    "-",
    "–",
    "|",
    "/",
    ":",
    "nr",
    "empl",
}
_EMPLOYEE_NUMBER = re.compile(r"[A-Za-z]{0,3}-?[0-9][0-9-]{1,14}")
_PERSON_EXAMPLE = '"Jane Doe, 12345"'
_NO_NUMBER = re.compile(r"(?:no|without|missing|unknown|not sure (?:of|about)|(?:i\s+)?don'?t "
                        r"(?:know|have)|do not (?:know|have)|no idea (?:of|about)?|dunno|idk)"
                        r"\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:employee\s+)?"
                        r"(?:number|no\.?|#|id)|number unknown|\?+", re.I)
# "his name is Luc", "name: Luc", "it's Luc": the words before a name.
_NAME_LEAD = re.compile(r"^(?:(?:his|her|their|the)\s+(?:full\s+)?name(?:'s|\s+is)?:?|"
                        r"name(?:\s+is)?:?|it'?s|its|that'?s|this is)\s+", re.I)


_NUMBER_NAMED = re.compile(r"\b(number|num|id)\b|#", re.I)
_LACK = re.compile(r"\b(no|not|don'?t|doesn'?t|do not|without|missing|unknown|can'?t|cannot|"
                   r"couldn'?t|idk|dunno|forgot|lost|n/?a)\b", re.I)


def _lacks_number(part: str) -> bool:
    """ "no number handy", "can't find his number", "don't have the id on me": the number is
    named, and what is said of it is that it is missing."""
    return not re.search(r"\d", part) and bool(_NUMBER_NAMED.search(part)) and \
        bool(_LACK.search(part))


def _resolve(user_id: str, ctx: IntakeContext) -> Result:
    try:
        user = ctx.resolve_user(user_id)
    except TryLater:
        raise  # Slack is slow or busy: the delivery waits in the inbox, then tries again
    except Exception:
        return Invalid(
            f"I couldn't look that person up just now — please try again, or type {_PERSON_EXAMPLE}."
        )
    if not isinstance(user, Mapping):
        return Invalid(
            f"I can't find that person in Slack — mention them with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    if user.get("is_bot"):
        return Invalid("That's a bot, not a person — please mention the employee who was hurt.")
    if user.get("deleted"):
        return Invalid(
            f"That Slack account is deactivated — please type their name and employee number instead, like {_PERSON_EXAMPLE}."
        )
    name = (
        clean_text(user.get("real_name") or user.get("name") or user_id)[:MAX_ITEM_LENGTH]
        or user_id
    )
    return Ok({"slack_user_id": user_id, "name": name, "employee_number": None}, name)


def parse_person(raw: Any, ctx: IntakeContext, *, from_action: bool = False) -> Result:
    """A Slack mention (checked with ``ctx.resolve_user``) or "Name, employee number"."""
    text = clean_text(raw)
    if not text:
        return Invalid(
            f"Please mention the person with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    if len(text) > MAX_NAME_INPUT:
        return Invalid(
            f"That's too long for a name — please type just the name and employee number, like {_PERSON_EXAMPLE}."
        )
    mentions = set(_MENTION.findall(text))
    if len(mentions) > 1:
        return Invalid("Please mention just one person — the employee who was hurt or became ill.")
    if mentions:
        return _resolve(mentions.pop(), ctx)
    if _USER_ID.fullmatch(text):  # a users_select value, or an id pasted by hand
        return _resolve(text, ctx)
    if "<" in text or ">" in text:
        return Invalid(
            f"Please mention one person with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    parts = [p.strip() for p in re.split(r"[,;]|\s+but\s+|\s+[-–—]\s+", text) if p.strip()]
    unknown = [p for p in parts if dont_know(p) or _NO_NUMBER.fullmatch(p) or _lacks_number(p)]
    if unknown and len(parts) - len(unknown) == 1:
        # "Jane Doe, don't know", "not sure of his number, his name is Luc": not known
        name = _NAME_LEAD.sub("", clean_text(next(p for p in parts if p not in unknown)))
        if name and any(ch.isalpha() for ch in name) and len(name) <= MAX_ITEM_LENGTH \
                and not re.search(r"[0-9<>]", name):
            return Ok({"slack_user_id": None, "name": name, "employee_number": None,
                       "number_unknown": True},
                      f"{name} (employee number not known — flagged for HR)")
    tokens = [t for t in re.split(r"[\s,;()\[\]]+", _NAME_LEAD.sub("", text)) if t]
    numbered = [t for t in tokens if re.search(r"[0-9]", t)]
    if len(numbered) > 1:
        return Invalid(f"Please give one name and one employee number, like {_PERSON_EXAMPLE}.")
    number = None
    if numbered:
        number = numbered[0].strip("#:.").lstrip("#")
        if not _EMPLOYEE_NUMBER.fullmatch(number):
            return Invalid(
                f"That employee number doesn't look right — please use digits, like {_PERSON_EXAMPLE}."
            )
    name_tokens = [
        t for t in tokens if t not in numbered and t.lower().strip(".:#") not in _NUMBER_WORDS
    ]
    name = " ".join(name_tokens).strip(" -–:#.")
    if not name or not any(ch.isalpha() for ch in name):
        return Invalid(f"Please add their name too, like {_PERSON_EXAMPLE}.")
    if len(name) > MAX_ITEM_LENGTH:
        return Invalid(
            f"That name is too long — please type just the name and employee number, like {_PERSON_EXAMPLE}."
        )
    if number is None:
        not_known = {"slack_user_id": None, "name": name, "employee_number": None,
                     "number_unknown": True}
        return Invalid(
            f"What is their employee number — type it like {_PERSON_EXAMPLE} (or "
            "mention them with @ if they're in Slack), or say \"don't know\": ask HR when you "
            "can, and I'll file with what we know and flag it for HR.",
            on_unknown=Ok(not_known, f"{name} (employee number not known — flagged for HR)"),
        )
    return Ok(
        {"slack_user_id": None, "name": name, "employee_number": number}, f"{name} (#{number})"
    )


def number_on_roster(result: Ok, ctx: IntakeContext) -> Ok | Invalid:
    """A typed employee number HR's roster does not hold is questioned, not taken as is: a
    "yes" keeps it, flagged for HR."""
    person = result.value
    number = person.get("employee_number") if isinstance(person, Mapping) else None
    if not number or person.get("slack_user_id"):
        return result
    try:
        if not ctx.has_roster() or ctx.find_employee(number) is not None:
            return result
    except Exception:  # the roster is a help, never a reason to refuse
        return result
    kept = {**person, "not_on_roster": True}
    return Invalid(
        f"I can't find employee number {escape(number)} on HR's roster — say \"yes\" to keep it "
        "(I'll flag it for HR to check), or type the right one.",
        on_yes=Ok(kept, f"{result.display} — not on HR's roster, flagged for HR"),
    )


def person_on_roster(raw: Any, ctx: IntakeContext) -> Ok | None:
    """A name alone or a number alone, when HR's roster knows exactly that employee."""
    text = clean_text(raw)
    if not text or len(text) > MAX_NAME_INPUT or "<" in text:
        return None
    try:
        found = ctx.find_employee(text)
    except Exception:
        return None
    if not isinstance(found, Mapping) or not found.get("name"):
        return None
    name = clean_text(found["name"])[:MAX_ITEM_LENGTH]
    number = found.get("employee_number")
    value = {"slack_user_id": found.get("slack_user_id"), "name": name, "employee_number": number}
    return Ok(value, f"{name} (#{number})" if number else name)
