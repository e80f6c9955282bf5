"""union representation and plan agreements: how and when they were given, who recorded
them, and why HR reviewed a plan in the union's place

Revision ID: 20261206_union_answers
Revises: 20261206_submitted_views
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "20261206_union_answers"
down_revision = "20261206_submitted_views"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imwt_threads") as t:
        t.add_column(sa.Column("union_answer_via", sa.String(12), nullable=True))
        t.add_column(sa.Column("union_answer_on", sa.Date(), nullable=True))
        t.add_column(sa.Column("union_answer_by", sa.String(32), nullable=True))
    with op.batch_alter_table("temporary_plans") as t:
        t.add_column(sa.Column("union_review_basis", sa.String(12), nullable=True))
        t.add_column(sa.Column("employee_agreed_via", sa.String(12), nullable=True))
        t.add_column(sa.Column("employee_agreed_on", sa.Date(), nullable=True))
    # What was recorded before: answers given by the employee in Slack. A plan HR reviewed
    # in the union's place is "declined" only where the employee said no; otherwise (the
    # old rule took "not answered" as no) the basis is left unknown.
    op.execute("UPDATE imwt_threads SET union_answer_via = 'slack' "
               "WHERE union_authorized IN ('yes', 'no', 'talk_first')")
    op.execute("UPDATE temporary_plans SET union_review_basis = 'union' "
               "WHERE union_approved_at IS NOT NULL AND NOT union_waived")
    op.execute("UPDATE temporary_plans SET union_review_basis = 'declined' "
               "WHERE union_approved_at IS NOT NULL AND union_waived AND case_id IN "
               "(SELECT case_id FROM imwt_threads WHERE union_authorized = 'no')")
    op.execute("UPDATE temporary_plans SET employee_agreed_via = 'slack' "
               "WHERE employee_agreed_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("temporary_plans") as t:
        t.drop_column("employee_agreed_on")
        t.drop_column("employee_agreed_via")
        t.drop_column("union_review_basis")
    with op.batch_alter_table("imwt_threads") as t:
        t.drop_column("union_answer_by")
        t.drop_column("union_answer_on")
        t.drop_column("union_answer_via")
