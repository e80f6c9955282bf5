"""functional information: the health professional's abilities and restrictions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "functional_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("abilities", sa.Text(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_functional_info_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_functional_info_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_functional_info")),
    )
    with op.batch_alter_table("functional_info", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_functional_info_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("functional_info", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_functional_info_case_id"))
    op.drop_table("functional_info")
