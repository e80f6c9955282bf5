"""Alembic environment: the URL comes from the config (rtwbot db upgrade) or the environment."""

import os

from alembic import context
from sqlalchemy import engine_from_config, pool

from rtwbot.store.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or os.environ.get(
    "RTWBOT_DATABASE_URL", "sqlite:///rtwbot.db"
)
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Encrypted columns are plain TEXT in the database: render them as such."""
    if type_ == "type" and hasattr(obj, "impl") and obj.__module__ == "rtwbot.store.crypto":
        return "sa.Text()"
    return False


def run_offline() -> None:
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = engine_from_config(
            {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        with engine.connect() as conn:
            _run(conn)
    else:
        _run(connectable)


def _run(conn) -> None:
    # Batch mode lets ALTERs work on SQLite too.
    context.configure(
        connection=conn,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
