"""`rtwbot directory check`: does Slack know everyone the directory names, and can the bot
reach its channels?

Reports unknown users (no Slack account for an email or id), deactivated users, and the
channels the bot is not in (a private channel the bot is not in is invisible to it, so it
is reported the same way as a missing one). Outside contacts (an insurer's email) that
have no Slack account are listed as information only. Exit code 1 when there is anything
to fix, 0 otherwise.

The lead adds the group to `rtwbot.cli.main` (`main.add_command(directory)`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import click
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rtwbot.directory import Directory
from rtwbot.slack.channels import Channels


@dataclass(frozen=True)
class Reference:
    where: str  # e.g. "division Parks and Recreation, HR"
    ref: str  # a Slack id or an email
    outside: bool = False
    roster: bool = False


@dataclass
class CheckReport:
    unknown: list[Reference] = field(default_factory=list)
    deactivated: list[Reference] = field(default_factory=list)
    outside_not_in_slack: list[Reference] = field(default_factory=list)
    channels_missing: list[str] = field(default_factory=list)
    # Divisions with nobody to tell of a critical injury (OHSA s.51) or to give the s.52
    # written notice to.
    no_committee: list[str] = field(default_factory=list)
    # Shared IMWT channels in use: channel -> the divisions whose cases share it.
    shared: dict[str, list[str]] = field(default_factory=dict)
    roster_problems: list[str] = field(default_factory=list)
    checked_people: int = 0
    checked_channels: int = 0
    checked_roster: int | None = None  # None: the roster was not read
    roster_note: str = ""

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.deactivated or self.channels_missing
                    or self.no_committee or self.roster_problems)

    def lines(self) -> list[str]:
        out = [f"Checked {self.checked_people} directory entries and "
               f"{self.checked_channels} channels."]
        if self.checked_roster is not None:
            out.append(f"Checked {self.checked_roster} roster employees.")
        elif self.roster_note:
            out.append(f"note         roster not checked: {self.roster_note}")
        for r in self.unknown:
            out.append(f"UNKNOWN      {r.ref} ({r.where}): Slack has no such user.")
        for r in self.deactivated:
            out.append(f"DEACTIVATED  {r.ref} ({r.where}): the Slack account is deactivated.")
        for name in self.channels_missing:
            out.append(f"CHANNEL      #{name}: the bot is not in it (or it does not exist); "
                       "invite the bot with /invite.")
        for name in self.no_committee:
            out.append(f"COMMITTEE    division {name}: no health and safety committee contact; "
                       "name `safety_committee` (OHSA s.51-52 notices go to it).")
        for name, divisions in self.shared.items():
            out.append(f"warning      #{name} is shared by the cases of {', '.join(divisions)}: "
                       "everyone in it reads every case's thread there, including people "
                       "who are not on every case (a supervisor of another crew). Prefer a "
                       "private channel per case (channels.per_case: true, the default).")
        for line in self.roster_problems:
            out.append(f"ROSTER       {line}")
        for r in self.outside_not_in_slack:
            tail = ("not in Slack; forms go to the supervisor." if r.roster
                    else "not in Slack; HR will liaise by email.")
            out.append(f"note         {r.ref} ({r.where}): {tail}")
        out.append("All good." if self.ok else "Fix the entries above in the directory file "
                   "or in Slack.")
        return out


def references(directory: Directory) -> Iterator[Reference]:
    """Every person the directory names, with where it names them."""
    for ref in directory.hr:
        yield Reference("HR", ref)
    for ref in directory.safety_committee:
        yield Reference("health and safety committee", ref)
    for d in directory.divisions:
        for ref in d.safety_committee:
            yield Reference(f"division {d.name}, health and safety committee", ref)
        for ref in d.division_reps:
            yield Reference(f"division {d.name}, division representative", ref)
        for ref in d.hr_reps:
            yield Reference(f"division {d.name}, HR", ref)
    for u in directory.bargaining_units:
        for ref in u.union_reps:
            yield Reference(f"bargaining unit {u.name}, union representative", ref)
        if u.safety_rep:
            yield Reference(f"bargaining unit {u.name}, safety representative", u.safety_rep)
    for key, insurer in directory.insurers.items():
        if insurer.slack:
            yield Reference(f"insurer {key}", insurer.slack)
        elif insurer.email:
            yield Reference(f"insurer {key}", insurer.email, outside=True)


def _error(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or "")


class SlackDirectory:
    """The few Slack reads the check needs, with users.list read once for deactivated emails."""

    def __init__(self, client: WebClient):
        self.client = client
        self._deleted_emails: set[str] | None = None

    def user(self, user_id: str) -> dict | None:
        try:
            return self.client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            if _error(exc) in ("user_not_found", "users_not_found"):
                return None
            raise

    def by_email(self, email: str) -> dict | None:
        try:
            return self.client.users_lookupByEmail(email=email)["user"]
        except SlackApiError as exc:
            if _error(exc) == "users_not_found":
                return None
            raise

    def deactivated_email(self, email: str) -> bool:
        """users.lookupByEmail does not find deactivated accounts: look in users.list."""
        if self._deleted_emails is None:
            found: set[str] = set()
            cursor = None
            while True:
                resp = self.client.users_list(limit=200, cursor=cursor)
                for u in resp.get("members") or []:
                    mail = (u.get("profile") or {}).get("email")
                    if u.get("deleted") and mail:
                        found.add(mail.casefold())
                cursor = (resp.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
            self._deleted_emails = found
        return email.casefold() in self._deleted_emails

    def member_channels(self) -> set[str]:
        """Names of the channels the bot is a member of."""
        return {c.get("name") or "" for c in Channels(self.client).member_channels()}


def roster_references(directory: Directory, rows: list[dict], report: CheckReport
                      ) -> Iterator[Reference]:
    """The roster's Slack ids and emails, after checking each row's division and unit still
    exist in the directory (a renamed division would leave the case without its people)."""
    units = {u.name for u in directory.bargaining_units}
    for row in rows:
        number = row.get("employee_number") or "?"
        if directory.division(row.get("division") or "") is None:
            report.roster_problems.append(
                f"employee {number}: division {row.get('division')!r} is not in the directory.")
        if row.get("bargaining_unit") and row["bargaining_unit"] not in units:
            report.roster_problems.append(f"employee {number}: bargaining unit "
                                          f"{row['bargaining_unit']!r} is not in the directory.")
        ref = row.get("slack_id") or row.get("work_email")
        if ref:
            yield Reference(f"roster, employee {number}", ref, roster=True)


def check_directory(directory: Directory, slack: SlackDirectory,
                    roster: list[dict] | None = None) -> CheckReport:
    report = CheckReport()
    if roster is not None:
        report.checked_roster = len(roster)
    seen: dict[str, str] = {}  # ref -> outcome, so a person named twice is asked once
    refs = list(references(directory))
    refs += list(roster_references(directory, roster or [], report))
    for r in refs:
        if not r.roster:
            report.checked_people += 1
        key = r.ref.casefold()
        if key not in seen:
            if "@" in r.ref:
                found = slack.by_email(r.ref)
                if found is not None:
                    seen[key] = "deactivated" if found.get("deleted") else "ok"
                elif slack.deactivated_email(r.ref):
                    seen[key] = "deactivated"
                else:
                    seen[key] = "unknown"
            else:
                found = slack.user(r.ref)
                seen[key] = ("unknown" if found is None
                             else "deactivated" if found.get("deleted") else "ok")
        outcome = seen[key]
        if outcome == "unknown" and (r.outside or r.roster):
            report.outside_not_in_slack.append(r)
        elif outcome == "unknown":
            report.unknown.append(r)
        elif outcome == "deactivated":
            report.deactivated.append(r)
    report.no_committee = [d.name for d in directory.divisions
                           if not directory.committee_for(d.name)]
    for d in directory.divisions:
        shared = directory.shared_channel_for(d.name)
        if shared:
            report.shared.setdefault(shared.lstrip("#"), []).append(d.name)
    member_of = slack.member_channels()
    for name in dict.fromkeys((directory.channels.imwt, directory.channels.hr,
                                *(d.imwt_channel for d in directory.divisions if d.imwt_channel))):
        report.checked_channels += 1
        if name.lstrip("#") not in member_of:
            report.channels_missing.append(name.lstrip("#"))
    return report


def _stored_roster(cfg) -> tuple[list[dict] | None, str]:
    """The imported roster, or None and why it could not be read."""
    if not cfg.encryption_key:
        return None, "RTWBOT_ENCRYPTION_KEY is not set."
    from rtwbot.store import crypto
    from rtwbot.store.db import Database, SchemaOutOfDate, check_schema
    from rtwbot.workflow.roster import RosterBook

    crypto.configure(cfg.encryption_key)
    db = Database(cfg.database_url)
    try:
        check_schema(db.engine)
        return RosterBook(db).all(), ""
    except SchemaOutOfDate:
        return None, "the database is not set up (rtwbot db upgrade)."
    finally:
        db.dispose()


@click.group()
def directory() -> None:
    """The people directory (RTWBOT_DIRECTORY)."""


@directory.command("check", short_help="People, units and channels of the directory that Slack does not know.")
def check() -> None:
    """Report directory entries Slack does not know or has deactivated, and channels the
    bot is not in."""
    from rtwbot.clock import SystemClock
    from rtwbot.config import load_settings
    from rtwbot.directory import load_directory
    from rtwbot.preflight import slack_identity
    from rtwbot.slack.gateway import make_client

    cfg = load_settings()
    cfg.require("SLACK_BOT_TOKEN")
    slack_identity(cfg)  # Slack answers and takes the token, or one line saying which not
    client = make_client(cfg.slack_bot_token or "", cfg.slack_api_url, SystemClock())
    rows, note = _stored_roster(cfg)
    report = check_directory(load_directory(cfg.directory), SlackDirectory(client), rows)
    report.roster_note = note
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)
