"""retention: case_figures, the anonymous figures a case leaves when its records are
disposed of (rtwbot retention run)

Revision ID: 20261206_retention
Revises: 20261127_live_leases
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "20261206_retention"
down_revision = "20261127_live_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_figures",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("reminders", sa.JSON(), nullable=False),
        sa.Column("disposed", sa.String(length=120), nullable=False),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_figures")),
    )
    op.create_index("ix_case_figures_period", "case_figures", ["filed_at", "closed_at"])


def downgrade() -> None:
    op.drop_index("ix_case_figures_period", table_name="case_figures")
    op.drop_table("case_figures")
