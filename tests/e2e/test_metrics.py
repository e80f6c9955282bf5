"""Issue 15: program metrics in Slack, through the sandbox and the real bot.

A year of seeded cases (each with a made-up name, reference and restriction, and one
division of 3 cases); HR and committee members get the figures and the charts (files v2);
anyone else gets "nothing to show"; HR's Home shows this month's figures; the committee's
channel gets last month's report once, on the first business day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from rtwbot.metrics.report import NOTHING_TO_SHOW
from rtwbot.metrics.seed import NAME, RESTRICTION, seed_year
from rtwbot.store.report_models import SENT, ScheduledReport
from tests.e2e.conftest import NOW, TORONTO, text_of

pytestmark = pytest.mark.e2e

CHARTS = {"form7-on-time.png", "days-to-plan.png", "open-by-stage.png", "regular-duties.png"}
FORBIDDEN = (NAME, "RTW-", RESTRICTION, "Library Services")


@pytest.fixture
def seeded(pg):
    seed_year(pg.bot.db, NOW.date(), 300, pg.bot.calendar)
    return pg


def metrics(pg, who: str, text: str = "") -> list[dict]:
    before = len(pg.sandbox.dm_messages(pg.users[who]))
    delivery = pg.sandbox.command(pg.users[who], "/rtw", f"metrics {text}".strip())
    assert delivery.status == 200, delivery
    pg.settle()
    return pg.sandbox.dm_messages(pg.users[who])[before:]


def assert_private(text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text


def test_hr_gets_the_figures_and_the_charts(seeded) -> None:
    pg = seeded
    [message] = metrics(pg, "hana")
    text = text_of(message)
    assert "Program metrics" in text and "Form 7 received on time" in text
    assert "Other" in text  # Library Services' 3 cases, folded
    assert_private(text)
    assert pg.sandbox.calls("files.completeUploadExternal")
    files = {f["name"]: f for f in pg.sandbox.files()}
    assert set(files) >= CHARTS
    for name in CHARTS:
        content = pg.sandbox.file_content(files[name]["id"])
        assert content.startswith(b"\x89PNG")
        for word in FORBIDDEN:
            assert word.encode() not in content
    assert set(message.get("files") and [f["id"] if isinstance(f, dict) else f
                                         for f in message["files"]] or []) >= {
        files[n]["id"] for n in CHARTS}


def test_a_committee_member_gets_them_for_a_month(seeded) -> None:
    pg = seeded
    [message] = metrics(pg, "uma", "2026-10")
    assert "October 2026" in text_of(message)


def test_a_figure_of_fewer_than_five_cases_says_not_shown_and_a_count_says_under_five(
        seeded) -> None:
    [message] = metrics(seeded, "hana", "2026-11-23 to 2026-11-24")  # a handful of cases
    text = text_of(message)
    assert "Days of absence per case: not shown (fewer than 5 cases)" in text
    assert "on-time rate: not shown (fewer than 5 cases)" in text
    assert "Cases reported: <5" in text
    assert "per case: <5" not in text and "(<5)" not in text


def test_an_employee_gets_nothing_to_show(seeded) -> None:
    pg = seeded
    [message] = metrics(pg, "erin")
    assert text_of(message).startswith(NOTHING_TO_SHOW[:30])
    assert not pg.sandbox.files()


def test_a_period_not_understood_is_explained(seeded) -> None:
    [message] = metrics(seeded, "hana", "someday")
    assert "didn't understand" in text_of(message)


def test_hr_home_shows_this_months_figures_and_a_chart(seeded) -> None:
    pg = seeded
    pg.sandbox.open_home(pg.users["hana"])
    pg.settle()
    blocks = pg.sandbox.home(pg.users["hana"])["blocks"]
    start = next(i for i, b in enumerate(blocks)
                 if b["type"] == "header" and b["text"]["text"] == "Program metrics")
    end = next(i for i, b in enumerate(blocks) if i > start and b["type"] == "divider")
    section = str(blocks[start:end])
    assert "This month: November 2026" in section and "▇" in section
    assert_private(section)
    pg.sandbox.open_home(pg.users["erin"])
    pg.settle()
    assert "Program metrics" not in str(pg.sandbox.home(pg.users["erin"]))


def test_the_committee_gets_last_months_report_once(seeded) -> None:
    pg = seeded
    channel = pg.channels["rtw-committee"]
    pg.bot.tick()  # Nov 25: November's first business day has passed: October's is due
    pg.settle()
    first = pg.sandbox.messages(channel)
    assert len(first) == 1
    text = text_of(first[0])
    assert "Monthly report" in text and "October 2026" in text
    assert_private(text)
    pg.bot.tick()
    assert len(pg.sandbox.messages(channel)) == 1
    # December: nothing before its first business day (Tuesday 1), then November's.
    pg.sandbox.clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))
    pg.bot.tick()
    assert len(pg.sandbox.messages(channel)) == 1
    pg.sandbox.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=TORONTO) + timedelta(minutes=1))
    pg.bot.tick()
    pg.bot.tick()
    messages = pg.sandbox.messages(channel)
    assert len(messages) == 2 and "November 2026" in text_of(messages[1])
    with pg.bot.db.session() as s:
        rows = s.query(ScheduledReport).order_by(ScheduledReport.key).all()
        assert [(r.key, r.state) for r in rows] == [
            ("committee:2026-10", SENT), ("committee:2026-11", SENT)]


def test_the_csv_export_has_the_same_figures_and_no_names(seeded, tmp_path) -> None:
    from click.testing import CliRunner

    from rtwbot.cli import main

    pg = seeded
    out = tmp_path / "metrics.csv"
    result = CliRunner().invoke(main, ["metrics", "--from", "2025-12", "--to", "2026-11",
                                       "--csv", str(out)],
                                env={"RTWBOT_DATABASE_URL": pg.settings.database_url,
                                     "RTWBOT_ENCRYPTION_KEY": pg.encryption_key,
                                     "RTWBOT_DIRECTORY": pg.settings.directory})
    assert result.exit_code == 0, result.output
    table = out.read_text()
    assert_private(table)
    header, *rows = table.splitlines()
    assert header.startswith("metric,unit,December 2025 to November 2026,Dec 2025")
    assert "Division: Other" in header
    [message] = metrics(pg, "hana")  # the same figures as in Slack
    reported = next(r for r in rows if r.startswith("Cases reported,"))
    assert f"Cases reported: {reported.split(',')[2]} " in text_of(message)
