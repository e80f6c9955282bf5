"""`rtwbot roster import FILE.csv`: load HR's employee export (see rtwbot.roster for the
columns). Every bad value is reported with its line and column, and nothing is imported
until the file is clean; importing again updates the rows in place."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def roster() -> None:
    """HR's employee roster."""


def _import_help() -> str:
    import textwrap

    from rtwbot.roster import COLUMNS, REQUIRED

    optional = [c for c in COLUMNS if c not in REQUIRED]

    def block(text: str) -> str:  # \b: click keeps these lines as they are
        return "\b\n" + "\n".join(textwrap.wrap(text, 88, break_on_hyphens=False))

    return "\n\n".join([
        "Check FILE.csv against the directory and import it (all or nothing).",
        "The first line names the columns (case, spaces and dashes do not matter):",
        block(f"required: {', '.join(REQUIRED)}"),
        block(f"optional: {', '.join(optional)}"),
        block("Dates are written 2015-06-01. Every bad value is named by line and column, "
              "and nothing is imported until the file is clean; importing again updates the "
              "rows in place."),
    ])


@roster.command("import", help=_import_help(),
                short_help="Check HR's employee export and import it (all or nothing).")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    from rtwbot.clock import SystemClock
    from rtwbot.config import load_settings
    from rtwbot.directory import load_directory
    from rtwbot.store import crypto
    from rtwbot.store.db import Database, check_schema
    from rtwbot.workflow.roster import import_roster

    cfg = load_settings()
    cfg.require("RTWBOT_ENCRYPTION_KEY")
    crypto.configure(cfg.encryption_key or "")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"Cannot read {path.name}: {type(exc).__name__}") from None
    db = Database(cfg.database_url)
    try:
        check_schema(db.engine)
        result = import_roster(db, load_directory(cfg.directory), text, SystemClock().now())
    finally:
        db.dispose()
    for line in result.lines():
        click.echo(line)
    if not result.ok:
        sys.exit(1)
