"""submitted_views: a modal's submissions by view id, so a view pressed twice, or submitted
again with an edit, has one effect and every press gets an answer

Revision ID: 20261206_submitted_views
Revises: 20261126_metrics_period_index
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "20261206_submitted_views"
down_revision = "20261126_metrics_period_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submitted_views",
        sa.Column("view_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("trigger_id", sa.String(length=100), nullable=True),
        sa.Column("values_digest", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=500), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("view_id", name=op.f("pk_submitted_views")),
    )


def downgrade() -> None:
    op.drop_table("submitted_views")
