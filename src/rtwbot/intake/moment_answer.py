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
from rtwbot.understanding.entities import time_anchors, time_spans

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
_HEDGE = re.compile(r"\b(?:at\s+)?(?:(?:like|maybe|probably|prob|sometime)\s+)?"
                    r"(?:around|about|approx(?:imately|\.)?|roughly|like|~)\s*"
                    r"(?=\d|noon|midnight|midday)",
                    re.IGNORECASE)
# "yesterday at like 3:30", "maybe around 2": words said before a time, not part of it.
_FILLER = re.compile(r"\b(?:like|maybe|probably|prob|i think|i guess)\s+(?=(?:around|about|"
                     r"at|~)?\s*\d)", re.I)
# "the 3rd", "on the 21st at 2": a day of the month alone is the last one that has passed.
_DAY_OF_MONTH = re.compile(r"^(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(.*)$", re.I)
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
    "right after",
    "just after",
    "right afterwards",
    "straight after",
    "as it happened",
    "on the spot",
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


def _with_month(text: str, ctx: IntakeContext) -> str:
    """ "the 3rd" -> "November 3" (this month's, or last month's when it has not come yet)."""
    m = _DAY_OF_MONTH.match(text.strip())
    if not m:
        return text
    today = ctx.local_now.date()
    month = today.replace(day=1)
    if int(m.group(1)) > today.day:
        month = (month - timedelta(days=1)).replace(day=1)
    try:
        day = month.replace(day=int(m.group(1)))
    except ValueError:
        return text
    return f"{day.strftime('%B')} {day.day} {day.year}{m.group(2)}"


_TIME_OF_DAY = re.compile(r"\d|\b(morning|afternoon|evening|night|noon|midnight|lunch|"
                         r"am|pm|o'?clock)\b")
_WEEKS_AGO = re.compile(r"\b(\d+|an?|one|two|three)\s+weeks?\s+ago\b", re.I)
_COUPLE = re.compile(r"\ba\s+couple(\s+of)?\s+(?=(days|hours)\b)", re.I)


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
    text = _COUPLE.sub("2 ", _with_month(_FILLER.sub("", text), ctx))
    text = spoken_times(text)  # "around 3", "at lunch", "10ish this morning"
    prepared = _EARLIER.sub("", _HEDGE.sub(_unhedge, text))
    prepared = _BARE_AT_HOUR.sub(lambda m: f"at {m.group(1)}:00", prepared)
    parsed, period = _dateparser(prepared, ctx)
    if parsed is None:
        return None, False, "unreadable"
    if period == "week" and _WEEKS_AGO.search(prepared):
        period = "day"  # "a week ago", "2 weeks ago": that very day, a week back
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
        # "she told me right after": said inside a sentence that names no other time
        inside = not time_anchors(text) and next(
            (words for words in (*_SAME_TIME, *_SAME_DAY)
             if " " in words and f" {words} " in f" {lowered} "), None)
        if inside and _TIME_OF_DAY.search(lowered.replace(inside, " ")):
            inside = None  # "same day around 3": a time said too, never dropped
        if lowered in _SAME_TIME or inside in _SAME_TIME:
            return Ok(dict(same_as), display_moment(same_as))
        if lowered in _SAME_DAY or inside in _SAME_DAY:
            same = {"date": same_as["date"], "time_known": False, "datetime": None}
            return Ok(same, display_moment(same))
        day = next((words for words in sorted(_SAME_DAY, key=len, reverse=True)
                    if f" {words} " in f" {lowered} "), None)
        if day is not None:  # "same day around 3", "the same day, later in the afternoon"
            on = date.fromisoformat(same_as["date"])
            text = re.sub(rf"\b{re.escape(day)}\b", on.strftime("%B %d %Y"), lowered)
            if _read_moment(text, ctx, from_action)[0] is None:  # "later in the afternoon"
                same = {"date": same_as["date"], "time_known": False, "datetime": None}
                return Ok(same, display_moment(same))
    try:
        local, time_known, problem = _read_moment(text, ctx, from_action)
        if local is None and not from_action:
            # "he told me this morning", "found out today": the words that say when, read
            # as the first message's are (`understanding.entities`).
            said = time_anchors(text)
            for span in time_spans(text):  # never one that leaves out a time said
                if span != text and time_anchors(span) >= said:
                    local, time_known, _ = _read_moment(span, ctx, from_action)
                    if local is not None:
                        break
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
