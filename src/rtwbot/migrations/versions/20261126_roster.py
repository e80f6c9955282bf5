"""roster: HR's employee roster (personal data encrypted)

Revision ID: 20261126_roster
Revises: 20261126_w12_consent_privacy
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "20261126_roster"
# Also the merge point of the two heads before it (the outbox, and the law/metrics chain).
down_revision = "20261126_w12_consent_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_employees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_number", sa.String(length=32), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_employees")),
        sa.UniqueConstraint("employee_number", name=op.f("uq_roster_employees_employee_number")),
    )
    with op.batch_alter_table("roster_employees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_employees_contact"), ["contact"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roster_employees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_employees_contact"))
    op.drop_table("roster_employees")
