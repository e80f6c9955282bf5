"""Benchmark: does a dispatcher tick cost follow the due nudges, not the open cases?

Builds a SQLite database with N open cases (each with future reminders, a sent one waiting
for its escalation time, and an acknowledged one), makes 100 nudges due, and times
`Dispatcher.tick()` writing them through a fake outbox `post`. Repeats for each size and prints
the ratio of the largest to the smallest (goal: at most 1.5).

    .venv/bin/python bench/nudges.py                 # 1,000 and 100,000 cases
    .venv/bin/python bench/nudges.py --sizes 1000 10000 --rounds 3

Not a test: it takes a minute or two, most of it building the big database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time as timer
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, text, update

from rtwbot.clock import ManualClock
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.nudges.dispatcher import Dispatcher
from rtwbot.nudges.fakes import RecordingPost
from rtwbot.store import crypto
from rtwbot.store.db import Database, upgrade
from rtwbot.store.models import Case
from rtwbot.store.nudge_models import ACKNOWLEDGED, PENDING, SENT, Nudge

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime.combine(date(2026, 1, 12), time(10), tzinfo=TORONTO)  # Monday 10:00
CHUNK = 5_000


def build(url: str, cases: int) -> None:
    upgrade(url)
    db = Database(url)
    created = datetime(2025, 6, 1, tzinfo=UTC)
    later = NOW + timedelta(days=30)
    for start in range(0, cases, CHUNK):
        n = min(CHUNK, cases - start)
        with db.session() as s:
            s.execute(
                insert(Case),
                [
                    dict(
                        reference=f"RTW-2026-{start + i:06d}",
                        kind="work_injury",
                        stage="temporary_modified_work",
                        supervisor_id="U_SUP",
                        employee_user_id="U_EMP",
                        division="Parks",
                        job_title="Gardener",
                        occurred_at=created,
                        learned_at=created,
                        reportable="reportable",
                        answers={},
                        filed_at=created,
                        updated_at=created,
                    )
                    for i in range(n)
                ],
            )
            first_id = s.scalar(select(Case.id).where(Case.reference == f"RTW-2026-{start:06d}"))
            rows = []
            for i in range(n):
                case_id = first_id + i
                for j, (state, extra) in enumerate(
                    (
                        (PENDING, {"deliver_after": later + timedelta(minutes=i % 997)}),
                        (PENDING, {"deliver_after": later + timedelta(days=7)}),
                        (
                            SENT,
                            {
                                "deliver_after": created,
                                "escalate_at": later,
                                "sent_at": created,
                                "channel": "D1",
                                "ts": f"{case_id}.1",
                            },
                        ),
                        (
                            ACKNOWLEDGED,
                            {
                                "deliver_after": created,
                                "acknowledged_by": "U_SUP",
                                "acknowledged_at": created,
                            },
                        ),
                    )
                ):
                    rows.append(
                        dict(
                            case_id=case_id,
                            kind="check_in",
                            recipient_role="supervisor",
                            due_at=extra["deliver_after"],
                            state=state,
                            attempts=0,
                            escalation_level=0,
                            escalation=[{"role": "hr", "business_days": 1}],
                            idempotency_key=f"{case_id}:{j}",
                            message="Check in (WSIA s.40).",
                            basis="WSIA s.40",
                            created_at=created,
                            updated_at=created,
                            **extra,
                        )
                    )
            s.execute(insert(Nudge), rows)
    db.dispose()


def make_due(db: Database, count: int, round_no: int) -> None:
    """Bring `count` future pending nudges due now, spread over the table."""
    with db.session() as s:
        total = s.scalar(select(Nudge.id).order_by(Nudge.id.desc()).limit(1))
        step = max(total // count, 1)
        ids = s.scalars(
            select(Nudge.id)
            .where(
                Nudge.state == PENDING,
                Nudge.id.in_([(k * step + round_no * 4) % total + 1 for k in range(count * 4)]),
            )
            .limit(count)
        ).all()
        s.execute(
            update(Nudge).where(Nudge.id.in_(ids)).values(deliver_after=NOW - timedelta(minutes=1))
        )


def measure(url: str, due: int, rounds: int) -> tuple[float, int]:
    db = Database(url)
    timings, sent = [], 0
    post = RecordingPost()
    dispatcher = Dispatcher(db, ManualClock(NOW), WorkCalendar(), post, "bench", batch=due)
    dispatcher.tick()  # warm the connection and the holiday cache
    for r in range(rounds):
        make_due(db, due, r)
        started = timer.perf_counter()
        report = dispatcher.tick()
        timings.append(timer.perf_counter() - started)
        sent += report.sent
    with db.engine.connect() as conn:
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM nudges WHERE state IN ('pending','snoozed') "
                "AND deliver_after <= '2026-01-12 15:00:00' ORDER BY deliver_after LIMIT 100"
            )
        ).all()
    db.dispose()
    print("    claim query plan:", "; ".join(row[-1] for row in plan))
    return statistics.median(timings), sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    crypto.configure(crypto.generate_key())

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            url = f"sqlite:///{Path(tmp) / f'bench-{size}.db'}"
            started = timer.perf_counter()
            build(url, size)
            print(
                f"{size:>9,} open cases ({size * 4:,} nudges) built in "
                f"{timer.perf_counter() - started:.1f} s"
            )
            median, sent = measure(url, args.due, args.rounds)
            assert sent == args.due * args.rounds, f"sent {sent}, expected {args.due * args.rounds}"
            results[size] = median
            print(
                f"    tick with {args.due} due: median {median * 1000:.1f} ms "
                f"over {args.rounds} rounds"
            )
    small, large = min(results), max(results)
    ratio = results[large] / results[small]
    verdict = "ok" if ratio <= 1.5 else "ABOVE GOAL"
    print(f"ratio {large:,} / {small:,} cases: {ratio:.2f} (goal <= 1.5: {verdict})")


if __name__ == "__main__":
    main()
