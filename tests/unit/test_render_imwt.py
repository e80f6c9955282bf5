"""The IMWT Block Kit: every modal builds within Slack's limits and reads back."""

from __future__ import annotations

from datetime import date

import pytest

from rtwbot.domain.privacy import Field
from rtwbot.sandbox import blockkit
from rtwbot.slack.render_imwt import (
    MODAL_TITLES,
    checklist_blocks,
    metadata,
    modal,
    parent_blocks,
    read_values,
)
from rtwbot.workflow.imwt import ChecklistView, ModalContext, ParentView
from rtwbot.workflow.outbox import Button

CTX = ModalContext(action="propose", reference="RTW-2026-0001", today=date(2026, 11, 25),
                   plan_id=7, start=date(2026, 11, 26), end=date(2026, 12, 18),
                   insurer="the WSIB", next_step=2, restrictions=("Lifting: up to 5 kg",),
                   message_ts="123.456")


@pytest.mark.parametrize("action", sorted(MODAL_TITLES))
def test_every_modal_is_valid_and_carries_the_case(action: str) -> None:
    ctx = ModalContext(**{**CTX.__dict__, "action": action})
    view = modal(ctx)
    blockkit.check_view(view, expected_type="modal")
    assert view["callback_id"] == f"imwt_{action}"
    assert metadata(view) == ("RTW-2026-0001", 7, "123.456")
    ids = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert len(ids) == len(set(ids))


def test_extension_asks_for_the_insurer_only_when_it_is_involved() -> None:
    with_insurer = modal(ModalContext(**{**CTX.__dict__, "action": "extend"}))
    without = modal(ModalContext(**{**CTX.__dict__, "action": "extend", "insurer": None}))
    assert any(b.get("block_id") == "concurrence" for b in with_insurer["blocks"])
    assert not any(b.get("block_id") == "concurrence" for b in without["blocks"])


def test_values_read_back_by_block_id() -> None:
    view = {"state": {"values": {
        "duties": {"value": {"type": "plain_text_input", "value": "Potting"}},
        "start": {"value": {"type": "datepicker", "selected_date": "2026-11-30"}},
        "option": {"value": {"type": "radio_buttons",
                             "selected_option": {"value": "same_division"}}},
        "outside_unit": {"value": {"type": "checkboxes", "selected_options": []}},
        "step": {"value": {"type": "static_select", "selected_option": None}},
    }}}
    assert read_values(view) == {"duties": "Potting", "start": "2026-11-30",
                                 "option": "same_division", "outside_unit": [], "step": None}


def test_the_parent_and_checklist_stay_within_slacks_limits() -> None:
    many = [f"Restriction number {i} " + "x" * 80 for i in range(60)]
    parent = ParentView(
        reference="RTW-2026-0001",
        fields={Field.DIVISION.value: "Parks", Field.STAGE.value: "Temporary modified work",
                Field.RESTRICTIONS.value: many, Field.EXPECTED_DURATION.value: "14+ days",
                Field.WHO_MUST_ACT.value: "The union representative: review the plan."},
        team=tuple((f"<@U{i}>", "HR representative") for i in range(12)),
        buttons=tuple(Button(f"B{i}", f"imwt_b{i}", "RTW-2026-0001") for i in range(7)))
    blocks = parent_blocks(parent)
    blockkit.check_message("fallback", blocks, None)
    text = str(blocks)
    assert "Restriction number 59" in text and "14+ days" in text
    assert "never a diagnosis" in text
    checklist = ChecklistView(reference="RTW-2026-0001",
                              steps=((1, "pre-injury job", "not available — no lifting"),
                                     (2, "comparable", "not considered yet")),
                              chosen=None, next_step=2,
                              buttons=(Button("Record a step", "imwt_step_record", "R"),))
    blockkit.check_message("fallback", checklist_blocks(checklist), None)
