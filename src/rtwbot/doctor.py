"""`rtwbot doctor`: every start-up check in one run, as a table — settings, database, schema,
Slack token and scopes, directory, roster. Exit code 0 when all is well, 2 otherwise."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from rtwbot.config import ConfigError, Settings, load_settings

# The bot scopes manifest.yml asks for (a test keeps the two equal).
REQUIRED_SCOPES = frozenset({
    "app_mentions:read", "channels:read", "chat:write", "commands", "files:read", "files:write",
    "groups:history", "groups:read", "groups:write", "im:history", "im:read", "im:write",
    "pins:write", "users:read", "users:read.email",
})
OK, PROBLEM, SKIPPED, NOTE = "ok", "PROBLEM", "skipped", "note"


@dataclass
class Row:
    check: str
    result: str
    detail: str


def _try(check: str, run: Callable[[], str]) -> list[Row]:
    try:
        return [Row(check, OK, run())]
    except ConfigError as exc:
        return [Row(check, PROBLEM, line.removeprefix("rtwbot: "))
                for line in str(exc).splitlines()]


def diagnose(env: dict[str, str] | None = None) -> list[Row]:
    """The checks, in order; a later check is skipped when what it needs failed."""
    rows: list[Row] = []
    settings: Settings | None = None
    try:
        settings = load_settings(**(env or {}))
        settings.require("SLACK_BOT_TOKEN", "RTWBOT_ENCRYPTION_KEY")
        rows.append(Row("settings", OK, "every required setting is set and valid"))
    except ConfigError as exc:
        rows += [Row("settings", PROBLEM, line) for line in str(exc).splitlines()]
    if settings is None:
        return rows + [Row(c, SKIPPED, "needs valid settings") for c in
                       ("database", "schema", "slack token", "slack scopes", "directory",
                        "roster")]
    rows += _database_rows(settings)
    rows += _slack_rows(settings)
    rows += _try("directory", lambda: _directory(settings))
    rows += _roster_rows(settings)
    return rows


def _database_rows(settings: Settings) -> list[Row]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from rtwbot.preflight import check_database_url, describe_database_error, open_database
    from rtwbot.store.db import current_revision, head_revision

    url = settings.database_url
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        check_database_url(url)  # its driver is installed; a SQLite file's folder exists
    except ConfigError as exc:
        return [Row("database", PROBLEM, str(exc)), Row("schema", SKIPPED, "needs a database")]
    if url.startswith("sqlite") and (path := make_url(url).database) and path != ":memory:" \
            and not Path(path).exists():
        return [Row("database", PROBLEM, f"there is no database at {path} yet: run "
                                         "`rtwbot db upgrade` to create it."),
                Row("schema", SKIPPED, "needs a database")]
    try:
        db = open_database(url)
    except ConfigError as exc:
        return [Row("database", PROBLEM, str(exc)), Row("schema", SKIPPED, "needs a database")]
    try:
        rows = [Row("database", OK, f"opened {db.engine.url.render_as_string(hide_password=True)}")]
        current, head = current_revision(db.engine), head_revision(url)
        if current == head:
            rows.append(Row("schema", OK, f"at the newest migration ({head})"))
        else:
            state = "has no rtwbot tables" if current is None else f"is at {current}, not {head}"
            rows.append(Row("schema", PROBLEM, f"the database {state}: run `rtwbot db upgrade`."))
        return rows
    except SQLAlchemyError as exc:
        return [Row("database", PROBLEM, describe_database_error(exc, url))]
    finally:
        db.dispose()


def _slack_rows(settings: Settings) -> list[Row]:
    from rtwbot.preflight import slack_identity

    if not settings.slack_bot_token:
        return [Row("slack token", SKIPPED, "SLACK_BOT_TOKEN is not set"),
                Row("slack scopes", SKIPPED, "needs the token")]
    try:
        who = slack_identity(settings)
    except ConfigError as exc:
        return [Row("slack token", PROBLEM, str(exc)),
                Row("slack scopes", SKIPPED, "needs an accepted token")]
    rows = [Row("slack token", OK, f"accepted: the bot is @{who.get('user')} in "
                                   f"{who.get('team')}")]
    scopes = who.get("scopes")
    if scopes is None:
        rows.append(Row("slack scopes", NOTE, "Slack did not list the token's scopes; compare "
                                              "OAuth & Permissions with manifest.yml"))
    elif missing := sorted(REQUIRED_SCOPES - scopes):
        rows.append(Row("slack scopes", PROBLEM, f"missing {', '.join(missing)}: add them under "
                                                 "OAuth & Permissions and reinstall the app."))
    else:
        rows.append(Row("slack scopes", OK, "every scope in manifest.yml is granted"))
    return rows


def _directory(settings: Settings) -> str:
    from rtwbot.directory import load_directory

    if not settings.directory:
        raise ConfigError("RTWBOT_DIRECTORY is not set: point it at a directory YAML file "
                          "(see directory.example.yaml); without it no team can be formed.")
    directory = load_directory(settings.directory)
    if not directory.hr and not any(d.hr_reps for d in directory.divisions):
        raise ConfigError(f"RTWBOT_DIRECTORY: {settings.directory} names no HR contact (`hr:` "
                          "or a division's `hr_reps`): no case could reach HR; see "
                          "directory.example.yaml.")
    return (f"{len(directory.divisions)} division(s), {len(directory.bargaining_units)} "
            "bargaining unit(s); `rtwbot directory check` asks Slack about each person")


def _roster_rows(settings: Settings) -> list[Row]:
    """HR's roster: a CSV export named by RTWBOT_ROSTER is checked the way `rtwbot roster
    import` would check it (nothing is imported); without one, the roster already imported
    into the database is counted."""
    path = getattr(settings, "roster", None) or os.environ.get("RTWBOT_ROSTER")
    if path:
        return _try("roster", lambda: _roster_file(settings, path))
    return _try("roster", lambda: _stored_roster(settings))


def _roster_file(settings: Settings, path: str) -> str:
    from rtwbot.directory import load_directory
    from rtwbot.roster import read_roster

    if not Path(path).is_file():
        raise ConfigError(f"RTWBOT_ROSTER names {path}, which is not a file.")
    if not settings.directory:
        raise ConfigError("RTWBOT_ROSTER is checked against the directory: set "
                          "RTWBOT_DIRECTORY too.")
    checked = read_roster(Path(path).read_text(encoding="utf-8-sig"),
                          load_directory(settings.directory))
    if not checked.ok:
        raise ConfigError("\n".join([f"{path}: {p}" for p in checked.problems[:5]] + (
            [f"{path}: … and {len(checked.problems) - 5} more"]
            if len(checked.problems) > 5 else [])))
    return (f"{path}: {len(checked.rows)} employee(s), every line is clean; "
            f"`rtwbot roster import {path}` loads it")


def _stored_roster(settings: Settings) -> str:
    from sqlalchemy import func, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from rtwbot.store.db import Database
    from rtwbot.store.roster_models import RosterEmployee

    url = settings.database_url
    if url.startswith("sqlite") and (db_path := make_url(url).database) \
            and db_path != ":memory:" and not Path(db_path).exists():
        return "needs a database"
    db = Database(url)
    try:
        with db.session() as s:
            count = s.scalar(select(func.count()).select_from(RosterEmployee)) or 0
    except SQLAlchemyError:
        return "not read: the database has no roster table yet (`rtwbot db upgrade`)"
    finally:
        db.dispose()
    if not count:
        return ("none imported: the intake asks for division, job and hours; "
                "`rtwbot roster import FILE.csv` loads HR's export")
    return f"{count} employee(s) imported from HR's export (`rtwbot roster import`)"


def render(rows: list[Row]) -> str:
    width = max(len(r.check) for r in rows)
    lines = [f"{'check'.ljust(width)}  {'result':<8} detail", "-" * (width + 60)]
    lines += [f"{r.check.ljust(width)}  {r.result:<8} {r.detail}" for r in rows]
    return "\n".join(lines)


@click.command()
def doctor() -> None:
    """Check settings, database, schema, Slack token and scopes, directory and roster."""
    rows = diagnose()
    click.echo(render(rows))
    problems = [r for r in rows if r.result == PROBLEM]
    if problems:
        click.echo(f"\n{len(problems)} problem(s) to fix.")
        raise SystemExit(2)
    click.echo("\nAll checks passed.")
