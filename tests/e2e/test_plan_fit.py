"""Issue 21: plans are safe — every plan checked against the restrictions in force, through
the sandbox with the real bot: story 13 ("A plan that does not fit"), and each check on its
own with other restrictions, duties and dates: a duty beyond a restriction on its field; a
start before the injury; an end after the estimate without an extension; an extension with
its recommendation, concurrence and the team's review; reviews and the schedule on the
employer's working days (statutory holidays and closure days); where each date comes from,
said truthfully; proposed duties not shown as current; an "other" limit waiting for HR."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from docx import Document as Docx
from sqlalchemy import select

from rtwbot.config import Settings
from rtwbot.playground import Playground
from rtwbot.store.imwt_models import PlanEvent, TemporaryPlan
from rtwbot.store.models import Case, Document, FunctionalInfo
from rtwbot.workflow.outbox import Say
from tests.e2e.conftest import NOW, click, dm_texts, say, text_of
from tests.e2e.test_forms import completed, fa_sent_to, upload
from tests.e2e.test_imwt import modal_of, parent, plans, press, seed_case, submit, thread_text
from tests.e2e.test_privacy_consent import file_case, home_text, respected, submit_wording

pytestmark = pytest.mark.e2e

D = date
MOWER, BAGS = "Operating the ride-on mower", "Carrying 20 kg soil bags"
# Story 13's form: 8-14 days, estimated end Saturday December 19 (the next assessment,
# December 2, is not an end).
STORY_FORM = {"motorized_not_able": True, "carrying_up_to_5kg": True,
              "duration_8_14_days": True, "estimated_end_date": "2026-12-19",
              "next_assessment_date": "2026-12-02", "assessment_date": "2026-11-25"}


def values(**changes) -> dict:
    """A plan that fits story 13's form (the seeded cases' too): Mon Nov 30 to Fri Dec 18."""
    return {"option": "own_job_modified", "duties": "Potting seedlings at a bench\n"
            "Carry 2 kg trays of seedlings\nAnswer phones", "hours": "4 h/day in week 1, "
            "6 h/day in week 2, then full days", "start": D(2026, 11, 30),
            "end": D(2026, 12, 18), "reviews": "", "kinds": ["tasks"], **changes}


def propose(pg, case_id: int, **changes) -> dict:
    """Sam opens the plan modal from the thread and submits it with every restriction
    ticked as respected; the errors shown (empty: the modal closed)."""
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    return submit(pg, "sam", {**values(**changes), **respected(pg, "sam")})


def team_case(pg, restrictions: list[str], *, wording: list[str] | None = None,
              **facts) -> int:
    """A case filed for Erin (injured Tuesday Nov 24), with functional information recorded
    (`restrictions`, and `facts` such as the estimated end), its team thread open, and the
    union authorized."""
    case_id = seed_case(pg)
    abilities = {"return_status": "with_restrictions", "restrictions": restrictions,
                 "expected_duration": "14+ days", "next_assessment": "2026-12-02", **facts}
    with pg.bot.db.session() as s:
        s.add(FunctionalInfo(case_id=case_id, received_at=pg.clock.now(),
                             recorded_by=pg.users["hana"], source="modal", abilities=abilities,
                             comments={"comments": ""}, team_wording=wording))
        case = s.get(Case, case_id)
        case.stage, reference = "functional_info_received", case.reference
    pg.bot.deliver([Say(text="Functional abilities recorded.", to_user=pg.users["hana"],
                        events=(("functional_info_recorded", case_id),))])
    pg.settle()
    press(pg, "erin", "imwt_union_yes", value=reference)
    return case_id


def agree(pg) -> None:
    press(pg, "uma", "imwt_approve")
    press(pg, "erin", "imwt_plan_agree")


def plan_document(pg, recipient: str = "imwt_thread") -> str:
    with pg.bot.db.session() as s:
        docs = s.scalars(select(Document).where(Document.template == "modified-work-plan")
                         .order_by(Document.id)).all()
        file_id = [d.slack_file_id for d in docs if d.recipients[0] == recipient][-1]
    doc = Docx(io.BytesIO(pg.sandbox.file_content(file_id)))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def no_plan(pg) -> bool:
    with pg.bot.db.session() as s:
        return s.scalar(select(TemporaryPlan.id)) is None


# --- story 13 ---------------------------------------------------------------------------------
def test_story_13_a_plan_that_does_not_fit(pg) -> None:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")  # injured Nov 24
    click(pg, "erin", "imwt_union_yes")
    read_back = upload(pg, "erin", completed(fa_sent_to(pg, "erin"), **STORY_FORM), "faf.pdf")
    assert "Please check it" in read_back
    click(pg, "erin", "fa_confirm")

    press(pg, "sam", "imwt_propose", message=parent(pg, case.id))
    modal = json.dumps(modal_of(pg, "sam"))
    assert "Operating motorized equipment: not able" in modal and "Carrying: up to 5 kg" in modal
    assert "2026-12-19" in modal and "2026-12-02" not in modal  # the estimate, not the visit
    # Every point flagged on its field, with every box of "respects" ticked: nothing taken.
    errors = submit(pg, "sam", {**values(duties=f"{MOWER}\n{BAGS}", start=D(2026, 11, 20),
                                         end=D(2027, 6, 30), reviews="2026-12-25"),
                                **respected(pg, "sam")})
    assert "which the restrictions rule out (Operating motorized equipment: not able)" in \
        errors["duties"]
    assert "needs carrying 20 kg; the restrictions allow up to 5 kg" in errors["duties"]
    assert errors["respects"].startswith("Not confirmed: the duties go beyond")
    assert "before the injury (Tuesday, November 24, 2026)" in errors["start"]
    assert "estimated the end as Saturday, December 19, 2026" in errors["end"]
    assert "extension" in errors["end"] and "concurrence" in errors["end"]
    assert "Christmas Day" in errors["reviews"]
    assert no_plan(pg) and "confirmed the duties respect" not in thread_text(pg, case.id)

    # Fixed: taken, and said with the end's true source.
    assert submit(pg, "sam", {**values(), **respected(pg, "sam")}) == {}
    thread = thread_text(pg, case.id)
    assert "confirmed the duties respect each of the 10 restriction(s)" in thread
    assert "set by the team; the health professional estimated Saturday, December 19" in thread
    agree(pg)
    # Past Dec 19 is an extension: recommendation, the WSIB's concurrence, the team's review.
    press(pg, "hana", "imwt_extend", message=parent(pg, case.id))
    assert submit(pg, "hana", {"new_end": D(2027, 1, 15), "recommendation": ["yes"],
                               "concurrence": ["yes"], "team_review": ["yes"]}) == {}
    [plan] = plans(pg, case.id)
    assert (plan.state, plan.end) == ("extended", D(2027, 1, 15))


# --- each check -------------------------------------------------------------------------------
def test_a_duty_beyond_a_restriction_is_flagged_on_the_duties_field(pg) -> None:
    case_id = team_case(pg, ["Climbing ladders: 1-3 steps", "Bending / twisting: not able",
                             "Standing: up to 15 min", "Lifting floor to waist: 5-10 kg"],
                        wording=["No driving"])
    errors = propose(pg, case_id, duties="Change bulbs from a 6-step ladder\nWeeding beds\n"
                     "Stand at the gate\nLoad 15 kg boxes\nDrive the van to the depot")
    for said in ("“Change bulbs from a 6-step ladder” needs ladders and heights 6 steps; the "
                 "restrictions allow up to 3 steps",
                 "“Weeding beds” needs bending / twisting (weeding), which the restrictions "
                 "rule out"):
        assert said in errors["duties"], errors["duties"]
    assert "…and 2 more." in errors["duties"]  # the boxes and the van
    assert "beyond 5 of these restriction(s)" in errors["respects"]
    assert set(errors) == {"duties", "respects"} and no_plan(pg)
    # Within the limits (and the unknown said): taken.
    assert propose(pg, case_id, duties="Reach files from a step stool\nStand at the gate for "
                   "10 min at a time\nLoad 8 kg boxes\nRide along, no driving") == {}


def test_a_plan_cannot_start_before_the_injury(pg) -> None:
    case_id = team_case(pg, ["Carrying: up to 5 kg"])
    errors = propose(pg, case_id, start=D(2026, 11, 23))
    assert errors == {"start": "The plan can't start before the injury (Tuesday, November "
                               "24, 2026): pick a later start."}
    errors = propose(pg, case_id, start=D(2026, 11, 28))  # a Saturday
    assert errors["start"].startswith("Saturday, November 28, 2026 is a Saturday, not a "
                                      "working day: start on a working day (Monday, November "
                                      "30, 2026)")
    assert no_plan(pg)
    assert propose(pg, case_id, start=D(2026, 11, 24)) == {}  # the injury's own day


def test_a_plan_cannot_end_after_the_estimate_without_an_extension(pg) -> None:
    # No date on the form: 3-7 days from the assessment on Wed Nov 25 -> Wed Dec 2.
    case_id = team_case(pg, ["Carrying: up to 5 kg"], expected_duration="3-7 days",
                        assessment_date="2026-11-25")
    errors = propose(pg, case_id, end=D(2026, 12, 4))
    assert errors["end"].startswith("The health professional expected the restrictions to "
                                    "last 3-7 days from the assessment on Wednesday, November "
                                    "25, 2026, that is until Wednesday, December 2, 2026: "
                                    "end the plan by then.")
    assert "extend it with the health professional's written recommendation" in errors["end"]
    assert no_plan(pg)
    assert propose(pg, case_id, end=D(2026, 12, 2)) == {}


def test_an_extension_with_recommendation_concurrence_and_review_is_accepted(pg) -> None:
    case_id = team_case(pg, ["Carrying: up to 5 kg"], estimated_end="2026-12-18")
    assert propose(pg, case_id) == {}
    agree(pg)
    press(pg, "hana", "imwt_extend", message=parent(pg, case_id))
    assert "The team's review" in json.dumps(modal_of(pg, "hana"))
    extension = {"new_end": D(2027, 1, 15), "recommendation": ["yes"], "concurrence": ["yes"]}
    errors = submit(pg, "hana", extension)
    assert "The team reviews an extension" in errors["team_review"]
    errors = submit(pg, "hana", {**extension, "team_review": ["yes"],
                                 "reviews": "2026-12-25, 2027-01-01"})
    assert "Christmas Day" in errors["reviews"] and "New Year's Day" in errors["reviews"]
    assert plans(pg, case_id)[0].end == D(2026, 12, 18)
    assert submit(pg, "hana", {**extension, "team_review": ["yes"], "reviews": "",
                               "team_review_on": D(2026, 12, 16)}) == {}
    [plan] = plans(pg, case_id)
    assert (plan.state, plan.end) == ("extended", D(2027, 1, 15))
    with pg.bot.db.session() as s:
        kinds = set(s.scalars(select(PlanEvent.kind).where(PlanEvent.plan_id == plan.id)))
    assert {"written_recommendation", "insurer_concurrence", "extension_team_review",
            "extension"} <= kinds
    assert "the team reviewed the extension" in thread_text(pg, case_id)
    assert "extended on a health professional's written recommendation; the form's estimate " \
           "was Friday, December 18, 2026" in plan_document(pg)


CLOSURES = frozenset({D(2026, 12, 24), D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)})


@pytest.fixture
def closing_pg(database_url, monkeypatch):
    """The bot with an employer that closes on Christmas Eve and between the holidays."""
    employer = Settings.work_calendar
    def closing(self, directory_employer=None):  # the directory's closure days, and these
        calendar = employer(self, directory_employer)
        return replace(calendar, extra_holidays=calendar.extra_holidays | CLOSURES)

    monkeypatch.setattr(Settings, "work_calendar", closing)
    with Playground(database_url=database_url, start_at=NOW) as playground:
        yield playground


def test_reviews_and_the_schedule_skip_holidays_and_closure_days(closing_pg) -> None:
    pg = closing_pg
    case_id = team_case(pg, ["Carrying: up to 5 kg"], estimated_end="2027-01-15")
    errors = propose(pg, case_id, start=D(2026, 12, 14), end=D(2027, 1, 15),
                     reviews="2026-12-24, 2027-01-08")
    assert errors["reviews"].startswith("Thursday, December 24, 2026 is a day the employer is "
                                        "closed: pick working days for the reviews")
    assert propose(pg, case_id, start=D(2026, 12, 14), end=D(2027, 1, 15)) == {}
    [plan] = plans(pg, case_id)
    # Weekly from Mon Dec 14: Dec 21; Dec 28 (Boxing Day observed), then the closure and New
    # Year's Day: Jan 4; Jan 11; and the end.
    assert plan.review_dates == ["2026-12-21", "2027-01-04", "2027-01-11", "2027-01-15"]
    agree(pg)
    document = plan_document(pg)
    assert ("Week 2 (Monday, December 21, 2026 to Wednesday, December 23, 2026; not Thursday, "
            "December 24, 2026: a day the employer is closed; not Friday, December 25, 2026: "
            "Christmas Day, a statutory holiday): 6 h/day") in document
    assert "Monday, December 28, 2026 to Friday, January 1, 2027: no working day" in document
    assert "Week 3 (Monday, January 4, 2027 to Friday, January 8, 2027): full days" in document


def test_where_each_date_comes_from_is_said_truthfully(pg) -> None:
    case_id = team_case(pg, ["Carrying: up to 5 kg"], expected_duration="8-14 days",
                        estimated_end="2026-12-19", assessment_date="2026-11-25")
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    end = next(b for b in modal_of(pg, "sam")["blocks"] if b.get("block_id") == "end")
    assert end["element"]["initial_date"] == "2026-12-19"  # not the next assessment (Dec 2)
    assert end["hint"]["text"].startswith("Prefilled with the health professional's estimated "
                                          "end, Saturday, December 19, 2026.")
    assert submit(pg, "sam", {**values(), **respected(pg, "sam")}) == {}
    offer = dm_texts(pg, "erin")[-1]
    assert "(end: set by the team; the health professional estimated Saturday, December 19, " \
           "2026, and the plan is reviewed before it ends)" in offer
    assert "the end the health professional estimated" not in offer
    agree(pg)
    for copy in (plan_document(pg), plan_document(pg, pg.users["erin"])):
        assert "the health professional estimated Saturday, December 19, 2026" in copy
        assert "not a date" not in copy


def test_proposed_duties_are_not_current_duties_until_agreed(pg) -> None:
    case_id = team_case(pg, ["Carrying: up to 5 kg"])
    assert propose(pg, case_id) == {}
    with pg.bot.db.session() as s:
        reference = s.get(Case, case_id).reference
    staff = say(pg, "sam", f"status {reference}")
    assert "Proposed duties (not agreed yet)" in staff and "Current duties" not in staff
    home = home_text(pg, "erin")
    assert "Proposed duties (not agreed yet)" in home and "Current duties" not in home
    assert "Proposed duties:" in say(pg, "erin", "status")
    agree(pg)
    assert "Current duties" in say(pg, "sam", f"status {reference}")
    assert "Current duties" in home_text(pg, "erin")
    assert "Your duties:" in say(pg, "erin", "status")


def test_an_other_limit_reads_limit_set_until_hr_writes_its_wording(pg) -> None:
    case_id = team_case(pg, ["Walking: other", "Carrying: up to 5 kg"])
    shown = text_of(parent(pg, case_id))
    assert "Walking: limit set — HR to confirm the wording" in shown
    assert "Walking: other" not in shown
    errors = propose(pg, case_id, duties="Walk to the greenhouse (150 m)")
    assert "that limit is not worded yet (Walking: limit set — HR to confirm the wording)" in \
        errors["duties"]
    # HR writes the wording (from the review DM): the team sees it, and it is the limit.
    with pg.bot.db.session() as s:
        info_id = s.scalar(select(FunctionalInfo.id).where(FunctionalInfo.case_id == case_id))
    press(pg, "hana", "hr_wording", value=str(info_id))
    assert submit_wording(pg, "Walking up to 200 m at a time") == {}
    shown = text_of(parent(pg, case_id))
    assert "Walking: limit set — see HR's wording" in shown
    assert "Walking up to 200 m at a time" in shown
    assert "needs walking 2 km; the restrictions allow up to 200 m" in propose(
        pg, case_id, duties="Walk the trails (2 km)")["duties"]
    assert propose(pg, case_id, duties="Walk to the greenhouse (150 m)") == {}


def test_new_functional_information_says_whether_the_agreed_plan_still_fits(pg) -> None:
    case_id = team_case(pg, ["Carrying: up to 5 kg"])
    assert propose(pg, case_id, duties="Carry 4 kg trays of seedlings") == {}
    agree(pg)
    # A later form: carrying up to 2 kg, and an end before the plan's.
    with pg.bot.db.session() as s:
        s.add(FunctionalInfo(case_id=case_id, received_at=pg.clock.now() + timedelta(hours=1),
                             recorded_by=pg.users["hana"], source="modal",
                             comments={"comments": ""},
                             abilities={"return_status": "with_restrictions",
                                        "restrictions": ["Carrying: up to 2 kg"],
                                        "expected_duration": "8-14 days",
                                        "estimated_end": "2026-12-11"}))
    pg.bot.deliver([Say(text="Functional abilities recorded.", to_user=pg.users["hana"],
                        events=(("functional_info_recorded", case_id),))])
    pg.settle()
    said = thread_text(pg, case_id)
    assert ":warning: Plan #1 no longer fits them: “Carry 4 kg trays of seedlings” needs " \
           "carrying 4 kg; the restrictions allow up to 2 kg (Carrying: up to 2 kg)." in said
    assert "The plan ends Friday, December 18, 2026, after the new estimate" in said
