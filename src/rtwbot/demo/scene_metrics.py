"""A year of cases later: HR asks for the program metrics, and the Corporate Modified Work
Committee's channel gets last month's report (the charts are saved with the documents)."""

from __future__ import annotations

from datetime import datetime, time

from rtwbot.demo.runner import Scene, Stage
from rtwbot.domain.calendar import add_months
from rtwbot.metrics import post as metrics_post
from rtwbot.metrics.monthly import first_business_day
from rtwbot.metrics.seed import seed_year

CASES = 400


def hr_asks(stage: Stage) -> None:
    pg = stage.pg
    seed_year(pg.bot.db, pg.bot.calendar.local_date(pg.clock.now()), CASES, pg.bot.calendar)
    delivery = pg.sandbox.command(pg.users["hana"], "/rtw", "metrics")
    if delivery.status != 200:
        raise RuntimeError(f"the bot refused a command ({delivery.status})")
    pg.settle()


def committee_report(stage: Stage) -> None:
    # The first business day of next month: this month's report goes to the committee.
    pg, cal = stage.pg, stage.pg.bot.calendar
    next_month = add_months(cal.local_date(pg.clock.now()).replace(day=1), 1)
    first = first_business_day(next_month, cal)
    pg.sandbox.clock.set(datetime.combine(first, time(10), tzinfo=cal.tz))
    metrics_post.tick_monthly(pg.bot)
    channel = pg.channels["rtw-committee"]
    shared = {f["id"] if isinstance(f, dict) else f
              for m in pg.sandbox.messages(channel) for f in m.get("files") or []}
    for f in pg.sandbox.files():
        if f["id"] in shared:
            (stage.out_dir / f"committee-{f['name']}").write_bytes(
                pg.sandbox.file_content(f["id"]))


SCENES = [
    Scene(f"A year and {CASES} cases later, Hana asks: /rtw metrics", hr_asks),
    Scene("Next month's first business day: the committee's report", committee_report),
]
