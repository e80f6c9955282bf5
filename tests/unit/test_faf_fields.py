"""The Functional Abilities Form carries every field of the WSIB's 2647A (pre-filled or read
back), has no diagnosis field, and a form dated before the injury or in the future is
refused with a clear reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rtwbot.forms import FormRegistry
from rtwbot.forms.readback import FunctionalAbilities
from rtwbot.forms.registry import FormTemplate
from rtwbot.forms.wsib_faf import FAF_2647A, label
from rtwbot.workflow.functional_dates import assessment_date_problem, field_name, plan_lines


@pytest.fixture(scope="module")
def faf() -> FormTemplate:
    return FormRegistry.load().get("functional-abilities")


def unmapped(template: FormTemplate) -> list[str]:
    missing = []
    for wsib in FAF_2647A:
        specs = [s for s in template.fields.values() if s.wsib == wsib.id]
        if not any(s.path or s.answer or s.restriction or s.group or s.withheld for s in specs):
            missing.append(wsib.id)
    return missing


def test_every_2647a_field_is_prefilled_or_read_back(faf) -> None:
    assert unmapped(faf) == []
    known = {w.id for w in FAF_2647A}
    assert {s.wsib for s in faf.fields.values() if s.wsib} == known
    for spec in faf.fields.values():
        assert "diagnos" not in spec.name and "diagnos" not in (spec.answer or "")


def test_the_check_fails_when_a_field_has_no_mapping(faf) -> None:
    fields = {n: s for n, s in faf.fields.items() if not n.startswith("cognitive")}
    assert unmapped(replace(faf, fields=fields)) == ["C.cognitive"]


def test_the_bands_the_wsib_form_asks_for(faf) -> None:
    for name in ("above_shoulder_limited", "above_shoulder_not_able", "push_pull_5_10kg",
                 "bending_not_able", "stairs_5_12_steps", "ladder_4_6_steps", "motorized_not_able",
                 "travel_no_driving", "cognitive_memory", "hours_regular", "hours_modified",
                 "hours_graduated", "recommended_start", "estimated_end_date", "assessment_date",
                 "hp_contact", "worker_authorized", "next_assessment_date"):
        assert name in faf.fields, name


def _read(**dates) -> FunctionalAbilities:
    return FunctionalAbilities(case_reference="RTW-1", return_status="with_restrictions",
                               restrictions=[], expected_duration="3-7 days",
                               next_assessment=None, **dates)


INJURED, TODAY = date(2026, 11, 24), date(2026, 11, 26)


@pytest.mark.parametrize(("dates", "says"), [
    ({"assessment_date": date(2026, 11, 19)}, "before the injury on Tuesday, November 24, 2026"),
    ({"completed_on": date(2026, 11, 23)}, "completion date is Monday, November 23, 2026, before"),
    ({"assessment_date": date(2026, 11, 27)}, "in the future"),
    ({"assessment_date": INJURED, "completed_on": date(2026, 12, 1)}, "in the future"),
])
def test_a_date_before_the_injury_or_in_the_future_is_refused(dates, says) -> None:
    problem = assessment_date_problem(_read(**dates), INJURED, TODAY)
    assert problem and says in problem and problem.startswith("I can't record this form")


@pytest.mark.parametrize("dates", [{}, {"assessment_date": INJURED}, {"completed_on": TODAY}])
def test_dates_on_or_after_the_injury_and_not_future_pass(dates) -> None:
    assert assessment_date_problem(_read(**dates), INJURED, TODAY) is None


def test_read_back_lines_show_hours_dates_and_authorization_not_the_professional() -> None:
    read = replace(_read(assessment_date=INJURED), recommended_hours="graduated",
                   recommended_start=TODAY, estimated_end=date(2026, 12, 9),
                   health_professional="Dr. X (GP)", worker_authorized=True, worker_signed=True,
                   worker_authorized_on=INJURED, rtw_discussed="no",
                   rtw_discussion_date=TODAY, claim_number="30012345")
    text = "\n".join(plan_lines(read))
    # Each line says its field by the 2647A's own name.
    assert "*Recommended work hours:* graduated hours, from Thursday, November 26, 2026" in text
    assert "*Estimated end date:* Wednesday, December 9, 2026" in text
    assert "*Date of assessment:* Tuesday, November 24, 2026" in text
    assert "*Claim number:* 30012345" in text
    assert ("*Have the worker and employer discussed return to work?:* no — to be discussed "
            "on Thursday, November 26, 2026") in text
    assert ("*Worker's authorization to release functional information (WSIA s.37):* signed "
            "on Tuesday, November 24, 2026") in text
    assert "Dr. X" not in text
    for field_id in ("B.assessment_date", "D.recommended_hours", "D.estimated_end",
                     "A.rtw_discussed", "A.authorization", "A.claim_number"):
        assert f"*{field_name(field_id)}:*" in text and field_name(field_id) in label(field_id)


def test_an_unticked_authorization_is_read_back_as_not_given() -> None:
    text = "\n".join(plan_lines(replace(_read(), worker_authorized=False, worker_signed=True)))
    assert "(WSIA s.37):* not given (the box is not ticked)" in text and "signed" not in text
