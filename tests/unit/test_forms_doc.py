"""docs/forms.md's field-by-field tables are the field maps' own: a field map that changes
without the document (or the other way round) fails here."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from rtwbot.forms import FormRegistry
from rtwbot.forms.field_table import rows, tables
from rtwbot.forms.wsib_faf import FAF_2647A
from rtwbot.forms.wsib_form7 import FORM7

DOC = Path(__file__).resolve().parents[2] / "docs" / "forms.md"


def documented(name: str) -> list[str]:
    found = re.search(rf"<!-- {name} table -->\n(.*?)\n<!-- end {name} table -->",
                      DOC.read_text(encoding="utf-8"), re.S)
    assert found, f"docs/forms.md has no {name} table"
    return found.group(1).splitlines()


@pytest.mark.parametrize("name", ["form7", "2647a"])
def test_the_document_says_what_the_field_maps_do(name) -> None:
    assert documented(name) == tables()[name], (
        "docs/forms.md is out of date: run `python -m rtwbot.forms.field_table` and paste "
        "its output into it")


def test_every_wsib_field_has_its_row() -> None:
    for name, fields in (("form7", FORM7), ("2647a", FAF_2647A)):
        ids = [line.split(" | ")[0].strip("| ") for line in documented(name)[2:]]
        assert ids == [f.id for f in fields]


def test_a_field_map_change_shows_in_the_table() -> None:
    report = FormRegistry.load().get("employer-report")
    fields = {n: (replace(s, path=None, sources=("hr",)) if s.wsib == "A.date_of_birth" else s)
              for n, s in report.fields.items()}
    changed = rows(replace(report, fields=fields), FORM7)
    assert changed != rows(report, FORM7)
    [line] = [r for r in changed if r.startswith("| A.date_of_birth ")]
    assert line.endswith("| HR | Left for HR: not reported and not in HR's roster |")
