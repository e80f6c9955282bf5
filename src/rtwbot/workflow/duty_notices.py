"""What people are told when a fact starts a duty, from whatever source it came: HR learns
at once that a case became reportable (or that its Form 7 clock now starts earlier), by when
the WSIB must have Form 7, and — when the employer learned of it so long ago that the day
is past — that it is already late, with the penalty tier (OPM 15-01-02). The employer's
report then goes out to whoever has not had it (`REPORTABLE_EVENT`).

Nothing medical: dates, the case reference and the rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rtwbot import dates
from rtwbot.domain.reporting import Reportability, late_filing_penalty
from rtwbot.domain.rules import (
    LATE_FILING_PENALTY_SERIOUS,
    LATE_FILING_SERIOUS_AFTER_DAYS,
)
from rtwbot.store.models import Case
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.workflow.case_nudges import Change

# On the HR notice: the case has (newly) a Form 7 to send; the forms follow.
REPORTABLE_EVENT = "case_reportable"
BASIS = "OPM 15-01-02; WSIA s.21(1)"


def form7_started(before: Reportability, after: Reportability) -> bool:
    """A Form 7 clock that was not running, or now runs from an earlier day."""
    if after.status != "reportable" or after.form7_due is None:
        return False
    if before.status != "reportable" or before.form7_due is None:
        return True
    return after.form7_due < before.form7_due


def lateness(due: date, obligation: date, today: date) -> str:
    """For a Form 7 due `due`: nothing while there is time, else how late and what it costs
    if received today (OPM 15-01-02)."""
    if today < due:
        return ""
    if today == due:
        return " That is *today*."
    penalty = late_filing_penalty(due, today, obligation)
    serious_from = obligation + timedelta(days=LATE_FILING_SERIOUS_AFTER_DAYS + 1)
    tier = (f"${penalty:,}" if penalty == LATE_FILING_PENALTY_SERIOUS else
            f"${penalty:,} (${LATE_FILING_PENALTY_SERIOUS:,} if received on or after "
            f"{dates.day(serious_from)})")
    return (f"\n:warning: *Form 7 is already late.* Filed now, the WSIB's administrative "
            f"penalty is {tier}. Send it today and say why it is late.")


def form7_sentence(reference: str, r: Reportability, today: date) -> str:
    assert r.form7_due is not None and r.obligation_date is not None
    return (f"*{reference}* is reportable to the WSIB: the employer learned of it on "
            f"{dates.day(r.obligation_date)}, so Form 7 must reach the WSIB by the end of "
            f"*{dates.day(r.form7_due)}* ({BASIS})."
            + lateness(r.form7_due, r.obligation_date, today))


def change_notices(case: Case, change: Change, today: date, hr: list[str],
                   hr_channel: str, actor: str | None = None) -> list[Say]:
    """HR's messages for a recompute that started a Form 7 clock (none otherwise): to the
    case's HR in Slack (`hr`) but `actor` (who recorded the fact: they have their own
    answer), or HR's channel when nobody else is. The first carries `REPORTABLE_EVENT` (the forms follow)."""
    if not form7_started(change.before, change.after):
        return []
    lead = ":bell: New facts: " if change.before.status != "reportable" else \
        ":bell: The Form 7 clock now starts earlier: "
    text = lead + form7_sentence(case.reference, change.after, today)
    events = ((REPORTABLE_EVENT, case.id),)
    people = [uid for uid in dict.fromkeys(hr) if uid != actor]
    if not people:
        return [Say(text=text, channel=hr_channel, events=events)]
    return [Say(text=text, to_user=uid, events=events if i == 0 else ())
            for i, uid in enumerate(people)]
