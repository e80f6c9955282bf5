"""inbox and outbox: leases held by a live process (a heartbeat row per process), the
order of one person's deliveries in one conversation, and indexes that keep the relay's
queries independent of how many rows were sent

Revision ID: 20261127_live_leases
Revises: 20261206_union_answers
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_live_leases"
down_revision = "20261206_union_answers"
branch_labels = None
depends_on = None

PENDING_ONLY = sa.text("status = 'pending'")
FOLLOW_UPS_ONLY = sa.text("status = 'sent' AND events_done = 0")


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
    )
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("holder", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("conversation", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("digest", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("waits", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.create_index("ix_inbox_pending_conversation", "inbox", ["conversation", "id"],
                    sqlite_where=PENDING_ONLY, postgresql_where=PENDING_ONLY)
    op.create_index("ix_inbox_holder", "inbox", ["holder"])
    op.create_index("ix_inbox_done_at", "inbox", ["done_at"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("holder", sa.String(length=80), nullable=True))
    op.create_index("ix_outbox_pending_conversation", "outbox", ["conversation", "id"],
                    sqlite_where=PENDING_ONLY, postgresql_where=PENDING_ONLY)
    op.create_index("ix_outbox_follow_ups", "outbox", ["id"],
                    sqlite_where=FOLLOW_UPS_ONLY, postgresql_where=FOLLOW_UPS_ONLY)
    op.create_index("ix_outbox_holder", "outbox", ["holder"])
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"])


def downgrade() -> None:
    for name in ("ix_outbox_sent_at", "ix_outbox_holder", "ix_outbox_follow_ups",
                 "ix_outbox_pending_conversation"):
        op.drop_index(name, table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("holder")
    for name in ("ix_inbox_done_at", "ix_inbox_holder", "ix_inbox_pending_conversation"):
        op.drop_index(name, table_name="inbox")
    with op.batch_alter_table("inbox") as batch:
        for column in ("waits", "digest", "conversation", "holder"):
            batch.drop_column(column)
    op.drop_table("workers")
