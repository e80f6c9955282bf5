"""What the law decided for a case, kept with it.

- `reemployment_assessments`: the re-employment obligation (WSIA s.41) as last assessed —
  whether it applies, from when and until when — and the 6-month presumption warning when
  the case was closed as "employment ended" soon after re-employment. The reasons may imply
  the worker's age: encrypted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.models import Base


class ReemploymentAssessment(Base):
    __tablename__ = "reemployment_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))  # applies | does_not_apply | unknown ...
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # {"reasons": [...], "end_reason": str | None, "employer_workers": int | None}
    detail: Mapped[Any] = mapped_column(EncryptedJSON)
    assessed_at: Mapped[datetime]
    # Closed as "employment ended" within 6 months of re-employment: the law presumes the
    # obligation was not met (WSIA s.41; OPM 19-02-09).
    presumption_warned_at: Mapped[datetime | None]
    reemployed_on: Mapped[date | None] = mapped_column(Date)
