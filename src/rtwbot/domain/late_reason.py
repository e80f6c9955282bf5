"""Form 7's "If reported late, why" (section C), prefilled with what the timeline knows: the
day the employer learned what made the case reportable, from whom, and the day it was
recorded — HR adds the rest. Only the Form 7's own terms (health care beyond first aid,
absence, pay), never anything clinical. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from rtwbot import dates
from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar

# What a fact that can start the Form 7 clock says, in the Form 7's words.
WORDS: Mapping[tuple[str, object], str] = {
    (t.HEALTH_CARE, "yes"): "the worker received health care beyond first aid",
    (t.ABSENT, "yes"): "the worker was absent from regular work",
    (t.LOWER_PAY, "yes"): "the worker earned less than regular pay",
    (t.MODIFIED_WORK, "reduced_pay"): "the worker was on modified work at less than regular pay",
    (t.MODIFIED_WORK, "regular_pay"): "the worker was on modified work",
    (t.CONTINUES, "yes"): "the worker's modified work went on past day 7",
    (t.KIND, "work_injury"): "the injury is work-related",
    (t.KIND, "work_illness"): "the illness is work-related",
}
FORM_WORDS = "a health professional's form reached the employer"


def _said(f: t.Fact) -> str | None:
    if f.name == t.FORM:
        return FORM_WORDS
    words = WORDS.get((f.name, f.value))
    return f"{words} (from {t.SOURCES[f.source]})" if words else None


def late_reason(facts: Iterable[t.Fact], duties: t.Duties, today: date,
                calendar: WorkCalendar) -> str | None:
    """What rtwbot knows of why Form 7 is late, or None while it is not late (due today or
    later, or nothing to report)."""
    r = duties.reportability
    if r.status != "reportable" or r.form7_due is None or r.obligation_date is None \
            or today <= r.form7_due:
        return None
    day = r.obligation_date
    that_day = [f for f in facts
                if _said(f) and calendar.local_date(f.learned_at) == day]
    # News learned after the report says why; else the report's own facts (not its kind).
    news = [f for f in that_day if f.source != t.SUPERVISOR_REPORT] or \
        [f for f in that_day if f.name != t.KIND]
    parts = []
    for f in news:
        said = _said(f) or ""
        typed = calendar.local_date(f.recorded)
        parts.append(said if typed <= day else f"{said}, recorded on {dates.day(typed)}")
    return reason_text(day, r.form7_due, parts)


def reason_text(learned: date, due: date, what: Sequence[str] = (), *,
                occurred: date | None = None, recorded: date | None = None) -> str:
    """The one wording of "If reported late, why": the day the employer learned (and `what`
    it learned, each with the day it was recorded when later), else the obligation alone with
    how long after the accident and the day it was recorded, when known; then the due day."""
    if what:
        said = f"The employer learned on {dates.day(learned)} that " + \
            "; and that ".join(dict.fromkeys(what))
    else:
        said = f"The employer learned of the obligation on {dates.day(learned)}"
        if occurred is not None and occurred < learned:
            gap = (learned - occurred).days
            said += (f", {gap} day{'s' if gap != 1 else ''} after it happened on "
                     f"{dates.day(occurred)}")
        if recorded is not None and recorded > learned:
            said += f", recorded on {dates.day(recorded)}"
    return f"{said}. Form 7 was due by {dates.day(due)} (OPM 15-01-02)."
