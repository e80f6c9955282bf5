"""Answer parsers for the intake conversation: lenient in what they read, strict in what they keep.

Every parser returns either ``Ok(value, display)`` — ``value`` is JSON-serializable and is what
gets stored, ``display`` is a plain (unescaped) human string — or ``Invalid(message)`` where the
message is one short, kind sentence saying what is wrong, with an example.  Messages never echo
raw user text unescaped, so they are safe to send to Slack as mrkdwn.

Nothing here does I/O except through the callables on :class:`IntakeContext`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rtwbot.domain.moment import FUTURE_SLACK, Moment, in_future  # noqa: F401 - re-exported
from rtwbot.intake.choices import did_you_mean
from rtwbot.intake.time_words import spoken_times

if TYPE_CHECKING:  # pragma: no cover
    from rtwbot.intake.questions import Question

__all__ = [
    "MAX_TEXT_LENGTH",
    "YES_NO_CHOICES",
    "IntakeContext",
    "Invalid",
    "Ok",
    "Result",
    "clean_text",
    "display_moment",
    "escape",
    "is_before",
    "moment",
    "osa_distance",
    "parse_answer",
    "parse_choice",
    "parse_date_time",
    "parse_multi_choice",
    "parse_number",
    "parse_person",
    "parse_text",
    "parse_yes_no_unknown",
    "unescape",
]

MAX_TEXT_LENGTH = 3000
MAX_DATE_INPUT = 120  # longer than any date anyone types; also keeps dateparser fast
MAX_NAME_INPUT = 200
MAX_CHOICE_INPUT = 200
MAX_MULTI_INPUT = 1000
MAX_MULTI_ITEMS = 20
MAX_ITEM_LENGTH = 100
MIN_HOURS, MAX_HOURS = 1, 80
MAX_YEARS_BACK = 2
EARLIEST_YEAR = 1900


# --------------------------------------------------------------------------- results & context


@dataclass(frozen=True)
class Ok:
    value: Any
    display: str


@dataclass(frozen=True)
class Invalid:
    message: str


Result = Ok | Invalid


def _no_user(_user_id: str) -> dict | None:
    return None


def _no_titles(_answers: Any) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class IntakeContext:
    """Everything the pure engine needs from the outside world."""

    now: datetime
    tz: ZoneInfo
    divisions: tuple[str, ...] = ()
    resolve_user: Callable[[str], dict | None] = _no_user
    # Suggested job titles, given the answers so far (the division, the employee).
    job_titles_for: Callable[[Mapping[str, Any]], Sequence[str]] = _no_titles
    # HR's roster: an employee answer for a typed name or number, and the work facts the
    # roster holds for an employee answer (see rtwbot.intake.roster_fill). None: unknown.
    find_employee: Callable[[str], dict | None] = _no_user
    roster_for: Callable[[Mapping[str, Any]], Mapping[str, Any] | None] = _no_user  # type: ignore[assignment]

    @property
    def local_now(self) -> datetime:
        now = self.now if self.now.tzinfo else self.now.replace(tzinfo=self.tz)
        return now.astimezone(self.tz)


# --------------------------------------------------------------------------- text helpers

# Control and invisible formatting characters (keep \n and \t; they are handled separately).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def escape(text: str) -> str:
    """Escape user text for Slack (``&``, ``<``, ``>``) so it can never become a mention or link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of message text (the inverse of :func:`escape`)."""
    return str(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clean_text(raw: Any, *, keep_newlines: bool = False) -> str:
    """Normalize what a person typed: NFC, no control characters, tidy whitespace."""
    text = "" if raw is None else str(raw)
    text = _SURROGATE.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub(" ", text)
    if keep_newlines:
        lines = [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip()
    return re.sub(r"\s+", " ", text).strip()


def _norm(raw: Any) -> str:
    """Lower-case words only, for matching."""
    text = clean_text(raw).lower().replace("_", " ")
    text = re.sub(r"[^\w\s'#/+&]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" '")


def _has_word_chars(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _close(word: str, candidates: Sequence[str], cutoff: float = 0.8) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=3, cutoff=cutoff)


def osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent swap as one edit ("yse" -> "yes"); short strings only."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


# --------------------------------------------------------------------------- date and time

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
    dt, period = _dateparser(prepared, ctx)
    if dt is None:
        return None, False, "unreadable"
    if period not in (None, "day", "time"):
        return None, False, "vague"
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt, bool(_TIME_HINT.search(prepared)), None


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
    text = clean_text(raw)
    if not text:
        return Invalid(f"Please tell me when — for example {_date_example(ctx)}.")
    if len(text) > MAX_DATE_INPUT:
        return Invalid(f"That's too long for a date — try something like {_date_example(ctx)}.")
    lowered = _norm(text)
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


# --------------------------------------------------------------------------- yes / no / unknown

YES_NO_CHOICES: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("unknown", "Not sure"),
)
_YES_NO_DISPLAY = dict(YES_NO_CHOICES)
_YES = {
    "y",
    "yes",
    "yep",
    "yeah",
    "yea",
    "ya",
    "yah",
    "yup",
    "yes please",
    "sure",
    "true",
    "correct",
    "ok",
    "okay",
    "definitely",
    "absolutely",
    "affirmative",
    "they did",
    "yes they did",
    "of course",
}
_NO = {
    "n",
    "no",
    "nope",
    "nah",
    "na",
    "false",
    "none",
    "not yet",
    "never",
    "negative",
    "no they didn't",
    "they didn't",
    "did not",
    "no way",
    "not at all",
}
_UNKNOWN = {
    "unknown",
    "not sure",
    "dunno",
    "don't know",
    "dont know",
    "do not know",
    "i don't know",
    "i dont know",
    "idk",
    "maybe",
    "unsure",
    "no idea",
    "not known",
    "possibly",
    "perhaps",
    "tbd",
    "not sure yet",
    "don't know yet",
    "unclear",
    "?",
    "??",
    "i'm not sure",
    "im not sure",
    "not certain",
    "can't say",
    "cant say",
}
_YES_FIRST = {"y", "yes", "yep", "yeah", "yup", "ya", "yea"}
_NO_FIRST = {"n", "no", "nope", "nah"}


def parse_yes_no_unknown(raw: Any) -> Result:
    text = _norm(raw)
    if not text and clean_text(raw) in {"?", "??", "???"}:
        text = "?"
    if text in _YES_NO_DISPLAY:
        return Ok(text, _YES_NO_DISPLAY[text])
    invalid = Invalid('Please answer "yes", "no" or "not sure".')
    if not text or len(text) > MAX_CHOICE_INPUT:
        return invalid
    for value, words in (("unknown", _UNKNOWN), ("yes", _YES), ("no", _NO)):
        if text in words:
            return Ok(value, _YES_NO_DISPLAY[value])
    if any(text.startswith(w + " ") for w in _UNKNOWN if " " in w):
        return Ok("unknown", _YES_NO_DISPLAY["unknown"])
    first = re.split(r"[\s,]+", text, maxsplit=1)[0]
    if first in _YES_FIRST:
        return Ok("yes", _YES_NO_DISPLAY["yes"])
    if first in _NO_FIRST:
        return Ok("no", _YES_NO_DISPLAY["no"])
    if len(text) >= 3:
        vocabulary = {
            w: v for v, ws in (("yes", _YES), ("no", _NO), ("unknown", _UNKNOWN)) for w in ws
        }
        words = [w for w in vocabulary if len(w) >= 3]
        close = {vocabulary[w] for w in _close(text, words, 0.8)}
        if not close and len(text) <= 8:
            close = {vocabulary[w] for w in words if osa_distance(text, w) <= 1}
        if len(close) == 1:
            value = close.pop()
            return Ok(value, _YES_NO_DISPLAY[value])
    return invalid


# --------------------------------------------------------------------------- single choice


def _option_keys(
    options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for value, label in options:
        for key in (value, value.replace("_", " "), label, *((aliases or {}).get(value, ()))):
            n = _norm(key)
            if n:
                keys.setdefault(n, set()).add(value)
    return keys


def _match_option(
    text: str, options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> tuple[set[str], bool]:
    """-> (matching values, exact?).  Empty set when nothing matches."""
    keys = _option_keys(options, aliases)
    n = _norm(text)
    if not n:
        return set(), False
    if n in keys:
        return set(keys[n]), True
    if len(n) >= 2:
        prefixed = {v for k, vs in keys.items() if k.startswith(n) for v in vs}
        if prefixed:
            return prefixed, False
    words = n.split()
    if words:
        contained = {
            v
            for k, vs in keys.items()
            if all(any(kw.startswith(w) for kw in k.split()) for w in words)
            for v in vs
        }
        if contained:
            return contained, False
    if len(n) >= 3:
        close = {v for k in _close(n, list(keys), 0.75) for v in keys[k]}
        if close:
            return close, False
    return set(), False


_NEGATIONS = {
    "not",
    "no",
    "non",
    "never",
    "less",
    "without",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "except",
}


def _match_known_words(
    text: str, options: Sequence[tuple[str, str]], aliases: Mapping[str, Sequence[str]] | None
) -> tuple[set[str], bool]:
    """Ignore words that name no option ("Water dept" -> "water"), unless one is a negation."""
    keys = _option_keys(options, aliases)
    known = {w for key in keys for w in key.split()}
    words = _norm(text).split()
    kept = [w for w in words if w in known]
    dropped = [w for w in words if w not in known]
    if not kept or not dropped or any(w in _NEGATIONS for w in words):
        return set(), False
    phrase = " ".join(kept)
    if phrase in keys:
        return set(keys[phrase]), True
    return set(), False


def _spelled_out(
    text: str, value: str, options: Sequence[tuple[str, str]],
    aliases: Mapping[str, Sequence[str]] | None,
) -> bool:
    """Every typed word starts a word of one of the option's names (no letter wrong)."""
    words = _norm(text).split()
    keys = [k for k, vs in _option_keys(options, aliases).items() if value in vs]
    return any(all(any(kw.startswith(w) for kw in k.split()) for w in words) for k in keys)


# Replies to "did you mean ...?" that are not a name to keep as typed.
_NOT_A_NAME = {"yes", "y", "yeah", "yep", "yup", "no", "n", "nope", "ok", "okay", "sure", "right",
               "correct", "that one", "yes please"}


def parse_choice(
    raw: Any,
    options: Sequence[tuple[str, str]],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    allow_other: bool = False,
    ambiguous: Mapping[str, str] | None = None,
    from_action: bool = False,
) -> Result:
    """One of ``options`` by value, number, words, prefix or a small typo.

    With ``allow_other`` any other non-empty text is kept as typed.  ``ambiguous`` maps a
    word (e.g. "yes") to the sentence that asks which option is meant.
    """
    labels = dict(options)
    raw_text = "" if raw is None else str(raw)
    if raw_text in labels:
        return Ok(raw_text, labels[raw_text])
    text = clean_text(raw_text)
    example = f'"1" or "{escape(options[0][1])}"' if options else '"1"'
    if not options:
        if allow_other:
            return parse_text(text, max_length=MAX_CHOICE_INPUT)
        return Invalid("There's nothing to choose from here — please type your answer.")
    if not text:
        return Invalid(f"Please pick one of the options — for example {example}.")
    if len(text) > MAX_CHOICE_INPUT:
        if allow_other:
            return Invalid(
                f"That's a bit long — please keep it under {MAX_CHOICE_INPUT} characters."
            )
        return Invalid(f"Please pick one of the options — for example {example}.")
    number = re.fullmatch(r"#?\s*(\d{1,3})\s*[.)]?", text)
    if number and not from_action:
        index = int(number.group(1))
        if 1 <= index <= len(options):
            value, label = options[index - 1]
            return Ok(value, label)
        return Invalid(
            f"There's no option {index} — please pick a number from 1 to {len(options)}."
        )
    if _norm(text) in (ambiguous or {}):
        return Invalid((ambiguous or {})[_norm(text)])
    values, exact = _match_option(text, options, aliases)
    if not values:
        values, exact = _match_known_words(text, options, aliases)
    if len(values) == 1:
        value = values.pop()
        if allow_other and not exact and not _spelled_out(text, value, options, aliases):
            # A misspelling where any other name could be typed: ask, never assume.
            return Invalid(f'Did you mean "{escape(labels[value])}"? Pick it below, or type '
                           "it in full.")
        return Ok(value, labels[value])
    if len(values) > 1 and not exact:
        ordered = [labels[v] for v, _ in options if v in values]
        if allow_other and len(ordered) > 3:
            return parse_text(text, max_length=MAX_CHOICE_INPUT)
        listed = " or ".join(f'"{escape(label)}"' for label in ordered[:3])
        return Invalid(f"That could be {listed} — which one?")
    if allow_other:
        # Never keep a typo of an option as a new answer ("prks" is not a division).
        hint = did_you_mean(text, [label for _, label in options])
        if hint is not None:
            return Invalid(f'Did you mean "{escape(hint)}"? Pick it below, or type it in full.')
        if _norm(text) in _NOT_A_NAME:
            return Invalid(f"Please pick one of the options, or type the name in full — "
                           f"for example {example}.")
        return parse_text(text, max_length=MAX_CHOICE_INPUT)
    return Invalid(f"Please pick one of the options — for example {example}.")


# --------------------------------------------------------------------------- multiple choice

_SIDE_WORDS = {
    "left": "left",
    "l": "left",
    "lt": "left",
    "right": "right",
    "r": "right",
    "rt": "right",
    "both": "both",
    "bilateral": "both",
    "two": "both",
}
_FILLER = {"my", "the", "his", "her", "their", "a", "an", "side", "of", "sides", "on"}
_SPLIT_ITEMS = re.compile(r"\s*(?:[,;+&/\n]|\band\b|\bplus\b|\bwith\b|\balso\b)\s*", re.IGNORECASE)
_IRREGULAR_PLURALS = {"feet": "foot", "teeth": "tooth"}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("sh", "ch", "x")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _merge_side(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if a == b else "both"


def item_display(item: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    part = item.get("part")
    base = labels.get(str(part), str(part))
    if item.get("detail"):
        base = f"{base}: {item['detail']}"
    side = item.get("side")
    if side == "both":
        return f"{base} (both sides)"
    if side:
        return f"{base} ({side})"
    return base


def parse_multi_choice(
    raw: Any,
    options: Sequence[tuple[str, str]],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    allow_other: bool = True,
    ambiguous: Mapping[str, str] | None = None,
    from_action: bool = False,
) -> Result:
    """Several options (body parts): commas/"and", numbers, words, left/right, free additions.

    The value is a list of ``{"part": value, "side": "left"|"right"|"both"|None,
    "detail": free text or None}``.  ``ambiguous`` maps a bare word (e.g. "back") to the
    sentence that asks which option is meant.
    """
    labels = dict(options)
    example = '"left wrist, lower back" or "3, 9"'
    if isinstance(raw, (list, tuple)) and from_action:
        pieces = [str(p) for p in raw]
    else:
        text = clean_text(raw)
        if not text:
            return Invalid(f"Please name at least one — for example {example}.")
        if len(text) > MAX_MULTI_INPUT:
            return Invalid(
                f"That's a lot to read — please list them separated by commas, like {example}."
            )
        if from_action and all(p in labels for p in text.split(",")):
            pieces = text.split(",")
        else:
            pieces = [p.strip(" .-:") for p in _SPLIT_ITEMS.split(text)]
    pieces = [p for p in pieces if p and p.strip(" .-:")]
    if not pieces:
        return Invalid(f"Please name at least one — for example {example}.")
    if len(pieces) > MAX_MULTI_ITEMS:
        return Invalid(
            f"That's more than {MAX_MULTI_ITEMS} — please list only the ones affected, like {example}."
        )

    items: list[dict[str, Any]] = []
    pending_side: str | None = None
    for piece in pieces:
        if piece in labels:
            items.append({"part": piece, "side": _merge_side(None, pending_side), "detail": None})
            pending_side = None
            continue
        words = [w for w in _norm(piece).split() if w not in _FILLER]
        side = None
        while words and words[0] in _SIDE_WORDS:
            side = _merge_side(side, _SIDE_WORDS[words.pop(0)])
        while words and words[-1] in _SIDE_WORDS:
            side = _merge_side(side, _SIDE_WORDS[words.pop()])
        if not words:
            if side is None:
                continue
            pending_side = _merge_side(pending_side, side)
            continue
        side = _merge_side(side, pending_side)
        pending_side = None
        phrase = " ".join(words)
        if re.fullmatch(r"#?\d{1,4}", phrase):
            index = int(phrase.lstrip("#"))
            if not 1 <= index <= len(options):
                return Invalid(
                    f"There's no option {index} — please use numbers from 1 to {len(options)}."
                )
            items.append({"part": options[index - 1][0], "side": side, "detail": None})
            continue
        if phrase in (ambiguous or {}):
            return Invalid((ambiguous or {})[phrase])
        other = re.fullmatch(r"other\b[\s:-]*(.*)", phrase)
        if other:
            detail = clean_text(re.sub(r"^\s*other\b[\s:-]*", "", piece, flags=re.IGNORECASE))
            items.append(
                {
                    "part": "other" if "other" in labels else phrase,
                    "side": side,
                    "detail": detail or None,
                }
            )
            continue
        singular = " ".join(_singular(w) for w in words)
        values: set[str] = set()
        for candidate in (phrase, singular):
            values, exact = _match_option(candidate, options, aliases)
            if values and (exact or len(values) == 1):
                break
        if len(values) == 1:
            items.append({"part": values.pop(), "side": side, "detail": None})
            continue
        # "left big toe", "ear lobe": one word names an option; keep the rest as detail
        keys = _option_keys(options, aliases)
        hits = {v for w in words for v in keys.get(_singular(w), keys.get(w, set()))}
        if len(hits) == 1 and len(phrase) <= MAX_ITEM_LENGTH:
            items.append({"part": hits.pop(), "side": side, "detail": phrase})
            continue
        if not allow_other:
            return Invalid(f"Please pick from the options — for example {example}.")
        detail = clean_text(piece)
        if len(detail) > MAX_ITEM_LENGTH:
            return Invalid(f"Please keep each one short — for example {example}.")
        if not _has_word_chars(detail):
            return Invalid(f"Please use words or option numbers — for example {example}.")
        items.append({"part": "other", "side": side, "detail": detail})
    if pending_side and not items:
        return Invalid('Which part on that side — for example "left wrist"?')

    unique: list[dict[str, Any]] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    if not unique:
        return Invalid(f"Please name at least one — for example {example}.")
    return Ok(unique, ", ".join(item_display(i, labels) for i in unique))


# --------------------------------------------------------------------------- person

_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^<>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_NUMBER_WORDS = {
    "emp",
    "employee",
    "no",
    "number",
    "num",
    "id",
    "#",
    "-",
    "–",
    "|",
    "/",
    ":",
    "nr",
    "empl",
}
_EMPLOYEE_NUMBER = re.compile(r"[A-Za-z]{0,3}-?[0-9][0-9-]{1,14}")
_PERSON_EXAMPLE = '"Jane Doe, 12345"'


def _resolve(user_id: str, ctx: IntakeContext) -> Result:
    try:
        user = ctx.resolve_user(user_id)
    except Exception:
        return Invalid(
            f"I couldn't look that person up just now — please try again, or type {_PERSON_EXAMPLE}."
        )
    if not isinstance(user, Mapping):
        return Invalid(
            f"I can't find that person in Slack — mention them with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    if user.get("is_bot"):
        return Invalid("That's a bot, not a person — please mention the employee who was hurt.")
    if user.get("deleted"):
        return Invalid(
            f"That Slack account is deactivated — please type their name and employee number instead, like {_PERSON_EXAMPLE}."
        )
    name = (
        clean_text(user.get("real_name") or user.get("name") or user_id)[:MAX_ITEM_LENGTH]
        or user_id
    )
    return Ok({"slack_user_id": user_id, "name": name, "employee_number": None}, name)


def parse_person(raw: Any, ctx: IntakeContext, *, from_action: bool = False) -> Result:
    """A Slack mention (checked with ``ctx.resolve_user``) or "Name, employee number"."""
    text = clean_text(raw)
    if not text:
        return Invalid(
            f"Please mention the person with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    if len(text) > MAX_NAME_INPUT:
        return Invalid(
            f"That's too long for a name — please type just the name and employee number, like {_PERSON_EXAMPLE}."
        )
    mentions = set(_MENTION.findall(text))
    if len(mentions) > 1:
        return Invalid("Please mention just one person — the employee who was hurt or became ill.")
    if mentions:
        return _resolve(mentions.pop(), ctx)
    if _USER_ID.fullmatch(text):  # a users_select value, or an id pasted by hand
        return _resolve(text, ctx)
    if "<" in text or ">" in text:
        return Invalid(
            f"Please mention one person with @, or type their name and employee number like {_PERSON_EXAMPLE}."
        )
    tokens = [t for t in re.split(r"[\s,;()\[\]]+", text) if t]
    numbered = [t for t in tokens if re.search(r"[0-9]", t)]
    if len(numbered) > 1:
        return Invalid(f"Please give one name and one employee number, like {_PERSON_EXAMPLE}.")
    number = None
    if numbered:
        number = numbered[0].strip("#:.").lstrip("#")
        if not _EMPLOYEE_NUMBER.fullmatch(number):
            return Invalid(
                f"That employee number doesn't look right — please use digits, like {_PERSON_EXAMPLE}."
            )
    name_tokens = [
        t for t in tokens if t not in numbered and t.lower().strip(".:#") not in _NUMBER_WORDS
    ]
    name = " ".join(name_tokens).strip(" -–:#.")
    if not name or not any(ch.isalpha() for ch in name):
        return Invalid(f"Please add their name too, like {_PERSON_EXAMPLE}.")
    if len(name) > MAX_ITEM_LENGTH:
        return Invalid(
            f"That name is too long — please type just the name and employee number, like {_PERSON_EXAMPLE}."
        )
    if number is None:
        return Invalid(
            f"Please add their employee number too, like {_PERSON_EXAMPLE} — or mention them with @ if they're in Slack."
        )
    return Ok(
        {"slack_user_id": None, "name": name, "employee_number": number}, f"{name} (#{number})"
    )


def _person_on_roster(raw: Any, ctx: IntakeContext) -> Ok | None:
    """A name alone or a number alone, when HR's roster knows exactly that employee."""
    text = clean_text(raw)
    if not text or len(text) > MAX_NAME_INPUT or "<" in text:
        return None
    try:
        found = ctx.find_employee(text)
    except Exception:
        return None
    if not isinstance(found, Mapping) or not found.get("name"):
        return None
    name = clean_text(found["name"])[:MAX_ITEM_LENGTH]
    number = found.get("employee_number")
    value = {"slack_user_id": found.get("slack_user_id"), "name": name, "employee_number": number}
    return Ok(value, f"{name} (#{number})" if number else name)


# --------------------------------------------------------------------------- text and number


def parse_text(raw: Any, *, max_length: int = MAX_TEXT_LENGTH, example: str = "") -> Result:
    text = clean_text(raw, keep_newlines=True)
    if not text:
        suffix = f" — for example {example}" if example else ""
        return Invalid(f"Please type an answer{suffix}.")
    if len(text) > max_length:
        return Invalid(f"That's a bit long — please keep it under {max_length:,} characters.")
    if not _has_word_chars(text):
        return Invalid("Please type a few words, not just symbols.")
    return Ok(text, text)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_HOURS_WORDS = {
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "per",
    "a",
    "week",
    "weeks",
    "wk",
    "wks",
    "weekly",
    "pw",
    "hpw",
    "about",
    "around",
    "approx",
    "approximately",
    "roughly",
    "usually",
    "normally",
    "each",
    "every",
    "/",
    "~",
    "in",
    "total",
    "regular",
    "regularly",
    "is",
}


def parse_number(raw: Any, *, minimum: float = MIN_HOURS, maximum: float = MAX_HOURS) -> Result:
    """Hours per week: "37.5", "40 hours", "37,5"."""
    text = clean_text(raw).lower()
    example = 'like "37.5" or "40"'
    if not text or len(text) > 60:
        return Invalid(f"Please give the hours as a number, {example}.")
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        if len(numbers) > 1:
            return Invalid(f"Please give just one number of hours, {example}.")
        return Invalid(f"Please give the hours as a number, {example}.")
    rest = re.sub(r"[^\w~]+|(?<=\w)(?=~)", " ", text.replace(numbers[0], " ", 1)).split()
    if any(word not in _HOURS_WORDS for word in rest):
        return Invalid(f"Please give the hours as a number, {example}.")
    literal = numbers[0]
    if "," in literal:
        whole, _, fraction = literal.partition(",")
        if len(fraction) > 2:
            return Invalid(f"Please give the hours as a number, {example}.")
        literal = f"{whole}.{fraction}"
    try:
        number = float(literal)
    except ValueError:
        return Invalid(f"Please give the hours as a number, {example}.")
    if not minimum <= number <= maximum:
        return Invalid(
            f'Hours per week should be between {minimum:g} and {maximum:g} — for example "37.5".'
        )
    value: float | int = int(number) if number.is_integer() else round(number, 2)
    return Ok(value, f"{value:g} hours")


# --------------------------------------------------------------------------- dispatch


def parse_answer(
    question: Question,
    raw: Any,
    ctx: IntakeContext,
    answers: Mapping[str, Any],
    *,
    from_action: bool = False,
) -> Result:
    """Parse ``raw`` for ``question`` and run its cross-check.  Never raises on user input."""
    kind = question.kind
    if kind == "date_time":
        same_as = answers.get(question.same_as) if question.same_as else None
        result = parse_date_time(raw, ctx, same_as=same_as, from_action=from_action)
    elif kind == "yes_no_unknown":
        result = parse_yes_no_unknown(raw)
    elif kind == "choice":
        result = parse_choice(
            raw,
            question.options(ctx, answers),
            aliases=question.alias_map(),
            allow_other=question.allow_other,
            ambiguous=dict(question.ambiguous),
            from_action=from_action,
        )
    elif kind == "multi_choice":
        result = parse_multi_choice(
            raw,
            question.options(ctx, answers),
            aliases=question.alias_map(),
            allow_other=question.allow_other,
            ambiguous=dict(question.ambiguous),
            from_action=from_action,
        )
    elif kind == "person":
        result = parse_person(raw, ctx, from_action=from_action)
        if isinstance(result, Invalid) and not from_action:
            result = _person_on_roster(raw, ctx) or result
    elif kind == "number":
        result = parse_number(raw)
    elif kind == "text":
        result = parse_text(raw, max_length=question.max_length, example=question.example)
    else:  # pragma: no cover - a flow definition error, not user input
        raise ValueError(f"unknown answer kind {kind!r} for question {question.key!r}")
    if isinstance(result, Ok) and question.validate is not None:
        problem = question.validate(result.value, answers, ctx)
        if problem:
            return Invalid(problem)
    return result
