"""A dispatcher that read a nudge as due, then lost it to another dispatcher before its
compare-and-set, does not count it as claimed: it would send it a second time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from rtwbot.nudges.claims import _claim_compare_and_set
from rtwbot.store.nudge_models import CLAIMED, Nudge
from tests.store.test_nudges_dispatch import (  # noqa: F401 - fixtures
    MONDAY,
    add_nudges,
    at,
    case_id,
    db,
)

pytestmark = pytest.mark.store


def test_a_nudge_lost_between_the_read_and_the_compare_and_set_is_not_claimed(
        db, case_id) -> None:  # noqa: F811 - fixtures
    [nudge_id] = add_nudges(db, case_id)
    now = at(MONDAY, 10)
    seen_due = select(Nudge.id).where(Nudge.id == nudge_id)  # what A read before B won
    with db.session() as s:  # B claims it first
        s.execute(update(Nudge).where(Nudge.id == nudge_id).values(
            state=CLAIMED, claimed_by="B", lease_until=now + timedelta(minutes=5)))
    values = {"state": CLAIMED, "claimed_by": "A", "lease_until": now + timedelta(minutes=5),
              "attempts": Nudge.attempts + 1, "updated_at": now}
    nothing = select(Nudge.id).where(Nudge.id < 0)
    claims = _claim_compare_and_set(db, now, 10, seen_due, nothing, values)
    assert claims == []
    with db.session() as s:
        assert s.scalar(select(Nudge.claimed_by).where(Nudge.id == nudge_id)) == "B"
