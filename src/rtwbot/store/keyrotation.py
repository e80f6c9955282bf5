"""Re-encrypt every encrypted column under the newest key.

Rotation: put the new key first in RTWBOT_ENCRYPTION_KEY ("NEW,OLD"), restart, run
`rotate_all`, then drop the old key. Columns are found from the models' metadata (any
column typed EncryptedText/EncryptedJSON), so a new encrypted column is rotated too.

The ciphertext is read and written as plain TEXT: going through the TypeDecorator would
decrypt and re-serialise every value, which is slower and could re-order JSON. Each batch
is its own transaction, and each row is updated only if its token is still the one read
(compare-and-set), so a bot writing at the same time is never overwritten and a run that
stops half-way can simply be run again.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from cryptography.fernet import InvalidToken
from sqlalchemy import MetaData

from rtwbot.store import crypto
from rtwbot.store.db import Database, rowcount
from rtwbot.store.models import Base

DEFAULT_BATCH_SIZE = 500

ENCRYPTED_TYPES = (crypto.EncryptedText, crypto.EncryptedJSON)


def encrypted_columns(metadata: MetaData = Base.metadata) -> dict[str, tuple[str, ...]]:
    """table name -> names of its encrypted columns, for tables that have any."""
    found: dict[str, tuple[str, ...]] = {}
    for table in metadata.sorted_tables:
        names = tuple(c.name for c in table.columns if isinstance(c.type, ENCRYPTED_TYPES))
        if names:
            found[table.name] = names
    return found


def _primary_key(table: sa.Table) -> str:
    columns = list(table.primary_key.columns)
    if len(columns) != 1:  # pragma: no cover - no such table today
        raise ValueError(f"{table.name}: key rotation pages by a single-column primary key")
    return columns[0].name


def _rotate_column(db: Database, table: sa.Table, column: str, batch_size: int) -> int:
    pk_name = _primary_key(table)
    # A lightweight table with plain types: no TypeDecorator between us and the token.
    raw = sa.table(table.name, sa.column(pk_name, table.c[pk_name].type),
                   sa.column(column, sa.Text()))
    pk, col = raw.c[pk_name], raw.c[column]
    rotated, after = 0, None
    while True:
        query = sa.select(pk, col).where(col.is_not(None)).order_by(pk).limit(batch_size)
        if after is not None:
            query = query.where(pk > after)
        with db.session() as s:
            rows = s.execute(query).all()
            for key, token in rows:
                try:
                    fresh = crypto.rotate(token)
                except InvalidToken:
                    # Name the row, never the value.
                    raise crypto.KeyError_(
                        f"{table.name}.{column} row {key} cannot be decrypted with any "
                        "configured key; keep the old key in RTWBOT_ENCRYPTION_KEY"
                    ) from None
                result = s.execute(
                    sa.update(raw).where(pk == key, col == token).values({column: fresh})
                )
                # 0 rows: the bot rewrote it meanwhile, under the newest key already.
                rotated += rowcount(result)
        if len(rows) < batch_size:
            return rotated
        after = rows[-1][0]


def rotate_all(
    db: Database,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    metadata: MetaData = Base.metadata,
) -> dict[str, int]:
    """Re-encrypt every encrypted value under the ring's newest key.
    Returns "table.column" -> number of values re-encrypted."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    crypto.ring()  # fail before touching anything if no key is configured
    counts: dict[str, int] = {}
    columns: Mapping[str, tuple[str, ...]] = encrypted_columns(metadata)
    for table_name, names in columns.items():
        table = metadata.tables[table_name]
        for column in names:
            counts[f"{table_name}.{column}"] = _rotate_column(db, table, column, batch_size)
    return counts
