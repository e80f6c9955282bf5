"""The check-in history lines: dates, who and outcome; typed words only when given."""

from datetime import date

from rtwbot.domain import privacy
from rtwbot.domain.privacy import Field, Relation, View
from rtwbot.workflow.imwt.history import NOT_RIGHT, SHOWN, history_lines

ENTRIES = [{"id": 1, "on": date(2026, 12, 7), "by": "UEMP", "kind": "employee",
            "outcome": NOT_RIGHT},
           {"id": 2, "on": date(2026, 12, 7), "by": "USUP", "kind": "progress",
            "outcome": "on track"}]
NOTES = {1: "carrying ZZBAGS", 2: "ZZSUP"}


def test_no_history_no_lines() -> None:
    assert history_lines(None) == [] and history_lines([]) == []


def test_lines_without_notes_hold_no_typed_words() -> None:
    text = "\n".join(history_lines(ENTRIES))
    assert NOT_RIGHT in text and "on track" in text and "<@USUP>" in text
    assert "ZZ" not in text


def test_notes_shown_when_the_policy_left_them_in() -> None:
    text = "\n".join(history_lines(ENTRIES, NOTES))
    assert "ZZBAGS" in text and "ZZSUP" in text


def test_only_the_latest_are_shown() -> None:
    many = [{**ENTRIES[0], "id": i} for i in range(SHOWN + 3)]
    assert len(history_lines(many)) == SHOWN + 1  # the title and SHOWN lines


def test_policy_gives_notes_to_hr_alone_and_history_to_the_supervisor() -> None:
    full = {Field.CHECK_INS: ENTRIES, Field.CHECK_IN_NOTES: NOTES}
    for view in (View.STATUS_DM, View.HOME, View.CASE_DETAIL):
        assert privacy.redact(full, {Relation.HR}, view) == full
        for rel in (Relation.REPORTER, Relation.DIVISION_REP):
            assert privacy.redact(full, {rel}, view) == {Field.CHECK_INS: ENTRIES}
        for rel in (Relation.EMPLOYEE, Relation.UNION, Relation.SAFETY_REP, Relation.INSURER,
                    Relation.UNION_PENDING):
            assert privacy.redact(full, {rel}, view) == {}
    for view in (View.IMWT_THREAD, View.NUDGE, View.FORM_PLAN, View.FORM_EMPLOYER_REPORT):
        assert privacy.redact(full, {Relation.HR}, view) == {}
