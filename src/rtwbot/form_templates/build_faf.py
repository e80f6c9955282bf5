"""The Functional Abilities Form: the content of the WSIB's 2647A, section by section.

Loaded by build_templates.py, which passes its layout helpers in ``h``. Every field names the
2647A field it carries (``wsib``, see ``rtwbot.forms.wsib_faf``) and who fills it (``source``:
the case's own facts, or ``worker`` / ``hp`` when the worker or the health professional
completes it). The health professional's billing section is ``withheld``: it is for the WSIB,
and the bot never reads it back.

Privacy: no diagnosis field; the health professional is asked for abilities only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

W = 528  # usable width of a page row

# template field (or group prefix) -> the WSIB 2647A field
TAGS = {
    "walking": "C.walking", "standing": "C.standing", "sitting": "C.sitting",
    "lift_floor_waist": "C.lift_floor_waist", "lift_waist_shoulder": "C.lift_waist_shoulder",
    "above_shoulder": "C.above_shoulder", "carrying": "C.carrying", "push_pull": "C.push_pull",
    "stairs": "C.stairs", "ladder": "C.ladders", "bending": "C.bending",
    "repetitive": "C.repetitive", "hand_left": "C.hands", "hand_right": "C.hands",
    "chemical": "C.chemical", "environment": "C.environment", "medication": "C.medication",
    "motorized": "C.operating_equipment", "travel": "C.travel", "cognitive": "C.cognitive",
    "other_limits": "C.other", "comments": "C.comments",
    "rtw": "D.return_status", "hours": "D.recommended_hours", "recommended_start": "D.start_date",
    "duration": "D.expected_duration", "next_assessment_date": "D.next_assessment",
    "estimated_end_date": "D.estimated_end",
}


def _tag(fields: dict[str, dict[str, Any]]) -> None:
    """Name the 2647A field each ability field carries; the health professional fills it."""
    for name, spec in fields.items():
        for prefix, wsib in TAGS.items():
            if name == prefix or name.startswith(prefix + "_"):
                spec.setdefault("wsib", wsib)
                spec.setdefault("source", "hp")


def _filled(h: Any, path: str, wsib: str, source: Any, kind: str = "text") -> dict[str, Any]:
    spec = (h.date if kind == "date" else h.text)(path)
    return spec | {"wsib": wsib, "source": source}


def _asked(h: Any, answer: str, wsib: str, source: str, kind: str = "text",
           **extra: Any) -> dict[str, Any]:
    spec = (h.date if kind == "date" else h.text)(answer=answer)
    return spec | {"wsib": wsib, "source": source, **extra}


def _band_group(h: Any, s: Any, key: str, label: str, bands: list[tuple[str, str]],
                other_caption: str = "Other") -> None:
    """Full abilities / graded bands / other + details: one checkbox per band."""
    options: list[tuple[str, str, dict[str, Any]]] = [
        (f"{key}_full", "Full abilities", {"group": key})
    ]
    for suffix, caption in bands:
        line = caption[0].lower() + caption[1:]
        options.append((f"{key}_{suffix}", caption, {"group": key, "restriction": f"{label}: {line}"}))
    options.append((f"{key}_other", other_caption,
                    {"group": key, "restriction": f"{label}: {other_caption.lower()}",
                     "detail": f"{key}_details"}))
    s.checks(label, options, (f"{key}_details", "Specify:", h.text(group=key)))


def _limit_group(h: Any, s: Any, key: str, label: str, limited: list[tuple[str, str, str]], *,
                 none_caption: str = "Full abilities", none_key: str = "full",
                 details_caption: str = "Specify:", confidential_details: bool = False,
                 line_label: str | None = None) -> None:
    """No limitation / one or more kinds of limitation + details. `line_label` heads the
    restriction line the team sees, when the printed label says more than they may."""
    options: list[tuple[str, str, dict[str, Any]]] = [(f"{key}_{none_key}", none_caption, {"group": key})]
    for suffix, caption, line in limited:
        spec: dict[str, Any] = {"group": key, "restriction": f"{line_label or label}: {line}"}
        if not confidential_details:
            spec["detail"] = f"{key}_details"
        options.append((f"{key}_{suffix}", caption, spec))
    details = h.text(group=key)
    if confidential_details:
        details["confidential"] = True
    s.checks(label, options, (f"{key}_details", details_caption, details))


def _worker_and_employer(h: Any, s: Any) -> None:
    s.section("A. Worker and employer (completed by the employer and the worker)")
    names, personal = ["roster", "slack", "worker"], ["roster", "worker"]
    s.fields_row([
        ("Worker's last name", "worker_last_name", 170, _filled(h, "employee.last_name", "A.worker_last_name", names)),
        ("First name", "worker_first_name", 150, _filled(h, "employee.first_name", "A.worker_first_name", names)),
        ("Telephone", "worker_phone", 100, _filled(h, "worker.phone", "A.worker_telephone", personal)),
        ("Date of birth (YYYY-MM-DD)", "worker_birth_date", 78, _filled(h, "worker.date_of_birth", "A.date_of_birth", ["intake", "roster", "worker"], "date")),
    ])
    s.fields_row([("Worker's address (number, street, apt.)", "worker_address", W, _filled(h, "worker.address", "A.worker_address", personal))])
    s.fields_row([
        ("City / town", "worker_city", 200, _filled(h, "worker.city", "A.worker_address", personal)),
        ("Province", "worker_province", 80, _filled(h, "worker.province", "A.worker_address", personal)),
        ("Postal code", "worker_postal_code", 100, _filled(h, "worker.postal_code", "A.worker_address", personal)),
        ("Date of accident / illness (YYYY-MM-DD)", "date_of_injury", 118, _filled(h, "case.occurred_on", "A.date_of_accident", "intake", "date")),
    ])
    s.fields_row([("Worker name (as reported)", "employee_name", W, h.text("employee.name"))])
    s.fields_row([
        ("Employer's name", "employer_name", 200, _filled(h, "employer.name", "A.employer_name", "directory")),
        ("Telephone", "employer_phone", 160, _filled(h, "employer.phone", "A.employer_telephone", ["directory", "worker"])),
        ("Fax", "employer_fax", 148, _filled(h, "employer.fax", "A.employer_fax", ["directory", "worker"])),
    ])
    s.fields_row([("Employer's full address (number, street, city / town, province, postal code)", "employer_address", W, _filled(h, "employer.address", "A.employer_address", ["directory", "worker"]))])
    s.fields_row([
        ("Type of job the worker was doing (job title)", "job_title", 300, _filled(h, "employee.job_title", "A.job", "intake")),
        ("Division", "division", 218, _filled(h, "employee.division", "A.job", "intake")),
    ])
    s.checks("Have the worker and employer discussed return to work?", [
        ("rtw_discussed_yes", "Yes", {"answer": "rtw_discussed", "value": "yes", "wsib": "A.rtw_discussed", "source": "worker"}),
        ("rtw_discussed_no", "No", {"answer": "rtw_discussed", "value": "no", "wsib": "A.rtw_discussed", "source": "worker"}),
    ], ("rtw_discussion_date", "If no, when (YYYY-MM-DD):", _asked(h, "rtw_discussion_date", "A.rtw_discussed", "worker", "date")))
    s.fields_row([
        ("Employer contact (name)", "return_to", 200, _filled(h, "hr.name", "A.employer_contact", ["case", "worker"])),
        ("Position", "employer_contact_position", 170, _filled(h, "hr.position", "A.employer_contact", ["case", "worker"])),
        ("Telephone", "employer_contact_phone", 138, _filled(h, "employer.phone", "A.employer_contact", ["directory", "worker"])),
    ])
    s.checks("Worker's authorization", [
        ("worker_authorized", "I authorize my health professional to give my employer this "
         "functional information (WSIA s. 37)",
         {"answer": "worker_authorization", "value": "yes", "wsib": "A.authorization", "source": "worker"}),
    ])
    s.fields_row([
        ("Worker's signature", "worker_signature", 340, _asked(h, "worker_signature", "A.authorization", "worker")),
        ("Date signed (YYYY-MM-DD)", "worker_authorized_on", 178, _asked(h, "worker_authorized_on", "A.authorization", "worker", "date")),
    ])


def _abilities(h: Any, s: Any) -> None:
    s.section("C. Abilities and restrictions (completed by the health professional)")
    s.note("Tick one box per line. Where the employee has full abilities, tick \"Full abilities\".")
    _band_group(h, s, "walking", "Walking", [("up_to_100m", "Up to 100 m"), ("100_200m", "100-200 m")])
    _band_group(h, s, "standing", "Standing", [("up_to_15min", "Up to 15 min"), ("15_30min", "15-30 min")])
    _band_group(h, s, "sitting", "Sitting", [("up_to_30min", "Up to 30 min"), ("30_60min", "30-60 min")])
    _band_group(h, s, "lift_floor_waist", "Lifting floor to waist", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")])
    _band_group(h, s, "lift_waist_shoulder", "Lifting waist to shoulder", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")])
    _limit_group(h, s, "above_shoulder", "Work at or above shoulder",
                 [("limited", "Occasionally only", "occasionally only"), ("not_able", "Not able", "not able")])
    _band_group(h, s, "carrying", "Carrying", [("up_to_5kg", "Up to 5 kg"), ("5_10kg", "5-10 kg")])
    _limit_group(h, s, "push_pull", "Pushing / pulling",
                 [("limited", "Up to 5 kg force", "up to 5 kg force"), ("5_10kg", "5-10 kg force", "5-10 kg force")])
    _band_group(h, s, "stairs", "Climbing stairs", [("up_to_5_steps", "Up to 5 steps"), ("5_12_steps", "5-12 steps")])
    _band_group(h, s, "ladder", "Climbing ladders", [("1_3_steps", "1-3 steps"), ("4_6_steps", "4-6 steps")])
    _limit_group(h, s, "bending", "Bending / twisting",
                 [("limited", "Occasionally only", "occasionally only"), ("not_able", "Not able", "not able")])
    _limit_group(h, s, "repetitive", "Repetitive movement", [("limited", "Limited", "limited")])
    for side in ("left", "right"):
        _limit_group(h, s, f"hand_{side}", f"Use of {side} hand",
                     [("gripping", "Gripping", "limited gripping"), ("pinching", "Pinching", "limited pinching"),
                      ("other", "Other", "other limits")])
    _limit_group(h, s, "chemical", "Chemical exposure", [("limited", "Limited", "limited")],
                 none_caption="None", none_key="none", details_caption="To (specify):")
    _limit_group(h, s, "environment", "Environmental limits (heat, cold, noise, scents)",
                 [("limited", "Limited", "limited")], none_caption="None", none_key="none")
    _limit_group(h, s, "medication", "Medication side effects",
                 [("may_affect", "May affect work or safety", "may affect work or safety")],
                 none_caption="None", none_key="none", details_caption="Specify (kept confidential):",
                 confidential_details=True)
    _limit_group(h, s, "motorized", "Operating motorized equipment",
                 [("limited", "Limited", "limited"), ("not_able", "Not able", "not able")])
    _limit_group(h, s, "travel", "Travel to work",
                 [("no_transit", "Cannot use public transit", "cannot use public transit"),
                  ("no_driving", "Cannot drive", "cannot drive")],
                 none_caption="No limits", none_key="no_limits")
    _limit_group(h, s, "cognitive", "Cognitive limits",
                 [("concentration", "Concentration", "limited concentration"),
                  ("memory", "Memory", "limited memory"),
                  ("decisions", "Complex decisions", "no complex decisions")],
                 none_caption="None", none_key="none")
    # The team reads "Other limits: limit set — HR to confirm the wording" (privacy's "other"
    # band) until HR words it: never the form's example of a kind of condition.
    _limit_group(h, s, "other_limits", "Other limits (e.g. psychological)",
                 [("limited", "Limits (specify)", "other")],
                 none_caption="None", none_key="none", details_caption="Specify (kept confidential):",
                 confidential_details=True, line_label="Other limits")


def _return_to_work(h: Any, s: Any) -> None:
    s.section("D. Return to work: hours, start date and duration")
    s.checks("Return-to-work status", [
        ("rtw_no_restrictions", "Can return with no restrictions",
         {"group": "return_status", "answer": "return_status", "value": "no_restrictions", "required": True}),
        ("rtw_with_restrictions", "Can return with the restrictions above",
         {"group": "return_status", "answer": "return_status", "value": "with_restrictions", "required": True}),
        ("rtw_unable", "Unable to return at this time",
         {"group": "return_status", "answer": "return_status", "value": "unable", "required": True}),
    ])
    s.checks("Recommended work hours", [
        (f"hours_{key}", caption, {"group": "recommended_hours", "answer": "recommended_hours", "value": key})
        for key, caption in [("regular", "Regular full-time hours"), ("modified", "Modified hours"),
                             ("graduated", "Graduated hours")]
    ])
    s.checks("Expected duration of the restrictions", [
        (f"duration_{key}", caption,
         {"group": "expected_duration", "answer": "expected_duration", "value": caption, "required": True})
        for key, caption in [("1_2_days", "1-2 days"), ("3_7_days", "3-7 days"),
                             ("8_14_days", "8-14 days"), ("14_plus_days", "14+ days")]
    ])
    s.fields_row([
        ("Recommended start date (YYYY-MM-DD)", "recommended_start", 170, h.date(answer="recommended_start")),
        ("Date of next assessment (YYYY-MM-DD)", "next_assessment_date", 170, h.date(answer="next_assessment")),
        ("Estimated end date (YYYY-MM-DD)", "estimated_end_date", 168, h.date(answer="estimated_end")),
    ])
    s.box("Additional comments on abilities and restrictions (no diagnosis please)", "comments", 50,
          h.text(answer="comments", confidential=True))


def _health_professional(h: Any, s: Any) -> None:
    s.section("E. Health professional")
    s.fields_row([
        ("Name", "hp_name", 170, _asked(h, "health_professional_name", "E.hp_name", "hp")),
        ("Profession", "hp_profession", 120, _asked(h, "health_professional_profession", "E.hp_profession", "hp")),
        ("Telephone / clinic", "hp_contact", 120, _asked(h, "health_professional_contact", "E.hp_contact", "hp")),
        ("Date completed (YYYY-MM-DD)", "hp_date", 98, _asked(h, "completed_on", "E.hp_date", "hp", "date")),
    ])
    s.fields_row([("Signature of the health professional", "hp_signature", W,
                   _asked(h, "health_professional_signature", "E.hp_signature", "hp"))])
    s.section("F. Health professional's billing information - for the WSIB only")
    s.note("Send this section to the WSIB with your account. Do NOT give it to the worker or the "
           "employer: if it is filled in on a copy sent back to the employer, rtwbot ignores it "
           "and keeps none of it.", bold=True)
    billing = {"wsib": "F.billing", "source": "hp", "withheld": True}
    s.fields_row([
        ("Provider / billing number", "billing_number", 170, h.text() | billing),
        ("Name and address for payment", "billing_address", 358, h.text() | billing),
    ])


def build_functional_abilities(out: Path | io.BytesIO, h: Any) -> dict[str, dict[str, Any]]:
    s = h.Sheet(
        out,
        "Functional Abilities Form",
        "For planning an early and safe return to work - the content of the WSIB's Functional Abilities Form (2647A)",
    )
    s.note(
        "To the health professional: please describe the employee's functional abilities and "
        "restrictions only. Do NOT include a diagnosis, the cause, symptoms or treatment. The "
        "employer uses this form to offer suitable and available work.",
        bold=True,
    )
    s.fields_row([
        ("Case reference", "case_reference", 130, h.text("case.reference", required=True)),
        ("WSIB claim number (if known)", "claim_number", 200, _filled(h, "case.claim_number", "A.claim_number", ["case", "worker"])),
    ])
    _worker_and_employer(h, s)
    s.section("B. Assessment (completed by the health professional)")
    s.fields_row([("Date of assessment (YYYY-MM-DD)", "assessment_date", 200,
                   _asked(h, "assessment_date", "B.assessment_date", "hp", "date"))])
    _abilities(h, s)
    _return_to_work(h, s)
    _health_professional(h, s)
    s.save()
    _tag(s.fields)
    return s.fields
