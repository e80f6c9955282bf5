"""Operator mistakes at start-up, as a table: each ends in one line per problem that names
the setting and the fix — never a traceback, never pydantic's internals."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rtwbot.cli import main
from rtwbot.sandbox import Sandbox
from rtwbot.store.crypto import generate_key

KEY = generate_key()
BLANK: dict[str, str | None] = dict.fromkeys(  # unset: the developer's own environment
    ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "RTWBOT_ENCRYPTION_KEY",
     "RTWBOT_DIRECTORY", "RTWBOT_TIMEZONE", "RTWBOT_DATABASE_URL", "RTWBOT_SLACK_API_URL",
     "RTWBOT_WORK_START", "RTWBOT_WORK_END", "RTWBOT_LOG_LEVEL", "RTWBOT_ROSTER",
     "RTWBOT_LOG_FORMAT"])

DIRECTORY_TYPO = """\
employer:
  name: City of Lakeshore
bargaining_units:
  - name: CUPE Local 79
divisions:
  - name: Parks and Recreation
    job_titels: [Gardener]
    bargaining_unit: CUPE Local 97
"""
DIRECTORY_BAD_YAML = "employer:\n  name: City\n divisions: []\n"
DIRECTORY_WRONG_TYPE = "divisions:\n  - name: Parks\n    job_titles: Gardener\n  - name: [Roads]\n"


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def slack() -> Iterator[Sandbox]:
    with Sandbox(signing_secret="s", bot_token="xoxb-right") as sandbox:
        yield sandbox


@pytest.fixture
def ready(tmp_path: Path, slack: Sandbox) -> dict[str, str]:
    """Everything right, so each case can break one thing."""
    from rtwbot.store.db import upgrade

    url = f"sqlite:///{tmp_path / 'ok.db'}"
    upgrade(url)
    directory = tmp_path / "directory.yaml"
    directory.write_text("employer:\n  name: City\nhr: [U0HR]\n")
    return {"SLACK_BOT_TOKEN": "xoxb-right", "SLACK_SIGNING_SECRET": "s",
            "RTWBOT_ENCRYPTION_KEY": KEY, "RTWBOT_DATABASE_URL": url,
            "RTWBOT_DIRECTORY": str(directory), "RTWBOT_SLACK_API_URL": slack.api_url}


def _file(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


# (case, command, env changes (a callable of tmp_path for files), expected in the output)
CASES = [
    ("every missing setting at once", ["serve", "--http"], lambda t: {
        "SLACK_BOT_TOKEN": None, "SLACK_SIGNING_SECRET": None, "RTWBOT_ENCRYPTION_KEY": None},
     ["SLACK_BOT_TOKEN is not set", "SLACK_SIGNING_SECRET is not set",
      "RTWBOT_ENCRYPTION_KEY is not set"]),
    ("socket mode without its token", ["serve"], lambda t: {},
     ["SLACK_APP_TOKEN is not set", "--http"]),
    ("two invalid settings at once", ["db", "upgrade"], lambda t: {
        "RTWBOT_TIMEZONE": "Mars/Olympus", "RTWBOT_DATABASE_URL": "mysql://db/x"},
     ["RTWBOT_TIMEZONE is invalid", "RTWBOT_DATABASE_URL is invalid"]),
    ("a key that is not a Fernet key", ["serve", "--http"], lambda t: {
        "RTWBOT_ENCRYPTION_KEY": "not-a-key"},
     ["RTWBOT_ENCRYPTION_KEY is invalid", "rtwbot keys generate"]),
    ("the second of two keys is bad", ["keys", "rotate"], lambda t: {
        "RTWBOT_ENCRYPTION_KEY": f"{KEY},short"},
     ["RTWBOT_ENCRYPTION_KEY is invalid", "key 2 of 2"]),
    ("a SQLite file in a folder that does not exist", ["db", "upgrade"], lambda t: {
        "RTWBOT_DATABASE_URL": f"sqlite:///{t / 'no' / 'such' / 'rtwbot.db'}"},
     ["RTWBOT_DATABASE_URL points into", "does not exist"]),
    ("a SQLite path under a file", ["serve", "--http"], lambda t: {
        "RTWBOT_DATABASE_URL": f"sqlite:///{_file(t, 'plain.txt', 'x')}/rtwbot.db"},
     ["RTWBOT_DATABASE_URL points into", "is a file, not a folder"]),
    ("a SQLite file that is not a database", ["serve", "--http"], lambda t: {
        "RTWBOT_DATABASE_URL": f"sqlite:///{_file(t, 'junk.db', b'not a database' * 200)}"},
     ["RTWBOT_DATABASE_URL: cannot open the database"]),
    ("a PostgreSQL URL whose driver is not installed", ["db", "upgrade"], lambda t: {
        "RTWBOT_DATABASE_URL": "postgresql+pg8000://u:p@localhost/rtwbot"},
     ["RTWBOT_DATABASE_URL needs the Python module 'pg8000'", "rtwbot[postgres]"]),
    ("Slack unreachable", ["serve", "--http"], lambda t: {
        "RTWBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/"},
     ["Slack is unreachable at", "RTWBOT_SLACK_API_URL"]),
    ("the token refused", ["serve", "--http"], lambda t: {"SLACK_BOT_TOKEN": "xoxb-wrong"},
     ["SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"]),
    ("the directory does not exist", ["serve", "--http"], lambda t: {
        "RTWBOT_DIRECTORY": str(t / "nope.yaml")},
     ["RTWBOT_DIRECTORY is invalid", "does not exist"]),
    ("a directory with a typo and an unknown bargaining unit", ["serve", "--http"], lambda t: {
        "RTWBOT_DIRECTORY": _file(t, "d.yaml", DIRECTORY_TYPO)},
     ["line 7: divisions → 1 → job_titels is not a setting rtwbot knows here — did you mean "
      "'job_titles'?",
      "line 8: divisions → 1 → bargaining_unit names a bargaining unit 'CUPE Local 97'"]),
    ("a directory that is not YAML", ["serve", "--http"], lambda t: {
        "RTWBOT_DIRECTORY": _file(t, "d.yaml", DIRECTORY_BAD_YAML)},
     ["line 3, column 2: this is not valid YAML"]),
    ("a directory with wrong kinds of values", ["serve", "--http"], lambda t: {
        "RTWBOT_DIRECTORY": _file(t, "d.yaml", DIRECTORY_WRONG_TYPE)},
     ["line 3: divisions → 1 → job_titles should be a list",
      "line 4: divisions → 2 → name should be text"]),
    ("the placeholder token of .env.example", ["serve", "--http"], lambda t: {
        "SLACK_BOT_TOKEN": "xoxb-your-bot-token", "SLACK_SIGNING_SECRET": "your-signing-secret"},
     ["SLACK_BOT_TOKEN is invalid (it is the example's placeholder",
      "SLACK_SIGNING_SECRET is invalid (it is the example's placeholder"]),
    ("an empty directory file", ["serve", "--http"], lambda t: {
        "RTWBOT_DIRECTORY": _file(t, "empty.yaml", "# nothing yet\n")},
     ["is empty", "directory.example.yaml"]),
    ("postgres:// is PostgreSQL, not an invalid URL", ["db", "upgrade"], lambda t: {
        "RTWBOT_DATABASE_URL": f"postgres://u:p@127.0.0.1:{closed_port()}/rtwbot"},
     ["RTWBOT_DATABASE_URL: cannot open the database at 127.0.0.1"]),
    ("directory check with the token refused", ["directory", "check"], lambda t: {
        "SLACK_BOT_TOKEN": "xoxb-wrong"},
     ["SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"]),
    ("directory check with Slack unreachable", ["directory", "check"], lambda t: {
        "RTWBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/"},
     ["Slack is unreachable at"]),
    ("nudges run-once with the token refused", ["nudges", "run-once"], lambda t: {
        "SLACK_BOT_TOKEN": "xoxb-wrong"},
     ["SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"]),
    ("nudges run-once with Slack unreachable", ["nudges", "run-once"], lambda t: {
        "RTWBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/"},
     ["Slack is unreachable at"]),
    ("metrics into a folder that does not exist",
     ["metrics", "--from", "2026-01", "--to", "2026-02", "--csv", "/no/such/folder/m.csv"],
     lambda t: {}, ["--csv: the folder /no/such/folder does not exist"]),
    ("a schema not upgraded", ["serve", "--http"], lambda t: {
        "RTWBOT_DATABASE_URL": f"sqlite:///{t / 'fresh.db'}"},
     ["RTWBOT_DATABASE_URL: the database has no rtwbot tables: run `rtwbot db upgrade`"]),
]


@pytest.mark.parametrize(("case", "args", "change", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_an_operator_mistake_is_one_line_per_problem(case, args, change, expected, ready,
                                                     tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    env = {**BLANK, **ready, **change(tmp_path)}
    result = CliRunner().invoke(main, args, env=env)
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and "input_value" not in output
    assert "pydantic" not in output and "ValidationError" not in output
    lines = output.strip().splitlines()
    assert all(line.startswith("rtwbot: ") for line in lines), output
    assert len(lines) == len(set(lines))
    for words in expected:
        assert any(words in line for line in lines), (words, output)
    assert len(lines) <= max(len(expected), 1) + 1, output  # one line per problem


def test_a_missing_postgres_driver_names_the_extra(monkeypatch) -> None:
    import importlib.util

    from rtwbot.config import ConfigError
    from rtwbot.preflight import check_database_url

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "psycopg" else real(name, *a))
    with pytest.raises(ConfigError, match=r"pip install 'rtwbot\[postgres\]'"):
        check_database_url("postgresql+psycopg://u:p@localhost/rtwbot")


def test_doctor_prints_every_check_in_one_table(ready, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["doctor"], env={**BLANK, **ready})
    assert result.exit_code == 0, result.output
    for check in ("settings", "database", "schema", "slack token", "slack scopes",
                  "directory", "roster"):
        assert any(line.startswith(check) for line in result.output.splitlines()), check
    assert "PROBLEM" not in result.output
    assert "All checks passed." in result.output


def test_doctor_reports_all_problems_in_one_run(ready, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {**BLANK, **ready, "SLACK_BOT_TOKEN": "xoxb-wrong",
           "RTWBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
           "RTWBOT_DIRECTORY": _file(tmp_path, "d.yaml", DIRECTORY_TYPO)}
    result = CliRunner().invoke(main, ["doctor"], env=env)
    assert result.exit_code == 2
    problems = [line for line in result.output.splitlines() if "PROBLEM" in line]
    assert any(line.startswith("database") for line in problems)
    assert any(line.startswith("slack token") and "invalid_auth" in line for line in problems)
    assert sum(line.startswith("directory") for line in problems) == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "fresh.db").exists()  # doctor looks; it creates nothing


def test_doctor_knows_the_scopes_the_manifest_asks_for() -> None:
    import yaml

    from rtwbot.doctor import REQUIRED_SCOPES

    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == REQUIRED_SCOPES


def test_doctor_names_the_scopes_the_token_lacks(ready, slack, tmp_path, monkeypatch) -> None:
    from rtwbot.doctor import REQUIRED_SCOPES

    monkeypatch.chdir(tmp_path)
    slack.scopes = REQUIRED_SCOPES - {"files:write", "im:history"}
    try:
        result = CliRunner().invoke(main, ["doctor"], env={**BLANK, **ready})
    finally:
        slack.scopes = None
    assert result.exit_code == 2
    [row] = [line for line in result.output.splitlines() if line.startswith("slack scopes")]
    assert "PROBLEM" in row and "missing files:write, im:history" in row
    slack.scopes = REQUIRED_SCOPES
    try:
        result = CliRunner().invoke(main, ["doctor"], env={**BLANK, **ready})
    finally:
        slack.scopes = None
    [row] = [line for line in result.output.splitlines() if line.startswith("slack scopes")]
    assert " ok " in row


def test_serve_names_every_failing_check_at_once(ready, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {**BLANK, **ready, "SLACK_BOT_TOKEN": "xoxb-wrong",
           "RTWBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
           "RTWBOT_DIRECTORY": _file(tmp_path, "d.yaml", DIRECTORY_BAD_YAML)}
    result = CliRunner().invoke(main, ["serve", "--http"], env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 3, result.output
    assert "rtwbot db upgrade" in lines[0]
    assert "not valid YAML" in lines[1]
    assert "SLACK_BOT_TOKEN was refused" in lines[2]


# (case, env changes, the check that must say PROBLEM, words in its line)
DOCTOR_CASES = [
    ("a SQLite folder that does not exist", lambda t: {
        "RTWBOT_DATABASE_URL": f"sqlite:///{t / 'no' / 'such' / 'rtwbot.db'}"},
     "database", "does not exist"),
    ("an empty directory", lambda t: {"RTWBOT_DIRECTORY": _file(t, "e.yaml", "")},
     "directory", "is empty"),
    ("a directory that names no HR", lambda t: {
        "RTWBOT_DIRECTORY": _file(t, "nohr.yaml", "employer:\n  name: City\n")},
     "directory", "names no HR contact"),
    ("the placeholder token", lambda t: {"SLACK_BOT_TOKEN": "xoxb-your-bot-token"},
     "settings", "placeholder"),
    ("postgres:// with nothing listening", lambda t: {
        "RTWBOT_DATABASE_URL": f"postgres://u:p@127.0.0.1:{closed_port()}/rtwbot"},
     "database", "cannot open the database"),
]


@pytest.mark.parametrize(("case", "change", "check", "words"), DOCTOR_CASES,
                         ids=[c[0] for c in DOCTOR_CASES])
def test_doctor_names_each_problem_on_its_row(case, change, check, words, ready, tmp_path,
                                              monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["doctor"], env={**BLANK, **ready, **change(tmp_path)})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    rows = [line for line in result.output.splitlines() if line.startswith(check)]
    assert any("PROBLEM" in row and words in row for row in rows), result.output


def test_doctor_with_postgres_and_no_driver_says_which_extra(ready, tmp_path,
                                                             monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "psycopg" else real(name, *a))
    monkeypatch.chdir(tmp_path)
    env = {**BLANK, **ready, "RTWBOT_DATABASE_URL": "postgres://u:p@localhost/rtwbot"}
    result = CliRunner().invoke(main, ["doctor"], env=env)
    assert result.exit_code == 2 and "Traceback" not in result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("database")]
    assert "PROBLEM" in row and "rtwbot[postgres]" in row


def test_version_and_whole_help_texts() -> None:
    import click as click_

    from rtwbot import __version__

    assert CliRunner().invoke(main, ["--version"]).output.strip() == f"rtwbot {__version__}"

    def walk(command, path):
        output = CliRunner().invoke(main, [*path, "--help"]).output
        cut = [line for line in output.splitlines()
               if line.rstrip().endswith("...") and not line.startswith("Usage:")]
        assert not cut, (path, cut)  # a description cut mid-sentence
        if isinstance(command, click_.Group):
            ctx = click_.Context(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name])

    walk(main, [])
    from rtwbot.roster import COLUMNS

    roster_help = CliRunner().invoke(main, ["roster", "import", "--help"]).output
    assert all(column in roster_help for column in COLUMNS)


def test_alembic_speaks_only_with_verbose(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in BLANK}
    env["RTWBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'a.db'}"
    rtwbot = [sys.executable, "-m", "rtwbot.cli"]
    quiet = subprocess.run([*rtwbot, "db", "upgrade"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0, quiet.stderr
    assert "Running upgrade" not in quiet.stderr and quiet.stdout.strip() == \
        "The database is up to date."
    env["RTWBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'b.db'}"
    loud = subprocess.run([*rtwbot, "--verbose", "db", "upgrade"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert "Running upgrade" in loud.stderr
