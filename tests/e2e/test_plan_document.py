"""Issue 13: the agreed plan's document is complete: participants, restrictions, duties, the
schedule week by week, dates with the end date's source stated truthfully, the pay in
numbers (employee's copy, from the roster), and a sign-off table naming who agreed, when."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx
from sqlalchemy import select

from rtwbot.store.models import Case, Document
from rtwbot.workflow.roster import import_roster
from tests.e2e.test_imwt import (
    RESTRICTIONS,
    functional_info_arrives,
    propose_and_approve,
    seed_case,
)
from tests.e2e.test_roster import ROSTER

pytestmark = pytest.mark.e2e


def _plan_docs(pg) -> dict[str, Docx]:
    with pg.bot.db.session() as s:
        docs = s.scalars(select(Document).where(Document.template == "modified-work-plan")).all()
        return {d.recipients[0]: Docx(io.BytesIO(pg.sandbox.file_content(d.slack_file_id)))
                for d in docs}


def _text(doc: Docx) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_the_plan_document_is_complete_and_names_who_agreed(pg) -> None:
    assert import_roster(pg.bot.db, pg.bot.directory, ROSTER, pg.bot.clock.now()).ok
    case_id = seed_case(pg)
    with pg.bot.db.session() as s:
        s.get(Case, case_id).employee_number = "1042"
    functional_info_arrives(pg, case_id)
    propose_and_approve(pg, case_id)  # Sam proposes on Wed Nov 25; Uma approves

    docs = _plan_docs(pg)
    thread, mine = docs["imwt_thread"], docs[pg.users["erin"]]
    text = _text(thread)
    for expected in (*RESTRICTIONS, "Potting seedlings at a bench", "Watering with a hose reel",
                     "Week 1 (Monday, November 30, 2026 to Friday, December 4, 2026): 4 h/day",
                     "Week 2 (Monday, December 7, 2026 to Friday, December 11, 2026): 6 h/day",
                     "Week 3 (Monday, December 14, 2026 to Friday, December 18, 2026): full days",
                     "Monday, November 30, 2026", "Friday, December 18, 2026",
                     "expected duration of 14+ days, not a date",
                     "Monday, December 7, 2026"):
        assert expected in text, expected
    assert "the end the health professional estimated" not in text
    sign = [[c.text for c in r.cells] for r in thread.tables[-1].rows]
    assert sign[0] == ["Role", "Name", "Agreed", "Date", "Signature"]
    rows = {r[1]: r for r in sign[1:]}
    assert rows["Sam Supervisor"][2:4] == ["proposed the plan", "Wednesday, November 25, 2026"]
    assert rows["Uma Union"][2:4] == ["approved for the union", "Wednesday, November 25, 2026"]
    assert rows["Hana HR"][0] == "Human Resources" and rows["Hana HR"][3] == ""
    # The pay in numbers is in the employee's own copy, not in the team's.
    assert "$31.25 an hour for 36 hours a week: regular earnings $1,125.00 a week" in _text(mine)
    assert "$31.25" not in text
