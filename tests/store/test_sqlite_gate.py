"""SQLite writers of one process queue on a lock (not SQLite's busy-sleep): a second
writer waits until the first has committed or rolled back, and a reader never waits."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from rtwbot.store.db import make_engine


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def holds_gate(conn) -> bool:
    return conn.connection.dbapi_connection.holds_gate


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
    assert holds_gate(conn)  # the first write statement took the gate
    with engine.connect() as reader:  # readers are never gated
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
        assert not holds_gate(reader)
    thread = second_writer(engine, done)
    assert not done.wait(0.3), "the second writer did not wait its turn"
    getattr(conn, finish)()
    assert not holds_gate(conn)
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


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_the_gate_is_held_until_the_commit_itself_has_run(engine, finish: str) -> None:
    """Given back before SQLite's COMMIT, the gate let the next writer meet SQLite's own
    lock (held through the commit's fsync) and sleep in its busy handler after all."""
    held_during: list[tuple[str, bool]] = []
    conn = engine.connect()
    dbapi = conn.connection.dbapi_connection
    dbapi.set_trace_callback(
        lambda sql: held_during.append((sql.split()[0].upper(), dbapi.holds_gate)))
    conn.execute(text("INSERT INTO t VALUES (1)"))
    getattr(conn, finish)()
    dbapi.set_trace_callback(None)
    conn.close()
    assert (finish.upper(), True) in held_during, held_during
    assert not dbapi.holds_gate
