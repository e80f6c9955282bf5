"""The intake with HR's roster (pure engine): what the roster knows is filled and shown,
changing the employee to someone off the roster asks again; a typo is never kept."""

from __future__ import annotations

from rtwbot.intake import INJURY_REPORT, start, step
from tests.unit.test_intake_engine import make_ctx

ROW = {"employee_number": "1042", "name": "Erin Employee", "division": "Parks",
       "job_title": "Arborist", "bargaining_unit": "CUPE Local 79", "hours_per_week": 36,
       "hourly_rate": 31.25, "date_of_birth": "1988-07-15", "address": "12 Elm Street"}


def _ctx():
    def find(text):
        if text in ("1042", "Erin Employee"):
            return {"slack_user_id": None, "name": "Erin Employee", "employee_number": "1042"}
        return None

    def facts(person):
        return ROW if person.get("employee_number") == "1042" else None

    return make_ctx(find_employee=find, roster_for=facts)


def test_a_number_alone_finds_the_employee_and_the_roster_answers() -> None:
    ctx = _ctx()
    state, _ = start(INJURY_REPORT, ctx)
    state, reply = step(INJURY_REPORT, state, "1042", ctx)
    assert reply.question.key == "case_kind"
    assert "From HR's roster" in reply.text and "Arborist" in reply.text
    assert state.answers["division"] == "Parks" and state.answers["hours_per_week"] == 36
    assert state.answers["roster"]["hourly_rate"] == 31.25
    assert "date_of_birth" not in state.answers["roster"]
    assert "address" not in str(state.answers)


def test_changing_to_someone_off_the_roster_asks_what_it_had_filled() -> None:
    ctx = _ctx()
    state, _ = start(INJURY_REPORT, ctx)
    state, _ = step(INJURY_REPORT, state, "Erin Employee", ctx)
    state, _ = step(INJURY_REPORT, state, "change employee", ctx)
    state, reply = step(INJURY_REPORT, state, "Pat Newhire, 7777", ctx)
    assert reply.question.key == "division"
    assert "roster" not in state.answers and "job_title" not in state.answers


def test_a_name_the_roster_does_not_know_still_needs_a_number() -> None:
    ctx = _ctx()
    state, _ = start(INJURY_REPORT, ctx)
    state, reply = step(INJURY_REPORT, state, "Pat Newhire", ctx)
    assert reply.kind == "invalid" and "employee number" in reply.text


def test_a_typo_of_a_division_is_asked_about_not_kept() -> None:
    ctx = make_ctx()
    state, _ = start(INJURY_REPORT, ctx)
    state, _ = step(INJURY_REPORT, state, "Pat Newhire, 7777", ctx)
    state, reply = step(INJURY_REPORT, state, "prks", ctx)
    assert reply.kind == "invalid" and 'Did you mean "Parks"' in reply.text
    assert "division" not in state.answers
    state, reply = step(INJURY_REPORT, state, "transprt", ctx)
    assert 'Did you mean "Transportation Services"' in reply.text
    state, reply = step(INJURY_REPORT, state, "yes", ctx)  # "yes" takes what was meant
    assert state.answers["division"] == "Transportation Services"
