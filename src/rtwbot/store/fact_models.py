"""A case's facts (`case_facts`): each with when the employer learned it, its source and who
recorded it (`rtwbot.domain.timeline`). Rows are only ever added; a newer fact of the same
name supersedes an older one in the timeline, and the older stays as history.

What a fact says (its value, when it happened, any note) may be clinical or typed free
text, so it is encrypted; its name, source and times are not (they carry nothing medical
and the timeline orders by them).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.domain import timeline
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.reporting import day8
from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.models import Base


class CaseFact(Base):
    __tablename__ = "case_facts"
    __table_args__ = (Index("ix_case_facts_case_learned", "case_id", "learned_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    name: Mapped[str] = mapped_column(String(40))  # a name of rtwbot.domain.timeline
    # {"value": ..., "occurred": the Moment's stored form or None}
    detail: Mapped[Any] = mapped_column(EncryptedJSON)
    learned_at: Mapped[datetime]  # when the employer learned it
    source: Mapped[str] = mapped_column(String(24))
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]


def day8_fact(case_id: int, continues: bool, occurred_at: datetime, learned_at: datetime,
              user: str, now: datetime, calendar: WorkCalendar) -> CaseFact:
    """The day-8 answer as a fact of the case's timeline (`domain.timeline`), so every later
    recompute keeps it: the employer knew on day 8 whether the modified work it gave went
    on (however late the question was answered)."""
    line = day8(calendar.local_date(occurred_at))
    on_day8 = datetime.combine(line, time(0, 0), tzinfo=calendar.tz)
    learned = min(max(learned_at, on_day8), now)
    return CaseFact(case_id=case_id, name=timeline.CONTINUES,
                    detail={"value": "yes" if continues else "no", "occurred": None},
                    learned_at=learned, source=timeline.SUPERVISOR, recorded_by=user,
                    recorded_at=now)
