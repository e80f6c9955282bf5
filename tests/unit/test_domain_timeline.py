"""Issue 18: a case is its facts. The duties start from when the employer learned each
fact, whatever its source, whatever order they are typed in, however late."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtwbot.domain import timeline as t
from rtwbot.domain.calendar import WorkCalendar
from rtwbot.domain.moment import Moment
from rtwbot.domain.rules import FORM7_BUSINESS_DAYS
from rtwbot.nudges import catalogue as c
from rtwbot.nudges.catalogue import CaseSnapshot, nudges_for

TZ = ZoneInfo("America/Toronto")
CAL = WorkCalendar()
FIRST_AID = {"case_kind": "work_injury", "critical_injury": "no", "health_care": "no",
             "absent": "no", "lower_pay": "no", "modified_work": "none"}


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def duties(report: dict, learned: datetime, *more: t.Fact,
           occurred: datetime | None = None) -> t.Duties:
    occurred = occurred or learned
    base = t.CaseBase(occurred=Moment.of(occurred), learned=Moment.of(learned))
    facts = t.report_facts(report, learned, recorded_at=learned) + list(more)
    return t.case_duties(base, facts, CAL)


def fact(name: str, value, learned: datetime, source: str = t.SUPERVISOR,
         recorded: datetime | None = None, occurred: date | None = None) -> t.Fact:
    return t.Fact(name, value, learned, source, recorded_at=recorded or learned,
                  occurred_at=Moment(occurred) if occurred else None)


# --- The stories, as pure timelines ---------------------------------------------------------
def test_story_4_first_aid_then_the_doctors_form_starts_every_duty_that_day() -> None:
    monday, wednesday = at(11, 9), at(11, 11, 14)
    filed = duties(FIRST_AID, monday)
    assert filed.reportability.status == "not_reportable" and not filed.ohsa.required
    assert not filed.off_work
    d = duties(FIRST_AID, monday, fact(t.FORM, "unable", wednesday, t.HEALTH_PROFESSIONAL))
    assert d.reportability.status == "reportable"
    assert d.reportability.obligation_date == date(2026, 11, 11)
    assert d.reportability.form7_due == date(2026, 11, 16)  # Thu, Fri, Mon
    assert d.off_work_since == wednesday  # s.40: first contact, then weekly check-ins
    assert d.ohsa.required and d.ohsa_since == wednesday
    assert d.ohsa.notice_due == date(2026, 11, 13)  # s.52: 4 days after the accident
    assert d.values["health_care"] == "yes" and d.values["absent"] == "yes"


def test_story_5_learned_monday_typed_friday_is_due_thursday() -> None:
    d = duties(FIRST_AID, at(11, 9), fact(t.HEALTH_CARE, "yes", at(11, 9),
                                          recorded=at(11, 13)))
    assert d.reportability.obligation_date == date(2026, 11, 9)
    assert d.reportability.form7_due == date(2026, 11, 12)


def test_story_7_the_kind_changes_and_the_clock_runs_from_that_day() -> None:
    personal = {**FIRST_AID, "case_kind": "non_occupational", "health_care": None,
                "lower_pay": None, "modified_work": None, "absent": "yes"}
    filed = duties(personal, at(11, 2))
    assert filed.reportability.status == "not_applicable"
    d = duties(personal, at(11, 2), fact(t.KIND, "work_injury", at(11, 16), t.HR))
    assert d.kind == "work_injury" and d.reportability.status == "reportable"
    assert d.reportability.obligation_date == date(2026, 11, 16)
    assert d.reportability.form7_due == date(2026, 11, 19)


def test_story_3_a_critical_collapse_that_is_not_work_related_has_the_s51_duty() -> None:
    personal = {**FIRST_AID, "case_kind": "non_occupational", "critical_injury": "yes"}
    d = duties(personal, at(11, 28, 2, 5))
    assert d.critical and d.critical_since == at(11, 28, 2, 5)
    assert d.ohsa.immediate and d.reportability.status == "not_applicable"
    assert d.worker_contact_held


def test_hr_releases_the_worker_contact_of_a_critical_case() -> None:
    report = {**FIRST_AID, "critical_injury": "yes"}
    held = duties(report, at(11, 28, 2, 5))
    assert held.worker_contact_held
    released = duties(report, at(11, 28, 2, 5),
                      fact(t.CONTACT_RELEASED, "yes", at(11, 30, 9), t.HR))
    assert not released.worker_contact_held and released.critical


def test_a_fact_learned_before_the_accident_was_learned_counts_from_then() -> None:
    d = duties(FIRST_AID, at(11, 10), fact(t.HEALTH_CARE, "yes", at(11, 9, 8),
                                           recorded=at(11, 12)), occurred=at(11, 9, 7))
    assert d.reportability.obligation_date == date(2026, 11, 10)
    assert min(d.points) == at(11, 10)


def test_a_later_report_of_being_back_at_work_ends_the_off_work_run() -> None:
    d = duties(FIRST_AID, at(11, 9), fact(t.ABSENT, "yes", at(11, 10)),
               fact(t.ABSENT, "no", at(11, 20)))
    assert not d.off_work
    again = duties(FIRST_AID, at(11, 9), fact(t.ABSENT, "yes", at(11, 10)),
                   fact(t.ABSENT, "no", at(11, 20)), fact(t.ABSENT, "yes", at(11, 25)))
    assert again.off_work_since == at(11, 25)


# --- s.41: the essential duties are a fact of their own --------------------------------------
def test_with_restrictions_is_not_able_to_perform_the_essential_duties() -> None:
    form = fact(t.FORM, "with_restrictions", at(12, 10), t.HEALTH_PROFESSIONAL)
    d = duties(FIRST_AID, at(12, 4), form)
    assert d.suitable_work_on == date(2026, 12, 10)
    assert d.essential_duties_on is None
    able = fact(t.ESSENTIAL_DUTIES, "yes", at(12, 20), t.WSIB, occurred=date(2026, 12, 15))
    d = duties(FIRST_AID, at(12, 4), form, able)
    assert d.essential_duties_on == date(2026, 12, 15)  # the day it happened, as recorded


# --- Facts the timeline refuses -------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value", "source"), [
    ("diagnosis", "x", t.HR), (t.HEALTH_CARE, "maybe", t.HR), (t.KIND, "work", t.HR),
    (t.HEALTH_CARE, "yes", "the neighbour"),
])
def test_an_unknown_fact_value_or_source_is_refused(name, value, source) -> None:
    with pytest.raises(ValueError):
        t.Fact(name, value, at(11, 9), source)


def test_a_fact_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        t.Fact(t.HEALTH_CARE, "yes", datetime(2026, 11, 9, 10), t.HR)


# --- The property: any sources, orders and delays ----------------------------------------------
TRIGGERS = ((t.HEALTH_CARE, "yes"), (t.ABSENT, "yes"), (t.LOWER_PAY, "yes"),
            (t.MODIFIED_WORK, "reduced_pay"), (t.FORM, "unable"), (t.FORM, "with_restrictions"),
            (t.FORM, "no_restrictions"))
OTHERS = ((t.KIND, "work_injury"), (t.KIND, "work_illness"), (t.CRITICAL, "yes"),
          (t.ESSENTIAL_DUTIES, "yes"), (t.CRITICAL, "no"))
SOURCES = tuple(k for k in t.SOURCES if k != t.SUPERVISOR_REPORT)
MONDAY = at(11, 2, 9)


@st.composite
def timelines(draw):
    """A report (first aid, or with a fact not known yet; work-related or not), then facts
    from random sources, learned at random hours after it, typed after random delays, in a
    random order."""
    occurred = MONDAY + timedelta(hours=draw(st.integers(0, 72)))
    learned = occurred + timedelta(hours=draw(st.integers(0, 96)))
    kind = draw(st.sampled_from(["work_injury", "work_illness", "non_occupational"]))
    unknown = draw(st.booleans())
    report = {**FIRST_AID, "case_kind": kind, "health_care": "unknown" if unknown else "no"}
    facts = []
    for i, (name, value) in enumerate(draw(st.lists(st.sampled_from(TRIGGERS + OTHERS),
                                                     max_size=8))):
        when = learned + timedelta(hours=draw(st.integers(-12, 400)))
        # Typed after the report (a case has no facts before it exists), maybe much later;
        # no two at the same instant (each is its own transaction).
        typed = max(when, learned) + timedelta(hours=draw(st.integers(0, 200)), seconds=i + 1)
        facts.append(t.Fact(name, value, when, draw(st.sampled_from(SOURCES)),
                            recorded_at=typed))
    order = draw(st.permutations(range(len(facts))))
    return occurred, learned, report, [facts[i] for i in order]


def expected_obligation(learned: datetime, report: dict, facts: list[t.Fact]) -> date | None:
    """Independently: the Form 7 clock starts when the employer first knew both that the case
    is work-related and a reportable fact (or, reported with a fact not known yet, that it is
    work-related: file on time, say what is missing)."""
    def from_report(when: datetime) -> datetime:
        return max(when, learned)  # nothing is known of a case before its accident

    work = [from_report(f.learned_at) for f in facts if f.name == t.KIND]
    if report["case_kind"] != "non_occupational":
        work.append(learned)
    if not work:
        return None
    triggers = [from_report(f.learned_at) for f in facts if (f.name, f.value) in TRIGGERS]
    if report["health_care"] == "unknown":
        triggers.append(learned)  # "not known yet" is reportable until known
    if not triggers:
        return None
    return max(min(work), min(triggers)).astimezone(TZ).date()


def snapshot(duties_: t.Duties, occurred: datetime, learned: datetime) -> CaseSnapshot:
    r = duties_.reportability
    return CaseSnapshot(
        reference="RTW-2026-0001", kind=duties_.kind, stage="reported",  # type: ignore[arg-type]
        occurred_at=occurred, learned_at=learned, reportability=r.status,
        obligation_date=r.obligation_date, form7_due=r.form7_due, recheck_on=r.recheck_on,
        off_work=duties_.off_work, off_work_since=duties_.off_work_since,
        ohsa_notice_due=duties_.ohsa.notice_due if duties_.ohsa.required else None,
        ohsa_since=duties_.ohsa_since, critical_injury=duties_.critical,
        critical_since=duties_.critical_since,
        worker_contact_held=duties_.worker_contact_held)


@settings(max_examples=150, deadline=None)
@given(timelines())
def test_form7_is_due_from_the_earliest_day_a_reportable_fact_was_known(timeline) -> None:
    occurred, learned, report, facts = timeline
    base = t.CaseBase(occurred=Moment.of(occurred), learned=Moment.of(learned))
    report_facts = t.report_facts(report, learned, recorded_at=learned)
    d = t.case_duties(base, report_facts + facts, CAL)
    obligation = expected_obligation(learned, report, facts)
    r = d.reportability
    if obligation is None:
        assert r.status != "reportable"
    else:
        assert r.status == "reportable"
        assert r.obligation_date == obligation
        assert r.form7_due == CAL.legal().add_business_days(obligation, FORM7_BUSINESS_DAYS)

    # The same facts typed in another order say the same.
    again = t.case_duties(base, report_facts + list(reversed(facts)), CAL)
    assert again.reportability == r and again.off_work_since == d.off_work_since

    # Duties start only from facts the employer knew, at the moment it knew them.
    def first(pairs) -> datetime | None:
        times = [max(f.learned_at, learned) for f in facts if (f.name, f.value) in pairs]
        return min(times, default=None)

    off = first({(t.ABSENT, "yes"), (t.FORM, "unable")})
    assert d.off_work_since == off
    critical = [f for f in facts if f.name == t.CRITICAL]
    if critical and max(critical, key=lambda f: (f.learned_at, f.recorded)).value == "yes":
        assert d.critical_since is not None
        assert d.critical_since >= first({(t.CRITICAL, "yes")})
    else:
        assert d.critical_since is None
    for spec in nudges_for(snapshot(d, occurred, learned), CAL):
        if spec.kind in (c.FORM7_DUE, c.FORM7_LATE):
            assert spec.due_at >= CAL.start_of_work(obligation)  # type: ignore[arg-type]
        if spec.kind == c.FIRST_CONTACT:
            assert off is not None and spec.due_at == off
        if spec.kind == c.CRITICAL_INJURY:
            assert spec.due_at == d.critical_since
        if spec.recipient_role == c.EMPLOYEE:
            assert not d.worker_contact_held


def test_the_property_fails_when_the_clock_starts_from_the_typing() -> None:
    """The property's own check: a timeline that dated facts by when they were typed would
    give a later Form 7 date than the one required."""
    typed_late = fact(t.HEALTH_CARE, "yes", at(11, 9), recorded=at(11, 13))
    wrong = replace(typed_late, learned_at=typed_late.recorded)
    right_date = expected_obligation(at(11, 9), FIRST_AID, [typed_late])
    assert right_date == date(2026, 11, 9)
    assert duties(FIRST_AID, at(11, 9), wrong).reportability.obligation_date != right_date
