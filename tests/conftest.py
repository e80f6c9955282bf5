"""Shared fixtures: a migrated database per test, on SQLite by default or on PostgreSQL
when RTWBOT_TEST_DATABASE_URL is set (CI's second leg)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rtwbot.store import crypto
from rtwbot.store.db import upgrade

PG_URL = os.environ.get("RTWBOT_TEST_DATABASE_URL")
TEST_KEY = crypto.generate_key()


@pytest.fixture(autouse=True, scope="session")
def _encryption_key() -> None:
    crypto.configure(TEST_KEY)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "rtwbot.db"
    upgrade(f"sqlite:///{path}")
    return path


def _admin(sql: str) -> None:
    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(sql))
    admin.dispose()


@contextmanager
def _pg_database(template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database on the CI server (a copy of `template` when given),
    dropped afterwards; yields its URL."""
    name = f"rtw_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all."""
    if PG_URL:
        with _pg_database() as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str | None]:
    if not PG_URL:
        yield None
        return
    with _pg_database() as url:
        upgrade(url)
        yield url


@pytest.fixture
def database_url(tmp_path: Path, _sqlite_template: Path,
                 _pg_template: str | None) -> Iterator[str]:
    """A migrated database of its own for each test."""
    if _pg_template:
        with _pg_database(template=make_url(_pg_template).database) as url:
            yield url
        return
    path = tmp_path / "rtwbot.db"
    shutil.copy(_sqlite_template, path)
    yield f"sqlite:///{path}"
