"""Every number in rules.py carries a comment naming where it comes from."""

from __future__ import annotations

import ast
import inspect

from rtwbot.domain import rules

SOURCES = ("OPM", "WSIA", "OHSA", "MWP", "RTW", "configurable")


def test_every_constant_is_tagged_with_its_source() -> None:
    source = inspect.getsource(rules)
    lines = source.splitlines()
    untagged = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign):
            continue
        name = node.targets[0]
        if not (isinstance(name, ast.Name) and name.id.isupper()):
            continue
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1] if "#" in line else ""
        if not any(tag in comment for tag in SOURCES):
            untagged.append(name.id)
    assert untagged == []


def test_key_numbers() -> None:
    assert rules.FORM7_BUSINESS_DAYS == 3
    assert rules.FORM7_BUSINESS_DAYS_BEFORE_2023 == 7
    assert rules.MODIFIED_WORK_REPORTABLE_DAY == 8
    assert rules.OHSA_NOTICE_DAYS == 4
    assert rules.REEMPLOYMENT_MIN_WORKERS == 20
    assert rules.REEMPLOYMENT_AGE_LIMIT == 65
