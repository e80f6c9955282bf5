"""The Individual Modified Work Team of a case: who is on it, its Slack thread, its plans.

- `case_participants`: each person of the team, by role, as the directory named them and
  as Slack resolved them.
- `imwt_threads`: one per case — the IMWT thread (channel + parent ts), the employee's
  answer on union representation, and the permanent checklist's message.
- `temporary_plans`: temporary modified work plans and their union review.
- `plan_events`: check-ins, extensions, written recommendations, insurer concurrence,
  medical authorization, mediation requests.
- `placement_steps` / `placements`: the permanent 7-step checklist and the chosen placement
  (its follow-up and training dates are stored for the nudges catalogue).

Free text that may hold medical detail (duties, reasons, notes) is encrypted; dates,
states and Slack ids are not.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.crypto import EncryptedJSON, EncryptedText
from rtwbot.store.models import Base

# union_authorized: has the employee authorized the union to represent them? "talk_first":
# they asked HR to talk first (not a yes: the union still knows only that the case exists).
# "not_asked" and "talk_first" are *not answered*: never taken as a no.
UNION_YES, UNION_NO, UNION_NOT_ASKED, UNION_TALK = "yes", "no", "not_asked", "talk_first"

# Temporary plan states.
PROPOSED = "proposed"
CHANGES_REQUESTED = "changes_requested"
AGREED = "agreed"
EXTENDED = "extended"
ENDED = "ended"
PLAN_STATES = (PROPOSED, CHANGES_REQUESTED, AGREED, EXTENDED, ENDED)
ACTIVE_PLAN_STATES = (AGREED, EXTENDED)
OPEN_PLAN_STATES = (PROPOSED, CHANGES_REQUESTED, AGREED, EXTENDED)

# Plan event kinds.
CHECK_IN = "check_in"
EMPLOYEE_CHECK_IN = "employee_check_in"
PLACEMENT_REVIEW = "placement_union_review"
MEETING = "imwt_meeting"  # an IMWT meeting HR scheduled: {"when": "10:00, room 2 / link"}  # the union's (or HR's) review of a placement  # the employee's weekly answer on modified work
EXTENSION = "extension"
RECOMMENDATION = "written_recommendation"
INSURER_CONCURRENCE = "insurer_concurrence"
EXTENSION_REVIEW = "extension_team_review"  # the team (union, or HR in its place) reviewed it
MEDICAL_AUTHORIZATION = "medical_authorization"
MEDIATION_REQUESTED = "mediation_requested"
PERMANENT_RESTRICTIONS = "permanent_restrictions"
# HR recorded why a plan goes on without the union's review while the employee has not
# answered the question on union representation: {"reason": str} (plan_id: the plan).
UNION_REVIEW_WAIVED = "union_review_waived"


class CaseParticipant(Base):
    """One member of a case's team, by role. A person with two roles has two rows."""

    __tablename__ = "case_participants"
    __table_args__ = (UniqueConstraint("case_id", "role", "ref", name="uq_case_participants_entry"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # employee | reporter | division_rep | hr | union | safety_rep | insurer
    role: Mapped[str] = mapped_column(String(20))
    # What the directory (or the case) says: a Slack id or an email.
    ref: Mapped[str] = mapped_column(String(200))
    slack_id: Mapped[str | None] = mapped_column(String(32), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    # slack_id | email | not_found | deactivated | not_in_slack
    resolved_by: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(120))  # e.g. "WSIB case manager"
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ImwtThread(Base):
    """A case's IMWT thread and the team-level facts that belong with it."""

    __tablename__ = "imwt_threads"
    __table_args__ = (UniqueConstraint("channel", "ts", name="uq_imwt_threads_channel_ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    opened_at: Mapped[datetime | None]
    opened_by: Mapped[str | None] = mapped_column(String(32))
    union_authorized: Mapped[str] = mapped_column(String(10), default=UNION_NOT_ASKED)
    union_authorized_at: Mapped[datetime | None]
    union_asked_at: Mapped[datetime | None]
    # How the answer was given (slack | paper | phone | in_person), on which day, and who
    # recorded it (the employee in Slack, or HR for an employee who is not in Slack).
    union_answer_via: Mapped[str | None] = mapped_column(String(12))
    union_answer_on: Mapped[date | None] = mapped_column(Date)
    union_answer_by: Mapped[str | None] = mapped_column(String(32))
    checklist_ts: Mapped[str | None] = mapped_column(String(32))
    close_note: Mapped[str | None] = mapped_column(EncryptedText)  # why HR closed it
    private_channel: Mapped[bool] = mapped_column(Boolean, default=False)  # the case's own
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TemporaryPlan(Base):
    """A temporary modified work plan (MWP Procedures, temporary 3-5)."""

    __tablename__ = "temporary_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2... per case
    state: Mapped[str] = mapped_column(String(20), default=PROPOSED)
    option: Mapped[str] = mapped_column(String(20))  # domain TemporaryOption value
    # {option: why it was not possible} for the options before the chosen one, plus
    # "outside_unit" when (c) leaves the bargaining unit.
    ruled_out: Mapped[Any] = mapped_column(EncryptedJSON)
    duties: Mapped[Any] = mapped_column(EncryptedJSON)  # [str]
    hours: Mapped[str] = mapped_column(EncryptedText)  # hours per day and how they increase
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)  # the health professional's estimate
    review_dates: Mapped[Any] = mapped_column(JSON, default=list)  # ["YYYY-MM-DD"]
    proposed_by: Mapped[str] = mapped_column(String(32))
    proposed_at: Mapped[datetime]
    union_approved_by: Mapped[str | None] = mapped_column(String(32))
    union_approved_at: Mapped[datetime | None]
    union_waived: Mapped[bool] = mapped_column(Boolean, default=False)  # HR in its place
    # Why HR reviewed in the union's place (domain.participation: declined | hr_reason |
    # no_union), or "union".
    union_review_basis: Mapped[str | None] = mapped_column(String(12))
    changes_requested_by: Mapped[str | None] = mapped_column(String(32))
    changes_note: Mapped[str | None] = mapped_column(EncryptedText)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # The restrictions the proposer confirmed, one by one, that the duties respect.
    restriction_checks: Mapped[Any | None] = mapped_column(EncryptedJSON, nullable=True)
    # The employee's answer: agreed | changes | talk_to_hr (None: not answered yet).
    employee_response: Mapped[str | None] = mapped_column(String(20))
    employee_response_at: Mapped[datetime | None]
    employee_agreed_by: Mapped[str | None] = mapped_column(String(32))  # who recorded it
    employee_agreed_at: Mapped[datetime | None]  # when it was recorded
    # How the employee agreed (slack | paper | phone | in_person: HR records an employee who
    # is not in Slack) and on which day.
    employee_agreed_via: Mapped[str | None] = mapped_column(String(12))
    employee_agreed_on: Mapped[date | None] = mapped_column(Date)
    # {"kinds": [work_area | tasks | equipment | schedule | location], "essential_duties": [str]}
    accommodation: Mapped[Any | None] = mapped_column(EncryptedJSON, nullable=True)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Hourly rates entered with the plan, as typed decimals ("30.00"); the pay is computed
    # from them (MWP Conditions 2). A worker's pay is personal: encrypted.
    regular_rate: Mapped[str | None] = mapped_column(EncryptedText)
    position_rate: Mapped[str | None] = mapped_column(EncryptedText)


class PlanEvent(Base):
    """Something that happened to a case's plan: a check-in, an extension, a document."""

    __tablename__ = "plan_events"
    __table_args__ = (Index("ix_plan_events_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("temporary_plans.id"))
    kind: Mapped[str] = mapped_column(String(32))
    on_date: Mapped[date | None] = mapped_column(Date)  # the date the thing happened
    by: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    # Free text (notes, who confirmed) and values (old/new end): encrypted.
    detail: Mapped[Any] = mapped_column(EncryptedJSON)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class PlacementStep(Base):
    """One step of the permanent placement hierarchy, as the IMWT considered it."""

    __tablename__ = "placement_steps"
    __table_args__ = (UniqueConstraint("case_id", "step", name="uq_placement_steps_case_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 1..7
    considered: Mapped[bool] = mapped_column(Boolean, default=True)
    available: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(EncryptedText)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]


class Placement(Base):
    """The permanent placement chosen for a case, and the dates that follow from it."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    step: Mapped[int] = mapped_column(Integer)
    position: Mapped[str | None] = mapped_column(EncryptedText)  # the job, as typed
    chosen_by: Mapped[str] = mapped_column(String(32))
    chosen_at: Mapped[datetime]
    training_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    training_agreed_by: Mapped[str | None] = mapped_column(String(32))
    start: Mapped[date] = mapped_column(Date)
    training_start: Mapped[date | None] = mapped_column(Date)
    training_limit: Mapped[date | None] = mapped_column(Date)  # MWP Conditions 6: 1 year
    follow_up_dates: Mapped[Any] = mapped_column(JSON, default=list)  # ["YYYY-MM-DD"]
    follow_up_end: Mapped[date] = mapped_column(Date)  # MWP Permanent 4: 6 months
    # {"kinds": [...], "essential_duties": [str]}: the accommodation made (encrypted).
    accommodation: Mapped[Any | None] = mapped_column(EncryptedJSON, nullable=True)
