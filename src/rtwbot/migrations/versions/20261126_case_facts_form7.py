"""case facts after filing and Form 7 received: the obligation date, the WSIB's receipt

Revision ID: 20261126_case_facts_form7
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "20261126_case_facts_form7"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        # The day the employer learned of the reporting obligation (day 0 of Form 7's clock).
        batch.add_column(sa.Column("obligation_date", sa.Date(), nullable=True))
        # Form 7 as HR recorded it: received by the WSIB on, its claim number, worker's copy.
        batch.add_column(sa.Column("form7_received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("wsib_claim_number", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("form7_worker_copy", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("form7_recorded_by", sa.String(length=32), nullable=True))
        # When the supervisor was last asked whether facts "not known yet" are known now.
        batch.add_column(sa.Column("facts_updated_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name in ("facts_updated_at", "form7_recorded_by", "form7_worker_copy",
                     "wsib_claim_number", "form7_received_on", "obligation_date"):
            batch.drop_column(name)
