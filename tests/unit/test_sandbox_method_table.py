"""The sandbox's method table agrees with Slack's OpenAPI description (when it is next to the repo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rtwbot.sandbox.methods import GENERIC_ERRORS, METHODS
from rtwbot.sandbox.webapi import HANDLERS

SPEC_PATH = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "slack-web-api"
    / "slack_web_openapi_v2.json"
)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip("Slack's OpenAPI description is not next to this checkout")
    return json.loads(SPEC_PATH.read_text())


def _operation(spec: dict[str, Any], method: str) -> dict[str, Any] | None:
    path = spec["paths"].get(f"/{method}")
    return next(iter(path.values())) if path else None


def _spec_errors(operation: dict[str, Any]) -> set[str]:
    schema = operation.get("responses", {}).get("default", {}).get("schema", {})
    return set(schema.get("properties", {}).get("error", {}).get("enum", []))


def test_every_handled_method_is_in_the_table_and_back() -> None:
    assert set(HANDLERS) == set(METHODS)


def test_in_spec_flags_match(spec: dict[str, Any]) -> None:
    for name, method in METHODS.items():
        assert (_operation(spec, name) is not None) == method.in_spec, name


def test_required_arguments_cover_the_spec_and_exist_in_it(spec: dict[str, Any]) -> None:
    for name, method in METHODS.items():
        operation = _operation(spec, name)
        if operation is None:
            continue
        parameters = {p["name"]: p for p in operation.get("parameters", [])}
        spec_required = {n for n, p in parameters.items() if p.get("required") and n != "token"}
        assert spec_required <= set(method.required), (
            f"{name} misses required {spec_required - set(method.required)}"
        )
        assert set(method.required) <= set(parameters), (
            f"{name} requires undocumented {set(method.required) - set(parameters)}"
        )


def test_method_specific_errors_match_the_spec(spec: dict[str, Any]) -> None:
    for name, method in METHODS.items():
        operation = _operation(spec, name)
        if operation is None:
            continue
        listed = _spec_errors(operation)
        assert method.errors == listed - GENERIC_ERRORS, name
        assert not (method.extra & listed), f"{name}: 'extra' errors that the spec already lists"


def test_missing_argument_errors_are_known_errors_of_the_method() -> None:
    for name, method in METHODS.items():
        for arg, error in method.missing.items():
            assert arg in method.required, (name, arg)
            assert method.knows(error), (name, error)


def test_newer_upload_methods_are_absent_from_the_2020_spec(spec: dict[str, Any]) -> None:
    for name in ("files.getUploadURLExternal", "files.completeUploadExternal"):
        assert _operation(spec, name) is None
        assert METHODS[name].in_spec is False
