"""`rtwbot retention run [--dry-run]` and the scheduler's daily run: closed cases' records
past the employer's retention schedule are disposed of.

For each case due: its anonymous figures are kept first (rtwbot.metrics.load's record of
it: dates, kind, division — what the committee's reports count, so their numbers do not
change); then, by kind, its rows are deleted — health information, documents (and the
files in Slack), and at the end the case itself with everything about it (every table that
names the case: answers, facts, plans, reminders, threads, the audit of who looked). One
audit row stays for each disposal: what was disposed of, when, under which rule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from rtwbot.domain import retention as rules
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.store.db import Database
from rtwbot.store.models import AuditEvent, Base, Case, Document
from rtwbot.store.retention_models import CaseFigures

log = logging.getLogger(__name__)

ACTOR = "retention"
ACTION = "retention.disposed"
# The tables of each kind that goes before the case (the rest of a case's tables go with it).
KIND_TABLES = {rules.HEALTH: ("functional_info",), rules.DOCUMENTS: ("documents",)}
# Slack's answers that mean the file is already gone.
GONE = frozenset({"file_not_found", "file_deleted"})

DeleteFile = Callable[[str], str | None]  # a Slack file id -> Slack's error, or None if deleted


@dataclass
class Disposal:
    """What is (or, in a dry run, would be) disposed of for one case."""

    case_id: int
    reference: str
    closed_on: date
    kinds: tuple[str, ...]
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    kept_files: list[str] = field(default_factory=list)  # Slack would not delete these

    def line(self, schedule: rules.Schedule) -> str:
        what = "; ".join(schedule.rule(k) for k in self.kinds)
        rows = sum(self.rows.values())
        files = f", {self.files} file(s) in Slack" if self.files else ""
        return (f"{self.reference} (closed {self.closed_on.isoformat()}): {rows} row(s)"
                f"{files} — {what}")


def case_tables() -> list[sa.Table]:
    """Every table that names a case, in the order their rows can be deleted."""
    found = [t for t in Base.metadata.sorted_tables
             if "case_id" in t.c and t.name != CaseFigures.__tablename__]
    return list(reversed(found))


def _tables_of(kind: str) -> list[sa.Table]:
    tables = case_tables()
    if kind == rules.CASE:
        return tables
    return [t for t in tables if t.name in KIND_TABLES[kind]]


def due(db: Database, schedule: rules.Schedule, today: date, cal: WorkCalendar) -> list[Disposal]:
    """The closed cases with records due for disposal today, and what of them (a dry run)."""
    out = []
    with db.session() as s:
        done = {cid: frozenset(k for k in kinds.split(",") if k)
                for cid, kinds in s.execute(sa.select(CaseFigures.case_id, CaseFigures.disposed))}
        # Only cases closed long enough ago that some kind may be due (the closed_at index).
        soonest = min(schedule.years(k) for k in rules.KINDS)
        cutoff = datetime.combine(rules.add_years(today, -soonest) + timedelta(days=1), time.min,
                                  tzinfo=cal.tz)
        rows = s.execute(sa.select(Case.id, Case.reference, Case.closed_at)
                         .where(Case.closed_at.is_not(None), Case.closed_at < cutoff)
                         .order_by(Case.closed_at)).all()
        for case_id, reference, closed_at in rows:
            assert closed_at is not None  # the query reads closed cases only
            closed_on = cal.local_date(closed_at)
            kinds = rules.due_kinds(closed_on, today, schedule, done.get(case_id, frozenset()))
            if not kinds:
                continue
            disposal = Disposal(case_id, reference, closed_on, kinds)
            for kind in kinds:
                for table in _tables_of(kind):
                    n = s.scalar(sa.select(sa.func.count()).select_from(table)
                                 .where(table.c.case_id == case_id)) or 0
                    if n:
                        disposal.rows[table.name] = disposal.rows.get(table.name, 0) + n
            if rules.CASE in kinds:
                disposal.rows["cases"] = 1
            if rules.DOCUMENTS in kinds:
                disposal.files = s.scalar(sa.select(sa.func.count(Document.id)).where(
                    Document.case_id == case_id, Document.slack_file_id.is_not(None))) or 0
            out.append(disposal)
    return out


def run(db: Database, schedule: rules.Schedule, now: datetime, cal: WorkCalendar,
        delete_file: DeleteFile) -> list[Disposal]:
    """Dispose of what is due; returns what was disposed of."""
    done = []
    for disposal in due(db, schedule, cal.local_date(now), cal):
        try:
            done.append(_dispose(db, disposal, schedule, now, cal, delete_file))
        except Exception:  # noqa: BLE001 - one case's failure must not stop the others
            log.exception("Retention: disposing of case #%s failed", disposal.case_id)
    return done


def _dispose(db: Database, d: Disposal, schedule: rules.Schedule, now: datetime,
             cal: WorkCalendar, delete_file: DeleteFile) -> Disposal:
    _keep_figures(db, d.case_id, now, cal)
    kinds = list(d.kinds)
    if rules.DOCUMENTS in kinds:
        d.kept_files = _delete_files(db, d.case_id, delete_file)
        if d.kept_files:
            # The records of files Slack still holds stay, so the next run tries again.
            kinds = [k for k in kinds if k not in (rules.DOCUMENTS, rules.CASE)]
            log.warning("Retention: Slack kept %s file(s) of case #%s; trying again next run",
                        len(d.kept_files), d.case_id)
    with db.session() as s:
        for kind in kinds:
            if kind == rules.DOCUMENTS:
                _detach_documents(s, d.case_id)
            for table in _tables_of(kind):
                s.execute(sa.delete(table).where(table.c.case_id == d.case_id))
        if rules.CASE in kinds:
            s.execute(sa.delete(Case.__table__).where(Case.id == d.case_id))
        figures = s.get(CaseFigures, d.case_id)
        assert figures is not None
        figures.disposed = ",".join(sorted({*filter(None, figures.disposed.split(",")), *kinds}))
        s.add(AuditEvent(
            at=now, actor=ACTOR, action=ACTION,
            case_id=None if rules.CASE in kinds else d.case_id,
            detail={"reference": d.reference, "closed_on": d.closed_on.isoformat(),
                    "kinds": kinds, "rules": [schedule.rule(k) for k in kinds],
                    "rows": d.rows, "files_deleted": d.files - len(d.kept_files)}))
    d.kinds = tuple(kinds)
    return d


def _keep_figures(db: Database, case_id: int, now: datetime, cal: WorkCalendar) -> None:
    """The case's anonymous figures, kept once, before anything of it is deleted."""
    from rtwbot.metrics.figures import Period
    from rtwbot.metrics.load import load_records, record_to_json
    from rtwbot.store.nudge_models import Nudge

    with db.session() as s:
        if s.get(CaseFigures, case_id) is not None:
            return
        filed_at, closed_at = s.execute(sa.select(Case.filed_at, Case.closed_at)
                                        .where(Case.id == case_id)).one()
        everything = Period(date(1900, 1, 1), cal.local_date(now))
        [record], _ = load_records(s, everything, cal, now, case_ids=[case_id])
        reminders = [[cal.local_date(created).isoformat(), parent is not None]
                     for created, parent in s.execute(
                         sa.select(Nudge.created_at, Nudge.parent_id)
                         .where(Nudge.case_id == case_id))]
        s.add(CaseFigures(case_id=case_id, filed_at=filed_at, closed_at=closed_at,
                          record=record_to_json(record), reminders=reminders, disposed="",
                          disposed_at=now))


def _delete_files(db: Database, case_id: int, delete_file: DeleteFile) -> list[str]:
    """Ask Slack to delete the case's files; the ids Slack would not delete."""
    with db.session() as s:
        ids = [i for i in s.scalars(sa.select(Document.slack_file_id).where(
            Document.case_id == case_id, Document.slack_file_id.is_not(None))) if i is not None]
    kept = []
    for file_id in ids:
        error = delete_file(file_id)
        if error and error not in GONE:
            kept.append(file_id)
    return kept


def _detach_documents(s: Session, case_id: int) -> None:
    """Rows that point at the case's documents and outlive them forget the link."""
    doc_ids = sa.select(Document.id).where(Document.case_id == case_id)
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == Document.__tablename__ and fk.parent.nullable:
                s.execute(sa.update(table).where(fk.parent.in_(doc_ids))
                          .values({fk.parent.name: None}))


def slack_deleter(client) -> DeleteFile:
    """`files.delete` through a WebClient: Slack's error code, or None once deleted."""
    from slack_sdk.errors import SlackApiError

    def delete(file_id: str) -> str | None:
        try:
            client.files_delete(file=file_id)
        except SlackApiError as exc:
            return str((exc.response.data or {}).get("error") or "error")
        return None

    return delete


# The daily run: the first tick after this local hour, once a day across every process.
RUN_HOUR = 2
LEASE = timedelta(hours=1)


class DailyRun:
    """The scheduler's part: once a day, claimed in the database so one process runs it.
    Nothing is written (not even the claim) on a day when nothing is due."""

    def __init__(self, db: Database, clock, calendar: WorkCalendar,
                 schedule: Callable[[], rules.Schedule], delete_file: DeleteFile, worker: str):
        self.db, self.clock, self.calendar = db, clock, calendar
        self.schedule, self.delete_file, self.worker = schedule, delete_file, worker
        self.checked: date | None = None  # this process looked today (the claim decides)

    def tick(self) -> list[Disposal] | None:
        from rtwbot.store import scheduled
        from rtwbot.store.report_models import SENT

        now = self.clock.now()
        local = now.astimezone(self.calendar.tz)
        if local.hour < RUN_HOUR or self.checked == local.date():
            return None
        self.checked = local.date()
        schedule = self.schedule()
        if not due(self.db, schedule, local.date(), self.calendar):
            return None
        key = f"retention:{local.date().isoformat()}"
        if not scheduled.claim(self.db, key, self.worker, now, LEASE):
            return None
        done = run(self.db, schedule, now, self.calendar, self.delete_file)
        with self.db.session() as s:
            scheduled.finish(s, key, self.worker, state=SENT, sent_at=self.clock.now(),
                             updated_at=self.clock.now())
        log.info("Retention: disposed of the records of %s case(s)", len(done))
        return done
