"""Key rotation: data written under key A, the ring set to "B,A", rotate — then B alone
reads everything and A alone reads nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from rtwbot.store import crypto
from rtwbot.store.db import Database
from rtwbot.store.keyrotation import encrypted_columns, rotate_all
from rtwbot.store.models import Case, IntakeSession

pytestmark = pytest.mark.store

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
KEY_A = crypto.generate_key()
KEY_B = crypto.generate_key()


@pytest.fixture(autouse=True)
def _restore_ring(monkeypatch: pytest.MonkeyPatch) -> None:
    # The ring is process-wide: whatever these tests configure, the session's test key
    # comes back afterwards for every other test.
    monkeypatch.setattr(crypto, "_ring", crypto.ring())


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def answers(n: int) -> dict:
    return {"description": f"Diagnosis {n}: lumbar disc herniation", "body_parts":
            [{"part": "back", "side": None, "detail": "L4-L5"}], "witnesses": "Sam Lee"}


def add_case(s, n: int) -> Case:
    case = Case(reference=f"RTW-2026-{n:04d}", kind="work_injury", stage="reported",
                employee_user_id=f"UEMP{n}", employee_name=f"Worker {n}", division="Roads",
                job_title="Labourer", supervisor_id="USUP", occurred_at=NOW, learned_at=NOW,
                reportable="reportable", answers=answers(n), filed_at=NOW, updated_at=NOW)
    s.add(case)
    return case


def add_intake(s, n: int) -> IntakeSession:
    row = IntakeSession(supervisor_id="USUP", status="active",
                        state={"answers": {"description": f"intake {n}: sciatica"}},
                        created_at=NOW, updated_at=NOW)
    s.add(row)
    return row


def fill(db: Database, cases: int = 5, intakes: int = 3) -> None:
    with db.session() as s:
        for n in range(1, cases + 1):
            add_case(s, n)
        for n in range(1, intakes + 1):
            add_intake(s, n)


def read_all(db: Database) -> tuple[list, list]:
    with db.session() as s:
        return (
            [c.answers for c in s.scalars(sa.select(Case).order_by(Case.id))],
            [i.state for i in s.scalars(sa.select(IntakeSession).order_by(IntakeSession.id))],
        )


def raw_tokens(db: Database, table: str, column: str) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(sa.text(f"SELECT {column} FROM {table} ORDER BY id")).scalars())


def test_finds_the_encrypted_columns() -> None:
    found = encrypted_columns()
    assert "answers" in found["cases"]
    assert "state" in found["intake_sessions"]
    assert "audit_events" not in found  # JSON, not encrypted: it never holds medical values


def test_rotate_from_a_to_b(db: Database) -> None:
    crypto.configure(KEY_A)
    fill(db)
    before = read_all(db)

    crypto.configure(KEY_B)
    with pytest.raises(crypto.KeyError_):  # B alone cannot read A's data yet
        read_all(db)

    crypto.configure(f"{KEY_B},{KEY_A}")
    counts = rotate_all(db, batch_size=2)  # several batches, one partial
    assert counts["cases.answers"] == 5
    assert counts["intake_sessions.state"] == 3
    assert all(n == 0 for k, n in counts.items()
               if k not in {"cases.answers", "intake_sessions.state"})

    crypto.configure(KEY_B)
    assert read_all(db) == before

    for table, column in (("cases", "answers"), ("intake_sessions", "state")):
        tokens = raw_tokens(db, table, column)
        assert tokens
        for token in tokens:
            with pytest.raises(InvalidToken):
                Fernet(KEY_A.encode()).decrypt(token.encode())
            json.loads(Fernet(KEY_B.encode()).decrypt(token.encode()))


def test_rotation_keeps_json_exactly(db: Database) -> None:
    crypto.configure(KEY_A)
    fill(db, cases=1, intakes=0)
    plain_a = Fernet(KEY_A.encode()).decrypt(raw_tokens(db, "cases", "answers")[0].encode())
    crypto.configure(f"{KEY_B},{KEY_A}")
    rotate_all(db)
    plain_b = Fernet(KEY_B.encode()).decrypt(raw_tokens(db, "cases", "answers")[0].encode())
    assert plain_a == plain_b  # the token's content is untouched, byte for byte


def test_running_twice_is_harmless(db: Database) -> None:
    crypto.configure(KEY_A)
    fill(db, cases=3, intakes=1)
    before = read_all(db)
    crypto.configure(f"{KEY_B},{KEY_A}")
    rotate_all(db)
    again = rotate_all(db)
    assert again["cases.answers"] == 3
    crypto.configure(KEY_B)
    assert read_all(db) == before


def test_empty_database(db: Database) -> None:
    crypto.configure(f"{KEY_B},{KEY_A}")
    counts = rotate_all(db)
    assert counts["cases.answers"] == 0 and counts["intake_sessions.state"] == 0


def test_a_value_rewritten_during_rotation_is_not_overwritten(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    crypto.configure(KEY_A)
    fill(db, cases=0, intakes=2)
    crypto.configure(f"{KEY_B},{KEY_A}")  # the bot restarted with the new ring
    real_rotate = crypto.rotate
    written = []

    def rotate_while_the_bot_writes(token: str) -> str:
        if not written:  # the bot saves intake 1 between our read and our write
            with db.session() as s:
                s.get(IntakeSession, 1).state = {"answers": {"description": "newer"}}
            written.append(True)
        return real_rotate(token)

    monkeypatch.setattr(crypto, "rotate", rotate_while_the_bot_writes)
    counts = rotate_all(db)
    assert counts["intake_sessions.state"] == 1  # the other row; the bot's is already new
    crypto.configure(KEY_B)
    _, states = read_all(db)
    assert states[0] == {"answers": {"description": "newer"}}
    assert states[1] == {"answers": {"description": "intake 2: sciatica"}}


def test_a_token_no_key_can_read_stops_the_run_without_showing_it(db: Database) -> None:
    crypto.configure(KEY_A)
    fill(db, cases=1, intakes=0)
    crypto.configure(KEY_B)  # the old key was dropped too early
    with pytest.raises(crypto.KeyError_) as err:
        rotate_all(db)
    message = str(err.value)
    assert "cases.answers" in message and "row 1" in message
    assert "herniation" not in message and "gAAAA" not in message


def test_needs_a_key_and_a_sane_batch(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError):
        rotate_all(db, batch_size=0)
    monkeypatch.setattr(crypto, "_ring", None)
    with pytest.raises(crypto.KeyError_):
        rotate_all(db)
