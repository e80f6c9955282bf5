"""What a report may show: every figure by its label and unit, with small cells suppressed.

A cell resting on fewer than 5 cases is not shown: a count reads "<5"; a figure derived from
cases (a rate, an average, a median — a median of two cases tells about those two people)
reads "not shown (fewer than 5 cases)", never "<5", which would read as its value. Every
output — the Slack message, the Home tab, the charts and the CSV — takes its text from
`shown`, and its numbers from `shown_value` (None for a suppressed cell: never plotted).
"""

from __future__ import annotations

from dataclasses import dataclass

from rtwbot.metrics.figures import SMALL, Cell

SUPPRESSED = "<5"  # a count under 5
NOT_SHOWN = "not shown (fewer than 5 cases)"  # a rate, average or median of under 5 cases
NOT_SHOWN_SHORT = "not shown"  # the same, where a chart has room for two words
COUNT_UNITS = frozenset({"cases", "reminders", "requests"})


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "cases" | "rate" | "days" | "business days" | "reminders" | "requests"

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS


def _m(key: str, label: str, unit: str) -> Metric:
    return Metric(key, label, unit)


METRICS: tuple[Metric, ...] = (
    _m("reported_total", "Cases reported", "cases"),
    _m("reported_work_injury", "Work-related injuries reported", "cases"),
    _m("reported_work_illness", "Work-related illnesses reported", "cases"),
    _m("reported_non_occupational", "Not work-related cases reported", "cases"),
    _m("form7_decided", "Form 7s due", "cases"),
    _m("form7_on_time", "Form 7s received on time", "cases"),
    _m("form7_on_time_rate", "Form 7 on-time rate", "rate"),
    _m("form7_median_business_days", "Median learning to Form 7 filed", "business days"),
    _m("median_days_to_functional_info", "Median filing to functional information", "days"),
    _m("waiting_for_functional_info", "Still waiting for functional information", "cases"),
    _m("median_days_to_plan", "Median filing to agreed plan", "days"),
    _m("lost_time_cases", "Cases with time away from work", "cases"),
    _m("lost_days_per_case", "Days of absence per case", "days"),
    _m("regular_within_30", "Back at regular duties within 30 days", "rate"),
    _m("regular_within_90", "Back at regular duties within 90 days", "rate"),
    _m("open_reported", "Open: reported", "cases"),
    _m("open_awaiting_functional_info", "Open: awaiting functional information", "cases"),
    _m("open_functional_info_received", "Open: functional information received", "cases"),
    _m("open_temporary_modified_work", "Open: temporary modified work", "cases"),
    _m("open_permanent_accommodation", "Open: permanent accommodation", "cases"),
    _m("open_stalled", "Open: stalled (mediation)", "cases"),
    _m("plans_ending_30_days", "Plans ending in the next 30 days", "cases"),
    _m("returns_with_expected_date", "Returns with an expected date", "cases"),
    _m("returned_by_expected_date", "Returned by the expected date", "cases"),
    _m("median_days_actual_minus_expected", "Median actual minus expected return", "days"),
    _m("nudges_escalated", "Reminders escalated", "reminders"),
    _m("nudges_overdue", "Reminders overdue", "reminders"),
    _m("mediation_requests", "Mediation requests", "requests"),
)
BY_KEY = {m.key: m for m in METRICS}


def suppressed(cell: Cell) -> bool:
    return cell.n < SMALL


def shown(cell: Cell, unit: str) -> str:
    """The cell as a report may print it: "<5" only on a count."""
    if suppressed(cell):
        return SUPPRESSED if unit in COUNT_UNITS else NOT_SHOWN
    if cell.value is None:
        return "–"
    if unit == "rate":
        return f"{cell.value:.0%}"
    if unit in ("days", "business days") and isinstance(cell.value, float):
        return f"{cell.value:.1f}".removesuffix(".0")
    return str(int(cell.value))


def shown_value(cell: Cell) -> float | None:
    """The number a chart may plot: None when suppressed or undefined."""
    return None if suppressed(cell) or cell.value is None else float(cell.value)


def row(figures: dict[str, Cell], key: str) -> str:
    return shown(figures[key], BY_KEY[key].unit)


def placeholder(key: str) -> str:
    """What a chart writes where a suppressed cell's bar or point would be."""
    return SUPPRESSED if BY_KEY[key].is_count else NOT_SHOWN_SHORT
