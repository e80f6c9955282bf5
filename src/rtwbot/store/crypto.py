"""Encryption at rest for free text and medical fields (Fernet / MultiFernet).

The key ring is process-wide because SQLAlchemy column types are built once, at import;
`configure` is called at start-up with RTWBOT_ENCRYPTION_KEY (newest key first).
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

_ring: MultiFernet | None = None


class KeyError_(Exception):
    """The encryption key is missing or not a Fernet key."""


def parse_keys(value: str) -> list[Fernet]:
    keys = [k.strip() for k in value.split(",") if k.strip()]
    fix = "generate one with `rtwbot keys generate`"
    if not keys:
        raise KeyError_(f"RTWBOT_ENCRYPTION_KEY is not set: {fix}.")
    ring = []
    for position, key in enumerate(keys, start=1):
        try:
            ring.append(Fernet(key.encode()))
        except (ValueError, TypeError) as exc:
            which = f"key {position} of {len(keys)}" if len(keys) > 1 else "it"
            raise KeyError_(
                f"RTWBOT_ENCRYPTION_KEY is invalid ({which} is not a Fernet key: 32 url-safe "
                f"base64 bytes, 44 characters): {fix}."
            ) from exc
    return ring


def configure(value: str) -> None:
    global _ring
    _ring = MultiFernet(parse_keys(value))


def generate_key() -> str:
    return Fernet.generate_key().decode()


def ring() -> MultiFernet:
    if _ring is None:
        raise KeyError_("encryption is not configured: set RTWBOT_ENCRYPTION_KEY")
    return _ring


def encrypt(text: str) -> str:
    return ring().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return ring().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise KeyError_("stored data cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt under the newest key (MultiFernet.rotate)."""
    return ring().rotate(token.encode()).decode()


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator):
    """Any JSON-serialisable value, stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> str | None:
        return None if value is None else encrypt(json.dumps(value, sort_keys=True))

    def process_result_value(self, value: str | None, dialect) -> Any:
        return None if value is None else json.loads(decrypt(value))
