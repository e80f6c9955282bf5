"""The relay: performs outbox rows in Slack, in order within each conversation.

- Rate limits wait as long as `Retry-After` says (the client's retry handler); 5xx answers,
  timeouts and connection errors leave the row pending with a growing back-off, for as long
  as it takes: an outage delays a message, it never drops it.
- A post carries its outbox id in the message `metadata`. When a row is tried again (its
  holder may have crashed after Slack accepted the post) the relay first looks for that
  post in the conversation and, when found, only records it. Ephemeral messages cannot be
  looked up: a crash in that window may show one twice. An ephemeral Slack refuses is
  sent to its one reader by DM instead.
- Uploads record their file ids before completing: a retry completes those same files, or
  finds them already shared.
- Channel changes (invite, remove, pin, archive) are performed the same way and are safe to
  repeat (`rtwbot.slack.channel_changes`).
- A `thread_ts` or `ts` written as `outbox:N` (`workflow.outbox.posted_ts`) is the ts of
  row N's post, known only once N is sent: rows in one conversation go in order, so a reply
  or an edit waits for its parent; when N failed, the row fails with it.
- Permanent refusals (channel_not_found, a deactivated user...) mark the row failed with
  Slack's error code and alert HR's channel; `rtwbot outbox retry ID` puts it back. A
  refused nudge goes back to the dispatcher (`refused`), which marks the nudge failed and
  alerts HR in its own words.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from rtwbot.clock import Clock
from rtwbot.faults import crash_point
from rtwbot.slack import channel_changes
from rtwbot.slack.sender import Sender
from rtwbot.store import outbox
from rtwbot.store.db import Database
from rtwbot.store.message_models import OutboxRow
from rtwbot.worker import InFlight, process_id
from rtwbot.workflow.outbox import (
    Archive,
    HomeTab,
    Invite,
    Later,
    Pin,
    Remove,
    Say,
    Update,
    Upload,
    posted_row,
)

log = logging.getLogger(__name__)

METADATA_TYPE = "rtwbot_outbox"
TRANSIENT = frozenset({"ratelimited", "internal_error", "service_unavailable", "fatal_error",
                       "request_timeout", "bad_gateway", "gateway_timeout", "team_added_to_org"})
CHANNEL_CHANGES = frozenset({"invite", "remove", "pin", "archive"})
# What HR's alert calls a row's effect.
KIND_NOUNS = {"say": "a message", "upload": "a file", "update": "an edit",
              "home": "a Home tab", "invite": "an invitation", "remove": "a removal",
              "pin": "a pin", "archive": "the archiving", "later": "a retry"}


# Slack not reached at all (connection refused or reset, a timeout): try again later.
UNREACHABLE = (SlackClientError, URLError, TimeoutError, OSError)


def transient(exc: SlackApiError) -> bool:
    status = getattr(exc.response, "status_code", 200)
    return status == 429 or status >= 500 or exc.response.get("error") in TRANSIENT


def retry_after(exc: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait (429 + Retry-After), or None."""
    if getattr(exc.response, "status_code", 200) != 429:
        return None
    headers = {k.lower(): v for k, v in (getattr(exc.response, "headers", None) or {}).items()}
    raw = headers.get("retry-after")
    raw = raw[0] if isinstance(raw, list) and raw else raw
    if not isinstance(raw, str | int | float):
        return 1.0  # no header, or an empty one
    try:
        return max(1.0, min(3600.0, float(raw)))
    except (TypeError, ValueError):
        return 1.0


class Transient(Exception):
    pass


class Refused(Exception):
    """Permanently refused, for a reason that is not one Slack error (a team member who
    cannot be invited, the parent a reply waits for failed)."""


def encode(effect: Any, render: Callable[[Say], list[dict]],
           fallback: Callable[[str], str]) -> tuple[str, dict[str, Any], tuple]:
    """(kind, payload, events) of an effect: everything the relay needs, as JSON."""
    if isinstance(effect, Say):
        return "say", {"to_user": effect.to_user, "channel": effect.channel,
                       "thread_ts": effect.thread_ts, "ephemeral_for": effect.ephemeral_for,
                       "text": fallback(effect.text), "blocks": render(effect)}, effect.events
    if isinstance(effect, Upload):
        files = [{"filename": f.filename, "title": f.title,
                  "content": base64.b64encode(f.content).decode()} for f in effect.files]
        return "upload", {"to_user": effect.to_user, "channel": effect.channel,
                          "thread_ts": effect.thread_ts, "comment": effect.comment,
                          "files": files, "documents": list(effect.documents)}, effect.events
    if isinstance(effect, Update):
        blocks = render(effect.say) if effect.say is not None else effect.blocks
        return "update", {"channel": effect.channel, "ts": effect.ts, "text": fallback(effect.text),
                          "blocks": list(blocks) if blocks is not None else None}, ()
    if isinstance(effect, HomeTab):
        view = effect.view.to_dict() if hasattr(effect.view, "to_dict") else effect.view
        return "home", {"user_id": effect.user, "view": view}, ()
    if isinstance(effect, Invite):
        return "invite", {"channel": effect.channel, "users": list(effect.users)}, ()
    if isinstance(effect, Remove):
        return "remove", {"channel": effect.channel, "user": effect.user}, ()
    if isinstance(effect, Pin):
        return "pin", {"channel": effect.channel, "ts": effect.ts}, ()
    if isinstance(effect, Archive):
        return "archive", {"channel": effect.channel}, ()
    if isinstance(effect, Later):
        return "later", {"event": effect.event, "case_id": effect.case_id,
                         "after_seconds": effect.seconds}, ((effect.event, effect.case_id),)
    raise TypeError(f"not an effect: {type(effect).__name__}")


class Relay:
    def __init__(self, db: Database, client: WebClient, clock: Clock, sender: Sender,
                 hr_channel: str | None,
                 follow_up: Callable[[OutboxRow], None],
                 uploaded: Callable[[Any, dict[str, Any], list[str]], None] | None = None,
                 refused: Callable[[OutboxRow, str], bool] | None = None):
        self.db, self.client, self.clock, self.sender = db, client, clock, sender
        self.hr_channel = hr_channel
        self.follow_up, self.uploaded = follow_up, uploaded
        # Told of a permanent refusal; True when it has told HR itself (a nudge: the
        # dispatcher marks the nudge failed and sends its own alert).
        self.refused = refused
        self._local = threading.local()
        self.performing = InFlight()  # several threads drain: one performs a row at a time
        # Conversations with rows given back to wait behind one this process is performing:
        # whoever sends that one, or whoever gave them back, drains (`behind`).
        self._behind: set[str] = set()
        self._behind_lock = threading.Lock()

    # --- the loop --------------------------------------------------------------------
    def drain(self, rounds: int = 200) -> int:
        """Perform everything due now; returns how many rows were performed."""
        if getattr(self._local, "draining", False):
            return 0  # a follow-up's deliver() inside a drain: the outer loop picks it up
        self._local.draining = True
        done = 0
        try:
            for _ in range(rounds):
                now = self.clock.now()
                for row_id in outbox.unfinished_follow_ups(self.db, now):
                    with self.performing.holding(row_id) as mine:
                        if not mine:
                            continue  # its follow-ups are running here now (slow forms)
                        row = outbox.lease(self.db, row_id, now, status=outbox.SENT)
                        if row is not None:
                            self.follow_up(row)
                heads = outbox.due_heads(self.db, now)
                if not heads:
                    break
                progressed = False
                for row_id in heads:
                    with self.performing.holding(row_id) as mine:
                        if not mine:
                            continue  # another thread here is performing it (a slow upload)
                        row = outbox.lease(self.db, row_id, self.clock.now())
                        if row is not None:
                            progressed = True
                            done += 1
                            self.perform(row)
                if not progressed:
                    break
        finally:
            self._local.draining = False
        return done

    def behind(self, conversations: set[str]) -> None:
        """Rows of these conversations were given back to wait behind an earlier row; told
        before their transaction commits, so a thread sending that earlier row meanwhile
        drains after it, and the caller's own `perform_leased` drains after its commit."""
        if conversations:
            with self._behind_lock:
                self._behind |= conversations
            self._local.gave_back = True

    def _sent_before_others(self, conversation: str) -> bool:
        with self._behind_lock:
            if conversation not in self._behind:
                return False
            self._behind.discard(conversation)
            return True

    def perform_leased(self, rows: list[OutboxRow]) -> int:
        """Perform rows this process leased in the transaction that wrote them, by id, in
        order (the reply path: no query for due rows). When one is not sent (Slack is
        busy, say), the later rows of its conversation are given back to wait behind it."""
        stuck: set[str] = set()
        sent = 0
        drain = getattr(self._local, "gave_back", False)
        self._local.gave_back = False
        for row in rows:
            with self.performing.holding(row.id) as mine:
                if not mine:
                    continue
                if row.conversation in stuck:
                    outbox.checkpoint(self.db, row.id, lease_until=None, holder=None)
                    continue
                if self.perform(row):
                    sent += 1
                else:
                    stuck.add(row.conversation)
        if drain:
            self.drain()
        return sent

    def renew_leases(self) -> None:
        """Extend the leases of the rows this process is performing (a slow upload), so
        another process does not take them for abandoned; called by the periodic tick."""
        outbox.renew(self.db, self.performing.ids(), self.clock.now())

    def perform(self, row: OutboxRow) -> bool:
        """Perform one leased row; True when it is done with (sent), False when it waits
        or failed."""
        try:
            p = self._resolved(row.payload)
            if row.kind == "say":
                channel, ts = self._say(row, p)
                file_ids = None
            elif row.kind == "upload":
                channel, ts, file_ids = self._upload(row, p)
            elif row.kind == "update":
                self.client.chat_update(channel=p["channel"], ts=p["ts"], text=p["text"],
                                        blocks=p.get("blocks"))
                channel, ts, file_ids = p["channel"], p["ts"], None
            elif row.kind == "home":
                self.client.views_publish(user_id=p["user_id"], view=p["view"])
                channel, ts, file_ids = None, None, None
            elif row.kind == "later":  # nothing to say: its follow-ups are the work
                channel, ts, file_ids = None, None, None
            elif row.kind in CHANNEL_CHANGES:
                channel, ts, file_ids = self._change_channel(row.kind, p), p.get("ts"), None
            else:
                raise ValueError(f"unknown outbox kind {row.kind}")
        except SlackApiError as exc:
            status = getattr(exc.response, "status_code", 200)
            error = (exc.response.get("error") or "unknown") if status < 300 else f"HTTP {status}"
            if transient(exc):
                return self._later(row, error, retry_after(exc))
            return self._failed(row, error)
        except Refused as exc:
            return self._failed(row, str(exc))
        except (Transient, *UNREACHABLE) as exc:
            return self._later(row, str(exc) if isinstance(exc, Transient)
                               else type(exc).__name__)
        crash_point("after_post")
        now = self.clock.now()
        if row.kind == "upload" and self.uploaded and file_ids:
            with self.db.session() as s:
                outbox.mark_sent(s, row, now, channel=channel, ts=ts, file_ids=file_ids)
                self.uploaded(s, p, file_ids)
        else:  # on every reply's path: one UPDATE on a pooled connection, no ORM session
            with self.db.engine.begin() as conn:
                outbox.mark_sent(conn, row, now, channel=channel, ts=ts, file_ids=file_ids)
        if row.events:
            self.follow_up(row)
        if self._sent_before_others(row.conversation):
            self.drain()  # the rows that waited behind this one
        return True

    def _later(self, row: OutboxRow, error: str, after: float | None = None) -> bool:
        """Back in line with a due time (Slack's Retry-After, else the back-off): no thread
        waits for it; the periodic pass (`rtwbot.pulse`) takes it up when it is due."""
        log.warning("Slack could not take outbox #%s now (%s); trying again later", row.id, error)
        outbox.mark_retry(self.db, row.id, self.clock.now(), error, after)
        return False

    def _failed(self, row: OutboxRow, error: str) -> bool:
        log.error("Slack refused outbox #%s for good: %s", row.id, error)
        outbox.mark_failed(self.db, row.id, error)
        if self.refused is not None and self.refused(row, error):
            return False
        p = row.payload
        if not self.hr_channel or p.get("channel") == self.hr_channel:
            return False  # the alert itself failed: the log and `rtwbot outbox list` have it
        where = f"<@{p['to_user']}>" if p.get("to_user") else _channel_mention(p.get("channel"))
        what = KIND_NOUNS.get(row.kind, row.kind)
        alert = Say(text=f":warning: I could not deliver {what} (outbox #{row.id}) to "
                         f"{where}: Slack said `{error}`. Once that is fixed, "
                         f"`rtwbot outbox retry {row.id}` sends it.",
                    channel=self.hr_channel)
        kind, payload, _ = encode(alert, lambda say: [{"type": "section", "text": {
            "type": "mrkdwn", "text": say.text}}], lambda t: t[:300])
        with self.db.session() as s:
            row = outbox.add(s, kind, payload, self.clock.now(), holder=process_id())
            ready, blocked = outbox.release_blocked(s, [row])
        self.behind(blocked)
        self.perform_leased(ready)
        return False

    # --- one kind each ------------------------------------------------------------------
    def _resolved(self, p: dict[str, Any]) -> dict[str, Any]:
        """The payload with an earlier row's ts filled in where it stands for one."""
        filled = dict(p)
        for key in ("thread_ts", "ts"):
            earlier = posted_row(p.get(key))
            if earlier is None:
                continue
            status, ts = outbox.posted(self.db, earlier)
            if status == outbox.PENDING:
                raise Transient(f"waiting for outbox #{earlier}")
            if not ts:
                raise Refused(f"outbox #{earlier} was not posted")
            filled[key] = ts
        return filled

    def _change_channel(self, kind: str, p: dict[str, Any]) -> str:
        channel = self._target(p)
        if kind == "invite":
            failures = channel_changes.invite(self.client, channel, p["users"], transient)
            if failures:
                raise Refused(", ".join(f"<@{u}> {e}" for u, e in failures.items()))
        elif kind == "remove":
            channel_changes.remove(self.client, channel, p["user"])
        elif kind == "pin":
            channel_changes.pin(self.client, channel, p["ts"])
        else:
            channel_changes.archive(self.client, channel)
        return channel

    def _target(self, p: dict[str, Any]) -> str:
        if p.get("channel"):
            return self.sender.channels.id_of(p["channel"]) or p["channel"]
        return self.sender.dm_channel(p.get("to_user") or "")

    def _say(self, row: OutboxRow, p: dict[str, Any]) -> tuple[str, str | None]:
        channel = self._target(p)
        if p.get("ephemeral_for"):
            try:
                self.client.chat_postEphemeral(channel=channel, user=p["ephemeral_for"],
                                               text=p["text"], blocks=p.get("blocks"))
                return channel, None
            except SlackApiError as exc:
                if transient(exc):
                    raise
                # Refused where it was pressed: it is that person's alone, so by DM.
                log.info("Ephemeral refused (%s); sending it by DM", exc.response.get("error"))
                channel = self.sender.dm_channel(p["ephemeral_for"])
                p = {**p, "thread_ts": None}
        if row.attempts > 1:
            ts = self._earlier_post(row, channel, p.get("thread_ts"))
            if ts:
                log.info("Outbox #%s was already posted (%s); recorded it", row.id, ts)
                return channel, ts
        resp = self.client.chat_postMessage(
            channel=channel, text=p["text"], blocks=p.get("blocks"), thread_ts=p.get("thread_ts"),
            metadata={"event_type": METADATA_TYPE, "event_payload": {"outbox_id": row.id}})
        return resp["channel"], resp["ts"]

    def _earlier_post(self, row: OutboxRow, channel: str, thread_ts: str | None) -> str | None:
        oldest = str(row.created_at.timestamp() - 5)
        if thread_ts:
            resp = self.client.conversations_replies(channel=channel, ts=thread_ts,
                                                     oldest=oldest, include_all_metadata=True)
        else:
            resp = self.client.conversations_history(channel=channel, oldest=oldest, limit=200,
                                                     include_all_metadata=True)
        for m in resp.get("messages") or []:
            meta = m.get("metadata") or {}
            if meta.get("event_type") == METADATA_TYPE and \
                    (meta.get("event_payload") or {}).get("outbox_id") == row.id:
                return m.get("ts")
        return None

    def _upload(self, row: OutboxRow, p: dict[str, Any]) -> tuple[str, str | None, list[str]]:
        channel = self._target(p)
        file_ids = list(row.slack_file_ids or [])
        if file_ids:
            shared = self._shared_ts(file_ids[0], channel)
            if shared:
                return channel, shared, file_ids
        else:
            for f in p["files"]:
                content = base64.b64decode(f["content"])
                got = self.client.files_getUploadURLExternal(filename=f["filename"],
                                                            length=len(content))
                result = self.client._upload_file(  # the files v2 flow's own upload step
                    url=got["upload_url"], data=content, logger=log,
                    timeout=self.client.timeout, proxy=self.client.proxy, ssl=self.client.ssl)
                if result.status != 200:
                    raise Transient(f"upload answered {result.status}")
                file_ids.append(got["file_id"])
            outbox.checkpoint(self.db, row.id, slack_file_ids=file_ids)
        crash_point("mid_upload")
        args: dict[str, Any] = {"channel_id": channel, "initial_comment": p.get("comment") or None}
        if p.get("thread_ts"):
            args["thread_ts"] = p["thread_ts"]
        self.client.files_completeUploadExternal(
            files=[{"id": i, "title": f["title"]} for i, f in zip(file_ids, p["files"],
                                                                  strict=True)],
            **{k: v for k, v in args.items() if v is not None})
        crash_point("after_upload")
        return channel, self._shared_ts(file_ids[0], channel), file_ids

    def _shared_ts(self, file_id: str, channel: str) -> str | None:
        try:
            info = self.client.files_info(file=file_id)["file"]
        except SlackApiError:
            return None
        for where in (info.get("shares") or {}).values():
            for entry in where.get(channel) or []:
                return entry.get("ts")
        return None


def _channel_mention(channel: str | None) -> str:
    """A channel id as Slack's mention (it shows the channel's name); a name as #name."""
    if channel and channel[:1] in "CGD" and channel[1:].isalnum() and channel.isupper():
        return f"<#{channel}>"
    return f"#{channel}"
