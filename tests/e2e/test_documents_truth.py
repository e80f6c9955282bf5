"""Issue 21: the documents tell the truth. A plain report through the sandbox (the supervisor
gives the hire date and the date of birth; the directory puts the division in CUPE Local 79;
the worker is on no roster): the Form 7 the supervisor and HR receive, and HR's eForm 7
worksheet, carry every fact in its own field, and leave for HR only what the bot does not
hold, saying why."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from rtwbot.forms.pdf import flatten_pdf
from tests.e2e.conftest import TORONTO, click, dm_texts, say
from tests.e2e.test_case_facts import update_facts

pytestmark = pytest.mark.e2e

REFERENCE = "RTW-2026-0001"


def plain_report(employee: str, critical: list[str] | None = None,
                 occurred: str = "yesterday 3pm") -> list[str]:
    return [
        employee, "parks", "Gardener", "work-related injury", *(critical or ["no"]), occurred,
        "same time", "North yard greenhouse", "Slipped on a wet floor carrying soil bags",
        "slip, overexertion", "left wrist and lower back", "yes", "no", "nope", "regular pay",
        "skip", "2015-06-01", "1980-07-14", "37.5",
    ]


def file(pg, answers: list[str]) -> None:
    say(pg, "sam", "report an injury")
    for text in answers:
        say(pg, "sam", text)
    click(pg, "sam", "intake_confirm")


def sent_to(pg, who: str, suffix: str, copies: int = 1) -> bytes:
    """The latest of the `copies` files of this kind the bot sent this person."""
    dm = pg.sandbox.dm_channel(pg.users[who])
    files = [f for f in pg.sandbox.files() if f["user"] == pg.sandbox.bot_user_id
             and f["name"].endswith(suffix) and dm in f["ims"]]
    assert len(files) == copies, [f["name"] for f in files]
    return pg.sandbox.file_content(files[-1]["id"])


def pdf_fields(content: bytes) -> dict[str, str]:
    fields = PdfReader(io.BytesIO(content)).get_fields() or {}
    return {name: str(f.get("/V") or "") for name, f in fields.items()}


def ticked(fields: dict[str, str]) -> set[str]:
    return {name for name, value in fields.items() if value == "/Yes"}


def worksheet(content: bytes) -> dict[str, str]:
    table = Docx(io.BytesIO(content)).tables[0]
    return {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}


def test_a_plain_report_puts_every_fact_in_its_field_for_the_supervisor_and_hr(pg) -> None:
    file(pg, plain_report(f"<@{pg.users['erin']}>"))

    hr = pdf_fields(sent_to(pg, "hana", "-employer-report.pdf"))
    supervisor = pdf_fields(sent_to(pg, "sam", "-employer-report.pdf"))
    for copy in (hr, supervisor):
        # Names from the Slack profile's own first and last name fields (no roster).
        assert (copy["last_name"], copy["first_name"]) == ("Employee", "Erin")
        assert copy["worker_name"] == "Erin Employee"
        # The supervisor gave both dates; they read back what they gave.
        assert (copy["date_of_hire"], copy["date_of_birth"]) == ("2015-06-01", "1980-07-14")
        # The directory puts Parks and Recreation in CUPE Local 79.
        assert "union_yes" in ticked(copy) and "union_no" not in ticked(copy)
        assert copy["bargaining_unit"] == "CUPE Local 79"
        assert copy["branch_address"] == "" and copy["division"] == "Parks and Recreation"
        assert "7.5 hours" in copy["normal_hours_day"]
        assert copy["late_reason"] == ""  # learned yesterday: not late
        assert {"offer_accepted", "modified_regular_pay", "no_lost_time", "accident_slip_trip",
                "accident_overexertion", "body_wrist_left", "body_lower_back"} <= ticked(copy)
        assert not {"accident_fatality", "lost_time", "offer_declined",
                    "body_wrist_right"} & ticked(copy)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        flatten_pdf(sent_to(pg, "hana", "-employer-report.pdf")))).pages).split())
    assert "modified work at regular pay for more than 7 calendar days" in text
    assert "beyond the day or shift" not in text

    rows = worksheet(sent_to(pg, "hana", "-eform7-worksheet.docx"))
    assert rows["Last name"] == "Employee" and rows["First name"] == "Erin"
    assert rows["Date of birth"] == "1980-07-14" and rows["Date of hire"] == "2015-06-01"
    assert rows["Is the worker covered by a union/collective agreement?"] == "Yes · CUPE Local 79"
    assert rows["Branch address where the worker is based (if different)"].startswith(
        "HR completes: the directory gives no address for the division")
    assert rows["Did the worker accept or decline modified work?"] == "Accepted"
    assert rows["Normal working hours on the day of the accident"].startswith("7.5 hours")
    assert rows["Type of accident/illness"] == "Injury · Slip/trip · Overexertion"
    assert rows["Area of injury (body part), left/right"] == "Lower back · Wrist (left)"
    assert "Not known yet" not in " ".join(rows.values())

    summary = dm_texts(pg, "sam")[-1]
    assert "HR's roster" in summary and "not on HR's roster" in summary
    assert "with the worker's details from HR's roster" not in summary


def test_a_late_report_of_a_death_says_why_it_is_late_and_ticks_fatality(pg) -> None:
    """Learned on Tuesday, November 10; reported in rtwbot on Wednesday, November 25: the
    Form 7 was due Friday, November 13. The critical injury was a death. (The critical
    answer made the half report a reportable case at once, so HR had its Form 7 then; the
    finished report sends the updated one.)"""
    file(pg, plain_report(f"<@{pg.users['erin']}>", critical=["yes", "yes"],
                          occurred="2026-11-10 9am"))
    report = pdf_fields(sent_to(pg, "hana", "-employer-report.pdf", copies=2))
    assert "accident_fatality" in ticked(report)
    late = report["late_reason"]  # what the fact timeline knows of the delay
    assert "Form 7 was due by Friday, November 13, 2026" in late
    assert late.startswith("The employer learned on Tuesday, November 10, 2026 that ")
    assert "recorded on Wednesday, November 25, 2026" in late  # the day it reached rtwbot
    rows = worksheet(sent_to(pg, "hana", "-eform7-worksheet.docx", copies=2))
    assert "Fatality" in rows["Type of accident/illness"]
    assert rows["If reported late, why"] == late


def test_a_critical_injury_that_is_not_a_death_leaves_fatality_unticked(pg) -> None:
    file(pg, plain_report(f"<@{pg.users['erin']}>", critical=["yes", "no"]))
    report = pdf_fields(sent_to(pg, "hana", "-employer-report.pdf", copies=2))
    assert "accident_fatality" not in ticked(report)


def test_names_come_from_the_profile_s_own_fields_else_hr_completes_them(pg) -> None:
    mary = pg.sandbox.add_user("mary", real_name="Mary Ann Smith-Jones", first_name="Mary Ann",
                               last_name="Smith-Jones")
    kim = pg.sandbox.add_user("kim", real_name="Kim", first_name="", last_name="")
    for who in (mary, kim):
        file(pg, plain_report(f"<@{who}>"))
    reports = sorted((f for f in pg.sandbox.files() if f["name"].endswith(
        "-employer-report.pdf") and pg.sandbox.dm_channel(pg.users["hana"]) in f["ims"]),
        key=lambda f: f["name"])
    mary, kim = (pdf_fields(pg.sandbox.file_content(f["id"])) for f in reports)
    assert (mary["first_name"], mary["last_name"]) == ("Mary Ann", "Smith-Jones")
    assert (kim["first_name"], kim["last_name"]) == ("", "")  # never guessed from "Kim"
    assert "The worker's last and first name: not on HR's roster" in kim["not_known"]


def test_a_case_that_becomes_reportable_gets_its_form_7_then(pg) -> None:
    """First aid only at filing: no Form 7. Two days later HR records that the worker saw a
    doctor: the case is reportable, and the Form 7 goes to the supervisor and HR, filled
    from the facts as they are now."""
    first_aid = plain_report(f"<@{pg.users['erin']}>")
    first_aid[11:15] = ["no", "no", "no", "none"]  # no health care, absence, lower pay
    file(pg, first_aid)
    assert not [f for f in pg.sandbox.files() if f["name"].endswith("-employer-report.pdf")]
    pg.sandbox.clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=TORONTO))
    update_facts(pg, "hana", health_care="yes")
    for who in ("sam", "hana"):
        report = pdf_fields(sent_to(pg, who, "-employer-report.pdf"))
        assert {"health_care_yes", "modified_none", "no_lost_time"} <= ticked(report)
        assert report["form7_due"] == "2026-12-02"
    assert sent_to(pg, "hana", "-eform7-worksheet.docx")


def test_a_report_whose_facts_change_is_sent_again_updated_and_only_then(pg) -> None:
    file(pg, plain_report(f"<@{pg.users['erin']}>"))  # regular pay, not absent: no lost time
    def reports(who: str) -> list[dict[str, str]]:
        dm = pg.sandbox.dm_channel(pg.users[who])
        return [pdf_fields(pg.sandbox.file_content(f["id"])) for f in pg.sandbox.files()
                if f["name"].endswith("-employer-report.pdf") and dm in f["ims"]]

    changes: list[int] = []
    pg.bot.on("case_changed", lambda case_id: changes.append(case_id))
    # HR records the hire date the supervisor gave: a change of the case, not of its facts.
    assert pg.sandbox.command(pg.users["hana"], "/rtw",
                              f"employment {REFERENCE} hired 2015-06-01").status == 200
    pg.settle()
    assert changes and len(reports("sam")) == len(reports("hana")) == 1
    update_facts(pg, "sam", absent="yes")
    for who in ("sam", "hana"):
        first, updated = reports(who)
        assert "no_lost_time" in ticked(first) and "absent_no" in ticked(first)
        assert {"lost_time", "absent_yes"} <= ticked(updated)
    assert "Updated employer's report" in "\n".join(dm_texts(pg, "hana"))
    assert len([f for f in pg.sandbox.files() if f["name"].endswith("-worksheet.docx")]) == 2
