"""Benchmark: does a year's committee report cost grow linearly with the cases (or better)?

Seeds two SQLite databases with a year of plausible cases (1,000 and 10,000 by default:
`rtwbot.metrics.seed`), then times loading the records and computing a year's report
(`MetricsWorkflow.report`: the store adapter and every metric, per month and per division),
interleaving runs on the two sizes so machine noise hits both alike, and counting the
process's CPU time (SQLite runs in it), not the wall clock, which other processes disturb. Prints the median times
and their ratio (goal: at most 10, i.e. linear or better, with the indexes of migrations
20261126_metrics and 20261126_metrics_period_index). Charts are not timed: they do not depend on the number of cases.

    .venv/bin/python bench/metrics.py
    .venv/bin/python bench/metrics.py --sizes 1000 10000 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time as timer
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rtwbot.clock import ManualClock
from rtwbot.directory import Directory
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.metrics.charts import all_charts
from rtwbot.metrics.figures import Period
from rtwbot.metrics.report import MetricsWorkflow, headline
from rtwbot.metrics.seed import seed_year
from rtwbot.store import crypto
from rtwbot.store.db import Database, upgrade

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 2, 10, tzinfo=TORONTO)  # the first business day of November
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs=2, default=(1000, 10000))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    crypto.configure(crypto.generate_key())
    cal = WorkCalendar()
    with tempfile.TemporaryDirectory() as tmp:
        flows = {}
        for n in args.sizes:
            url = f"sqlite:///{Path(tmp) / f'm{n}.db'}"
            upgrade(url)
            db = Database(url)
            seed_year(db, NOW.date(), n, cal)
            flows[n] = MetricsWorkflow(db, ManualClock(NOW), cal, Directory(), lambda r: None)
            flows[n].report(YEAR)  # warm up (caches, page cache)
        def full(n: int) -> None:
            report = flows[n].report(YEAR)
            headline(report)
            all_charts(report)

        def figures(n: int) -> None:
            flows[n].report(YEAR)

        for name, run in (("figures alone", figures), ("report with charts", full)):
            times: dict[int, list[float]] = {n: [] for n in args.sizes}
            for _ in range(args.rounds):
                for n in args.sizes:
                    t0 = timer.process_time()
                    run(n)
                    times[n].append(timer.process_time() - t0)
            small, big = args.sizes
            med = {n: statistics.median(ts) for n, ts in times.items()}
            for n in args.sizes:
                print(f"{name}: {n:>6,} cases in {med[n] * 1000:7.1f} ms CPU (median of "
                      f"{args.rounds})")
            print(f"{name}: ratio {big:,} / {small:,} cases = {med[big] / med[small]:.2f} "
                  f"(goal: at most {big / small:.0f})")
        for flow in flows.values():
            flow.db.dispose()


if __name__ == "__main__":
    main()
