"""law: re-employment assessments (WSIA s.41) and the hourly rates of a temporary plan

Revision ID: 20261126_w10b_law
Revises: 20261126_metrics
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "20261126_w10b_law"
down_revision = "20261126_metrics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reemployment_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("presumption_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reemployed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"],
            name=op.f("fk_reemployment_assessments_case_id_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reemployment_assessments")),
        sa.UniqueConstraint("case_id", name=op.f("uq_reemployment_assessments_case_id")),
    )
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("regular_rate", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("position_rate", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        batch_op.drop_column("position_rate")
        batch_op.drop_column("regular_rate")
    op.drop_table("reemployment_assessments")
