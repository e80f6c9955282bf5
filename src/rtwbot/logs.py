"""How rtwbot logs: plain lines for a person, or one JSON object a line for a log pipeline
(`RTWBOT_LOG_FORMAT=json`). Either way a record carries the logger's message only — rtwbot
never logs a message body, a form's text or anything a person typed."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_format() -> str:
    value = (os.environ.get("RTWBOT_LOG_FORMAT") or "text").strip().lower()
    return value if value in FORMATS else "text"


def formatter(fmt: str | None = None) -> logging.Formatter:
    return JsonFormatter() if (fmt or log_format()) == "json" else logging.Formatter(TEXT_FORMAT)


def configure(level: int, fmt: str | None = None) -> None:
    """The root logger's one handler, on standard error, in the chosen format."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_rtwbot", False):
            root.removeHandler(old)
    handler._rtwbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


def gunicorn_logconfig(level: str) -> dict[str, Any]:
    """gunicorn's own error log in the same format (its access log stays off)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"rtwbot": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "rtwbot",
                                "stream": "ext://sys.stderr"}},
        "loggers": {"gunicorn.error": {"level": level.upper(), "handlers": ["stderr"],
                                       "propagate": False}},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
    }
