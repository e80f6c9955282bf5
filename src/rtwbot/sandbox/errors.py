"""The one exception the sandbox's Web API layer raises to refuse a call the way Slack does."""

from __future__ import annotations

from typing import Any


class ApiFailure(Exception):
    """A refusal answered as Slack answers it: usually HTTP 200 with ``{"ok": false, "error": ...}``.

    ``messages`` become ``response_metadata.messages`` (Slack's explanation lines, e.g. for
    ``invalid_blocks``); ``extra`` is merged into the body (e.g. ``errors`` of
    ``conversations.invite``).
    """

    def __init__(
        self,
        error: str,
        *,
        messages: list[str] | tuple[str, ...] = (),
        status: int = 200,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)
        self.status = status
        self.extra = dict(extra or {})

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error, **self.extra}
        if self.messages:
            body["response_metadata"] = {"messages": list(self.messages)}
        return body
