"""Who looked at a case, and a case's audit timeline for `rtwbot audit RTW-...`.

A view is recorded by surface only ("case.viewed", {"view": "status_dm"}): which fields were
shown follows from the privacy policy, and the values themselves never enter the log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtwbot.domain.duties import BY_KEY
from rtwbot.domain.privacy import FIELD_CLASS, Sensitivity, View
from rtwbot.store.cases import audit, case_by_reference
from rtwbot.store.models import AuditEvent

VIEWED = "case.viewed"

# Plain words for the views, for the timeline.
_VIEW_WORDS = {
    View.STATUS_DM: "status DM",
    View.HOME: "App Home",
    View.IMWT_THREAD: "IMWT thread",
    View.NUDGE: "nudge",
    View.CASE_DETAIL: "case detail",
    View.FORM_EMPLOYER_REPORT: "employer's report (Form 7)",
    View.FORM_PLAN: "modified work plan",
}

# Audit details are written without medical values, but the timeline is printed to a
# terminal: if a caller ever slipped a clinical key in, it is still not shown.
_HIDDEN_KEYS = frozenset(str(f) for f, cls in FIELD_CLASS.items()
                         if cls is Sensitivity.CLINICAL) | {"answers", "state"}
_MAX_VALUE = 40
_MAX_SUMMARY = 120


@dataclass(frozen=True)
class TimelineRow:
    at: datetime  # aware, UTC
    actor: str
    action: str
    summary: str


def record_view(s: Session, *, at: datetime, viewer: str, case_id: int,
                view: View | str) -> None:
    """Log that `viewer` was shown case `case_id` on `view`, in the caller's transaction.
    The view must be a known surface, so no free text (or field value) gets in this way."""
    audit(s, at=at, actor=viewer, action=VIEWED, case_id=case_id, view=str(View(view)))


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return "…"
    text = str(value).replace("\n", " ")
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def summarize(action: str, detail: Mapping[str, Any] | None) -> str:
    """One line about an event, from its action and detail."""
    detail = detail or {}
    if action == VIEWED:
        try:
            # A detail without a view (or with an unknown one) is just "viewed".
            return f"viewed ({_VIEW_WORDS[View(str(detail.get('view')))]})"
        except ValueError:
            return "viewed"
    if action in _DUTY_WORDS and detail.get("duty") in BY_KEY:
        return _duty_summary(action, detail)
    parts = [f"{key}={_scalar(value)}" for key, value in sorted(detail.items())
             if key not in _HIDDEN_KEYS and value is not None]
    text = ", ".join(parts)
    return text if len(text) <= _MAX_SUMMARY else text[: _MAX_SUMMARY - 1] + "…"


_DUTY_WORDS = {"duty.closed": "closed", "duty.corrected": "record corrected",
               "duty.copy_acknowledged": "own copy acknowledged"}


def _duty_summary(action: str, detail: Mapping[str, Any]) -> str:
    """"Form 7 to the WSIB: closed as hr; done 2026-11-30 14:05 UTC by U1 (via reminder)"."""
    d = BY_KEY[detail["duty"]]
    text = f"{d.name}: {_DUTY_WORDS[action]} as {_scalar(detail.get('role'))}"
    if detail.get("words"):
        text += f" ({_scalar(detail['words'])})"
    if detail.get("done_at"):
        text += f"; done {_scalar(detail['done_at'])[:16].replace('T', ' ')} UTC"
    elif detail.get("done_on"):
        text += f"; done {_scalar(detail['done_on'])}"
    if detail.get("done_by"):
        text += f" by {_scalar(detail['done_by'])}"
    if detail.get("via"):
        text += f" (via {_scalar(detail['via'])})"
    return text if len(text) <= _MAX_SUMMARY else text[: _MAX_SUMMARY - 1] + "…"


def timeline(s: Session, reference: str) -> list[TimelineRow]:
    """Every audit event of the case, oldest first; [] if there is no such case."""
    case = case_by_reference(s, reference)
    if case is None:
        return []
    events = s.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [TimelineRow(at=e.at, actor=e.actor, action=e.action,
                        summary=summarize(e.action, e.detail)) for e in events]


def format_timeline(rows: Sequence[TimelineRow], tz: tzinfo | str) -> str:
    """A plain text table, times in `tz` (e.g. the employer's America/Toronto)."""
    if not rows:
        return "No audit events."
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    header = ("When", "Who", "Action", "Details")
    body = [(r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z"), r.actor, r.action,
             r.summary) for r in rows]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(3)]

    def line(cells: tuple[str, str, str, str]) -> str:
        fixed = "  ".join(cell.ljust(w) for cell, w in zip(cells[:3], widths, strict=True))
        return f"{fixed}  {cells[3]}".rstrip()

    rule = "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3])
    return "\n".join([line(header), rule, *(line(b) for b in body)])
