"""`rtwbot export --employee ID`: everything rtwbot holds about one person, in one archive,
for HR to review before release (an access request under MFIPPA or PHIPA).

What goes in: the roster's row about them; each of their cases with every row that names
it (answers and health information decrypted, the audit of who looked and when); what the
bot said to them and what they sent it; the filled forms' records, and the files themselves
when Slack can be reached. The archive is written readable by its owner only, and the
export is itself audited on each case. HR reviews it before release: it can hold other
people's words and names (a supervisor's description, a team member), which the law may
require to be withheld.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from rtwbot.config import ConfigError
from rtwbot.store.db import Database
from rtwbot.store.message_models import InboxRow, OutboxRow
from rtwbot.store.models import AuditEvent, Base, Case, Document

FetchFile = Callable[[str], bytes | None]  # a Slack file id -> its bytes, None if unavailable
MAX_FILE_BYTES = 50 * 1024 * 1024

README = """\
rtwbot — everything held about {who}, exported {when} by {by}.

FOR HR TO REVIEW BEFORE RELEASE. The files below can hold other people's words and names
(a supervisor's description of what happened, team members, HR's notes); the law may
require some of it to be withheld or severed before the person receives it.

person.json           the HR roster's row about the person (if any)
cases/REF/*.json      each case: the case record and every row that names it (the report's
                      answers, facts, health information, plans, reminders, team records,
                      the audit of who looked at it and when)
cases/REF/files/      the filled forms as they were sent, where Slack still holds them
messages_to.json      what rtwbot said to the person (direct messages)
messages_from.json    what the person sent rtwbot, and when (what they typed is kept only until
                      it is handled; their answers to the report are in the case)
{missing}"""


@dataclass
class Export:
    path: Path
    cases: list[str] = field(default_factory=list)
    files: int = 0
    files_missing: list[str] = field(default_factory=list)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _rows(s: Session, table: sa.Table, where) -> list[dict[str, Any]]:
    # Through the table's own column types: encrypted columns come back decrypted.
    return [{k: _plain(v) for k, v in row._mapping.items()}
            for row in s.execute(sa.select(table).where(where))]


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain).encode()


def find_cases(s: Session, employee: str) -> list[Case]:
    key = employee.strip()
    return list(s.scalars(sa.select(Case).where(sa.or_(
        Case.employee_user_id == key, sa.func.upper(Case.employee_number) == key.upper()))
        .order_by(Case.id)))


def export(db: Database, employee: str, out: Path, *, by: str, now: datetime,
           fetch: FetchFile | None) -> Export:
    """Write the archive for `employee` (an employee number or a Slack user id) to `out`."""
    from rtwbot.store.roster_models import RosterEmployee

    if out.exists():
        raise ConfigError(f"{out} already exists: choose another --out.")
    if not out.parent.is_dir():
        raise ConfigError(f"--out: the folder {out.parent} does not exist: create it first.")
    result = Export(out)
    with db.session() as s:
        cases = find_cases(s, employee)
        numbers = {c.employee_number for c in cases if c.employee_number}
        users = {c.employee_user_id for c in cases if c.employee_user_id}
        roster = _rows(s, RosterEmployee.__table__, sa.or_(
            RosterEmployee.employee_number.in_(numbers | {employee.strip()}),
            RosterEmployee.contact.in_(users | {employee.strip()})))
        if not cases and not roster:
            raise ConfigError(f"rtwbot holds nothing about {employee!r}: give an employee "
                              "number or a Slack user id (U...).")
        users |= {r["contact"] for r in roster if str(r.get("contact") or "").startswith("U")}
        if not cases and roster:  # on the roster, with cases under their number only
            cases = find_cases(s, roster[0]["employee_number"])
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("person.json", _json(roster))
            for case in cases:
                folder = f"cases/{case.reference}"
                result.cases.append(case.reference)
                z.writestr(f"{folder}/case.json",
                           _json(_rows(s, Case.__table__, Case.id == case.id)[0]))
                for table in Base.metadata.sorted_tables:
                    if "case_id" in table.c and table.name != "case_figures":
                        z.writestr(f"{folder}/{table.name}.json",
                                   _json(_rows(s, table, table.c.case_id == case.id)))
                for doc in s.scalars(sa.select(Document).where(Document.case_id == case.id)):
                    content = fetch(doc.slack_file_id) if fetch and doc.slack_file_id else None
                    if content is None:
                        result.files_missing.append(f"{case.reference}: {doc.filename}")
                        continue
                    z.writestr(f"{folder}/files/{doc.id}-{Path(doc.filename).name}", content)
                    result.files += 1
            to = [f"user:{u}" for u in users]
            z.writestr("messages_to.json", _json(_rows(
                s, OutboxRow.__table__, OutboxRow.conversation.in_(to))))
            z.writestr("messages_from.json", _json(_rows(
                s, InboxRow.__table__, InboxRow.user_id.in_(users))))
            missing = "".join(f"\nNot included (Slack no longer holds it): {m}"
                              for m in result.files_missing)
            z.writestr("README.txt", README.format(who=employee, when=now.isoformat(
                timespec="minutes"), by=by, missing=missing))
        for case in cases:  # the export is itself a look at the case
            s.add(AuditEvent(at=now, actor=by[:64], action="case.exported", case_id=case.id,
                             detail={"reference": case.reference, "to": out.name}))
    return result
