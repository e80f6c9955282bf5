"""The WSIB policies and statute sections rtwbot's rules rest on, for citing in messages.

Numbers, titles and dates are from the WSIB Operational Policy Manual's list of revised
policies (the policy-index seed); the September 2023 revision of 15-01-02 is from the
program's rules page, as the seed index ends earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

Change = Literal["new", "revised"]


@dataclass(frozen=True)
class Publication:
    published: date
    change: Change


@dataclass(frozen=True)
class Policy:
    number: str
    title: str
    history: tuple[Publication, ...]  # oldest first
    note: str = ""

    @property
    def last_published(self) -> date:
        return self.history[-1].published


def _policy(number: str, title: str, *history: tuple[date, Change], note: str = "") -> Policy:
    return Policy(number, title, tuple(Publication(d, c) for d, c in history), note)


_POLICIES = (
    _policy(
        "15-01-02",
        "Employers' Initial Accident-Reporting Obligations",
        (date(2021, 4, 9), "revised"),
        # The seed index ends before the September 2023 revision, so it is a note here.
        note=(
            "Revised September 2023: Form 7 within 3 business days for accidents from "
            "2023-09-29 (7 business days before)."
        ),
    ),
    _policy(
        "15-01-03",
        "Workers' Requirement to Claim and Consent",
        (date(2021, 4, 9), "revised"),
    ),
    _policy(
        "19-02-07",
        "RTW Overview and Key Concepts",
        (date(2020, 11, 30), "new"),
        (date(2021, 4, 9), "revised"),
    ),
    _policy("19-02-08", "RTW Co-operation Obligations", (date(2020, 11, 30), "new")),
    _policy("19-02-09", "Re-employment Obligations", (date(2020, 11, 30), "new")),
    _policy("19-02-10", "RTW Assessments and Plans", (date(2020, 11, 30), "new")),
    _policy(
        "21-02-01",
        "Disclosure of Claim File Information – General",
        (date(2020, 1, 2), "revised"),
        (date(2021, 4, 9), "revised"),
    ),
)

POLICIES: MappingProxyType[str, Policy] = MappingProxyType({p.number: p for p in _POLICIES})

# Sections of the Acts the rules cite, with what each one is about.
WSIA_SECTIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "21(1)": "Employer's report of an accident",
        "21(4)": "Copy of the employer's report to the worker",
        "22": "Worker's claim within 6 months",
        "23": "Worker reports a material change within 10 days",
        "40": "Co-operation in return to work",
        "41": "Re-employment obligation",
    }
)
OHSA_SECTIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "51": "Notice of a critical injury or death",
        "52": "Notice of an accident, occupational illness or disabling injury",
    }
)
ACTS: tuple[str, ...] = (
    "Workplace Safety and Insurance Act, 1997",
    "Ontario Human Rights Code",
    "Occupational Health and Safety Act",
    "Municipal Freedom of Information and Protection of Privacy Act",
)


def policy(number: str) -> Policy:
    """The policy with that OPM number; KeyError with a sentence if rtwbot does not know it."""
    try:
        return POLICIES[number.strip()]
    except KeyError:
        raise KeyError(f"OPM {number} is not one of the policies rtwbot cites.") from None


def cite(number: str) -> str:
    """`cite("15-01-02")` -> "OPM 15-01-02 (Employers' Initial Accident-Reporting Obligations)"."""
    p = policy(number)
    return f"OPM {p.number} ({p.title})"


def cite_wsia(section: str) -> str:
    """`cite_wsia("41")` -> "WSIA s.41 (Re-employment obligation)"."""
    return _cite_section("WSIA", WSIA_SECTIONS, section)


def cite_ohsa(section: str) -> str:
    return _cite_section("OHSA", OHSA_SECTIONS, section)


def _cite_section(act: str, sections: MappingProxyType[str, str], section: str) -> str:
    key = section.strip().removeprefix("s.")
    if key not in sections:
        raise KeyError(f"{act} s.{key} is not one of the sections rtwbot cites.")
    return f"{act} s.{key} ({sections[key]})"
