"""Functional abilities coming back: the pure parts (entry by hand, stages, what is shown)
and the Slack modal built from the form."""

from __future__ import annotations

import json
from datetime import date

import pytest
from slack_sdk.models.views import View

from rtwbot.domain.privacy import Field, Relation, redact
from rtwbot.domain.privacy import View as PrivacyView
from rtwbot.domain.stages import Stage, TransitionError
from rtwbot.forms import FormRegistry, read_functional_abilities
from rtwbot.forms.samples import complete_functional_abilities, sample_context
from rtwbot.slack.file_fetcher import SlackFileFetcher
from rtwbot.slack.render_forms import (
    DETAILS,
    RETURN_STATUS,
    abilities_modal,
    block_errors,
    read_abilities_view,
    settled_blocks,
)
from rtwbot.workflow.functional_entry import (
    OTHER_LIMITS,
    EnteredAbilities,
    check_entry,
    entered_abilities,
    entry_form,
)
from rtwbot.workflow.functional_records import (
    abilities_record,
    pack,
    read_back_text,
    reading_template,
    receiving_stage,
    unpack,
)

TEMPLATE = FormRegistry.load().get("functional-abilities")
TODAY = date(2026, 11, 25)


def test_the_entry_form_has_every_answer_of_the_paper_form() -> None:
    form = entry_form(TEMPLATE, 3, "RTW-2026-0001")
    assert [c.value for c in form.statuses] == ["no_restrictions", "with_restrictions", "unable"]
    assert [c.value for c in form.durations] == ["1-2 days", "3-7 days", "8-14 days", "14+ days"]
    groups = {g.key: g for g in form.groups}
    assert len(groups) == 21  # with cognitive, chemical and other limits (WSIB 2647A)
    assert groups["walking"].label == "Walking"
    assert [o.label for o in groups["walking"].options] == [
        "Full abilities", "Up to 100 m", "100-200 m", "Other"]


def test_check_entry_asks_for_what_is_missing() -> None:
    assert set(check_entry(TEMPLATE, EnteredAbilities(), TODAY)) == {
        "return_status", "expected_duration"}
    errors = check_entry(TEMPLATE, EnteredAbilities("with_restrictions", "3-7 days",
                                                    {"walking": "walking_full"}), TODAY)
    assert "at least one limit" in errors["return_status"]
    errors = check_entry(TEMPLATE, EnteredAbilities("with_restrictions", "3-7 days",
                                                    {"ladder": "ladder_other"}), TODAY)
    assert set(errors) == {"details"}
    errors = check_entry(TEMPLATE, EnteredAbilities("no_restrictions", "1-2 days",
                                                    next_assessment=date(2026, 11, 1)), TODAY)
    assert set(errors) == {"next_assessment"}
    assert check_entry(TEMPLATE, EnteredAbilities("unable", "14+ days"), TODAY) == {}
    forged = EnteredAbilities("unable", "14+ days", {"walking": "not_a_field"})
    assert check_entry(TEMPLATE, forged, TODAY)


def test_entered_abilities_read_like_an_uploaded_form() -> None:
    entered = EnteredAbilities("with_restrictions", "8-14 days",
                               {"walking": "walking_up_to_100m", "sitting": "sitting_full",
                                "ladder": "ladder_other"},
                               details="no ladders", next_assessment=date(2026, 12, 2),
                               comments="confidential words", health_professional="Dr. A")
    read = entered_abilities(TEMPLATE, "RTW-2026-0001", entered)
    record = abilities_record(read)
    # What was typed is free text: for HR's review, never a restriction line.
    assert record["restrictions"] == ["Walking: up to 100 m", "Climbing ladders: other",
                                      OTHER_LIMITS]
    assert record["next_assessment"] == "2026-12-02"
    assert "confidential words" not in json.dumps(record)
    assert "no ladders" not in json.dumps(record)
    assert read.comments == "Comments: confidential words\nOther limits: no ladders"


def test_receiving_the_form_moves_the_case_where_the_program_says() -> None:
    assert receiving_stage("awaiting_functional_info") is Stage.FUNCTIONAL_INFO_RECEIVED
    assert receiving_stage("reported") is Stage.FUNCTIONAL_INFO_RECEIVED
    assert receiving_stage("stalled") is Stage.FUNCTIONAL_INFO_RECEIVED
    assert receiving_stage("temporary_modified_work") is Stage.TEMPORARY_MODIFIED_WORK
    with pytest.raises(TransitionError):
        receiving_stage("closed")


def test_button_values_carry_no_more_than_ids() -> None:
    value = pack(12, "F0ABC", "a" * 64)
    assert unpack(value) == (12, "F0ABC", "a" * 64)
    assert unpack("nonsense") is None and unpack("x|F|s") is None


def test_the_read_back_shows_functional_fields_and_never_the_comments() -> None:
    data = complete_functional_abilities(TEMPLATE, sample_context("RTW-2026-0001"),
                                         {"rtw_unable": True, "duration_14_plus_days": True,
                                          "walking_other": True, "walking_details": "<none>",
                                          "comments": "torn rotator cuff"})
    read = read_functional_abilities(data, template=TEMPLATE)
    shown = redact({Field.REFERENCE: "RTW-2026-0001", Field.RTW_STATUS: "Unable",
                    Field.RESTRICTIONS: read.restrictions, Field.HP_COMMENTS: read.comments},
                   {Relation.EMPLOYEE}, PrivacyView.STATUS_DM)
    text = read_back_text(shown)
    assert "Walking: other" in text
    assert "&lt;none&gt;" not in text  # what was typed beside the box is free text
    assert "torn rotator cuff" not in text
    assert "stays confidential" in text


def test_a_blank_case_reference_is_not_an_error_when_reading_uploads() -> None:
    data = complete_functional_abilities(TEMPLATE, sample_context("RTW-2026-0001"))
    blanked = complete_functional_abilities(
        TEMPLATE, sample_context("RTW-2026-0001"),
        {"case_reference": "", "rtw_no_restrictions": True, "duration_1_2_days": True})
    assert read_functional_abilities(blanked, template=TEMPLATE).kind == "missing_required"
    read = read_functional_abilities(blanked, template=reading_template(TEMPLATE))
    assert read.case_reference == "" and read.return_status == "no_restrictions"
    assert read_functional_abilities(data, template=reading_template(TEMPLATE)).restrictions
    assert TEMPLATE.fields["case_reference"].required  # the registry's copy is untouched


def test_the_bot_token_goes_only_to_slack_or_the_configured_api_host() -> None:
    fetch = SlackFileFetcher(client=None, token="xoxb", api_url="http://127.0.0.1:5000/api/")  # type: ignore[arg-type]
    assert fetch.trusted("https://files.slack.com/files-pri/T-F/scan.pdf")
    assert fetch.trusted("http://127.0.0.1:5000/files-pri/T-F/scan.pdf")
    assert not fetch.trusted("http://127.0.0.1:5001/files-pri/T-F/scan.pdf")
    assert not fetch.trusted("http://files.slack.com/x")
    assert not fetch.trusted("https://slack.com.evil.example/x")


# --- the modal ----------------------------------------------------------------------------
def _submitted(modal: dict, picks: dict) -> dict:
    values = {}
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        chosen = picks.get(block_id)
        if element["type"] in ("static_select", "radio_buttons"):
            entry = {"selected_option": {"value": chosen} if chosen else None}
        elif element["type"] == "datepicker":
            entry = {"selected_date": chosen}
        else:
            entry = {"value": chosen}
        values[block_id] = {element["action_id"]: {"type": element["type"], **entry}}
    return {**modal, "state": {"values": values}}


def test_the_modal_is_valid_block_kit_and_reads_back() -> None:
    modal = abilities_modal(entry_form(TEMPLATE, 7, "RTW-2026-0001"))
    View(**modal).validate_json()
    assert len(modal["blocks"]) <= 100 and len(modal["title"]["text"]) <= 24
    assert json.loads(modal["private_metadata"]) == {"case_id": 7}
    case_id, entered = read_abilities_view(_submitted(modal, {
        RETURN_STATUS: "with_restrictions", "fa_expected_duration": "3-7 days",
        "fa_next_assessment": "2026-12-01", "fa_g_walking": "walking_100_200m",
        DETAILS: "  ", "fa_comments": "kept",
    }))
    assert case_id == 7
    assert entered.return_status == "with_restrictions"
    assert entered.choices == {"walking": "walking_100_200m"}
    assert entered.next_assessment == date(2026, 12, 1)
    assert entered.details is None and entered.comments == "kept"


def test_errors_land_on_their_blocks() -> None:
    assert block_errors({"details": "x", "return_status": "y"}) == {
        DETAILS: "x", RETURN_STATUS: "y"}


def test_an_answered_message_keeps_its_text_and_loses_its_buttons() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "read"}},
              {"type": "actions", "elements": []}]
    settled = settled_blocks(blocks, "Confirmed.")
    assert [b["type"] for b in settled] == ["section", "section"]
    assert settled[1]["text"]["text"] == "_Confirmed._"
