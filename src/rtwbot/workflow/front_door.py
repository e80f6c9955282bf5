"""The front door's question when a first message may be about an injury but is not clear
("the ambulance took Leo away"): "Do you want to report an injury?", with Yes and No.

The offer is kept (an `IntakeSession` row with status "offered", encrypted like a report, for
an hour) so that a typed "yes" works as well as the button, after a restart too; Yes starts
the report with the first message's facts, exactly as if it had been clear.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.store import cases as store
from rtwbot.store.models import IntakeSession
from rtwbot.understanding.answer_words import affirmative, negative
from rtwbot.workflow.outbox import Button, Say

if TYPE_CHECKING:
    from rtwbot.workflow.intake import IntakeWorkflow

OFFER_YES, OFFER_NO = "intake_offer_yes", "intake_offer_no"
OFFERED = "offered"
OFFER_LASTS = timedelta(hours=1)
QUESTION = "Do you want to report an injury or illness?"


def offer(intake: IntakeWorkflow, user: str, channel: str | None, text: str) -> list[Say]:
    """Ask whether to report, keeping the message for the report's facts."""
    now = intake.clock.now()
    with intake.db.session() as s:
        for old in _offers(s, user):
            old.status = "discarded"
        row = IntakeSession(supervisor_id=user, channel_id=channel, status=OFFERED,
                           state={"opening": text[:3000]}, version=0, created_at=now,
                           updated_at=now)
        s.add(row)
        s.flush()
        store.audit(s, at=now, actor=user, action="intake.offered", intake_id=row.id)
        offer_id = str(row.id)
    return [Say(text=f"{QUESTION} I'll ask a few short questions.", to_user=user, buttons=(
        Button("Yes, report it", OFFER_YES, offer_id, "primary"),
        Button("No", OFFER_NO, offer_id)))]


def answer(intake: IntakeWorkflow, user: str, yes: bool, offer_id: int | None = None,
           channel: str | None = None) -> list[Say]:
    """Yes starts the report with the offered message's facts; No says nothing was started."""
    now = intake.clock.now()
    with intake.db.session() as s:
        rows = [r for r in _offers(s, user) if offer_id is None or r.id == offer_id]
        opening = (rows[0].state or {}).get("opening", "") if rows else ""
        for row in rows:
            row.status, row.state, row.updated_at = "discarded", {}, now
    if not rows and offer_id is not None:
        return [Say(text="That question has been answered already. Say *report* to report "
                         "an injury or illness.", to_user=user)]
    if not yes:
        return [Say(text="OK — nothing was started. Say *report* whenever you need to report "
                         "an injury or illness.", to_user=user)]
    return intake.start(user, channel, opening=opening)


def typed_answer(intake: IntakeWorkflow, user: str, channel: str | None,
                 text: str) -> list[Say] | None:
    """A typed "yes" or "no" to a recent offer; None when the text is not one, or there is
    no offer."""
    yes, no = affirmative(text), negative(text)
    if not (yes or no):
        return None
    with intake.db.session() as s:
        if not _offers(s, user, since=intake.clock.now() - OFFER_LASTS):
            return None
    return answer(intake, user, yes and not no, channel=channel)


def _offers(s: Session, user: str, since: datetime | None = None) -> list[IntakeSession]:
    query = select(IntakeSession).where(IntakeSession.supervisor_id == user,
                                        IntakeSession.status == OFFERED)
    if since is not None:
        query = query.where(IntakeSession.created_at >= since)
    return list(s.scalars(query.order_by(IntakeSession.id.desc())))
