"""A case's facts (`case_facts`): each with when the employer learned it, its source and who
recorded it (`rtwbot.domain.timeline`). Rows are only ever added; a newer fact of the same
name supersedes an older one in the timeline, and the older stays as history.

What a fact says (its value, when it happened, any note) may be clinical or typed free
text, so it is encrypted; its name, source and times are not (they carry nothing medical
and the timeline orders by them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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
