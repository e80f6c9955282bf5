"""A person tries rtwbot in a browser: the web try-out (`rtwbot sandbox --web`) in headless
Chromium, the bot reached through the sandbox exactly as Slack would reach it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rtwbot.store.models import Case
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e


def cases(pg) -> list[Case]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


def file_a_report(pg) -> None:
    """Sam's report, filed through the sandbox (the tests that are about something else)."""
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()


def test_a_supervisor_reports_an_injury_by_typing_and_clicking(web) -> None:
    web.open("sam")
    web.type("someone got hurt at the north yard")
    assert "Who was hurt" in web.last_message()
    web.screenshot("01-report-starts")
    web.pick(web.find_all("#messages select")[-1], "Erin Employee")  # the person menu
    assert "Which division" in web.last_message()
    web.button("Parks and Recreation")
    # "at the north yard" is taken from the first message: where it happened is not asked
    for text in ["Gardener", "work-related injury", "no", "yesterday 3pm", "same time",
                 "Slipped on a wet floor carrying soil bags", "slip",
                 "left wrist and lower back", "yes", "no", "no", "regular pay", "skip",
                 "2015-06-01", "skip", "37.5"]:
        web.type(text)
    assert "confirm" in web.last_message().lower()
    web.screenshot("02-report-summary")
    web.click(web.find_all("#messages .msg:last-child button.primary")[-1])  # file it
    [case] = cases(web.pg)
    assert case.reference == "RTW-2026-0001"
    assert case.employee_user_id == web.pg.users["erin"]
    assert "RTW-2026-0001" in web.text()


def test_a_modal_opens_shows_an_error_on_its_field_and_files_when_fixed(web) -> None:
    web.open("sam")
    web.type("/rtw report")
    modal = web.find("#modal")
    assert "Report an injury" in modal.text
    # The critical answer acts at once (its own action; the form is drawn again): first.
    web.find("input[name='i:critical_injury.critical_now'][value='no']").click()
    web.choose(web.find("#modal select[name='i:employee.v']"), "Erin Employee")
    web.choose(web.find("#modal select[name='i:division.v']"), "Parks and Recreation")
    typed = {"job_title": "Gardener", "occurred_at": "next tuesday",
             "learned_at": "same time", "location": "North yard greenhouse",
             "description": "Slipped on a wet floor", "body_parts": "left wrist",
             "hired_on": "2015-06-01", "hours_per_week": "37.5"}
    for key, text in typed.items():
        web.find(f"[name='i:{key}.v']").send_keys(text)
    web.choose(web.find("#modal select[name='i:case_kind.v']"), "Work-related injury")
    web.choose(web.find("#modal select[name='i:accident_type.v']"), "Slip/trip")
    for key, value in {"health_care": "yes", "absent": "no", "lower_pay": "no"}.items():
        web.find(f"input[name='i:{key}.v'][value='{value}']").click()
    web.choose(web.find("#modal select[name='i:modified_work.v']"),
               web.find("#modal select[name='i:modified_work.v'] option:nth-child(2)").text)
    web.click(web.find("#modal-submit"))
    # Still open, the error under its field, nothing filed.
    error = web.find("#modal [data-block='occurred_at'] .field-error")
    assert error.text
    assert cases(web.pg) == []
    web.screenshot("03-modal-error")
    field = web.find("[name='i:occurred_at.v']")
    field.clear()
    field.send_keys("yesterday 3pm")
    web.click(web.find("#modal-submit"))
    assert not web.find_all("#modal"), web.find("#modal").text
    [case] = cases(web.pg)
    assert case.reference == "RTW-2026-0001"


def test_switching_to_the_employee_and_asking_status(web) -> None:
    file_a_report(web.pg)
    web.open("sam")
    web.pick(web.find("#switch"), "Erin Employee — gardener, Parks and Recreation")
    assert "Erin Employee" in web.find("#switch option:checked").text
    web.type("status")
    answer = web.last_message()
    assert "RTW-2026-0001" in answer or "plan" in answer.lower()
    assert "rtwbot" in answer  # the bot's answer, in Erin's own DM
    web.screenshot("04-employee-status")


def test_the_home_tab(web) -> None:
    file_a_report(web.pg)
    web.open("sam")
    web.click(web.find("#nav-home"))
    home = web.find("#home")
    assert "RTW-2026-0001" in home.text
    web.screenshot("05-home-tab")


def test_the_employee_uploads_the_completed_abilities_form(web, tmp_path: Path) -> None:
    from tests.browser.forms import completed_abilities_form

    file_a_report(web.pg)
    pdf = tmp_path / "functional abilities form.pdf"
    pdf.write_bytes(completed_abilities_form(web.pg, "RTW-2026-0001"))
    web.open("erin")
    sent = [a.text for a in web.find_all("#messages .file a")]
    assert any(name.endswith("-functional-abilities.pdf") for name in sent)  # downloadable
    web.find("#compose-file").send_keys(str(pdf))
    web.click(web.find("#compose-send"))
    assert "functional abilities form.pdf" in web.text()
    web.screenshot("06-abilities-form-read")
    buttons = [b.text for b in web.find_all("#messages .msg:last-child button")]
    assert buttons, web.last_message()
    web.button(buttons[0])
    with web.pg.bot.db.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.stage != "awaiting_functional_info"
    # The team thread opened in the case's own private channel: HR opens it.
    web.pick(web.find("#switch"), "Hana HR — HR representative")
    web.click(web.find("#nav-rtw-2026-0001"))
    assert "RTW-2026-0001" in web.find("#messages").text
    web.click(web.find_all("#messages .open-thread")[-1])
    assert web.find("#thread").text
    web.screenshot("07-team-thread")


def test_a_document_opens_from_its_link(web) -> None:
    file_a_report(web.pg)
    web.open("erin")
    link = [a for a in web.find_all("#messages .file a") if a.text.endswith(".pdf")][0]
    href = link.get_attribute("href")
    import urllib.request

    with urllib.request.urlopen(href) as response:
        assert response.read(5) == b"%PDF-"
