"""Engine, sessions and the schema version check (Alembic is the only way to change it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from rtwbot.store import sqlite_gate

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only by the functions below that change the schema (and by the check
# when the migrations are not plain): a running bot never needs it.

# The migrations ship inside the package (rtwbot/migrations), found wherever it is installed.
MIGRATIONS = Path(str(resources.files("rtwbot") / "migrations"))


class SchemaOutOfDate(Exception):
    """The database is not at the newest migration."""


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={
            "check_same_thread": False, "timeout": 30,
            "factory": sqlite_gate.connection_factory()})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # Write-ahead log: readers never block the writer, and a commit is one append.
            # Without it a burst of 2,000 DMs had a p99 ack of 3 s; with it, about 1 s.
            cur.execute("PRAGMA journal_mode=WAL")
            # synchronous stays FULL: an acked event survives a power cut, not only a crash.
            # Reads through a memory map, not a copy per page into the 2 MB page cache: once
            # the tables outgrow that cache (a year of 10,000 cases is ~20 MB), a report's
            # scans otherwise cost more per case than they do on a small database.
            cur.execute("PRAGMA mmap_size=268435456")
            cur.close()

        sqlite_gate.install(engine)
        _track_writes(engine)
        return engine
    # No ping on every checkout (a round trip per transaction, 9-10 per DM): a connection
    # the server dropped fails its one statement and is replaced (SQLAlchemy invalidates
    # the pool on a disconnect); the delivery or row it served is simply tried again.
    # Connections are recycled before PostgreSQL's or a proxy's idle timeouts close them.
    engine = create_engine(url, pool_pre_ping=False, pool_recycle=1800)
    _track_writes(engine)
    return engine


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_units = threading.local()  # this thread's open unit of work, if any (any Database)


def _track_writes(engine: Engine) -> None:
    """Mark a connection that has written in its transaction: a unit of work that holds
    writes (and so SQLite's write lock, PostgreSQL's row locks) must not wait on Slack."""

    @event.listens_for(engine, "before_cursor_execute")
    def _wrote(conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip()[:7].upper().startswith(_WRITES):
            conn.info["wrote"] = True

    @event.listens_for(engine, "commit")
    def _committed(conn):
        conn.info.pop("wrote", None)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn):
        conn.info.pop("wrote", None)


def holds_unit() -> bool:
    """Whether this thread has a unit of work open."""
    return getattr(_units, "session", None) is not None


def holds_writes() -> bool:
    """Whether this thread's unit of work has written and not yet committed: then a Slack
    call (or a file render) would hold the database's write locks while it waits."""
    unit = getattr(_units, "session", None)
    return unit is not None and bool(unit.connection().info.get("wrote"))


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # '%' would be read as interpolation by configparser.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def head_revision(url: str) -> str | None:
    """The newest migration. Read from the migration files' own `revision` and
    `down_revision` lines, so that the check before every start needs no Alembic (importing
    it costs more CPU than the rest of the check); Alembic answers when a file is not that
    plain or the files have more than one head."""
    heads = plain_heads(MIGRATIONS / "versions")
    if heads is not None and len(heads) == 1:
        return heads[0]
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def plain_heads(versions: Path) -> list[str] | None:
    """The revisions no other migration names as its `down_revision`; None when a file
    does not set both as plain literals (then only Alembic can say)."""
    import ast

    revisions: set[str] = set()
    downs: set[str] = set()
    for path in versions.glob("*.py"):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_bytes()).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(
                node, "target", None)
            value = getattr(node, "value", None)
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") \
                    and value is not None:
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    return None
        revision, down = found.get("revision"), found.get("down_revision", ())
        if not isinstance(revision, str) or "down_revision" not in found:
            return None
        down = (down,) if isinstance(down, str) else () if down is None else down
        if not isinstance(down, tuple | list) or not all(isinstance(d, str) for d in down):
            return None
        revisions.add(revision)
        downs.update(down)
    return sorted(revisions - downs)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at: Alembic's `alembic_version` row, read directly."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = sorted(conn.execute(text("SELECT version_num FROM alembic_version"))
                          .scalars())
    return ",".join(versions) or None  # several rows (branches) never equal one head


def check_schema(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    current, head = current_revision(engine), head_revision(url)
    if current != head:
        state = "has no rtwbot tables" if current is None else f"is at {current}, not {head}"
        raise SchemaOutOfDate(
            f"RTWBOT_DATABASE_URL: the database {state}: run `rtwbot db upgrade` first.")


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE matched (a compare-and-set won when it is 1).
    `Session.execute` is typed as returning a Result; for such a statement it is a
    CursorResult, the only kind that counts rows."""
    assert isinstance(result, CursorResult), type(result)
    return result.rowcount


class Database:
    """One engine and its session factory; `session()` commits or rolls back as a unit."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction; inside a unit of work (`unit`), a savepoint of the unit's one
        transaction: it commits with the unit, or not at all."""
        unit = getattr(_units, "session", None)
        if unit is not None and unit.info.get("db") is self:
            if self._in_transaction(unit):
                with unit.begin_nested():
                    yield unit
                return
            # Nothing written yet (SQLite: no transaction until the first write, so reads
            # never hold an old snapshot): a block that fails undoes the whole unit, which
            # is the same; one that succeeds is flushed, so the next block is a savepoint.
            try:
                yield unit
                unit.flush()
            except BaseException:
                unit.rollback()
                raise
            return
        with self._factory() as s, s.begin():
            yield s

    # --- one unit of work: everything a delivery (or a timer's step) writes, one commit ---
    def open_unit(self) -> Session:
        """Start this thread's unit of work: every `session()` until `close_unit` joins
        its one transaction (as a savepoint: a block that fails is undone alone)."""
        if getattr(_units, "session", None) is not None:
            raise RuntimeError("a unit of work is already open in this thread")
        s = self._factory()
        s.info["db"] = self
        _units.session = s
        return s

    def _in_transaction(self, unit: Session) -> bool:
        """PostgreSQL: always. SQLite (pysqlite) opens its transaction at the first write;
        before it a savepoint would start (and its release commit) one of its own, and
        after a read it would hold an old snapshot that a later write cannot use."""
        if self.engine.dialect.name != "sqlite":
            return True
        dbapi = unit.connection().connection.dbapi_connection
        return bool(dbapi is not None and dbapi.in_transaction)

    def open_unit_session(self) -> Session:
        """This thread's open unit of work's session."""
        s = getattr(_units, "session", None)
        if s is None:
            raise RuntimeError("no unit of work is open in this thread")
        return s

    def close_unit(self, commit: bool) -> None:
        """Commit (or roll back) this thread's unit of work and end it."""
        s = getattr(_units, "session", None)
        _units.session = None
        if s is None:
            return
        try:
            if commit:
                s.commit()
            else:
                s.rollback()
        finally:
            s.close()

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """A unit of work for a block: one commit at its end, nothing if it raises."""
        s = self.open_unit()
        ok = False
        try:
            yield s
            ok = True
        finally:
            self.close_unit(commit=ok)

    def dispose(self) -> None:
        self.engine.dispose()
