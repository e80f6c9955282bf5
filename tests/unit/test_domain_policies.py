from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.policies import ACTS, POLICIES, cite, cite_ohsa, cite_wsia, policy


def test_cite_gives_number_and_title() -> None:
    assert cite("15-01-02") == "OPM 15-01-02 (Employers' Initial Accident-Reporting Obligations)"
    assert cite("19-02-09") == "OPM 19-02-09 (Re-employment Obligations)"


@pytest.mark.parametrize(
    ("number", "title"),
    [
        ("19-02-07", "RTW Overview and Key Concepts"),
        ("19-02-08", "RTW Co-operation Obligations"),
        ("19-02-09", "Re-employment Obligations"),
        ("19-02-10", "RTW Assessments and Plans"),
        ("21-02-01", "Disclosure of Claim File Information – General"),
    ],
)
def test_titles_match_the_policy_index(number: str, title: str) -> None:
    assert policy(number).title == title


def test_the_four_rtw_policies_were_new_on_30_november_2020() -> None:
    for number in ("19-02-07", "19-02-08", "19-02-09", "19-02-10"):
        first = POLICIES[number].history[0]
        assert (first.published, first.change) == (date(2020, 11, 30), "new")


def test_reporting_policy_notes_the_2023_revision() -> None:
    assert "2023-09-29" in policy("15-01-02").note


def test_unknown_policy_is_a_plain_error() -> None:
    with pytest.raises(KeyError, match="not one of the policies"):
        cite("99-99-99")


def test_statute_citations() -> None:
    assert cite_wsia("41") == "WSIA s.41 (Re-employment obligation)"
    assert cite_wsia("s.21(1)").startswith("WSIA s.21(1) (")
    assert cite_ohsa("52").startswith("OHSA s.52 (")
    with pytest.raises(KeyError):
        cite_wsia("999")
    assert "Occupational Health and Safety Act" in ACTS
