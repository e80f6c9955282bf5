"""`rtwbot db upgrade` builds exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from rtwbot.cli import main
from rtwbot.store.db import SchemaOutOfDate, check_schema, upgrade
from rtwbot.store.models import Base

pytestmark = pytest.mark.store


def _tables(url: str) -> dict[str, list[str]]:
    engine = create_engine(url)
    insp = inspect(engine)
    out = {
        t: sorted(c["name"] for c in insp.get_columns(t))
        for t in insp.get_table_names()
        if t != "alembic_version"
    }
    engine.dispose()
    return out


def test_db_upgrade_command_creates_the_models_tables(empty_database_url: str) -> None:
    result = CliRunner().invoke(main, ["db", "upgrade"],
                                env={"RTWBOT_DATABASE_URL": empty_database_url})
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    expected = {t.name: sorted(c.name for c in t.columns) for t in Base.metadata.sorted_tables}
    assert _tables(empty_database_url) == expected


def test_models_and_migrations_do_not_drift(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == [], f"models differ from migrations/: write a migration for {diff}"


def test_same_tables_on_sqlite_and_the_configured_database(
    empty_database_url: str, tmp_path
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'reference.db'}"
    upgrade(sqlite_url)
    upgrade(empty_database_url)
    assert _tables(empty_database_url) == _tables(sqlite_url)


def test_bot_refuses_an_out_of_date_schema(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    with pytest.raises(SchemaOutOfDate, match="rtwbot db upgrade"):
        check_schema(engine)
    engine.dispose()
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    check_schema(engine)
    engine.dispose()


def test_the_checks_own_reading_agrees_with_alembic(empty_database_url: str) -> None:
    from alembic.script import ScriptDirectory

    from rtwbot.store.db import alembic_config, current_revision, head_revision

    alembic_head = ScriptDirectory.from_config(alembic_config(empty_database_url)) \
        .get_current_head()
    assert head_revision(empty_database_url) == alembic_head
    engine = create_engine(empty_database_url)
    try:
        assert current_revision(engine) is None  # no rtwbot tables yet
        upgrade(empty_database_url, "20261126_metrics")
        with engine.connect() as conn:
            at = MigrationContext.configure(conn).get_current_revision()
        assert current_revision(engine) == at == "20261126_metrics"
        upgrade(empty_database_url)
        assert current_revision(engine) == alembic_head
    finally:
        engine.dispose()


def test_migrations_that_are_not_plain_are_left_to_alembic(tmp_path) -> None:
    from rtwbot.store.db import plain_heads

    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "b"\ndown_revision: str | None = "a"\n')
    assert plain_heads(tmp_path) == ["b"]
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = ("a",)\n')
    assert plain_heads(tmp_path) == ["b", "c"]  # two heads: Alembic says what is wrong
    (tmp_path / "m.py").write_text('revision = "m"\ndown_revision = ("b", "c")\n')
    assert plain_heads(tmp_path) == ["m"]  # a merge
    (tmp_path / "d.py").write_text('revision = "d"\ndown_revision = "m" + ""\n')
    assert plain_heads(tmp_path) is None
    (tmp_path / "d.py").write_text('revision = "d"\n')
    assert plain_heads(tmp_path) is None
