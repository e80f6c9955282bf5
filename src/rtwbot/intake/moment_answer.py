"""The date_time answer: a past moment ("yesterday 3pm", "last Friday", a date picker's
value), kept as a date with ``time_known: False`` when no time is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from rtwbot.domain.moment import FUTURE_SLACK, Moment, in_future  # noqa: F401 - re-exported
from rtwbot.intake.context import IntakeContext, Invalid, Ok, Result
from rtwbot.intake.time_words import spoken_times
from rtwbot.intake.typed_text import clean_text, for_matching
from rtwbot.understanding.answer_words import date_words

__all__ = ["display_moment", "is_before", "moment", "parse_date_time"]

MAX_DATE_INPUT = 120  # longer than any date anyone types; also keeps dateparser fast
MAX_YEARS_BACK = 2
EARLIEST_YEAR = 1900

_TIME_HINT = re.compile(
    r"""\d{1,2}:\d{2}
      | \b\d{1,2}\s*[ap]\.?\s?m\b
      | \b(?:noon|midnight|midday)\b
      | \b(?:an?|\d+)\s*(?:hours?|hrs?|minutes?|mins?)\b
      | \bnow\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "around 3pm", "about 10", "earlier today": hedges people add that dateparser does not know.
_HEDGE = re.compile(r"\b(?:at\s+)?(?:around|about|approx(?:imately|\.)?|roughly|~)\s*(?=\d)",
                    re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:earlier|later)\s+(?=today\b)", re.IGNORECASE)
_SPAN = re.compile(r"\d+\s*(?:min|hour|hr|day|week|month)", re.IGNORECASE)


def _unhedge(m: re.Match[str]) -> str:
    """ "around 3pm" -> "at 3pm"; "about 5 minutes ago" -> "5 minutes ago"."""
    return "" if _SPAN.match(m.string, m.end()) else "at "


_BARE_AT_HOUR = re.compile(r"(?:\bat|@)\s*(\d{1,2})\b(?![:.\d]|\s*[ap]\.?\s?m\b)", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_SAME_TIME = {
    "same time",
    "same_time",
    "the same time",
    "at the same time",
    "same",
    "then",
    "at the time",
    "right then",
    "right away",
    "immediately",
    "straight away",
    "same moment",
    "when it happened",
    "at once",
}
_SAME_DAY = {"same day", "that day", "the same day", "on the same day", "same date"}


def _date_example(ctx: IntakeContext) -> str:
    yesterday = ctx.local_now.date() - timedelta(days=1)
    return f'"yesterday 3pm" or "{yesterday.isoformat()} 14:30"'


def _msg_unreadable_date(ctx: IntakeContext) -> str:
    return f"I couldn't read that as a date — try something like {_date_example(ctx)}."


def moment(value: Mapping[str, Any] | None) -> datetime | date | None:
    """The stored date_time answer as a ``datetime`` (time known) or a ``date`` (time unknown)."""
    if not isinstance(value, Mapping):
        return None
    m = Moment.of(value)
    if m is None:
        return None
    return m.at if m.at is not None else m.day


def display_moment(value: Mapping[str, Any] | None) -> str:
    m = Moment.of(value) if isinstance(value, Mapping) else None
    return m.display() if m is not None else ""


def is_before(later: Mapping[str, Any] | None, earlier: Mapping[str, Any] | None) -> bool:
    """True when ``later`` is strictly before ``earlier`` (compared by date when a time is unknown)."""
    a = Moment.of(later) if isinstance(later, Mapping) else None
    b = Moment.of(earlier) if isinstance(earlier, Mapping) else None
    if a is None or b is None:
        return False
    return a.before(b)


def _as_moment(local: datetime, time_known: bool) -> Moment:
    if time_known:
        local = local.replace(second=0, microsecond=0)
        return Moment(local.date(), local)
    return Moment(local.date())


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _dateparser(text: str, ctx: IntakeContext) -> tuple[datetime | None, str | None]:
    try:
        # Imported when the first date is read, not at start-up (it is large and slow to load).
        from dateparser.date import DateDataParser

        settings = {
            "PREFER_DATES_FROM": "past",
            "TIMEZONE": ctx.tz.key,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "RELATIVE_BASE": ctx.local_now.replace(tzinfo=None),
        }
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
        return data.date_obj, data.period
    except Exception:  # dateparser is third-party and fed arbitrary text: never let it escape
        return None, None


def _read_moment(
    text: str, ctx: IntakeContext, from_action: bool
) -> tuple[datetime | None, bool, str | None]:
    """-> (local datetime, time_known, problem) where problem is None or 'unreadable'/'vague'."""
    tz = ctx.tz
    if from_action and re.fullmatch(r"\d{9,11}", text):  # Slack datetimepicker: unix seconds
        return datetime.fromtimestamp(int(text), tz), True, None
    if _ISO_DATE.fullmatch(text):  # Slack datepicker
        try:
            d = date.fromisoformat(text)
        except ValueError:
            return None, False, "unreadable"
        return datetime(d.year, d.month, d.day, tzinfo=tz), False, None
    if _ISO_DATETIME.fullmatch(text):
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None, False, "unreadable"
        dt = dt.replace(tzinfo=tz) if dt.tzinfo is None else dt.astimezone(tz)
        return dt, True, None
    text = spoken_times(text)  # "around 3", "at lunch", "10ish this morning"
    prepared = _EARLIER.sub("", _HEDGE.sub(_unhedge, text))
    prepared = _BARE_AT_HOUR.sub(lambda m: f"at {m.group(1)}:00", prepared)
    parsed, period = _dateparser(prepared, ctx)
    if parsed is None:
        return None, False, "unreadable"
    if period not in (None, "day", "time"):
        return None, False, "vague"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed, bool(_TIME_HINT.search(prepared)), None


def parse_date_time(
    raw: Any,
    ctx: IntakeContext,
    *,
    same_as: Mapping[str, Any] | None = None,
    from_action: bool = False,
) -> Result:
    """A past moment.  Dates without a time are kept as a date with ``time_known: False``.

    ``same_as`` is an earlier stored date_time answer that "same time" / "then" refers to.
    """
    text = date_words(clean_text(raw))
    if not text:
        return Invalid(f"Please tell me when — for example {_date_example(ctx)}.")
    if len(text) > MAX_DATE_INPUT:
        return Invalid(f"That's too long for a date — try something like {_date_example(ctx)}.")
    lowered = for_matching(text)
    if same_as is not None and moment(same_as) is not None:
        if lowered in _SAME_TIME:
            return Ok(dict(same_as), display_moment(same_as))
        if lowered in _SAME_DAY:
            same = {"date": same_as["date"], "time_known": False, "datetime": None}
            return Ok(same, display_moment(same))
    try:
        local, time_known, problem = _read_moment(text, ctx, from_action)
        if local is None:
            if problem == "vague":
                return Invalid('Please give the day too — for example "Nov 3" or "last Friday".')
            return Invalid(_msg_unreadable_date(ctx))
        if local.year < EARLIEST_YEAR:
            return Invalid("That's before 1900 — please check the year.")
        local = local.astimezone(ctx.tz)
    except (OverflowError, ValueError, OSError):
        return Invalid(_msg_unreadable_date(ctx))
    now = ctx.local_now
    found = _as_moment(local, time_known)
    if in_future(found, now):
        return Invalid(
            'That\'s in the future — please give a time that has passed, like "yesterday 3pm".'
        )
    if local.date() < _years_before(now.date(), MAX_YEARS_BACK):
        return Invalid(
            f"That's more than {MAX_YEARS_BACK} years ago — please check the date, for example {_date_example(ctx)}."
        )
    return Ok(found.to_answer(), found.display())
