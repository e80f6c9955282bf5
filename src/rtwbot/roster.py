"""The employee roster: HR's export, read and checked (pure: no Slack, no SQL).

``read_roster(text, directory)`` -> :class:`RosterFile` with the rows and, for every bad
value, a :class:`Problem` naming the line and the column. An import stores nothing unless
``problems`` is empty (see ``rtwbot.workflow.roster``).

Documented columns (the header row names them; case, spaces and dashes do not matter)::

    employee_number   required  digits, maybe a short prefix ("E-1042")
    name              required  as HR writes it ("Erin Employee")
    work_email        one of    the work email Slack knows, or
    slack_id                    the Slack member id (U...)
    division          required  a division of the directory
    job_title         required
    bargaining_unit             a unit of the directory, or blank / "none" (not covered)
    date_of_hire                YYYY-MM-DD
    position_start              YYYY-MM-DD: since when in this job (Form 7 "time in position")
    date_of_birth               YYYY-MM-DD
    address, city, province, postal_code
    phone                       10 digits (with any spaces, dashes, brackets)
    language                    English, French, or another language's name
    hours_per_week              a number (1-80)
    schedule                    the regular schedule in words ("Mon-Fri 07:00-15:30")
    hourly_rate                 dollars per hour ("31.25" or "$31.25")
    full_part_time              full / part
    permanent_casual            permanent / casual / temporary / seasonal

A value that only differs by a typo from a directory name is refused with the name it
probably meant; nothing is ever corrected silently.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rtwbot.directory import Directory
from rtwbot.intake.choices import did_you_mean

COLUMNS: tuple[str, ...] = (
    "employee_number", "name", "work_email", "slack_id", "division", "job_title",
    "bargaining_unit", "date_of_hire", "position_start", "date_of_birth", "address", "city",
    "province", "postal_code", "phone", "language", "hours_per_week", "schedule",
    "hourly_rate", "full_part_time", "permanent_casual",
)
REQUIRED: tuple[str, ...] = ("employee_number", "name", "division", "job_title")
# Other words HR systems use for a column.
HEADER_ALIASES: Mapping[str, str] = {
    "employee_no": "employee_number", "employee_id": "employee_number", "emp_no": "employee_number",
    "number": "employee_number", "full_name": "name", "employee_name": "name",
    "email": "work_email", "slack": "slack_id", "slack_user_id": "slack_id",
    "work_email_or_slack_id": "work_email", "department": "division", "title": "job_title",
    "union": "bargaining_unit", "unit": "bargaining_unit", "hire_date": "date_of_hire",
    "birth_date": "date_of_birth", "dob": "date_of_birth", "telephone": "phone",
    "preferred_language": "language", "hours": "hours_per_week", "weekly_hours": "hours_per_week",
    "regular_schedule": "schedule", "rate": "hourly_rate", "hourly_wage": "hourly_rate",
    "full_time_part_time": "full_part_time", "employment_type": "permanent_casual",
    "in_position_since": "position_start", "employee": "employee_number",
    "emp_number": "employee_number", "employee_num": "employee_number", "emp_id": "employee_number",
    "work_email_address": "work_email", "email_address": "work_email",
    "slack_member_id": "slack_id", "position": "job_title", "job": "job_title",
    "union_local": "bargaining_unit", "date_hired": "date_of_hire", "hired": "date_of_hire",
    "phone_number": "phone", "telephone_number": "phone", "regular_hours": "hours_per_week",
    "regular_hours_per_week": "hours_per_week", "hours_week": "hours_per_week",
    "regular_hours_and_schedule": "schedule", "hours_and_schedule": "schedule",
    "rate_of_pay": "hourly_rate", "hourly_pay": "hourly_rate", "wage": "hourly_rate",
    "ft_pt": "full_part_time", "full_or_part_time": "full_part_time",
    "employment_status": "permanent_casual", "permanent_or_casual": "permanent_casual",
    "postal": "postal_code", "postcode": "postal_code",
}
PERSONAL: frozenset[str] = frozenset(
    {"date_of_birth", "address", "city", "province", "postal_code", "phone", "language"}
)
MAX_ROWS = 50_000
_NUMBER = re.compile(r"[A-Za-z]{0,3}-?[0-9][0-9-]{0,14}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_NO_UNIT = {"", "none", "no", "n/a", "na", "non-union", "non union", "nonunion", "-"}
_FULL_PART = {"full": "full_time", "full time": "full_time", "full-time": "full_time", "ft": "full_time",
              "part": "part_time", "part time": "part_time", "part-time": "part_time", "pt": "part_time"}
_TENURE = {"permanent": "permanent", "perm": "permanent", "casual": "casual",
           "temporary": "temporary", "temp": "temporary", "seasonal": "seasonal"}
_LANGUAGES = {"en": "English", "english": "English", "fr": "French", "french": "French",
              "francais": "French", "français": "French"}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RosterFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns rtwbot does not use

    @property
    def ok(self) -> bool:
        return not self.problems


def header_key(raw: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", (raw or "").strip().lower().lstrip("\ufeff")).strip("_")
    return HEADER_ALIASES.get(key, key)


def parse_iso_date(text: str) -> date | None:
    """A year-first date: 2019-04-01, 2019-4-1 or 2019/04/01 (never a guess at 01/04/2019)."""
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text.strip())
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def _number(text: str) -> float | None:
    cleaned = text.replace("$", "").replace(",", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def _quoted(value: str) -> str:
    return f'"{value[:60]}"'


class _Checker:
    def __init__(self, directory: Directory, today: date | None):
        self.directory = directory
        self.today = today
        self.units = tuple(u.name for u in directory.bargaining_units)

    def division(self, value: str) -> tuple[Any, str | None]:
        found = self.directory.division(value)
        if found is not None:
            return found.name, None
        hint = did_you_mean(value, self.directory.division_names())
        known = ", ".join(self.directory.division_names()) or "none are listed"
        return None, (f"{_quoted(value)} is not a division of the directory"
                      + (f" — did you mean {_quoted(hint)}?" if hint else f" (divisions: {known})."))

    def unit(self, value: str) -> tuple[Any, str | None]:
        if value.strip().lower() in _NO_UNIT:
            return None, None
        exact = next((u for u in self.units if u.casefold() == value.strip().casefold()), None)
        if exact:
            return exact, None
        hint = did_you_mean(value, self.units)
        return None, (f"{_quoted(value)} is not a bargaining unit of the directory"
                      + (f" — did you mean {_quoted(hint)}?" if hint else
                         ' (leave it blank or write "none" when the worker is not covered).'))

    def a_date(self, value: str) -> tuple[Any, str | None]:
        parsed = parse_iso_date(value)
        if parsed is None:
            return None, f"{_quoted(value)} is not a date — write it as YYYY-MM-DD."
        if self.today is not None and parsed > self.today:
            return None, f"{_quoted(value)} is in the future."
        return parsed.isoformat(), None

    def contact(self, column: str, value: str) -> tuple[Any, str | None]:
        if column == "work_email":
            if _EMAIL.fullmatch(value.strip()):
                return value.strip().lower(), None
            if _SLACK_ID.fullmatch(value.strip()):
                return value.strip(), None
            return None, f"{_quoted(value)} is not an email address or a Slack id."
        if _SLACK_ID.fullmatch(value.strip()):
            return value.strip(), None
        return None, f"{_quoted(value)} is not a Slack member id (U...)."

    def check(self, column: str, value: str) -> tuple[Any, str | None]:
        v = value.strip()
        if column == "employee_number":
            return (v, None) if _NUMBER.fullmatch(v) else (None, f"{_quoted(v)} is not an employee number.")
        if column in ("name", "job_title", "address", "city", "schedule"):
            return (" ".join(v.split())[:200], None)
        if column == "division":
            return self.division(v)
        if column == "bargaining_unit":
            return self.unit(v)
        if column in ("date_of_hire", "date_of_birth", "position_start"):
            return self.a_date(v)
        if column in ("work_email", "slack_id"):
            return self.contact(column, v)
        if column == "province":
            return (v.upper(), None) if re.fullmatch(r"[A-Za-z]{2}", v) else (None, f"{_quoted(v)} is not a two-letter province (ON).")
        if column == "postal_code":
            code = v.upper().replace(" ", "")
            if re.fullmatch(r"[A-Z]\d[A-Z]\d[A-Z]\d", code):
                return f"{code[:3]} {code[3:]}", None
            return None, f"{_quoted(v)} is not a postal code (A1A 1A1)."
        if column == "phone":
            digits = re.sub(r"\D", "", v)
            if len(digits) == 11 and digits.startswith("1"):
                digits = digits[1:]
            if len(digits) == 10:
                return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", None
            return None, f"{_quoted(v)} is not a 10-digit phone number."
        if column == "language":
            if not re.fullmatch(r"[^\d@]{2,40}", v):
                return None, f"{_quoted(v)} is not a language."
            return _LANGUAGES.get(v.lower(), v.capitalize()), None
        if column == "hours_per_week":
            n = _number(v)
            if n is None or not 1 <= n <= 80:
                return None, f"{_quoted(v)} is not a number of hours between 1 and 80."
            return (int(n) if n.is_integer() else round(n, 2)), None
        if column == "hourly_rate":
            n = _number(v)
            if n is None or not 0 < n < 1000:
                return None, f"{_quoted(v)} is not an hourly rate in dollars (like 31.25)."
            return round(n, 2), None
        if column == "full_part_time":
            got = _FULL_PART.get(v.lower())
            return (got, None) if got else (None, f'{_quoted(v)}: write "full" or "part".')
        if column == "permanent_casual":
            got = _TENURE.get(v.lower())
            return (got, None) if got else (None, f'{_quoted(v)}: write "permanent", "casual", "temporary" or "seasonal".')
        return v, None  # pragma: no cover - every column is listed above


def read_roster(text: str, directory: Directory, *, today: date | None = None) -> RosterFile:
    """Every row of HR's CSV export, checked against the directory (see the module doc)."""
    out = RosterFile()
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        out.problems.append(Problem(1, "", "the file is empty — the first line names the columns."))
        return out
    keys = [header_key(h) for h in header]
    out.ignored = [h for h, k in zip(header, keys, strict=True) if k and k not in COLUMNS]
    keys = [k if k in COLUMNS else "" for k in keys]
    if len(set(k for k in keys if k)) != len([k for k in keys if k]):
        twice = sorted({k for k in keys if k and keys.count(k) > 1})
        out.problems.append(Problem(1, twice[0], "this column is named twice."))
    for column in REQUIRED:
        if column not in keys:
            out.problems.append(Problem(1, column, "this required column is missing."))
    if "work_email" not in keys and "slack_id" not in keys:
        out.problems.append(Problem(1, "work_email", "give a work_email or slack_id column."))
    if out.problems:
        return out
    checker = _Checker(directory, today)
    first_line: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(out.rows) >= MAX_ROWS:
            out.problems.append(Problem(line, "", f"more than {MAX_ROWS} rows."))
            break
        if len(record) != len(keys):
            out.problems.append(Problem(line, "", f"{len(record)} values for {len(keys)} columns."))
            continue
        row: dict[str, Any] = {}
        for key, raw in zip(keys, record, strict=True):
            if not key:
                continue
            if not raw.strip():
                if key in REQUIRED:
                    out.problems.append(Problem(line, key, "is empty; it is required."))
                row.setdefault(key, None)
                continue
            value, problem = checker.check(key, raw)
            if problem:
                out.problems.append(Problem(line, key, problem))
            row[key] = value
        number = row.get("employee_number")
        if number:
            if number in first_line:
                out.problems.append(Problem(line, "employee_number",
                                            f"{_quoted(number)} is already on line {first_line[number]}."))
            first_line.setdefault(number, line)
        if not row.get("work_email") and not row.get("slack_id") and not any(
                p.line == line and p.column in ("work_email", "slack_id") for p in out.problems):
            row["work_email"] = None
        if row.get("hours_per_week") is None and row.get("schedule"):
            hours = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:h|hours?)\b", row["schedule"], re.I)
            if hours and 1 <= float(hours.group(1)) <= 80:
                number = float(hours.group(1))
                row["hours_per_week"] = int(number) if number.is_integer() else number
        birth, hire = row.get("date_of_birth"), row.get("date_of_hire")
        if birth and hire and birth >= hire:
            out.problems.append(Problem(line, "date_of_birth", "is not before the date of hire."))
        out.rows.append({c: row.get(c) for c in COLUMNS})
    return out


def contact_of(row: Mapping[str, Any]) -> str | None:
    """The key a Slack user is matched on: the Slack id, else the work email (lower case)."""
    return row.get("slack_id") or row.get("work_email") or None
