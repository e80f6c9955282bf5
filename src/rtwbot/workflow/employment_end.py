"""Ending employment while the re-employment obligation runs (WSIA s.41; OPM 19-02-09).

Before HR closes a case as "employment ended", the close modal shows why it matters: the
obligation to offer the worker their job or suitable work runs until its end date, and a
worker re-employed and let go within 6 months is presumed not to have been re-employed
properly. HR may go on only by saying why; the reason is kept (encrypted) in the case record
and the closing is audited. The obligation itself is computed by `workflow.reemployment`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot import dates
from rtwbot.domain.reemployment import BASIS, presumed_not_reemployed
from rtwbot.domain.rules import REEMPLOYMENT_PRESUMPTION_MONTHS
from rtwbot.store.cases import audit
from rtwbot.store.law_models import ReemploymentAssessment
from rtwbot.store.models import Case
from rtwbot.workflow.reemployment import WORK_RELATED, reemployed_on

ASK_WHY = ("Employment would end while the re-employment obligation may run: say why here "
           "to close the case anyway (kept in the case record, not posted).")


def obligation_on_close(s: Session, case: Case, on: date) -> str | None:
    """The warning for closing the case as "employment ended" on `on`, or None when the
    obligation is over or cannot apply."""
    if case.kind not in WORK_RELATED:
        return None
    row = s.scalar(select(ReemploymentAssessment)
                   .where(ReemploymentAssessment.case_id == case.id))
    status = row.status if row is not None else "unknown"
    ends_on = row.ends_on if row is not None else None
    if status in ("does_not_apply", "out_of_scope"):
        return None
    back = reemployed_on(s, case.id)
    presumed = back is not None and presumed_not_reemployed(back, on)
    runs = status == "applies" and (ends_on is None or on <= ends_on)
    if not (runs or presumed or status == "unknown"):
        return None
    if runs:
        until = f" until {dates.day(ends_on)}" if ends_on else ""
        head = (f":warning: The re-employment obligation ({BASIS}) runs{until}: the employer "
                "must offer the worker their job or suitable work")
        head += "." if back is not None else ", and the worker has not been re-employed yet."
    elif status == "unknown":
        head = (f":warning: The re-employment obligation ({BASIS}) may apply — it is not known "
                f"yet (`/rtw employment {case.reference} hired … born …` decides it).")
    else:
        head = f":warning: Re-employment ({BASIS}):"
    if presumed and back is not None:  # presumed: back is known
        tail = (f" Ending employment within {REEMPLOYMENT_PRESUMPTION_MONTHS} months of "
                f"re-employing the worker (on {dates.day(back)}) is presumed not to meet the "
                "obligation unless the employer shows it was unrelated to the injury.")
    else:
        tail = (f" Letting a worker go within {REEMPLOYMENT_PRESUMPTION_MONTHS} months of "
                "re-employing them is presumed not to meet it.")
    return head + tail


def record_why(s: Session, case: Case, on: date, now: datetime, user: str) -> None:
    """HR went on and said why (the note, kept encrypted on the thread): audited."""
    row = s.scalar(select(ReemploymentAssessment)
                   .where(ReemploymentAssessment.case_id == case.id))
    back = reemployed_on(s, case.id)
    audit(s, at=now, actor=user, action="reemployment.ended_during_obligation",
          case_id=case.id, closed_on=on.isoformat(),
          status=row.status if row is not None else "unknown",
          ends_on=row.ends_on.isoformat() if row is not None and row.ends_on else None,
          reemployed_on=back.isoformat() if back else None, reason_recorded=True)
