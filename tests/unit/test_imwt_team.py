"""Who is on a case's team, from the directory, and how each entry resolves in Slack."""

from __future__ import annotations

from datetime import UTC, datetime

from rtwbot.directory import Directory
from rtwbot.domain.privacy import Relation, relations
from rtwbot.playground import directory_for_cast
from rtwbot.store.models import Case
from rtwbot.workflow.team import (
    DEACTIVATED,
    NOT_FOUND,
    NOT_IN_SLACK,
    Entry,
    Member,
    case_people,
    resolve_entry,
    team_entries,
)

DIRECTORY = Directory.model_validate(directory_for_cast())
NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def case(kind: str = "work_injury", division: str = "Parks and Recreation") -> Case:
    return Case(reference="RTW-2026-0001", kind=kind, stage="functional_info_received",
                employee_user_id="UERIN", supervisor_id="USAM", division=division,
                job_title="Gardener", occurred_at=NOW, learned_at=NOW, reportable="reportable",
                answers={}, filed_at=NOW, updated_at=NOW)


def test_the_team_comes_from_the_case_and_the_directory() -> None:
    entries = {(e.role, e.ref) for e in team_entries(case(), DIRECTORY)}
    assert entries == {
        ("employee", "UERIN"),
        ("reporter", "USAM"),
        ("division_rep", "sam@lakeshore.example"),
        ("hr", "hana@lakeshore.example"),
        ("union", "uma@lakeshore.example"),
        ("safety_rep", "sid@lakeshore.example"),
        ("insurer", "wsib.contact@lakeshore.example"),
    }


def test_a_non_occupational_case_has_the_ltd_contact_instead_of_the_wsib() -> None:
    insurers = [e for e in team_entries(case("non_occupational"), DIRECTORY)
                if e.role == "insurer"]
    assert [(e.ref, e.label) for e in insurers] == [
        ("ltd.contact@lakeshore.example", "LTD carrier case manager")]


def test_an_unknown_division_still_has_the_reporter_and_the_employers_hr() -> None:
    roles = {e.role for e in team_entries(case(division="Nowhere"), DIRECTORY)}
    assert roles == {"employee", "reporter", "hr", "insurer"}


USERS = {"USAM": {"id": "USAM"}, "UOLD": {"id": "UOLD", "deleted": True}}
EMAILS = {"sam@x": "USAM", "old@x": "UOLD"}


def resolve(entry: Entry) -> Member:
    return resolve_entry(entry, USERS.get, EMAILS.get)


def test_entries_resolve_by_id_or_email_and_problems_are_named() -> None:
    assert resolve(Entry("reporter", "USAM")).resolved_by == "slack_id"
    assert resolve(Entry("division_rep", "sam@x")).slack_id == "USAM"
    assert resolve(Entry("union", "gone@x")).resolved_by == NOT_FOUND
    assert resolve(Entry("union", "UNOBODY")).resolved_by == NOT_FOUND
    old = resolve(Entry("hr", "old@x"))
    assert old.resolved_by == DEACTIVATED and not old.in_slack and old.problem
    outside = resolve(Entry("insurer", "wsib@y", label="WSIB", outside=True))
    assert outside.resolved_by == NOT_IN_SLACK and not outside.problem


def test_case_people_count_only_resolved_members_and_respect_a_refusal() -> None:
    members = [Member("union", "u@x", "UUMA", "u@x", "email"),
               Member("hr", "h@x", "UHANA", "h@x", "email"),
               Member("hr", "old@x", "UOLD", "old@x", DEACTIVATED)]
    people = case_people(case(), members, "not_asked")
    assert people.hr == ("UHANA",) and people.union == ("UUMA",)
    # Consent first: before the employee's yes, the union knows the case exists, no more.
    assert relations("UUMA", people) == {Relation.UNION_PENDING}
    assert relations("UUMA", case_people(case(), members, "talk_first")) == \
        {Relation.UNION_PENDING}
    assert relations("UUMA", case_people(case(), members, "yes")) == {Relation.UNION}
    assert relations("UOLD", people) == {Relation.NONE}
    refused = case_people(case(), members, "no")
    assert relations("UUMA", refused) == {Relation.NONE}
    assert relations("USAM", refused) == {Relation.REPORTER}


def test_the_rosters_bargaining_unit_decides_the_union_reps() -> None:
    not_covered = case()
    not_covered.answers = {"roster": {"employee_number": "1042", "bargaining_unit": None}}
    roles = {e.role for e in team_entries(not_covered, DIRECTORY)}
    assert "union" not in roles and "safety_rep" not in roles
    covered = case()
    covered.answers = {"roster": {"employee_number": "1042", "bargaining_unit": "CUPE Local 79"}}
    assert ("union", "uma@lakeshore.example") in {(e.role, e.ref)
                                                  for e in team_entries(covered, DIRECTORY)}
