"""The duty table: every legal and program duty a case can carry — what starts it, whom it
binds, who may close it and with what record, and what a Done from anyone else means. Pure.

One table serves the reminder buttons (who may press Done, Snooze, Open), the `/rtw duties`
command, HR's status of a case and the docs (README and docs/architecture.md carry
`markdown_table()`, checked by a test).

The rule (the developers' brief): a duty ends only by what discharges it, said by the person
it binds or one entitled to act for them, and the record shows who and when. Acknowledging
your own copy of a reminder ends that copy's reminders, never someone else's duty. Someone
with no copy and no right to close it is refused kindly and nothing changes.

A reminder (a nudge) names its duty by its kind and the role it was sent to
(`duty_of_reminder`); the kinds are the catalogue's (`rtwbot.nudges.kinds`; a test keeps the
two in step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from types import MappingProxyType
from typing import Any

# --- Roles: who a duty binds and who may close it (the reminders' own role names) -----------
SUPERVISOR = "supervisor"
HR = "hr"
EMPLOYEE = "employee"
UNION = "union"
COMMITTEE = "committee"
ROLES = (HR, SUPERVISOR, EMPLOYEE, UNION, COMMITTEE)

# Who acts in each role on a case (for the docs and the refusals).
ROLE_WORDS = MappingProxyType({
    HR: "HR (the case's HR representatives)",
    SUPERVISOR: "the supervisor (who reported it, or the division's representatives)",
    EMPLOYEE: "the employee",
    UNION: "the union (the bargaining unit's representatives)",
    COMMITTEE: "the health and safety committee (the directory's contacts)",
})
ROLE_SHORT = MappingProxyType({HR: "HR", SUPERVISOR: "supervisor", EMPLOYEE: "employee",
                               UNION: "union", COMMITTEE: "committee"})


class Ask(StrEnum):
    """What a closing records besides who recorded it and when."""

    ON = "on"  # the day it was done
    AT = "at"  # the time of day it was done
    BY = "by"  # who did it (a Slack user)
    CALL = "call"  # who took the call at the Ministry, or its reference (optional)
    CLAIM = "claim_number"  # the WSIB claim number, when known (optional)


ASK_WORDS = MappingProxyType({
    Ask.ON: "the date", Ask.AT: "the time", Ask.BY: "by whom",
    Ask.CALL: "who took the call", Ask.CLAIM: "the claim number when known",
})
OPTIONAL_ASKS = frozenset({Ask.CALL, Ask.CLAIM})

# A WSIB claim number: letters and digits, like 31234567.
CLAIM_NUMBER = re.compile(r"[A-Za-z0-9-]{4,20}")
MAX_CALL = 120


@dataclass(frozen=True, eq=False)  # one object per duty: compared and hashed by identity
class Duty:
    key: str
    name: str  # "Form 7 to the WSIB"
    basis: str
    starts: str  # in words, for the docs
    binds: str  # the role it binds
    # role -> what that role records to close it; the first role is the one who usually does.
    closers: Mapping[str, tuple[Ask, ...]]
    discharge: str  # what closes it, in words
    reminders: tuple[tuple[str, str | None], ...]  # (nudge kind, recipient role or any)
    # Closed per reminder (each is its own occasion: a check-in, a review, a plan's end),
    # not once for the whole case.
    per_reminder: bool = False
    # What a Done on one's own copy records, for a recipient who may not close the duty.
    copy_words: Mapping[str, str] = field(default_factory=dict)
    modal: str = "duty"  # "form7": the Form 7 modal (`/rtw form7`) records it

    def asks_for(self, role: str) -> tuple[Ask, ...]:
        return self.closers.get(role, ())


def _d(key: str, name: str, basis: str, starts: str, binds: str,
       closers: Mapping[str, tuple[Ask, ...]], discharge: str,
       reminders: Iterable[tuple[str, str | None]], **more: Any) -> Duty:
    return Duty(key, name, basis, starts, binds, MappingProxyType(dict(closers)), discharge,
                tuple(reminders), **more)


_WHEN = (Ask.ON, Ask.AT, Ask.BY)
DUTIES: tuple[Duty, ...] = (
    _d("form7", "Form 7 to the WSIB", "WSIA s.21(1); OPM 15-01-02",
       "the employer learns of a work-related injury needing health care beyond first aid, "
       "time off, lower pay, or modified work past day 7; due 3 business days later",
       HR, {HR: (Ask.ON, Ask.CLAIM)},
       "HR records it sent: the day the WSIB received it, and the claim number when known",
       [("form7_due", None), ("form7_late", None)],
       copy_words={SUPERVISOR: "passed to HR"}, modal="form7"),
    _d("form7_worker_copy", "The worker's copy of Form 7", "WSIA s.21(4)",
       "HR records Form 7 sent", HR, {HR: (Ask.ON,)},
       "HR records the day the worker was given their copy", [("form7_worker_copy", None)]),
    _d("ohsa_s51_ministry", "Critical injury: the Ministry notified", "OHSA s.51(1)",
       "a critical injury or death at a workplace is reported, at any hour", HR,
       {HR: (Ask.ON, Ask.AT, Ask.BY, Ask.CALL)},
       "HR records who notified the Ministry and when (and who took the call)",
       [("ohsa_critical_injury", HR)]),
    _d("ohsa_s51_committee", "Critical injury: the committee told", "OHSA s.51(1)",
       "a critical injury or death at a workplace is reported, at any hour", HR,
       {COMMITTEE: (), HR: _WHEN},
       "the committee contact confirms the notice, or HR records when and by whom they "
       "were told", [("ohsa_critical_injury", COMMITTEE)]),
    _d("ohsa_s51_union", "Critical injury: the union told", "OHSA s.51(1)",
       "a critical injury or death at a workplace is reported, at any hour", HR,
       {UNION: (), HR: _WHEN},
       "the union representative confirms the notice, or HR records when and by whom they "
       "were told", [("ohsa_critical_injury", UNION)]),
    _d("ohsa_s51_report", "Critical injury: the written report to a Director", "OHSA s.51(1)",
       "a critical injury or death is reported; due 48 clock hours after it happened", HR,
       {HR: _WHEN}, "HR records it sent: when, and by whom", [("ohsa_critical_report", None)]),
    _d("ohsa_s52_notice", "Written notice to the committee and the union", "OHSA s.52",
       "a work-related injury that disables the worker from usual work or needs medical "
       "attention; due 4 days after it", SUPERVISOR, {SUPERVISOR: (Ask.ON,), HR: (Ask.ON,)},
       "the supervisor or HR records the day the notice was given", [("ohsa_notice", None)]),
    _d("first_contact", "First contact with a worker off work", "WSIA s.40; OPM 19-02-08",
       "the worker is off work", SUPERVISOR, {SUPERVISOR: (), HR: ()},
       "Done by the supervisor or HR once they have spoken with the worker",
       [("first_contact", None)]),
    _d("check_in", "Keep-in-touch check-in", "WSIA s.40; OPM 19-02-08",
       "a week after the last contact while the worker is off work", SUPERVISOR,
       {SUPERVISOR: (), HR: ()}, "Done by the supervisor or HR once they have spoken",
       [("check_in", None)], per_reminder=True),
    _d("day8_question", "The day-8 question on modified work", "OPM 15-01-02",
       "modified work at regular pay reaches day 8", SUPERVISOR, {SUPERVISOR: (), HR: ()},
       "the supervisor or HR answers whether the modified work continues",
       [("modified_work_day8", None)], per_reminder=True),
    _d("facts_check", "Facts not known at filing", "OPM 15-01-02",
       "the report left facts \"not known yet\"; asked the next business day", SUPERVISOR,
       {SUPERVISOR: (), HR: ()}, "the supervisor or HR updates the facts or says nothing is new",
       [("facts_check", None)], per_reminder=True),
    _d("functional_info", "Functional information", "MWP Procedures, temporary 2",
       "the case is filed (the employee takes the form to their health professional)",
       EMPLOYEE, {}, "the completed form is recorded (sent by the employee or keyed in by HR)",
       [("functional_info", None)], per_reminder=True),
    _d("plan_review", "Plan review", "MWP Temporary Modified Work; OPM 19-02-10",
       "a review date of the agreed plan", SUPERVISOR, {SUPERVISOR: (), HR: ()},
       "Done by the supervisor or HR once the team has reviewed the plan",
       [("plan_review", None)], per_reminder=True),
    _d("plan_ending", "The plan's end", "MWP Temporary Modified Work; OPM 19-02-10",
       "5 business days before the plan ends", HR, {HR: ()},
       "Done by HR once the team has decided: extend, return, or permanent work",
       [("plan_ending", None)], per_reminder=True),
    _d("union_review", "Union review of the plan", "MWP (union review of every plan)",
       "a plan is sent for the union's review", UNION, {},
       "the union approves the plan or asks for changes in the team's thread; HR reviews "
       "in its place only after the employee's no, or once HR records why the plan must go "
       "on without it (\"not answered\" is never a no)",
       [("union_review", None)], per_reminder=True),
    _d("union_question", "The employee's answer on union representation",
       "MWP (union review of every plan)",
       "a plan waits for the union's review and the employee has not answered (asked again, "
       "once)", EMPLOYEE, {},
       "the employee answers (yes, no, talk first), or HR records the answer of an employee "
       "not in Slack; \"not answered\" is never a no", [("union_question", None)],
       per_reminder=True),
    _d("mw_check_in", "The employee's check-in on modified work",
       "MWP (the supervisor monitors progress against the functional abilities)",
       "each week on an agreed plan", EMPLOYEE, {EMPLOYEE: ()},
       "the employee answers the check-in", [("mw_check_in", None)], per_reminder=True),
    _d("mw_progress", "Progress on modified work",
       "MWP (the supervisor monitors progress against the functional abilities)",
       "each week on an agreed plan", SUPERVISOR, {SUPERVISOR: (), HR: ()},
       "the supervisor or HR records the check-in", [("mw_progress", None)], per_reminder=True),
    _d("imwt_meeting", "A team meeting", "MWP (HR coordinates IMWT meetings)",
       "the working day before a meeting HR scheduled", HR, {},
       "the meeting day passes (each person's reminder is their own)",
       [("imwt_meeting", None)], per_reminder=True),
    _d("placement_follow_up", "Follow-up of a permanent placement", "MWP Permanent Modified Work",
       "monthly for 6 months after the placement starts", HR, {HR: ()},
       "Done by HR after the follow-up", [("placement_follow_up", None)], per_reminder=True),
    _d("training_limit", "On-the-job training limit", "MWP Permanent Modified Work",
       "30 days before 1 year of training", HR, {HR: ()},
       "Done by HR after reviewing progress with the team", [("training_limit", None)],
       per_reminder=True),
    _d("reemployment_ending", "End of the re-employment obligation", "WSIA s.41; OPM 19-02-09",
       "30 days before the obligation ends", HR, {HR: ()},
       "Done by HR once suitable work has been offered", [("reemployment_ending", None)],
       per_reminder=True),
    _d("stalled_mediation", "Mediation for a stalled return", "WSIA s.40; OPM 19-02-08",
       "90 days off work without a return", HR, {HR: ()},
       "Done by HR once mediation has been considered", [("stalled_mediation", None)],
       per_reminder=True),
)
BY_KEY: Mapping[str, Duty] = MappingProxyType({d.key: d for d in DUTIES})


def duty(key: str) -> Duty:
    return BY_KEY[key]


def duty_of_reminder(kind: str, role: str | None) -> Duty | None:
    """The duty a reminder of `kind` sent to `role` serves (an exact role first)."""
    for d in DUTIES:
        if (kind, role) in d.reminders:
            return d
    for d in DUTIES:
        if (kind, None) in d.reminders:
            return d
    return None


def reminder_kinds() -> frozenset[str]:
    return frozenset(kind for d in DUTIES for kind, _ in d.reminders)


# --- Who may do what -----------------------------------------------------------------------
class Verdict(StrEnum):
    REFUSE = "refuse"  # neither their copy nor theirs to close: a kind refusal, no change
    COPY = "copy"  # their own copy's reminders stop; the duty stays open
    ASK = "ask"  # entitled: ask for what discharges it, then close it for everyone
    CLOSE = "close"  # entitled and nothing to ask: closed now, who and when recorded


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    role: str | None = None  # the role they act in
    asks: tuple[Ask, ...] = ()


def closing_role(d: Duty, roles: frozenset[str], copy_role: str | None = None) -> str | None:
    """The role in which someone with `roles` may close `d`: the role of the copy they hold
    first, then the table's order. None: not theirs to close."""
    if copy_role in roles and copy_role in d.closers:
        return copy_role
    return next((r for r in d.closers if r in roles), None)


def on_done(d: Duty, roles: frozenset[str], copy_role: str | None) -> Decision:
    """A Done pressed on a copy sent to `copy_role` by someone holding `roles` on the case."""
    role = closing_role(d, roles, copy_role)
    if role is not None:
        asks = d.asks_for(role)
        return Decision(Verdict.ASK if asks else Verdict.CLOSE, role, asks)
    if copy_role is not None and copy_role in roles:
        return Decision(Verdict.COPY, copy_role)
    return Decision(Verdict.REFUSE)


def may_snooze(d: Duty, roles: frozenset[str], copy_role: str | None) -> bool:
    """Their own copy, or a duty they may close."""
    return (copy_role is not None and copy_role in roles) or closing_role(d, roles) is not None


def copy_words(d: Duty, role: str | None) -> str:
    return d.copy_words.get(role or "", "your reminder acknowledged")


# --- The record that discharges a duty ---------------------------------------------------
@dataclass(frozen=True)
class Record:
    on: date | None = None
    at: time | None = None
    by: str | None = None  # a Slack user id
    call: str | None = None
    claim_number: str | None = None

    def moment(self, tz: tzinfo) -> datetime | None:
        if self.on is None:
            return None
        return datetime.combine(self.on, self.at or time(0), tzinfo=tz)


def check_record(asks: tuple[Ask, ...], r: Record, *, now: datetime,
                 earliest: date | None) -> dict[str, str]:
    """One kind sentence per answer to refuse (keyed by what was asked). `now` is the
    employer's local time; nothing recorded may be in the future or before `earliest` (the
    day it happened)."""
    errors: dict[str, str] = {}
    today = now.date()
    if Ask.ON in asks:
        if r.on is None:
            errors[Ask.ON] = "Pick the day."
        elif r.on > today:
            errors[Ask.ON] = "That day is in the future — pick the day it was done."
        elif earliest is not None and r.on < earliest:
            errors[Ask.ON] = "That is before it happened — pick the day it was done."
    if Ask.AT in asks:
        if r.at is None:
            errors[Ask.AT] = "Pick the time."
        elif r.on == today and r.at > now.time().replace(tzinfo=None):
            errors[Ask.AT] = "That time is still to come today — pick when it was done."
    if Ask.BY in asks and not r.by:
        errors[Ask.BY] = "Pick who did it."
    if Ask.CALL in asks and r.call and len(r.call) > MAX_CALL:
        errors[Ask.CALL] = f"Keep it to a name or a reference ({MAX_CALL} characters at most)."
    if Ask.CLAIM in asks and r.claim_number and not CLAIM_NUMBER.fullmatch(r.claim_number):
        errors[Ask.CLAIM] = "A WSIB claim number is letters and digits, like 31234567."
    return errors


# --- The docs ----------------------------------------------------------------------------
def closers_text(d: Duty) -> str:
    """"HR", "the committee (its Done) or HR", "nobody (it closes itself)"."""
    if not d.closers:
        return "nobody by Done"
    return " or ".join(ROLE_SHORT[r] + ("" if asks else " (Done)")
                       for r, asks in d.closers.items())


def others_text(d: Duty) -> str:
    special = [f"{ROLE_SHORT[r]}: “{w}”" for r, w in d.copy_words.items()]
    return "; ".join([*special, "their own reminder only"])


def markdown_table() -> str:
    """The duty table as README.md and docs/architecture.md show it."""
    rows = ["| duty | basis | what starts it | binds | who may close it | with what | "
            "anyone else's Done on their copy |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for d in DUTIES:
        rows.append(f"| {d.name} | {d.basis} | {d.starts} | {ROLE_SHORT[d.binds]} | "
                    f"{closers_text(d)} | {d.discharge} | {others_text(d)} |")
    return "\n".join(rows)
