"""Shared fixtures: a migrated database per test, on SQLite by default or on PostgreSQL
when RTWBOT_TEST_DATABASE_URL is set (CI's second leg)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
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


def _fresh_pg_database() -> str:
    """A new, empty PostgreSQL database on the CI server; returns its URL."""
    assert PG_URL
    name = f"rtw_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def empty_database_url(tmp_path: Path) -> str:
    """A database with no tables at all."""
    if PG_URL:
        return _fresh_pg_database()
    return f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str | None]:
    if not PG_URL:
        yield None
        return
    url = _fresh_pg_database()
    upgrade(url)
    yield url


@pytest.fixture
def database_url(tmp_path: Path, _sqlite_template: Path, _pg_template: str | None) -> str:
    """A migrated database of its own for each test."""
    if _pg_template:
        name = f"rtw_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            template_db = make_url(_pg_template).database
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"'))
        admin.dispose()
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    path = tmp_path / "rtwbot.db"
    shutil.copy(_sqlite_template, path)
    return f"sqlite:///{path}"
