"""The committee's monthly report: from the first business day of each month, the previous
month's report goes to the committee's channel (`channels.committee`), once: its headline
figures, with charts of the twelve months ending with it.

Exactly once across processes, the nudges' way (`rtwbot.nudges.dispatcher`): the month's
row in `scheduled_reports` is created with ON CONFLICT DO NOTHING (its key is unique), and a
process posts only after winning a compare-and-set claim with a lease (`UPDATE ... WHERE
state='pending' OR lease expired`, won when `rowcount == 1`; portable to SQLite and
PostgreSQL). A crash before the post leaves the lease to expire and another process posts;
a crash between Slack accepting the upload and the `sent` commit posts again (at least once,
as for nudges). A failed post is retried on later ticks, then marked failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from rtwbot.domain.calendar import add_months
from rtwbot.metrics.charts import all_charts
from rtwbot.metrics.figures import Period, month_of
from rtwbot.metrics.report import MetricsWorkflow, ReportPost, headline
from rtwbot.store import scheduled
from rtwbot.store.report_models import FAILED, PENDING, SENT, ScheduledReport

log = logging.getLogger(__name__)

TITLE = "Monthly report to the Corporate Modified Work Committee"
LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def first_business_day(day: date, calendar) -> date:
    first = day.replace(day=1)
    return first if calendar.is_business_day(first) else calendar.next_business_day(first)


def due_period(now: datetime, calendar) -> Period | None:
    """The month whose report is due at `now`: the previous one, from the first business
    day of this month, in working hours."""
    if not calendar.is_working_time(now):
        return None
    today = calendar.local_date(now)
    if today < first_business_day(today, calendar):
        return None
    return month_of(add_months(today.replace(day=1), -1))


def report_key(period: Period) -> str:
    return f"committee:{period.start:%Y-%m}"


def record_posted(s: Session, period: Period, now: datetime) -> None:
    """Record a month's report as already posted: it went out some other way, or a test or
    benchmark starts a bot that must not render a year of charts at start-up."""
    key = report_key(period)
    scheduled.insert_once(s, key, now)
    s.execute(update(ScheduledReport).where(ScheduledReport.key == key)
              .values(state=SENT, sent_at=now, updated_at=now))


def record_last_month_posted(database_url: str, now: datetime, calendar) -> None:
    """`record_posted` for the month before `now`'s, in a migrated database of its own
    (a served bot in a test or benchmark starts from a deployment's steady state)."""
    from sqlalchemy import inspect

    from rtwbot.store.db import Database

    db = Database(database_url)
    try:
        with db.session() as s:
            if not inspect(s.connection()).has_table("scheduled_reports"):
                return  # not migrated yet: nothing can be due
            today = calendar.local_date(now)
            record_posted(s, month_of(add_months(today.replace(day=1), -1)), now)
    finally:
        db.dispose()


class MonthlyReport:
    def __init__(self, metrics: MetricsWorkflow, channel: str,
                 post: Callable[[ReportPost, Session], str], worker_id: str, lease: timedelta = LEASE):
        self.metrics, self.channel, self.post = metrics, channel, post
        self.worker_id, self.lease = worker_id, lease

    def _claim(self, key: str, now: datetime) -> bool:
        return scheduled.claim(self.metrics.db, key, self.worker_id, now, self.lease)

    def _finish(self, key: str, s: Session | None, **values) -> None:
        if s is None:
            with self.metrics.db.session() as s2:
                return self._finish(key, s2, **values)
        scheduled.finish(s, key, self.worker_id, **values)
        return None

    def tick(self) -> str | None:
        """Post the due report if this process wins it; returns its key when posted."""
        now = self.metrics.clock.now()
        period = due_period(now, self.metrics.calendar)
        if period is None:
            return None
        key = report_key(period)
        if not self._claim(key, now):
            return None
        today = self.metrics.calendar.local_date(now)
        month = self.metrics.report(period, today)
        # The charts show the trend: the twelve months ending with the reported one.
        year = self.metrics.report(Period(add_months(period.start, -11), period.end), today)
        post = ReportPost(headline(month, TITLE), tuple(all_charts(year)), channel=self.channel)
        done = self.metrics.clock.now()
        try:
            # Handed to the outbox in the transaction that marks it sent: once, for good.
            with self.metrics.db.session() as s:
                channel = self.post(post, s)
                self._finish(key, s, state=SENT, channel=channel, sent_at=done,
                             updated_at=done)
        except Exception as exc:  # noqa: BLE001 - retried on a later tick, then failed
            log.exception("Monthly report %s: posting failed", key)
            with self.metrics.db.session() as s:
                attempts = s.query(ScheduledReport.attempts).filter_by(key=key).scalar() or 0
            state = FAILED if attempts >= MAX_ATTEMPTS else PENDING
            self._finish(key, None, state=state, failure_reason=type(exc).__name__,
                         updated_at=self.metrics.clock.now())
            return None
        return key
