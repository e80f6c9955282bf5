"""Issue 18: the duty table (`rtwbot.domain.duties`) — who may close which duty, with what
record, what anyone else's Done means — kept in step with the catalogue's reminders and with
the docs."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtwbot.domain import duties as t
from rtwbot.domain.duties import Ask, Record, Verdict, check_record, duty, on_done
from rtwbot.nudges import kinds
from rtwbot.nudges.modified_work import MEETING_REMINDER, MW_CHECK_IN, MW_PROGRESS

ROOT = Path(__file__).resolve().parents[2]
TORONTO = ZoneInfo("America/Toronto")
CATALOGUE_KINDS = {v for k, v in vars(kinds).items() if k.isupper() and isinstance(v, str)
                   and k not in ("SUPERVISOR", "HR", "EMPLOYEE", "UNION", "COMMITTEE")} | {
    MW_CHECK_IN, MW_PROGRESS, MEETING_REMINDER}


def test_every_reminder_the_catalogue_sends_serves_a_duty_and_no_duty_names_another_kind():
    assert t.reminder_kinds() == CATALOGUE_KINDS
    for kind in CATALOGUE_KINDS - {kinds.CRITICAL_INJURY}:  # that one: by role, below
        for role in t.ROLES:
            assert t.duty_of_reminder(kind, role) is not None, (kind, role)


def test_the_tables_roles_are_the_reminders_roles():
    assert set(t.ROLES) == set(kinds.ROLES)
    for d in t.DUTIES:
        assert d.binds in t.ROLES and set(d.closers) <= set(t.ROLES)
        assert set(d.copy_words) <= set(t.ROLES)
        assert all(isinstance(a, Ask) for asks in d.closers.values() for a in asks)
    assert len({d.key for d in t.DUTIES}) == len(t.DUTIES)


def test_the_critical_injury_copies_are_three_duties():
    by_role = {role: t.duty_of_reminder(kinds.CRITICAL_INJURY, role).key
               for role in (t.HR, t.COMMITTEE, t.UNION)}
    assert by_role == {t.HR: "ohsa_s51_ministry", t.COMMITTEE: "ohsa_s51_committee",
                       t.UNION: "ohsa_s51_union"}
    assert t.duty_of_reminder(kinds.CRITICAL_REPORT, t.HR).key == "ohsa_s51_report"


SUP, HR, EMP, UNION, COM = (frozenset({r}) for r in (t.SUPERVISOR, t.HR, t.EMPLOYEE, t.UNION,
                                                     t.COMMITTEE))
NOBODY = frozenset()


@pytest.mark.parametrize(("key", "roles", "copy", "verdict", "asks"), [
    # Form 7: the supervisor passes it to HR; HR records it sent (the day, the claim number).
    ("form7", SUP, t.SUPERVISOR, Verdict.COPY, ()),
    ("form7", HR, t.HR, Verdict.ASK, (Ask.ON, Ask.CLAIM)),
    ("form7", HR, t.SUPERVISOR, Verdict.ASK, (Ask.ON, Ask.CLAIM)),  # the escalation to HR
    ("form7", NOBODY, t.SUPERVISOR, Verdict.REFUSE, ()),
    ("form7", EMP, t.SUPERVISOR, Verdict.REFUSE, ()),
    # s.51: the committee's Done closes its own copy's duty; HR must say who and when.
    ("ohsa_s51_committee", COM, t.COMMITTEE, Verdict.CLOSE, ()),
    ("ohsa_s51_committee", HR, t.HR, Verdict.ASK, (Ask.ON, Ask.AT, Ask.BY)),
    ("ohsa_s51_ministry", COM, t.HR, Verdict.REFUSE, ()),
    ("ohsa_s51_ministry", HR, t.HR, Verdict.ASK, (Ask.ON, Ask.AT, Ask.BY, Ask.CALL)),
    ("ohsa_s51_report", UNION, t.HR, Verdict.REFUSE, ()),
    # Program steps: a reminder of something only a record closes ends only the copy.
    ("functional_info", EMP, t.EMPLOYEE, Verdict.COPY, ()),
    ("functional_info", HR, t.HR, Verdict.COPY, ()),
    ("union_review", UNION, t.UNION, Verdict.COPY, ()),
    ("union_review", HR, t.UNION, Verdict.REFUSE, ()),  # not HR's copy, not HR's to close
    ("check_in", SUP, t.SUPERVISOR, Verdict.CLOSE, ()),
    ("mw_check_in", SUP, t.EMPLOYEE, Verdict.REFUSE, ()),
])
def test_who_may_do_what_with_a_done(key, roles, copy, verdict, asks):
    decision = on_done(duty(key), roles, copy)
    assert decision.verdict is verdict and decision.asks == asks


def test_the_supervisors_done_on_form7_says_passed_to_hr():
    assert t.copy_words(duty("form7"), t.SUPERVISOR) == "passed to HR"
    assert duty("form7").modal == "form7"


@given(key=st.sampled_from([d.key for d in t.DUTIES]),
       roles=st.frozensets(st.sampled_from(t.ROLES)),
       copy=st.one_of(st.none(), st.sampled_from(t.ROLES)))
def test_a_done_closes_only_for_an_entitled_role_the_presser_holds(key, roles, copy):
    d = duty(key)
    decision = on_done(d, roles, copy)
    if decision.verdict in (Verdict.ASK, Verdict.CLOSE):
        assert decision.role in roles and decision.role in d.closers
        assert decision.asks == d.closers[decision.role]
    elif decision.verdict is Verdict.COPY:
        assert copy in roles and not set(roles) & set(d.closers)
    else:
        assert copy not in roles and not set(roles) & set(d.closers)
    assert t.may_snooze(d, roles, copy) == (decision.verdict is not Verdict.REFUSE)


NOW = datetime(2026, 11, 28, 2, 30, tzinfo=TORONTO)
ALL = (Ask.ON, Ask.AT, Ask.BY, Ask.CALL, Ask.CLAIM)
GOOD = Record(on=date(2026, 11, 28), at=time(2, 20), by="U1", call="Inspector Lee",
              claim_number="31234567")


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"on": None}, Ask.ON, "Pick the day"),
    ({"on": date(2026, 11, 29)}, Ask.ON, "in the future"),
    ({"on": date(2026, 11, 26)}, Ask.ON, "before it happened"),
    ({"at": None}, Ask.AT, "Pick the time"),
    ({"at": time(2, 31)}, Ask.AT, "still to come"),
    ({"by": None}, Ask.BY, "who did it"),
    ({"by": ""}, Ask.BY, "who did it"),
    ({"call": "x" * 121}, Ask.CALL, "120 characters"),
    ({"claim_number": "31 234 567"}, Ask.CLAIM, "letters and digits"),
    ({"claim_number": "<@U123>"}, Ask.CLAIM, "letters and digits"),
])
def test_a_record_that_cannot_be_true_is_refused_kindly(changes, field, says):
    record = Record(**{**GOOD.__dict__, **changes})
    errors = check_record(ALL, record, now=NOW, earliest=date(2026, 11, 27))
    assert list(errors) == [field] and says in errors[field]


def test_a_true_record_passes_and_optional_answers_may_be_left_out():
    assert check_record(ALL, GOOD, now=NOW, earliest=date(2026, 11, 27)) == {}
    bare = Record(on=date(2026, 11, 27), at=time(23, 0), by="U1")  # yesterday, late evening
    assert check_record(ALL, bare, now=NOW, earliest=date(2026, 11, 27)) == {}
    assert check_record((), Record(), now=NOW, earliest=None) == {}  # nothing asked


@pytest.mark.parametrize("doc", ["README.md", "docs/architecture.md"])
def test_the_docs_carry_the_duty_table_as_the_code_has_it(doc):
    text = (ROOT / doc).read_text()
    start, end = text.index("<!-- duty-table -->\n"), text.index("\n<!-- /duty-table -->")
    assert text[start + len("<!-- duty-table -->\n"):end] == t.markdown_table(), (
        f"{doc}: paste rtwbot.domain.duties.markdown_table() between the duty-table markers")
