"""Start-up failures a person can fix end in one line naming the setting — no traceback."""

from __future__ import annotations

from click.testing import CliRunner

from rtwbot.cli import main

BASE = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_SIGNING_SECRET": "",
    "SLACK_APP_TOKEN": "",
    "RTWBOT_ENCRYPTION_KEY": "",
}


def run(args: list[str], **env: str):
    return CliRunner().invoke(main, args, env={**BASE, **env})


def test_http_mode_without_signing_secret_names_it() -> None:
    result = run(["serve", "--http"], SLACK_BOT_TOKEN="xoxb-1")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    # Every missing setting at once (issue 14), one line each: the signing secret first.
    assert len(lines) == 2
    assert lines[0].startswith("rtwbot: SLACK_SIGNING_SECRET is not set")
    assert lines[1].startswith("rtwbot: RTWBOT_ENCRYPTION_KEY is not set")
    assert "Traceback" not in result.output


def test_socket_mode_without_app_token_says_what_to_do() -> None:
    result = run(["serve"], SLACK_BOT_TOKEN="xoxb-1")
    assert result.exit_code == 2
    assert "SLACK_APP_TOKEN is not set" in result.output
    assert "--http" in result.output


def test_an_invalid_time_zone_is_named(tmp_path) -> None:
    result = run(["db", "upgrade"], RTWBOT_TIMEZONE="Mars/Olympus",
                 RTWBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 2
    assert "RTWBOT_TIMEZONE is invalid" in result.output


def test_a_missing_encryption_key_is_named(tmp_path) -> None:
    result = run(["serve", "--http"], SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                 RTWBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 2
    assert "RTWBOT_ENCRYPTION_KEY is not set" in result.output


def test_keys_generate_prints_a_usable_key() -> None:
    from cryptography.fernet import Fernet

    result = run(["keys", "generate"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())


def test_http_mode_on_an_unmigrated_database_says_to_upgrade(tmp_path) -> None:
    from rtwbot.store.crypto import generate_key

    directory = tmp_path / "directory.yaml"
    directory.write_text("hr: []\n")
    result = run(["serve", "--http"], SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                 RTWBOT_ENCRYPTION_KEY=generate_key(), RTWBOT_DIRECTORY=str(directory),
                 RTWBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    # Every problem at once: the schema, and (no Slack here) the Slack check.
    assert lines[0] == ("rtwbot: RTWBOT_DATABASE_URL: the database has no rtwbot tables: "
                        "run `rtwbot db upgrade` first.")
    assert len(lines) == 2 and "Slack" in lines[1]
