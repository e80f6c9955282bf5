"""manifest.yml asks for every scope the bot's events and Web API calls need — no more
than the app uses, and nothing Slack would refuse at install time."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())
SCOPES = set(MANIFEST["oauth_config"]["scopes"]["bot"])

# Slack's own requirements (Events API and Web API method pages).
EVENT_SCOPES = {
    "message.im": {"im:history"},
    "message.groups": {"groups:history"},
    "app_mention": {"app_mentions:read"},
    "file_shared": {"files:read"},
    "app_home_opened": set(),
}
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_open": {"im:write"},
    "conversations_history": {"im:history"},
    "conversations_invite": {"groups:write"},
    "conversations_members": {"groups:read"},
    "conversations_list": {"groups:read", "channels:read"},
    "conversations_create": {"groups:write"},
    "conversations_archive": {"groups:write"},
    "conversations_kick": {"groups:write"},
    "pins_add": {"pins:write"},
    "files_info": {"files:read"},
    "files_upload_v2": {"files:write"},
    # The relay's files v2 flow, step by step (so a retry can complete the same files).
    "files_getUploadURLExternal": {"files:write"},
    "files_completeUploadExternal": {"files:write"},
    # The relay looks for its own earlier post in a thread (DMs and private channels).
    "conversations_replies": {"im:history"},
    "_upload_file": set(),  # the bytes to the upload URL Slack gave (no Web API method)
    "users_info": {"users:read"},
    "users_list": {"users:read"},
    "users_lookupByEmail": {"users:read.email"},
    "views_open": set(),
    "views_publish": set(),
    "views_update": set(),  # the report modal follows what is picked (no scope, like open)
    "auth_test": set(),  # start-up and `rtwbot doctor`: no scope needed
}


def called_methods() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "rtwbot").rglob("*.py"):
        if "sandbox" in path.parts:
            continue
        found |= set(re.findall(r"client\.([a-z_A-Z0-9]+)\(", path.read_text()))
    return found


def test_every_subscribed_event_has_its_scopes() -> None:
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    for event in events:
        assert event in EVENT_SCOPES, f"add {event} to EVENT_SCOPES with Slack's scopes"
        assert EVENT_SCOPES[event] <= SCOPES, f"{event} needs {EVENT_SCOPES[event] - SCOPES}"


def test_every_web_api_method_the_bot_calls_has_its_scopes() -> None:
    methods = called_methods()
    assert methods, "found no Web API calls: the search is broken"
    for method in methods:
        assert method in METHOD_SCOPES, f"add {method} to METHOD_SCOPES with Slack's scopes"
        assert METHOD_SCOPES[method] <= SCOPES, f"{method} needs {METHOD_SCOPES[method] - SCOPES}"


def test_the_slash_command_and_shortcut_the_listeners_use_are_declared() -> None:
    features = MANIFEST["features"]
    assert [c["command"] for c in features["slash_commands"]] == ["/rtw"]
    assert {s["callback_id"] for s in features["shortcuts"]} == {"report_injury"}
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
