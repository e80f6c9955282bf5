"""Issue 7: employees see their own plan by DM; everyone else only what their role allows;
every look is audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from rtwbot.store.imwt_models import TemporaryPlan
from rtwbot.store.models import AuditEvent, Case, FunctionalInfo
from tests.e2e.conftest import NOW, click, say, text_of
from tests.e2e.test_intake import answer_all, work_injury_answers

pytestmark = pytest.mark.e2e

SECRET = "Diagnosis: scaphoid fracture"


def file_two_cases(pg) -> tuple[Case, Case]:
    answers = work_injury_answers(pg.users["erin"])
    answers[8] = f"Fell on the wet floor. {SECRET}"
    answer_all(pg, "sam", answers)
    click(pg, "sam", "intake_confirm")
    ray = [f"<@{pg.users['ray']}>", "transportation", "Road Operator", "1", "no", "today 8am",
           "same time", "Highway 2 yard", "Hand caught in a tailgate", "struck", "right hand", "yes",
           "yes", "no", "none", "skip", "skip", "skip", "40"]
    answer_all(pg, "tess", ray)
    click(pg, "tess", "intake_confirm")
    with pg.bot.db.session() as s:
        erin_case, ray_case = s.scalars(select(Case).order_by(Case.id)).all()
        s.add(FunctionalInfo(
            case_id=erin_case.id, received_at=NOW, recorded_by=pg.users["erin"],
            source="upload",
            abilities={"return_status": "with_restrictions",
                       "restrictions": ["Lifting floor to waist: up to 5 kg"],
                       "expected_duration": "8-14 days", "next_assessment": "2026-12-04"},
            comments={"comments": SECRET}))
        s.add(TemporaryPlan(
            case_id=erin_case.id, number=1, state="agreed", option="own_job",
            ruled_out={}, duties=["Potting seedlings at a bench"], hours="4 hours a day",
            start=date(2026, 11, 30), end=date(2026, 12, 11),
            review_dates=["2026-12-04"], proposed_by=pg.users["hana"], proposed_at=NOW,
            created_at=NOW, updated_at=NOW))
        erin_case.stage = "temporary_modified_work"
    return erin_case, ray_case


def test_an_employee_sees_their_own_plan(pg) -> None:
    erin_case, _ = file_two_cases(pg)
    reply = say(pg, "erin", "status")
    assert erin_case.reference in reply
    assert "Lifting floor to waist: up to 5 kg" in reply
    assert "Potting seedlings at a bench" in reply
    assert "4 hours a day" in reply
    assert "Friday, December 4, 2026" in reply  # next review
    assert "December 11, 2026" in reply  # plan ends
    assert "<@" + pg.users["hana"] + ">" in reply  # HR contact
    assert SECRET not in reply and "scaphoid" not in reply


def test_asking_about_someone_else_reveals_nothing(pg) -> None:
    erin_case, ray_case = file_two_cases(pg)
    by_reference = say(pg, "erin", f"status {ray_case.reference}")
    no_such_case = say(pg, "erin", "status RTW-2026-0999")
    by_name = say(pg, "erin", "status Ray Roads")
    assert by_reference == no_such_case  # the same words whether or not it exists
    assert "Ray" not in by_reference and "Highway" not in by_reference
    assert ray_case.reference not in by_name and "Ray" not in by_name
    outsider = say(pg, "olga", f"status {erin_case.reference}")
    assert outsider == no_such_case
    assert "Erin" not in say(pg, "olga", "status")


def test_supervisors_and_the_team_see_their_cases_only(pg) -> None:
    erin_case, ray_case = file_two_cases(pg)
    sam = say(pg, "sam", "my reports")
    assert erin_case.reference in sam and ray_case.reference not in sam
    assert SECRET not in sam
    hana = say(pg, "hana", "my cases")
    assert erin_case.reference in hana and ray_case.reference in hana
    assert "Lifting floor to waist" in hana  # HR is entitled to restrictions
    assert SECRET not in hana


def home_text(pg, who: str) -> str:
    pg.sandbox.open_home(pg.users[who])
    pg.settle()
    return text_of(pg.sandbox.home(pg.users[who]))


def test_the_home_tab_shows_each_role_its_cases(pg) -> None:
    erin_case, ray_case = file_two_cases(pg)
    erin, sam, hana, olga = (home_text(pg, w) for w in ("erin", "sam", "hana", "olga"))
    assert "My plan" in erin and erin_case.reference in erin
    assert ray_case.reference not in erin
    assert "My reports" in sam and erin_case.reference in sam and ray_case.reference not in sam
    assert "Report an injury" in sam
    assert "My cases" in hana and erin_case.reference in hana and ray_case.reference in hana
    assert erin_case.reference not in olga and ray_case.reference not in olga
    for text in (erin, sam, hana, olga):
        assert SECRET not in text


def test_every_view_is_audited(pg) -> None:
    erin_case, ray_case = file_two_cases(pg)
    say(pg, "erin", "status")
    say(pg, "hana", "status")
    home_text(pg, "sam")
    say(pg, "olga", f"status {erin_case.reference}")
    with pg.bot.db.session() as s:
        views = {(e.actor, e.case_id, e.detail["view"]) for e in
                 s.scalars(select(AuditEvent).where(AuditEvent.action == "case.viewed"))}
    assert (pg.users["erin"], erin_case.id, "status_dm") in views
    assert (pg.users["hana"], erin_case.id, "case_detail") in views
    assert (pg.users["hana"], ray_case.id, "case_detail") in views
    assert (pg.users["sam"], erin_case.id, "home") in views
    assert not any(actor == pg.users["olga"] for actor, _, _ in views)  # saw nothing
