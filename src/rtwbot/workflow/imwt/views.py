"""What the Slack layer renders for the team thread: the parent message, the placement
checklist, and what a modal needs. Plain data; `rtwbot.slack.render_imwt` builds the blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtwbot.workflow.outbox import Button


@dataclass(frozen=True)
class ParentView:
    """The case's parent message: only fields every thread member may see."""

    reference: str
    fields: dict[str, Any]  # Field value -> text or list of texts
    team: tuple[tuple[str, str], ...]  # (who, roles)
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ChecklistView:
    reference: str
    steps: tuple[tuple[int, str, str], ...]  # (step, label, status)
    chosen: int | None
    next_step: int | None
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ModalContext:
    """What a modal needs to show, decided by the workflow."""

    action: str
    reference: str
    today: date
    plan_id: int | None = None
    start: date | None = None
    end: date | None = None
    insurer: str | None = None  # "the WSIB" / "the LTD carrier" when its concurrence counts
    next_step: int | None = None
    restrictions: tuple[str, ...] = ()
    work_related: bool = True
    message_ts: str | None = None  # the message whose button opened the modal
    end_hint: str | None = None  # where the prefilled end date comes from
