"""Benchmark: what does rtwbot's HTTP edge cost over the floor?

The floor (bench/floor.py) is a bare Bolt app doing one durable insert per event before it
acks, served by the same gunicorn configuration. Both run as real processes against one
Slack sandbox, in the same run, interleaved:

* ack latency of a signed DM, one at a time: median and p99, rtwbot / floor (goal <= 1.3);
* a burst of 2,000 signed DMs from 32 concurrent senders at rtwbot: hung connections
  (goal 0), DMs answered exactly once (goal all), p99 ack (goal < 1 s); the floor's p99
  for the same burst beside it;
* idle RSS (master + workers) and start-up to the first /healthz answer, rtwbot / floor
  (goal <= 2 each).

    .venv/bin/python bench/ack.py                         # SQLite
    .venv/bin/python bench/ack.py --pg postgresql+psycopg://user@127.0.0.1:5432/postgres

With --pg (a URL whose user may create databases) the ack and burst rows run on
PostgreSQL too. Not a test: it takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rtwbot.playground import directory_for_cast
from rtwbot.sandbox import Sandbox
from rtwbot.store import crypto
from rtwbot.store.db import upgrade

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"
INTRO = "I'm rtwbot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (gunicorn master + workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class Server:
    def __init__(self, kind: str, env: dict[str, str], cwd: Path):
        self.kind, self.port = kind, free_port()
        script = (["-m", "rtwbot.cli", "serve", "--http"] if kind == "rtwbot"
                  else [str(ROOT / "bench" / "floor.py")])
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, *script, "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_healthy(self, timeout: float = 60) -> float:
        """Seconds from the process start to its first healthy /healthz answer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited:\n{''.join(self.log)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz",
                                            timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.01)
        raise RuntimeError(f"{self.kind} never became healthy:\n{''.join(self.log)}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def monthly_report_already_sent(url: str) -> None:
    """Record last month's committee report as posted, as it is in a running deployment
    on all but one morning a month: otherwise, in working hours from the first business
    day, each fresh bot renders the year's charts (matplotlib) while it is measured."""
    from datetime import UTC, datetime

    from rtwbot.domain.calendar import WorkCalendar
    from rtwbot.metrics.monthly import record_last_month_posted

    record_last_month_posted(url, datetime.now(UTC), WorkCalendar())


@contextmanager
def databases(pg_url: str | None, tmp: Path, label: str):
    """Two empty migrated databases (rtwbot's, the floor's), dropped afterwards."""
    if not pg_url:
        urls = [f"sqlite:///{tmp / f'{label}-{name}.db'}" for name in ("rtwbot", "floor")]
        for url in urls:
            upgrade(url)
        monthly_report_already_sent(urls[0])
        yield urls
        return
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    names = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        urls = [make_url(pg_url).set(database=n).render_as_string(hide_password=False)
                for n in names]
        for url in urls:
            upgrade(url)
        monthly_report_already_sent(urls[0])
        yield urls
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def environment(sandbox: Sandbox, url: str, tmp: Path) -> dict[str, str]:
    directory = tmp / "directory.yaml"
    if not directory.exists():
        directory.write_text(yaml.safe_dump(directory_for_cast()))
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": sandbox.bot_token, "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "", "RTWBOT_DATABASE_URL": url,
        "RTWBOT_SLACK_API_URL": sandbox.api_url, "RTWBOT_DIRECTORY": str(directory),
        "RTWBOT_ENCRYPTION_KEY": KEY, "RTWBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1",
    }


KEY = crypto.generate_key()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed_dm(sandbox: Sandbox, url: str, user: str) -> float:
    sandbox.request_url = url
    started = time.perf_counter()
    delivery = sandbox.dm(user, "hello")
    elapsed = time.perf_counter() - started
    if delivery.status != 200:
        raise RuntimeError(f"a DM was not acked: {delivery.status} {delivery.error}")
    return elapsed


def ack_latency(sandbox: Sandbox, servers: dict[str, Server], user: str,
                rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {k: [] for k in servers}
    for _ in range(20):  # warm up (Bolt's auth.test, connection pools, caches)
        for server in servers.values():
            timed_dm(sandbox, server.url, user)
    for i in range(rounds):
        order = list(servers.items()) if i % 2 == 0 else list(servers.items())[::-1]
        for kind, server in order:
            samples[kind].append(timed_dm(sandbox, server.url, user))
    return samples


def burst(sandbox: Sandbox, server: Server, users: list[str], dms: int) -> dict:
    sandbox.request_url = server.url
    per = [dms // len(users) + (1 if i < dms % len(users) else 0) for i in range(len(users))]
    before = {u: count_intros(sandbox, u) for u in users}
    calls_before = sandbox.call_count()

    def send(i: int) -> list[tuple[int | None, float]]:
        out = []
        for _ in range(per[i]):
            started = time.perf_counter()
            d = sandbox.dm(users[i], "hello")
            out.append((d.status, time.perf_counter() - started))
        return out

    started = time.monotonic()
    with ThreadPoolExecutor(len(users)) as pool:
        results = [r for part in pool.map(send, range(len(users))) for r in part]
    acked_in = time.monotonic() - started
    hung = sum(1 for status, _ in results if status is None)
    answered = None
    if server.kind == "rtwbot":
        sandbox.wait_for(lambda: sandbox.call_count() - calls_before >= dms and
                         sum(count_intros(sandbox, u) - before[u] for u in users) >= dms,
                         timeout=600, message="the burst's answers")
        server.stop()  # graceful: whatever is in flight finishes; then count
        got = {u: count_intros(sandbox, u) - before[u] for u in users}
        exact = all(got[u] == n for u, n in zip(users, per, strict=True))
        answered = f"{sum(got.values())}" + ("" if exact else " (not once per DM!)")
    return {"hung": hung, "answered": answered, "acked_in": acked_in,
            "p99": pct([t for _, t in results], 0.99), "ok": sum(1 for s, _ in results if s == 200)}


def count_intros(sandbox: Sandbox, user: str) -> int:
    return sum(1 for m in sandbox.dm_messages(user) if INTRO in (m.get("text") or ""))


def startup_and_rss(sandbox: Sandbox, tmp: Path, rounds: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, list[float]]] = {k: {"start": [], "rss": []}
                                              for k in ("rtwbot", "floor")}
    with databases(None, tmp, "startup") as (bot_url, floor_url):
        for i in range(rounds):
            kinds = ["rtwbot", "floor"] if i % 2 == 0 else ["floor", "rtwbot"]
            for kind in kinds:
                url = bot_url if kind == "rtwbot" else floor_url
                server = Server(kind, environment(sandbox, url, tmp), tmp)
                try:
                    out[kind]["start"].append(server.wait_healthy())
                    time.sleep(1.0)  # let start-up work (first tick, imports) settle
                    out[kind]["rss"].append(rss_kib(server.proc.pid) / 1024)
                finally:
                    server.stop()
    return {k: {m: statistics.median(v) for m, v in d.items()} for k, d in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=os.environ.get("RTWBOT_BENCH_PG_URL"),
                        help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--dms", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=300, help="sequential DMs per server")
    parser.add_argument("--startups", type=int, default=3)
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="rtwbot-bench-") as tmpdir, \
            Sandbox(signing_secret=SECRET, bot_token="xoxb-bench", delivery_timeout=30) as sb:
        tmp = Path(tmpdir)
        lone = sb.add_user("bench", real_name="Bench Sender")
        users = [sb.add_user(f"burst{i:02d}", real_name=f"Burst {i}") for i in range(args.senders)]
        legs = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
        for label, pg in legs:
            with databases(pg, tmp, label) as (bot_url, floor_url):
                servers = {"rtwbot": Server("rtwbot", environment(sb, bot_url, tmp), tmp),
                           "floor": Server("floor", environment(sb, floor_url, tmp), tmp)}
                try:
                    for s in servers.values():
                        s.wait_healthy()
                    acks = ack_latency(sb, servers, lone, args.rounds)
                    med = {k: statistics.median(v) * 1000 for k, v in acks.items()}
                    p99 = {k: pct(v, 0.99) * 1000 for k, v in acks.items()}
                    rows.append((f"{label}: ack median, ms (rtwbot / floor)",
                                 f"{med['rtwbot']:.1f} / {med['floor']:.1f}",
                                 f"{med['rtwbot'] / med['floor']:.2f} (goal <= 1.3)"))
                    rows.append((f"{label}: ack p99, ms (rtwbot / floor)",
                                 f"{p99['rtwbot']:.1f} / {p99['floor']:.1f}",
                                 f"{p99['rtwbot'] / p99['floor']:.2f} (goal <= 1.3)"))
                    floor_burst = burst(sb, servers["floor"], users, args.dms)
                    bot_burst = burst(sb, servers["rtwbot"], users, args.dms)
                finally:
                    for s in servers.values():
                        s.stop()
            rows.append((f"{label}: burst {args.dms} DMs x {args.senders} senders, hung",
                         str(bot_burst["hung"]), "goal 0"))
            rows.append((f"{label}: burst, answered exactly once", str(bot_burst["answered"]),
                         f"goal {args.dms}"))
            rows.append((f"{label}: burst p99 ack, ms (rtwbot / floor)",
                         f"{bot_burst['p99'] * 1000:.0f} / {floor_burst['p99'] * 1000:.0f}",
                         "goal < 1000"))
            rows.append((f"{label}: burst acked in, s (rtwbot / floor)",
                         f"{bot_burst['acked_in']:.1f} / {floor_burst['acked_in']:.1f}", ""))
        start = startup_and_rss(sb, tmp, args.startups)
        rows.append(("start-up to /healthz, s (rtwbot / floor)",
                     f"{start['rtwbot']['start']:.2f} / {start['floor']['start']:.2f}",
                     f"{start['rtwbot']['start'] / start['floor']['start']:.2f} (goal <= 2)"))
        rows.append(("idle RSS, MiB, master + worker (rtwbot / floor)",
                     f"{start['rtwbot']['rss']:.0f} / {start['floor']['rss']:.0f}",
                     f"{start['rtwbot']['rss'] / start['floor']['rss']:.2f} (goal <= 2)"))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)} | {'value':>15} | ratio / goal")
    print("-" * (width + 40))
    for name, value, ratio in rows:
        print(f"{name.ljust(width)} | {value:>15} | {ratio}")


if __name__ == "__main__":
    main()
