"""case facts: every fact of a case with when the employer learned it, its source and who
recorded it (the timeline every duty is computed from); when the supervisor's report was
completed (a case of record may exist while its report is still being answered)

Revision ID: 20261207_case_facts
Revises: 20261207_duty_records
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_case_facts"
down_revision = "20261207_duty_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_facts_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_facts")),
    )
    op.create_index("ix_case_facts_case_learned", "case_facts", ["case_id", "learned_at"])
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_completed_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute("UPDATE cases SET report_completed_at = filed_at")


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("report_completed_at")
    op.drop_index("ix_case_facts_case_learned", table_name="case_facts")
    op.drop_table("case_facts")
