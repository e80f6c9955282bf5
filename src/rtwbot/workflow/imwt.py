"""The IMWT thread of a case, and what the team does in it.

Opening: the case's parent message is posted in the IMWT channel (reference, division, job,
kind, stage, functional restrictions and their expected duration, key dates — only what
`privacy.visible_to_all` lets every member of the thread see), each participant is named by
role, the ones not in the channel are invited in one batch, and the thread is recorded on
the case. Opening again reuses the thread; the parent is kept current with `chat.update`.

Then the team works there: temporary plans (proposal, union review, the plan document),
check-ins, extensions, a return to regular duties, the permanent 7-step checklist, a
mediation request, closing. Only the case's participants may act, each in their role.

Each action is split in two: the decision (`propose_plan`, `union_approve`...) checks, writes
the store and an audit event, and returns a `Result` whose `says` (thread replies, DMs) the
listener delivers; `after(result)` then does the Slack work that follows (editing the plan
message, refreshing the parent and the checklist, posting documents). A listener acks before
both, once the decision is made, so a modal gets its errors in time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

import dateparser
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtwbot.directory import Directory
from rtwbot.domain import privacy
from rtwbot.domain.accommodation import (
    PLACEMENT_STEP_LABELS,
    TEMPORARY_OPTION_LABELS,
    HierarchyError,
    PlacementChecklist,
    StepRecord,
    TemporaryOption,
    check_extension,
    check_plan_dates,
    check_return_to_regular_duties,
    check_temporary_option,
    check_training_willingness,
    follow_up_complete,
    follow_up_dates,
    follow_up_period_end,
    training_limit,
)
from rtwbot.domain.accommodation import PlacementStep as Step
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.domain.rules import CHECK_IN_INTERVAL_DAYS
from rtwbot.domain.stages import (
    Action,
    CloseReason,
    Stage,
    TransitionError,
    stage_label,
    transition,
)
from rtwbot.domain.wages import pay_rule_text
from rtwbot.forms import FormFillError, FormRegistry, build_form_context, fill
from rtwbot.store.audit_log import record_view
from rtwbot.store.cases import audit, case_by_reference
from rtwbot.store.imwt_models import (
    ACTIVE_PLAN_STATES,
    AGREED,
    CHANGES_REQUESTED,
    CHECK_IN,
    ENDED,
    EXTENDED,
    EXTENSION,
    INSURER_CONCURRENCE,
    MEDIATION_REQUESTED,
    MEDICAL_AUTHORIZATION,
    OPEN_PLAN_STATES,
    PERMANENT_RESTRICTIONS,
    PROPOSED,
    RECOMMENDATION,
    UNION_NO,
    UNION_NOT_ASKED,
    UNION_YES,
    ImwtThread,
    Placement,
    PlanEvent,
    TemporaryPlan,
)
from rtwbot.store.imwt_models import PlacementStep as StepRow
from rtwbot.store.models import Case, Document, FunctionalInfo
from rtwbot.workflow import team as teams
from rtwbot.workflow.outbox import Button, Say, escape
from rtwbot.workflow.team import Member

log = logging.getLogger(__name__)

NOT_ON_TEAM = "You are not on this case's team, so you can't act on it. Nothing was changed."
PLAN_TEMPLATE = "modified-work-plan"
# A claim on posting the parent older than this is taken to have crashed.
OPEN_CLAIM_TIMEOUT = timedelta(minutes=2)

KIND_LABELS = {
    "work_injury": "Work-related injury",
    "work_illness": "Work-related illness",
    "non_occupational": "Not work-related",
}
RETURN_STATUS_LABELS = {
    "no_restrictions": "can return with no restrictions",
    "with_restrictions": "can return with restrictions",
    "unable": "unable to return at this time",
}
OPTION_CODES = {
    TemporaryOption.OWN_JOB_MODIFIED: "a",
    TemporaryOption.SAME_DIVISION: "b",
    TemporaryOption.OTHER_DIVISION: "c",
}
CHECK_IN_STATUS = {
    "on_track": "on track",
    "needs_adjustment": "the plan needs adjusting",
    "struggling": "the employee is struggling with the plan",
    "no_contact": "could not reach the employee",
}
PERMANENT_SAID_BY = {
    "health_professional": "the health professional",
    "wsib": "the WSIB",
    "ltd": "the LTD carrier",
}
CLOSE_CATEGORIES = {
    "permanently_placed": "permanently placed, follow-up period complete",
    "resigned": "the employee resigned",
    "retired": "the employee retired",
    "employment_ended": "employment ended",
    "claim_not_accepted": "the claim was not accepted",
    "other": "another reason (noted in the case record)",
}

# --- who may do what -----------------------------------------------------------------------
R = Relation
_MANAGERS = frozenset({R.REPORTER, R.DIVISION_REP, R.HR})
_UNION_SIDE = frozenset({R.UNION, R.SAFETY_REP})
PERMISSIONS: Mapping[str, frozenset[Relation]] = {
    "open": frozenset({R.HR}),
    "propose": _MANAGERS,
    "union_review": _UNION_SIDE,
    "check_in": _MANAGERS,
    "extend": _MANAGERS | {R.INSURER},
    "return": _MANAGERS,
    "permanent": _MANAGERS,
    "record_step": _MANAGERS | _UNION_SIDE,
    "choose_step": _MANAGERS,
    "mediation": _MANAGERS | _UNION_SIDE,
    "close": frozenset({R.HR}),
    "union_authorization": frozenset({R.EMPLOYEE}),
}
ACTION_WORDS = {
    "open": "open the team thread",
    "propose": "propose a plan",
    "union_review": "review a plan for the union",
    "check_in": "record a check-in",
    "extend": "extend the plan",
    "return": "record a return to regular duties",
    "permanent": "start permanent accommodation",
    "record_step": "record a placement step",
    "choose_step": "choose a placement",
    "mediation": "ask for mediation",
    "close": "close the case",
    "union_authorization": "answer for the employee",
}
RELATION_WORDS = {
    R.EMPLOYEE: "the employee",
    R.REPORTER: "the supervisor",
    R.DIVISION_REP: "the division representative",
    R.HR: "HR",
    R.UNION: "the union representative",
    R.SAFETY_REP: "the union safety representative",
    R.INSURER: "the WSIB or LTD representative",
}


def allowed_relations(action: str, *, union_declined: bool = False) -> frozenset[Relation]:
    """The relations that may take `action`. When the employee declined union
    representation, HR does the plan review the union would have done."""
    allowed = PERMISSIONS[action]
    if action == "union_review" and union_declined:
        return frozenset({R.HR})
    return allowed


def refusal(rels: Iterable[Relation], action: str, *, union_declined: bool = False) -> str | None:
    """None when someone with these relations may take `action`, else the sentence to show."""
    rels = frozenset(rels)
    allowed = allowed_relations(action, union_declined=union_declined)
    if rels & allowed:
        return None
    if not rels - {R.NONE}:
        return NOT_ON_TEAM
    if rels == {R.EMPLOYEE} and action != "union_authorization":
        return NOT_ON_TEAM
    names = [RELATION_WORDS[r] for r in sorted(allowed, key=list(Relation).index)]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"Only {who} can {ACTION_WORDS[action]}. Nothing was changed."


# --- plain values from forms ----------------------------------------------------------------
def fmt(d: date | None) -> str:
    return "—" if d is None else f"{d:%a %b} {d.day}, {d.year}"


def as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_dates(text: str | None, today: date) -> tuple[list[date], list[str]]:
    """Dates typed in a list ("2026-12-07, Dec 14"): the ones read and the pieces not read."""
    found, bad = [], []
    for piece in re.split(r"[,;\n]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        d = as_date(piece)
        if d is None:
            parsed = dateparser.parse(
                piece, languages=["en"],
                settings={"PREFER_DATES_FROM": "future",
                          "RELATIVE_BASE": datetime.combine(today, time(12))})
            d = parsed.date() if parsed else None
        if d is None:
            bad.append(piece)
        else:
            found.append(d)
    return sorted(set(found)), bad


def weekly_reviews(start: date, end: date, calendar: WorkCalendar | None = None,
                   every_days: int = CHECK_IN_INTERVAL_DAYS) -> list[date]:
    """Reviews every week after `start` (moved to a business day), the last one at `end`."""
    out: list[date] = []
    d = start + timedelta(days=every_days)
    while d < end:
        moved = calendar.next_business_day(d) if calendar and not calendar.is_business_day(d) \
            else d
        if start <= moved <= end:
            out.append(moved)
        d += timedelta(days=every_days)
    if end not in out:
        out.append(end)
    return sorted(set(out))


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•*") for line in text.splitlines() if line.strip(" \t-•*")]


def _checked(values: Mapping[str, Any], key: str) -> bool:
    value = values.get(key)
    if isinstance(value, (list, tuple, set)):
        return bool(value)
    return bool(value) and value not in ("no", "false", "0")


@dataclass(frozen=True)
class PlanForm:
    option: TemporaryOption
    duties: tuple[str, ...]
    hours: str
    start: date
    end: date
    review_dates: tuple[date, ...]
    ruled_out: dict[str, str]

    @property
    def stored_ruled_out(self) -> dict[str, str]:
        return dict(self.ruled_out)


def read_plan_form(values: Mapping[str, Any], today: date,
                   calendar: WorkCalendar | None = None) -> tuple[PlanForm | None, dict[str, str]]:
    """The plan modal's values, checked against the program's rules. Errors are keyed by the
    modal's block ids: duties, hours, start, end, reviews, option, why_a, why_b, why_outside."""
    errors: dict[str, str] = {}
    duties = _lines(_text(values, "duties"))
    if not duties:
        errors["duties"] = "List the duties, one per line."
    hours = _text(values, "hours")
    if not hours:
        errors["hours"] = "Say the hours per day and how they increase."
    start, end = as_date(values.get("start")), as_date(values.get("end"))
    if start is None:
        errors["start"] = "Pick the start date."
    try:
        option = TemporaryOption(values.get("option") or "")
    except ValueError:
        option = None
        errors["option"] = "Pick option (a), (b) or (c)."
    reviews, bad = parse_dates(_text(values, "reviews"), today)
    if bad:
        errors["reviews"] = (f"I could not read {', '.join(bad[:3])} as a date; use "
                             "YYYY-MM-DD, separated by commas.")
    if start is not None and "reviews" not in errors:
        if end is not None and end > start and not reviews:
            reviews = weekly_reviews(start, end, calendar)
        problem = check_plan_dates(start, end, reviews)
        if problem:
            errors["end" if end is None or end <= start else "reviews"] = problem
    ruled_out = {TemporaryOption.OWN_JOB_MODIFIED.value: _text(values, "why_a"),
                 TemporaryOption.SAME_DIVISION.value: _text(values, "why_b")}
    ruled_out = {k: v for k, v in ruled_out.items() if v}
    outside = _checked(values, "outside_unit")
    why_outside = _text(values, "why_outside")
    if option is not None:
        problem = check_temporary_option(option, ruled_out, same_bargaining_unit=not outside,
                                         outside_unit_reason=why_outside)
        if problem:
            order = list(TemporaryOption)
            earlier = order[: order.index(option)]
            missing = [o for o in earlier if o.value not in ruled_out]
            key = ({TemporaryOption.OWN_JOB_MODIFIED: "why_a",
                    TemporaryOption.SAME_DIVISION: "why_b"}[missing[0]]
                   if missing else "why_outside")
            errors[key] = problem
    if errors:
        return None, errors
    # Reasons for options after the chosen one mean nothing: keep only the earlier ones.
    order = list(TemporaryOption)
    kept = {k: v for k, v in ruled_out.items()
            if order.index(TemporaryOption(k)) < order.index(option)}
    if option is TemporaryOption.OTHER_DIVISION and outside:
        kept["outside_unit"] = why_outside
    assert start is not None and end is not None and option is not None
    return PlanForm(option, tuple(duties), hours, start, end, tuple(reviews), kept), {}


# --- what the parent says must happen next ------------------------------------------------
@dataclass(frozen=True)
class Situation:
    stage: str
    plan_state: str | None = None
    plan_end: date | None = None
    review_dates: tuple[date, ...] = ()
    next_assessment: date | None = None
    next_step: int | None = None  # permanent: the first step not yet ruled out
    placement_start: date | None = None
    follow_ups: tuple[date, ...] = ()
    follow_up_end: date | None = None
    union_declined: bool = False


def next_date(sit: Situation, today: date) -> date | None:
    """The next date the team works to: a review, the plan's end, a follow-up, or the next
    medical assessment, whichever comes first from today."""
    candidates = [d for d in (*sit.review_dates, *sit.follow_ups) if d >= today]
    if sit.plan_state in ACTIVE_PLAN_STATES and sit.plan_end and sit.plan_end >= today:
        candidates.append(sit.plan_end)
    if sit.next_assessment and sit.next_assessment >= today:
        candidates.append(sit.next_assessment)
    if sit.stage == Stage.CLOSED:
        return None
    return min(candidates, default=None)


def who_must_act(sit: Situation, today: date) -> str:
    stage = sit.stage
    if stage == Stage.CLOSED:
        return "Nobody: the case is closed."
    if stage in (Stage.REPORTED, Stage.AWAITING_FUNCTIONAL_INFO):
        return ("The employee: bring back the functional abilities form from the health "
                "professional.")
    if stage == Stage.PERMANENT_ACCOMMODATION:
        if sit.placement_start is None:
            if sit.next_step is None:
                return "The team: every step is ruled out; HR to decide the next move."
            label = PLACEMENT_STEP_LABELS[Step(sit.next_step)]
            return f"The team: consider step {sit.next_step} ({label})."
        if sit.follow_up_end and today >= sit.follow_up_end:
            return "HR: close the case — the follow-up period is complete."
        return "HR and the supervisor: follow up on the placement."
    if sit.plan_state == PROPOSED:
        if sit.union_declined:
            return ("HR: review the proposed plan (the employee declined union "
                    "representation).")
        return "The union representative: review the proposed plan."
    if sit.plan_state == CHANGES_REQUESTED:
        return "The supervisor and HR: revise the plan and propose it again."
    if sit.plan_state in ACTIVE_PLAN_STATES:
        if sit.plan_end and today > sit.plan_end:
            return ("The team: the plan has ended — extend it, record a return to regular "
                    "duties, or start permanent accommodation.")
        return "The supervisor: check in with the employee at each review."
    if stage == Stage.STALLED:
        return "HR or the union: follow up on the mediation request."
    return ("The supervisor and HR: propose a temporary plan (or start permanent "
            "accommodation if the restrictions are permanent).")


# --- the Slack the workflow needs ---------------------------------------------------------
class ThreadSlack(Protocol):
    def channel_id(self, name: str) -> str | None: ...

    def post(self, say: Say) -> str | None: ...  # the message ts

    def update(self, channel: str, ts: str, say: Say) -> None: ...

    def members(self, channel: str) -> set[str]: ...

    def invite(self, channel: str, users: Sequence[str]) -> dict[str, str]: ...  # failures

    def upload(self, channel: str, thread_ts: str | None, filename: str, content: bytes,
               title: str, comment: str) -> str | None: ...  # the file id

    def dm_channel(self, user: str) -> str: ...


class PeoplePort(Protocol):
    def user(self, user_id: str) -> dict | None: ...

    def by_email(self, email: str) -> str | None: ...

    def name(self, user_id: str) -> str: ...


# --- what the Slack layer renders ------------------------------------------------------------
@dataclass(frozen=True)
class ParentView:
    """The case's parent message: only fields every thread member may see."""

    reference: str
    fields: dict[str, Any]  # Field value -> text or list of texts
    team: tuple[tuple[str, str], ...]  # (who, roles)
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ChecklistView:
    reference: str
    steps: tuple[tuple[int, str, str], ...]  # (step, label, status)
    chosen: int | None
    next_step: int | None
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ModalContext:
    """What a modal needs to show, decided by the workflow."""

    action: str
    reference: str
    today: date
    plan_id: int | None = None
    start: date | None = None
    end: date | None = None
    insurer: str | None = None  # "the WSIB" / "the LTD carrier" when its concurrence counts
    next_step: int | None = None
    restrictions: tuple[str, ...] = ()
    work_related: bool = True
    message_ts: str | None = None  # the message whose button opened the modal


@dataclass
class Result:
    case_id: int | None = None
    says: list[Say] = field(default_factory=list)  # thread replies and DMs, in order
    errors: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None
    refresh: bool = False
    checklist: bool = False
    documents: list[int] = field(default_factory=list)  # plan ids
    edits: list[tuple[str, str, Say]] = field(default_factory=list)  # (channel, ts, say)

    @property
    def ok(self) -> bool:
        return not self.errors and self.refusal is None


def _refused(text: str) -> Result:
    return Result(refusal=text)


@dataclass
class _Ctx:
    case: Case
    thread: ImwtThread | None
    members: list[Member]
    people: privacy.CasePeople

    @property
    def union_declined(self) -> bool:
        return self.thread is not None and self.thread.union_authorized == UNION_NO

    @property
    def work_related(self) -> bool:
        return self.case.kind in teams.WORK_RELATED_KINDS

    def in_slack(self, role: str) -> list[str]:
        return list(dict.fromkeys(m.slack_id for m in self.members
                                  if m.role == role and m.in_slack and m.slack_id))

    def insurer(self) -> Member | None:
        return next((m for m in self.members if m.role == teams.INSURER), None)


def thread_of(s: Session, case_id: int) -> ImwtThread | None:
    return s.scalar(select(ImwtThread).where(ImwtThread.case_id == case_id))


def case_for_thread(s: Session, channel: str, thread_ts: str) -> Case | None:
    """The case whose IMWT thread this is (a thread message's channel + thread ts)."""
    row = s.scalar(select(ImwtThread).where(ImwtThread.channel == channel,
                                            ImwtThread.ts == thread_ts))
    return s.get(Case, row.case_id) if row else None


def latest_functional(s: Session, case_id: int) -> dict[str, Any]:
    """The newest functional abilities of a case (never its comments)."""
    row = s.scalar(select(FunctionalInfo).where(FunctionalInfo.case_id == case_id)
                   .order_by(FunctionalInfo.received_at.desc(), FunctionalInfo.id.desc())
                   .limit(1))
    return dict(row.abilities or {}) if row else {}


def _plan(s: Session, case_id: int, states: Iterable[str] | None = None) -> TemporaryPlan | None:
    q = select(TemporaryPlan).where(TemporaryPlan.case_id == case_id)
    if states is not None:
        q = q.where(TemporaryPlan.state.in_(tuple(states)))
    return s.scalar(q.order_by(TemporaryPlan.number.desc()).limit(1))


def _checklist(s: Session, case_id: int) -> PlacementChecklist:
    rows = list(s.scalars(select(StepRow).where(StepRow.case_id == case_id)))
    records = tuple(sorted((StepRecord(Step(r.step), r.available, r.reason or "")
                            for r in rows), key=lambda r: r.step))
    chosen = next((Step(r.step) for r in rows if r.chosen), None)
    return PlacementChecklist(records=records, chosen=chosen)


def _dates(values: Iterable[Any]) -> tuple[date, ...]:
    return tuple(d for d in (as_date(v) for v in values or ()) if d is not None)


class ImwtWorkflow:
    def __init__(self, db, clock, calendar: WorkCalendar, directory: Directory,
                 forms: FormRegistry, people: PeoplePort, slack: ThreadSlack):
        self.db, self.clock, self.calendar = db, clock, calendar
        self.directory, self.forms, self.people, self.slack = directory, forms, people, slack

    # ----------------------------------------------------------------- helpers
    def _today(self) -> date:
        return self.calendar.local_date(self.clock.now())

    def _ctx(self, s: Session, case: Case) -> _Ctx:
        thread = thread_of(s, case.id)
        members = teams.load_team(s, case.id)
        people = teams.case_people(case, members, thread.union_authorized if thread else None)
        return _Ctx(case, thread, members, people)

    def _load(self, s: Session, reference: str) -> _Ctx | None:
        case = case_by_reference(s, reference or "")
        return None if case is None else self._ctx(s, case)

    def _authorize(self, s: Session, ctx: _Ctx | None, user: str, action: str) -> str | None:
        if ctx is None:
            return privacy.NOTHING_TO_SHOW
        rels = privacy.relations(user, ctx.people)
        why = refusal(rels, action, union_declined=ctx.union_declined)
        if why is not None:
            audit(s, at=self.clock.now(), actor=user, action="imwt.refused",
                  case_id=ctx.case.id, attempted=action,
                  why="not_on_team" if why == NOT_ON_TEAM else "role")
        return why

    def _reply(self, ctx: _Ctx, text: str, buttons: tuple[Button, ...] = (),
               events: tuple[tuple[str, int], ...] = ()) -> Say:
        assert ctx.thread is not None
        return Say(text=text, channel=ctx.thread.channel, thread_ts=ctx.thread.ts,
                   buttons=buttons, events=events)

    def _mentions(self, ctx: _Ctx, *roles: str) -> str:
        ids = [i for role in roles for i in ctx.in_slack(role)
               if not (role in (teams.UNION, teams.SAFETY_REP) and ctx.union_declined)]
        return " ".join(f"<@{i}>" for i in dict.fromkeys(ids))

    def _move(self, case: Case, action: Action, now: datetime) -> str | None:
        """Move the case's stage; the refusal sentence if the program does not allow it."""
        try:
            new = transition(case.stage, action)
        except TransitionError as exc:
            return str(exc)
        case.stage, case.updated_at = new.value, now
        return None

    # ----------------------------------------------------------------- opening the thread
    def open_thread(self, case_id: int, actor: str | None = None,
                    note: str | None = None) -> list[Say]:
        """Open (or reuse) the case's thread; on reuse, `note` is said in the thread."""
        now = self.clock.now()
        with self.db.session() as s:
            case = s.get(Case, case_id)
            if case is None or case.stage == Stage.CLOSED:
                return []
            exists = thread_of(s, case_id) is not None
        if not exists:
            try:
                with self.db.session() as s:
                    s.add(ImwtThread(case_id=case_id, union_authorized=UNION_NOT_ASKED,
                                     created_at=now, updated_at=now))
            except IntegrityError:
                pass  # another delivery made the row first: the claim below decides
        members = teams.resolve_team(case, self.directory, self.people.user, self.people.by_email)
        channel = self.slack.channel_id(self.directory.channels.imwt)
        hr = [m.slack_id for m in members if m.role == teams.HR and m.in_slack and m.slack_id]
        if channel is None:
            log.warning("Cannot open the IMWT thread of case %s: no channel", case_id)
            return [Say(text=(f"*{case.reference}*: I could not open the team thread: I am not "
                              f"in #{self.directory.channels.imwt} (or it does not exist). "
                              "Please invite me there, then run `/rtw team "
                              f"{case.reference}`."), to_user=u) for u in dict.fromkeys(hr)]
        with self.db.session() as s:
            teams.save_team(s, case_id, members, now)
            thread = thread_of(s, case_id)
            assert thread is not None
            reused = thread.ts is not None
            if not reused:
                claimed = s.execute(
                    update(ImwtThread)
                    .where(ImwtThread.id == thread.id, ImwtThread.ts.is_(None),
                           (ImwtThread.opened_at.is_(None))
                           | (ImwtThread.opened_at < now - OPEN_CLAIM_TIMEOUT))
                    .values(opened_at=now, opened_by=actor or "rtwbot", channel=channel)
                    .execution_options(synchronize_session=False)).rowcount == 1
                if not claimed:
                    return []  # another delivery is opening it right now
        if not reused:
            with self.db.session() as s:
                ctx = self._ctx(s, s.get(Case, case_id))
                parent = self._parent_say(s, ctx, channel=channel)
            ts = self.slack.post(parent)
            with self.db.session() as s:
                thread = thread_of(s, case_id)
                thread.ts, thread.updated_at = ts, now
        else:
            self.refresh_parent(case_id)
        with self.db.session() as s:
            ctx = self._ctx(s, s.get(Case, case_id))
            inviting = [m for m in members if m.slack_id in self._audience_ids(ctx)]
        failures = self._invite(channel, inviting)
        says: list[Say] = []
        with self.db.session() as s:
            case = s.get(Case, case_id)
            ctx = self._ctx(s, case)
            audit(s, at=now, actor=actor or "rtwbot", action="imwt.thread_opened",
                  case_id=case_id, channel=channel, reused=reused,
                  members=sum(1 for m in members if m.in_slack), invite_failures=len(failures),
                  unresolved=sum(1 for m in members if m.problem))
            for viewer in self._audience_ids(ctx):
                record_view(s, at=now, viewer=viewer, case_id=case_id, view=View.IMWT_THREAD)
            problems = self._problem_lines(members, failures)
            if problems:
                text = (f"*{case.reference}*: I could not bring everyone into the team thread.\n"
                        + "\n".join(problems)
                        + "\nPlease fix the directory (`rtwbot directory check` lists every "
                        "problem) and run `/rtw team " + case.reference + "` again.")
                targets = ctx.in_slack(teams.HR)
                says += [Say(text=text, to_user=u) for u in targets]
                if not targets:
                    hr_channel = self.slack.channel_id(self.directory.channels.hr)
                    if hr_channel:
                        says.append(Say(text=text, channel=hr_channel))
            if reused and note:
                says.append(self._reply(ctx, note))
            if not reused:
                says.append(self._reply(
                    ctx, f"Team, this is the thread for *{case.reference}*. "
                         + self._mentions(ctx, teams.REPORTER, teams.DIVISION_REP, teams.HR,
                                          teams.UNION, teams.SAFETY_REP, teams.INSURER)
                         + "\nUse the buttons above. Functional abilities only here — never a "
                           "diagnosis; please don't type one."))
            ask = self._ask_union_authorization(s, ctx, now)
            if ask:
                says.append(ask)
        return says

    def on_functional_info(self, case_id: int) -> list[Say]:
        """Follow-up of `functional_info_recorded`: open the thread, or update it."""
        return self.open_thread(case_id, note=(
            "New functional information is recorded: the restrictions and dates above are "
            "updated. Check that the plan still fits them."))

    def open_by_reference(self, reference: str, user: str) -> list[Say]:
        """HR's `/rtw team RTW-...`: open the thread by hand (or refresh it)."""
        with self.db.session() as s:
            case = case_by_reference(s, reference or "")
            if case is None:
                return [Say(text=privacy.NOTHING_TO_SHOW, to_user=user)]
            ctx = self._ctx(s, case)
            # The stored team may not exist yet: HR is who the directory says.
            hr_ids = {teams.resolve_entry(teams.Entry(teams.HR, ref), self.people.user,
                                          self.people.by_email).slack_id
                      for ref in self.directory.hr_for(case.division)}
            if user not in hr_ids:
                why = self._authorize(s, ctx, user, "open")
                if why is not None:
                    return [Say(text=privacy.NOTHING_TO_SHOW
                                if why == NOT_ON_TEAM else why, to_user=user)]
            if case.stage == Stage.CLOSED:
                return [Say(text=f"*{case.reference}* is closed, so it has no open team "
                                 "thread.", to_user=user)]
            case_id, had = case.id, bool(ctx.thread and ctx.thread.ts)
        says = self.open_thread(case_id, actor=user)
        with self.db.session() as s:
            thread = thread_of(s, case_id)
            where = f"#{self.directory.channels.imwt}"
        done = (f"The team thread for *{reference.upper()}* was already open in {where}: I "
                "refreshed its summary and invited anyone missing." if had else
                f"I opened the team thread for *{reference.upper()}* in {where}.")
        if thread is None or thread.ts is None:
            done = f"I could not open the team thread for *{reference.upper()}* yet."
        return [Say(text=done, to_user=user), *says]

    def _audience_ids(self, ctx: _Ctx) -> list[str]:
        """The team members who read the thread (the employee is not in the channel)."""
        ids = []
        for m in ctx.members:
            if m.role == teams.EMPLOYEE or not m.in_slack or not m.slack_id:
                continue
            if Relation.NONE in privacy.relations(m.slack_id, ctx.people):
                continue  # e.g. a union rep after the employee declined representation
            ids.append(m.slack_id)
        if ctx.case.supervisor_id not in ids:
            ids.append(ctx.case.supervisor_id)
        return list(dict.fromkeys(ids))

    def _audience(self, ctx: _Ctx) -> list[frozenset[Relation]]:
        return [privacy.relations(i, ctx.people) for i in self._audience_ids(ctx)]

    def _invite(self, channel: str, members: Sequence[Member]) -> dict[str, str]:
        wanted = [m.slack_id for m in members
                  if m.role != teams.EMPLOYEE and m.in_slack and m.slack_id]
        wanted = list(dict.fromkeys(wanted))
        try:
            present = self.slack.members(channel)
        except Exception:  # noqa: BLE001 - inviting is best effort; the invite call decides
            log.exception("Could not read the members of the IMWT channel")
            present = set()
        missing = [u for u in wanted if u not in present]
        if not missing:
            return {}
        return self.slack.invite(channel, missing)

    def _problem_lines(self, members: Sequence[Member], failures: Mapping[str, str]) -> list[str]:
        lines = []
        for m in members:
            role = teams.ROLE_LABELS.get(m.role, m.role)
            if m.resolved_by == teams.NOT_FOUND:
                lines.append(f"• {role}: {escape(m.ref)} — Slack has no such user.")
            elif m.resolved_by == teams.DEACTIVATED:
                lines.append(f"• {role}: {escape(m.ref)} — the Slack account is deactivated.")
        for user, error in failures.items():
            lines.append(f"• <@{user}> could not be added to the channel ({error}).")
        return lines

    def _ask_union_authorization(self, s: Session, ctx: _Ctx, now: datetime) -> Say | None:
        """Ask the employee once whether the union may represent them."""
        thread = ctx.thread
        if (thread is None or thread.union_authorized != UNION_NOT_ASKED
                or thread.union_asked_at is not None or not ctx.case.employee_user_id
                or not ctx.in_slack(teams.UNION)):
            return None
        thread.union_asked_at = now
        ref = ctx.case.reference
        return Say(
            text=(f"Your return-to-work team for *{ref}* is being set up. Your union "
                  "representative normally takes part and reviews every modified work plan "
                  "with you.\n*Do you authorize the union to represent you in your return to "
                  "work?* You can change your mind later by telling HR."),
            to_user=ctx.case.employee_user_id,
            buttons=(Button("Yes, the union may represent me", "imwt_union_yes", ref, "primary"),
                     Button("No", "imwt_union_no", ref)),
        )

    # ----------------------------------------------------------------- the parent message
    def _situation(self, s: Session, ctx: _Ctx, abilities: Mapping[str, Any]) -> Situation:
        plan = _plan(s, ctx.case.id, OPEN_PLAN_STATES)
        placement = s.scalar(select(Placement).where(Placement.case_id == ctx.case.id))
        nxt = _checklist(s, ctx.case.id).next_to_consider()
        return Situation(
            stage=ctx.case.stage,
            plan_state=plan.state if plan else None,
            plan_end=plan.end if plan else None,
            review_dates=_dates(plan.review_dates) if plan else (),
            next_assessment=as_date(abilities.get("next_assessment")),
            next_step=int(nxt) if nxt else None,
            placement_start=placement.start if placement else None,
            follow_ups=_dates(placement.follow_up_dates) if placement else (),
            follow_up_end=placement.follow_up_end if placement else None,
            union_declined=ctx.union_declined,
        )

    def _parent_fields(self, s: Session, ctx: _Ctx) -> dict[str, Any]:
        case, today = ctx.case, self._today()
        abilities = latest_functional(s, case.id)
        sit = self._situation(s, ctx, abilities)
        raw: dict[str, Any] = {
            Field.REFERENCE: case.reference,
            Field.EMPLOYEE_NAME: case.employee_name,
            Field.DIVISION: case.division,
            Field.JOB_TITLE: case.job_title,
            Field.KIND: KIND_LABELS.get(case.kind, case.kind),
            Field.STAGE: stage_label(case.stage),
            Field.REPORTED_AT: fmt(self.calendar.local_date(case.learned_at)),
            Field.WHO_MUST_ACT: who_must_act(sit, today),
        }
        nd = next_date(sit, today)
        if nd:
            raw[Field.NEXT_DATE] = fmt(nd)
        if abilities:
            raw[Field.RESTRICTIONS] = [str(r) for r in abilities.get("restrictions") or []] \
                or ["No restrictions recorded"]
            if abilities.get("expected_duration"):
                raw[Field.EXPECTED_DURATION] = str(abilities["expected_duration"])
            if as_date(abilities.get("next_assessment")):
                raw[Field.NEXT_ASSESSMENT] = fmt(as_date(abilities.get("next_assessment")))
            status = RETURN_STATUS_LABELS.get(abilities.get("return_status") or "")
            if status:
                raw[Field.RTW_STATUS] = status
        plan = _plan(s, case.id, OPEN_PLAN_STATES)
        if plan is not None:
            raw[Field.PLAN_OPTION] = (f"Plan #{plan.number} ({plan.state.replace('_', ' ')}): "
                                      + TEMPORARY_OPTION_LABELS[TemporaryOption(plan.option)])
            raw[Field.PLAN_START] = fmt(plan.start)
            raw[Field.PLAN_END] = fmt(plan.end)
            upcoming = [d for d in _dates(plan.review_dates) if d >= today]
            if upcoming:
                raw[Field.REVIEW_DATES] = ", ".join(fmt(d) for d in upcoming[:4])
        placement = s.scalar(select(Placement).where(Placement.case_id == case.id))
        if placement is not None:
            raw[Field.PLACEMENT_STEP] = (
                f"Step {placement.step} ({PLACEMENT_STEP_LABELS[Step(placement.step)]}), "
                f"from {fmt(placement.start)}; follow-ups to {fmt(placement.follow_up_end)}, "
                f"training at most to {fmt(placement.training_limit)}")
        if ctx.thread is not None:
            raw[Field.UNION_AUTHORIZED] = {
                UNION_YES: "the employee authorized union representation",
                UNION_NO: "the employee declined union representation",
            }.get(ctx.thread.union_authorized, "not asked yet")
        if case.stage == Stage.CLOSED:
            raw[Field.CLOSED_AT] = fmt(self.calendar.local_date(case.closed_at)) \
                if case.closed_at else "—"
            raw[Field.CLOSE_REASON] = (case.close_reason or "").replace("_", " ")
        allowed = privacy.visible_to_all(self._audience(ctx), View.IMWT_THREAD)
        return {str(k): v for k, v in raw.items() if k in allowed and v not in (None, "")}

    def _team_lines(self, ctx: _Ctx, show_contacts: bool) -> tuple[tuple[str, str], ...]:
        if not show_contacts:
            return ()
        order: dict[str, list[str]] = {}
        for m in ctx.members:
            label = teams.ROLE_LABELS.get(m.role, m.role)
            if m.role == teams.INSURER and m.label:
                label = f"{label} ({escape(m.label)})"
            if m.role == teams.EMPLOYEE:
                who = escape(ctx.case.employee_name or "The employee")
                label += " — not in this channel; kept informed by direct message"
            elif m.in_slack:
                who = f"<@{m.slack_id}>"
                if m.role in (teams.UNION, teams.SAFETY_REP) and ctx.union_declined:
                    label += " — not taking part: the employee declined union representation"
            elif m.resolved_by == teams.NOT_IN_SLACK:
                who = escape(m.label or m.ref)
                label += " — not in Slack; HR liaises by email"
            else:
                who = escape(m.ref)
                label += (" — deactivated in Slack" if m.resolved_by == teams.DEACTIVATED
                          else " — not found in Slack")
            order.setdefault(who, []).append(label)
        return tuple((who, "; ".join(roles)) for who, roles in order.items())

    def _parent_buttons(self, s: Session, ctx: _Ctx) -> tuple[Button, ...]:
        ref, stage = ctx.case.reference, ctx.case.stage
        if stage == Stage.CLOSED:
            return ()
        plan = _plan(s, ctx.case.id, OPEN_PLAN_STATES)
        active = plan is not None and plan.state in ACTIVE_PLAN_STATES
        b: list[Button] = []
        if stage in (Stage.FUNCTIONAL_INFO_RECEIVED, Stage.STALLED,
                     Stage.TEMPORARY_MODIFIED_WORK) and not active:
            b.append(Button("Propose temporary plan", "imwt_propose", ref, "primary"))
        if stage != Stage.REPORTED:
            b.append(Button("Record check-in", "imwt_check_in", ref))
        if active:
            b += [Button("Extend plan", "imwt_extend", ref),
                  Button("Return to regular duties", "imwt_return", ref)]
        if stage in (Stage.FUNCTIONAL_INFO_RECEIVED, Stage.TEMPORARY_MODIFIED_WORK,
                     Stage.STALLED):
            b.append(Button("Permanent accommodation", "imwt_permanent", ref))
        if ctx.work_related and stage not in (Stage.REPORTED, Stage.STALLED):
            b.append(Button("Ask for WSIB mediation", "imwt_mediation", ref))
        b.append(Button("Close case", "imwt_close", ref, "danger"))
        return tuple(b)

    def _parent_say(self, s: Session, ctx: _Ctx, channel: str | None = None) -> Say:
        fields = self._parent_fields(s, ctx)
        show_contacts = Field.HR_CONTACT in privacy.visible_to_all(self._audience(ctx),
                                                                   View.IMWT_THREAD)
        view = ParentView(reference=ctx.case.reference, fields=fields,
                          team=self._team_lines(ctx, show_contacts),
                          buttons=self._parent_buttons(s, ctx))
        text = f"{ctx.case.reference} — individual modified work team"
        return Say(text=text, channel=channel or (ctx.thread.channel if ctx.thread else None),
                   extra={"imwt_parent": view})

    def refresh_parent(self, case_id: int) -> None:
        with self.db.session() as s:
            case = s.get(Case, case_id)
            ctx = self._ctx(s, case)
            if ctx.thread is None or not ctx.thread.ts or not ctx.thread.channel:
                return
            say = self._parent_say(s, ctx)
            channel, ts = ctx.thread.channel, ctx.thread.ts
        self.slack.update(channel, ts, say)

    # ----------------------------------------------------------------- the checklist message
    def _checklist_say(self, s: Session, ctx: _Ctx) -> Say:
        checklist = _checklist(s, ctx.case.id)
        steps = []
        for step in Step:
            rec = checklist.record(step)
            if checklist.chosen is step:
                status = "chosen"
            elif rec is None:
                status = "not considered yet"
            elif rec.available:
                status = "available"
            else:
                status = f"not available — {escape(rec.reason)}"
            steps.append((int(step), PLACEMENT_STEP_LABELS[step], status))
        nxt = checklist.next_to_consider()
        ref = ctx.case.reference
        buttons: tuple[Button, ...] = ()
        if checklist.chosen is None and ctx.case.stage == Stage.PERMANENT_ACCOMMODATION:
            buttons = (Button("Record a step", "imwt_step_record", ref),
                       Button("Choose a placement", "imwt_step_choose", ref, "primary"))
        view = ChecklistView(reference=ref, steps=tuple(steps),
                             chosen=int(checklist.chosen) if checklist.chosen else None,
                             next_step=int(nxt) if nxt else None, buttons=buttons)
        assert ctx.thread is not None
        return Say(text=f"{ref}: permanent placement checklist", channel=ctx.thread.channel,
                   thread_ts=ctx.thread.ts, extra={"imwt_checklist": view})

    def refresh_checklist(self, case_id: int) -> None:
        with self.db.session() as s:
            case = s.get(Case, case_id)
            ctx = self._ctx(s, case)
            if ctx.thread is None or not ctx.thread.ts:
                return
            say = self._checklist_say(s, ctx)
            existing = ctx.thread.checklist_ts
        if existing:
            self.slack.update(say.channel or "", existing, say)
            return
        ts = self.slack.post(say)
        with self.db.session() as s:
            thread_of(s, case_id).checklist_ts = ts

    # ----------------------------------------------------------------- modals
    def prepare(self, reference: str, user: str, action: str, plan_id: int | None = None,
                modal: str | None = None, message_ts: str | None = None) -> ModalContext | str:
        """What a modal for `action` needs, or the refusal to show instead of opening it."""
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, action)
            if why is not None:
                return why
            case, today = ctx.case, self._today()
            if case.stage == Stage.CLOSED:
                return "This case is closed."
            abilities = latest_functional(s, case.id)
            plan = _plan(s, case.id, ACTIVE_PLAN_STATES)
            insurer = ctx.insurer()
            start = self.calendar.next_business_day(today)
            end = as_date(abilities.get("next_assessment"))
            if action == "extend" and plan is None:
                return "There is no agreed plan to extend."
            if action == "return" and plan is None and case.stage != Stage.TEMPORARY_MODIFIED_WORK:
                return "There is no agreed temporary plan to return from."
            if action == "propose" and plan is not None:
                return ("A plan is already agreed: extend it, record a return to regular duties "
                        "or start permanent accommodation instead.")
            if action in ("record_step", "choose_step") and \
                    case.stage != Stage.PERMANENT_ACCOMMODATION:
                return "Start permanent accommodation first."
            nxt = _checklist(s, case.id).next_to_consider()
            return ModalContext(
                action=modal or action, reference=case.reference, today=today, plan_id=plan_id or (
                    plan.id if plan else None),
                start=plan.start if plan and action != "propose" else start,
                end=plan.end if plan and action != "propose" else (
                    end if end and end > start else None),
                insurer=("the WSIB" if ctx.work_related else "the LTD carrier")
                if insurer is not None else None,
                next_step=int(nxt) if nxt else None,
                restrictions=tuple(str(r) for r in abilities.get("restrictions") or ()),
                work_related=ctx.work_related,
                message_ts=message_ts,
            )

    # ----------------------------------------------------------------- temporary plans
    def propose_plan(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "propose")
            if why:
                return _refused(why)
            case = ctx.case
            if case.stage not in (Stage.FUNCTIONAL_INFO_RECEIVED, Stage.STALLED,
                                  Stage.TEMPORARY_MODIFIED_WORK):
                return _refused(f'A case at "{stage_label(case.stage)}" cannot take a '
                                "temporary plan now.")
            if _plan(s, case.id, ACTIVE_PLAN_STATES) is not None:
                return _refused("A plan is already agreed: extend it, record a return to "
                                "regular duties or start permanent accommodation instead.")
            form, errors = read_plan_form(values, self._today(), self.calendar)
            if form is None:
                audit(s, at=now, actor=user, action="imwt.plan_refused", case_id=case.id,
                      fields=sorted(errors))
                return Result(case_id=case.id, errors=errors)
            earlier = _plan(s, case.id, (PROPOSED, CHANGES_REQUESTED))
            if earlier is not None:
                earlier.state, earlier.ended_at, earlier.ended_reason = ENDED, now, "superseded"
            number = (s.scalar(select(func.max(TemporaryPlan.number))
                               .where(TemporaryPlan.case_id == case.id)) or 0) + 1
            plan = TemporaryPlan(
                case_id=case.id, number=number, state=PROPOSED, option=form.option.value,
                ruled_out=form.stored_ruled_out, duties=list(form.duties), hours=form.hours,
                start=form.start, end=form.end,
                review_dates=[d.isoformat() for d in form.review_dates],
                proposed_by=user, proposed_at=now, created_at=now, updated_at=now)
            s.add(plan)
            s.flush()
            audit(s, at=now, actor=user, action="imwt.plan_proposed", case_id=case.id,
                  plan=number, option=OPTION_CODES[form.option], start=form.start.isoformat(),
                  end=form.end.isoformat())
            text = self._plan_text(ctx, plan, f"proposed by <@{user}>")
            reviewers = (self._mentions(ctx, teams.HR) if ctx.union_declined
                         else self._mentions(ctx, teams.UNION, teams.SAFETY_REP))
            text += (f"\n{reviewers or 'Union representative'}: please review it — approve it "
                     "or ask for changes. A plan is agreed only after the union's approval."
                     if not ctx.union_declined else
                     f"\n{reviewers or 'HR'}: the employee declined union representation, so "
                     "HR reviews the plan.")
            value = f"{case.reference}|{plan.id}"
            say = self._reply(ctx, text, buttons=(
                Button("Approve plan", "imwt_approve", value, "primary"),
                Button("Ask for changes", "imwt_changes", value)),
                events=(("imwt_plan_proposed", case.id), ("case_changed", case.id)))
            return Result(case_id=case.id, says=[say], refresh=True)

    def _plan_text(self, ctx: _Ctx, plan: TemporaryPlan, what: str) -> str:
        option = TemporaryOption(plan.option)
        lines = [f"*Temporary modified work plan #{plan.number}* for *{ctx.case.reference}*, "
                 f"{what}",
                 f"*Option:* {TEMPORARY_OPTION_LABELS[option]}"]
        reasons = dict(plan.ruled_out or {})
        for opt in TemporaryOption:
            if opt.value in reasons:
                lines.append(f"• Not {TEMPORARY_OPTION_LABELS[opt]}: {escape(reasons[opt.value])}")
        if reasons.get("outside_unit"):
            lines.append(f"• Outside the bargaining unit because: "
                         f"{escape(reasons['outside_unit'])}")
        lines.append("*Duties:*")
        lines += [f"• {escape(d)}" for d in plan.duties or []]
        lines.append(f"*Hours:* {escape(plan.hours)}")
        lines.append(f"*Dates:* {fmt(plan.start)} to {fmt(plan.end)} (the end the health "
                     "professional estimated)")
        lines.append("*Reviews:* " + (", ".join(fmt(d) for d in _dates(plan.review_dates))
                                      or "—"))
        lines.append(f"*Pay:* {pay_rule_text(ctx.case.kind, 'temporary')}")
        return "\n".join(lines)

    def union_approve(self, reference: str, plan_id: int | None, user: str,
                      message_ts: str | None = None) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "union_review")
            if why:
                return _refused(why)
            case = ctx.case
            plan = s.get(TemporaryPlan, plan_id) if plan_id else _plan(s, case.id, (PROPOSED,))
            if plan is None or plan.case_id != case.id:
                return _refused("There is no plan waiting for review.")
            if plan.state != PROPOSED:
                return _refused(f"Plan #{plan.number} is {plan.state.replace('_', ' ')}, not "
                                "waiting for review.")
            if case.stage != Stage.TEMPORARY_MODIFIED_WORK:
                moved = self._move(case, Action.START_TEMPORARY_PLAN, now)
                if moved:
                    return _refused(moved)
            plan.state, plan.updated_at = AGREED, now
            plan.union_approved_by, plan.union_approved_at = user, now
            plan.union_waived = ctx.union_declined
            audit(s, at=now, actor=user, action="imwt.plan_agreed", case_id=case.id,
                  plan=plan.number, union_waived=plan.union_waived)
            who = "HR (the employee declined union representation)" if plan.union_waived \
                else "the union"
            say = self._reply(
                ctx, f":white_check_mark: Plan #{plan.number} is *agreed*: approved by <@{user}> "
                     f"for {who}. It runs {fmt(plan.start)} to {fmt(plan.end)}. The plan "
                     "document follows.",
                events=(("imwt_plan_agreed", case.id), ("case_changed", case.id)))
            edits = []
            if message_ts and ctx.thread:
                edits.append((ctx.thread.channel, message_ts, self._reply(
                    ctx, self._plan_text(ctx, plan, f"approved by <@{user}>"))))
            says = [say]
            if case.employee_user_id:
                says.append(Say(text=(f"Your temporary modified work plan for *{case.reference}* "
                                      f"is agreed: {fmt(plan.start)} to {fmt(plan.end)}. Your copy "
                                      "of the plan follows. Ask me *status* any time."),
                                to_user=case.employee_user_id))
            return Result(case_id=case.id, says=says, refresh=True, documents=[plan.id],
                          edits=edits)

    def request_changes(self, reference: str, plan_id: int | None, user: str,
                        values: Mapping[str, Any], message_ts: str | None = None) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "union_review")
            if why:
                return _refused(why)
            case = ctx.case
            plan = s.get(TemporaryPlan, plan_id) if plan_id else _plan(s, case.id, (PROPOSED,))
            if plan is None or plan.case_id != case.id or plan.state != PROPOSED:
                return _refused("There is no plan waiting for review.")
            note = _text(values, "note")
            if not note:
                return Result(case_id=case.id, errors={"note": "Say what should change."})
            plan.state, plan.updated_at = CHANGES_REQUESTED, now
            plan.changes_requested_by, plan.changes_note = user, note
            audit(s, at=now, actor=user, action="imwt.plan_changes_requested", case_id=case.id,
                  plan=plan.number)
            say = self._reply(ctx, f"<@{user}> asked for changes to plan #{plan.number}:\n"
                                   f"> {escape(note)}\n"
                                   f"{self._mentions(ctx, teams.REPORTER, teams.HR)} please "
                                   "revise it and propose it again (button above).",
                              events=(("case_changed", case.id),))
            edits = []
            if message_ts and ctx.thread:
                edits.append((ctx.thread.channel, message_ts, self._reply(
                    ctx, self._plan_text(ctx, plan, f"changes asked by <@{user}>"))))
            return Result(case_id=case.id, says=[say], refresh=True, edits=edits)

    def check_in(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "check_in")
            if why:
                return _refused(why)
            case = ctx.case
            if case.stage == Stage.CLOSED:
                return _refused("This case is closed.")
            on = as_date(values.get("on")) or self._today()
            status = values.get("status") or "on_track"
            if status not in CHECK_IN_STATUS:
                return Result(case_id=case.id, errors={"status": "Pick how it is going."})
            plan = _plan(s, case.id, ACTIVE_PLAN_STATES)
            s.add(PlanEvent(case_id=case.id, plan_id=plan.id if plan else None, kind=CHECK_IN,
                            on_date=on, by=user, at=now,
                            detail={"status": status, "note": _text(values, "note")}))
            audit(s, at=now, actor=user, action="imwt.check_in", case_id=case.id,
                  on=on.isoformat(), status=status)
            text = (f"Check-in recorded by <@{user}> for {fmt(on)}: {CHECK_IN_STATUS[status]}."
                    + (" Notes are kept in the case record." if _text(values, "note") else ""))
            if status in ("needs_adjustment", "struggling"):
                text += f"\n{self._mentions(ctx, teams.HR)} the plan may need to change."
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("imwt_check_in", case.id), ("case_changed", case.id)))],
                refresh=True)

    def extend(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "extend")
            if why:
                return _refused(why)
            case = ctx.case
            plan = _plan(s, case.id, ACTIVE_PLAN_STATES)
            if plan is None:
                return _refused("There is no agreed plan to extend.")
            new_end = as_date(values.get("new_end"))
            errors: dict[str, str] = {}
            if new_end is None or new_end <= plan.end:
                errors["new_end"] = f"The new end must be after the current end ({fmt(plan.end)})."
            recommendation = _checked(values, "recommendation")
            involved = ctx.insurer() is not None
            concurs = _checked(values, "concurrence")
            problem = check_extension(recommendation, involved, concurs)
            if problem:
                errors["recommendation" if not recommendation else "concurrence"] = problem
            reviews, bad = parse_dates(_text(values, "reviews"), self._today())
            if bad:
                errors["reviews"] = f"I could not read {', '.join(bad[:3])} as a date."
            elif new_end is not None and "new_end" not in errors:
                reviews = reviews or weekly_reviews(plan.end, new_end, self.calendar)
                outside = [d for d in reviews if not plan.start <= d <= new_end]
                if outside:
                    errors["reviews"] = "Review dates must fall within the extended plan."
            if errors:
                audit(s, at=now, actor=user, action="imwt.extension_refused", case_id=case.id,
                      plan=plan.number, recommendation=recommendation,
                      insurer_involved=involved, insurer_concurs=concurs)
                return Result(case_id=case.id, errors=errors)
            assert new_end is not None
            today = self._today()
            s.add(PlanEvent(case_id=case.id, plan_id=plan.id, kind=RECOMMENDATION,
                            on_date=as_date(values.get("recommendation_on")) or today, by=user,
                            at=now, detail={"for": "extension"}))
            if involved:
                s.add(PlanEvent(case_id=case.id, plan_id=plan.id, kind=INSURER_CONCURRENCE,
                                on_date=as_date(values.get("concurrence_on")) or today, by=user,
                                at=now, detail={"insurer": teams.insurer_key(case.kind),
                                                "note": _text(values, "concurrence_note")}))
            old_end = plan.end
            s.add(PlanEvent(case_id=case.id, plan_id=plan.id, kind=EXTENSION, on_date=today,
                            by=user, at=now, detail={"old_end": old_end.isoformat(),
                                                     "new_end": new_end.isoformat()}))
            plan.end, plan.state, plan.updated_at = new_end, EXTENDED, now
            plan.review_dates = sorted({*plan.review_dates, *(d.isoformat() for d in reviews)})
            audit(s, at=now, actor=user, action="imwt.plan_extended", case_id=case.id,
                  plan=plan.number, old_end=old_end.isoformat(), new_end=new_end.isoformat(),
                  recommendation=True, insurer_involved=involved, insurer_concurs=concurs)
            insurer = ("; the " + ("WSIB" if ctx.work_related else "LTD carrier")
                       + "'s representative concurs") if involved else ""
            text = (f"Plan #{plan.number} *extended* by <@{user}>: it now ends {fmt(new_end)} "
                    f"(was {fmt(old_end)}). A health professional's written recommendation is "
                    f"on file{insurer}. The updated plan document follows.")
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("imwt_plan_extended", case.id), ("case_changed", case.id)))],
                refresh=True, documents=[plan.id])

    def return_to_regular(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "return")
            if why:
                return _refused(why)
            case = ctx.case
            on_file = s.scalar(select(func.count()).select_from(PlanEvent).where(
                PlanEvent.case_id == case.id, PlanEvent.kind == MEDICAL_AUTHORIZATION)) or 0
            authorized = _checked(values, "authorization") or on_file > 0
            problem = check_return_to_regular_duties(authorized)
            if problem:
                audit(s, at=now, actor=user, action="imwt.return_refused", case_id=case.id)
                return Result(case_id=case.id, errors={"authorization": problem})
            moved = self._move(case, Action.CLOSE_RETURNED_TO_REGULAR_DUTIES, now)
            if moved:
                return Result(case_id=case.id, errors={"authorization": moved})
            today = self._today()
            returned_on = as_date(values.get("return_on")) or today
            if _checked(values, "authorization"):
                s.add(PlanEvent(case_id=case.id, kind=MEDICAL_AUTHORIZATION, by=user, at=now,
                                on_date=as_date(values.get("authorized_on")) or today,
                                detail={"from": "treating health professional"}))
            plan = _plan(s, case.id, OPEN_PLAN_STATES)
            if plan is not None:
                plan.state, plan.ended_at, plan.updated_at = ENDED, now, now
                plan.ended_reason = "returned_to_regular_duties"
            case.closed_at = now
            case.close_reason = CloseReason.RETURNED_TO_REGULAR_DUTIES.value
            audit(s, at=now, actor=user, action="case.closed", case_id=case.id,
                  reason=case.close_reason, returned_on=returned_on.isoformat(),
                  medical_authorization=True)
            text = (f":tada: *{case.reference}*: back to regular duties from {fmt(returned_on)}, "
                    f"with medical authorization on file (recorded by <@{user}>). The case is "
                    "closed.")
            says = [self._reply(ctx, text, events=(("case_closed", case.id),
                                                   ("case_changed", case.id)))]
            if case.employee_user_id:
                says.append(Say(text=(f"Welcome back to your regular duties from "
                                      f"{fmt(returned_on)}. Your return-to-work case "
                                      f"*{case.reference}* is now closed."),
                                to_user=case.employee_user_id))
            return Result(case_id=case.id, says=says, refresh=True)

    def request_mediation(self, reference: str, user: str) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "mediation")
            if why:
                return _refused(why)
            case = ctx.case
            if not ctx.work_related:
                return _refused("WSIB mediation is for work-related cases.")
            moved = self._move(case, Action.STALL, now)
            if moved:
                return _refused(moved)
            s.add(PlanEvent(case_id=case.id, kind=MEDIATION_REQUESTED, by=user, at=now,
                            on_date=self._today(), detail={}))
            audit(s, at=now, actor=user, action="imwt.mediation_requested", case_id=case.id)
            text = (f"<@{user}> asked for the WSIB's mediation service for *{case.reference}*: "
                    "the return to work has stalled. "
                    f"{self._mentions(ctx, teams.HR)} please contact the WSIB "
                    "(the employer and the union may both ask; both must tell the WSIB of a "
                    "dispute).")
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("case_changed", case.id),))], refresh=True)

    def close(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "close")
            if why:
                return _refused(why)
            case = ctx.case
            category = values.get("reason") or ""
            if category not in CLOSE_CATEGORIES:
                return Result(case_id=case.id, errors={"reason": "Pick a reason."})
            if category == "permanently_placed":
                placement = s.scalar(select(Placement).where(Placement.case_id == case.id))
                if placement is None:
                    return Result(case_id=case.id, errors={
                        "reason": "No permanent placement has been chosen for this case."})
                if not follow_up_complete(placement.start, self._today()):
                    return Result(case_id=case.id, errors={
                        "reason": "The placement's follow-up period runs until "
                                  f"{fmt(placement.follow_up_end)}; close it after that."})
                action = Action.CLOSE_PERMANENTLY_PLACED
            else:
                action = Action.CLOSE_OTHER
            note = _text(values, "note")
            if category == "other" and not note:
                return Result(case_id=case.id, errors={"note": "Say why the case is closing."})
            moved = self._move(case, action, now)
            if moved:
                return Result(case_id=case.id, errors={"reason": moved})
            case.closed_at = now
            case.close_reason = (CloseReason.PERMANENTLY_PLACED if category == "permanently_placed"
                                 else CloseReason.OTHER).value
            plan = _plan(s, case.id, OPEN_PLAN_STATES)
            if plan is not None:
                plan.state, plan.ended_at, plan.updated_at = ENDED, now, now
                plan.ended_reason = "case_closed"
            if ctx.thread is not None and note:
                ctx.thread.close_note = note
            audit(s, at=now, actor=user, action="case.closed", case_id=case.id,
                  reason=case.close_reason, category=category)
            text = (f"*{case.reference}* closed by <@{user}>: {CLOSE_CATEGORIES[category]}."
                    + (" HR's note is kept in the case record." if note else ""))
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("case_closed", case.id), ("case_changed", case.id)))],
                refresh=True, checklist=bool(ctx.thread and ctx.thread.checklist_ts))

    # ----------------------------------------------------------------- permanent accommodation
    def start_permanent(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "permanent")
            if why:
                return _refused(why)
            case = ctx.case
            said_by = values.get("said_by") or ""
            if said_by not in PERMANENT_SAID_BY:
                return Result(case_id=case.id, errors={
                    "said_by": "Who said the restrictions are permanent?"})
            moved = self._move(case, Action.START_PERMANENT_ACCOMMODATION, now)
            if moved:
                return Result(case_id=case.id, errors={"said_by": moved})
            on = as_date(values.get("on")) or self._today()
            s.add(PlanEvent(case_id=case.id, kind=PERMANENT_RESTRICTIONS, by=user, at=now,
                            on_date=on, detail={"said_by": said_by}))
            plan = _plan(s, case.id, OPEN_PLAN_STATES)
            if plan is not None:
                plan.state, plan.ended_at, plan.updated_at = ENDED, now, now
                plan.ended_reason = "restrictions_permanent"
            audit(s, at=now, actor=user, action="imwt.permanent_started", case_id=case.id,
                  said_by=said_by)
            text = (f"<@{user}> recorded that the restrictions are *permanent* (according to "
                    f"{PERMANENT_SAID_BY[said_by]}, {fmt(on)}). The team now considers the "
                    "placement steps *strictly in order*: a step may be chosen only when every "
                    "earlier one is recorded as not available, with a reason.\n"
                    f"*Pay:* {pay_rule_text(case.kind, 'permanent')}")
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("case_changed", case.id),))], refresh=True, checklist=True)

    def record_step(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "record_step")
            if why:
                return _refused(why)
            case = ctx.case
            if case.stage != Stage.PERMANENT_ACCOMMODATION:
                return _refused("Start permanent accommodation first.")
            try:
                step = Step(int(values.get("step") or 0))
            except ValueError:
                return Result(case_id=case.id, errors={"step": "Pick a step."})
            available = values.get("available") == "yes"
            reason = _text(values, "reason")
            try:
                _checklist(s, case.id).record_considered(step, available, reason)
            except HierarchyError as exc:
                key = "reason" if "why" in str(exc).lower() else "step"
                return Result(case_id=case.id, errors={key: str(exc)})
            row = s.scalar(select(StepRow).where(StepRow.case_id == case.id,
                                                 StepRow.step == int(step)))
            if row is None:
                row = StepRow(case_id=case.id, step=int(step), considered=True,
                              available=available, reason=reason or None, chosen=False,
                              recorded_by=user, recorded_at=now)
                s.add(row)
            else:
                row.available, row.reason = available, reason or None
                row.recorded_by, row.recorded_at = user, now
            audit(s, at=now, actor=user, action="imwt.placement_step_recorded", case_id=case.id,
                  step=int(step), available=available)
            text = (f"<@{user}> recorded step {int(step)} ({PLACEMENT_STEP_LABELS[step]}) as "
                    + ("*available*." if available else "*not available*."))
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("case_changed", case.id),))], refresh=True, checklist=True)

    def choose_step(self, reference: str, user: str, values: Mapping[str, Any]) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "choose_step")
            if why:
                return _refused(why)
            case = ctx.case
            if case.stage != Stage.PERMANENT_ACCOMMODATION:
                return _refused("Start permanent accommodation first.")
            try:
                step = Step(int(values.get("step") or 0))
            except ValueError:
                return Result(case_id=case.id, errors={"step": "Pick a step."})
            errors: dict[str, str] = {}
            try:
                _checklist(s, case.id).choose(step)
            except HierarchyError as exc:
                errors["step"] = str(exc)
            problem = check_training_willingness(_checked(values, "training"))
            if problem:
                errors["training"] = problem
            start = as_date(values.get("start"))
            if start is None:
                errors["start"] = "Pick the placement's start date."
            if errors:
                audit(s, at=now, actor=user, action="imwt.placement_refused", case_id=case.id,
                      step=int(step), fields=sorted(errors))
                return Result(case_id=case.id, errors=errors)
            assert start is not None
            row = s.scalar(select(StepRow).where(StepRow.case_id == case.id,
                                                 StepRow.step == int(step)))
            if row is None:
                row = StepRow(case_id=case.id, step=int(step), considered=True, available=True,
                              reason=None, chosen=True, recorded_by=user, recorded_at=now)
                s.add(row)
            row.chosen = True
            follow_ups = follow_up_dates(start, calendar=self.calendar)
            placement = Placement(
                case_id=case.id, step=int(step), position=_text(values, "position") or None,
                chosen_by=user, chosen_at=now, training_agreed=True, training_agreed_by=user,
                start=start, training_start=start, training_limit=training_limit(start),
                follow_up_dates=[d.isoformat() for d in follow_ups],
                follow_up_end=follow_up_period_end(start))
            s.add(placement)
            audit(s, at=now, actor=user, action="imwt.placement_chosen", case_id=case.id,
                  step=int(step), start=start.isoformat(), training_agreed=True)
            text = (f"Placement chosen by <@{user}>: *step {int(step)}* "
                    f"({PLACEMENT_STEP_LABELS[step]}), starting {fmt(start)}.\n"
                    "• The employee agrees to take the on-the-job training, which the employer "
                    f"provides for at most one year (to {fmt(placement.training_limit)}), "
                    "subject to satisfactory progress.\n"
                    f"• Follow-ups: {', '.join(fmt(d) for d in follow_ups)} (the first six "
                    f"months, to {fmt(placement.follow_up_end)}).\n"
                    f"*Pay:* {pay_rule_text(case.kind, 'permanent')}")
            return Result(case_id=case.id, says=[self._reply(
                ctx, text, events=(("imwt_placement_started", case.id),
                                   ("case_changed", case.id)))],
                refresh=True, checklist=True)

    # ----------------------------------------------------------------- union authorization
    def union_authorization(self, reference: str, user: str, authorized: bool) -> Result:
        now = self.clock.now()
        with self.db.session() as s:
            ctx = self._load(s, reference)
            why = self._authorize(s, ctx, user, "union_authorization")
            if why:
                return _refused(privacy.NOTHING_TO_SHOW if why == NOT_ON_TEAM else why)
            case = ctx.case
            thread = ctx.thread
            if thread is None:
                return _refused("Your team has not been set up yet.")
            thread.union_authorized = UNION_YES if authorized else UNION_NO
            thread.union_authorized_at, thread.updated_at = now, now
            audit(s, at=now, actor=user, action="imwt.union_authorization", case_id=case.id,
                  answer=thread.union_authorized)
            mine = Say(text=("Thank you — your union representative will take part in your "
                             "return-to-work planning." if authorized else
                             "Understood — your union will not take part in your "
                             "return-to-work planning. You can change your mind by telling HR."),
                       to_user=user)
            team = self._reply(ctx, "The employee has " + (
                "*authorized* union representation." if authorized else
                "*declined* union representation: the union does not take part in this case, "
                "and HR reviews its plans."), events=(("case_changed", case.id),))
            return Result(case_id=case.id, says=[team, mine], refresh=True)

    # ----------------------------------------------------------------- the Slack work
    def after(self, result: Result) -> list[Say]:
        """The Slack work a decision calls for once its messages are out (edits, the
        parent, the checklist, documents); returns anything more to say."""
        if result.case_id is None or not result.ok:
            return []
        for channel, ts, say in result.edits:
            try:
                self.slack.update(channel, ts, say)
            except Exception:  # noqa: BLE001 - a stale message is not worth failing for
                log.exception("Could not edit a thread message of case %s", result.case_id)
        if result.refresh:
            self.refresh_parent(result.case_id)
        if result.checklist:
            self.refresh_checklist(result.case_id)
        says: list[Say] = []
        for plan_id in result.documents:
            says += self.post_plan_document(plan_id)
        return says

    # ----------------------------------------------------------------- the plan document
    def _plan_context(self, s: Session, ctx: _Ctx, plan: TemporaryPlan,
                      allowed: frozenset[Field]) -> dict[str, Any]:
        case = ctx.case
        abilities = latest_functional(s, case.id)

        def name(role: str) -> str | None:
            ids = ctx.in_slack(role)
            return self.people.name(ids[0]) if ids else None

        contacts = Field.HR_CONTACT in allowed
        participants = []
        if contacts:
            for m in ctx.members:
                if not m.in_slack or not m.slack_id:
                    continue
                if m.role in (teams.UNION, teams.SAFETY_REP) and ctx.union_declined:
                    continue
                role = {teams.REPORTER: "supervisor", teams.SAFETY_REP: "union_safety_rep",
                        teams.INSURER: "insurer"}.get(m.role, m.role)
                participants.append({"role": role, "name": self.people.name(m.slack_id)})
        option = TemporaryOption(plan.option)

        def keep(f: Field, value: Any) -> Any:
            return value if f in allowed else None

        safe_case = {  # no clinical answers: the plan document never needs them
            "reference": case.reference, "kind": case.kind, "filed_at": case.filed_at,
            "answers": {"job_title": keep(Field.JOB_TITLE, case.job_title),
                        "division": keep(Field.DIVISION, case.division),
                        "employee": {"name": keep(Field.EMPLOYEE_NAME, case.employee_name)}},
        }
        people = {"employee": {"name": keep(Field.EMPLOYEE_NAME, case.employee_name)},
                  "supervisor": {"name": name(teams.REPORTER) if contacts else None},
                  "hr": {"name": name(teams.HR) if contacts else None},
                  "union": {"name": name(teams.UNION)
                            if contacts and not ctx.union_declined else None}}
        plan_map = {
            "option": keep(Field.PLAN_OPTION, TEMPORARY_OPTION_LABELS[option]),
            "participants": participants,
            "restrictions": keep(Field.RESTRICTIONS,
                                 [str(r) for r in abilities.get("restrictions") or []]) or [],
            "duties": keep(Field.DUTIES, list(plan.duties or [])) or [],
            "hours": keep(Field.HOURS, plan.hours),
            "start": keep(Field.PLAN_START, plan.start),
            "end": keep(Field.PLAN_END, plan.end),
            "review_dates": keep(Field.REVIEW_DATES, list(plan.review_dates or [])) or [],
            "pay_rule": keep(Field.PAY_RULE, pay_rule_text(case.kind, "temporary")),
        }
        employer = {"name": self.directory.employer.name,
                    "address": self.directory.employer.address,
                    "wsib_firm_number": self.directory.employer.wsib_firm_number}
        return build_form_context(safe_case, employer=employer, people=people, plan=plan_map,
                                  today=self._today())

    def _make_document(self, plan_id: int, audience: str,
                       recipient: str | None) -> tuple[int, Any, dict] | None:
        """Fill the plan for one audience ("thread" or "employee"); the Document id, the
        filled form, and where it goes."""
        now = self.clock.now()
        with self.db.session() as s:
            plan = s.get(TemporaryPlan, plan_id)
            case = s.get(Case, plan.case_id)
            ctx = self._ctx(s, case)
            if audience == "thread":
                if ctx.thread is None or not ctx.thread.ts:
                    return None
                allowed = privacy.visible_to_all(self._audience(ctx), View.FORM_PLAN)
                where = {"channel": ctx.thread.channel, "thread_ts": ctx.thread.ts}
            else:
                allowed = privacy.visible_fields({Relation.EMPLOYEE}, View.FORM_PLAN)
                where = {"channel": None, "thread_ts": None, "user": recipient}
            context = self._plan_context(s, ctx, plan, allowed)
            try:
                filled = fill(self.forms.get(PLAN_TEMPLATE), context)
            except (FormFillError, KeyError):
                log.exception("Could not fill the plan document of case %s", case.id)
                return None
            doc = Document(case_id=case.id, template=filled.template_name,
                           template_version=filled.template_version, filename=filled.filename,
                           sha256=filled.sha256, recipients=[recipient or "imwt_thread"],
                           created_at=now)
            s.add(doc)
            s.flush()
            if audience == "thread":
                plan.document_id = doc.id
            return doc.id, filled, where

    def post_plan_document(self, plan_id: int) -> list[Say]:
        now = self.clock.now()
        with self.db.session() as s:
            plan = s.get(TemporaryPlan, plan_id)
            case = s.get(Case, plan.case_id)
            reference, number, employee = case.reference, plan.number, case.employee_user_id
            ctx = self._ctx(s, case)
            hr_ids = ctx.in_slack(teams.HR)
        says: list[Say] = []
        made = self._make_document(plan_id, "thread", None)
        if made is None:
            return [Say(text=f"*{reference}*: I could not prepare the plan document; please "
                             "send it by hand.", to_user=u) for u in hr_ids]
        posted = [(made, f"Modified work plan #{number} for {reference}, with its pay rule "
                         "and sign-offs.")]
        if employee:
            mine = self._make_document(plan_id, "employee", employee)
            if mine is not None:
                posted.append((mine, f"Your copy of modified work plan #{number}."))
        for (doc_id, filled, where), comment in posted:
            try:
                channel = where["channel"] or self.slack.dm_channel(where["user"])
                file_id = self.slack.upload(channel, where["thread_ts"], filled.filename,
                                            filled.content, f"Modified work plan #{number}",
                                            comment)
            except Exception:  # noqa: BLE001 - the plan is agreed; HR can send the file
                log.exception("Could not post plan document %s of case %s", doc_id, reference)
                says += [Say(text=f"*{reference}*: I could not post the plan document "
                                  f"(plan #{number}); please send it by hand.", to_user=u)
                         for u in hr_ids]
                continue
            with self.db.session() as s:
                doc = s.get(Document, doc_id)
                doc.slack_file_id = file_id
                audit(s, at=now, actor="rtwbot", action="imwt.plan_document_posted",
                      case_id=doc.case_id, plan=number, document_id=doc_id,
                      to="thread" if where["thread_ts"] else "employee")
        return says

