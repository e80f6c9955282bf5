"""Which Web API methods the sandbox speaks, what each requires and which errors each may answer.

Derived by hand from Slack's OpenAPI description (October 2020 edition, kept outside the
project) so the sandbox never reads it at run time; ``tests/unit/test_sandbox_method_table.py``
checks this table against that file whenever it is present.

* ``required``: arguments the sandbox insists on (a superset of what the spec flags; the spec
  leaves e.g. ``chat.delete``'s ``channel``/``ts`` unflagged although Slack needs them).
* ``errors``: the method-specific error strings the spec lists (the generic transport/auth
  ones in ``GENERIC_ERRORS`` are left out to keep the table short).
* ``extra``: errors Slack's current method pages document but the 2020 edition lacks.
* ``missing``: the error Slack answers when a required argument is absent (default
  ``invalid_arguments``).
* ``in_spec``: False for the newer file-upload methods that postdate the spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Errors any method may answer; the spec repeats (subsets of) these on every method.
GENERIC_ERRORS = _words(
    """
    not_authed invalid_auth account_inactive token_revoked no_permission org_login_required
    invalid_arg_name invalid_array_arg invalid_charset invalid_form_data invalid_post_type
    missing_post_type team_added_to_org invalid_json json_not_object request_timeout
    upgrade_required fatal_error missing_scope ekm_access_denied missing_charset
    superfluous_charset internal_error is_bot user_is_bot user_is_restricted
    user_is_ultra_restricted enterprise_is_restricted restricted_action method_deprecated
    deprecated_endpoint accesslimited access_denied not_allowed_token_type service_unavailable
    ratelimited rate_limited invalid_arguments
    """
)


@dataclass(frozen=True)
class MethodSpec:
    name: str
    required: tuple[str, ...] = ()
    errors: frozenset[str] = frozenset()
    extra: frozenset[str] = frozenset()
    missing: dict[str, str] = field(default_factory=dict)
    in_spec: bool = True

    def missing_error(self, arg: str) -> str:
        return self.missing.get(arg, "invalid_arguments")

    def knows(self, error: str) -> bool:
        return error in self.errors or error in self.extra or error in GENERIC_ERRORS


def _m(
    name: str,
    required: str = "",
    errors: str = "",
    extra: str = "",
    missing: dict[str, str] | None = None,
    in_spec: bool = True,
) -> MethodSpec:
    return MethodSpec(
        name=name,
        required=tuple(required.split()),
        errors=_words(errors),
        extra=_words(extra),
        missing=dict(missing or {}),
        in_spec=in_spec,
    )


_CHANNEL = {"channel": "channel_not_found"}

METHODS: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        _m("auth.test"),
        _m(
            "chat.postMessage",
            "channel",
            "channel_not_found not_in_channel is_archived msg_too_long no_text too_many_attachments",
            extra="invalid_blocks invalid_blocks_format user_disabled cannot_dm_bot",
            missing=_CHANNEL,
        ),
        _m(
            "chat.update",
            "channel ts",
            "message_not_found cant_update_message channel_not_found edit_window_closed "
            "msg_too_long too_many_attachments no_text is_inactive",
            extra="invalid_blocks invalid_blocks_format",
            missing={**_CHANNEL, "ts": "message_not_found"},
        ),
        _m(
            "chat.postEphemeral",
            "channel user",
            "channel_not_found is_archived msg_too_long no_text too_many_attachments "
            "user_not_in_channel",
            extra="invalid_blocks invalid_blocks_format not_in_channel",
            missing={**_CHANNEL, "user": "user_not_in_channel"},
        ),
        _m(
            "chat.delete",
            "channel ts",
            "message_not_found channel_not_found cant_delete_message "
            "compliance_exports_prevent_deletion",
            missing={**_CHANNEL, "ts": "message_not_found"},
        ),
        _m(
            "chat.getPermalink",
            "channel message_ts",
            "channel_not_found message_not_found",
            missing={**_CHANNEL, "message_ts": "message_not_found"},
        ),
        _m(
            "conversations.open",
            "",
            "method_not_supported_for_channel_type user_not_found user_not_visible user_disabled "
            "users_list_not_supplied not_enough_users too_many_users invalid_user_combination "
            "channel_not_found",
            extra="cannot_dm_bot",
        ),
        _m("conversations.info", "channel", "channel_not_found", missing=_CHANNEL),
        _m(
            "conversations.members",
            "channel",
            "channel_not_found invalid_limit invalid_cursor fetch_members_failed",
            missing=_CHANNEL,
        ),
        _m(
            "conversations.invite",
            "channel users",
            "method_not_supported_for_channel_type channel_not_found user_not_found no_user "
            "cant_invite_self not_in_channel already_in_channel is_archived cant_invite "
            "too_many_users ura_max_channels",
            missing={**_CHANNEL, "users": "no_user"},
        ),
        _m(
            "conversations.replies",
            "channel ts",
            "channel_not_found thread_not_found",
            extra="not_in_channel invalid_cursor",
            missing={**_CHANNEL, "ts": "thread_not_found"},
        ),
        _m(
            "conversations.history",
            "channel",
            "channel_not_found invalid_ts_latest invalid_ts_oldest",
            extra="not_in_channel invalid_cursor",
            missing=_CHANNEL,
        ),
        _m(
            "conversations.create",
            "name",
            "method_not_supported_for_channel_type name_taken no_channel invalid_name_required "
            "invalid_name_punctuation invalid_name_maxlength invalid_name_specials invalid_name",
            missing={"name": "invalid_name_required"},
        ),
        _m("conversations.list", extra="invalid_cursor invalid_types"),
        _m(
            "conversations.archive",
            "channel",
            "method_not_supported_for_channel_type channel_not_found already_archived "
            "cant_archive_general not_supported",
            extra="not_in_channel",
            missing=_CHANNEL,
        ),
        _m(
            "conversations.kick",
            "channel user",
            "method_not_supported_for_channel_type channel_not_found user_not_found "
            "cant_kick_self not_in_channel cant_kick_from_general",
            missing={**_CHANNEL, "user": "user_not_found"},
        ),
        _m(
            "pins.add",
            "channel timestamp",
            "channel_not_found message_not_found already_pinned permission_denied "
            "not_pinnable bad_timestamp file_not_shared no_item_specified",
            missing={**_CHANNEL, "timestamp": "no_item_specified"},
        ),
        _m(
            "users.info",
            "user",
            "user_not_found user_not_visible",
            missing={"user": "user_not_found"},
        ),
        _m("users.list", "", "limit_required invalid_cursor"),
        _m("users.lookupByEmail", "email", "users_not_found"),
        _m(
            "views.open",
            "trigger_id view",
            extra="expired_trigger_id exchanged_trigger_id duplicate_external_id view_too_large",
        ),
        _m(
            "views.push",
            "trigger_id view",
            extra="expired_trigger_id exchanged_trigger_id push_limit_reached "
            "duplicate_external_id view_too_large",
        ),
        _m(
            "views.update",
            "view",
            extra="hash_conflict not_found duplicate_external_id view_too_large",
        ),
        _m(
            "views.publish",
            "user_id view",
            extra="hash_conflict duplicate_external_id view_too_large",
        ),
        _m(
            "files.info",
            "file",
            "file_not_found file_deleted timezone_count_failed",
            missing={"file": "file_not_found"},
        ),
        _m(
            "files.delete",
            "file",
            "file_not_found file_deleted cant_delete_file",
            missing={"file": "file_not_found"},
        ),
        # Newer upload flow (what slack_sdk's files_upload_v2 calls); not in the 2020 spec.
        _m(
            "files.getUploadURLExternal",
            "filename length",
            extra="alt_txt_too_large file_upload_size_restricted file_uploads_disabled "
            "missing_argument snippet_too_large storage_limit_reached unknown_snippet_type",
            missing={"filename": "missing_argument", "length": "missing_argument"},
            in_spec=False,
        ),
        _m(
            "files.completeUploadExternal",
            "files",
            extra="access_denied channel_not_found file_not_found file_update_failed invalid_blocks "
            "invalid_channel not_in_channel posting_to_channel_denied channels_limit_exceeded",
            in_spec=False,
        ),
    )
}


def spec_for(method: str) -> MethodSpec | None:
    return METHODS.get(method)
