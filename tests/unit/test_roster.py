"""The roster's checks (pure), the typo matcher, and the directory check of a roster."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.directory import Directory
from rtwbot.directory_check import check_directory
from rtwbot.intake.choices import did_you_mean
from rtwbot.roster import read_roster

DIRECTORY = Directory.model_validate({
    "bargaining_units": [{"name": "CUPE Local 79"}],
    "divisions": [{"name": "Parks and Recreation"}, {"name": "Transportation Services"},
                  {"name": "Water"}],
})
HEAD = "employee_number,name,slack_id,division,job_title"


@pytest.mark.parametrize(("typed", "meant"), [
    ("prks", "Parks and Recreation"), ("Parks and Rec", "Parks and Recreation"),
    ("transprt", "Transportation Services"), ("watr", "Water"), ("pakrs", "Parks and Recreation"),
    ("Libraries", None), ("banana", None), ("yes", None), ("", None),
])
def test_did_you_mean(typed, meant) -> None:
    assert did_you_mean(typed, DIRECTORY.division_names()) == meant


def test_each_bad_value_is_named_by_line_and_column() -> None:
    text = (f"{HEAD},date_of_hire,hours_per_week,hourly_rate,phone,full_part_time\n"
            "1,Ann A,U1ANN,Water,Operator,2020-02-30,37.5,30,4165550000,full\n"
            "2,Bob B,U1BOB,Water,Operator,2020-01-01,95,30,4165550000,full\n"
            "3,Cy C,U1CY,Water,Operator,2020-01-01,40,-3,4165550000,full\n"
            "4,Di D,U1DI,Water,Operator,2020-01-01,40,30,555-0000,full\n"
            "5,Ed E,U1ED,Water,Operator,2020-01-01,40,30,4165550000,sometimes\n"
            "6,Flo F,U1FLO,Water,Operator,2099-01-01,40,30,4165550000,part\n")
    got = read_roster(text, DIRECTORY, today=date(2026, 11, 26))
    assert [(p.line, p.column) for p in got.problems] == [
        (2, "date_of_hire"), (3, "hours_per_week"), (4, "hourly_rate"), (5, "phone"),
        (6, "full_part_time"), (7, "date_of_hire")]


def test_header_problems_stop_before_the_rows() -> None:
    got = read_roster("number,name,colour\n1,A,red\n", DIRECTORY)
    assert [(p.line, p.column) for p in got.problems] == [
        (1, "division"), (1, "job_title"), (1, "work_email")]
    assert got.rows == [] and got.ignored == ["colour"]


def test_other_exports_semicolons_extra_columns_year_first_dates_hours_in_schedule() -> None:
    text = ("Emp ID;Full Name;Work email or Slack id;Department;Position;Manager;Date Hired;"
            "Regular hours and schedule;Rate of pay;FT/PT\r\n"
            "E-7;Ann A;ann@x.example;Water;Operator;Bo;2019/4/1;37.5 h Mon-Fri 8-4;$30;FT\r\n")
    got = read_roster(text, DIRECTORY)
    assert got.ok, got.problems
    [row] = got.rows
    assert (row["employee_number"], row["date_of_hire"], row["hours_per_week"],
            row["hourly_rate"], row["full_part_time"]) == ("E-7", "2019-04-01", 37.5, 30.0,
                                                           "full_time")
    assert got.ignored == ["Manager"]


def test_clean_rows_are_normalized() -> None:
    got = read_roster(f"{HEAD},bargaining_unit,postal_code,language\n"
                      "E-7,Ann A,U1ANN,water,Operator,cupe local 79,l1a2b3,fr\n", DIRECTORY)
    assert got.ok, got.problems
    [row] = got.rows
    assert (row["division"], row["bargaining_unit"], row["postal_code"], row["language"]) == (
        "Water", "CUPE Local 79", "L1A 2B3", "French")


class _Slack:
    def user(self, user_id):
        return {"id": user_id, "deleted": user_id == "U0GONE"}

    def by_email(self, email):
        return None

    def deactivated_email(self, email):
        return False

    def member_channels(self):
        return {"rtw-imwt", "rtw-hr"}


def test_directory_check_reports_roster_rows_the_directory_no_longer_knows() -> None:
    rows = [{"employee_number": "1", "division": "Water", "bargaining_unit": None,
             "slack_id": "U0OK"},
            {"employee_number": "2", "division": "Parks", "bargaining_unit": "Local 1",
             "slack_id": "U0GONE"}]
    report = check_directory(DIRECTORY, _Slack(), rows)
    assert not report.ok
    text = "\n".join(report.lines())
    assert "Checked 2 roster employees." in text
    assert "ROSTER       employee 2: division 'Parks' is not in the directory." in text
    assert "bargaining unit 'Local 1' is not in the directory" in text
    assert "DEACTIVATED  U0GONE (roster, employee 2)" in text
    assert "employee 1" not in text
