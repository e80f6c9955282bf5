"""Issue 19: the report modal's labels say what is required, as it is — updated when the
employee and the kind of case are picked — and its errors speak of the form. Free text
the team will read (the job title) passes the clinical check, in the modal and in chat."""

from __future__ import annotations

import pytest

from rtwbot.intake import INJURY_REPORT
from rtwbot.slack.modal_report import CRITICAL_ACTION
from rtwbot.workflow.roster import import_roster
from tests.e2e.conftest import say
from tests.e2e.test_intake import answer_all, work_injury_answers
from tests.e2e.test_intake_modal import all_cases, modal_values, open_modal
from tests.e2e.test_roster import ROSTER

pytestmark = pytest.mark.e2e

# Required of a work-related case, not asked of one that is not (the flow says which).
WORK_ONLY = tuple(q.key for q in INJURY_REPORT if q.required
                  and q.applies({"case_kind": "work_injury"})
                  and not q.applies({"case_kind": "non_occupational"}))
ROSTER_KEYS = ("division", "job_title", "hours_per_week")


def blocks(view: dict) -> dict[str, dict]:
    return {b["block_id"]: b for b in view["blocks"] if b.get("type") == "input"}


def pick(pg, view: dict, block: str, chosen: str) -> dict:
    action = f"{block}.{CRITICAL_ACTION if block == 'critical_injury' else 'v'}"
    assert pg.sandbox.click(pg.users["sam"], action, view=view, selected=chosen).status == 200
    pg.settle()
    [updated] = pg.sandbox.views(pg.users["sam"])
    return updated


def test_what_is_marked_optional_is_never_refused_as_required(pg) -> None:
    assert {"health_care", "lower_pay", "modified_work"} <= set(WORK_ONLY)
    view = open_modal(pg, "command")
    shown = blocks(view)
    for key in WORK_ONLY:  # asked of most reports: required, not "(optional)"
        assert not shown[key].get("optional"), key
    for key in ROSTER_KEYS:  # blank only when HR's roster answers: the label says so
        assert shown[key]["optional"] and "HR's roster" in shown[key]["label"]["text"]

    view = pick(pg, view, "employee", pg.users["erin"])  # not on the roster: required now
    for key in ROSTER_KEYS:
        assert not blocks(view)[key].get("optional") and \
            "roster" not in blocks(view)[key]["label"]["text"], key

    view = pick(pg, view, "case_kind", "non_occupational")  # these do not apply: gone
    assert not set(WORK_ONLY) & set(blocks(view))
    values = {k: v for k, v in modal_values(pg, **{"case_kind.v": "non_occupational"}).items()
              if k.split(".")[0] in blocks(view)}
    pg.sandbox.submit_view(pg.users["sam"], view, values)  # Slack's own checks pass
    pg.settle()
    [case] = all_cases(pg)
    assert case.kind == "non_occupational"


def test_what_hrs_roster_knows_is_shown_and_optional(pg) -> None:
    assert import_roster(pg.bot.db, pg.bot.directory, ROSTER, pg.bot.clock.now()).ok
    view = pick(pg, open_modal(pg, "command"), "employee", pg.users["erin"])
    job = blocks(view)["job_title"]
    assert job["optional"] and "HR's roster says: Arborist" in job["hint"]["text"]


def test_the_forms_errors_speak_of_the_form_and_a_clinical_job_title_is_refused(pg) -> None:
    view = open_modal(pg, "command")
    pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg, **{
        "job_title.v": "Gardner", "location.v": "ICU bed 4 after her chemo"}))
    pg.settle()
    [view] = pg.sandbox.views(pg.users["sam"])
    assert "Gardener" in view["errors"]["job_title"]
    assert "below" not in view["errors"]["job_title"] and "as it is listed" in view["errors"][
        "job_title"]
    assert "chemo" in view["errors"]["location"]

    pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg, **{
        "job_title.v": "Lead hand ZZDIAG osteosarcoma"}))
    pg.settle()
    [view] = pg.sandbox.views(pg.users["sam"])
    assert "osteosarcoma" in view["errors"]["job_title"] and all_cases(pg) == []
    assert view["state"]["values"]["job_title"]["v"]["value"].startswith("Lead hand")


def test_a_clinical_job_title_typed_in_chat_is_asked_again_kindly(pg) -> None:
    answers = work_injury_answers(pg.users["erin"])
    at = answers.index("Gardener")
    answer_all(pg, "sam", answers[:at])
    told = say(pg, "sam", "Lead hand ZZDIAG osteosarcoma")
    assert "osteosarcoma" in told and "the job alone" in told
    told = say(pg, "sam", "Lead hand")
    assert "osteosarcoma" not in told


def test_a_death_is_asked_only_after_a_yes_to_the_critical_question(pg) -> None:
    """A follow-up of an answer in the same form joins it when that answer is picked, and
    is required then; with a "no" it leaves again (nothing is refused that is not shown)."""
    view = open_modal(pg, "command")
    assert "died" not in blocks(view)
    view = pick(pg, view, "critical_injury", "yes")
    died = blocks(view)["died"]
    assert died["label"]["text"] == "A death" and not died.get("optional")
    view = pick(pg, view, "critical_injury", "no")
    assert "died" not in blocks(view)
