"""metrics: a covering index for the cases in a period (filed_at, closed_at), replacing the
index on filed_at alone, so the metrics find a period's case ids without reading the table

Revision ID: 20261126_metrics_period_index
Revises: 20261126_roster
Create Date: 2026-11-26
"""

from alembic import op

revision = "20261126_metrics_period_index"
down_revision = "20261126_roster"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_period", "cases", ["filed_at", "closed_at"])
    op.drop_index("ix_cases_filed_at", table_name="cases")


def downgrade() -> None:
    op.create_index("ix_cases_filed_at", "cases", ["filed_at"])
    op.drop_index("ix_cases_period", table_name="cases")
