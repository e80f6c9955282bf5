"""Benchmark: rtwbot's HTTP edge and reply path against the fair floor.

The fair floor (bench/floor.py) is a bare Bolt app on the same gunicorn configuration that
records each event durably before its ack, answers the DM after it, and marks the answer
sent durably. Three processes: the two apps, the Slack stand-in they post to
(bench/stand_in.py), and this one, the timed client, which signs and sends the DMs itself.
Each app is measured in its own rounds, interleaved (rtwbot, floor, floor, rtwbot, ...):

* DMs back to back (the next one sent when the last is acked, from the next person in
  turn): ack and reply latency, median and p99; server CPU (master + workers) per DM,
  until every reply is sent; and the same from one person alone (rtwbot answers one
  person's messages in arrival order, so those queue behind each other);
* 32 senders at once: ack and reply latency;
* sustained rate: the highest offered rate (DMs/s, steady for a few seconds) at which the
  reply p99 stays under 1 s;
* start-up: process start to the first healthy /healthz.

    .venv/bin/python bench/ack.py                      # SQLite
    .venv/bin/python bench/ack.py --pg postgresql+psycopg://user@127.0.0.1:5432/postgres

Not a test: it takes a few minutes per database.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import hmac
import json
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
from rtwbot.store import crypto
from rtwbot.store.db import upgrade

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"
KEY = crypto.generate_key()
APPS = ("rtwbot", "floor")
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its descendants (gunicorn master + workers)."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / TICK


class StandIn:
    """The Slack stand-in process (bench/stand_in.py)."""

    def __init__(self, senders: int):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "stand_in.py"), SECRET, str(senders)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert self.proc.stdout is not None
        self.info = json.loads(self.proc.stdout.readline())
        self.lock = threading.Lock()

    def ask(self, command: str) -> str:
        with self.lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            return self.proc.stdout.readline()

    def count(self) -> int:
        return int(self.ask("count"))

    def replies(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for channel, at in json.loads(self.ask("replies")):
            out.setdefault(channel, []).append(at)
        return out

    def close(self) -> None:
        self.ask("quit") if self.proc.poll() is None else None
        self.proc.wait(timeout=10)


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

    def wait_healthy(self, timeout: float = 90) -> float:
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

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=90)


class Client:
    """Signs and sends DMs as Slack does, from this process."""

    def __init__(self, stand_in: StandIn):
        self.template = stand_in.info["envelope"]
        self.users = stand_in.info["users"]

    def dm(self, url: str, who: int) -> tuple[float, float]:
        """(unix time sent, seconds to the ack)."""
        user, channel = self.users[who]
        body = copy.deepcopy(self.template)
        now = time.time()
        ts = f"{now:.6f}"
        body["event_id"] = "Ev" + uuid.uuid4().hex[:12].upper()
        body["event_time"] = int(now)
        body["event"].update(user=user, channel=channel, ts=ts, event_ts=ts, text="hello",
                             client_msg_id=str(uuid.uuid4()))
        raw = json.dumps(body).encode()
        stamp = str(int(now))
        signature = "v0=" + hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + raw,
                                     hashlib.sha256).hexdigest()
        request = urllib.request.Request(url, data=raw, method="POST", headers={
            "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as r:
            r.read()
            if r.status != 200:
                raise RuntimeError(f"not acked: {r.status}")
        return now, time.perf_counter() - started

    def channel(self, who: int) -> str:
        return self.users[who][1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def wait_replies(stand_in: StandIn, expected: int, timeout: float = 120) -> int:
    """Wait for the replies; how many never came (reported, not hidden)."""
    deadline = time.monotonic() + timeout
    while (got := stand_in.count()) < expected:
        if time.monotonic() > deadline:
            return expected - got
        time.sleep(0.02)
    return 0


def reply_latencies(stand_in: StandIn, client: Client, sent: dict[int, list[float]]
                    ) -> list[float]:
    """Reply time minus send time, per DM: each sender's n-th reply answers its n-th DM."""
    replies = stand_in.replies()
    out = []
    for who, times in sent.items():
        got = replies.get(client.channel(who), [])[-len(times):]
        out += [r - s for s, r in zip(times, got, strict=False)]
    return out


class Bench:
    def __init__(self, stand_in: StandIn, servers: dict[str, Server], senders: int):
        self.stand_in, self.servers = stand_in, servers
        self.client = Client(stand_in)
        # Each app its own people: one for DMs back to back, `senders` for the bursts.
        self.people = {kind: list(range(i * (senders + 1), (i + 1) * (senders + 1)))
                       for i, kind in enumerate(APPS)}
        self.expected = stand_in.count()
        self.missing = dict.fromkeys(APPS, 0)

    def _send(self, kind: str, plan: list[tuple[int, float]], workers: int
              ) -> tuple[list[float], dict[int, list[float]]]:
        """Send DMs (who, at offset seconds; 0: at once, in order per sender); acks and
        send times per sender."""
        url, acks, sent = self.servers[kind].url, [], {}
        lock = threading.Lock()
        start = time.monotonic()

        def one(item: tuple[int, float]) -> None:
            who, at = item
            delay = start + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            t, ack = self.client.dm(url, who)
            with lock:
                acks.append(ack)
                sent.setdefault(who, []).append(t)

        if workers == 1:
            for item in plan:
                one(item)
        else:
            by_sender: dict[int, list[tuple[int, float]]] = {}
            for item in plan:
                by_sender.setdefault(item[0], []).append(item)
            with ThreadPoolExecutor(workers) as pool:
                if all(at == 0 for _, at in plan):  # each sender back to back
                    list(pool.map(lambda items: [one(i) for i in items], by_sender.values()))
                else:
                    list(pool.map(one, plan))
        self.expected += len(plan)
        missing = wait_replies(self.stand_in, self.expected)
        if missing:
            print(f"{kind}: {missing} of {len(plan)} replies did not come", flush=True)
            self.missing[kind] += missing
            self.expected = self.stand_in.count()
        for who in sent:
            sent[who].sort()
        return acks, sent

    def back_to_back(self, rounds: int, per_round: int) -> dict[str, dict[str, float]]:
        """One DM at a time, the next sent when the last is acked, each from the next of
        the app's people in turn: rtwbot answers one person's messages in order, so forty
        DMs in half a second from one person would measure a queue no person makes."""
        out = {k: {"acks": [], "replies": [], "cpu": 0.0, "n": 0} for k in APPS}
        for i in range(rounds):
            for kind in (APPS if i % 2 == 0 else APPS[::-1]):
                people = self.people[kind]
                pid = self.servers[kind].proc.pid
                cpu = cpu_seconds(pid)
                plan = [(people[j % len(people)], 0.0) for j in range(per_round)]
                acks, sent = self._send(kind, plan, 1)
                out[kind]["cpu"] += cpu_seconds(pid) - cpu
                out[kind]["n"] += per_round
                out[kind]["acks"] += acks
                out[kind]["replies"] += reply_latencies(self.stand_in, self.client, sent)
        return out

    def one_person(self, rounds: int, per_round: int) -> dict[str, list[float]]:
        """Reply latency of DMs back to back from one person."""
        out: dict[str, list[float]] = {k: [] for k in APPS}
        for i in range(rounds):
            for kind in (APPS if i % 2 == 0 else APPS[::-1]):
                _acks, sent = self._send(kind, [(self.people[kind][0], 0.0)] * per_round, 1)
                out[kind] += reply_latencies(self.stand_in, self.client, sent)
        return out

    def senders(self, rounds: int, each: int, senders: int) -> dict[str, dict[str, list]]:
        out = {k: {"acks": [], "replies": []} for k in APPS}
        for i in range(rounds):
            for kind in (APPS if i % 2 == 0 else APPS[::-1]):
                plan = [(w, 0.0) for w in self.people[kind][1:senders + 1] for _ in range(each)]
                acks, sent = self._send(kind, plan, senders)
                out[kind]["acks"] += acks
                out[kind]["replies"] += reply_latencies(self.stand_in, self.client, sent)
        return out

    def sustained(self, rates: list[int], seconds: float, senders: int
                  ) -> dict[str, list[tuple[int, float]]]:
        out: dict[str, list[tuple[int, float]]] = {k: [] for k in APPS}
        for i, rate in enumerate(rates):
            for kind in (APPS if i % 2 == 0 else APPS[::-1]):
                people = self.people[kind][1:senders + 1]
                n = int(rate * seconds)
                plan = [(people[j % len(people)], j / rate) for j in range(n)]
                _acks, sent = self._send(kind, plan, min(256, max(senders, rate)))
                out[kind].append((rate, pct(reply_latencies(self.stand_in, self.client, sent),
                                            0.99)))
        return out


@contextmanager
def databases(pg_url: str | None, tmp: Path, label: str):
    """Two empty migrated databases (rtwbot's, the floor's), dropped afterwards."""
    from datetime import UTC, datetime

    from rtwbot.domain.calendar import WorkCalendar
    from rtwbot.metrics.monthly import record_last_month_posted

    if not pg_url:
        urls = [f"sqlite:///{tmp / f'{label}-{name}.db'}" for name in APPS]
        names = []
    else:
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        names = [f"bench_{uuid.uuid4().hex[:10]}" for _ in APPS]
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        urls = [make_url(pg_url).set(database=n).render_as_string(hide_password=False)
                for n in names]
    try:
        for url in urls:
            upgrade(url)
        # As in a deployment on all but one morning a month: the committee's report for
        # last month is out, so a fresh bot does not render a year of charts while timed.
        record_last_month_posted(urls[0], datetime.now(UTC), WorkCalendar())
        yield urls
    finally:
        if names:
            with admin.connect() as conn:
                for name in names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def environment(info: dict, url: str, tmp: Path) -> dict[str, str]:
    directory = tmp / "directory.yaml"
    if not directory.exists():
        directory.write_text(yaml.safe_dump(directory_for_cast()))
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": info["bot_token"], "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "", "RTWBOT_DATABASE_URL": url,
        "RTWBOT_SLACK_API_URL": info["api_url"], "RTWBOT_DIRECTORY": str(directory),
        "RTWBOT_ENCRYPTION_KEY": KEY, "RTWBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1",
    }


def startups(info: dict, tmp: Path, rounds: int) -> dict[str, float]:
    out: dict[str, list[float]] = {k: [] for k in APPS}
    with databases(None, tmp, "startup") as urls:
        for i in range(rounds):
            for kind in (APPS if i % 2 == 0 else APPS[::-1]):
                server = Server(kind, environment(info, urls[APPS.index(kind)], tmp), tmp)
                try:
                    out[kind].append(server.wait_healthy())
                finally:
                    server.stop()
    return {k: statistics.median(v) for k, v in out.items()}


def row(name: str, bot: float, floor: float, goal: str, unit: str = "ms",
        scale: float = 1000, higher_is_better: bool = False) -> tuple[str, str, str]:
    ratio = bot / floor if floor else float("nan")
    return (name, f"{bot * scale:.1f} / {floor * scale:.1f} {unit}", f"{ratio:.2f} ({goal})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=os.environ.get("RTWBOT_BENCH_PG_URL"),
                        help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=50)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--each", type=int, default=10, help="DMs per sender per burst")
    parser.add_argument("--rates", default="25,50,100,200")
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--startups", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]

    load = [os.getloadavg()[0]]
    rows: list[tuple[str, str, str]] = []
    stand_in = StandIn(2 * (args.senders + 1))
    try:
        with tempfile.TemporaryDirectory(prefix="rtwbot-bench-") as tmpdir:
            tmp = Path(tmpdir)
            legs = ([] if args.skip_sqlite else [("SQLite", None)]) + \
                ([("PostgreSQL", args.pg)] if args.pg else [])
            for label, pg in legs:
                with databases(pg, tmp, label) as urls:
                    servers = {k: Server(k, environment(stand_in.info, urls[i], tmp), tmp)
                               for i, k in enumerate(APPS)}
                    try:
                        for s in servers.values():
                            s.wait_healthy()
                        bench = Bench(stand_in, servers, args.senders)
                        bench.back_to_back(1, 10)  # warm up both (caches, pools, auth.test)
                        seq = bench.back_to_back(args.rounds, args.per_round)
                        alone = bench.one_person(2, 10)
                        load.append(os.getloadavg()[0])
                        many = bench.senders(2, args.each, args.senders)
                        load.append(os.getloadavg()[0])
                        steady = bench.sustained(rates, args.seconds, args.senders)
                        load.append(os.getloadavg()[0])
                    finally:
                        for s in servers.values():
                            s.stop()
                b, f = seq["rtwbot"], seq["floor"]
                rows += [
                    row(f"{label}: ack median, DMs back to back", statistics.median(b["acks"]),
                        statistics.median(f["acks"]), "goal <= 1.3"),
                    row(f"{label}: ack p99, DMs back to back", pct(b["acks"], .99),
                        pct(f["acks"], .99), "-"),
                    row(f"{label}: reply median, DMs back to back",
                        statistics.median(b["replies"]), statistics.median(f["replies"]), "-"),
                    row(f"{label}: reply p99, DMs back to back", pct(b["replies"], .99),
                        pct(f["replies"], .99), "-"),
                    row(f"{label}: server CPU per DM", b["cpu"] / b["n"], f["cpu"] / f["n"],
                        "goal <= 2"),
                    row(f"{label}: reply median, 10 DMs back to back from one person",
                        statistics.median(alone["rtwbot"]), statistics.median(alone["floor"]),
                        "-"),
                ]
                mb, mf = many["rtwbot"], many["floor"]
                rows += [
                    row(f"{label}: ack median, {args.senders} senders",
                        statistics.median(mb["acks"]), statistics.median(mf["acks"]), "-"),
                    row(f"{label}: reply median, {args.senders} senders",
                        statistics.median(mb["replies"]), statistics.median(mf["replies"]),
                        "goal <= 2"),
                    row(f"{label}: reply p99, {args.senders} senders",
                        pct(mb["replies"], .99), pct(mf["replies"], .99), "-"),
                ]
                rows.append((f"{label}: replies that never came (of every DM sent)",
                             f"{bench.missing['rtwbot']} / {bench.missing['floor']}", "goal 0"))
                best = {k: max([r for r, p in steady[k] if p < 1.0], default=0) for k in APPS}
                rows.append((f"{label}: sustained DMs/s with reply p99 < 1 s",
                             f"{best['rtwbot']} / {best['floor']} DMs/s",
                             f"{best['rtwbot'] / best['floor'] if best['floor'] else 0:.2f} "
                             "(goal >= 0.5)"))
                rows.append((f"{label}: reply p99 at each rate (rtwbot; floor)",
                             "; ".join(f"{r}/s {p:.2f}" for r, p in steady["rtwbot"]),
                             "; ".join(f"{r}/s {p:.2f}" for r, p in steady["floor"])))
                show(rows, load)  # each leg as soon as it is measured
            start = startups(stand_in.info, tmp, args.startups)
            load.append(os.getloadavg()[0])
            rows.append(row("start-up to the first /healthz", start["rtwbot"], start["floor"],
                            "goal <= 2", unit="s", scale=1))
    finally:
        stand_in.close()

    show(rows, load)


def show(rows: list[tuple[str, str, str]], load: list[float]) -> None:
    print(f"\nload average (1 min) during the run: {min(load):.1f}-{max(load):.1f}")
    print("| measure | rtwbot / floor | ratio (goal) |\n| --- | --- | --- |")
    for name, value, ratio in rows:
        print(f"| {name} | {value} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
