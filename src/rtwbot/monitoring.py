"""`GET /metrics` in Prometheus' text format: what an operator watches to know the bot is
keeping up — nothing about any person or case.

The queue figures (inbox and outbox depth and their oldest waits, rows refused, reminders
due, overdue, escalated and failed) are read from the database at each scrape, so every
process and worker reports the same truth. Deliveries per listener and their latency (from
receipt to done) are counted in the process that ran them; with several gunicorn workers
they are summed through prometheus_client's multiprocess mode (`serve --http` sets
PROMETHEUS_MULTIPROC_DIR before the workers start).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from rtwbot.store.db import Database

__all__ = ["CONTENT_TYPE_LATEST", "delivered", "listener_of", "render"]

DELIVERIES = Counter("rtwbot_deliveries", "Slack deliveries handled, by listener and outcome",
                     ["listener", "outcome"])
LATENCY = Histogram("rtwbot_delivery_seconds",
                    "Seconds from a delivery's receipt to its listener finishing, by listener",
                    ["listener"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300))


def listener_of(body: dict[str, Any]) -> str:
    """A label for the listener a delivery goes to: the event type, the button's action id,
    the modal's callback id or the command — never anything a person typed."""
    kind = str(body.get("type") or "")
    if kind == "event_callback":
        return f"event:{(body.get('event') or {}).get('type', '?')}"
    if body.get("command"):
        return f"command:{body['command']}"
    if kind == "block_actions":
        return f"action:{((body.get('actions') or [{}])[0]).get('action_id', '?')}"
    if kind in ("view_submission", "view_closed"):
        return f"{kind}:{(body.get('view') or {}).get('callback_id', '?')}"
    if kind in ("shortcut", "message_action"):
        return f"{kind}:{body.get('callback_id', '?')}"
    return kind or "?"


def delivered(body: dict[str, Any], seconds: float, ok: bool) -> None:
    """Count one delivery its listener finished (ok) or failed, and how long it took."""
    label = listener_of(body)[:80]
    DELIVERIES.labels(label, "ok" if ok else "error").inc()
    LATENCY.labels(label).observe(max(0.0, seconds))


class QueueCollector(Collector):
    """The database's queues, read at each scrape."""

    def __init__(self, db: Database, now: Callable[[], datetime]):
        self.db, self.now = db, now

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from rtwbot.nudges.service import due_filter, overdue_filter
        from rtwbot.store.message_models import InboxRow, OutboxRow
        from rtwbot.store.nudge_models import FAILED as NUDGE_FAILED
        from rtwbot.store.nudge_models import Nudge

        now = self.now()
        with self.db.session() as s:
            for name, model, stamp in (("inbox", InboxRow, InboxRow.received_at),
                                       ("outbox", OutboxRow, OutboxRow.created_at)):
                counts = dict(s.execute(select(model.status, func.count())
                                        .group_by(model.status)).all())
                oldest = s.scalar(select(func.min(stamp)).where(model.status == "pending"))
                depth = GaugeMetricFamily(f"rtwbot_{name}_rows", f"{name} rows by state",
                                          labels=["state"])
                for state in ("pending", "failed", *sorted(set(counts) -
                                                           {"pending", "failed"})):
                    depth.add_metric([state], counts.get(state, 0))
                yield depth
                yield GaugeMetricFamily(
                    f"rtwbot_{name}_oldest_pending_seconds",
                    f"How long the oldest pending {name} row has waited",
                    value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
            reminders = GaugeMetricFamily("rtwbot_reminders", "Reminders by condition",
                                          labels=["condition"])
            for condition, where in (
                    ("due", due_filter(now)),
                    ("overdue", overdue_filter(now)),
                    ("escalated", Nudge.parent_id.is_not(None)),
                    ("failed", Nudge.state == NUDGE_FAILED)):
                reminders.add_metric([condition], s.scalar(
                    select(func.count(Nudge.id)).where(where)) or 0)
            yield reminders


def render(db: Database, now: Callable[[], datetime]) -> bytes:
    """The exposition: this process's (or every worker's) counters and the queues."""
    registry = CollectorRegistry()
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry, path=folder)
    else:
        registry.register(DELIVERIES)
        registry.register(LATENCY)
    registry.register(QueueCollector(db, now))
    return generate_latest(registry)
