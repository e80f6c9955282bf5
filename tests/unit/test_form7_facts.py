"""The Form 7 facts that follow from what the bot holds, and the blanks where it holds none."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain import wsib_terms
from rtwbot.forms.form7_facts import (
    checklist,
    fatality,
    hours_that_day,
    late_reason,
    lost_time,
    name_parts,
    offer_facts,
    reduced_hours,
    union_facts,
    unsided,
)

TUESDAY = date(2026, 11, 24)


def test_names_roster_then_the_profile_s_fields_never_a_split_of_a_typed_name() -> None:
    assert name_parts({"name": "Doe-Tremblay, Jane"}, {"first_name": "X", "last_name": "Y"}) == {
        "first_name": "Jane", "last_name": "Doe-Tremblay", "name_source": "roster"}
    assert name_parts(None, {"first_name": "Mary Ann", "last_name": "Smith"})["last_name"] == \
        "Smith"
    assert name_parts(None, {"first_name": "", "last_name": ""}) == {
        "first_name": None, "last_name": None, "name_source": None}
    assert name_parts(None, None)["name_source"] is None


def test_union_roster_then_the_directory_else_not_known() -> None:
    assert union_facts({"bargaining_unit": None}, "CUPE Local 79")["union_covered"] == "no"
    assert union_facts({"bargaining_unit": "OPSEU"}, None)["bargaining_unit"] == "OPSEU"
    assert union_facts(None, "CUPE Local 79") == {
        "union_covered": "yes", "bargaining_unit": "CUPE Local 79", "union_source": "directory"}
    assert union_facts(None, None)["union_covered"] == "unknown"


@pytest.mark.parametrize(("schedule", "day", "weekly", "says"), [
    ("Mon-Fri 07:00-15:30", TUESDAY, None, "07:00-15:30 (8.5 hours, regular schedule)"),
    ("Mon-Fri 07:00-15:30", date(2026, 11, 28), None, "not a scheduled day"),
    ("Thu-Mon 22:00-06:00", date(2026, 11, 29), None, "22:00-06:00 (8 hours"),
    ("Tue, Thu 09:00-17:00", TUESDAY, 40, "09:00-17:00 (8 hours"),
    ("rotating shifts", TUESDAY, 40, "regular schedule: rotating shifts"),
    (None, TUESDAY, 37.5, "7.5 hours (37.5 hours a week over 5 days"),
    (None, TUESDAY, None, None),
])
def test_the_hours_of_the_day(schedule, day, weekly, says) -> None:
    got = hours_that_day(schedule, day, weekly)
    assert (got is None) if says is None else got.startswith(says)


def test_checklists_tick_the_side_given_and_never_guess_one() -> None:
    parts = [{"part": "knee", "side": "both"}, {"part": "eye", "side": "left"},
             {"part": "wrist", "side": None}, {"part": "shin splint thing", "side": None}]
    ticked = {k for k, v in checklist(wsib_terms.BODY_PARTS, parts).items() if v}
    assert ticked == {"knee_left", "knee_right", "eye", "other"}
    assert unsided(wsib_terms.BODY_PARTS, parts) == ["Wrist"]
    assert not any(checklist(wsib_terms.BODY_PARTS, None).values())


@pytest.mark.parametrize(("answers", "dead"), [
    ({"critical_injury": "yes", "died": "yes"}, "yes"),
    ({"critical_injury": "yes", "died": "no"}, "no"),
    ({"critical_injury": "yes", "died": "unknown"}, "unknown"),
    ({"critical_injury": "yes"}, "unknown"),
    ({"critical_injury": "no"}, "no"),
    ({}, "unknown"),
    ({"accident_type": [{"part": "fatality"}]}, "yes"),
])
def test_fatality_only_for_a_death(answers, dead) -> None:
    assert fatality(answers) == dead


def test_lost_time_and_offers() -> None:
    assert lost_time("no", "no", "regular_pay") == "no"
    assert lost_time("no", "no", "regular_pay", shorter_days=True) == "yes"
    assert lost_time("unknown", "no", "none") == "unknown"
    assert reduced_hours({"hours": "4 hours a day in week 1, then full days"}, 37.5)
    assert not reduced_hours({"hours": "7.5 hours a day"}, 37.5)
    assert not reduced_hours({"hours": "full days"}, 37.5)
    assert not reduced_hours(None, 37.5) and not reduced_hours({"hours": "4 h"}, None)
    assert offer_facts("reduced_pay") == {"modified_work_offered": "yes",
                                          "offer_response": "accepted"}
    assert offer_facts("none") == {"modified_work_offered": "unknown",
                                   "offer_response": "unknown"}


def test_late_reason_only_when_late_with_the_dates_it_knows() -> None:
    args = dict(form7_due="2026-11-13", occurred_on="2026-11-02", learned_on="2026-11-10",
                filed_on="2026-11-25", obligation_on="2026-11-10")
    assert late_reason(prepared_on="2026-11-13", **args) is None
    text = late_reason(prepared_on="2026-11-25", **args)  # the fact timeline's wording
    assert text == ("The employer learned of the obligation on Tuesday, November 10, 2026, "
                    "8 days after it happened on Monday, November 2, 2026, recorded on "
                    "Wednesday, November 25, 2026. Form 7 was due by Friday, November 13, 2026 "
                    "(OPM 15-01-02).")
    assert late_reason(prepared_on="2026-11-25", **{**args, "form7_due": None}) is None
