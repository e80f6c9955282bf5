"""consent, privacy and the employee's part: HR's approved wording of the functional
restrictions, the employee's agreement to a plan and the proposer's per-restriction check,
and per-case private channels

Revision ID: 20261126_w12_consent_privacy
Revises: 20261126_inbox_outbox
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "20261126_w12_consent_privacy"
down_revision = "20261126_inbox_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("functional_info", schema=None) as batch_op:
        # The functional wording HR approved for the team (encrypted JSON list).
        batch_op.add_column(sa.Column("team_wording", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("wording_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("wording_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        # The restrictions the proposer confirmed the duties respect (encrypted JSON list).
        batch_op.add_column(sa.Column("restriction_checks", sa.Text(), nullable=True))
        # agreed | changes | talk_to_hr
        batch_op.add_column(sa.Column("employee_response", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("employee_response_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("employee_agreed_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("employee_agreed_at", sa.DateTime(timezone=True),
                                      nullable=True))
        # The kind(s) of accommodation and the job's essential duties (encrypted JSON).
        batch_op.add_column(sa.Column("accommodation", sa.Text(), nullable=True))
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accommodation", sa.Text(), nullable=True))
    with op.batch_alter_table("imwt_threads", schema=None) as batch_op:
        # The case's own private channel (False: a shared channel of its division).
        batch_op.add_column(sa.Column("private_channel", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imwt_threads", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
        batch_op.drop_column("private_channel")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_column("accommodation")
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        for name in ("accommodation", "employee_agreed_at", "employee_agreed_by", "employee_response_at",
                     "employee_response", "restriction_checks"):
            batch_op.drop_column(name)
    with op.batch_alter_table("functional_info", schema=None) as batch_op:
        for name in ("wording_at", "wording_by", "team_wording"):
            batch_op.drop_column(name)
