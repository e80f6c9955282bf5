"""duties: who closed which duty of a case, when, with what record (`duty_records`)

Before this, a Done on any copy of a reminder counted as the duty done. Dones that were a
closing under the new rule are carried over (the person the reminder was for, on a duty that
role may close); a supervisor's Done on a Form 7 reminder is not: only HR records Form 7 sent.

Revision ID: 20261207_duty_records
Revises: 20261206_retention
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_duty_records"
down_revision = "20261206_retention"
branch_labels = None
depends_on = None

# (nudge kind, recipient role) -> the duty a Done on it closed; recurring duties per nudge.
_CARRIED = {
    ("form7_due", "hr"): "form7", ("form7_late", "hr"): "form7",
    ("form7_worker_copy", "hr"): "form7_worker_copy",
    ("ohsa_critical_injury", "hr"): "ohsa_s51_ministry",
    ("ohsa_critical_injury", "committee"): "ohsa_s51_committee",
    ("ohsa_critical_injury", "union"): "ohsa_s51_union",
    ("ohsa_notice", "supervisor"): "ohsa_s52_notice", ("ohsa_notice", "hr"): "ohsa_s52_notice",
    ("first_contact", "supervisor"): "first_contact", ("first_contact", "hr"): "first_contact",
    ("check_in", "supervisor"): "check_in", ("check_in", "hr"): "check_in",
}
_RECURRING = {"check_in"}


def upgrade() -> None:
    op.create_table(
        "duty_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=40), nullable=False),
        sa.Column("once_key", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("closed_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_by", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("nudge_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_duty_records_case_id_cases")),
        sa.ForeignKeyConstraint(["nudge_id"], ["nudges.id"],
                                name=op.f("fk_duty_records_nudge_id_nudges")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_records")),
        sa.UniqueConstraint("case_id", "once_key", name=op.f("uq_duty_records_case_id")),
    )
    with op.batch_alter_table("duty_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_records_case_id"), ["case_id"], unique=False)
    _carry_over()


def _carry_over() -> None:
    """Earlier Dones that close a duty under the new rule (who pressed it, when; no detail,
    so nothing needs the encryption key here)."""
    bind = op.get_bind()
    nudges = sa.table("nudges", *(sa.column(c) for c in (
        "id", "case_id", "kind", "recipient_role", "acknowledged_by", "acknowledged_at",
        "parent_id", "state")))
    rows = bind.execute(sa.select(nudges).where(
        nudges.c.state == "acknowledged", nudges.c.parent_id.is_(None),
        nudges.c.acknowledged_by.is_not(None), nudges.c.acknowledged_at.is_not(None),
    ).order_by(nudges.c.acknowledged_at)).all()
    wanted = [(r, _CARRIED[(r.kind, r.recipient_role)]) for r in rows
              if (r.kind, r.recipient_role) in _CARRIED]
    if not wanted:
        return
    records = sa.table("duty_records", *(sa.column(c) for c in (
        "case_id", "duty", "once_key", "role", "closed_by", "recorded_at", "done_at",
        "done_by", "detail", "via", "nudge_id")))
    seen: set[tuple[int, str]] = set()
    for r, duty in wanted:
        once = f"{duty}:{r.id}" if duty in _RECURRING else duty
        if (r.case_id, once) in seen:
            continue
        seen.add((r.case_id, once))
        bind.execute(records.insert().values(
            case_id=r.case_id, duty=duty, once_key=once, role=r.recipient_role,
            closed_by=r.acknowledged_by[:32], recorded_at=r.acknowledged_at,
            done_at=r.acknowledged_at, done_by=None, detail=None, via="reminder",
            nudge_id=r.id))


def downgrade() -> None:
    with op.batch_alter_table("duty_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_records_case_id"))
    op.drop_table("duty_records")
