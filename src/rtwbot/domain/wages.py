"""Pay on modified work (MWP Conditions 2 and 5).

Temporary: for hours worked, 100% of regular earnings or the position's rate, whichever
is greater. Permanent, work-related: the new position's rate, but the pre-injury rate
(with all negotiated increases) is kept if higher. Permanent, non-occupational: the new
position's rate. Money is Decimal, kept to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from rtwbot.domain.rules import CENT, TEMPORARY_PAY_SHARE_OF_REGULAR

PayKind = Literal["work_related", "non_occupational"]
PlanType = Literal["temporary", "permanent"]

# Case kinds (see reporting.CaseKind) map onto the two pay kinds.
_KIND_OF_CASE: dict[str, PayKind] = {
    "work_injury": "work_related",
    "work_illness": "work_related",
    "work_related": "work_related",
    "non_occupational": "non_occupational",
}

_HOURS_NOT_WORKED = (
    "Hours not worked are covered by sick credits under the collective agreement, or by "
    "the WSIB, LTD or a private carrier under their rules."
)


def pay_kind(kind: str) -> PayKind:
    """`work_injury`/`work_illness` -> `work_related`; `non_occupational` as is."""
    try:
        return _KIND_OF_CASE[kind]
    except KeyError:
        raise ValueError(
            f"{kind!r} is not a kind of case; use work_related or non_occupational."
        ) from None


def _plan(plan_type: str) -> PlanType:
    if plan_type not in ("temporary", "permanent"):
        raise ValueError(f"{plan_type!r} is not a plan type; use temporary or permanent.")
    return plan_type  # type: ignore[return-value]  # one of PlanType's, checked above


def pay_rule_text(kind: str, plan_type: str) -> str:
    """The pay rule for a plan, as a plain sentence for the plan and its sign-offs."""
    pay, plan = pay_kind(kind), _plan(plan_type)
    if plan == "temporary":
        return (
            "For hours worked on temporary modified work, the employee is paid 100% of "
            "regular earnings or the rate of the position, whichever is greater. "
            + _HOURS_NOT_WORKED
        )
    if pay == "work_related":
        return (
            "In a permanent placement after a work-related injury or illness, the employee "
            "is paid the rate of the new position; if the pre-injury rate is higher, the "
            "pre-injury rate is kept, with all negotiated increases."
        )
    return (
        "In a permanent placement after a non-occupational injury or illness, the employee "
        "is paid the rate of the new position."
    )


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(name: str, value: Decimal) -> Decimal:
    if not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), not {type(value).__name__}.")
    amount = Decimal(value)
    if amount < 0:
        raise ValueError(f"{name} cannot be negative.")
    return amount


def with_increases(rate: Decimal, increases: Iterable[Decimal] = ()) -> Decimal:
    """A rate after each negotiated increase in turn (0.02 = 2%), rounded to the cent at
    each step as a pay grid is."""
    current = _cents(_money("rate", rate))
    for increase in increases:
        if Decimal(increase) <= -1:
            raise ValueError("A negotiated change cannot remove the whole rate.")
        current = _cents(current * (1 + Decimal(increase)))
    return current


def hourly_rate(
    kind: str,
    plan_type: str,
    *,
    regular_rate: Decimal,
    position_rate: Decimal,
    negotiated_increases: Iterable[Decimal] = (),
) -> Decimal:
    """The hourly rate for hours worked on the plan.

    `regular_rate` is the employee's regular (pre-injury) hourly rate; for a permanent
    work-related placement, `negotiated_increases` are the increases negotiated since the
    injury, applied to it.
    """
    pay, plan = pay_kind(kind), _plan(plan_type)
    regular = _cents(_money("regular_rate", regular_rate))
    position = _cents(_money("position_rate", position_rate))
    if plan == "temporary":
        return max(_cents(regular * TEMPORARY_PAY_SHARE_OF_REGULAR), position)
    if pay == "work_related":
        return max(with_increases(regular, negotiated_increases), position)
    return position


# --- The rate in numbers, with why ----------------------------------------------------
_MAX_RATE = Decimal("10000")  # an hourly rate beyond this is a typing slip


def parse_rate(text: str) -> Decimal | None:
    """A typed hourly rate ("30", "$30.00", "30.005") as a Decimal, or None if it is not
    one. Rounding to the cent happens in `hourly_rate`, half up, as payroll rounds."""
    cleaned = text.strip().removeprefix("$").replace(",", "").strip()
    for suffix in ("/h", "/hr", "an hour", "per hour", "/hour"):
        cleaned = cleaned.removesuffix(suffix).strip()
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    if not value.is_finite() or value < 0 or value > _MAX_RATE:
        return None
    return value


def money(amount: Decimal) -> str:
    return f"${_cents(amount):,.2f}"


def pay_statement(
    kind: str,
    plan_type: str,
    *,
    regular_rate: Decimal,
    position_rate: Decimal,
    negotiated_increases: Iterable[Decimal] = (),
) -> str:
    """The hourly rate the employee will be paid for hours worked, and why, in one sentence
    (MWP Conditions 2 and 5)."""
    rate = hourly_rate(kind, plan_type, regular_rate=regular_rate, position_rate=position_rate,
                       negotiated_increases=negotiated_increases)
    pay, plan = pay_kind(kind), _plan(plan_type)
    regular, position = _cents(regular_rate), _cents(position_rate)
    if plan == "temporary":
        return (f"{money(rate)} an hour for hours worked: the greater of 100% of regular "
                f"earnings ({money(regular)}) and the position's rate ({money(position)}) "
                "(MWP Conditions 2).")
    if pay == "work_related":
        kept = with_increases(regular, negotiated_increases)
        if kept > position:
            return (f"{money(rate)} an hour: the pre-injury rate, with negotiated increases, is "
                    f"kept because it is higher than the new position's {money(position)} "
                    "(MWP Conditions 5).")
        return (f"{money(rate)} an hour: the new position's rate, not below the pre-injury "
                f"rate of {money(kept)} (MWP Conditions 5).")
    return f"{money(rate)} an hour: the new position's rate (MWP Conditions 5)."
