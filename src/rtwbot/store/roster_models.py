"""The `roster_employees` table: HR's roster, one row per employee number.

Everything about the person (name, division, job, dates, address, phone, pay) is in one
encrypted record; only the keys a lookup needs are plain: the employee number and the
Slack id or work email the roster gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rtwbot.store.crypto import EncryptedJSON
from rtwbot.store.models import Base


class RosterEmployee(Base):
    __tablename__ = "roster_employees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_number: Mapped[str] = mapped_column(String(32), unique=True)
    # The Slack member id, else the work email (lower case): how a mention finds the row.
    contact: Mapped[str | None] = mapped_column(String(200), index=True)
    record: Mapped[Any] = mapped_column(EncryptedJSON)  # personal data: encrypted at rest
    imported_at: Mapped[datetime]
    updated_at: Mapped[datetime]
