"""The access matrix: every role x every view x (own case / someone else's case).

The expected table is written out here by hand, not read from the module, so a change to
the policy has to be made twice — in the code and in this table — on purpose.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain.privacy import (
    CLINICAL_EXCEPTIONS,
    FIELD_CLASS,
    IMWT_RELATIONS,
    NEVER_SHOWN,
    NOTHING_TO_SHOW,
    CasePeople,
    Field,
    Relation,
    Sensitivity,
    View,
    can_view,
    fields_of,
    redact,
    relations,
    union_authorization_pending,
    visible_fields,
    visible_to_all,
)

# --- the expected matrix ----------------------------------------------------------------
ID, A, D, F, P, DOC, C, X = (
    "identity", "administrative", "deadlines", "functional", "plan", "documents",
    "contacts", "accident",
)
NOTHING: tuple[str, ...] = ()
STAFF = (ID, A, D, F, P, DOC, C)
OWN = (ID, A, F, P, DOC, C)
OUTSIDE = (ID, A, F, P)  # safety rep and insurer
THREAD = (ID, A, F, P, C)
# The check-in history: HR and the supervisor see dates, who and outcome (M); HR alone
# what was typed (N).
M, N = "monitoring", "private_notes"
STAFF_M = (*STAFF, M)
HR_M = (*STAFF, M, N)
FORM7 = (ID, A, D, X, F, C)  # contacts: "reported to" (C) and the filer (J)

R = Relation
EXPECTED: dict[View, dict[Relation, tuple[str, ...]]] = {
    View.STATUS_DM: {
        R.EMPLOYEE: OWN, R.REPORTER: STAFF_M, R.DIVISION_REP: STAFF_M, R.HR: HR_M,
        R.UNION: OWN, R.SAFETY_REP: OUTSIDE, R.INSURER: OUTSIDE, R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.HOME: {
        R.EMPLOYEE: OWN, R.REPORTER: STAFF_M, R.DIVISION_REP: STAFF_M, R.HR: HR_M,
        R.UNION: OWN, R.SAFETY_REP: OUTSIDE, R.INSURER: OUTSIDE, R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.IMWT_THREAD: {
        R.EMPLOYEE: THREAD, R.REPORTER: THREAD, R.DIVISION_REP: THREAD, R.HR: THREAD,
        R.UNION: THREAD, R.SAFETY_REP: THREAD, R.INSURER: THREAD, R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.NUDGE: {
        R.EMPLOYEE: (ID, A), R.REPORTER: (ID, A, D), R.DIVISION_REP: (ID, A, D),
        R.HR: (ID, A, D), R.UNION: (ID, A), R.SAFETY_REP: (ID, A, D), R.INSURER: (ID, A),
        R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.CASE_DETAIL: {
        R.EMPLOYEE: OWN, R.REPORTER: (*STAFF_M, X), R.DIVISION_REP: STAFF_M,
        R.HR: (*HR_M, X), R.UNION: OWN, R.SAFETY_REP: (ID, A, D, F, P), R.INSURER: OUTSIDE,
        R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.FORM_EMPLOYER_REPORT: {
        R.EMPLOYEE: FORM7, R.REPORTER: FORM7, R.DIVISION_REP: NOTHING, R.HR: FORM7,
        R.UNION: NOTHING, R.SAFETY_REP: NOTHING, R.INSURER: NOTHING, R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
    View.FORM_PLAN: {
        R.EMPLOYEE: THREAD, R.REPORTER: THREAD, R.DIVISION_REP: THREAD, R.HR: THREAD,
        R.UNION: THREAD, R.SAFETY_REP: OUTSIDE, R.INSURER: OUTSIDE, R.NONE: NOTHING, R.UNION_PENDING: NOTHING,
    },
}

# The only clinical fields any (relation, view) may see: Form 7 section C.
FORM7_CLINICAL = {Field.DESCRIPTION, Field.BODY_PARTS}
EXPECTED_CLINICAL = {
    (View.FORM_EMPLOYER_REPORT, R.REPORTER): FORM7_CLINICAL,
    (View.FORM_EMPLOYER_REPORT, R.HR): FORM7_CLINICAL,
    (View.FORM_EMPLOYER_REPORT, R.EMPLOYEE): FORM7_CLINICAL,  # the worker's copy
}
CLINICAL = {f for f, cls in FIELD_CLASS.items() if cls is Sensitivity.CLINICAL}
# Before the employee's consent a union member knows the case exists in their unit and its
# stage, on their own surfaces and the thread; nothing on forms.
PENDING = {Field.REFERENCE, Field.DIVISION, Field.STAGE}
EXPECTED_PENDING = {
    View.STATUS_DM: PENDING, View.HOME: PENDING, View.IMWT_THREAD: PENDING,
    View.NUDGE: PENDING, View.CASE_DETAIL: PENDING,
}

# --- two cases and their people ---------------------------------------------------------
ROLE_IDS = {
    R.EMPLOYEE: "UEMP", R.REPORTER: "USUP", R.DIVISION_REP: "UDIV", R.HR: "UHR",
    R.UNION: "UUNION", R.SAFETY_REP: "USAFE", R.INSURER: "UWSIB", R.NONE: "UNOBODY",
    R.UNION_PENDING: "UPENDING",
}


def people(suffix: str = "", **overrides) -> CasePeople:
    def ident(role: Relation) -> str:
        return ROLE_IDS[role] + suffix

    fields = dict(
        employee=ident(R.EMPLOYEE), reporter=ident(R.REPORTER),
        division_reps=(ident(R.DIVISION_REP),), hr=(ident(R.HR),),
        union=(ident(R.UNION),), safety_rep=(ident(R.SAFETY_REP),),
        insurers=(ident(R.INSURER),), union_authorized=True,
    )
    fields.update(overrides)
    return CasePeople(**fields)


OWN_CASE = people()
OTHER_CASE = people("_B")  # the same roles, filled by other people
# The union rep of a case whose employee has not answered yet.
PENDING_CASE = people(union=("UPENDING",), union_authorized=None)
PENDING_OTHER = people("_B", union=("UPENDING_B",), union_authorized=None)

# Every field with a recognisable value, plus keys the policy has never heard of.
SENTINELS = {str(f): f"<<{f}>>" for f in Field}
SENTINELS["description"] = "Diagnosis: lumbar disc herniation L4-L5 after lifting"
SENTINELS["diagnosis"] = "lumbar disc herniation"
UNKNOWN_KEYS = {"answers": {"description": "x"}, "notes": "typed by HR", "Diagnosis": "y",
                "DESCRIPTION": "z", "medical": "w"}
FULL_VIEW = {**SENTINELS, **UNKNOWN_KEYS}


def expected_fields(view: View, relation: Relation) -> set[Field]:
    classes = {Sensitivity(c) for c in EXPECTED[view][relation]}
    fields = {f for f, cls in FIELD_CLASS.items() if cls in classes}
    if relation is R.UNION_PENDING:
        fields |= EXPECTED_PENDING.get(view, set())
    return fields | EXPECTED_CLINICAL.get((view, relation), set())


MATRIX = list(itertools.product(Relation, View, ("own", "other")))


@pytest.mark.parametrize(("role", "view", "whose"), MATRIX,
                         ids=[f"{r}-{v}-{w}" for r, v, w in MATRIX])
def test_access_matrix(role: Relation, view: View, whose: str) -> None:
    viewer = ROLE_IDS[role]
    own, other = (PENDING_CASE, PENDING_OTHER) if role is R.UNION_PENDING \
        else (OWN_CASE, OTHER_CASE)
    rels = relations(viewer, own if whose == "own" else other)
    shown = redact(FULL_VIEW, rels, view)

    if whose == "other" or role is R.NONE:
        assert rels == {R.NONE}
        assert shown == {}
        assert not can_view(rels, view)
        return
    assert rels == {role}
    expected = expected_fields(view, role)
    assert set(shown) == {str(f) for f in expected}
    assert all(shown[k] == FULL_VIEW[k] for k in shown)  # redaction never rewrites values
    # Zero leaks: no unknown key, never the diagnosis, clinical only per the exception.
    assert not set(shown) & set(UNKNOWN_KEYS)
    assert not set(shown) & {str(f) for f in NEVER_SHOWN}
    assert {Field(k) for k in shown} & CLINICAL == EXPECTED_CLINICAL.get((view, role), set())
    text = repr(shown)
    assert "lumbar disc herniation" not in text or (view, role) in EXPECTED_CLINICAL


def test_the_table_covers_every_view_and_relation() -> None:
    assert set(EXPECTED) == set(View)
    for view in View:
        assert set(EXPECTED[view]) == set(Relation)


def test_every_field_has_a_class_and_the_never_shown_set_is_clinical() -> None:
    assert set(FIELD_CLASS) == set(Field)
    assert {Field.DIAGNOSIS, Field.HP_COMMENTS} <= NEVER_SHOWN
    assert all(FIELD_CLASS[f] is Sensitivity.CLINICAL for f in NEVER_SHOWN)


def test_invariant_diagnosis_and_health_professional_comments_never_shown() -> None:
    """Whatever the relations, whatever the view: never the diagnosis or the health
    professional's comments, symptoms or treatment."""
    every_relation = frozenset(Relation)
    for view in View:
        shown = redact(FULL_VIEW, every_relation, view)
        for field in (Field.DIAGNOSIS, Field.HP_COMMENTS, Field.SYMPTOMS, Field.TREATMENT):
            assert str(field) not in shown
            assert field not in visible_fields(every_relation, view)


def test_clinical_exception_is_only_form7_section_c() -> None:
    assert set(CLINICAL_EXCEPTIONS) == {View.FORM_EMPLOYER_REPORT}
    for view in View:
        for relation in Relation:
            clinical = visible_fields({relation}, view) & CLINICAL
            assert clinical == EXPECTED_CLINICAL.get((view, relation), set())


def test_employee_viewing_someone_elses_case_sees_nothing() -> None:
    colleague = CasePeople(employee="UOTHER", reporter="USUP")
    rels = relations("UEMP", colleague)
    assert rels == {R.NONE}
    for view in View:
        assert redact(FULL_VIEW, rels, view) == {}


def test_nothing_to_show_is_one_text_whether_or_not_the_case_exists() -> None:
    # A stranger asking about a real case and about a made-up one gets the same result,
    # so a renderer has nothing to tell apart and says NOTHING_TO_SHOW in both cases.
    stranger = relations("UNOBODY", OWN_CASE)
    on_real_case = redact(FULL_VIEW, stranger, View.CASE_DETAIL)
    on_missing_case = redact({}, stranger, View.CASE_DETAIL)
    assert on_real_case == on_missing_case == {}
    assert isinstance(NOTHING_TO_SHOW, str) and NOTHING_TO_SHOW
    assert "RTW-" not in NOTHING_TO_SHOW and "not found" not in NOTHING_TO_SHOW.lower()


# --- the union and the employee's authorization -----------------------------------------
def test_union_refused_means_the_union_rep_sees_nothing() -> None:
    case = people(union_authorized=False)
    rels = relations(ROLE_IDS[R.UNION], case)
    assert rels == {R.NONE}
    for view in View:
        assert redact(FULL_VIEW, rels, view) == {}
    assert not union_authorization_pending(case)


def test_union_refused_covers_the_safety_rep_too() -> None:
    case = people(union_authorized=False)
    assert relations(ROLE_IDS[R.SAFETY_REP], case) == {R.NONE}


def test_union_not_asked_yet_knows_only_that_the_case_exists_and_its_stage() -> None:
    case = people(union_authorized=None)
    for role in (R.UNION, R.SAFETY_REP):
        rels = relations(ROLE_IDS[role], case)
        assert rels == {R.UNION_PENDING}
        for view in View:
            assert set(redact(FULL_VIEW, rels, view)) <= {"reference", "division", "stage"}
        assert "restrictions" not in redact(FULL_VIEW, rels, View.STATUS_DM)
    assert union_authorization_pending(case)
    assert not union_authorization_pending(people(union_authorized=True))
    assert not union_authorization_pending(people(union=(), safety_rep=(), union_authorized=None))


def test_refusal_removes_only_the_union_relation() -> None:
    # A union rep who is also the employee's HR contact keeps the HR relation.
    case = people(union=("UHR",), union_authorized=False)
    assert relations("UHR", case) == {R.HR}


# --- several relations at once --------------------------------------------------------
def test_supervisor_reporting_their_own_injury_has_both_relations() -> None:
    case = CasePeople(employee="USUP", reporter="USUP", hr=("UHR",))
    rels = relations("USUP", case)
    assert rels == {R.EMPLOYEE, R.REPORTER}
    assert visible_fields(rels, View.STATUS_DM) == (
        visible_fields({R.EMPLOYEE}, View.STATUS_DM) | visible_fields({R.REPORTER},
                                                                      View.STATUS_DM)
    )


def test_imwt_thread_message_carries_only_what_every_reader_may_see() -> None:
    audience = [relations(ROLE_IDS[r], OWN_CASE) for r in IMWT_RELATIONS]
    shared = visible_to_all(audience, View.IMWT_THREAD)
    for member in audience:
        assert shared <= visible_fields(member, View.IMWT_THREAD)
    assert not shared & CLINICAL
    # One outsider in the audience shrinks the message to nothing.
    assert visible_to_all([*audience, {R.NONE}], View.IMWT_THREAD) == frozenset()
    assert visible_to_all([], View.IMWT_THREAD) == frozenset()


def test_blank_or_missing_viewer_is_nobody() -> None:
    case = CasePeople(employee=None, reporter="USUP")
    assert relations(None, case) == {R.NONE}
    assert relations("", case) == {R.NONE}
    # A case whose employee is not in Slack must not match an empty id.
    assert relations("", CasePeople(employee="")) == {R.NONE}


def test_case_people_accepts_lists_and_single_ids() -> None:
    case = CasePeople(hr=["UHR1", "UHR2"], union="UUNION")  # type: ignore[arg-type]
    assert case.hr == ("UHR1", "UHR2") and case.union == ("UUNION",)
    assert hash(case)
    assert relations("UHR2", case) == {R.HR}


def test_a_bare_relation_string_is_not_read_letter_by_letter() -> None:
    assert visible_fields(R.HR, View.NUDGE) == visible_fields({R.HR}, View.NUDGE)
    assert visible_fields("hr", View.NUDGE) == visible_fields({R.HR}, View.NUDGE)


def test_unknown_views_and_relations_grant_nothing() -> None:
    assert visible_fields(set(Relation), "export_everything") == frozenset()
    assert visible_fields({"admin", "superuser"}, View.CASE_DETAIL) == frozenset()
    assert redact(FULL_VIEW, {"admin"}, "status_dm") == {}


def test_fields_of_classes() -> None:
    assert fields_of([Sensitivity.DOCUMENTS]) == {Field.DOCUMENTS}
    assert fields_of([]) == frozenset()


# --- fuzzing ------------------------------------------------------------------------------
relation_like = st.one_of(st.sampled_from(list(Relation)), st.text(max_size=12))
relation_sets = st.frozensets(relation_like, max_size=9)
view_like = st.one_of(st.sampled_from(list(View)), st.text(max_size=20))


@given(relation_sets, view_like)
def test_fuzz_no_clinical_leak(rels: frozenset, view: str) -> None:
    fields = visible_fields(rels, view)
    assert not fields & NEVER_SHOWN
    clinical = fields & CLINICAL
    if clinical:
        assert view == View.FORM_EMPLOYER_REPORT
        assert clinical <= FORM7_CLINICAL
        assert rels & {R.REPORTER, R.HR, R.EMPLOYEE}


@given(relation_sets, view_like)
def test_fuzz_only_known_relations_on_known_views_grant_anything(rels: frozenset,
                                                                 view: str) -> None:
    known = {r for r in Relation if r in rels} - {R.NONE}
    if not known or view not in set(View):
        assert visible_fields(rels, view) == frozenset()


@given(relation_sets, relation_sets, st.sampled_from(list(View)))
def test_fuzz_grants_add_up(a: frozenset, b: frozenset, view: View) -> None:
    # Having more relations never hides a field; two relations see what each would.
    assert visible_fields(a | b, view) == visible_fields(a, view) | visible_fields(b, view)


@given(
    st.dictionaries(st.one_of(st.sampled_from([str(f) for f in Field]), st.text(max_size=15),
                              st.integers()),
                    st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=25),
    relation_sets,
    view_like,
)
def test_fuzz_redact_is_deny_by_default(case_view: dict, rels: frozenset, view: str) -> None:
    shown = redact(case_view, rels, view)
    allowed = {str(f) for f in visible_fields(rels, view)}
    assert set(shown) <= allowed
    assert set(shown) <= set(case_view)
    assert {k for k in case_view if k in allowed} == set(shown)
    assert all(shown[k] is case_view[k] for k in shown)


ids = st.sampled_from(["U1", "U2", "U3", "U4", "U5"])


@given(
    viewer=st.one_of(ids, st.none(), st.just("")),
    employee=st.one_of(ids, st.none()),
    reporter=st.one_of(ids, st.none()),
    division_reps=st.lists(ids, max_size=2),
    hr=st.lists(ids, max_size=2),
    union=st.lists(ids, max_size=2),
    safety_rep=st.lists(ids, max_size=2),
    insurers=st.lists(ids, max_size=2),
    union_authorized=st.one_of(st.booleans(), st.none()),
)
def test_fuzz_relations(viewer, employee, reporter, division_reps, hr, union, safety_rep,
                        insurers, union_authorized) -> None:
    case = CasePeople(employee=employee, reporter=reporter, division_reps=tuple(division_reps),
                      hr=tuple(hr), union=tuple(union), safety_rep=tuple(safety_rep),
                      insurers=tuple(insurers), union_authorized=union_authorized)
    rels = relations(viewer, case)
    union_side = (*union, *safety_rep) if union_authorized is not False else ()
    on_case = viewer and viewer in {employee, reporter, *division_reps, *hr, *insurers,
                                    *union_side}
    if not on_case:
        assert rels == {R.NONE}
        for view in View:
            assert redact(FULL_VIEW, rels, view) == {}
        return
    assert R.NONE not in rels
    assert (R.EMPLOYEE in rels) == (viewer == employee)
    assert (R.REPORTER in rels) == (viewer == reporter)
    assert (R.UNION in rels) == (viewer in union and union_authorized is True)
    assert (R.SAFETY_REP in rels) == (viewer in safety_rep and union_authorized is True)
    assert (R.UNION_PENDING in rels) == (viewer in (*union, *safety_rep)
                                         and union_authorized is None)
    assert (R.INSURER in rels) == (viewer in insurers)
    # Several relations see exactly what each of them would, no more.
    for view in View:
        assert visible_fields(rels, view) == frozenset().union(
            *(visible_fields({r}, view) for r in rels)
        )
