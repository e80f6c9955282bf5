"""Start-up checks an operator can act on: each problem is one line naming the setting and
the fix (the database opens, its driver is installed, Slack answers and takes the token)."""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from rtwbot.config import ConfigError, Settings

# The Python module each PostgreSQL dialect needs, and the extra that installs it.
DRIVERS = {"psycopg": "psycopg", "psycopg2": "psycopg2", "pg8000": "pg8000",
           "asyncpg": "asyncpg"}
REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked",
           "token_expired", "no_permission", "org_login_required", "ekm_access_denied"}


def check_database_url(url: str) -> None:
    """The URL can be opened here: its driver is installed, a SQLite file can be written."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"RTWBOT_DATABASE_URL is invalid (not a database URL: {url.split('@')[-1]!r}): use "
            "sqlite:///rtwbot.db or postgresql+psycopg://user:password@host/dbname.") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgresql":
        module = DRIVERS.get(driver or "psycopg2", driver or "psycopg2")
        if importlib.util.find_spec(module) is None:
            advice = ("install the PostgreSQL extra: pip install 'rtwbot[postgres]'"
                      if module == "psycopg" else
                      "install the PostgreSQL extra (pip install 'rtwbot[postgres]') and use "
                      "a postgresql+psycopg:// URL")
            raise ConfigError(f"RTWBOT_DATABASE_URL needs the Python module {module!r}, which "
                              f"is not installed: {advice}.")
    elif backend == "sqlite":
        _check_sqlite_file(parsed.database or "")


def _check_sqlite_file(database: str) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    folder = path.parent if str(path.parent) else Path(".")
    hint = "point it at a file in a folder rtwbot can write, e.g. sqlite:///rtwbot.db"
    if path.exists():
        if path.is_dir():
            raise ConfigError(f"RTWBOT_DATABASE_URL points at {path}, which is a folder, not a "
                              f"file: {hint}.")
        if not os.access(path, os.R_OK | os.W_OK):
            raise ConfigError(f"RTWBOT_DATABASE_URL points at {path}, which rtwbot may not "
                              f"write: give it write permission, or {hint}.")
        return
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"RTWBOT_DATABASE_URL points into {folder}, which is a file, not a "
                          f"folder: {hint}.")
    if not folder.exists():
        raise ConfigError(f"RTWBOT_DATABASE_URL points into {folder}, which does not exist: "
                          f"create the folder, or {hint}.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"RTWBOT_DATABASE_URL points into {folder}, where rtwbot may not "
                          f"create files: give it write permission, or {hint}.")


def describe_database_error(exc: BaseException, url: str) -> str:
    """One line for a database that would not open or answer."""
    first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0][:200]
    where = url.split("@")[-1]
    return (f"RTWBOT_DATABASE_URL: cannot open the database at {where} ({first}): check the "
            "host, port, database name, user and password, and that the server is running.")


def open_database(url: str):
    """A Database that answered a first query, or ConfigError with one line."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from rtwbot.store.db import Database

    check_database_url(url)
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("select 1"))
    except SQLAlchemyError as exc:
        db.dispose()
        raise ConfigError(describe_database_error(exc, url)) from None
    return db


def slack_identity(settings: Settings, timeout: int = 10) -> dict[str, Any]:
    """auth.test with the bot token: who the bot is and its scopes, or one line saying
    whether Slack could not be reached or refused the token."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    quiet = logging.getLogger("rtwbot.preflight.slack")
    quiet.disabled = True  # the one line below says it; no second line with a timestamp
    client = WebClient(token=settings.slack_bot_token or "", base_url=settings.slack_api_url,
                       timeout=timeout, logger=quiet)
    client.retry_handlers = []  # one try: an operator is waiting for the answer
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = (exc.response.data or {}).get("error", "") if exc.response is not None else ""
        if error in REFUSED:
            raise ConfigError(
                f"SLACK_BOT_TOKEN was refused by Slack ({error}): copy the Bot User OAuth Token "
                "(xoxb-...) again from OAuth & Permissions, and reinstall the app if it was "
                "revoked.") from None
        raise ConfigError(f"Slack answered auth.test with an error ({error or exc}): check "
                          "RTWBOT_SLACK_API_URL and Slack's status page.") from None
    except Exception as exc:  # noqa: BLE001 - URLError, timeouts, DNS: Slack is unreachable
        reason = getattr(exc, "reason", None) or exc
        raise ConfigError(
            f"Slack is unreachable at {settings.slack_api_url} ({reason}): check the network, "
            "proxy and firewall, or RTWBOT_SLACK_API_URL.") from None
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    scopes = headers.get("x-oauth-scopes")
    if isinstance(scopes, list):
        scopes = scopes[0] if scopes else None
    assert isinstance(response.data, dict)  # a JSON method's answer (file downloads are bytes)
    return {**response.data, "scopes": None if scopes is None else
            {s.strip() for s in scopes.split(",") if s.strip()}}


def check_for_serve(settings: Settings, *, slack: bool = True) -> None:
    """Before `serve`: the database opens and is up to date, Slack takes the token (unless
    `slack` is False), the directory loads. Raises ConfigError naming what to fix."""
    from sqlalchemy.exc import SQLAlchemyError

    from rtwbot.directory import load_directory
    from rtwbot.store.db import SchemaOutOfDate, check_schema

    problems: list[str] = []

    def check(run) -> None:
        try:
            run()
        except (ConfigError, SchemaOutOfDate) as exc:
            problems.extend(str(exc).splitlines())

    def database() -> None:
        db = open_database(settings.database_url)
        try:
            check_schema(db.engine)
        except SQLAlchemyError as exc:
            raise ConfigError(describe_database_error(exc, settings.database_url)) from None
        finally:
            db.dispose()

    check(database)
    check(lambda: load_directory(settings.directory))
    if slack:
        check(lambda: slack_identity(settings))
    if problems:
        raise ConfigError("\n".join(problems))  # everything to fix, in one run
