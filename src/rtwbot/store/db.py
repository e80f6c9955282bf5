"""Engine, sessions and the schema version check (Alembic is the only way to change it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
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
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") \
                    and getattr(node, "value", None) is not None:
                try:
                    found[target.id] = ast.literal_eval(node.value)
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
