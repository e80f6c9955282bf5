"""`rtwbot roster import`: line-and-column problems, all or nothing, re-import in place,
personal data encrypted at rest."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from rtwbot.cli import main
from rtwbot.store.db import Database
from rtwbot.workflow.roster import RosterBook
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.store

HEADER = ("Employee Number,Name,Work Email,Division,Job Title,Bargaining Unit,Date of Hire,"
          "Date of Birth,Address,City,Province,Postal Code,Phone,Language,Hours per Week,"
          "Schedule,Hourly Rate,Full Part Time,Permanent Casual\n")
GOOD = [
    "1042,Erin Employee,erin@city.example,Parks and Recreation,Gardener,CUPE Local 79,"
    "2019-04-01,1988-07-15,12 Elm Street,Lakeshore,ON,L1A 2B3,416-555-0142,English,37.5,"
    "Mon-Fri 07:00-15:30,31.25,full,permanent\n",
    "2001,Ray Roads,U0RAY,Transportation Services,Road Operator,none,2015-09-14,1979-02-02,"
    "3 Oak Road,Lakeshore,ON,L1A 9Z9,(905) 555 0199,French,40,Rotating days,29.80,full,"
    "permanent\n",
    "3100,Casey Casual,casey@city.example,Parks and Recreation,Labourer,CUPE Local 79,"
    "2025-05-01,2001-12-24,,Lakeshore,ON,,,English,20,Weekends,22.00,part,casual\n",
]
BAD = [
    GOOD[0].replace("Parks and Recreation", "Prks"),           # line 2: unknown division
    GOOD[1].replace("1979-02-02", "02/02/1979"),                # line 3: bad date
    GOOD[2].replace("CUPE Local 79", "CUPE Local 97"),          # line 4: unknown unit
]


def _directory(tmp_path):
    path = tmp_path / "directory.yaml"
    path.write_text(yaml.safe_dump({
        "employer": {"name": "City of Lakeshore"},
        "bargaining_units": [{"name": "CUPE Local 79"}],
        "divisions": [{"name": "Parks and Recreation", "bargaining_unit": "CUPE Local 79"},
                      {"name": "Transportation Services"}],
    }))
    return str(path)


def _run(tmp_path, database_url, lines, name="roster.csv"):
    csv_path = tmp_path / name
    csv_path.write_text(HEADER + "".join(lines), encoding="utf-8")
    env = {"RTWBOT_DATABASE_URL": database_url, "RTWBOT_ENCRYPTION_KEY": TEST_KEY,
           "RTWBOT_DIRECTORY": _directory(tmp_path)}
    return CliRunner().invoke(main, ["roster", "import", str(csv_path)], env=env)


def _count(database_url) -> int:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        n = conn.execute(text("select count(*) from roster_employees")).scalar()
    engine.dispose()
    return n


def test_three_bad_lines_three_messages_and_nothing_imported(tmp_path, database_url) -> None:
    result = _run(tmp_path, database_url, BAD)
    out = result.output
    assert result.exit_code == 1, out
    problems = [line for line in out.splitlines() if line.startswith("line ")]
    assert problems == [
        'line 2, column division: "Prks" is not a division of the directory — did you mean '
        '"Parks and Recreation"?',
        'line 3, column date_of_birth: "02/02/1979" is not a date — write it as YYYY-MM-DD.',
        'line 4, column bargaining_unit: "CUPE Local 97" is not a bargaining unit of the '
        'directory — did you mean "CUPE Local 79"?',
    ]
    assert "Nothing was imported" in out
    assert _count(database_url) == 0


def test_clean_file_imports_and_reimport_updates_in_place(tmp_path, database_url) -> None:
    result = _run(tmp_path, database_url, GOOD)
    assert result.exit_code == 0, result.output
    assert "3 added, 0 updated, 0 unchanged" in result.output
    changed = [GOOD[0].replace(",31.25,", ",32.50,"), GOOD[1], GOOD[2]]
    result = _run(tmp_path, database_url, changed)
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated, 2 unchanged" in result.output
    assert _count(database_url) == 3
    db = Database(database_url)
    try:
        book = RosterBook(db)
        erin = book.by_number("1042")
        assert erin["hourly_rate"] == 32.5 and erin["phone"] == "416-555-0142"
        assert book.by_contact("U0RAY")["name"] == "Ray Roads"
        assert book.by_contact("UNOBODY", "Erin@City.example")["employee_number"] == "1042"
        assert book.by_name("employee, erin")["employee_number"] == "1042"
        assert book.by_number("2001")["phone"] == "905-555-0199"
        assert book.by_number("2001")["bargaining_unit"] is None
    finally:
        db.dispose()


def test_personal_data_is_encrypted_at_rest(tmp_path, database_url) -> None:
    assert _run(tmp_path, database_url, GOOD).exit_code == 0
    engine = create_engine(database_url)
    with engine.connect() as conn:
        raw = " ".join(str(r) for r in conn.execute(text("select * from roster_employees")))
    engine.dispose()
    for secret in ("Erin Employee", "1988-07-15", "12 Elm Street", "416-555-0142", "31.25",
                   "Gardener"):
        assert secret not in raw, secret


def test_missing_required_value_and_duplicate_number_are_named(tmp_path, database_url) -> None:
    lines = [GOOD[0], GOOD[1].replace("2001,", "1042,", 1), GOOD[2].replace(",Labourer,", ",,")]
    result = _run(tmp_path, database_url, lines)
    assert result.exit_code == 1
    assert 'line 3, column employee_number: "1042" is already on line 2.' in result.output
    assert "line 4, column job_title: is empty; it is required." in result.output
    assert _count(database_url) == 0
