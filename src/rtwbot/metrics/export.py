"""The CSV export (`rtwbot metrics --from ... --to ... --csv FILE`): one row per metric, one
column for the whole period, then one per month and one per division ("Other" holds the
divisions with fewer than 5 cases). The same suppressed cells as every other output."""

from __future__ import annotations

import csv
import io

from rtwbot.metrics.cells import METRICS, shown
from rtwbot.metrics.figures import Report


def to_csv(report: Report) -> str:
    columns = [(report.period.label, report.total), *report.months,
               *((f"Division: {name}", figs) for name, figs in report.divisions)]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["metric", "unit", *(name for name, _ in columns)])
    for m in METRICS:
        out.writerow([m.label, m.unit, *(shown(figs[m.key], m.unit) for _, figs in columns)])
    return buf.getvalue()
