"""Issue 19: a modal acts once per view, and every press gets an answer. The report modal
submitted again — pressed twice, or edited after a slow first answer — files one case; a
plan modal's Save pressed twice keeps the plan and says so; a press that shows errors,
pressed again unchanged, shows them again instead of closing on nothing."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import dm_texts
from tests.e2e.test_imwt import (
    functional_info_arrives,
    modal_of,
    parent,
    plan_values,
    plans,
    press,
    seed_case,
    thread_text,
)
from tests.e2e.test_intake_modal import all_cases, modal_values, open_modal

pytestmark = pytest.mark.e2e


def test_a_report_modal_resubmitted_with_an_edit_files_one_case(pg) -> None:
    sam = pg.users["sam"]
    view = open_modal(pg, "command")
    first = pg.sandbox.submit_view(sam, view, modal_values(pg), late=True)
    pg.settle()
    assert first.status == 200
    [still_open] = pg.sandbox.views(sam)  # Slack gave up waiting: the person presses again
    edited = modal_values(pg, **{"location.v": "North yard greenhouse, bay 2"})
    before = len(dm_texts(pg, "sam"))
    assert pg.sandbox.submit_view(sam, still_open, edited).status == 200
    pg.settle()

    [case] = all_cases(pg)  # one Form 7 clock, one set of forms
    assert case.answers["location"] == "North yard greenhouse"
    assert pg.sandbox.views(sam) == []  # answered: closed, not left waiting
    told = "\n".join(dm_texts(pg, "sam")[before:])
    assert f"already filed as *{case.reference}*" in told and "/rtw update" in told
    assert "was not applied" in told

    # A new modal is a new report (its own view).
    again = pg.sandbox.submit_view(sam, open_modal(pg, "command"), modal_values(pg))
    pg.settle()
    assert again.status == 200 and len(all_cases(pg)) == 2


def test_a_press_that_showed_errors_shows_them_again(pg) -> None:
    sam = pg.users["sam"]
    view = open_modal(pg, "command")
    wrong = modal_values(pg, **{"occurred_at.v": "next tuesday"})
    for _ in range(2):  # pressed again without a change: never closed on nothing
        pg.sandbox.submit_view(sam, view, wrong)
        pg.settle()
        [view] = pg.sandbox.views(sam)
        assert "future" in view["errors"]["occurred_at"].lower()
    assert all_cases(pg) == []
    pg.sandbox.submit_view(sam, view, modal_values(pg))
    pg.settle()
    assert len(all_cases(pg)) == 1


def test_save_pressed_twice_on_a_plan_keeps_one_plan_and_answers(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    view = modal_of(pg, "sam")
    filled = {f"{block}.value": value for block, value in plan_values().items()}
    pg.sandbox.submit_view(pg.users["sam"], view, filled, late=True)
    pg.settle()
    [still_open] = pg.sandbox.views(pg.users["sam"])
    before = len(dm_texts(pg, "sam"))
    assert pg.sandbox.submit_view(pg.users["sam"], still_open, filled).status == 200
    pg.settle()

    assert len(plans(pg, case_id)) == 1
    assert "Potting seedlings" in thread_text(pg, case_id)
    assert pg.sandbox.views(pg.users["sam"]) == []
    assert "already saved" in "\n".join(dm_texts(pg, "sam")[before:])


def test_save_pressed_again_after_errors_never_loses_the_plan(pg) -> None:
    case_id = seed_case(pg)
    functional_info_arrives(pg, case_id)
    press(pg, "sam", "imwt_propose", message=parent(pg, case_id))
    view = modal_of(pg, "sam")
    filled = {f"{block}.value": value for block, value in
              plan_values(duties="Light work while on methadone").items()}
    for _ in range(2):
        pg.sandbox.submit_view(pg.users["sam"], view, filled)
        pg.settle()
        [view] = pg.sandbox.views(pg.users["sam"])  # still open, what was typed kept
        assert "methadone" in view["errors"]["duties"]
        assert view["state"]["values"]["duties"]["value"]["value"].startswith("Light work")
    assert plans(pg, case_id) == []


def test_a_report_press_taken_up_again_after_a_crash_files_no_second_case(pg, monkeypatch):
    """The case and its view's completion are one commit: a press whose process died after
    filing (before that commit) left nothing; taken up again, it files the case once."""
    import rtwbot.slack.view_once as view_once
    from rtwbot.store import submitted_views

    class DiesAfterFiling:
        def __getattr__(self, name):
            return getattr(submitted_views, name)

        @staticmethod
        def complete(*args, **kwargs):
            raise RuntimeError("the process died here")

    monkeypatch.setattr(view_once, "views", DiesAfterFiling())
    view = open_modal(pg, "command")
    pg.sandbox.submit_view(pg.users["sam"], view, modal_values(pg))
    pg.settle()
    monkeypatch.undo()
    assert len(all_cases(pg)) == 0  # one unit of work: the case went with the view's mark
    pg.clock.sleep(120)  # the inbox's back-off: the press is taken up again
    pg.bot.recover()
    pg.settle()
    assert len(all_cases(pg)) == 1
