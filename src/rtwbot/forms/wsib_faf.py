"""The WSIB's Functional Abilities Form for Planning Early and Safe Return to Work (2647A),
field by field. Every entry must be carried by a field of
``form_templates/functional-abilities.yaml`` (``wsib: <id>``) that is either pre-filled from
the case, read back, or withheld (the billing section, for the WSIB alone);
``tests/unit/test_faf_fields.py`` fails when one is missing. The read-back says each field
by the label here. The form has no diagnosis field, on purpose."""

from __future__ import annotations

from rtwbot.forms.wsib_form7 import WsibField

WORKER = "the worker completes it"
HP = "the health professional completes it"

FAF_2647A: tuple[WsibField, ...] = (
    # A. Worker and employer (the employer and the worker complete it)
    WsibField("A.claim_number", "Claim number",
              "the WSIB has not given one yet: the worker adds it if known"),
    WsibField("A.worker_last_name", "Worker's last name",
              "not on HR's roster and no last name in the Slack profile: " + WORKER),
    WsibField("A.worker_first_name", "Worker's first name",
              "not on HR's roster and no first name in the Slack profile: " + WORKER),
    WsibField("A.worker_telephone", "Worker's telephone",
              "personal: from HR's roster in the worker's own copy, else " + WORKER),
    WsibField("A.worker_address", "Worker's address, city/town, province, postal code",
              "personal: from HR's roster in the worker's own copy, else " + WORKER),
    WsibField("A.date_of_birth", "Worker's date of birth",
              "personal: from the report or HR's roster in the worker's own copy, else "
              + WORKER),
    WsibField("A.date_of_accident", "Date of accident / awareness of illness"),
    WsibField("A.employer_name", "Employer's name"),
    WsibField("A.employer_address", "Employer's full address",
              "not in the directory's employer settings: " + WORKER),
    WsibField("A.employer_telephone", "Employer's telephone",
              "not in the directory's employer settings: " + WORKER),
    WsibField("A.employer_fax", "Employer's fax number",
              "not in the directory's employer settings: " + WORKER),
    WsibField("A.job", "Type of job the worker was doing"),
    WsibField("A.rtw_discussed", "Have the worker and employer discussed return to work? "
              "If no, when", WORKER + " with the employer"),
    WsibField("A.employer_contact", "Employer contact (name, position, telephone)"),
    WsibField("A.authorization", "Worker's authorization to release functional information "
              "(WSIA s.37): signature and date", "only the worker can give it"),
    # B. The assessment
    WsibField("B.assessment_date", "Date of assessment", HP),
    # C. Abilities and restrictions (the health professional)
    WsibField("C.walking", "Walking", HP),
    WsibField("C.standing", "Standing", HP),
    WsibField("C.sitting", "Sitting", HP),
    WsibField("C.lift_floor_waist", "Lifting floor to waist", HP),
    WsibField("C.lift_waist_shoulder", "Lifting waist to shoulder", HP),
    WsibField("C.above_shoulder", "Work at or above shoulder activity", HP),
    WsibField("C.carrying", "Carrying", HP),
    WsibField("C.push_pull", "Pushing / pulling", HP),
    WsibField("C.stairs", "Stair climbing", HP),
    WsibField("C.ladders", "Ladder climbing", HP),
    WsibField("C.bending", "Bending / twisting", HP),
    WsibField("C.repetitive", "Repetitive movement", HP),
    WsibField("C.hands", "Use of hand(s): left / right (gripping, pinching, other)", HP),
    WsibField("C.chemical", "Chemical exposure to", HP),
    WsibField("C.environment", "Environmental exposure (e.g. hot/cold, noise, scents)", HP),
    WsibField("C.medication", "Potential side effects of medication", HP),
    WsibField("C.operating_equipment", "Operating motorized equipment", HP),
    WsibField("C.travel", "Limitations to travel to work", HP),
    WsibField("C.cognitive", "Cognitive limitations", HP),
    WsibField("C.other", "Other (e.g. psychological)", HP),
    WsibField("C.comments", "Additional comments on abilities and/or restrictions (no "
              "diagnosis)", HP),
    # D. Return to work
    WsibField("D.return_status", "Return to work: no restrictions / with restrictions / "
              "not yet", HP),
    WsibField("D.recommended_hours", "Recommended work hours: regular, modified or graduated",
              HP),
    WsibField("D.start_date", "Recommended start date", HP),
    WsibField("D.expected_duration", "Estimated duration of the abilities and restrictions",
              HP),
    WsibField("D.next_assessment", "Date of next assessment", HP),
    WsibField("D.estimated_end", "Estimated end date", HP),
    # E. The health professional
    WsibField("E.hp_name", "Health professional's name", HP),
    WsibField("E.hp_profession", "Health professional's profession", HP),
    WsibField("E.hp_contact", "Health professional's telephone / address", HP),
    WsibField("E.hp_date", "Date completed", HP),
    WsibField("E.hp_signature", "Health professional's signature", HP),
    # F. Billing: the WSIB's alone (never given to the worker or the employer)
    WsibField("F.billing", "Health professional's billing information (for the WSIB only)",
              "it is the WSIB's alone, never the worker's or the employer's"),
)
BY_ID = {f.id: f for f in FAF_2647A}
assert len(BY_ID) == len(FAF_2647A), "duplicate WSIB field ids"


def label(field_id: str) -> str:
    """The 2647A's words for a field (the read-back says each answer by them)."""
    return BY_ID[field_id].label
