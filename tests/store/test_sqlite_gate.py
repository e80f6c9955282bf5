"""SQLite writers of one process queue on a lock (not SQLite's busy-sleep): a second
writer waits until the first commits or rolls back, and a reader never waits."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from rtwbot.store.db import make_engine
from rtwbot.store.sqlite_gate import _KEY


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def second_writer(engine, done: threading.Event) -> threading.Thread:
    def write() -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (2)"))
        done.set()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_a_second_writer_waits_for_the_first_to_finish(engine, finish: str) -> None:
    done = threading.Event()
    conn = engine.connect()
    conn.execute(text("INSERT INTO t VALUES (1)"))
    assert conn.info.get(_KEY) is True  # the first write statement took the gate
    with engine.connect() as reader:  # readers are never gated
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
        assert not reader.info.get(_KEY)
    thread = second_writer(engine, done)
    assert not done.wait(0.3), "the second writer did not wait its turn"
    getattr(conn, finish)()
    assert not conn.info.get(_KEY)
    assert done.wait(10), "the second writer was never let in"
    thread.join(10)
    conn.close()
    with engine.connect() as reader:
        expected = 2 if finish == "commit" else 1
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == expected


def test_a_connection_returned_unfinished_lets_the_next_writer_in(engine) -> None:
    done = threading.Event()
    conn = engine.connect()
    conn.execute(text("INSERT INTO t VALUES (1)"))
    conn.close()  # back to the pool, rolled back
    thread = second_writer(engine, done)
    assert done.wait(10)
    thread.join(10)
