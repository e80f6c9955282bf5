"""One date style in every message and document: dates are written by rtwbot.dates only
(reading dates people typed, and the form fields' YYYY-MM-DD, are not writing)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from rtwbot import dates

SRC = Path(__file__).resolve().parents[2] / "src" / "rtwbot"
READERS = {"forms/readback.py",  # parses what a health professional wrote
           "intake/past_dates.py",  # parses the dates people type (w10b)
           "intake/moment_answer.py",  # rewrites "the 3rd", "same day" into words it parses
           "slack/nudge_send.py"}  # parses a date back out of a sent reminder


def test_no_module_formats_a_date_in_words_itself() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel == "dates.py" or rel in READERS:
            continue
        if re.search(r"%[aAbB]", path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


def test_the_style() -> None:
    assert dates.day(date(2026, 11, 27)) == "Friday, November 27, 2026"
    assert dates.day_and_time(datetime(2026, 1, 5, 9, 0)) == "Monday, January 5, 2026 at 9:00 AM"
    assert dates.clock_time(datetime(2026, 1, 5, 0, 7)) == "12:07 AM"
