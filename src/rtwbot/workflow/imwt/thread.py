"""Opening a case's team thread: the parent message is posted in the IMWT channel, each
participant is named by role, the ones not in the channel are invited in one batch, and the
thread is recorded on the case. Opening again reuses the thread and refreshes its parent.

The parent, its pin and the invitation are outbox rows written in the transaction that
claims the thread, so a crash or a Slack outage after that delays them, never loses them.
Until the relay has posted the parent, the thread's ts is that row's (`posted_ts`): replies
and edits written meanwhile wait for it, and the real ts is recorded once it is posted.

Two deliveries may open the same case at once (a retried event, HR's `/rtw team`): the
thread row is unique per case, and posting the parent is claimed on that row first."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from rtwbot.domain import privacy
from rtwbot.domain.privacy import View
from rtwbot.domain.stages import Stage
from rtwbot.faults import crash_point
from rtwbot.store import outbox as outbox_rows
from rtwbot.store.audit_log import record_view
from rtwbot.store.cases import audit
from rtwbot.store.db import rowcount
from rtwbot.store.imwt_models import UNION_NOT_ASKED, ImwtThread
from rtwbot.store.models import Case
from rtwbot.workflow import team as teams
from rtwbot.workflow.facts import worker_contact_held
from rtwbot.workflow.imwt.access import NOT_ON_TEAM
from rtwbot.workflow.imwt.acting import authorize
from rtwbot.workflow.imwt.case_team import CaseTeam, slack_ids
from rtwbot.workflow.imwt.parent import parent_say, refresh_parent
from rtwbot.workflow.imwt.ports import Deps
from rtwbot.workflow.imwt.records import thread_of
from rtwbot.workflow.imwt.union import ask_union_authorization
from rtwbot.workflow.outbox import (
    Archive,
    Invite,
    Later,
    Pin,
    Remove,
    Say,
    TryLater,
    escape,
    posted_row,
    posted_ts,
)
from rtwbot.workflow.team import Member

log = logging.getLogger(__package__)  # one logger for the IMWT workflow

# A claim on posting the parent older than this is taken to have crashed. (The claim now
# commits with the parent's outbox row and ts; a claim without a ts is from before that.)
OPEN_CLAIM_TIMEOUT = timedelta(minutes=2)
# Slack could not make the case's channel (an outage): the opening is tried again.
RETRY_EVENT = "imwt_open_retry"
RETRY_SECONDS = 60


def open_thread(deps: Deps, case_id: int, actor: str | None = None,
                note: str | None = None) -> list[Say | Later]:
    """Open (or reuse) the case's thread; on reuse, `note` is said in the thread."""
    now = deps.clock.now()
    case = _make_thread_row(deps, case_id, now, make=False)  # Slack first: no write yet
    if case is None:
        return []
    members = teams.resolve_team(case, deps.directory, deps.people.user, deps.people.by_email)
    # By default the case's team has a private channel of its own, named by reference;
    # a shared channel (the division's own, or the program's) is a setting.
    shared = deps.directory.shared_channel_for(case.division)
    private = shared is None
    channel_name = case_channel_name(case.reference) if shared is None else shared
    try:
        channel = _existing_channel(deps, case_id) or (
            deps.slack.create_private(channel_name) if private
            else deps.slack.channel_id(channel_name))
    except TryLater as exc:  # Slack is down: open it when it answers again, say nothing yet
        log.warning("Case %s: the team's channel could not be made now (%s); trying again",
                    case_id, exc)
        return [Later(RETRY_EVENT, case_id, RETRY_SECONDS)]
    if channel is None:
        log.warning("Cannot open the IMWT thread of case %s: no channel", case_id)
        why = (f"Slack would not let me create its private channel #{channel_name}. "
               "Check that the app may create private channels (the `groups:write` "
               "scope), then run" if private else
               f"I am not in #{channel_name} (or it does not exist). Please invite me "
               "there, then run")
        return [Say(text=(f"*{case.reference}*: I could not open the team thread: {why} "
                          f"`/rtw team {case.reference}`."), to_user=u)
                for u in slack_ids(members, teams.HR)]
    present = _present(deps, channel)
    if _make_thread_row(deps, case_id, now) is None:  # closed meanwhile
        return []
    reused = _claim_and_post(deps, case_id, members, channel, private, present, actor, now)
    if reused is None:
        return []  # another delivery is opening it right now
    crash_point("after_thread_commit")
    if reused and private:  # the case's own channel follows the team as it changes
        bring_in(deps, case_id, present)
    says: list[Say | Later] = []
    with deps.db.session() as s:
        team = CaseTeam.of(s, s.get_one(Case, case_id))
        audit(s, at=now, actor=actor or "rtwbot", action="imwt.thread_opened",
              case_id=case_id, channel=channel, reused=reused,
              members=sum(1 for m in members if m.in_slack),
              unresolved=sum(1 for m in members if m.problem))
        for viewer in team.audience_ids():
            record_view(s, at=now, viewer=viewer, case_id=case_id, view=View.IMWT_THREAD)
        says += _tell_hr(deps, team, problem_lines(members))
        if reused and note:
            says.append(team.reply(note))
        if not reused:
            says.append(team.reply(_welcome(team)))
        ask = None if worker_contact_held(s, team.case, deps.calendar) else \
            ask_union_authorization(team, now)
        if ask:
            says.append(ask)
    return says


def record_parent_ts(deps: Deps, case_id: int) -> None:
    """The relay posted the parent: the thread is known by its Slack ts from now on (a
    thread message finds its case by it)."""
    with deps.db.session() as s:
        thread = thread_of(s, case_id)
        row_id = posted_row(thread.ts) if thread is not None else None
        ts = outbox_rows.posted_in(s, row_id) if row_id is not None else None
        if thread is not None and ts:
            thread.ts, thread.updated_at = ts, deps.clock.now()


def bring_in(deps: Deps, case_id: int, present: set[str] | None = None) -> None:
    """The case's own channel holds its team as it now is: whoever now reads the thread is
    invited (the union after the employee's yes), anyone else is removed (the union after a
    no). A shared channel only gets invitations."""
    with deps.db.session() as s:
        team = CaseTeam.of(s, s.get_one(Case, case_id))
        if team.thread is None or not team.thread.channel or not team.thread.ts:
            return
        channel, private = team.thread.channel, team.private_channel
        readers = set(team.audience_ids())
        inviting = [m for m in team.members if m.slack_id in readers]
    if present is None:
        present = _present(deps, channel)
    effects: list[Invite | Remove] = [*invitations(channel, inviting, present)]
    if private:
        effects += [Remove(channel, user) for user in sorted(present - readers)
                    if not (deps.people.user(user) or {}).get("is_bot")]  # the bot stays
    if effects:
        with deps.db.session() as s:
            deps.enqueue(effects, s)


def archive_if_closed(deps: Deps, case_id: int) -> None:
    """A closed case's own channel is archived (kept, read-only), once: after everything
    before it in the outbox has been said there."""
    now = deps.clock.now()
    with deps.db.session() as s:
        team = CaseTeam.of(s, s.get_one(Case, case_id))
        thread = team.thread
        if (team.case.stage != Stage.CLOSED or thread is None or not thread.private_channel
                or not thread.channel or thread.archived_at is not None):
            return
        deps.enqueue([Archive(thread.channel)], s)
        thread.archived_at, thread.updated_at = now, now
        audit(s, at=now, actor="rtwbot", action="imwt.channel_archived", case_id=case_id)


def open_by_reference(deps: Deps, reference: str, user: str) -> list[Say | Later]:
    """HR's `/rtw team RTW-...`: open the thread by hand (or refresh it)."""
    with deps.db.session() as s:
        team = CaseTeam.by_reference(s, reference)
        if team is None:
            return [Say(text=privacy.NOTHING_TO_SHOW, to_user=user)]
        case = team.case
        # The stored team may not exist yet: HR is who the directory says.
        hr_ids = {teams.resolve_entry(teams.Entry(teams.HR, ref), deps.people.user,
                                      deps.people.by_email).slack_id
                  for ref in deps.directory.hr_for(case.division)}
        if user not in hr_ids:
            why = authorize(s, deps.clock, team, user, "open")
            if why is not None:
                return [Say(text=privacy.NOTHING_TO_SHOW
                            if why == NOT_ON_TEAM else why, to_user=user)]
        if case.stage == Stage.CLOSED:
            return [Say(text=f"*{case.reference}* is closed, so it has no open team "
                             "thread.", to_user=user)]
        case_id, had = case.id, bool(team.thread and team.thread.ts)
        shared = deps.directory.shared_channel_for(case.division)
        where = f"#{shared or case_channel_name(case.reference)}"
    says = open_thread(deps, case_id, actor=user)
    with deps.db.session() as s:
        thread = thread_of(s, case_id)
    done = (f"The team thread for *{reference.upper()}* was already open in {where}: I "
            "refreshed its summary and invited anyone missing." if had else
            f"I opened the team thread for *{reference.upper()}* in {where}.")
    if any(isinstance(e, Later) for e in says):
        done = (f"Slack is not answering right now, so the team thread for "
                f"*{reference.upper()}* is not open yet: I'll open it in {where} as soon as "
                "it answers. Nothing for you to do.")
    elif thread is None or thread.ts is None:
        done = f"I could not open the team thread for *{reference.upper()}* yet."
    return [Say(text=done, to_user=user), *says]


def invitations(channel: str, members: Sequence[Member], present: set[str]) -> list[Invite]:
    """One invitation of the members not in the channel yet (never the employee)."""
    wanted = [m.slack_id for m in members
              if m.role != teams.EMPLOYEE and m.in_slack and m.slack_id]
    missing = [u for u in dict.fromkeys(wanted) if u not in present]
    return [Invite(channel, tuple(missing))] if missing else []


def problem_lines(members: Sequence[Member]) -> list[str]:
    """What keeps someone out of the thread, one line each, for HR to fix. (Slack's refusal
    of an invitation reaches HR through the relay's alert.)"""
    lines = []
    for m in members:
        role = teams.ROLE_LABELS.get(m.role, m.role)
        if m.resolved_by == teams.NOT_FOUND:
            lines.append(f"• {role}: {escape(m.ref)} — Slack has no such user.")
        elif m.resolved_by == teams.DEACTIVATED:
            lines.append(f"• {role}: {escape(m.ref)} — the Slack account is deactivated.")
    return lines


def _present(deps: Deps, channel: str) -> set[str]:
    """Who is in the channel now (a read); unknown -> nobody, and the invitation decides."""
    try:
        return deps.slack.members(channel)
    except Exception:  # noqa: BLE001 - inviting someone already there is harmless
        log.exception("Could not read the members of the IMWT channel")
        return set()


def _make_thread_row(deps: Deps, case_id: int, now: datetime, *,
                     make: bool = True) -> Case | None:
    """The case, with its thread row made if it had none (unless not `make`: a read);
    None when there is nothing to open (no such case, or it is closed)."""
    with deps.db.session() as s:
        case = s.get(Case, case_id)
        if case is None or case.stage == Stage.CLOSED:
            return None
        exists = thread_of(s, case_id) is not None
    if make and not exists:
        try:
            with deps.db.session() as s:
                s.add(ImwtThread(case_id=case_id, union_authorized=UNION_NOT_ASKED,
                                 created_at=now, updated_at=now))
        except IntegrityError:
            pass  # another delivery made the row first: the claim below decides
    return case


def case_channel_name(reference: str) -> str:
    """A case's own channel is named by its reference only (no name, no condition)."""
    return reference.lower()


def _existing_channel(deps: Deps, case_id: int) -> str | None:
    with deps.db.session() as s:
        thread = thread_of(s, case_id)
        return thread.channel if thread is not None and thread.ts else None


def _claim_and_post(deps: Deps, case_id: int, members: Sequence[Member], channel: str,
                    private: bool, present: set[str], actor: str | None,
                    now: datetime) -> bool | None:
    """Save the team and, in the same transaction, claim the thread and write what opening
    it says and changes in Slack: True when the thread was already there (its parent is
    refreshed, anyone missing invited), False when this delivery opened it, None when
    another one is opening it."""
    with deps.db.session() as s:
        teams.save_team(s, case_id, members, now)
        thread = thread_of(s, case_id)
        assert thread is not None
        if thread.ts is None:
            claimed = rowcount(s.execute(
                update(ImwtThread)
                .where(ImwtThread.id == thread.id, ImwtThread.ts.is_(None),
                       (ImwtThread.opened_at.is_(None))
                       | (ImwtThread.opened_at < now - OPEN_CLAIM_TIMEOUT))
                .values(opened_at=now, opened_by=actor or "rtwbot", channel=channel,
                        private_channel=private)
                .execution_options(synchronize_session=False))) == 1
            if not claimed:
                return None
            s.refresh(thread)
            team = CaseTeam.of(s, s.get_one(Case, case_id))
            parent = parent_say(s, deps, team, channel=channel)
            [row_id] = deps.enqueue([replace(parent, events=(("imwt_parent_posted", case_id),))],
                                    s)
            thread.ts, thread.updated_at = posted_ts(row_id), now
            if private:  # the case's summary stays at the top
                deps.enqueue([Pin(channel, posted_ts(row_id))], s)
            reused = False
        else:
            refresh_parent(deps, case_id, s)
            reused = True
        team = CaseTeam.of(s, s.get_one(Case, case_id))
        readers = set(team.audience_ids())
        deps.enqueue(invitations(channel, [m for m in members if m.slack_id in readers],
                                 present), s)
        return reused


def _tell_hr(deps: Deps, team: CaseTeam, problems: list[str]) -> list[Say]:
    """HR hears who could not be brought in (by DM, else in the HR channel)."""
    if not problems:
        return []
    ref = team.case.reference
    text = (f"*{ref}*: I could not bring everyone into the team thread.\n"
            + "\n".join(problems)
            + "\nPlease fix the directory (`rtwbot directory check` lists every "
            "problem) and run `/rtw team " + ref + "` again.")
    targets = team.in_slack(teams.HR)
    if targets:
        return [Say(text=text, to_user=u) for u in targets]
    hr_channel = deps.slack.channel_id(deps.directory.channels.hr)
    return [Say(text=text, channel=hr_channel)] if hr_channel else []


def _welcome(team: CaseTeam) -> str:
    return (f"Team, this is the thread for *{team.case.reference}*. "
            + team.mentions(teams.REPORTER, teams.DIVISION_REP, teams.HR,
                            teams.UNION, teams.SAFETY_REP, teams.INSURER)
            + "\nUse the buttons above. Functional abilities only here — never a "
              "diagnosis; please don't type one.")
