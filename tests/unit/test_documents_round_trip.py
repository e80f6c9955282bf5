"""Issue 21: the documents tell the truth, for any case. Random cases (on HR's roster or not,
in Slack or not; every answer known, unknown or skipped; union yes / no / not known; critical
or not, a death or not; late or on time) -> one case view -> every document filled (Form 7
PDF, eForm 7 worksheet, RTWI, Functional Abilities Form, the plan document) -> read back (pypdf's fields and the
flattened page text; python-docx) -> every fact the bot holds is in the field it belongs to,
and no field states a fact the bot does not hold.

The expectations below are worked out here from the generated facts, independently of the
code that fills the forms."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from docx import Document as Docx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from rtwbot import dates
from rtwbot.domain import wsib_terms
from rtwbot.domain.accommodation import TEMPORARY_OPTION_LABELS
from rtwbot.domain.privacy import Relation, View, visible_fields
from rtwbot.forms import FormRegistry, build_form_context, fill
from rtwbot.forms.fill import field_values
from rtwbot.forms.form7 import worksheet_rows
from rtwbot.forms.pdf import flatten_pdf
from rtwbot.forms.samples import SAMPLE_EMPLOYER
from rtwbot.workflow.document_copies import plan_copy
from rtwbot.workflow.documents import (
    EFORM7_WORKSHEET,
    EMPLOYER_REPORT,
    FUNCTIONAL_ABILITIES,
    RTWI,
    allowed_fields,
    redact_context,
)

REGISTRY = FormRegistry.load()  # one load: the templates are shared by every example
REPORT, SHEET = REGISTRY.get(EMPLOYER_REPORT), REGISTRY.get(EFORM7_WORKSHEET)
FAF, INFO = REGISTRY.get(FUNCTIONAL_ABILITIES), REGISTRY.get(RTWI)
PLAN = REGISTRY.get("modified-work-plan")
SETTINGS = settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
YES_NO = ["yes", "no", "unknown", None]  # None: skipped (never answered)
SCHEDULES = [None, "Mon-Fri 07:00-15:00", "Tue-Sat 08:00-16:30", "rotating 12-hour shifts"]


def _maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([None, *values])


def _items(terms: tuple[wsib_terms.Term, ...], sides: bool) -> st.SearchStrategy[Any]:
    side = st.sampled_from([None, "left", "right", "both"]) if sides else st.just(None)
    item = st.fixed_dictionaries({"part": st.sampled_from([t.key for t in terms]),
                                  "side": side, "detail": st.just(None)})
    return st.one_of(st.none(), st.lists(item, min_size=1, max_size=4, unique_by=lambda i: (
        i["part"], i["side"])))


RESTRICTIONS = ["Carrying: up to 5 kg", "Motorized equipment: not able",
                "Standing: up to 30 minutes at a time",
                "Other: limit set — HR to confirm the wording"]
DUTIES = ["Answering the phones at the front desk", "Sorting seed packets",
          "Watering the greenhouse with a hose"]
# Hours a plan gives, and its shortest day (None: full days, whatever they are).
PLAN_HOURS = {None: None, "4 h/day in week 1, then full days": 4.0, "7.5 hours a day": 7.5,
              "full days": None}


@st.composite
def plans(draw: st.DrawFn, occurred: date) -> dict[str, Any] | None:
    """The team's agreed plan, as the plan document's caller hands it over (or none yet)."""
    if not draw(st.booleans()):
        return None
    start = occurred + timedelta(days=draw(st.integers(1, 10)))
    end = draw(st.one_of(st.none(), st.integers(0, 45).map(lambda n: start + timedelta(n))))
    reviews = sorted({start + timedelta(days=n) for n in draw(st.lists(st.integers(1, 20),
                                                                    max_size=2))})
    agreed_on = draw(st.sampled_from([None, start - timedelta(days=1)]))
    return {
        "option": draw(st.sampled_from(sorted(TEMPORARY_OPTION_LABELS.values()))),
        "participants": [{"role": "supervisor", "name": "Sam Supervisor"}],
        "restrictions": draw(st.lists(st.sampled_from(RESTRICTIONS), unique=True, max_size=3)),
        "duties": draw(st.lists(st.sampled_from(DUTIES), unique=True, max_size=3)),
        "hours": draw(st.sampled_from(list(PLAN_HOURS))),
        "start": start, "end": end, "review_dates": [d.isoformat() for d in reviews],
        "pay_rule": draw(_maybe(["PAY regular pay for the hours worked"])),
        "pay_numbers": draw(_maybe(["NUM $31.25 an hour for 40 hours a week"])),
        "end_basis": None if end is None else draw(_maybe(["BASIS set by the team"])),
        "agreements": [],
        "signoffs": [{"role_label": "Supervisor", "name": "Sam Supervisor",
                      "how": "proposed the plan", "on": start - timedelta(days=2)},
                     {"role_label": "Employee", "name": "Erin Employee",
                      "how": "agreed", "on": agreed_on}],
    }


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    occurred = date(2026, 11, 2) + timedelta(days=draw(st.integers(0, 20)))
    time_known = draw(st.booleans())
    learned = occurred + timedelta(days=draw(st.sampled_from([0, 0, 1, 9])))
    due = learned + timedelta(days=draw(st.sampled_from([3, 5])))
    today = due + timedelta(days=draw(st.sampled_from([-2, 0, 1, 6])))
    roster = None
    if draw(st.booleans()):
        first, last = draw(st.sampled_from([("Jane", "Doe-Tremblay"), ("Mary Ann", "Smith"),
                                            ("Li", "Wei")]))
        roster = {
            "employee_number": "E-1", "name": f"{first} {last}",
            "bargaining_unit": draw(_maybe(["CUPE Local 79", "OPSEU 5110"])),
            "date_of_hire": draw(_maybe(["2011-04-04"])),
            "date_of_birth": draw(_maybe(["1975-01-31"])),
            "address": draw(_maybe(["42 Maple Crescent"])), "city": draw(_maybe(["Example"])),
            "province": draw(_maybe(["ON"])), "postal_code": draw(_maybe(["M4C 1B5"])),
            "phone": draw(_maybe(["416-555-0177"])), "language": draw(_maybe(["French"])),
            "schedule": draw(st.sampled_from(SCHEDULES)),
            "hours_per_week": draw(_maybe([40.0])), "hourly_rate": draw(_maybe([31.25])),
            "full_part_time": draw(_maybe(["full_time"])),
            "permanent_casual": draw(_maybe(["permanent"])),
            "position_start": None,
        }
    profile = draw(st.sampled_from([None, ("Erin", "Employee"), ("", ""), ("Kim", "")]))
    critical = draw(st.sampled_from(YES_NO))
    answers = {
        "employee": {"slack_user_id": "UEMP" if profile else None, "name": "Erin Employee",
                     "employee_number": draw(_maybe(["55123"]))},
        "division": "Parks and Recreation", "job_title": "Gardener",
        "case_kind": draw(st.sampled_from(["work_injury", "work_illness"])),
        "critical_injury": critical,
        "died": draw(st.sampled_from(YES_NO)) if critical == "yes" else None,
        "occurred_at": {"date": occurred.isoformat(), "time_known": time_known,
                        "datetime": f"{occurred.isoformat()}T14:30:00-05:00" if time_known
                        else None},
        "learned_at": {"date": learned.isoformat(), "time_known": False, "datetime": None},
        "location": draw(_maybe(["LOC North yard"])),
        "description": draw(_maybe(["DESC slipped on the ramp"])),
        "accident_type": draw(_items(wsib_terms.ACCIDENT_TYPES, sides=False)),
        "body_parts": draw(_items(wsib_terms.BODY_PARTS, sides=True)),
        "health_care": draw(st.sampled_from(YES_NO)),
        "absent": draw(st.sampled_from(YES_NO)),
        "lower_pay": draw(st.sampled_from(YES_NO)),
        "modified_work": draw(_maybe(["none", "regular_pay", "reduced_pay"])),
        "witnesses": draw(_maybe(["WIT Sam Lee"])),
        "hired_on": draw(_maybe(["2015-06-01"])),
        "born_on": draw(_maybe(["1980-07-14"])),
        "hours_per_week": draw(_maybe([37.5])),
    }
    return {"case": {"reference": "RTW-2026-0042", "kind": answers["case_kind"],
                     "filed_at": learned.isoformat(), "form7_due": due.isoformat(),
                     "claim_number": draw(_maybe(["30012345"])), "answers": answers},
            "roster": roster,
            "profile": None if profile is None else {"first_name": profile[0],
                                                     "last_name": profile[1]},
            "unit": draw(_maybe(["CUPE Local 79"])), "today": today, "due": due,
            "plan": draw(plans(occurred)),
            "occurred": occurred, "learned": learned, "time_known": time_known}


def context_of(c: dict[str, Any]) -> dict[str, Any]:
    return build_form_context(
        c["case"], employer=SAMPLE_EMPLOYER, today=c["today"], worker=c["roster"],
        profile=c["profile"], division={"bargaining_unit": c["unit"], "address": None},
        people={"employee": {"name": "Erin Employee"}, "supervisor": {"name": "Sam Supervisor"},
                "hr": {"name": "Hana HR"}}, plan=c["plan"])


# --- what the forms must say, worked out from the facts ------------------------------------
def _roster(c: dict[str, Any], key: str) -> Any:
    return (c["roster"] or {}).get(key)


def expected_names(c: dict[str, Any]) -> tuple[str, str]:
    if c["roster"]:
        *first, last = c["roster"]["name"].split()
        return " ".join(first), last
    if c["profile"]:
        return c["profile"]["first_name"], c["profile"]["last_name"]
    return "", ""


def expected_union(c: dict[str, Any]) -> tuple[str | None, str]:
    if c["roster"]:
        unit = c["roster"]["bargaining_unit"]
        return ("yes" if unit else "no"), unit or ""
    return ("yes", c["unit"]) if c["unit"] else (None, "")


def _yes_no_boxes(prefix: str, value: Any, unknown_box: bool = False) -> set[str]:
    if value in ("yes", "no"):
        return {f"{prefix}_{value}"}
    return {f"{prefix}_unknown"} if unknown_box else set()


def expected_ticks(c: dict[str, Any]) -> set[str]:
    a = c["case"]["answers"]
    ticks = {"twenty_or_more_yes", "kind_injury" if a["case_kind"] == "work_injury"
             else "kind_illness"}
    union, _ = expected_union(c)
    if union:
        ticks.add(f"union_{union}")
    types = {i["part"] for i in a["accident_type"] or ()}
    if a["died"] == "yes":
        types.add("fatality")
    ticks |= {f"accident_{t}" for t in types}
    for item in a["body_parts"] or ():
        term = wsib_terms.by_key(wsib_terms.BODY_PARTS)[item["part"]]
        if not term.sided:
            ticks.add(f"body_{term.key}")
        for side in ("left", "right"):
            if term.sided and item["side"] in (side, "both"):
                ticks.add(f"body_{term.key}_{side}")
    ticks |= _yes_no_boxes("health_care", a["health_care"], unknown_box=True)
    ticks |= _yes_no_boxes("absent", a["absent"]) | _yes_no_boxes("lower_pay", a["lower_pay"])
    modified = a["modified_work"]
    if modified:
        ticks.add({"none": "modified_none", "regular_pay": "modified_regular_pay",
                   "reduced_pay": "modified_reduced_pay"}[modified])
    if "yes" in (a["absent"], a["lower_pay"]) or modified == "reduced_pay" or shorter_days(c):
        ticks.add("lost_time")
    elif a["absent"] == a["lower_pay"] == "no":
        ticks.add("no_lost_time")
    if modified in ("regular_pay", "reduced_pay"):
        ticks |= {"modified_work_offered_yes", "offer_accepted"}
    schedule = _roster(c, "schedule")
    if schedule:
        ticks.add("schedule_rotating" if "rotating" in schedule else "schedule_regular")
    return ticks


def shorter_days(c: dict[str, Any]) -> bool:
    """An agreed plan of days shorter than the regular ones (its hours a week over 5)."""
    fewest = PLAN_HOURS[c["plan"]["hours"]] if c["plan"] else None
    weekly = c["case"]["answers"]["hours_per_week"] or _roster(c, "hours_per_week")
    return fewest is not None and weekly is not None and fewest < weekly / 5


def expected_day_hours(c: dict[str, Any]) -> str:
    schedule = _roster(c, "schedule")
    weekday = c["occurred"].weekday()
    if schedule == "Mon-Fri 07:00-15:00":
        return "07:00-15:00" if weekday < 5 else "not a scheduled day"
    if schedule == "Tue-Sat 08:00-16:30":
        return "08:00-16:30" if 1 <= weekday <= 5 else "not a scheduled day"
    if schedule:
        return schedule
    hours = c["case"]["answers"]["hours_per_week"] or _roster(c, "hours_per_week")
    return f"{hours / 5:g} hours" if hours else ""


def _pdf(content: bytes) -> dict[str, str]:
    return {n: str(f.get("/V") or "") for n, f in
            (PdfReader(io.BytesIO(content)).get_fields() or {}).items()}


def _on(fields: dict[str, str]) -> set[str]:
    return {n for n, v in fields.items() if v == "/Yes"}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def check_employer_report(c: dict[str, Any], f: dict[str, str]) -> None:
    a = c["case"]["answers"]
    assert _on(f) == expected_ticks(c)
    assert (f["first_name"], f["last_name"]) == expected_names(c)
    assert f["bargaining_unit"] == expected_union(c)[1]
    assert f["date_of_birth"] == _text(a["born_on"] or _roster(c, "date_of_birth"))
    assert f["date_of_hire"] == _text(a["hired_on"] or _roster(c, "date_of_hire"))
    for field, key in (("worker_address", "address"), ("worker_city", "city"),
                       ("worker_province", "province"), ("worker_postal_code", "postal_code"),
                       ("worker_phone", "phone"), ("language", "language")):
        assert f[field] == _text(_roster(c, key)), field
    assert (f["regular_rate"] != "") == (_roster(c, "hourly_rate") is not None)
    assert (f["time_in_position"] != "") == bool(_roster(c, "date_of_hire"))
    assert f["accident_date"] == c["occurred"].isoformat()
    assert f["accident_time"] == ("14:30" if c["time_known"] else "")
    assert (f["reported_date"], f["reported_time"]) == (c["learned"].isoformat(), "")
    for field in ("location", "description", "witnesses"):
        assert f[field] == _text(a[field]), field
    assert f["claim_number"] == _text(c["case"]["claim_number"])
    hours = expected_day_hours(c)
    assert (f["normal_hours_day"] == "") == (hours == "") and hours in f["normal_hours_day"]
    late = c["today"] > c["due"]
    assert bool(f["late_reason"]) == late
    if late:
        assert f"due by {dates.day(c['due'])}" in f["late_reason"]
    for blank in ("sin", "sex", "branch_address", "health_care_date", "provider", "facility",
                  "last_worked", "earnings_day", "net_claim_code", "shift_cycle",
                  "weeks_in_cycle", "last_4_weeks", "signature", "declaration_date"):
        assert f[blank] == "", blank


def check_worksheet(c: dict[str, Any], content: bytes) -> None:
    rows = {r.cells[1].text: r.cells[2].text for r in Docx(io.BytesIO(content)).tables[0].rows[1:]}
    first, last = expected_names(c)
    for label, value in (("First name", first), ("Last name", last)):
        assert rows[label] == value if value else rows[label].startswith("HR completes: ")
    union, unit = expected_union(c)
    asked = rows["Is the worker covered by a union/collective agreement?"]
    assert asked == (f"Yes · {unit}" if union == "yes" else "No" if union == "no"
                     else asked) and (union or asked.startswith("HR completes: "))
    died = c["case"]["answers"]["died"] == "yes"
    assert ("Fatality" in rows["Type of accident/illness"]) == (
        died or any(i["part"] == "fatality" for i in c["case"]["answers"]["accident_type"] or ()))
    assert all(v and v != "Not known yet" for v in rows.values())  # blanks say who and why


def check_package(c: dict[str, Any], faf: dict[str, str], rtwi: bytes) -> None:
    a = c["case"]["answers"]
    assert (faf["worker_first_name"], faf["worker_last_name"]) == expected_names(c)
    assert faf["worker_birth_date"] == _text(a["born_on"] or _roster(c, "date_of_birth"))
    assert faf["worker_phone"] == _text(_roster(c, "phone"))
    assert faf["date_of_injury"] == c["occurred"].isoformat()
    assert faf["claim_number"] == _text(c["case"]["claim_number"])
    assert (faf["return_to"], faf["employer_contact_position"]) == ("Hana HR", "Human Resources")
    for blank in ("assessment_date", "hp_name", "billing_number", "worker_signature",
                  "rtw_discussion_date", "comments"):
        assert faf[blank] == "", blank
    assert not _on(faf)  # every box is the worker's or the health professional's to tick
    text = "\n".join(p.text for p in Docx(io.BytesIO(rtwi)).paragraphs) + "\n".join(
        c.text for t in Docx(io.BytesIO(rtwi)).tables for r in t.rows for c in r.cells)
    assert "Gardener" in text and dates.day(c["occurred"]) in text
    hours = a["hours_per_week"] or _roster(c, "hours_per_week")
    assert ("37.5" in text or "40" in text) == bool(hours)
    assert "DESC" not in text and "LOC" not in text  # what happened: the Form 7 only


def _weeks(start: date, end: date) -> int:
    """The plan's weeks: the Monday-to-Friday weeks with a day of the plan in them."""
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return len({d.isocalendar()[:2] for d in days if d.weekday() < 5})


def check_plan(c: dict[str, Any], content: bytes) -> None:
    plan, doc = c["plan"], Docx(io.BytesIO(content))
    lines = [p.text.rstrip() for p in doc.paragraphs]
    *details, signoffs = doc.tables
    rows = {r.cells[0].text: r.cells[1].text for t in details for r in t.rows}
    assert (rows["Employee"], rows["Job title"], rows["Division"], rows["Plan option"]) == (
        "Erin Employee", "Gardener", "Parks and Recreation", plan["option"])
    assert rows["Supervisor"] == "Sam Supervisor"
    assert rows["Start date"] == dates.day(plan["start"])
    assert rows["End date"] == (dates.day(plan["end"]) if plan["end"] else "")
    assert rows["Where the end date comes from"] == _text(plan["end_basis"])
    for key, none in (("restrictions", "No restrictions recorded."),
                      ("duties", "No duties recorded yet.")):
        assert all(line in lines for line in plan[key]), key
        assert (none in lines) == (not plan[key]), key
    assert f"Hours per day and how they increase: {_text(plan['hours'])}".strip() in lines
    weeks = [line for line in lines if line.startswith("Week ")]
    assert len(weeks) == (_weeks(plan["start"], plan["end"]) if plan["end"] else 0)
    reviews = lines[lines.index("Review dates") + 1:lines.index("Pay")]
    assert reviews == [dates.day(date.fromisoformat(d)) for d in plan["review_dates"]]
    assert f"Pay rule: {_text(plan['pay_rule'])}".strip() in lines
    assert any("NUM" in line for line in lines) == bool(plan["pay_numbers"])
    signed = [[cell.text for cell in r.cells[:4]] for r in signoffs.rows[1:]]
    agreed_on = plan["signoffs"][1]["on"]
    assert signed == [["Supervisor", "Sam Supervisor", "proposed the plan",
                       dates.day(plan["start"] - timedelta(days=2))],
                      ["Employee", "Erin Employee", "agreed" if agreed_on else "",
                       dates.day(agreed_on) if agreed_on else ""]]
    # No fact the plan does not hold: nothing of what happened, nothing of the roster.
    text = "\n".join(lines + [cell.text for t in doc.tables for r in t.rows for cell in r.cells])
    for held_elsewhere in ("DESC", "LOC", "WIT", "42 Maple", "416-555", "1975-01-31",
                           "1980-07-14", "2015-06-01", "31.25 an hour" * (not plan["pay_numbers"]),
                           "None", "{{", "{%"):
        assert not held_elsewhere or held_elsewhere not in text, held_elsewhere


@SETTINGS
@given(c=cases())
def test_every_fact_is_in_its_field_and_no_field_says_more(c: dict[str, Any]) -> None:
    context = context_of(c)
    hr = redact_context(context, allowed_fields(EMPLOYER_REPORT, {Relation.HR}), True)
    hr["worksheet"]["rows"] = worksheet_rows(REPORT, hr)
    report = fill(REPORT, hr).content
    check_employer_report(c, _pdf(report))
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(flatten_pdf(report))).pages).split())
    assert "more than 7 calendar days" in text and "Hana HR" in text
    check_worksheet(c, fill(SHEET, hr).content)

    own = redact_context(context, allowed_fields(FUNCTIONAL_ABILITIES, {Relation.EMPLOYEE}),
                         True)
    check_package(c, _pdf(fill(FAF, own).content), fill(INFO, own).content)
    if c["plan"]:  # the employee's copy of the agreed plan, from the same view
        mine = plan_copy(context, visible_fields({Relation.EMPLOYEE}, View.FORM_PLAN))
        check_plan(c, fill(PLAN, mine).content)

    # The reporting supervisor's copy: the roster's personal details are HR's; the dates
    # the supervisor gave are theirs to read back.
    seen = field_values(REPORT, redact_context(
        context, allowed_fields(EMPLOYER_REPORT, {Relation.REPORTER}), False))
    a = c["case"]["answers"]
    assert seen["date_of_birth"] == _text(a["born_on"])
    assert seen["date_of_hire"] == _text(a["hired_on"])
    assert seen["worker_address"] == seen["worker_phone"] == seen["regular_rate"] == ""
