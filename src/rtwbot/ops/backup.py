"""Backups an operator can trust: taken while the bot runs, checked before they are restored.

SQLite: the online backup API copies a consistent snapshot of the live database (WAL
included) while the bot goes on writing; what was committed before the backup began is in
it. PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` (the PostgreSQL client
programs; `RTWBOT_PG_BIN` names their folder when they are not on PATH).

Before a restore, and after every backup, the copy is checked: it is an rtwbot database, its
schema is one this version knows, and the configured encryption key opens what it holds
(a backup restored under the wrong key would be a database of unreadable answers).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from rtwbot.config import ConfigError
from rtwbot.store import crypto

# Encrypted values sampled per column when a copy is checked: enough to catch a wrong key.
KEY_SAMPLE = 20


@dataclass(frozen=True)
class Check:
    """What a copy holds, as far as a restore needs to know."""

    revision: str | None
    head: str | None
    tables: int
    rows: int
    encrypted_checked: int

    def lines(self) -> list[str]:
        return [
            f"schema: {self.revision} (this rtwbot's newest: {self.head})",
            f"tables: {self.tables}, rows: {self.rows}",
            f"encrypted values opened with the configured key: {self.encrypted_checked}",
        ]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database or ""
    if not database or database == ":memory:":
        raise ConfigError("RTWBOT_DATABASE_URL: an in-memory database has nothing to back up.")
    return Path(database)


# --- taking a backup ----------------------------------------------------------------------
def backup(url: str, dest: Path, *, force: bool = False) -> Check:
    """Copy the database at `url` to `dest` while the bot runs; returns the copy's check."""
    dest = dest.expanduser()
    if dest.exists() and not force:
        raise ConfigError(f"{dest} already exists: choose a new file, or add --force to "
                          "replace it.")
    if not dest.parent.is_dir():
        raise ConfigError(f"the folder {dest.parent} does not exist: create it first.")
    if is_sqlite(url):
        _sqlite_backup(sqlite_path(url), dest)
        return check_sqlite(dest)
    _pg_dump(url, dest)
    return _pg_list(dest)


def _sqlite_backup(source: Path, dest: Path) -> None:
    if not source.exists():
        raise ConfigError(f"there is no database at {source}: nothing to back up.")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        out = sqlite3.connect(partial)
        try:
            # One step (pages=-1): the copy is one read transaction, a single snapshot.
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        finally:
            out.close()
    finally:
        src.close()
    os.replace(partial, dest)


# --- checking a copy ------------------------------------------------------------------
def check_sqlite(path: Path) -> Check:
    """The copy is an intact SQLite file of rtwbot's, and the configured key opens it."""
    if not path.is_file():
        raise ConfigError(f"{path} is not a file.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            [(state,)] = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{path} is not an SQLite database ({exc}).") from None
    if state != "ok":
        raise ConfigError(f"{path} is damaged (SQLite's check says: {state}).")
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        return _check(engine)
    finally:
        engine.dispose()


def _check(engine: sa.Engine) -> Check:
    from rtwbot.store.keyrotation import encrypted_columns

    names = set(sa.inspect(engine).get_table_names())
    if "alembic_version" not in names:
        raise ConfigError("the copy has no rtwbot schema (no alembic_version table): it is "
                          "not an rtwbot database.")
    with engine.connect() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        rows = sum(conn.execute(sa.select(sa.func.count()).select_from(sa.table(t))).scalar_one()
                   for t in sorted(names - {"alembic_version"}))
        samples: dict[str, list[str]] = {}
        for table, columns in encrypted_columns().items():
            if table not in names:
                continue
            for column in columns:
                col = sa.column(column, sa.Text())
                query = sa.select(col).select_from(sa.table(table)).where(col.is_not(None))
                samples[f"{table}.{column}"] = [
                    token for (token,) in conn.execute(query.limit(KEY_SAMPLE))]
    return _judge(revision, len(names) - 1, rows, samples)


def _judge(revision: str | None, tables: int, rows: int,
           samples: dict[str, list[str]]) -> Check:
    """The copy's schema is one this rtwbot knows, and the configured key opens it."""
    from alembic.script import ScriptDirectory

    from rtwbot.store.db import alembic_config

    checked = 0
    for where, tokens in samples.items():
        for token in tokens:
            try:
                crypto.decrypt(token)
            except crypto.KeyError_:
                raise ConfigError(
                    f"the copy's {where} cannot be opened with RTWBOT_ENCRYPTION_KEY: set the "
                    "key(s) the backup was taken with (newest first).") from None
            checked += 1
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    if revision not in {rev.revision for rev in script.walk_revisions()}:
        raise ConfigError(f"the copy's schema ({revision}) is not one this rtwbot knows: "
                          "restore it with the rtwbot version that took it.")
    return Check(revision, head, tables, rows, checked)


# --- restoring ------------------------------------------------------------------------
def restore(url: str, source: Path, *, force: bool = False) -> Check:
    """Replace the database at `url` with the backup at `source`, once the backup checks
    out (schema known, key right). The bot must be stopped first."""
    source = source.expanduser()
    if not source.exists():
        raise ConfigError(f"{source} does not exist.")
    if is_sqlite(url):
        check = check_sqlite(source)
        target = sqlite_path(url)
        if _has_data(url) and not force:
            raise ConfigError(f"{target} already holds an rtwbot database: stop the bot, then "
                              "run again with --force to replace it.")
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(source, partial)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)
        return check
    _pg_list(source)
    if _has_data(url) and not force:
        raise ConfigError("the database already holds rtwbot's tables: stop the bot, then run "
                          "again with --force to replace them.")
    _pg_restore(url, source)
    engine = sa.create_engine(url)
    try:
        return _check(engine)
    finally:
        engine.dispose()


def _has_data(url: str) -> bool:
    if is_sqlite(url) and not sqlite_path(url).exists():
        return False
    engine = sa.create_engine(url)
    try:
        return "alembic_version" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


# --- PostgreSQL's own tools -------------------------------------------------------------
def pg_tool(name: str) -> str:
    folder = os.environ.get("RTWBOT_PG_BIN")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).exists():
        raise ConfigError(f"{name} is not installed: install the PostgreSQL client programs "
                          "(e.g. the postgresql-client package), or set RTWBOT_PG_BIN to their "
                          "folder; see docs/deploy.md.")
    return found


def libpq_url(url: str) -> str:
    """SQLAlchemy's URL as libpq reads it (no +driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(args: list[str], what: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["failed"])[0][:300]
        raise ConfigError(f"{what} failed: {first}")
    return done.stdout


def _pg_dump(url: str, dest: Path) -> None:
    partial = dest.with_name(dest.name + ".partial")
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
          f"--dbname={libpq_url(url)}"], "pg_dump")
    os.replace(partial, dest)


def _pg_list(path: Path) -> Check:
    """A custom-format dump of rtwbot's, checked like a SQLite copy: its schema revision and
    a sample of its encrypted values, read with pg_restore before anything is replaced."""
    from rtwbot.store.keyrotation import encrypted_columns

    listing = _run([pg_tool("pg_restore"), "--list", str(path)], "reading the dump")
    tables = {line.split()[-2] for line in listing.splitlines() if " TABLE DATA " in line}
    if "alembic_version" not in tables:
        raise ConfigError(f"{path} is not a dump of an rtwbot database.")
    unknown: list[dict[str, str | None]] = [{"version_num": None}]
    [version] = _copy_rows(path, "alembic_version", 1) or unknown
    samples: dict[str, list[str]] = {}
    for table, columns in encrypted_columns().items():
        if table in tables:
            found = _copy_rows(path, table, KEY_SAMPLE)
            for column in columns:
                samples[f"{table}.{column}"] = [r[column] for r in found if r.get(column)]
    return _judge(version["version_num"], len(tables) - 1, 0, samples)


def _copy_rows(path: Path, table: str, limit: int) -> list[dict[str, str]]:
    """The first rows of `table` in the dump (pg_restore writes its COPY block as text)."""
    text = _run([pg_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-",
                 str(path)], "reading the dump")
    rows: list[dict[str, str]] = []
    columns: list[str] = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            columns = [c.strip().strip('"') for c in
                       line.partition("(")[2].partition(")")[0].split(",")]
        elif columns and line != "\\.":
            values = line.split("\t")
            rows.append({c: v for c, v in zip(columns, values, strict=False) if v != "\\N"})
            if len(rows) >= limit:
                break
        elif columns:
            break
    return rows


def _pg_restore(url: str, path: Path) -> None:
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={libpq_url(url)}", str(path)], "pg_restore")
