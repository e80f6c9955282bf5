"""Benchmark: cost does not grow with history. Two bots side by side (in-process, through
the sandbox, SQLite), measured interleaved, median of the rounds:

* HR's "status" with 10 open cases in HR's divisions, and with 10,000 (goal <= 1.5);
* a reply (one message through the outbox and the relay) with 0 sent outbox rows behind it,
  and with 100,000 (goal <= 1.5).

    .venv/bin/python bench/growth.py [--cases 10000] [--sent 100000] [--rounds 9]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from rtwbot.playground import Playground
from rtwbot.store.db import upgrade
from rtwbot.store.message_models import OutboxRow
from rtwbot.store.models import Case
from rtwbot.workflow.outbox import Say

START = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("America/Toronto"))


def add_cases(pg: Playground, n: int) -> None:
    """`n` open cases in Parks and Recreation (HR "hana" sees them by the directory)."""
    now = datetime.now(UTC)
    rows = [dict(reference=f"RTW-2026-{i + 1:05d}", kind="work_injury", stage="reported",
                 employee_user_id=pg.users["erin"], supervisor_id=pg.users["sam"],
                 employee_name="Erin E.", division="Parks and Recreation",
                 job_title="Gardener", occurred_at=now - timedelta(days=2),
                 learned_at=now - timedelta(days=2), reportable="reportable",
                 form7_due=(now + timedelta(days=2)).date(), answers={},
                 filed_at=now - timedelta(minutes=n - i), updated_at=now) for i in range(n)]
    with pg.bot.db.session() as s:
        for i in range(0, n, 1000):
            s.execute(insert(Case), rows[i:i + 1000])


def add_sent(pg: Playground, n: int) -> None:
    now = datetime.now(UTC)
    rows = [dict(kind="say", conversation=f"user:U{i % 500:05d}", payload={"to_user": "U"},
                 events=[], events_done=1, status="sent", attempts=1, created_at=now,
                 next_attempt_at=now, sent_at=now, slack_channel="D1", slack_ts=f"{i}.0",
                 slack_file_ids=[]) for i in range(n)]
    with pg.bot.db.session() as s:
        for i in range(0, n, 5000):
            s.execute(insert(OutboxRow), rows[i:i + 5000])


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--sent", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{Path(tmp) / f'{n}.db'}" for n in ("small", "large")]
        for url in urls:
            upgrade(url)
        with Playground(database_url=urls[0], start_at=START) as small, \
                Playground(database_url=urls[1], start_at=START) as large:
            add_cases(small, 10)
            add_cases(large, args.cases)
            add_sent(large, args.sent)
            bots = {"small": small, "large": large}
            status = {k: [] for k in bots}
            reply = {k: [] for k in bots}
            for pg in bots.values():  # warm: caches, the directory's lookups
                pg.bot.status.answer(pg.users["hana"], "status")
                pg.bot.deliver([Say(text="warm", to_user=pg.users["sam"])])
            for i in range(args.rounds):
                for name in (("small", "large") if i % 2 == 0 else ("large", "small")):
                    pg = bots[name]
                    status[name].append(timed(
                        lambda pg=pg: pg.bot.status.answer(pg.users["hana"], "status")))
                    reply[name].append(timed(lambda pg=pg: pg.bot.deliver(
                        [Say(text="A reply", to_user=pg.users["sam"])])))
    s = {k: statistics.median(v) * 1000 for k, v in status.items()}
    r = {k: statistics.median(v) * 1000 for k, v in reply.items()}
    print("| measure | small / large | ratio (goal) |\n| --- | --- | --- |")
    print(f"| HR's status, 10 vs {args.cases:,} cases | {s['small']:.1f} / {s['large']:.1f} ms"
          f" | {s['large'] / s['small']:.2f} (goal <= 1.5) |")
    print(f"| a reply, 0 vs {args.sent:,} sent outbox rows | {r['small']:.1f} / "
          f"{r['large']:.1f} ms | {r['large'] / r['small']:.2f} (goal <= 1.5) |")


if __name__ == "__main__":
    main()
