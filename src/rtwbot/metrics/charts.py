"""The report's charts as PNG bytes: big type for a phone, greyscale-safe (hatching and
markers, not colour, tell series apart). matplotlib is imported only when a chart is drawn,
with the Agg backend (no display).

Charts plot only what `cells` lets a report show (`shown_value`): a suppressed month has no
bar and no point, and "<5" (a count) or "not shown" (a rate or median) is written in its
place. Labels are metric names, months and stages: never a person.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rtwbot import dates
from rtwbot.metrics.cells import placeholder, shown_value, suppressed
from rtwbot.metrics.figures import Report
from rtwbot.metrics.records import OPEN_STAGES

STAGE_WORDS = {
    "reported": "Reported",
    "awaiting_functional_info": "Awaiting functional info",
    "functional_info_received": "Functional info received",
    "temporary_modified_work": "Temporary modified work",
    "permanent_accommodation": "Permanent accommodation",
    "stalled": "Stalled (mediation)",
}
GREYS = ("#333333", "#999999")
HATCHES = ("//", "..")


@dataclass(frozen=True)
class Chart:
    filename: str
    title: str
    png: bytes


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 13, "axes.titlesize": 15, "axes.labelsize": 13,
                         "hatch.linewidth": 1.2})
    return plt


def _figure(plt, title: str, report: Report):
    fig, ax = plt.subplots(figsize=(7, 5), dpi=130)
    fig.suptitle(title, fontweight="bold")
    ax.set_title(f"{report.period.label} · under 5 cases: not shown", fontsize=11, loc="right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#cccccc", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def _png(plt, fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _month_bars(plt, report: Report, keys: tuple[str, ...], names: tuple[str, ...],
                title: str, ylabel: str, *, percent: bool) -> bytes:
    fig, ax = _figure(plt, title, report)
    months = [m for m, _ in report.months]
    width = 0.8 / len(keys)
    for i, (key, name) in enumerate(zip(keys, names, strict=True)):
        xs = [j + (i - (len(keys) - 1) / 2) * width for j in range(len(months))]
        for x, (_, figs) in zip(xs, report.months, strict=True):
            v = shown_value(figs[key])
            if v is None:
                ax.text(x, 2 if percent else 0.2,
                        placeholder(key) if suppressed(figs[key]) else "–",
                        ha="center", va="bottom", fontsize=9, rotation=90)
        values = [shown_value(f[key]) for _, f in report.months]
        ax.bar(xs, [(v or 0) * (100 if percent else 1) for v in values], width,
               color=GREYS[i % 2], edgecolor="black", hatch=HATCHES[i % 2], label=name)
    ax.set_xticks(range(len(months)), [m[:3] + "\n" + m[-4:] for m in months], fontsize=10)
    ax.set_ylabel(ylabel)
    if percent:
        ax.set_ylim(0, 105)
    if len(keys) > 1:
        ax.legend(loc="upper left", fontsize=11, frameon=False)
    return _png(plt, fig)


def form7_on_time(report: Report) -> Chart:
    plt = _plt()
    png = _month_bars(plt, report, ("form7_on_time_rate",), ("On time",),
                      "Form 7 received on time, by month", "Form 7s on time (%)", percent=True)
    return Chart("form7-on-time.png", "Form 7 on-time rate by month", png)


def days_to_plan(report: Report) -> Chart:
    plt = _plt()
    fig, ax = _figure(plt, "Median days from filing to an agreed plan", report)
    months = [m for m, _ in report.months]
    values = [shown_value(f["median_days_to_plan"]) for _, f in report.months]
    xs = range(len(months))
    ax.plot(xs, [float("nan") if v is None else v for v in values], color="black",
            marker="o", markersize=8, linewidth=2.5)
    for x, v, (_, f) in zip(xs, values, report.months, strict=True):
        if v is None:
            ax.text(x, 0.5, placeholder("median_days_to_plan") if suppressed(
                f["median_days_to_plan"]) else "–", ha="center", fontsize=9, rotation=90)
    ax.set_xticks(list(xs), [m[:3] + "\n" + m[-4:] for m in months], fontsize=10)
    ax.set_ylabel("Median days (calendar)")
    ax.set_ylim(0, max([v for v in values if v is not None] + [8]) * 1.2)
    return Chart("days-to-plan.png", "Median days to plan by month", _png(plt, fig))


def open_by_stage(report: Report) -> Chart:
    plt = _plt()
    fig, ax = _figure(plt, f"Open cases by stage on {dates.day(report.as_of)}", report)
    ax.grid(axis="x", color="#cccccc", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    cells = [report.total[f"open_{s}"] for s in OPEN_STAGES]
    ys = range(len(OPEN_STAGES))
    ax.barh(ys, [shown_value(c) or 0 for c in cells], color=GREYS[1], edgecolor="black",
            hatch=HATCHES[0])
    for y, c, s in zip(ys, cells, OPEN_STAGES, strict=True):
        ax.text((shown_value(c) or 0) + 0.3, y, placeholder(f"open_{s}") if suppressed(c)
                else str(int(c.value or 0)), va="center", fontsize=12)
    ax.set_xlim(0, max([shown_value(c) or 0 for c in cells] + [8]) * 1.2)
    ax.set_yticks(list(ys), [STAGE_WORDS[s] for s in OPEN_STAGES])
    ax.invert_yaxis()
    ax.set_xlabel("Open cases (count)")
    return Chart("open-by-stage.png", "Open cases by stage", _png(plt, fig))


def regular_duties(report: Report) -> Chart:
    plt = _plt()
    png = _month_bars(plt, report, ("regular_within_30", "regular_within_90"),
                      ("Within 30 days", "Within 90 days"),
                      "Back at regular duties, by month reported", "Cases back (%)",
                      percent=True)
    return Chart("regular-duties.png", "Return to regular duties within 30/90 days", png)


def all_charts(report: Report) -> list[Chart]:
    return [form7_on_time(report), days_to_plan(report), open_by_stage(report),
            regular_duties(report)]
