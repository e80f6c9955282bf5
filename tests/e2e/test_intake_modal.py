"""The modal path (`/rtw report`, the shortcut) files the same case as the chat path."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rtwbot.store.models import Case
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

COMPARED = ("kind", "stage", "employee_user_id", "division", "job_title", "supervisor_id",
            "occurred_at", "learned_at", "reportable", "form7_due", "recheck_on", "answers")


def modal_values(pg, **override) -> dict:
    values = {
        "employee.v": pg.users["erin"],
        "division.v": "Parks and Recreation",  # a closed list: a menu
        "job_title.v": "Gardener",
        "case_kind.v": "work_injury",
        "critical_injury.critical_now": "no",
        "occurred_at.v": "yesterday 3pm",
        "learned_at.v": "same time",
        "location.v": "North yard greenhouse",
        "description.v": "Slipped on a wet floor carrying soil bags",
        "accident_type.v": ["slip_trip", "overexertion"],
        "body_parts.v": "left wrist and lower back",
        "health_care.v": "yes",
        "absent.v": "no",
        "lower_pay.v": "no",
        "modified_work.v": "regular_pay",
        "hired_on.v": "2015-06-01",
        "hours_per_week.v": "37.5",
    }
    values.update(override)
    return values


def open_modal(pg, how: str) -> dict:
    sam = pg.users["sam"]
    if how == "command":
        delivery = pg.sandbox.command(sam, "/rtw", "report")
    else:
        delivery = pg.sandbox.shortcut(sam, "report_injury")
    assert delivery.status == 200
    pg.settle()
    [view] = pg.sandbox.views(sam)
    assert view["title"]["text"] == "Report an injury"
    return view


def all_cases(pg) -> list[Case]:
    with pg.bot.db.session() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


@pytest.mark.parametrize("how", ["command", "shortcut"])
def test_modal_and_chat_file_equal_cases(pg, how) -> None:
    answer_all(pg, "sam", work_injury_answers(pg.users["erin"]))
    pg.sandbox.click(pg.users["sam"], "intake_confirm")
    pg.settle()

    view = open_modal(pg, how)
    delivery = pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg))
    pg.settle()
    assert delivery.status == 200
    assert pg.sandbox.views(pg.users["sam"]) == []  # closed: filed

    chat, modal = all_cases(pg)
    for column in COMPARED:
        assert getattr(modal, column) == getattr(chat, column), column
    assert modal.reference == "RTW-2026-0002"


def test_a_wrong_answer_in_the_modal_is_shown_on_its_field_and_nothing_is_filed(pg) -> None:
    view = open_modal(pg, "command")
    pg.sandbox.submit_view(pg.users["sam"], view,
                           modal_values(pg, **{"occurred_at.v": "next tuesday"}))
    pg.settle()
    [still_open] = pg.sandbox.views(pg.users["sam"])
    assert "occurred_at" in still_open["errors"]
    assert "future" in still_open["errors"]["occurred_at"].lower()
    assert all_cases(pg) == []

    pg.sandbox.submit_view(pg.users["sam"], still_open, modal_values(pg))
    pg.settle()
    [case] = all_cases(pg)
    assert case.answers["location"] == "North yard greenhouse"


def test_an_employee_not_in_slack_can_be_typed(pg) -> None:
    view = open_modal(pg, "command")
    values = modal_values(pg)
    del values["employee.v"]
    values["employee_text.v"] = "Jane Doe, 12345"
    pg.sandbox.submit_view(pg.users["sam"], view, values)
    pg.settle()
    [case] = all_cases(pg)
    assert case.employee_user_id is None
    assert (case.employee_name, case.employee_number) == ("Jane Doe", "12345")


def test_the_modal_takes_what_hrs_roster_knows(pg) -> None:
    from rtwbot.workflow.roster import import_roster
    from tests.e2e.test_roster import ROSTER

    assert import_roster(pg.bot.db, pg.bot.directory, ROSTER, pg.bot.clock.now()).ok
    view = open_modal(pg, "command")
    values = modal_values(pg)
    for key in ("division.v", "job_title.v", "hours_per_week.v"):
        del values[key]
    pg.sandbox.submit_view(pg.users["sam"], view, values)
    pg.settle()
    [case] = all_cases(pg)
    assert (case.division, case.job_title, case.employee_number) == (
        "Parks and Recreation", "Arborist", "1042")
    assert case.answers["hours_per_week"] == 36


def test_the_modal_still_asks_for_someone_not_on_the_roster(pg) -> None:
    view = open_modal(pg, "command")
    values = modal_values(pg)
    del values["division.v"]
    pg.sandbox.submit_view(pg.users["sam"], view, values)
    pg.settle()
    [still_open] = pg.sandbox.views(pg.users["sam"])
    assert "not on HR's roster" in still_open["errors"]["division"]
    assert all_cases(pg) == []
