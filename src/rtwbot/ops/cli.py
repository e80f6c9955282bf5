"""The operator's commands for keeping rtwbot for years: backup, restore (checked first)."""

from __future__ import annotations

from pathlib import Path

import click


def _settings_with_key():
    from rtwbot.config import load_settings
    from rtwbot.store import crypto

    cfg = load_settings()
    cfg.require("RTWBOT_ENCRYPTION_KEY")
    crypto.configure(cfg.encryption_key or "")
    return cfg


@click.command("backup", short_help="Copy the database while the bot runs, and check the copy.")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def backup_command(path: Path, force: bool) -> None:
    """Copy the database to PATH while the bot runs (SQLite's online backup; pg_dump's
    custom format on PostgreSQL), then check the copy: an rtwbot schema, intact, and opened
    by RTWBOT_ENCRYPTION_KEY. Keep the key apart from the copy: one without the other is
    useless, which is the point."""
    from rtwbot.ops.backup import backup

    cfg = _settings_with_key()
    check = backup(cfg.database_url, path, force=force)
    click.echo(f"Backed up to {path}.")
    for line in check.lines():
        click.echo(f"  {line}")


@click.command("restore", short_help="Replace the database with a checked backup.")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds rtwbot's tables.")
def restore_command(path: Path, force: bool) -> None:
    """Check the backup at PATH (its schema is one this rtwbot knows; RTWBOT_ENCRYPTION_KEY
    opens it), then put it in place of RTWBOT_DATABASE_URL's database. Stop the bot first;
    then `rtwbot db upgrade` (an older backup) and `rtwbot doctor`."""
    from rtwbot.ops.backup import restore

    cfg = _settings_with_key()
    check = restore(cfg.database_url, path, force=force)
    click.echo(f"Restored {path}.")
    for line in check.lines():
        click.echo(f"  {line}")
    if check.revision and check.head and check.revision != check.head:
        click.echo("  The backup's schema is older: run `rtwbot db upgrade` before starting.")
