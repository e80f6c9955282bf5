"""metrics: scheduled_reports (the committee's monthly report, claimed once), and the
indexes the metrics read a period by

Revision ID: 20261126_metrics
Revises: 20261126_case_facts_form7
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "20261126_metrics"
down_revision = "20261126_case_facts_form7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=80), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_reports")),
        sa.UniqueConstraint("key", name=op.f("uq_scheduled_reports_key")),
    )
    op.create_index("ix_cases_filed_at", "cases", ["filed_at"])
    op.create_index("ix_cases_closed_at", "cases", ["closed_at"])
    op.create_index("ix_nudges_created_at", "nudges", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_nudges_created_at", table_name="nudges")
    op.drop_index("ix_cases_closed_at", table_name="cases")
    op.drop_index("ix_cases_filed_at", table_name="cases")
    op.drop_table("scheduled_reports")
