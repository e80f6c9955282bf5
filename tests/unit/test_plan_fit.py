"""Issue 21: a duty's physical demands against the restrictions in force (pure): the
vocabulary read from a duty's words and numbers, each restriction line's limit, the clashes,
and the hours against the recommended hours. Ordinary duties never clash; odd and hostile
text never breaks it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtwbot.domain.demands import Kind, Level, duty_demands, limits_of, restriction_limits
from rtwbot.domain.plan_fit import clash_text, duty_clashes, hours_problem
from rtwbot.forms import FormRegistry

# Story 13's form, with the rest of the sample's restrictions (10 lines in force).
STORY = ["Walking: up to 100 m", "Standing: 15-30 min", "Lifting floor to waist: up to 5 kg",
         "Lifting waist to shoulder: limit set — HR to confirm the wording",
         "Carrying: up to 5 kg", "Pushing / pulling: up to 5 kg force",
         "Climbing ladders: limit set — HR to confirm the wording",
         "Use of left hand: limited gripping", "May affect safety-sensitive work: yes",
         "Operating motorized equipment: not able"]


def demands(duty: str) -> dict[Kind, float | None]:
    return {d.kind: d.amount for d in duty_demands(duty)}


# --- the duty's demands -----------------------------------------------------------------
@pytest.mark.parametrize(("duty", "expected"), [
    ("Operating the ride-on mower", {Kind.MOTORIZED: None, Kind.SAFETY: None}),
    ("Carrying 20 kg soil bags", {Kind.CARRY: 20}),
    ("carry 20kg bags", {Kind.CARRY: 20}),
    ("Lift and carry 2 kg trays", {Kind.LIFT: 2, Kind.CARRY: 2}),
    ("Carrying 20 kg soil bags and lifting 2 kg trays", {Kind.CARRY: 20, Kind.LIFT: 2}),
    ("Stacking 44 lb boxes", {Kind.LIFT: pytest.approx(19.96, abs=0.01)}),
    ("Moving 25 kg pavers", {Kind.LIFT: 25, Kind.CARRY: 25}),
    ("No lifting over 10 kg, sorting mail", {Kind.LIFT: 10}),
    ("Forklift operation in the yard", {Kind.MOTORIZED: None, Kind.SAFETY: None}),
    ("Drive the van to pick up supplies",
     {Kind.DRIVING: None, Kind.MOTORIZED: None, Kind.SAFETY: None}),
    ("Change light bulbs from a 6-step ladder", {Kind.LADDER: 6, Kind.SAFETY: None}),
    ("Reach files with a step stool", {Kind.LADDER: 2, Kind.SAFETY: None}),
    ("Climb 2 flights of stairs", {Kind.STAIRS: 24}),
    ("Weeding flower beds", {Kind.BEND: None}),
    ("Standing at the front counter all day", {Kind.STAND: float("inf")}),
    ("Standing at the counter for up to 20 min at a time", {Kind.STAND: 20}),
    ("Not more than 2 hours standing", {Kind.STAND: 120}),
    ("Patrol the park (1.5 km)", {Kind.WALK: 1500}),
    ("Hanging banners overhead", {Kind.OVERHEAD: None}),
    ("Spraying herbicides", {Kind.ENVIRONMENT: None}),
    ("Data entry", {Kind.REPETITIVE: None}),
    ("Using power tools", {Kind.GRIP: None, Kind.SAFETY: None}),
    ("Pushing the wheelbarrow", {Kind.PUSH_PULL: None}),
    ("Deliver the mail to each floor", {Kind.WALK: None}),
])
def test_a_duty_s_demands_are_read_from_its_words_and_numbers(duty, expected) -> None:
    assert demands(duty) == expected


@pytest.mark.parametrize("duty", [
    "answer phones", "Answer phones at the front desk", "light filing", "Light filing",
    "Potting seedlings at a bench", "Watering with a hose reel", "Sorting mail (no lifting)",
    "Sorting mail without lifting or carrying", "Greeting visitors", "Check in deliveries at "
    "the loading dock", "Update the sidewalk inspection log", "Assist the supervisor with "
    "paperwork", "Photocopying", "Training videos", "Understand the new procedures",
    "No ladder work; inventory counts",
])
def test_ordinary_duties_need_nothing_the_vocabulary_limits(duty) -> None:
    assert duty_demands(duty) == ()
    assert duty_clashes([duty], STORY) == []


def test_ordinary_duties_under_story_13_s_restrictions_do_not_clash() -> None:
    duties = ["answer phones", "light filing", "carry 2 kg tools", "Carry 5 kg at most",
              "Walk up to 50 m to the mailroom", "Standing for 10 min at a time"]
    assert duty_clashes(duties, STORY) == []


# --- restriction lines -------------------------------------------------------------------
@pytest.mark.parametrize(("line", "kind", "level", "amount"), [
    ("Carrying: up to 5 kg", Kind.CARRY, Level.MAX, 5),
    ("Carrying: 5-10 kg", Kind.CARRY, Level.MAX, 10),
    ("Lifting floor to waist: up to 5 kg", Kind.LIFT, Level.MAX, 5),
    ("Pushing / pulling: up to 5 kg force", Kind.PUSH_PULL, Level.MAX, 5),
    ("Operating motorized equipment: not able", Kind.MOTORIZED, Level.NOT_ABLE, None),
    ("Operating motorized equipment: limited", Kind.MOTORIZED, Level.LIMITED, None),
    ("Climbing ladders: 1-3 steps", Kind.LADDER, Level.MAX, 3),
    ("Climbing stairs: 5-12 steps", Kind.STAIRS, Level.MAX, 12),
    ("Standing: up to 15 min", Kind.STAND, Level.MAX, 15),
    ("Walking: 100-200 m", Kind.WALK, Level.MAX, 200),
    ("Sitting: 30-60 min", Kind.SIT, Level.MAX, 60),
    ("Work at or above shoulder: occasionally only", Kind.OVERHEAD, Level.LIMITED, None),
    ("Bending / twisting: not able", Kind.BEND, Level.NOT_ABLE, None),
    ("Use of left hand: limited gripping", Kind.GRIP, Level.LIMITED, None),
    ("Use of right hand: limited pinching", Kind.PINCH, Level.LIMITED, None),
    ("Travel to work: cannot drive", Kind.DRIVING, Level.NOT_ABLE, None),
    ("May affect safety-sensitive work: yes", Kind.SAFETY, Level.LIMITED, None),
    ("Cognitive limits: no complex decisions", Kind.COGNITIVE, Level.NOT_ABLE, None),
    ("Walking: other", Kind.WALK, Level.UNWORDED, None),
    ("Walking: limit set — HR to confirm the wording", Kind.WALK, Level.UNWORDED, None),
    # HR's own wordings
    ("no ladders", Kind.LADDER, Level.NOT_ABLE, None),
    ("no lifting above shoulder with the left arm", Kind.OVERHEAD, Level.NOT_ABLE, None),
    ("No lifting or carrying more than 10 lb", Kind.LIFT, Level.MAX, pytest.approx(4.536, abs=1e-3)),
    ("No more than 4 hours a day", Kind.HOURS, Level.MAX, 240),
    ("no standing for more than 2 hours", Kind.STAND, Level.MAX, 120),
    # Other wordings of the same abilities (the WSIB's form, another employer's)
    ("Climbing: not able", Kind.STAIRS, Level.NOT_ABLE, None),
    ("Climbing: not able", Kind.LADDER, Level.NOT_ABLE, None),
    ("Reaching: occasionally", Kind.OVERHEAD, Level.LIMITED, None),
    ("Keyboarding: limited", Kind.REPETITIVE, Level.LIMITED, None),
    ("Driving: not able", Kind.DRIVING, Level.NOT_ABLE, None),
    ("Lifting/carrying: up to 10 kg", Kind.CARRY, Level.MAX, 10),
    ("Kneeling / crouching: not able", Kind.BEND, Level.NOT_ABLE, None),
    ("Exposure to chemicals: avoid", Kind.ENVIRONMENT, Level.NOT_ABLE, None),
])
def test_a_restriction_line_s_limit(line, kind, level, amount) -> None:
    limits = {limit.kind: limit for limit in restriction_limits(line)}
    assert kind in limits, limits
    assert (limits[kind].level, limits[kind].amount) == (level, amount)


@pytest.mark.parametrize("line", [
    "Travel to work: cannot use public transit", "Walking: full", "Sitting: no limits",
    "Climbing ladders: limit set — see HR's wording", "", "Something else entirely",
])
def test_lines_that_limit_no_duty(line) -> None:
    assert restriction_limits(line) == ()


def test_every_restriction_the_form_can_tick_is_in_the_vocabulary() -> None:
    template = FormRegistry.load().get("functional-abilities")
    lines = {s.restriction for s in template.fields.values() if s.restriction}
    unknown = sorted(line for line in lines if not restriction_limits(line))
    assert unknown == ["Travel to work: cannot use public transit"]


# --- clashes -----------------------------------------------------------------------------
def test_story_13_s_duties_clash_on_each_restriction_they_break() -> None:
    clashes = duty_clashes(["Operating the ride-on mower", "Carrying 20 kg soil bags"], STORY)
    found = {(c.duty, c.restriction) for c in clashes}
    assert ("Operating the ride-on mower", "Operating motorized equipment: not able") in found
    assert ("Operating the ride-on mower", "May affect safety-sensitive work: yes") in found
    assert ("Carrying 20 kg soil bags", "Carrying: up to 5 kg") in found
    said = clash_text(clashes, shown=5)
    assert "“Carrying 20 kg soil bags” needs carrying 20 kg; the restrictions allow up to " \
           "5 kg (Carrying: up to 5 kg)." in said
    assert "which the restrictions rule out (Operating motorized equipment: not able)" in said


@pytest.mark.parametrize(("duty", "line", "says"), [
    ("Carrying soil bags", "Carrying: up to 5 kg", "say how heavy"),
    ("Standing at the counter", "Standing: 15-30 min", "say for how long at a time"),
    ("Walk the trails", "Walking: up to 100 m", "say how far"),
    ("Use a ladder", "Climbing ladders: 1-3 steps", "say how many steps"),
    ("Walk the trails", "Walking: limit set — HR to confirm the wording", "not worded yet"),
    ("Weeding flower beds", "Bending / twisting: occasionally only", "make it occasional"),
    ("Drive the van", "Travel to work: cannot drive", "rule out"),
    ("Drive the van", "May affect safety-sensitive work: yes", "safety-sensitive work"),
    ("Carry 6 kg", "Carrying: up to 5 kg", "allow up to 5 kg"),
    ("Carry 12 lbs", "Carrying: up to 5 kg", "allow up to 5 kg"),  # 5.4 kg
    ("Standing at the counter all day", "Standing: 15-30 min", "standing all day"),
    ("Forklift operation", "Operating motorized equipment: limited", "make it occasional"),
])
def test_each_way_a_duty_goes_beyond_a_limit(duty, line, says) -> None:
    [found] = duty_clashes([duty], [line])
    assert says in found.why and found.restriction == line


@pytest.mark.parametrize(("duty", "line"), [
    ("Carry 5 kg", "Carrying: up to 5 kg"),
    ("Carry 11 lbs", "Carrying: up to 5 kg"),  # 4.99 kg
    ("Weeding flower beds occasionally", "Bending / twisting: occasionally only"),
    ("Standing at the counter for 15 min", "Standing: 15-30 min"),
    ("Walk the trails", "Walking: limit set — see HR's wording"),
    ("Drive the van", "Travel to work: cannot use public transit"),
])
def test_what_stays_within_a_limit(duty, line) -> None:
    assert duty_clashes([duty], [line]) == []


def test_hr_s_wording_sets_the_limit_of_an_other_box() -> None:
    worded = ["Walking: limit set — see HR's wording", "walking up to 200 m at a time"]
    assert duty_clashes(["Walk the trails (150 m)"], worded) == []
    assert "allow up to 200 m" in duty_clashes(["Walk the trails (2 km)"], worded)[0].why


@pytest.mark.parametrize("kg", [0.5, 4.99, 5, 5.01, 12, 20])
def test_a_weight_clashes_exactly_when_it_is_over_the_limit(kg) -> None:
    clashes = duty_clashes([f"Carrying {kg} kg boxes"], ["Carrying: up to 5 kg"])
    assert bool(clashes) is (kg > 5)


# --- hours -----------------------------------------------------------------------------
@pytest.mark.parametrize(("hours", "recommended", "lines", "problem"), [
    ("4 h/day in week 1, 6 h/day in week 2, then full days", "graduated", [], None),
    ("Full days", "graduated", [], "graduated hours"),
    ("8 h/day", "graduated", [], "graduated hours"),
    ("Mornings only, 4 h/day", "graduated", [], None),
    ("Full days", "modified", [], "modified hours"),
    ("6 h/day", "modified", [], None),
    ("Full days", "regular", [], None),
    ("Full days", None, [], None),
    ("6 h/day", None, ["No more than 4 hours a day"], "up to 4 h a day"),
    ("3 h/day", None, ["No more than 4 hours a day"], None),
    ("30 h/day", None, [], "24 hours"),
])
def test_hours_against_the_recommended_hours(hours, recommended, lines, problem) -> None:
    said = hours_problem(hours, recommended, lines)
    assert (said is None) if problem is None else (problem in said)


# --- odd and hostile text ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "", "   ", "\n\n", "😀" * 500, "x" * 100_000, "-5 kg", "1e309 kg", "NaN kg",
    "99999999999999999999999999 kg", "½ kg", "*lift* _20 kg_ `carry`", "<script>lift</script>",
    "(((((((((((", "\\d+ kg" * 50, "lift " * 2000, "‮ gk 02 yrrac", "%s %d {0}",
    "ＣＡＲＲＹ ２０ ｋｇ", "carry\x00 20 kg", "carry 20 kg" + " ," * 3000,
])
def test_odd_and_hostile_text_never_breaks_it(text) -> None:
    found = duty_demands(text)
    limits = limits_of([text])
    clashes = duty_clashes([text], [*STORY, text])
    assert isinstance(found, tuple) and isinstance(limits, tuple)
    assert all(len(c.why) < 600 for c in clashes)
    hours_problem(text, "graduated", [text])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=120))
def test_any_duty_against_any_line_is_read_without_error(duty, line) -> None:
    for c in duty_clashes([duty], [line, *STORY]):
        assert c.duty == duty and c.why.startswith("“")


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=500, allow_nan=False),
       st.floats(min_value=0.5, max_value=100, allow_nan=False),
       st.sampled_from(["kg", "lb"]))
def test_a_weight_is_compared_in_kilograms(weight, limit, unit) -> None:
    weight, limit = round(weight, 2), round(limit, 2)
    kg = weight * (0.45359237 if unit == "lb" else 1)
    clashes = duty_clashes([f"Carrying {weight:g} {unit} bags"],
                           [f"Carrying: up to {limit:g} kg"])
    assert bool(clashes) is (kg > limit + 1e-9)
