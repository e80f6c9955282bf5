"""`rtwbot backup` while a real server takes a burst of DMs, then `rtwbot restore`: every
event acknowledged before the backup began is in the copy, the copy is checked before it
replaces anything (schema, key), and the restored database serves again."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from rtwbot.cli import main
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto
from rtwbot.store.db import upgrade
from tests.conftest import TEST_KEY
from tests.e2e.served import serve_http

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SENDERS = 6


@pytest.fixture
def pg_tools(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """pg_dump and pg_restore for the PostgreSQL leg (CI names their folder)."""
    if database_url.startswith("postgresql"):
        folder = os.environ.get("RTWBOT_TEST_PG_BIN")
        if folder:
            monkeypatch.setenv("RTWBOT_PG_BIN", folder)


def cli(database_url: str, *args: str, key: str = TEST_KEY):
    return CliRunner().invoke(main, list(args), env={
        "RTWBOT_DATABASE_URL": database_url, "RTWBOT_ENCRYPTION_KEY": key})


def inbox_keys(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.text("SELECT key FROM inbox")).scalars())
    finally:
        engine.dispose()


def test_a_backup_under_load_holds_every_acknowledged_event_and_restores(
        database_url: str, empty_database_url: str, tmp_path: Path, pg_tools) -> None:
    copy = tmp_path / ("rtwbot.dump" if database_url.startswith("postgresql") else "copy.db")
    with Sandbox(signing_secret="backup-secret", bot_token="xoxb-backup",
                 delivery_timeout=20) as sandbox:
        senders = [sandbox.add_user(f"bk{i}", real_name=f"Backup Sender {i}")
                   for i in range(SENDERS)]
        upgrade(database_url)
        acked: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()
        enough = threading.Event()
        with serve_http(sandbox, database_url, tmp_path, RTWBOT_ENCRYPTION_KEY=TEST_KEY):

            def send(user: str) -> None:
                while not stop.is_set():
                    delivery = sandbox.dm(user, "hello")
                    if delivery.status == 200:
                        with lock:
                            acked.append(f"ev:{delivery.event_id}")
                            if len(acked) >= 40:
                                enough.set()

            with ThreadPoolExecutor(SENDERS) as pool:
                for user in senders:
                    pool.submit(send, user)
                assert enough.wait(90), "the burst never got going"
                with lock:
                    before = list(acked)  # acknowledged before the backup began
                taken = cli(database_url, "backup", str(copy))
                with lock:
                    during = len(acked) - len(before)
                stop.set()
        assert taken.exit_code == 0, taken.output
        assert during > 0, "the backup did not run under load"
        assert "opened with the configured key" in taken.output

    if copy.suffix == ".db":
        assert set(before) <= inbox_keys(f"sqlite:///{copy}")
    # The wrong key is refused before anything is replaced.
    wrong = cli(empty_database_url, "restore", str(copy), key=crypto.generate_key())
    assert wrong.exit_code == 2 and "cannot be opened with RTWBOT_ENCRYPTION_KEY" in wrong.output
    assert "alembic_version" not in sa.inspect(sa.create_engine(empty_database_url)) \
        .get_table_names()
    restored = cli(empty_database_url, "restore", str(copy))
    assert restored.exit_code == 0, restored.output
    assert set(before) <= inbox_keys(empty_database_url)
    # Restoring over a database in use needs --force.
    again = cli(empty_database_url, "restore", str(copy))
    assert again.exit_code == 2 and "--force" in again.output
    doctor = CliRunner().invoke(main, ["doctor"], env={
        "RTWBOT_DATABASE_URL": empty_database_url, "RTWBOT_ENCRYPTION_KEY": TEST_KEY,
        "SLACK_BOT_TOKEN": "xoxb-x", "RTWBOT_SLACK_API_URL": "http://127.0.0.1:9/api/"})
    [schema] = [line for line in doctor.output.splitlines() if line.startswith("schema")]
    assert " ok " in schema, doctor.output


def test_a_copy_of_another_program_or_a_newer_schema_is_refused(database_url: str,
                                                                tmp_path: Path) -> None:
    if database_url.startswith("postgresql"):
        pytest.skip("the checks are the same; the SQLite file is the quick way to make one")
    other = tmp_path / "other.db"
    engine = sa.create_engine(f"sqlite:///{other}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    target = f"sqlite:///{tmp_path / 'target.db'}"
    result = cli(target, "restore", str(other))
    assert result.exit_code == 2 and "not an rtwbot database" in result.output

    newer = tmp_path / "newer.db"
    assert cli(database_url, "backup", str(newer)).exit_code == 0
    engine = sa.create_engine(f"sqlite:///{newer}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '20991231_future'"))
    engine.dispose()
    result = cli(target, "restore", str(newer))
    assert result.exit_code == 2 and "not one this rtwbot knows" in result.output
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    result = cli(target, "restore", str(junk))
    assert result.exit_code == 2 and "not an SQLite database" in result.output
