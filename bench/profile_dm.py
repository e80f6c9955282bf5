"""Where one DM's time goes: cProfile of the listener thread (the work after the ack) and
of the ack itself, for "hello" DMs to a warmed-up bot on SQLite, in-process through the
sandbox. Prints the functions with the most cumulative time.

    .venv/bin/python bench/profile_dm.py [--dms 50]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rtwbot.playground import Playground
from rtwbot.store.db import upgrade


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dms", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'p.db'}"
        upgrade(url)
        start = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("America/Toronto"))
        with Playground(database_url=url, start_at=start) as pg:
            sam = pg.users["sam"]
            for _ in range(5):  # warm: caches, pools, the directory's lookups
                pg.sandbox.dm(sam, "hello")
                pg.settle()
            listener, ack = cProfile.Profile(), cProfile.Profile()
            submit = pg.bot.executor.submit

            def profiled(fn, /, *a, **kw):
                def run():
                    listener.enable()
                    try:
                        return fn(*a, **kw)
                    finally:
                        listener.disable()
                return submit(run)

            pg.bot.executor.submit = profiled  # type: ignore[method-assign]
            claim = pg.bot.inbox.claim

            def timed_claim(req):  # the ack's own work: record the delivery durably
                ack.enable()
                try:
                    return claim(req)
                finally:
                    ack.disable()

            pg.bot.inbox.claim = timed_claim  # type: ignore[method-assign]
            began = time.perf_counter()
            for _ in range(args.dms):
                pg.sandbox.dm(sam, "hello")
                pg.settle()
            took = time.perf_counter() - began
    print(f"{args.dms} DMs in {took:.2f} s: {took / args.dms * 1000:.1f} ms each "
          "(wall, in-process, sandbox included)")
    for name, prof in (("after the ack (listener thread)", listener),
                       ("the ack's claim (request thread)", ack)):
        print(f"\n== {name}")
        stats = pstats.Stats(prof)
        print(f"total {stats.total_tt / args.dms * 1000:.2f} ms per DM")
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
