from __future__ import annotations

from datetime import date

from rtwbot.domain.reemployment import (
    ReemploymentFacts,
    presumed_not_reemployed,
    reemployment_obligation,
)

INJURY = date(2026, 3, 2)


def facts(**changes: object) -> ReemploymentFacts:
    base: dict[str, object] = {
        "injury_date": INJURY,
        "employer_workers": 5000,
        "employed_since": date(2015, 6, 1),
        "birth_date": date(1980, 7, 14),
    }
    return ReemploymentFacts(**(base | changes))  # type: ignore[arg-type]


def test_applies_and_ends_on_the_second_anniversary() -> None:
    result = reemployment_obligation(facts())
    assert result.status == "applies"
    assert result.ends_on == date(2028, 3, 2)
    assert result.end_reason == "the 2nd anniversary of the injury"
    assert result.active_on(date(2028, 3, 1)) and not result.active_on(date(2028, 3, 2))


def test_small_employers_are_exempt() -> None:
    result = reemployment_obligation(facts(employer_workers=19))
    assert result.status == "does_not_apply"
    assert "fewer than 20" in result.reasons[0]
    assert reemployment_obligation(facts(employer_workers=20)).status == "applies"


def test_one_year_of_continuous_employment_is_needed() -> None:
    assert reemployment_obligation(facts(employed_since=date(2025, 3, 2))).status == "applies"
    short = reemployment_obligation(facts(employed_since=date(2025, 3, 3)))
    assert short.status == "does_not_apply"
    assert not short.active_on(INJURY)


def test_ends_one_year_after_medically_able_if_earlier() -> None:
    result = reemployment_obligation(facts(medically_able_on=date(2026, 9, 1)))
    assert result.ends_on == date(2027, 9, 1)
    assert "medically able" in (result.end_reason or "")


def test_ends_on_65th_birthday_if_earlier() -> None:
    result = reemployment_obligation(facts(birth_date=date(1961, 11, 20)))
    assert result.ends_on == date(2026, 11, 20)
    assert result.end_reason == "the worker's 65th birthday"


def test_a_worker_65_at_the_injury_is_not_covered() -> None:
    # Story 9: born 1961-03-09, injured 2026-03-10 — no obligation, not one "ending the
    # day before the injury"; 65 on the day of the injury too.
    for born, injured in ((date(1961, 3, 9), date(2026, 3, 10)),
                          (date(1961, 3, 10), date(2026, 3, 10))):
        result = reemployment_obligation(facts(birth_date=born, injury_date=injured))
        assert result.status == "does_not_apply" and result.ends_on is None
        assert "65 or older when injured" in result.reasons[-1]
    day_before = reemployment_obligation(facts(birth_date=date(1961, 3, 11),
                                               injury_date=date(2026, 3, 10)))
    assert day_before.status == "applies" and day_before.ends_on == date(2026, 3, 11)


def test_voluntary_resignation_ends_it() -> None:
    assert reemployment_obligation(facts(resigned_on=date(2026, 6, 1))).ends_on == date(2026, 6, 1)


def test_missing_birth_date_is_said() -> None:
    result = reemployment_obligation(facts(birth_date=None))
    assert any("birth date" in r for r in result.reasons)


def test_construction_is_out_of_scope() -> None:
    assert reemployment_obligation(facts(construction=True)).status == "out_of_scope"


def test_six_month_presumption() -> None:
    assert presumed_not_reemployed(date(2026, 6, 1), date(2026, 11, 30))
    assert presumed_not_reemployed(date(2026, 6, 1), date(2026, 12, 1))
    assert not presumed_not_reemployed(date(2026, 6, 1), date(2026, 12, 2))
