"""The forms at filing: who gets which document, and what each copy may carry."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.privacy import Field, Relation
from rtwbot.forms import FormRegistry, fill
from rtwbot.forms.samples import sample_context
from rtwbot.workflow.documents import (
    CONTEXT_FIELDS,
    EFORM7_WORKSHEET,
    EMPLOYER_REPORT,
    FUNCTIONAL_ABILITIES,
    PACKAGE,
    RTWI,
    CaseFacts,
    Copy,
    allowed_fields,
    plan_copies,
    redact_context,
    summary_text,
)

REGISTRY = FormRegistry.load()


def facts(**changes) -> CaseFacts:
    base = dict(case_id=1, reference="RTW-2026-0007", kind="work_injury",
                reportable="reportable", form7_due=date(2026, 11, 27), recheck_on=None,
                supervisor="USUP", employee="UEMP", employee_name="Jane Doe")
    return CaseFacts(**{**base, **changes})


def test_the_employer_report_carries_what_happened_for_the_people_who_file_it() -> None:
    for relation in (Relation.REPORTER, Relation.HR, Relation.EMPLOYEE):
        allowed = allowed_fields(EMPLOYER_REPORT, {relation})
        assert {Field.DESCRIPTION, Field.BODY_PARTS, Field.LOCATION} <= allowed
        context = redact_context(sample_context(), allowed)
        assert context["case"]["description"].startswith("Slipped on wet stairs")
        assert context["case"]["body_parts"] == "Wrist (left), Lower back"


def test_the_package_never_carries_clinical_fields_even_for_the_employee() -> None:
    for template in PACKAGE:
        for relation in (Relation.EMPLOYEE, Relation.REPORTER):
            allowed = allowed_fields(template, {relation})
            context = redact_context(sample_context(), allowed)
            assert context["case"]["description"] is None
            assert context["case"]["body_parts"] is None
            assert context["case"]["body_parts_list"] == []
            # ... but what the health professional needs is there.
            assert context["case"]["occurred_on"] == "2026-11-18"
            assert context["employee"]["name"] == "Jane Doe-Tremblay"
            assert context["hr"]["name"] == "Marc Lefebvre"
            assert context["plan"] is None


def test_someone_off_the_case_gets_nothing_filled() -> None:
    for template in (EMPLOYER_REPORT, *PACKAGE):
        allowed = allowed_fields(template, {Relation.NONE})
        assert Field.REFERENCE not in allowed
        context = redact_context(sample_context(), allowed)
        assert all(v in (None, []) for section in ("case", "employee") for v in
                   context[section].values())
        assert context["employer"]["name"] == "City of Example"  # the employer's own details


def test_a_case_key_without_a_privacy_field_is_blanked() -> None:
    context = sample_context()
    context["case"]["diagnosis"] = "torn rotator cuff"  # a key no template may invent
    allowed = allowed_fields(EMPLOYER_REPORT, {Relation.HR})
    assert redact_context(context, allowed)["case"]["diagnosis"] is None
    assert "case.diagnosis" not in CONTEXT_FIELDS


def test_the_form7_view_names_who_it_was_reported_to_and_who_files_it() -> None:
    # Form 7 section C ("to whom reported") and J (the declarant) need the contacts.
    context = redact_context(sample_context(), allowed_fields(EMPLOYER_REPORT, {Relation.HR}))
    assert context["supervisor"]["name"] and context["hr"]["name"]
    package = redact_context(sample_context(), allowed_fields("rtwi", {Relation.EMPLOYEE}))
    assert package["case"]["description"] is None  # the package carries nothing clinical


def test_redacted_forms_fill_and_name_no_one() -> None:
    for template in (EMPLOYER_REPORT, *PACKAGE):
        allowed = allowed_fields(template, {Relation.EMPLOYEE})
        filled = fill(REGISTRY.get(template), redact_context(sample_context(), allowed))
        assert filled.filename.startswith("RTW-2026-0007-")
        assert "Jane" not in filled.filename and "Doe" not in filled.filename


def test_a_reportable_work_injury_goes_to_supervisor_hr_and_employee() -> None:
    copies = plan_copies(facts(), ["UHR1", "UHR2", "USUP"])
    assert [(c.user, c.templates) for c in copies] == [
        ("USUP", (EMPLOYER_REPORT,)), ("UHR1", (EMPLOYER_REPORT, EFORM7_WORKSHEET)),
        ("UHR2", (EMPLOYER_REPORT, EFORM7_WORKSHEET)), ("UEMP", (RTWI, FUNCTIONAL_ABILITIES)),
    ]
    assert "by *Friday, November 27, 2026*" in copies[0].comment
    assert "/rtw abilities RTW-2026-0007" in copies[1].comment
    assert "send me the PDF here" in copies[3].comment


@pytest.mark.parametrize("kind,reportable", [("non_occupational", "not_applicable"),
                                             ("work_injury", "not_reportable")])
def test_no_form7_when_there_is_nothing_to_report(kind: str, reportable: str) -> None:
    copies = plan_copies(facts(kind=kind, reportable=reportable, form7_due=None), ["UHR1"])
    assert [c.templates for c in copies] == [PACKAGE]


def test_a_watched_case_gets_its_report_ready_without_a_due_date() -> None:
    [sup, _hr, _pkg] = plan_copies(facts(reportable="watch", form7_due=None,
                                         recheck_on=date(2026, 11, 26)), ["UHR1"])
    assert "Nothing to file yet" in sup.comment and "Thursday, November 26, 2026" in sup.comment


def test_an_employee_off_slack_has_the_package_handed_over_by_the_supervisor() -> None:
    copies = plan_copies(facts(employee=None, employee_name="Jordan <Lee>"), [])
    package = copies[-1]
    assert package.user == "USUP" and package.templates == PACKAGE
    assert "Jordan &lt;Lee&gt; isn't on Slack" in package.comment


def test_summary_names_who_got_what_and_what_failed() -> None:
    f = facts()
    sent = [Copy("USUP", (EMPLOYER_REPORT,), ""), Copy("UHR1", (EMPLOYER_REPORT,), "")]
    text = summary_text(f, sent, [Copy("UEMP", PACKAGE, "")])
    assert "Employer's report → you and <@UHR1>" in text
    assert "couldn't send forms for *RTW-2026-0007* to <@UEMP>" in text
