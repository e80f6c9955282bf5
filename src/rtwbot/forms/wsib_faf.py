"""The WSIB's Functional Abilities Form for Planning Early and Safe Return to Work (2647A),
field by field. Every entry must be carried by a field of
``form_templates/functional-abilities.yaml`` (``wsib: <id>``) that is either pre-filled from
the case or read back; ``tests/unit/test_faf_fields.py`` fails when one is missing. The
form has no diagnosis field, on purpose."""

from __future__ import annotations

FAF_2647A: tuple[tuple[str, str], ...] = (
    ("A.worker_name", "Worker's name"),
    ("A.date_of_accident", "Date of accident / awareness of illness"),
    ("A.employer_name", "Employer's name"),
    ("A.job", "Type of job the worker was doing"),
    ("A.employer_contact", "Employer contact"),
    ("A.authorization", "Worker's authorization to release functional information (WSIA s.37)"),
    ("B.assessment_date", "Date of assessment"),
    ("B.hp_name", "Health professional's name"),
    ("B.hp_profession", "Health professional's profession"),
    ("B.hp_contact", "Health professional's telephone / address"),
    ("B.hp_date", "Date completed"),
    ("C.walking", "Walking"),
    ("C.standing", "Standing"),
    ("C.sitting", "Sitting"),
    ("C.lift_floor_waist", "Lifting floor to waist"),
    ("C.lift_waist_shoulder", "Lifting waist to shoulder"),
    ("C.above_shoulder", "Work at or above shoulder"),
    ("C.carrying", "Carrying"),
    ("C.push_pull", "Pushing / pulling"),
    ("C.stairs", "Stair climbing"),
    ("C.ladders", "Ladder climbing"),
    ("C.bending", "Bending / twisting"),
    ("C.repetitive", "Repetitive movement"),
    ("C.hands", "Use of hands (left / right: gripping, pinching, other)"),
    ("C.environment", "Environmental / chemical exposure"),
    ("C.medication", "Potential side effects of medication"),
    ("C.operating_equipment", "Operating motorized equipment"),
    ("C.travel", "Limitations to travel to work"),
    ("C.cognitive", "Cognitive limitations"),
    ("C.other", "Other comments on abilities (no diagnosis)"),
    ("D.return_status", "Return to work: no restrictions / with restrictions / not yet"),
    ("D.recommended_hours", "Recommended work hours: regular, modified or graduated"),
    ("D.start_date", "Recommended start date"),
    ("D.expected_duration", "Estimated duration of the abilities and restrictions"),
    ("D.next_assessment", "Date of the next assessment"),
    ("D.estimated_end", "Estimated end date"),
)
