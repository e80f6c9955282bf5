"""`rtwbot metrics --from ... --to ... [--csv FILE]`: the figures without Slack."""

from __future__ import annotations

from pathlib import Path

from rtwbot.clock import SystemClock
from rtwbot.config import ConfigError, Settings
from rtwbot.directory import load_directory
from rtwbot.metrics.export import to_csv
from rtwbot.metrics.report import MetricsWorkflow, headline, parse_period
from rtwbot.store import crypto
from rtwbot.store.db import Database, check_schema


def writable_file(option: str, path: str) -> None:
    """The folder of `path` exists and is a folder, or one line saying what to do."""
    folder = Path(path).expanduser().resolve().parent
    if not folder.is_dir():
        raise ConfigError(f"{option}: the folder {folder} does not exist: create it, or "
                          "give a file in an existing folder.")
    if Path(path).is_dir():
        raise ConfigError(f"{option}: {path} is a folder: give a file name, e.g. "
                          f"{Path(path) / 'metrics.csv'}.")


def run_metrics(settings: Settings, start: str, end: str, csv_file: str | None) -> str:
    settings.require("RTWBOT_ENCRYPTION_KEY")
    if csv_file:
        writable_file("--csv", csv_file)  # before the work, not after it
    crypto.configure(settings.encryption_key or "")
    db = Database(settings.database_url)
    try:
        check_schema(db.engine)
        flow = MetricsWorkflow(db, SystemClock(), settings.work_calendar(),
                               load_directory(settings.directory), lambda ref: None)
        period = parse_period(f"{start} to {end}", flow.today())
        if period is None:
            raise ConfigError(f"--from {start} --to {end} is not a period: give days "
                              "(2025-11-01) or months (2025-11), the first before the last.")
        report = flow.report(period)
    finally:
        db.dispose()
    if csv_file:
        try:
            Path(csv_file).write_text(to_csv(report), encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"--csv: cannot write {csv_file} ({exc.strerror}).") from None
        return headline(report) + f"\nWrote {csv_file}"
    return headline(report)
