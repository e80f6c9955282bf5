"""The injury/illness report as data: an ordered tuple of :class:`Question`.

The question keys are the stored contract (the workflow and the forms read ``answers[key]``):
do not rename them.  Stored values by kind:

- ``person``: ``{"slack_user_id": "U..." | None, "name": str, "employee_number": str | None}``
- ``choice`` / ``text``: ``str`` (``division`` and ``job_title`` may be free text)
- ``date_time``: ``{"date": "YYYY-MM-DD", "time_known": bool, "datetime": ISO str | None}``
- ``multi_choice``: ``[{"part": str, "side": "left"|"right"|"both"|None, "detail": str|None}]``
- ``yes_no_unknown``: ``"yes" | "no" | "unknown"``
- ``number``: ``int | float``
- a skipped optional question: ``None``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtwbot.intake.options import (
    ACCIDENT_TYPE_ALIASES,
    ACCIDENT_TYPES,
    BODY_PART_ALIASES,
    BODY_PARTS,
    CASE_KINDS,
    CRITICAL_INJURY_CHOICES,
    FIRST_AID_WORDS,
    HEALTH_CARE_WORDS,
    MODIFIED_WORK,
    division_choices,
    job_title_choices,
)
from rtwbot.intake.question import Question, check_flow
from rtwbot.intake.validators import (
    a_job_not_a_condition,
    a_place_not_a_condition,
    born_in_the_past,
    death_is_a_critical_injury,
    explain_critical_injury,
    hired_before_it_happened,
    learned_not_before_occurred,
)

__all__ = ["ACCIDENT_TYPE", "CRITICAL_INJURY", "DIED", "INJURY_REPORT", "WSIB_ONLY"]


def _not_non_occupational(answers: Mapping[str, Any]) -> bool:
    return answers.get("case_kind") != "non_occupational"


CRITICAL_INJURY = "critical_injury"
DIED = "died"  # asked only after a "yes" to the critical question: a death, or not
ACCIDENT_TYPE = "accident_type"  # Form 7, C.4


def _critical(answers: Mapping[str, Any]) -> bool:
    return answers.get(CRITICAL_INJURY) == "yes"


# --------------------------------------------------------------------------- the flow

WSIB_ONLY = ("health_care", "lower_pay", "modified_work", "witnesses")

INJURY_REPORT: tuple[Question, ...] = (
    Question(
        "employee",
        "Who was hurt or became ill? Mention them with @, or if they're not in Slack, "
        'type their name and employee number, like "Jane Doe, 12345".',
        "person",
        label="Employee",
        aliases=("employee", "worker", "who", "person", "name", "injured person", "who was hurt"),
        why="I need to know who the report is about",
        unknown="If they're not in Slack and you don't know their employee number, type "
        "their name alone — ask HR when you can; I'll file with what we know and flag it for "
        "HR.",
    ),
    Question(
        "division",
        "Which division do they work in?",
        "choice",
        choices_from=division_choices,  # a closed list: one not on it has no HR contact
        label="Division",
        aliases=("division", "department", "dept", "section", "branch", "team"),
        why="the report goes to the right division and HR contact",
        unknown="Pick the one they work in most; HR can move the case if it's wrong.",
        example='"Parks and Recreation"',
    ),
    Question(
        "job_title",
        "What is their job title?",
        "choice",
        choices_from=job_title_choices,
        allow_other=True,  # a title not listed is kept; a typo of a listed one is asked about
        validate=a_job_not_a_condition,
        label="Job title",
        aliases=("job", "job title", "title", "position", "role", "occupation"),
        why="the return-to-work plan starts from their regular job",
        unknown='Describe what they do in a few words, like "Labourer" or "Road crew".',
        example='"Labourer"',
        max_length=200,
    ),
    Question(
        "case_kind",
        "Is this a work-related injury, a work-related illness, or not work-related?",
        "choice",
        choices=CASE_KINDS,
        choice_aliases=(
            (
                "work_injury",
                (
                    "injury",
                    "injured",
                    "hurt at work",
                    "accident",
                    "work accident",
                    "occupational injury",
                ),
            ),
            (
                "work_illness",
                (
                    "illness",
                    "ill",
                    "sick",
                    "disease",
                    "occupational illness",
                    "occupational disease",
                ),
            ),
            (
                "non_occupational",
                (
                    "not work related",
                    "non work related",
                    "non occupational",
                    "personal",
                    "off duty",
                    "not at work",
                    "off the job",
                    "outside work",
                    "not work",
                    "no",
                    "home",
                    "at home",
                    "weekend",
                    "on the weekend",
                    "vacation",
                    "own time",
                    "personal time",
                ),
            ),
        ),
        hint="If you're not sure whether it's work-related, choose work-related — the WSIB decides.",
        label="Type of case",
        aliases=(
            "kind",
            "type",
            "case type",
            "type of case",
            "work related",
            "category",
            "injury or illness",
        ),
        why="work-related cases have to be reported to the WSIB within days",
    ),
    Question(
        CRITICAL_INJURY,
        "Was anyone critically injured or killed? For example unconscious, a broken arm or "
        "leg, heavy bleeding, an amputation, serious burns or loss of sight in an eye.",
        "yes_no_unknown",
        choices=CRITICAL_INJURY_CHOICES,
        validate=explain_critical_injury,  # asked for every case: OHSA s.51 is "from any cause"
        # Not "unknown": a possible critical injury must not wait on a third state.
        unknown='If you can\'t tell yet, answer "yes" — it is safer to treat it as critical until '
        'someone has checked ("what counts?" shows what critical means).',
        label="Critical injury or death",
        aliases=("critical injury", "critical", "death", "killed", "fatal", "critically injured"),
        why="a critical injury or death must be reported to the Ministry at once (OHSA s.51)",
    ),
    Question(
        DIED,
        "Did the person die?",
        "yes_no_unknown",
        choices=(("no", "No, critically injured"), ("yes", "Yes, a death"),
                 ("unknown", "Not known yet")),
        condition=_critical,
        label="A death",
        aliases=("died", "dead", "fatality", "whether they died"),
        why="the WSIB's Form 7 and the Ministry ask whether it was a death",
    ),
    Question(
        "occurred_at",
        'When did it happen? A date and time, like "yesterday 3pm" — a date alone is fine '
        "if you don't know the time.",
        "date_time",
        label="When it happened",
        aliases=(
            "date",
            "time",
            "when",
            "when it happened",
            "date of injury",
            "accident date",
            "occurred",
            "happened",
            "date and time",
            "injury date",
            "date it happened",
        ),
        why="the WSIB asks for the date of the accident and the deadlines count from it",
        unknown='Your best guess of the day is fine ("last Tuesday"); say so in "What '
        'happened".',
    ),
    Question(
        "learned_at",
        'When did you learn of it? Say "same time" if you found out when it happened.',
        "date_time",
        choices=(("same_time", "At the same time"),),
        same_as="occurred_at",
        depends_on=("occurred_at",),
        validate=learned_not_before_occurred,
        label="When you learned of it",
        aliases=(
            "learned",
            "when you learned",
            "when i learned",
            "when you learned of it",
            "learned of it",
            "when i found out",
            "found out",
            "date learned",
            "learned date",
            "reported",
            "notice",
        ),
        why="the 3-business-day WSIB deadline counts from the day you learned of it",
        unknown='If it was when you were told, say "same time", or the day you heard.',
    ),
    Question(
        "location",
        "Where did it happen? The site, address or area is enough.",
        "text",
        validate=a_place_not_a_condition,
        label="Where",
        aliases=("location", "where", "place", "site", "where it happened", "address"),
        why="the WSIB asks where the accident happened",
        unknown='The site or area is enough, like "the north yard".',
        example='"Loading dock, 55 John Street"',
        max_length=500,
    ),
    Question(
        "description",
        "What happened? Describe the event, not the diagnosis.",
        "text",
        hint='For example "slipped on a wet floor and fell onto the left wrist" — '
        "please leave out medical details.",
        label="What happened",
        aliases=(
            "description",
            "what happened",
            "details",
            "story",
            "event",
            "how it happened",
            "accident",
        ),
        condition=_not_non_occupational,  # the Human Rights Code: functional needs, not cause
        why="the WSIB asks what happened",
        example='"slipped on a wet floor and fell"',
    ),
    Question(
        ACCIDENT_TYPE,
        'What kind of accident was it? Pick all that apply, or type them, like "slip and fall".',
        "multi_choice",
        choices=ACCIDENT_TYPES,
        choice_aliases=ACCIDENT_TYPE_ALIASES,
        allow_other=True,
        validate=death_is_a_critical_injury,
        condition=_not_non_occupational,
        label="Type of accident",
        aliases=("type of accident", "accident type", "kind of accident", "how",
                 "type of illness"),
        why="the WSIB's Form 7 asks what kind of accident or illness it was",
        example='"slip and fall"',
    ),
    Question(
        "body_parts",
        'Which parts of the body were affected? Pick them, or type them like "left wrist and lower back".',
        "multi_choice",
        choices=BODY_PARTS,
        choice_aliases=BODY_PART_ALIASES,
        condition=_not_non_occupational,
        allow_other=True,
        ambiguous=(
            (
                "back",
                'Did you mean "upper back", "lower back", or "go back" to the previous question?',
            ),
            ("my back", 'Did you mean "upper back" or "lower back"?'),
        ),
        label="Body parts",
        aliases=(
            "body parts",
            "body part",
            "body",
            "parts",
            "injuries",
            "injury",
            "where hurt",
            "parts of the body",
        ),
        why="the WSIB asks which parts of the body were affected",
        unknown='Name what you were told, like "left hand", or pick "Other".',
    ),
    Question(
        "health_care",
        "Did they get health care beyond first aid, for example from a doctor, a hospital or a physiotherapist?",
        "yes_no_unknown",
        condition=_not_non_occupational,
        # "he saw a physio", "went to emerg": care beyond first aid is a yes; first aid a no
        choice_aliases=(("yes", HEALTH_CARE_WORDS), ("no", FIRST_AID_WORDS)),
        label="Health care beyond first aid",
        aliases=(
            "health care",
            "healthcare",
            "medical care",
            "medical",
            "doctor",
            "treatment",
            "first aid",
        ),
        why="health care beyond first aid is one of the things that makes a case reportable to the WSIB",
    ),
    Question(
        "absent",
        "Have they been absent from their regular work after the day it happened?",
        "yes_no_unknown",
        label="Absent after the day it happened",
        aliases=(
            "absent",
            "absence",
            "time off",
            "off work",
            "lost time",
            "missed work",
            "away from work",
        ),
        why="time away from regular work decides what happens next and whether the WSIB must be told",
    ),
    Question(
        "lower_pay",
        "Are they earning less than their regular pay for their regular work because of it?",
        "yes_no_unknown",
        condition=_not_non_occupational,
        label="Earning less than regular pay",
        aliases=(
            "lower pay",
            "pay",
            "less pay",
            "earnings",
            "wages",
            "earning less",
            "regular pay",
        ),
        why="lost earnings make a case reportable to the WSIB",
    ),
    Question(
        "modified_work",
        "Are they doing modified work because of it?",
        "choice",
        choices=MODIFIED_WORK,
        choice_aliases=(
            (
                "none",
                (
                    "no",
                    "nope",
                    "not modified",
                    "no modified work",
                    "regular work",
                    "regular duties",
                    "n",
                ),
            ),
            (
                "regular_pay",
                ("regular pay", "full pay", "same pay", "normal pay", "yes regular pay"),
            ),
            (
                "reduced_pay",
                (
                    "reduced pay",
                    "less pay",
                    "lower pay",
                    "reduced",
                    "less",
                    "less than regular pay",
                ),
            ),
        ),
        ambiguous=tuple(
            (word, "Is that modified work at regular pay, or at less than regular pay?")
            for word in ("yes", "y", "yep", "yeah", "yup", "sure", "they are")
        ),
        condition=_not_non_occupational,
        label="Modified work",
        aliases=(
            "modified work",
            "modified",
            "modified duties",
            "light duty",
            "light duties",
            "duties",
        ),
        why="modified work and its pay decide whether and when the WSIB must be told",
    ),
    Question(
        "witnesses",
        'Were there any witnesses? Type their names, or "skip" if there were none.',
        "text",
        required=False,
        condition=_not_non_occupational,
        label="Witnesses",
        aliases=("witnesses", "witness", "who saw it"),
        example='"Sam Lee and Priya Shah"',
        max_length=1000,
    ),
    Question(
        "hired_on",
        "When did they start working here, without a break? A date like \"2019-03-04\", or "
        "\"skip\" if you don't know — HR can add it.",
        "text",
        required=False,
        condition=_not_non_occupational,
        validate=hired_before_it_happened,
        depends_on=("occurred_at",),
        label="Employed since",
        aliases=("hire date", "hired", "date of hire", "start date", "employed since",
                 "seniority"),
        example='"2019-03-04"',
        max_length=40,
    ),
    Question(
        "born_on",
        'What is their date of birth? A date like "1980-07-14", or "skip" if you don\'t know.',
        "text",
        required=False,
        condition=_not_non_occupational,
        validate=born_in_the_past,
        max_length=40,
        label="Date of birth",
        aliases=("birth date", "date of birth", "birthday", "dob", "born", "age"),
        example='"1980-07-14"',
    ),
    Question(
        "hours_per_week",
        "How many hours a week do they normally work? For example 37.5.",
        "number",
        label="Regular hours per week",
        aliases=(
            "hours",
            "hours per week",
            "weekly hours",
            "hours a week",
            "work hours",
            "schedule",
        ),
        why="their regular hours set the pay rules for any modified work",
        unknown="Your best estimate is fine (like 40); HR checks it against payroll.",
    ),
)


check_flow(INJURY_REPORT)
