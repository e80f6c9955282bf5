"""A modal's view acts once: the claim a press takes, gives back, or completes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtwbot.store import submitted_views as views
from rtwbot.store.db import Database

pytestmark = pytest.mark.store

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


def test_a_second_press_waits_while_the_first_acts_then_gets_its_answer(db) -> None:
    assert views.claim(db, "V1", "U1", "T1", "d1", NOW).state == "go"
    assert views.claim(db, "V1", "U1", "T2", "d1", NOW).state == "busy"
    assert views.claim(db, "V1", "U1", "T1", "d1", NOW).state == "go"  # the same press, again
    with db.session() as s:
        assert views.complete(s, "V1", "T1", "Filed as RTW-2026-0001.", NOW)
    with db.session() as s:
        assert not views.complete(s, "V1", "T2", "twice", NOW)  # one outcome per view
    done = views.claim(db, "V1", "U1", "T3", "d2", NOW)
    assert (done.state, done.outcome, done.same_values) == ("done", "Filed as RTW-2026-0001.",
                                                           False)
    assert views.claim(db, "V1", "U1", "T4", "d1", NOW).same_values


def test_a_press_that_only_showed_errors_gives_the_view_back(db) -> None:
    assert views.claim(db, "V2", "U1", "T1", "d1", NOW).state == "go"
    views.release(db, "V2", "T2")  # not its press: nothing given back
    assert views.claim(db, "V2", "U1", "T3", "d1", NOW).state == "busy"
    views.release(db, "V2", "T1")
    assert views.claim(db, "V2", "U1", "T3", "d1", NOW).state == "go"


def test_an_abandoned_claim_does_not_hold_the_view_for_ever(db) -> None:
    assert views.claim(db, "V3", "U1", "T1", "d1", NOW).state == "go"
    later = NOW + views.ABANDONED_AFTER + views.ABANDONED_AFTER / 10
    assert views.claim(db, "V3", "U1", "T2", "d1", later).state == "go"
    with db.session() as s:
        assert not views.complete(s, "V3", "T1", "late", later)  # the old press lost it
        assert views.complete(s, "V3", "T2", "saved", later)
