"""`rtwbot sandbox`: a person types and clicks by number in a terminal — and none of the
dead ends of issue 14: answers after a filing or a modal, the modal filled, a file sent,
clicks on the Home tab, `last friday` in a date picker, `erin` as a person, `40` as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from rtwbot.playground_chat import run_chat
from rtwbot.sandbox.chat_values import a_date, mention_people, selection
from tests.e2e.test_intake import cases, work_injury_answers

pytestmark = pytest.mark.e2e

Line = str | Callable[[list[str]], str]


def test_typing_and_clicking_by_number() -> None:
    said: list[str] = []
    typed = iter(["hello", "1", "/as olga", "help", "/quit"])
    run_chat("sam", read=lambda _prompt: next(typed), write=said.append)
    out = "\n".join(said)
    assert "I'm rtwbot" in out
    # Button 1 of the help message starts a report.
    assert "Who was hurt or became ill?" in out
    assert "DM with Olga Outsider" in out


def chat(pg, handle: str, lines: list[Line]) -> list[str]:
    """Type ``lines`` in the terminal chat as ``handle`` (a line may be worked out from what
    was printed so far); returns what each line printed."""
    outputs: list[list[str]] = []
    pending = iter([*lines, "/quit"])

    def read(_prompt: str) -> str:
        line = next(pending)
        if callable(line):
            line = line(["\n".join(o) for o in outputs])
        outputs.append([])
        return line

    def write(text: str) -> None:
        if outputs:
            outputs[-1].append(text)

    run_chat(handle, read=read, write=write, pg=pg)
    return ["\n".join(o) for o in outputs[:len(lines)]]


def number_of(label: str) -> Callable[[list[str]], str]:
    """The number the newest printed element called ``label`` has."""

    def find(out: list[str]) -> str:
        found = re.findall(rf"\[(\d+)\] {re.escape(label)}", "\n".join(out))
        assert found, f"no {label!r} in {out[-1]}"
        return found[-1]

    return find


def report_lines(pg) -> list[Line]:
    return ["report an injury", *work_injury_answers(pg.users["erin"])]


def test_after_a_report_is_filed_status_and_help_print_the_bots_answer(pg) -> None:
    lines = [*report_lines(pg), number_of("Confirm and file"), "/home", "help",
             "status RTW-2026-0001"]
    *_, filed, home, help_, status = chat(pg, "sam", lines)
    assert "RTW-2026-0001" in filed
    assert "Home tab of Sam Supervisor" in home
    for answer in (help_, status):
        assert "DM with Sam Supervisor · rtwbot: " in answer, answer
        assert "Home tab" not in answer
    assert "RTW-2026-0001" in status


FIELD = re.compile(r"(?:^\s*|Report an injury: )([^:\n\[]+?)(?: \(optional\))?: \[(\d+)\]",
                   re.M)
MODAL_ANSWERS = {"Employee": "@Erin Employee", "Division": "Parks and Recreation",
               "Job title": "Gardener", "Type of case": "Work-related injury",
               "Critical injury or death": "no",
               "When it happened": "yesterday 3pm", "When you learned of it": "same time",
               "Where": "North yard", "What happened": "Slipped on a wet floor",
               "Type of accident": "Slip/trip", "Body parts": "left wrist", "Health care beyond first aid": "yes",
               "Absent after the day it happened": "no",
               "Earning less than regular pay": "no", "Modified work": "1",
               "Regular hours per week": "37.5"}


def test_the_report_modal_can_be_filled_and_submitted(pg) -> None:
    answers = MODAL_ANSWERS
    [opened] = chat(pg, "sam", ["/rtw report"])
    assert "Modal for Sam Supervisor: Report an injury" in opened
    labels = {label.split(" — ")[0]: n for label, n in FIELD.findall(opened)}
    missing = [label for label in answers if label not in labels]
    assert not missing, (missing, opened)
    out = chat(pg, "sam", [f"{labels[label]} {value}" for label, value in answers.items()]
               + ["submit"])
    assert "can't do that" not in "\n".join(out), out
    assert pg.sandbox.views(pg.users["sam"]) == []
    assert [c.reference for c in cases(pg)] == ["RTW-2026-0001"]


def test_a_modal_error_is_shown_and_can_be_fixed(pg) -> None:
    [opened] = chat(pg, "sam", ["/rtw report"])
    labels = {label.split(" — ")[0]: n for label, n in FIELD.findall(opened)}
    answers = {**MODAL_ANSWERS, "When it happened": "next tuesday"}
    out = chat(pg, "sam", [f"{labels[label]} {value}" for label, value in answers.items()]
               + ["submit"])
    assert "! " in out[-1]  # the errors, on their fields
    shown = out[-1].splitlines()
    error_at = next(i for i, line in enumerate(shown) if line.strip().startswith("! "))
    assert "When it happened" in shown[error_at - 1]  # under its field, not by an id
    assert "occurred_at" not in out[-1]
    assert pg.sandbox.views(pg.users["sam"])  # still open
    [closed] = chat(pg, "sam", ["/close"])
    assert pg.sandbox.views(pg.users["sam"]) == []


def test_a_file_can_be_uploaded(pg, tmp_path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    sent, missing = chat(pg, "erin", [f"/upload {photo}", "/upload /no/such/file.pdf"])
    assert "(file: photo.jpg" in sent
    assert "there is no file" in missing


def test_clicks_reach_the_home_tab(pg) -> None:
    home, clicked = chat(pg, "sam", ["/home", number_of("Report an injury")])
    assert "Home tab of Sam Supervisor" in home
    assert "Who was hurt" in clicked or "Report an injury" in clicked


def test_clicks_reach_the_team_thread(pg) -> None:
    # The team thread: HR opens it for a filed case, then uses its buttons by number.
    chat(pg, "sam", [*report_lines(pg), number_of("Confirm and file")])
    opened, used = chat(pg, "hana", ["/rtw team RTW-2026-0001", number_of("Record check-in")])
    assert "#rtw-2026-0001" in opened
    assert "Modal for Hana HR" in used or "#rtw-2026-0001" in used, used


def test_one_last_friday_on_the_date_picker_answers_the_question(pg) -> None:
    lines = [*report_lines(pg)[:6], number_of("Pick a date")]
    lines[-1] = lambda out: number_of("Pick a date")(out) + " last friday"
    *_, picked = chat(pg, "sam", lines)
    assert "Friday, November 20 — got it." in picked, picked
    assert "Invalid isoformat" not in picked


def test_a_date_picker_reads_last_friday() -> None:
    today = date(2026, 11, 25)  # a Wednesday
    assert a_date("last friday", today) == date(2026, 11, 20)
    assert a_date("2026-11-20", today) == date(2026, 11, 20)
    assert selection({"type": "datepicker"}, "1 week ago", {}, today) == date(2026, 11, 18)
    with pytest.raises(ValueError, match="couldn't read"):
        a_date("whenever", today)


def test_erin_at_erin_and_at_full_name_resolve_to_the_sandbox_user(pg) -> None:
    for typed in ["erin", "@erin", "@Erin Employee", "Erin"]:
        out = chat(pg, "sam", ["report an injury", typed, "cancel", "yes"])
        assert "Which division" in out[1], (typed, out[1])
    people = {"erin": (pg.users["erin"], "Erin Employee")}
    assert mention_people("it was @Erin Employee, I think", people) == \
        f"it was <@{pg.users['erin']}>, I think"


def test_a_typed_40_for_weekly_hours_is_an_answer_not_button_40(pg) -> None:
    out = chat(pg, "sam", [*report_lines(pg)[:-1], "40"])
    assert "choose a number" not in out[-1]
    assert "Please check it, then confirm" in out[-1]
    assert "40 hours" in out[-1]
