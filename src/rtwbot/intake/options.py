"""The report's option sets (the buttons, and the other words people use for them), and the
options that come from the outside world (divisions, suggested job titles)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.domain import wsib_terms
from rtwbot.intake.context import IntakeContext
from rtwbot.intake.question import Choices

__all__ = [
    "ACCIDENT_TYPES",
    "ACCIDENT_TYPE_ALIASES",
    "BODY_PARTS",
    "BODY_PART_ALIASES",
    "CASE_KINDS",
    "CRITICAL_INJURY_CHOICES",
    "FIRST_AID_WORDS",
    "HEALTH_CARE_WORDS",
    "MODIFIED_WORK",
    "WHAT_COUNTS",
    "division_choices",
    "job_title_choices",
]

# Care as people name it (the front door's words, `wsib_terms.CARE_WORDS`): beyond first aid
# is a yes to "Did they get health care beyond first aid?" ("he saw a physio"), first aid a no.
FIRST_AID_WORDS: tuple[str, ...] = ("first aid", "first aider", "ice pack", "bandage",
                                    "band aid", "bandaid", "first aid kit")
HEALTH_CARE_WORDS: tuple[str, ...] = tuple(
    w for w in wsib_terms.CARE_WORDS if w not in FIRST_AID_WORDS) + (
    "emerg", "walk-in", "walk in", "physiotherapist", "chiro", "chiropractor", "dentist",
    "nurse practitioner", "hospitalized", "hospitalised", "stitched", "admitted", "ambulance",
    "doc", "dr", "gp", "md", "family doctor", "specialist", "optometrist", "eye doctor",
    "massage therapist", "x-rayed", "xrayed", "seen by")

CASE_KINDS: Choices = (
    ("work_injury", "Work-related injury"),
    ("work_illness", "Work-related illness"),
    ("non_occupational", "Not work-related"),
)

MODIFIED_WORK: Choices = (
    ("none", "No modified work"),
    ("regular_pay", "Modified work at regular pay"),
    ("reduced_pay", "Modified work at less than regular pay"),
)

# The Form 7's own lists (rtwbot.domain.wsib_terms), as the report's options: one vocabulary
# for the intake, the front door and the forms. Stored keys never change meaning: the keys
# of the report's earlier body-part list (head, neck, upper_back, ...) are all still here.
BODY_PARTS: Choices = tuple((t.key, t.label) for t in wsib_terms.BODY_PARTS)
# The intake's own shortcuts beside the form's everyday words ("upper" for the upper back).
_BODY_PART_SHORTCUTS = {"upper_back": ("upper",), "lower_back": ("lower", "tailbone"),
                        "fingers": ("digit",)}
_SHARED_WORDS = {w for t in wsib_terms.BODY_PARTS for w in t.words
                 if sum(w in u.words for u in wsib_terms.BODY_PARTS) > 1}
BODY_PART_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (t.key, tuple(w for w in t.words if w not in _SHARED_WORDS and w != "back")
     + _BODY_PART_SHORTCUTS.get(t.key, ()))
    for t in wsib_terms.BODY_PARTS if t.words
)
# Form 7, C.4 "Type of accident/illness (check all that apply)".
ACCIDENT_TYPES: Choices = tuple((t.key, t.label) for t in wsib_terms.ACCIDENT_TYPES)
ACCIDENT_TYPE_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (t.key, t.words) for t in wsib_terms.ACCIDENT_TYPES if t.words
)


# "Not sure" is not an answer here: the button says "What counts?" and shows the definition.
WHAT_COUNTS = "unknown"
CRITICAL_INJURY_CHOICES: Choices = (
    ("no", "No"),
    ("yes", "Yes"),
    (WHAT_COUNTS, "What counts?"),
)


def division_choices(ctx: IntakeContext, _answers: Mapping[str, Any]) -> Choices:
    return tuple((name, name) for name in ctx.divisions if isinstance(name, str) and name.strip())


def job_title_choices(ctx: IntakeContext, answers: Mapping[str, Any]) -> Choices:
    titles = ctx.job_titles_for(answers) or ()
    seen: list[str] = []
    for title in titles:
        if isinstance(title, str) and title.strip() and title.strip() not in seen:
            seen.append(title.strip())
    return tuple((t, t) for t in seen[:10])
