"""imwt: case participants, the IMWT thread, temporary plans, plan events, placements

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("slack_id", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("resolved_by", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_participants_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_participants")),
        sa.UniqueConstraint("case_id", "role", "ref", name="uq_case_participants_entry"),
    )
    with op.batch_alter_table("case_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_participants_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_participants_slack_id"), ["slack_id"], unique=False
        )

    op.create_table(
        "imwt_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.String(length=32), nullable=True),
        sa.Column("union_authorized", sa.String(length=10), nullable=False),
        sa.Column("union_authorized_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("union_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checklist_ts", sa.String(length=32), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_imwt_threads_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imwt_threads")),
        sa.UniqueConstraint("case_id", name=op.f("uq_imwt_threads_case_id")),
        sa.UniqueConstraint("channel", "ts", name="uq_imwt_threads_channel_ts"),
    )

    op.create_table(
        "temporary_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("option", sa.String(length=20), nullable=False),
        sa.Column("ruled_out", sa.Text(), nullable=False),
        sa.Column("duties", sa.Text(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("review_dates", sa.JSON(), nullable=False),
        sa.Column("proposed_by", sa.String(length=32), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("union_approved_by", sa.String(length=32), nullable=True),
        sa.Column("union_approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("union_waived", sa.Boolean(), nullable=False),
        sa.Column("changes_requested_by", sa.String(length=32), nullable=True),
        sa.Column("changes_note", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_temporary_plans_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_temporary_plans_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_temporary_plans")),
    )
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_temporary_plans_case_id"), ["case_id"], unique=False)

    op.create_table(
        "plan_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("by", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_plan_events_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_plan_events_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["temporary_plans.id"],
            name=op.f("fk_plan_events_plan_id_temporary_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_events")),
    )
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.create_index("ix_plan_events_case_kind", ["case_id", "kind"], unique=False)

    op.create_table(
        "placement_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("considered", sa.Boolean(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_placement_steps_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_steps")),
        sa.UniqueConstraint("case_id", "step", name="uq_placement_steps_case_step"),
    )
    with op.batch_alter_table("placement_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placement_steps_case_id"), ["case_id"], unique=False)

    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("position", sa.Text(), nullable=True),
        sa.Column("chosen_by", sa.String(length=32), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("training_agreed", sa.Boolean(), nullable=False),
        sa.Column("training_agreed_by", sa.String(length=32), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("training_start", sa.Date(), nullable=True),
        sa.Column("training_limit", sa.Date(), nullable=True),
        sa.Column("follow_up_dates", sa.JSON(), nullable=False),
        sa.Column("follow_up_end", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_placements_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
        sa.UniqueConstraint("case_id", name=op.f("uq_placements_case_id")),
    )


def downgrade() -> None:
    op.drop_table("placements")
    with op.batch_alter_table("placement_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_steps_case_id"))
    op.drop_table("placement_steps")
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_events_case_kind")
    op.drop_table("plan_events")
    with op.batch_alter_table("temporary_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_temporary_plans_case_id"))
    op.drop_table("temporary_plans")
    op.drop_table("imwt_threads")
    with op.batch_alter_table("case_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_participants_slack_id"))
        batch_op.drop_index(batch_op.f("ix_case_participants_case_id"))
    op.drop_table("case_participants")
