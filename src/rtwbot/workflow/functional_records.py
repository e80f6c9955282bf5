"""What is kept of a functional abilities form and how it is read back: the records
(chosen answers apart from typed text), the stage a case moves to, the read-back message,
and the Confirm button's packed value (pure helpers of `functional_info`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from rtwbot.domain.privacy import Field
from rtwbot.domain.stages import Action, Stage, transition
from rtwbot.forms import FormTemplate, FunctionalAbilities
from rtwbot.workflow.filing import fmt_day
from rtwbot.workflow.functional_dates import wsib_2647a_record
from rtwbot.workflow.outbox import escape

# Stages where a newer form updates the record without moving the case (a plan's review
# takes it from there).
KEEPS_STAGE = frozenset(
    {Stage.FUNCTIONAL_INFO_RECEIVED, Stage.TEMPORARY_MODIFIED_WORK, Stage.PERMANENT_ACCOMMODATION}
)


def reading_template(template: FormTemplate) -> FormTemplate:
    """The template as uploads are read: the bot pre-fills the case reference, so it is not
    asked of the health professional — when it is blank, the uploader's cases decide."""
    fields = dict(template.fields)
    if "case_reference" in fields:
        fields["case_reference"] = dataclasses.replace(fields["case_reference"], required=False)
    return dataclasses.replace(template, fields=fields)


def pack(case_id: int, file_id: str, sha256: str) -> str:
    return f"{case_id}|{file_id}|{sha256}"


def unpack(value: str) -> tuple[int, str, str] | None:
    parts = (value or "").split("|")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]


_REF = re.compile(r"\s+")


def norm_reference(ref: str | None) -> str:
    return _REF.sub("", ref or "").upper()


def receiving_stage(stage: Stage | str) -> Stage:
    """The stage a case is at once its functional information is recorded.
    TransitionError (one sentence) when it cannot take a form, e.g. a closed case."""
    current = Stage(stage)
    if current in KEEPS_STAGE:
        return current
    if current is Stage.REPORTED:  # the form came back before the package went out
        current = transition(current, Action.REQUEST_FUNCTIONAL_INFO)
    return transition(current, Action.RECEIVE_FUNCTIONAL_INFO)


def abilities_record(read: FunctionalAbilities) -> dict[str, Any]:
    """What FunctionalInfo.abilities keeps (encrypted): what was chosen, never what was
    typed (that is `free_text_record`)."""
    return {
        "return_status": read.return_status,
        "restrictions": list(read.restrictions),
        "expected_duration": read.expected_duration,
        "next_assessment": read.next_assessment.isoformat() if read.next_assessment else None,
        "completed_on": read.completed_on.isoformat() if read.completed_on else None,
        "template_version": read.template_version,
        **wsib_2647a_record(read),
    }


def free_text_record(read: FunctionalAbilities) -> dict[str, Any]:
    """What FunctionalInfo.comments keeps (encrypted; HR's review only): everything typed."""
    return {"comments": read.comments, "health_professional": read.health_professional,
            "health_professional_contact": read.health_professional_contact,
            "next_assessment_text": None if read.next_assessment
            else read.next_assessment_text}


def read_back_text(shown: Mapping[str, Any], extra: tuple[str, ...] = ()) -> str:
    """What the uploader is asked to check: only the fields the privacy policy let through."""
    lines = [f"I read the functional abilities form for *{shown[Field.REFERENCE]}*. "
             "Please check it against the paper:"]
    if Field.RTW_STATUS in shown:
        lines.append(f"• *Return to work:* {shown[Field.RTW_STATUS]}")
    if Field.RESTRICTIONS in shown:
        restrictions = shown[Field.RESTRICTIONS]
        lines.append("• *Restrictions:*" + ("" if restrictions else " none"))
        lines += [f"    ◦ {escape(r)}" for r in restrictions]
    if Field.EXPECTED_DURATION in shown:
        lines.append(f"• *Expected duration:* {escape(shown[Field.EXPECTED_DURATION] or '—')}")
    if Field.NEXT_ASSESSMENT in shown:
        lines.append(f"• *Next assessment:* {shown[Field.NEXT_ASSESSMENT]}")
    lines += list(extra)
    lines.append("_Anything else the health professional wrote stays confidential in the "
                 "case record and is not shown here._")
    lines.append("Is this what the form says?")
    return "\n".join(lines)


def next_assessment_text(read: FunctionalAbilities) -> str:
    if read.next_assessment:
        return fmt_day(read.next_assessment)
    if read.next_assessment_text:  # what was written is free text: not repeated
        return "written on the form, but not as a date (HR will confirm it)"
    return "not given"
