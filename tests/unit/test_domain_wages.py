from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.wages import hourly_rate, pay_kind, pay_rule_text, with_increases

D = Decimal
money = st.decimals(min_value=0, max_value=500, places=2)


def test_temporary_pays_the_greater_of_regular_and_position() -> None:
    assert hourly_rate(
        "work_injury", "temporary", regular_rate=D("30"), position_rate=D("25")
    ) == D("30.00")
    assert hourly_rate(
        "non_occupational", "temporary", regular_rate=D("30"), position_rate=D("32.5")
    ) == D("32.50")


def test_permanent_work_related_keeps_the_higher_pre_injury_rate_with_increases() -> None:
    rate = hourly_rate(
        "work_illness",
        "permanent",
        regular_rate=D("30.00"),
        position_rate=D("28.00"),
        negotiated_increases=[D("0.02"), D("0.015")],
    )
    assert rate == D("31.06")  # 30.00 -> 30.60 -> 31.06 (31.059 rounded)


def test_permanent_work_related_takes_a_higher_position_rate() -> None:
    assert hourly_rate(
        "work_injury", "permanent", regular_rate=D("25"), position_rate=D("27")
    ) == D("27.00")


def test_permanent_non_occupational_gets_the_new_position_rate() -> None:
    assert hourly_rate(
        "non_occupational",
        "permanent",
        regular_rate=D("30"),
        position_rate=D("25"),
        negotiated_increases=[D("0.05")],
    ) == D("25.00")


def test_pay_rule_texts_differ_by_kind_and_plan() -> None:
    temporary = pay_rule_text("work_injury", "temporary")
    assert "100% of regular earnings" in temporary and "whichever is greater" in temporary
    assert "pre-injury rate is kept" in pay_rule_text("work_related", "permanent")
    assert "pre-injury" not in pay_rule_text("non_occupational", "permanent")


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="kind of case"):
        pay_kind("sporting")
    with pytest.raises(ValueError, match="plan type"):
        pay_rule_text("work_injury", "forever")
    with pytest.raises(ValueError, match="negative"):
        hourly_rate("work_injury", "temporary", regular_rate=D("-1"), position_rate=D("1"))
    with pytest.raises(TypeError, match="Decimal"):
        hourly_rate("work_injury", "temporary", regular_rate=30.0, position_rate=D("1"))  # type: ignore[arg-type]


@given(money, money, st.sampled_from(["work_injury", "non_occupational"]))
def test_temporary_never_pays_less_than_either_rate(
    regular: Decimal, position: Decimal, kind: str
) -> None:
    rate = hourly_rate(kind, "temporary", regular_rate=regular, position_rate=position)
    assert rate >= regular and rate >= position


@given(money, st.lists(st.decimals(min_value=0, max_value=D("0.1"), places=3), max_size=5))
def test_increases_never_lower_the_rate(rate: Decimal, increases: list[Decimal]) -> None:
    assert with_increases(rate, increases) >= rate
