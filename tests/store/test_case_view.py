"""The one view of a case the documents are filled from, with a real store: HR's roster found
by the employee's Slack id (the report named them by mention, with no number), the Slack
profile's own name fields when the roster has no row, and the agreed plan's hours deciding
lost time on a Form 7 made after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rtwbot.clock import ManualClock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.forms import FormRegistry
from rtwbot.store.db import Database
from rtwbot.store.imwt_models import AGREED, PROPOSED, TemporaryPlan
from rtwbot.store.models import Case
from rtwbot.store.roster_models import RosterEmployee
from rtwbot.workflow.documents import DocumentsWorkflow

pytestmark = pytest.mark.store

NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
DIRECTORY = Directory.model_validate({
    "employer": {"name": "City of Lakeshore", "workers": 2400},
    "bargaining_units": [{"name": "CUPE Local 79"}],
    "divisions": [{"name": "Parks and Recreation", "bargaining_unit": "CUPE Local 79",
                   "address": "55 John Street\nLakeshore, ON"}],
})


class People:
    def __init__(self, profiles: dict[str, dict]):
        self.profiles = profiles

    def resolve(self, ref: str) -> str | None:
        return ref

    def name(self, user_id: str) -> str | None:
        return (self.profiles.get(user_id) or {}).get("real_name")

    def user(self, user_id: str) -> dict | None:
        return self.profiles.get(user_id)


def _case(s, employee: str) -> Case:
    answers = {"employee": {"slack_user_id": employee, "name": "Erin Employee"},
               "occurred_at": {"date": "2026-11-24", "time_known": False, "datetime": None},
               "learned_at": {"date": "2026-11-24", "time_known": False, "datetime": None},
               "absent": "no", "lower_pay": "no", "modified_work": "regular_pay",
               "hours_per_week": 37.5, "division": "Parks and Recreation"}
    case = Case(reference="RTW-2026-0001", kind="work_injury", stage="reported",
                employee_user_id=employee, employee_name="Erin Employee", employee_number=None,
                division="Parks and Recreation", job_title="Gardener", supervisor_id="USAM",
                occurred_at=NOW - timedelta(days=1), learned_at=NOW - timedelta(days=1),
                reportable="watch", form7_due=None, answers=answers, filed_at=NOW,
                updated_at=NOW)
    s.add(case)
    s.flush()
    return case


def _plan(s, case_id: int, state: str, hours: str) -> None:
    s.add(TemporaryPlan(case_id=case_id, number=1, state=state, option="a", ruled_out={},
                        duties=["Potting"], hours=hours, start=date(2026, 11, 30),
                        end=date(2026, 12, 18), review_dates=[], proposed_by="USAM",
                        proposed_at=NOW, created_at=NOW, updated_at=NOW))


def _flow(db: Database, people: People) -> DocumentsWorkflow:
    return DocumentsWorkflow(db, ManualClock(NOW), WorkCalendar(), DIRECTORY, people,
                             FormRegistry.load(), lambda effects, session: None)


def test_the_roster_by_slack_id_the_division_s_address_and_an_agreed_plan(database_url):
    db = Database(database_url)
    with db.session() as s:
        s.add(RosterEmployee(employee_number="1042", contact="UERIN", imported_at=NOW,
                             updated_at=NOW, record={"employee_number": "1042",
                                                     "name": "Erin Q. Employee",
                                                     "bargaining_unit": None}))
        case = _case(s, "UERIN")
        _plan(s, case.id, PROPOSED, "4 hours a day")
        case_id = case.id
    flow = _flow(db, People({"UERIN": {"real_name": "Erin", "first_name": "E",
                                       "last_name": "X"}}))
    with db.session() as s:
        case = s.get(Case, case_id)
    context = flow._context(case, ("UHANA",))
    employee = context["employee"]
    assert (employee["first_name"], employee["last_name"]) == ("Erin Q.", "Employee")
    assert employee["union_covered"] == "no"  # the roster's row says no unit
    assert context["employer"]["branch_address"] == "55 John Street, Lakeshore, ON"
    assert context["case"]["lost_time"] == "no"  # a proposed plan is not a fact yet
    with db.session() as s:
        s.query(TemporaryPlan).update({"state": AGREED})
    assert flow._context(case, ("UHANA",))["case"]["lost_time"] == "yes"  # 4-hour days


def test_no_roster_row_names_from_the_profile_s_own_fields(database_url):
    db = Database(database_url)
    with db.session() as s:
        case_id = _case(s, "UMARY").id
    flow = _flow(db, People({"UMARY": {"real_name": "Mary Ann Smith", "first_name": "Mary Ann",
                                       "last_name": "Smith"}}))
    with db.session() as s:
        case = s.get(Case, case_id)
    employee = flow._context(case, ())["employee"]
    assert (employee["first_name"], employee["last_name"], employee["name_source"]) == (
        "Mary Ann", "Smith", "slack")
    assert employee["union_covered"] == "yes" and employee["bargaining_unit"] == "CUPE Local 79"
