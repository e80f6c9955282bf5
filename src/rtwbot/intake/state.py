"""Where a report's conversation is (:class:`IntakeState`, stored after every step and brought
back after a restart), a click (:class:`Action`), and what a step says back (:class:`Reply`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from rtwbot.intake.question import Question

__all__ = ["CANCELLED", "CONFIRM_CANCEL", "DONE", "SUMMARY", "Action", "IntakeState", "Reply"]

# Where the conversation is when it is not at a question (a question's key).
SUMMARY = "summary"
CONFIRM_CANCEL = "confirm_cancel"
DONE = "done"
CANCELLED = "cancelled"
STATE_SCHEMA = 1


@dataclass(frozen=True)
class Action:
    """A click: ``Action("answer", "yes")``, ``Action("edit", "occurred_at")``, ``Action("confirm")``.

    ``question`` (the key the button was rendered for) and ``version`` (the state version of
    the message) let the engine spot stale buttons on older messages.
    """

    kind: str
    value: Any = None
    question: str | None = None
    version: int | None = None


@dataclass
class Reply:
    kind: str  # question | invalid | summary | confirm_cancel | cancelled | confirmed | already_done | info
    text: str
    question: Question | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    input_hint: str | None = None
    summary: list[tuple[str, str, str]] = field(default_factory=list)
    progress: tuple[int, int] | None = None
    error: str | None = None  # the one-sentence problem, for kind "invalid"
    version: int = 0  # the state version this reply belongs to
    stale: bool = False  # a click on a button of an earlier message (see engine.STALE_BUTTON)


@dataclass
class IntakeState:
    current: str
    answers: dict[str, Any] = field(default_factory=dict)
    displays: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    editing: bool = False
    return_to: str | None = None  # where to go when an edit is abandoned with "back"
    paused_at: str | None = None  # where we were when "cancel" was asked
    # What a "yes" or a "don't know" to the last refusal takes: {"question": key,
    # "on_yes": [value, display] | None, "on_unknown": [value, display] | None}.
    pending: dict[str, Any] | None = None
    # The answers "back" took away, so that answering again prunes what relied on them.
    undone: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    started_at: str = ""
    updated_at: str = ""

    @property
    def finished(self) -> bool:
        return self.current in (DONE, CANCELLED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": STATE_SCHEMA,
            "current": self.current,
            "answers": copy.deepcopy(self.answers),
            "displays": dict(self.displays),
            "history": list(self.history),
            "editing": self.editing,
            "return_to": self.return_to,
            "paused_at": self.paused_at,
            "pending": copy.deepcopy(self.pending),
            "undone": copy.deepcopy(self.undone),
            "version": self.version,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntakeState:
        if not isinstance(data, dict):
            raise TypeError("intake state must be a dict")

        def _str_or_none(value: Any) -> str | None:
            return value if isinstance(value, str) else None

        answers = data.get("answers")
        displays = data.get("displays")
        history = data.get("history")
        version = data.get("version")
        return cls(
            current=str(data.get("current") or ""),
            answers=copy.deepcopy(answers) if isinstance(answers, dict) else {},
            displays={str(k): str(v) for k, v in displays.items()}
            if isinstance(displays, dict)
            else {},
            history=[str(k) for k in history] if isinstance(history, list) else [],
            editing=bool(data.get("editing", False)),
            return_to=_str_or_none(data.get("return_to")),
            paused_at=_str_or_none(data.get("paused_at")),
            pending=copy.deepcopy(data["pending"]) if isinstance(data.get("pending"), dict)
            else None,
            undone=copy.deepcopy(data["undone"]) if isinstance(data.get("undone"), dict)
            else {},
            version=version if isinstance(version, int) and not isinstance(version, bool) else 1,
            started_at=str(data.get("started_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
        )

    def copy(self) -> IntakeState:
        return IntakeState.from_dict(self.to_dict())
