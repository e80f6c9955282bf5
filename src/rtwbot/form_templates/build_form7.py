"""The employer's report (the WSIB's Form 7, sections A to J) and the eForm 7 worksheet.

Loaded by build_templates.py, which passes its layout helpers in ``h``. Every field names the
WSIB field it carries (``wsib``, see ``rtwbot.forms.wsib_form7``) and where its value comes
from (``source``: roster, intake, employer, case, or hr when HR completes it).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

W = 528  # usable width of a page row


def _t(path: str | None, wsib: str, source: str, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "text", "wsib": wsib, "source": source}
    if path:
        spec["path"] = path
    spec.update(extra)
    return spec


def _d(path: str | None, wsib: str, source: str, **extra: Any) -> dict[str, Any]:
    return _t(path, wsib, source, **extra) | {"type": "date"}


def _hr(wsib: str) -> dict[str, Any]:
    return _t(None, wsib, "hr")


def _box(path: str, wsib: str, source: str, when: Any) -> dict[str, Any]:
    return {"path": path, "checked_when": when, "wsib": wsib, "source": source}


def build_employer_report(out: Path | io.BytesIO, h: Any) -> dict[str, dict[str, Any]]:
    s = h.Sheet(
        out,
        "Employer's Report of Injury / Illness",
        "The content of the WSIB's Form 7 - prepared by rtwbot for the person who files it with the WSIB",
    )
    s.fields_row([
        ("Case reference", "case_reference", 130, h.text("case.reference", required=True)),
        ("Prepared on (YYYY-MM-DD)", "prepared_on", 120, h.date("today")),
        ("Due at the WSIB by (YYYY-MM-DD)", "form7_due", 140, h.date("case.form7_due")),
        ("WSIB claim number", "claim_number", 108, _hr("A.claim_number")),
    ])
    s.note(
        "Report within 3 business days of learning of a work-related injury or illness that needs "
        "health care beyond first aid, or causes lost time, lower pay or modified work beyond the "
        "day or shift of the injury. Blue fields left blank are for HR to complete; what is not "
        "known yet, and why, is stated at the end. rtwbot never stores a social insurance number."
    )

    s.section("A. Worker information")
    s.fields_row([
        ("Job title / occupation", "job_title", 200, _t("employee.job_title", "A.job_title", "intake")),
        ("Time in this position", "time_in_position", 130, _t("worker.time_in_position", "A.time_in_position", "roster")),
        ("Social insurance number (HR adds)", "sin", 178, _hr("A.sin")),
    ])
    s.checks("Worker is", [
        ("worker_is_executive", "Executive", {"wsib": "A.worker_is", "source": "hr"}),
        ("worker_is_elected", "Elected official", {"wsib": "A.worker_is", "source": "hr"}),
        ("worker_is_owner", "Owner", {"wsib": "A.worker_is", "source": "hr"}),
        ("worker_is_relative", "Spouse or relative of the employer", {"wsib": "A.worker_is", "source": "hr"}),
    ])
    s.checks("Covered by a union / collective agreement?", [
        ("union_yes", "Yes", _box("worker.union_covered", "A.union", "roster", "yes")),
        ("union_no", "No", _box("worker.union_covered", "A.union", "roster", "no")),
    ], ("bargaining_unit", "Unit:", _t("worker.bargaining_unit", "A.union", "roster")))
    s.fields_row([
        ("Worker reference (employee) number", "employee_number", 150, _t("employee.employee_number", "A.worker_reference", "intake")),
        ("Last name", "last_name", 180, _t("worker.last_name", "A.last_name", "roster")),
        ("First name", "first_name", 178, _t("worker.first_name", "A.first_name", "roster")),
    ])
    s.fields_row([("Worker name (as reported)", "worker_name", W, _t("employee.name", "A.last_name", "intake"))])
    s.fields_row([
        ("Date of birth (YYYY-MM-DD)", "date_of_birth", 130, _d("worker.date_of_birth", "A.date_of_birth", "roster")),
        ("Date of hire (YYYY-MM-DD)", "date_of_hire", 130, _d("worker.date_of_hire", "A.date_of_hire", "roster")),
        ("Preferred language", "language", 110, _t("worker.language", "A.language", "roster")),
        ("Sex (HR completes)", "sex", 108, _hr("A.sex")),
    ])
    s.fields_row([("Address (number, street, apt.)", "worker_address", W, _t("worker.address", "A.address", "roster"))])
    s.fields_row([
        ("City / town", "worker_city", 190, _t("worker.city", "A.city", "roster")),
        ("Province", "worker_province", 60, _t("worker.province", "A.province", "roster")),
        ("Postal code", "worker_postal_code", 100, _t("worker.postal_code", "A.postal_code", "roster")),
        ("Telephone", "worker_phone", 148, _t("worker.phone", "A.telephone", "roster")),
    ])
    s.fields_row([("Division / department", "division", W, _t("employee.division", "B.branch_address", "intake"))])

    s.section("B. Employer information")
    s.fields_row([
        ("Trade and legal name", "employer_name", 340, _t("employer.trade_legal_name", "B.trade_legal_name", "employer")),
        ("WSIB firm / account number", "wsib_firm_number", 178, _t("employer.wsib_firm_number", "B.firm_number", "employer")),
    ])
    s.fields_row([
        ("Classification unit / NAICS code", "classification", 200, _t("employer.classification", "B.classification", "employer")),
        ("Rate group", "rate_group", 100, _t("employer.rate_group", "B.rate_group", "employer")),
        ("Telephone", "employer_phone", 100, _t("employer.phone", "B.telephone", "employer")),
        ("Fax", "employer_fax", 98, _t("employer.fax", "B.fax", "employer")),
    ])
    s.fields_row([("Mailing address", "employer_address", W, _t("employer.address", "B.mailing_address", "employer"))])
    s.fields_row([("Description of business activity", "business_activity", W, _t("employer.business_activity", "B.business_activity", "employer"))])
    s.checks("Does the employer have 20 or more workers?", [
        ("twenty_or_more_yes", "Yes", _box("employer.twenty_or_more_workers", "B.twenty_or_more", "employer", True)),
        ("twenty_or_more_no", "No", _box("employer.twenty_or_more_workers", "B.twenty_or_more", "employer", False)),
    ])
    s.fields_row([("Branch address where the worker is based, if different (HR completes)", "branch_address", W, _hr("B.branch_address"))])

    s.section("C. Accident / illness dates and details")
    s.checks("Work-related", [
        ("kind_injury", "Injury", _box("case.kind", "C.accident_type", "intake", "work_injury")),
        ("kind_illness", "Illness", _box("case.kind", "C.accident_type", "intake", "work_illness")),
    ], ("accident_type", "Type (HR completes):", _hr("C.accident_type")))
    s.fields_row([
        ("Date of accident / illness (YYYY-MM-DD)", "accident_date", 160, _d("case.occurred_on", "C.accident_date", "intake")),
        ("Hour (24 h)", "accident_time", 70, _t("case.occurred_time", "C.accident_date", "intake")),
        ("Date reported to employer", "reported_date", 140, _d("case.learned_on", "C.reported_date", "intake")),
        ("Hour reported", "reported_time", 128, _t("case.learned_time", "C.reported_date", "intake")),
    ])
    s.fields_row([
        ("Reported to (name)", "reported_to", 180, _t("supervisor.name", "C.reported_to", "case")),
        ("Position", "reported_to_position", 200, _t("supervisor.position", "C.reported_to", "case")),
        ("Telephone (HR completes)", "reported_to_phone", 128, _hr("C.reported_to_phone")),
    ])
    s.checks("Where (HR completes)", [
        ("premises_on", "On the employer's premises", {"wsib": "C.premises", "source": "hr"}),
        ("premises_off", "Off premises", {"wsib": "C.premises", "source": "hr"}),
        ("outside_ontario", "Outside Ontario", {"wsib": "C.premises", "source": "hr"}),
    ])
    s.fields_row([("Specific location", "location", W, _t("case.location", "C.location", "intake"))])
    s.fields_row([("Area of injury (body parts, left / right)", "body_parts", W, _t("case.body_parts", "C.body_parts", "intake"))])
    s.box("Describe what happened", "description", 60, _t("case.description", "C.description", "intake"))
    s.fields_row([("Witnesses / others involved", "witnesses", W, _t("case.witnesses", "C.witnesses", "intake"))])
    s.fields_row([
        ("Third party responsible? (HR completes)", "third_party", 260, _hr("C.third_party")),
        ("Concerns about the claim? (HR completes)", "concerns", 258, _hr("C.concerns")),
    ])
    s.fields_row([("If reported late, why (HR completes)", "late_reason", W, _hr("C.late_reason"))])

    s.section("D. Health care")
    s.checks("Did the worker receive health care beyond first aid?", [
        ("health_care_yes", "Yes", _box("case.health_care", "D.health_care", "intake", "yes")),
        ("health_care_no", "No", _box("case.health_care", "D.health_care", "intake", "no")),
        ("health_care_unknown", "Not known yet", _box("case.health_care", "D.health_care", "intake", "unknown")),
    ])
    s.fields_row([
        ("Date first received (HR completes)", "health_care_date", 150, _hr("D.health_care_date")),
        ("Health professional (HR completes)", "provider", 180, _hr("D.provider")),
        ("Hospital / clinic (HR completes)", "facility", 178, _hr("D.facility")),
    ])

    s.section("E. Lost time / no lost time")
    s.checks("After the day or shift of the injury, was the worker absent from work?", [
        ("absent_yes", "Yes", _box("case.absent", "E.after_day", "intake", "yes")),
        ("absent_no", "No", _box("case.absent", "E.after_day", "intake", "no")),
    ])
    s.checks("Did the worker earn less than regular pay?", [
        ("lower_pay_yes", "Yes", _box("case.lower_pay", "E.after_day", "intake", "yes")),
        ("lower_pay_no", "No", _box("case.lower_pay", "E.after_day", "intake", "no")),
    ])
    s.checks("Type of claim", [
        ("lost_time", "Lost time", _box("case.lost_time", "E.after_day", "intake", "yes")),
        ("no_lost_time", "No lost time (health care only)", _box("case.lost_time", "E.after_day", "intake", "no")),
    ])
    s.fields_row([
        ("Date and hour last worked (HR completes)", "last_worked", 170, _hr("E.last_worked")),
        ("Normal hours that day (regular schedule)", "normal_hours_day", 200, _t("worker.schedule", "E.normal_hours_day", "roster")),
        ("Earnings that day (HR completes)", "earnings_day", 138, _hr("E.earnings_day")),
    ])

    s.section("F. Return to work")
    s.fields_row([
        ("Return-to-work contact", "rtw_contact", 300, _t("hr.name", "F.rtw_contact", "case")),
        ("Telephone", "rtw_contact_phone", 218, _t("employer.phone", "F.rtw_contact", "employer")),
    ])
    s.checks("Has the worker been offered modified work?", [
        ("modified_work_offered_yes", "Yes", _box("case.modified_work_offered", "F.modified_work_offered", "intake", "yes")),
        ("modified_work_offered_no", "No", _box("case.modified_work_offered", "F.modified_work_offered", "intake", "no")),
    ], ("offer_in_writing", "In writing? (HR):", _hr("F.offer_in_writing")))
    s.checks("Worker is doing the modified work, at", [
        ("modified_regular_pay", "Regular pay", _box("case.modified_work", "F.offer_response", "intake", "regular_pay")),
        ("modified_reduced_pay", "Reduced pay", _box("case.modified_work", "F.offer_response", "intake", "reduced_pay")),
    ], ("returned_date", "Date returned (HR):", _hr("F.returned_date")))

    s.section("G. Base wage / employment information")
    s.fields_row([
        ("Regular rate of pay", "regular_rate", 150, _t("worker.regular_rate", "G.regular_rate", "roster")),
        ("Pay period", "pay_period", 110, _t("employer.pay_period", "G.pay_period", "employer")),
        ("Vacation pay", "vacation_pay", 130, _t("employer.vacation_pay", "G.vacation_pay", "employer")),
        ("Net claim code (HR)", "net_claim_code", 108, _hr("G.net_claim_code")),
    ])
    s.fields_row([
        ("Permanent / temporary / casual / seasonal", "permanent_casual", 200, _t("worker.permanent_casual", "G.employment_status", "roster")),
        ("Full time / part time", "full_part_time", 130, _t("worker.full_part_time", "G.full_part_time", "roster")),
        ("Wages advanced while off? (HR)", "advance", 178, _hr("G.advance")),
    ])

    s.section("H. Additional wage information")
    s.box("Overtime, premiums, commissions, bonuses and other pay, with periods and amounts (HR completes from payroll)",
          "additional_wages", 30, _hr("H.additional_wages"))
    s.fields_row([("Gross earnings for the periods the WSIB asks, if irregular (HR completes)", "gross_earnings", W, _hr("H.gross_earnings"))])

    s.section("I. Work schedule")
    s.checks("Schedule", [
        ("schedule_regular", "Regular (same hours every week)", _box("worker.schedule_kind", "I.schedule_type", "roster", "regular")),
        ("schedule_rotating", "Rotating shifts", _box("worker.schedule_kind", "I.schedule_type", "roster", "rotating")),
        ("schedule_varied", "Varied / irregular", _box("worker.schedule_kind", "I.schedule_type", "roster", "varied")),
    ])
    s.fields_row([
        ("Regular hours per week", "hours_per_week", 110, _t("employee.hours_per_week", "I.hours_per_week", "intake")),
        ("Regular schedule (days and hours)", "schedule_details", 270, _t("worker.schedule", "I.schedule", "roster")),
        ("Shift cycle: days on / off (HR)", "shift_cycle", 128, _hr("I.shift_cycle")),
    ])

    s.section("J. Employer declaration")
    s.note("I declare that the information in this report is true and complete to the best of my knowledge.")
    s.fields_row([
        ("Name of the person filing", "declarant_name", 170, _t("hr.name", "J.name", "case")),
        ("Title (HR completes)", "declarant_title", 130, _hr("J.title")),
        ("Telephone", "declarant_phone", 110, _t("employer.phone", "J.telephone", "employer")),
        ("Date (HR completes)", "declaration_date", 98, _hr("J.date") | {"type": "date"}),
    ])
    s.fields_row([("Signature (HR signs)", "signature", W, _hr("J.signature"))])

    s.section("Not known yet, and why")
    s.box("What this report does not have yet, why, and what is being done to get it",
          "not_known", 120, h.text("case.not_known"))
    s.save()
    return s.fields


def build_eform7_worksheet(out: Path | io.BytesIO, h: Any) -> dict[str, dict[str, Any]]:
    doc = h.new_document("eForm 7 worksheet")
    doc.add_heading("eForm 7 worksheet", level=1)
    h.para(doc, "Case reference: ", "{{ case_reference }}", "    Prepared on: ", "{{ prepared_on }}")
    h.para(
        doc,
        "The Form 7 values in the order the WSIB's online eForm 7 asks for them, for HR to key "
        "in. Add the social insurance number yourself: rtwbot never stores it. Check every "
        "value before filing; \"HR completes\" marks what only HR can answer.",
        bold_labels=False,
    )
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("Section", "eForm 7 asks", "Value"), strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    table.add_row().cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run("{{ row.section }}")
    cells[1].paragraphs[0].add_run("{{ row.label }}")
    cells[2].paragraphs[0].add_run("{{ row.value }}")
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_heading("Not known yet, and why", level=2)
    h.para(doc, "{%p for line in not_known %}")
    h.para(doc, "{{ line }}", style="List Bullet")
    h.para(doc, "{%p endfor %}")
    h.save_docx(doc, out)
    return {
        "case_reference": h.text("case.reference", required=True),
        "prepared_on": h.date("today"),
        "rows": {"type": "list", "path": "worksheet.rows"},
        "not_known": {"type": "list", "path": "case.not_known_lines"},
    }
