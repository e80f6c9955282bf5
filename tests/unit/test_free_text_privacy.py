"""Issue 12's pure rules: the maintained list of clinical-looking terms, what of the
functional information the team may see, plans only on medical word, and whose agreement
a plan waits for."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.clinical_terms import (
    clinical_terms,
    description_note,
    highlight,
    looks_clinical,
)
from rtwbot.domain.participation import (
    NO_MEDICAL_WORD,
    UNABLE_NOW,
    agreed,
    check_medical_word,
    check_restrictions_confirmed,
    waiting_for,
)
from rtwbot.domain.privacy import (
    SAFETY_SENSITIVE,
    Relation,
    may_review_free_text,
    shared_restrictions,
)
from rtwbot.workflow.hr_review import free_text_lines
from rtwbot.workflow.imwt.plan_form import read_accommodation, read_plan_form


@pytest.mark.parametrize("text", [
    "ZZDIAG osteosarcoma", "L4-L5 disc herniation", "tendinitis of the wrist",
    "on oxycodone 10 mg", "post-op after surgery", "M54.5 low back pain", "chemotherapy",
    "anxiety and depression", "torn meniscus", "has a fracture",
])
def test_clinical_looking_terms_are_found(text: str) -> None:
    assert looks_clinical(text)


@pytest.mark.parametrize("text", [
    "Slipped on a wet floor carrying soil bags", "No lifting over 5 kg with the left arm",
    "Fell from a step ladder onto the left wrist", "Mornings only, 4 h/day",
    "Potting seedlings at a bench", "diploma", "sympathy", "",
])
def test_plain_functional_words_are_not(text: str) -> None:
    assert not looks_clinical(text)


def test_highlight_marks_each_term_once_and_keeps_the_rest() -> None:
    assert highlight("ZZDIAG osteosarcoma of the femur") == \
        "ZZDIAG *:warning: osteosarcoma* of the *:warning: femur*"
    assert [t.text for t in clinical_terms("disc herniation")] == ["disc herniation"]
    assert [t.text for t in clinical_terms("herniation of a disc")] == ["herniation"]


def test_a_clinical_description_gets_the_kind_note_only_for_the_description() -> None:
    assert "rephrase" in (description_note("description", "sciatica after lifting") or "")
    assert description_note("description", "slipped on ice") is None
    assert description_note("location", "oncology ward") is None


def test_the_team_sees_structured_lines_and_approved_wording_only() -> None:
    lines = ["Walking: up to 100 m", "Lifting waist to shoulder: other — ZZDIAG typed",
             "Medication side effects: may affect work or safety"]
    shared = shared_restrictions(lines)
    # A limit ticked as "other" (its words typed beside it) waits for HR's wording.
    assert shared == ["Walking: up to 100 m",
                      "Lifting waist to shoulder: limit set — HR to confirm the wording",
                      f"{SAFETY_SENSITIVE}: yes"]
    assert "ZZDIAG" not in " ".join(shared)
    worded = shared_restrictions(lines, ["No lifting above the waist"])
    assert worded[-1] == "No lifting above the waist"
    assert worded[1] == "Lifting waist to shoulder: limit set — see HR's wording"
    # HR's wording about something else leaves it waiting.
    assert shared_restrictions(lines, ["No ladders"])[1].endswith("HR to confirm the wording")


def test_only_hr_reviews_free_text() -> None:
    assert may_review_free_text({Relation.HR})
    for relation in set(Relation) - {Relation.HR}:
        assert not may_review_free_text({relation})


def test_the_review_lists_everything_typed() -> None:
    lines = free_text_lines({"comments": "Comments: x\nWalking: Specify: y",
                             "next_assessment_text": "soon", "health_professional": "Dr. Z"})
    assert lines == ["Comments: x", "Walking: Specify: y",
                     "Date of next assessment (not a date): soon", "Health professional: Dr. Z"]


def test_a_plan_needs_suitable_functional_information() -> None:
    assert check_medical_word(None) == NO_MEDICAL_WORD
    assert check_medical_word("unable") == UNABLE_NOW
    assert check_medical_word("with_restrictions") is None
    assert check_medical_word("no_restrictions") is None


def test_every_restriction_is_confirmed() -> None:
    assert check_restrictions_confirmed(["a", "b"], ["a"]) is not None
    assert check_restrictions_confirmed(["a", "b"], ["b", "a"]) is None
    assert check_restrictions_confirmed([], []) is None


def test_a_plan_is_agreed_by_both_the_union_and_the_employee() -> None:
    assert not agreed(True, False) and not agreed(False, True) and agreed(True, True)
    assert waiting_for(False, False) == ("union", "employee")
    assert waiting_for(True, False) == ("employee",)
    assert waiting_for(True, True) == ()


def test_duties_that_read_as_clinical_are_refused() -> None:
    values = {"option": "own_job_modified", "duties": "Light work after surgery",
              "hours": "4 h/day", "start": "2026-11-30", "end": "2026-12-18"}
    form, errors = read_plan_form(values, date(2026, 11, 25))
    assert form is None and "reads as clinical" in errors["duties"]
    form, errors = read_plan_form({**values, "duties": "Light bench work"}, date(2026, 11, 25))
    assert form is not None and errors == {}


def test_every_box_the_team_reads_is_screened() -> None:
    values = {"option": "same_division", "duties": "Light bench work", "hours": "4 h/day",
              "start": "2026-11-30", "end": "2026-12-18",
              "why_a": "Not possible with his ZZDIAG osteosarcoma"}
    form, errors = read_plan_form(values, date(2026, 11, 25))
    assert form is None and "reads as clinical" in errors["why_a"]
    accommodation, problems = read_accommodation({"kinds": ["tasks"],
                                                  "essential": "Rest after chemotherapy"})
    assert "reads as clinical" in problems["essential"]
