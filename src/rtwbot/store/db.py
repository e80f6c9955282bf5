"""Engine, sessions and the schema version check (Alembic is the only way to change it)."""

from __future__ import annotations

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

# Alembic is imported only by the functions below (upgrade and the schema check): a running
# bot's workers never need it.

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
        return engine
    # No ping on every checkout (a round trip per transaction, 9-10 per DM): a connection
    # the server dropped fails its one statement and is replaced (SQLAlchemy invalidates
    # the pool on a disconnect); the delivery or row it served is simply tried again.
    # Connections are recycled before PostgreSQL's or a proxy's idle timeouts close them.
    return create_engine(url, pool_pre_ping=False, pool_recycle=1800)


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
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
        with self._factory() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()
