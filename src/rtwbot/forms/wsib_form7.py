"""The WSIB's Form 7 (Employer's Report of Injury/Disease), field by field.

Sections A to J as the WSIB publishes them (the Form 7 layout and its Business-to-Business
field list), in the order its online eForm 7 asks for them. Every entry must be carried by a
field of ``form_templates/employer-report.yaml`` (``wsib: <id>``) that either has a source in
the form context or says HR completes it (``source: hr``); ``tests/unit/test_form7_fields.py``
fails when one is missing.

The social insurance number is on the form, and rtwbot never stores it: HR adds it.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS: dict[str, str] = {
    "A": "Worker information",
    "B": "Employer information",
    "C": "Accident/illness dates and details",
    "D": "Health care",
    "E": "Lost time - no lost time",
    "F": "Return to work",
    "G": "Base wage/employment information",
    "H": "Additional wage information",
    "I": "Work schedule",
    "J": "Employer declaration",
}
# Where a value comes from (a template field's `source`).
SOURCES: dict[str, str] = {
    "roster": "HR's roster",
    "intake": "the supervisor's report",
    "employer": "the employer's settings (directory)",
    "case": "the case record",
    "hr": "HR completes",
}


@dataclass(frozen=True)
class WsibField:
    id: str
    label: str

    @property
    def section(self) -> str:
        return self.id[0]


def _f(id_: str, label: str) -> WsibField:
    return WsibField(id_, label)


FORM7: tuple[WsibField, ...] = (
    # A. Worker information
    _f("A.claim_number", "Claim number (if known)"),
    _f("A.job_title", "Job title/occupation"),
    _f("A.time_in_position", "Length of time in this position working for you"),
    _f("A.sin", "Social insurance number"),
    _f("A.worker_is", "Worker is an executive, elected official, owner, or spouse or relative of the employer"),
    _f("A.union", "Is the worker covered by a union/collective agreement?"),
    _f("A.worker_reference", "Worker reference number"),
    _f("A.last_name", "Last name"),
    _f("A.first_name", "First name"),
    _f("A.language", "Worker's preferred language"),
    _f("A.date_of_birth", "Date of birth"),
    _f("A.address", "Address (number, street, apt.)"),
    _f("A.city", "City/town"),
    _f("A.province", "Province"),
    _f("A.postal_code", "Postal code"),
    _f("A.telephone", "Telephone"),
    _f("A.sex", "Sex"),
    _f("A.date_of_hire", "Date of hire"),
    # B. Employer information
    _f("B.trade_legal_name", "Trade and legal name"),
    _f("B.firm_number", "Firm number / account number"),
    _f("B.classification", "Classification unit code / NAICS code"),
    _f("B.rate_group", "Rate group number"),
    _f("B.mailing_address", "Mailing address, city, province, postal code"),
    _f("B.telephone", "Telephone"),
    _f("B.fax", "Fax number"),
    _f("B.business_activity", "Description of business activity"),
    _f("B.twenty_or_more", "Does your firm have 20 or more workers?"),
    _f("B.branch_address", "Branch address where the worker is based (if different)"),
    # C. Accident/illness dates and details
    _f("C.accident_date", "Date and hour of accident / awareness of illness"),
    _f("C.reported_date", "Date and hour reported to employer"),
    _f("C.reported_to", "Who was it reported to (name and position)"),
    _f("C.reported_to_phone", "Telephone of the person it was reported to"),
    _f("C.premises", "On the employer's premises / off premises; in or outside Ontario"),
    _f("C.accident_type", "Type of accident/illness"),
    _f("C.body_parts", "Area of injury (body part), left/right"),
    _f("C.description", "Describe what happened"),
    _f("C.location", "Where it happened (specific location)"),
    _f("C.witnesses", "Witnesses / others involved"),
    _f("C.third_party", "Was anyone not employed by you (a third party) responsible?"),
    _f("C.concerns", "Do you have concerns about this claim? (attach a statement)"),
    _f("C.late_reason", "If reported late, why"),
    # D. Health care
    _f("D.health_care", "Did the worker receive health care beyond first aid?"),
    _f("D.health_care_date", "Date health care was first received"),
    _f("D.provider", "Health professional (name, address, telephone)"),
    _f("D.facility", "Hospital or clinic (name, address); treated as outpatient or admitted"),
    # E. Lost time - no lost time
    _f("E.after_day", "After the day of the accident: lost time, earnings loss, modified work, or none"),
    _f("E.last_worked", "Date and hour the worker last worked"),
    _f("E.normal_hours_day", "Normal working hours on the day of the accident"),
    _f("E.earnings_day", "Actual earnings for the day of the accident"),
    # F. Return to work
    _f("F.rtw_contact", "Return-to-work contact (name, telephone)"),
    _f("F.modified_work_offered", "Has the worker been offered modified work?"),
    _f("F.offer_in_writing", "Was the offer made in writing? (attach a copy)"),
    _f("F.offer_response", "Did the worker accept or decline modified work?"),
    _f("F.returned_date", "Date the worker returned to work"),
    # G. Base wage/employment information
    _f("G.net_claim_code", "Net claim code (TD1)"),
    _f("G.regular_rate", "Regular rate of pay"),
    _f("G.pay_period", "Pay period"),
    _f("G.vacation_pay", "Vacation pay: on each cheque, or taken as time off"),
    _f("G.employment_status", "Permanent, temporary, casual or seasonal"),
    _f("G.full_part_time", "Full time or part time"),
    _f("G.advance", "Will wages be advanced / is pay continued while off?"),
    # H. Additional wage information
    _f("H.additional_wages", "Overtime, premiums, commissions, bonuses and other pay (periods and amounts)"),
    _f("H.gross_earnings", "Gross earnings for the periods the WSIB asks (irregular earnings)"),
    # I. Work schedule
    _f("I.schedule_type", "Regular schedule, rotating shifts, or varied/irregular"),
    _f("I.hours_per_week", "Regular hours per week"),
    _f("I.schedule", "Days and hours of the regular schedule"),
    _f("I.shift_cycle", "Rotating shifts: days on and off in the cycle"),
    # J. Employer declaration
    _f("J.name", "Name of the person completing the report"),
    _f("J.title", "Title"),
    _f("J.telephone", "Telephone"),
    _f("J.signature", "Signature"),
    _f("J.date", "Date"),
)
BY_ID = {f.id: f for f in FORM7}
assert len(BY_ID) == len(FORM7), "duplicate WSIB field ids"
