"""One unit of work per delivery (issue 20): a process dying between any two writes of a
delivery — or of the timer's work — loses nothing and does nothing twice. Each test dies
at each commit in turn (`tests/e2e/crashes.py`), restarts, and compares what people read
with a run that did not die."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from rtwbot.playground import Playground
from rtwbot.store.imwt_models import PlanEvent
from rtwbot.store.models import IntakeSession
from rtwbot.workflow.intake import IntakeWorkflow
from tests.conftest import _pg_database
from tests.e2e.conftest import NOW, click, dm_texts, say
from tests.e2e.crashes import dying, restart, transcript
from tests.e2e.test_intake import work_injury_answers
from tests.e2e.test_nudges import file_case, form7_message, reminders

pytestmark = pytest.mark.e2e


@contextmanager
def fresh_database(template: str | None) -> Iterator[str | None]:
    """A database of its own for each world (each has its own encryption key): a copy of
    the migrated template on PostgreSQL; None on SQLite (the playground's own file)."""
    if template is None:
        yield None
        return
    with _pg_database(template=make_url(template).database) as url:
        yield url


def each_commit(template, before, step, after, who, *, counts=None, most: int = 6):
    """Run `before`, then `step` dying at its 1st, 2nd ... commit (each in a fresh world),
    restart, run `after`: what `who` read is what they read in a run that never died."""
    def world(at: int | None, monkeypatch) -> tuple[dict, bool]:
        with fresh_database(template) as url, \
                Playground(database_url=url, start_at=NOW) as pg:
            before(pg)
            died = False
            if at is None:
                step(pg)
            else:
                kw = {"counts": counts} if counts else {}
                with dying(monkeypatch, at, **kw) as death:
                    step(pg)
                    pg.settle()
                died = death.dead
            restart(pg)
            after(pg)
            return transcript(pg, *who), died

    with pytest.MonkeyPatch.context() as mp:
        expected, _ = world(None, mp)
    for at in range(1, most + 1):
        with pytest.MonkeyPatch.context() as mp:
            got, died = world(at, mp)
        if not died:
            return
        assert got == expected, f"died at commit {at}"



def test_an_answer_whose_delivery_died_at_any_commit_is_applied_once(_pg_template) -> None:
    """The report step's state, its reply and the inbox's done mark are one commit: a
    replay never applies the same answer to the next question."""
    def before(pg):
        say(pg, "sam", "report an injury")
        say(pg, "sam", work_injury_answers(pg.users["erin"])[0])

    def step(pg):
        assert pg.sandbox.dm(pg.users["sam"], "parks").status == 200

    def after(pg):
        say(pg, "sam", "Gardener")

    each_commit(_pg_template, before, step, after, ("sam",))


def test_done_on_a_reminder_that_died_at_any_commit_still_edits_it_and_follows_up(
        _pg_template) -> None:
    """Nudge Done: the acknowledgement, the message's edit and what follows from it (the
    worker's copy reminder) are one commit; a replay does not find it already done."""
    def before(pg):
        file_case(pg)
        pg.bot.tick()
        pg.settle()
        assert len(reminders(pg, "sam")) == 1

    def step(pg):
        pg.sandbox.click(pg.users["sam"], "nudge_done", message=form7_message(pg, "sam"))

    def after(pg):  # the next tick sends what the Done brought (the worker's copy)
        pg.bot.tick()
        pg.settle()

    each_commit(_pg_template, before, step, after, ("sam", "hana", "erin"))


def test_an_idle_reminder_is_not_lost_when_the_tick_dies_after_marking_it(
        database_url, monkeypatch) -> None:
    """The idle report's "reminded" mark and its reminder are one commit."""
    with Playground(database_url=database_url, start_at=NOW) as pg:
        say(pg, "sam", "report an injury")
        say(pg, "sam", f"<@{pg.users['erin']}>")
        pg.sandbox.clock.advance(timedelta(hours=25))
        real = IntakeWorkflow.tend_idle
        armed: list = []

        def tend_idle(self, *args, **kwargs):
            armed.append(dying(monkeypatch, 1, counts=lambda: True))
            armed[0].__enter__()  # the next commit after it, and all later, die
            return real(self, *args, **kwargs)

        monkeypatch.setattr(IntakeWorkflow, "tend_idle", tend_idle)
        with pytest.raises(BaseException, match="died at commit"):
            pg.bot.tick()
        armed[0].__exit__(None, None, None)
        monkeypatch.setattr(IntakeWorkflow, "tend_idle", real)
        restart(pg)
        pg.bot.tick()
        pg.settle()
        assert sum("report in progress" in t for t in dm_texts(pg, "sam")) == 1
        with pg.bot.db.session() as s:
            [row] = s.scalars(select(IntakeSession))
            assert row.reminded_at is not None


def test_the_tick_dying_after_marking_an_idle_report_does_not_lose_its_reminder(
        database_url, monkeypatch) -> None:
    """The same at the commit the old shape made first: tend_idle's own."""
    with Playground(database_url=database_url, start_at=NOW) as pg:
        say(pg, "sam", "report an injury")
        say(pg, "sam", f"<@{pg.users['erin']}>")
        pg.sandbox.clock.advance(timedelta(hours=25))
        real = IntakeWorkflow.tend_idle
        armed: list = []

        def tend_idle(self, *args, **kwargs):
            said = real(self, *args, **kwargs)
            armed.append(dying(monkeypatch, 1, counts=lambda: True))
            armed[0].__enter__()  # dies right after tend_idle returned
            return said

        monkeypatch.setattr(IntakeWorkflow, "tend_idle", tend_idle)
        try:
            pg.bot.tick()
        except BaseException as e:  # noqa: BLE001 - the death itself
            assert "died at commit" in str(e)
        if armed:
            armed[0].__exit__(None, None, None)
        monkeypatch.setattr(IntakeWorkflow, "tend_idle", real)
        restart(pg)
        pg.bot.tick()
        pg.settle()
        assert sum("report in progress" in t for t in dm_texts(pg, "sam")) == 1


@pytest.mark.parametrize("at", [1, 2])
def test_a_check_in_not_right_that_died_after_its_acknowledgement_reaches_hr(
        database_url, monkeypatch, at) -> None:
    """The check-in's acknowledgement, the employee's note to HR and HR's alert are one
    commit: a replay does not find the nudge answered and skip the rest."""
    from tests.e2e.test_imwt import submit
    from tests.e2e.test_participation import on_modified_work, week_later

    with Playground(database_url=database_url, start_at=NOW) as pg:
        on_modified_work(pg)
        week_later(pg)
        click(pg, "erin", "nudge_mw_not_right")
        seen = {w: len(dm_texts(pg, w)) for w in ("hana", "sam")}
        with dying(monkeypatch, at) as death:
            submit(pg, "erin", {"note": "Asked to carry ZZBAGS of soil"})
            pg.settle()
        assert death.dead
        restart(pg)
        hana, sam = (dm_texts(pg, w)[seen[w]:] for w in ("hana", "sam"))
        assert sum("ZZBAGS" in t for t in hana) == 1  # the note reaches HR, once
        assert sum("something is not right" in t for t in sam) == 1
        assert not any("ZZBAGS" in t for t in sam)
        with pg.bot.db.session() as s:
            assert len(s.scalars(select(PlanEvent).where(
                PlanEvent.kind == "employee_check_in")).all()) == 1


def test_the_unions_yes_that_died_at_any_commit_is_recorded_and_announced_once(
        _pg_template) -> None:
    """An IMWT action (the employee's union Yes): recorded, thanked and announced once."""
    from tests.e2e.test_privacy_consent import file_case as file_consent_case

    def step(pg):
        pg.sandbox.click(pg.users["erin"], "imwt_union_yes")

    each_commit(_pg_template, lambda pg: file_consent_case(pg, "Slipped on a wet floor"),
                step, lambda pg: None, ("erin", "hana", "sam"), most=4)


def test_no_slack_call_waits_while_a_delivery_holds_its_writes(pg, caplog) -> None:
    """Slack reads first, then the one transaction: filing a report (the supervisor looked
    up), the employee's union answer (the channel brought in line after it) and an upload
    never call Slack while their unit of work holds the database's write lock."""
    import logging

    from tests.e2e.test_participation import send_form
    from tests.e2e.test_privacy_consent import file_case as file_consent_case

    caplog.set_level(logging.WARNING, logger="rtwbot.slack.gateway")
    file_consent_case(pg, "Slipped on a wet floor")
    click(pg, "erin", "imwt_union_yes")
    send_form(pg, "with_restrictions")
    assert "holds database writes" not in caplog.text
