"""Issue 12, follow-up: the check-in history is on the case (HR sees it all, the supervisor
dates and outcomes only), and the case's channel follows its team when HR runs
`/rtw team RTW-...` after the directory changed — through the sandbox with the real bot."""

from __future__ import annotations

import pytest
import yaml

from rtwbot.playground import directory_for_cast, email
from tests.e2e.conftest import click, say
from tests.e2e.test_imwt import press, submit
from tests.e2e.test_participation import on_modified_work, week_later
from tests.e2e.test_privacy_consent import file_case, home_text, parent_message, thread_channel

pytestmark = pytest.mark.e2e


def members(pg, case_id: int) -> set[str]:
    channel, _ = thread_channel(pg, case_id)
    return set(pg.sandbox.channel(channel)["members"])


def test_team_command_brings_the_channel_in_line_with_a_changed_directory(pg) -> None:
    case, _ = file_case(pg, "Slipped on a wet floor carrying soil bags")
    click(pg, "erin", "imwt_union_yes")
    assert pg.sandbox.command(pg.users["hana"], "/rtw", f"team {case.reference}").status == 200
    pg.settle()
    u = pg.users
    before = members(pg, case.id)
    assert {u["sam"], u["hana"], u["uma"], u["sid"]} <= before
    assert u["tess"] not in before and u["olga"] not in before
    # The directory changes: Tess joins the division's reps, Olga replaces Uma as union rep.
    changed = directory_for_cast()
    changed["divisions"][0]["division_reps"] = [email("sam"), email("tess")]
    changed["bargaining_units"][0]["union_reps"] = [email("olga")]
    (pg.workdir / "directory.yaml").write_text(yaml.safe_dump(changed, sort_keys=False))
    pg.restart_bot()
    assert pg.sandbox.command(u["hana"], "/rtw", f"team {case.reference}").status == 200
    pg.settle()
    after = members(pg, case.id)
    assert u["tess"] in after and u["olga"] in after
    assert u["uma"] not in after
    assert {u["sam"], u["hana"], u["sid"]} <= after
    assert u["erin"] not in after and u["ray"] not in after


def test_check_in_history_is_on_the_case_notes_for_hr_alone(pg) -> None:
    case = on_modified_work(pg)
    week_later(pg)
    click(pg, "erin", "nudge_mw_not_right")
    assert submit(pg, "erin", {"note": "Asked to carry ZZBAGS of soil"}) == {}
    # The supervisor records progress on the same cadence, from the thread.
    press(pg, "sam", "imwt_check_in", message=parent_message(pg, case.id))
    assert submit(pg, "sam", {"status": "needs_adjustment", "note": "ZZSUPNOTE lifting"}) == {}
    ref = case.reference
    hana, sam = say(pg, "hana", f"status {ref}"), say(pg, "sam", f"status {ref}")
    for seen in (hana, sam):
        assert "Check-ins on modified work" in seen
        assert "Monday, December 7, 2026 — employee" in seen
        assert "something is not right" in seen
        assert "— progress, <@" in seen and "the plan needs adjusting" in seen
    # What was typed: HR alone, the employee's and the supervisor's words alike.
    assert "ZZBAGS" in hana and "ZZSUPNOTE" in hana
    assert "ZZBAGS" not in sam and "ZZSUPNOTE" not in sam
    # Home: the same history, the same rule.
    hana_home, sam_home = home_text(pg, "hana"), home_text(pg, "sam")
    assert "something is not right" in hana_home and "ZZBAGS" in hana_home
    assert "something is not right" in sam_home and "the plan needs adjusting" in sam_home
    assert "ZZBAGS" not in sam_home and "ZZSUPNOTE" not in sam_home
    # The union, the safety representative and the employee get no history and no words.
    for who in ("uma", "sid", "erin"):
        seen = say(pg, who, f"status {ref}") + home_text(pg, who)
        assert "Check-ins on modified work" not in seen, who
        assert "ZZBAGS" not in seen and "ZZSUPNOTE" not in seen, who
