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


@click.group("retention", short_help="Dispose of closed cases' records past the schedule.")
def retention() -> None:
    """Closed cases' records past the retention schedule (the directory's `retention:`)."""


@retention.command("run", short_help="Dispose of what is due (--dry-run lists it first).")
@click.option("--dry-run", is_flag=True, help="List what is due; dispose of nothing.")
def retention_run(dry_run: bool) -> None:
    """Dispose of the records of closed cases past the schedule (the directory's
    `retention:`, years after a case closed): health information, documents and the files
    in Slack, then the case itself. The committee's figures stay, anonymous; an audit row
    says what was disposed of and under which rule."""
    from rtwbot.clock import SystemClock
    from rtwbot.directory import load_directory
    from rtwbot.ops import retention as ops
    from rtwbot.store.db import Database, check_schema

    cfg = _settings_with_key()
    schedule = load_directory(cfg.directory).retention.schedule()
    cal = cfg.work_calendar()
    now = SystemClock().now()
    db = Database(cfg.database_url)
    try:
        check_schema(db.engine)
        if dry_run:
            due = ops.due(db, schedule, cal.local_date(now), cal)
            click.echo(f"{len(due)} case(s) with records due for disposal (dry run: nothing "
                       "was disposed of).")
        else:
            from rtwbot.preflight import slack_identity
            from rtwbot.slack.gateway import make_client

            cfg.require("SLACK_BOT_TOKEN")
            slack_identity(cfg)  # the files go from Slack too: it must answer first
            client = make_client(cfg.slack_bot_token or "", cfg.slack_api_url, SystemClock())
            due = ops.run(db, schedule, now, cal, ops.slack_deleter(client))
            click.echo(f"Disposed of the records of {len(due)} case(s).")
    finally:
        db.dispose()
    for disposal in due:
        click.echo(f"  {disposal.line(schedule)}")
        if disposal.kept_files:
            click.echo(f"    Slack kept {len(disposal.kept_files)} file(s): tried again next run")


@click.command("export", short_help="Everything held about one person, for an access request.")
@click.option("--employee", "employee", required=True,
              help="The person's employee number, or their Slack user id (U...).")
@click.option("--out", type=click.Path(path_type=Path),
              help="The archive to write (default: rtwbot-export-ID-DATE.zip here).")
@click.option("--no-files", is_flag=True, help="Leave out the forms' files (no Slack calls).")
def export_command(employee: str, out: Path | None, no_files: bool) -> None:
    """Write one archive with everything rtwbot holds about a person — the roster's row,
    each case with every row that names it (answers and health information decrypted, the
    audit of who looked), what the bot said to them and what they sent, the forms' files —
    for HR to review before release (an access request). The export is audited."""
    import getpass

    from rtwbot.clock import SystemClock
    from rtwbot.ops.export import export
    from rtwbot.store.db import Database, check_schema

    cfg = _settings_with_key()
    now = SystemClock().now()
    safe = "".join(ch for ch in employee if ch.isalnum() or ch in "-_")[:40] or "person"
    out = out or Path(f"rtwbot-export-{safe}-{now.date().isoformat()}.zip")
    fetch = None
    if not no_files and cfg.slack_bot_token:
        from rtwbot.slack.file_fetcher import SlackFileFetcher
        from rtwbot.slack.gateway import make_client

        client = make_client(cfg.slack_bot_token, cfg.slack_api_url, SystemClock())
        fetcher = SlackFileFetcher(client, cfg.slack_bot_token, cfg.slack_api_url)

        def fetch(file_id: str) -> bytes | None:
            from rtwbot.ops.export import MAX_FILE_BYTES

            content = fetcher(file_id, MAX_FILE_BYTES)
            return content if content is not None and len(content) <= MAX_FILE_BYTES else None
    db = Database(cfg.database_url)
    try:
        check_schema(db.engine)
        result = export(db, employee, out, by=f"operator:{getpass.getuser()}", now=now,
                        fetch=fetch)
    finally:
        db.dispose()
    click.echo(f"Wrote {result.path}: {len(result.cases)} case(s), {result.files} file(s).")
    if result.files_missing:
        click.echo(f"  {len(result.files_missing)} file(s) not included (see README.txt).")
    click.echo("  For HR to review before release: it can hold other people's words and names.")
