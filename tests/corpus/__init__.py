"""Labelled corpora of what people type (read by tests/unit/test_understanding_corpus.py and
bench/understanding.py)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


# The plain answer to each question of the report (the playground's directory; it happened
# "yesterday 9am"): what tests walk through to reach a question.
PLAIN = {
    "employee": "<@U123ABC>", "division": "parks", "job_title": "Gardener",
    "case_kind": "injury", "critical_injury": "no", "died": "no", "occurred_at": "yesterday 9am",
    "learned_at": "same time", "location": "North yard", "description": "Slipped on leaves",
    "accident_type": "slip and fall", "body_parts": "left wrist", "health_care": "yes", "absent": "no", "lower_pay": "no",
    "modified_work": "1", "witnesses": "skip", "hired_on": "2015-06-01", "born_on": "skip",
    "hours_per_week": "37.5",
}


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a corpus file, comments and blank lines left out."""
    text = (HERE / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def first_messages(holdout: bool | None = None) -> list[tuple[str, str]]:
    """(label, message); ``holdout``: only the held-out set (True), only the tuning set
    (False), or both (None)."""
    files = {False: ["first_messages.tsv"], True: ["first_messages_holdout.tsv"],
             None: ["first_messages.tsv", "first_messages_holdout.tsv"]}[holdout]
    return [(r[0], r[1]) for name in files for r in rows(name)]


def answers() -> list[tuple[str, str, str]]:
    """(question key or "summary", expected: accept / skip / refuse / confirm, answer)."""
    return [(r[0], r[1], r[2]) for r in rows("answers.tsv")]
