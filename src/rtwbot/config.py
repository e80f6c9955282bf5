"""Settings from the environment and `.env` (pydantic-settings).

A missing or invalid setting must stop start-up with one line that names it and says how
to fix it: `load_settings` turns pydantic's errors into `ConfigError` with such a line.
"""

from __future__ import annotations

import zoneinfo
from datetime import time
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rtwbot.domain.calendar import WorkCalendar

SLACK_API_URL = "https://slack.com/api/"

# How to fix each setting, in the one line start-up prints.
HINTS = {
    "SLACK_BOT_TOKEN": "set it to the app's Bot User OAuth Token (xoxb-...) from OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "set it to the Signing Secret from the app's Basic Information page",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-...) with connections:write, or unset it and use --http",
    "RTWBOT_DATABASE_URL": "use sqlite:///rtwbot.db or postgresql+psycopg://user:password@host/dbname",
    "RTWBOT_SLACK_API_URL": "use an http(s) URL ending in /api/, or unset it for Slack's own",
    "RTWBOT_DIRECTORY": "point it at a directory YAML file (see directory.example.yaml)",
    "RTWBOT_TIMEZONE": "use an IANA time zone name such as America/Toronto",
    "RTWBOT_HTTP_WORKERS": "use a whole number of worker processes from 1 to 64",
    "RTWBOT_HTTP_THREADS": "use a whole number of threads per worker from 1 to 256",
    "RTWBOT_HTTP_BACKLOG": "use a listen backlog from 128 to 65535",
    "RTWBOT_HTTP_MAX_BODY_BYTES": "use a size in bytes from 1024 to 67108864 (Slack's payloads are small)",
    "RTWBOT_HTTP_GRACEFUL_TIMEOUT": "use a number of seconds from 1 to 600",
    "RTWBOT_ENCRYPTION_KEY": "generate one with `rtwbot keys generate` (Fernet keys; several may be given, comma-separated, newest first)",
    "RTWBOT_WORK_START": "use a time of day such as 09:00",
    "RTWBOT_WORK_END": "use a time of day such as 17:00",
    "RTWBOT_LOG_LEVEL": "use DEBUG, INFO, WARNING or ERROR",
    "RTWBOT_LOG_FORMAT": "use text (plain lines) or json (one JSON object a line)",
}


# The placeholders of .env.example: copied unchanged, they would pass as set.
PLACEHOLDERS = frozenset({"xoxb-your-bot-token", "your-signing-secret",
                          "xapp-your-app-level-token"})
# What people write for PostgreSQL (Heroku, libpq, docker images) -> SQLAlchemy's name with
# the driver rtwbot installs (the `postgres` extra is psycopg 3).
POSTGRES_PREFIXES = ("postgres://", "postgresql://")


def normalise_database_url(value: str) -> str:
    """sqlite:, or PostgreSQL in any of its usual spellings (postgres://, postgresql://,
    postgresql+driver://); anything else is refused."""
    value = value.strip()
    for prefix in POSTGRES_PREFIXES:
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if not value.startswith(("sqlite:", "postgresql+")):
        raise ValueError("only SQLite and PostgreSQL are supported")
    return value


class ConfigError(Exception):
    """A setting is missing or invalid; the message is one line for a person."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: str | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    database_url: str = Field("sqlite:///rtwbot.db", validation_alias="RTWBOT_DATABASE_URL")
    slack_api_url: str = Field(SLACK_API_URL, validation_alias="RTWBOT_SLACK_API_URL")
    directory: str | None = Field(None, validation_alias="RTWBOT_DIRECTORY")
    timezone: str = Field("America/Toronto", validation_alias="RTWBOT_TIMEZONE")
    encryption_key: str | None = Field(None, validation_alias="RTWBOT_ENCRYPTION_KEY")
    # Working hours for nudges (configurable per the program).
    work_start: time = Field(time(9, 0), validation_alias=AliasChoices("RTWBOT_WORK_START"))
    work_end: time = Field(time(17, 0), validation_alias=AliasChoices("RTWBOT_WORK_END"))
    # `rtwbot serve --http` (gunicorn): worker processes, threads per worker, listen backlog,
    # the largest request body accepted, and how long SIGTERM waits for work in flight.
    http_workers: int = Field(1, ge=1, le=64, validation_alias="RTWBOT_HTTP_WORKERS")
    http_threads: int = Field(16, ge=1, le=256, validation_alias="RTWBOT_HTTP_THREADS")
    http_backlog: int = Field(1024, ge=128, le=65535, validation_alias="RTWBOT_HTTP_BACKLOG")
    http_max_body_bytes: int = Field(
        1024 * 1024, ge=1024, le=64 * 1024 * 1024, validation_alias="RTWBOT_HTTP_MAX_BODY_BYTES"
    )
    http_graceful_timeout: int = Field(
        30, ge=1, le=600, validation_alias="RTWBOT_HTTP_GRACEFUL_TIMEOUT"
    )
    # A request (headers and body) must arrive whole within this many seconds.
    http_read_seconds: float = Field(5.0, ge=0.5, le=60, validation_alias="RTWBOT_HTTP_READ_SECONDS")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias="RTWBOT_LOG_LEVEL"
    )
    # One JSON object a line for a log pipeline, or plain lines (rtwbot.logs).
    log_format: Literal["text", "json"] = Field("text", validation_alias="RTWBOT_LOG_FORMAT")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _not_a_placeholder(cls, value: str | None) -> str | None:
        if value and value.strip() in PLACEHOLDERS:
            raise ValueError("it is the example's placeholder from .env.example")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        # slack_sdk joins method names onto base_url, so it needs the trailing slash.
        return value if value.endswith("/") else value + "/"

    @field_validator("encryption_key")
    @classmethod
    def _fernet_keys(cls, value: str | None) -> str | None:
        if value:
            from rtwbot.store.crypto import KeyError_, parse_keys

            try:
                parse_keys(value)
            except KeyError_ as exc:
                detail = str(exc).partition("(")[2].partition(")")[0]
                raise ValueError(detail or "not a Fernet key") from None
        return value

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def work_calendar(self) -> WorkCalendar:
        """The employer's calendar: its zone and working hours, Ontario's holidays."""
        return WorkCalendar(tz=self.tz, work_start=self.work_start, work_end=self.work_end)

    def require(self, *names: str) -> None:
        """Stop with one clear line when a setting this mode needs is missing."""
        by_env = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token,
            "RTWBOT_ENCRYPTION_KEY": self.encryption_key,
            "RTWBOT_DIRECTORY": self.directory,
        }
        missing = [f"{name} is not set: {HINTS[name]}." for name in names if not by_env[name]]
        if missing:
            raise ConfigError("\n".join(missing))  # all of them at once, one line each


def load_settings(**overrides) -> Settings:
    """The settings, or a ConfigError naming every invalid one (one line each)."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = err.get("loc") or ("?",)
            name = str(loc[0])
            field = Settings.model_fields.get(name)
            if field is not None and isinstance(field.validation_alias, str):
                name = field.validation_alias
            elif field is not None and isinstance(field.validation_alias, AliasChoices):
                name = str(field.validation_alias.choices[0])
            message = err.get("msg", "invalid").removeprefix("Value error, ")
            hint = HINTS.get(name, "check its value")
            lines.append(f"{name} is invalid ({message}): {hint}.")
        raise ConfigError("\n".join(dict.fromkeys(lines))) from None
