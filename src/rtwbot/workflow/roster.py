"""HR's roster in the store: import a checked export, and find an employee in it.

``import_roster`` stores nothing unless every line is clean, and updates a row in place
when its employee number is already there. ``RosterBook`` finds an employee by Slack id,
work email, employee number or name; what it returns is personal data: callers show the
work facts (division, job, unit, hours, rate) to the reporting supervisor, and the
personal ones only to HR and in the employer's report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from rtwbot.directory import Directory
from rtwbot.roster import COLUMNS, Problem, contact_of, read_roster
from rtwbot.store import cases as store
from rtwbot.store.db import Database
from rtwbot.store.roster_models import RosterEmployee


@dataclass(frozen=True)
class ImportResult:
    problems: tuple[Problem, ...] = ()
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems] + [
                f"Nothing was imported: fix the {len(self.problems)} problem(s) above and "
                "import the file again."]
        lines = [f"Imported the roster: {self.added} added, {self.updated} updated, "
                 f"{self.unchanged} unchanged."]
        if self.ignored:
            lines.append(f"Columns not used: {', '.join(self.ignored)}.")
        return lines


def import_roster(db: Database, directory: Directory, text: str, now: datetime) -> ImportResult:
    checked = read_roster(text, directory, today=now.date())
    if not checked.ok:
        return ImportResult(problems=tuple(checked.problems))
    added = updated = unchanged = 0
    with db.session() as s:
        existing = {r.employee_number: r for r in s.scalars(select(RosterEmployee))}
        for row in checked.rows:
            number = row["employee_number"]
            contact = contact_of(row)
            current = existing.get(number)
            if current is None:
                s.add(RosterEmployee(employee_number=number, contact=contact, record=row,
                                     imported_at=now, updated_at=now))
                added += 1
            elif current.record != row or current.contact != contact:
                current.record, current.contact, current.updated_at = row, contact, now
                updated += 1
            else:
                unchanged += 1
        store.audit(s, at=now, actor="rtwbot", action="roster.imported", added=added,
                    updated=updated, unchanged=unchanged)
    return ImportResult(added=added, updated=updated, unchanged=unchanged,
                        ignored=tuple(checked.ignored))


def _name_key(name: str) -> str:
    return " ".join(name.replace(",", " ").casefold().split())


class RosterBook:
    """Lookups in the stored roster (each opens its own short session)."""

    def __init__(self, db: Database):
        self.db = db

    def _rows(self, where: Any = None) -> list[dict[str, Any]]:
        with self.db.session() as s:
            q = select(RosterEmployee)
            if where is not None:
                q = q.where(where)
            return [dict(r.record or {}) for r in s.scalars(q)]

    def all(self) -> list[dict[str, Any]]:
        return self._rows()

    def is_loaded(self) -> bool:
        with self.db.session() as s:
            return s.scalar(select(RosterEmployee.employee_number).limit(1)) is not None

    def by_number(self, number: str | None) -> dict[str, Any] | None:
        if not number:
            return None
        rows = self._rows(RosterEmployee.employee_number == number.strip().lstrip("#"))
        return rows[0] if rows else None

    def by_contact(self, user_id: str | None, email: str | None = None) -> dict[str, Any] | None:
        for key in (user_id, (email or "").lower() or None):
            if key:
                rows = self._rows(RosterEmployee.contact == key)
                if rows:
                    return rows[0]
        return None

    def by_name(self, name: str) -> dict[str, Any] | None:
        """The one employee with this name ("Erin Employee" or "Employee, Erin")."""
        wanted = _name_key(name)
        if not wanted:
            return None
        reversed_ = " ".join(reversed(wanted.split()))
        found = [r for r in self.all() if _name_key(r.get("name") or "") in (wanted, reversed_)]
        return found[0] if len(found) == 1 else None

    def find(self, person: Mapping[str, Any] | None,
             email_of: Any = None) -> dict[str, Any] | None:
        """The roster row for an intake ``person`` answer (by number, Slack id or email)."""
        if not isinstance(person, Mapping):
            return None
        row = self.by_number(person.get("employee_number"))
        if row is None and person.get("slack_user_id"):
            email = email_of(person["slack_user_id"]) if email_of else None
            row = self.by_contact(person["slack_user_id"], email)
        return row


def blank_row() -> dict[str, Any]:
    return dict.fromkeys(COLUMNS)


_LOOKS_LIKE_NUMBER = re.compile(r"#?\s*[A-Za-z]{0,3}-?[0-9][0-9-]{1,14}")


class RosterLookup:
    """The intake's two questions to the roster (see rtwbot.intake.roster_fill)."""

    def __init__(self, book: RosterBook, resolve_user: Callable[[str], dict[str, Any] | None],
                 resolve_ref: Callable[[str], str | None] | None = None):
        self.book, self.resolve_user, self.resolve_ref = book, resolve_user, resolve_ref

    def _slack_id(self, row: Mapping[str, Any]) -> str | None:
        if row.get("slack_id"):
            return str(row["slack_id"])
        ref = row.get("work_email")
        if ref and self.resolve_ref is not None:
            try:
                return self.resolve_ref(ref)
            except Exception:  # Slack unreachable: the employee is named, not mentioned
                return None
        return None

    def find_employee(self, text: str) -> dict[str, Any] | None:
        """An employee answer for a typed number or name the roster knows."""
        text = text.strip()
        row = (self.book.by_number(text.lstrip("# ")) if _LOOKS_LIKE_NUMBER.fullmatch(text)
               else self.book.by_name(text))
        if row is None:
            return None
        return {"slack_user_id": self._slack_id(row), "name": row.get("name"),
                "employee_number": row.get("employee_number")}

    def has_roster(self) -> bool:
        return self.book.is_loaded()

    def facts_for(self, person: Mapping[str, Any]) -> dict[str, Any] | None:
        def email_of(user_id: str) -> str | None:
            return (self.resolve_user(user_id) or {}).get("email")

        return self.book.find(person, email_of)
