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
# Where a value comes from (a template field's `source`, in order: the first that has it).
SOURCES: dict[str, str] = {
    "roster": "HR's roster",
    "intake": "the supervisor's report (a question of the report)",
    "slack": "the employee's Slack profile (first and last name fields)",
    "directory": "the directory (the employer's settings and its divisions)",
    "case": "the case record (who reported it, HR's contact, dates the bot works out)",
    "hr": "HR completes",
    "worker": "the worker completes",
    "hp": "the health professional completes",
}


@dataclass(frozen=True)
class WsibField:
    id: str
    label: str
    # Why the field is left for HR when rtwbot has no value for it (the report's and the
    # worksheet's words; docs/forms.md).
    why: str = ""

    @property
    def section(self) -> str:
        return self.id[0]


def _f(id_: str, label: str, why: str = "") -> WsibField:
    return WsibField(id_, label, why)


NOT_ON_ROSTER = "not in HR's roster in rtwbot: HR completes it from the personnel file"
ONLY_HR = "only HR can answer it"
PAYROLL = "HR completes it from payroll"
HEALTH_CARE = ("the employer is not told who treated the worker; HR completes it if the worker "
               "says")

FORM7: tuple[WsibField, ...] = (
    # A. Worker information
    _f("A.claim_number", "Claim number (if known)",
       "the WSIB has not given one yet (HR records it with `/rtw form7`)"),
    _f("A.job_title", "Job title/occupation"),
    _f("A.time_in_position", "Length of time in this position working for you", NOT_ON_ROSTER),
    _f("A.sin", "Social insurance number", "rtwbot never stores a social insurance number"),
    _f("A.worker_is", "Worker is an executive, elected official, owner, or spouse or relative "
       "of the employer", ONLY_HR),
    _f("A.union", "Is the worker covered by a union/collective agreement?",
       "not on HR's roster, and the directory names no bargaining unit for the division"),
    _f("A.worker_reference", "Worker reference number", "not reported and not on HR's roster"),
    _f("A.last_name", "Last name",
       "not on HR's roster and no last name in the Slack profile: HR completes it from the "
       "personnel file (the name as reported is on the form)"),
    _f("A.first_name", "First name",
       "not on HR's roster and no first name in the Slack profile: HR completes it from the "
       "personnel file (the name as reported is on the form)"),
    _f("A.language", "Worker's preferred language", NOT_ON_ROSTER),
    _f("A.date_of_birth", "Date of birth", "not reported and not in HR's roster"),
    _f("A.address", "Address (number, street, apt.)", NOT_ON_ROSTER),
    _f("A.city", "City/town", NOT_ON_ROSTER),
    _f("A.province", "Province", NOT_ON_ROSTER),
    _f("A.postal_code", "Postal code", NOT_ON_ROSTER),
    _f("A.telephone", "Telephone", NOT_ON_ROSTER),
    _f("A.sex", "Sex", "rtwbot does not ask it"),
    _f("A.date_of_hire", "Date of hire", "not reported and not in HR's roster"),
    # B. Employer information
    _f("B.trade_legal_name", "Trade and legal name", "not in the directory's employer settings"),
    _f("B.firm_number", "Firm number / account number", "not in the directory's employer settings"),
    _f("B.classification", "Classification unit code / NAICS code",
       "not in the directory's employer settings"),
    _f("B.rate_group", "Rate group number", "not in the directory's employer settings"),
    _f("B.mailing_address", "Mailing address, city, province, postal code",
       "not in the directory's employer settings"),
    _f("B.telephone", "Telephone", "not in the directory's employer settings"),
    _f("B.fax", "Fax number", "not in the directory's employer settings"),
    _f("B.business_activity", "Description of business activity",
       "not in the directory's employer settings"),
    _f("B.twenty_or_more", "Does your firm have 20 or more workers?",
       "the directory does not say how many workers the employer has"),
    _f("B.branch_address", "Branch address where the worker is based (if different)",
       "the directory gives no address for the division: HR adds it if it differs from the "
       "mailing address"),
    # C. Accident/illness dates and details
    _f("C.accident_date", "Date and hour of accident / awareness of illness"),
    _f("C.reported_date", "Date and hour reported to employer"),
    _f("C.reported_to", "Who was it reported to (name and position)"),
    _f("C.reported_to_phone", "Telephone of the person it was reported to",
       "the directory has no telephone numbers for people"),
    _f("C.premises", "On the employer's premises / off premises; in or outside Ontario",
       "the report gives the place in words; HR ticks the box"),
    _f("C.accident_type", "Type of accident/illness"),
    _f("C.body_parts", "Area of injury (body part), left/right"),
    _f("C.description", "Describe what happened"),
    _f("C.location", "Where it happened (specific location)"),
    _f("C.witnesses", "Witnesses / others involved", "the supervisor named none"),
    _f("C.third_party", "Was anyone not employed by you (a third party) responsible?", ONLY_HR),
    _f("C.concerns", "Do you have concerns about this claim? (attach a statement)", ONLY_HR),
    _f("C.late_reason", "If reported late, why",
       "filled only when the report cannot reach the WSIB on time"),
    # D. Health care
    _f("D.health_care", "Did the worker receive health care beyond first aid?"),
    _f("D.health_care_date", "Date health care was first received", HEALTH_CARE),
    _f("D.provider", "Health professional (name, address, telephone)", HEALTH_CARE),
    _f("D.facility", "Hospital or clinic (name, address); treated as outpatient or admitted",
       HEALTH_CARE),
    # E. Lost time - no lost time
    _f("E.after_day", "After the day of the accident: lost time, earnings loss, modified work, "
       "or none"),
    _f("E.last_worked", "Date and hour the worker last worked", PAYROLL),
    _f("E.normal_hours_day", "Normal working hours on the day of the accident",
       "neither the roster's schedule nor the hours a week are known"),
    _f("E.earnings_day", "Actual earnings for the day of the accident", PAYROLL),
    # F. Return to work
    _f("F.rtw_contact", "Return-to-work contact (name, telephone)"),
    _f("F.modified_work_offered", "Has the worker been offered modified work?",
       "the report says only that the worker is not doing modified work: HR says whether it "
       "was offered"),
    _f("F.offer_in_writing", "Was the offer made in writing? (attach a copy)", ONLY_HR),
    _f("F.offer_response", "Did the worker accept or decline modified work?",
       "known only when the worker is doing modified work (accepted); HR completes otherwise"),
    _f("F.returned_date", "Date the worker returned to work", ONLY_HR),
    # G. Base wage/employment information
    _f("G.net_claim_code", "Net claim code (TD1)", PAYROLL),
    _f("G.regular_rate", "Regular rate of pay", NOT_ON_ROSTER),
    _f("G.pay_period", "Pay period", "not in the directory's employer settings"),
    _f("G.vacation_pay", "Vacation pay: on each cheque, or taken as time off",
       "not in the directory's employer settings"),
    _f("G.employment_status", "Permanent, temporary, casual or seasonal", NOT_ON_ROSTER),
    _f("G.full_part_time", "Full time or part time", NOT_ON_ROSTER),
    _f("G.advance", "Will wages be advanced / is pay continued while off?", PAYROLL),
    # H. Additional wage information
    _f("H.additional_wages", "Overtime, premiums, commissions, bonuses and other pay (periods "
       "and amounts)", PAYROLL),
    _f("H.gross_earnings", "Gross earnings for the periods the WSIB asks (irregular earnings)",
       PAYROLL),
    # I. Work schedule
    _f("I.schedule_type", "Regular schedule, rotating shifts, or varied/irregular", NOT_ON_ROSTER),
    _f("I.hours_per_week", "Regular hours per week"),
    _f("I.schedule", "Days and hours of the regular schedule", NOT_ON_ROSTER),
    _f("I.shift_cycle", "Rotating shifts or varied/irregular: days or shifts on and off in the "
       "cycle", PAYROLL),
    _f("I.weeks_in_cycle", "Rotating shifts or varied/irregular: number of weeks in the cycle",
       PAYROLL),
    _f("I.last_4_weeks", "Total hours worked in each of the last 4 weeks (varied/irregular "
       "schedules)", PAYROLL),
    # J. Employer declaration
    _f("J.name", "Name of the person completing the report"),
    _f("J.title", "Title", ONLY_HR),
    _f("J.telephone", "Telephone", "not in the directory's employer settings"),
    _f("J.signature", "Signature", "HR signs the report it files"),
    _f("J.date", "Date", "HR dates the report it files"),
)
BY_ID = {f.id: f for f in FORM7}
assert len(BY_ID) == len(FORM7), "duplicate WSIB field ids"
