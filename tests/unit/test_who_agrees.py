"""Issue 18, who may answer for whom in the team, as properties: "not answered" is never "no",
only the employee agrees for themselves, only HR records for an employee not in Slack."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.privacy import Relation as R
from rtwbot.store.imwt_models import UNION_NO, UNION_NOT_ASKED, UNION_TALK, UNION_YES
from rtwbot.workflow.imwt.access import PERMISSIONS, UNION_ANSWER_AWAITED, refusal
from rtwbot.workflow.imwt.case_team import CaseTeam
from rtwbot.workflow.imwt.situation import Situation, who_must_act

ANSWERS = [UNION_YES, UNION_NO, UNION_NOT_ASKED, UNION_TALK, None]  # None: no thread yet


def team(answer: str | None, waived: bool) -> CaseTeam:
    thread = None if answer is None else SimpleNamespace(union_authorized=answer)
    return CaseTeam(case=SimpleNamespace(), thread=thread, members=[], people=None,
                    union_review_waived=waived)


@given(st.sampled_from(ANSWERS), st.booleans())
def test_not_answered_is_never_no(answer, waived) -> None:
    t = team(answer, waived)
    # Independent statement of the rule: HR is in the union's place only after the
    # employee's no, or once HR recorded why (and never over a yes).
    expected = answer == UNION_NO or (waived and answer != UNION_YES)
    assert t.hr_reviews_for_union is expected
    assert t.union_answer_awaited is (answer != UNION_YES and not expected)
    why = t.why_union_out()
    if answer == UNION_NO:
        assert why == "employee_declined"
    elif expected:
        assert why == "hr_recorded_why"
    else:
        assert why is None


relations = st.frozensets(st.sampled_from(list(R)), max_size=4)


@given(relations, st.sampled_from(sorted(PERMISSIONS)), st.booleans(), st.booleans())
def test_who_may_answer_for_whom(rels, action, declined, awaited) -> None:
    allowed = refusal(rels, action, union_declined=declined, union_awaited=awaited) is None
    if action == "employee_plan" or action == "union_authorization":
        assert not allowed or R.EMPLOYEE in rels  # only the employee, never HR for them
    if action in ("record_for_employee", "waive_union_review"):
        assert allowed is (R.HR in rels)
    if action == "union_review":
        union_side = bool(rels & {R.UNION, R.SAFETY_REP})
        assert allowed is ((R.HR in rels) if declined else union_side)


def test_hr_is_told_why_it_may_not_review_yet() -> None:
    assert refusal({R.HR}, "union_review", union_awaited=True) == UNION_ANSWER_AWAITED
    assert refusal({R.HR}, "union_review", union_declined=True) is None
    assert "Only the union" in refusal({R.HR}, "union_review")


def test_who_must_act_while_the_union_answer_is_awaited() -> None:
    proposed = dict(stage="functional_info_received", plan_state="proposed")
    waits = who_must_act(Situation(**proposed, union_awaited=True), None)
    assert waits.startswith("The employee: whether the union represents them")
    raj = who_must_act(Situation(**proposed, union_awaited=True, employee_in_slack=False), None)
    assert raj.startswith("HR, recording the employee's answer (not in Slack)")
    agree = who_must_act(Situation(**proposed, waiting=("employee",), employee_in_slack=False),
                         None)
    assert "HR, recording the employee's agreement (not in Slack)" in agree
