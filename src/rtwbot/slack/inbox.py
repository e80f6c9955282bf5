"""Every authenticated delivery goes through the inbox (`rtwbot.store.inbox`).

Before the ack, the delivery and its de-duplication keys are recorded in one transaction:
its event_id; channel + ts for a message (Slack has sent one message under two ids); for
interactions a key from the payload (view id + the press's trigger for a submission, action_ts + user +
action_id for a click; trigger_id for a slash command). A delivery whose key was seen has no
second effect. Its listener then runs at once; when it finishes the row is marked done.

A row not done (a crash, a listener that raised) is taken again under a lease by start-up
and the periodic passes, or by Slack's own retry of it. A failing listener is retried with
back-off MAX_ATTEMPTS times; the person is told once, and HR's channel when it gives up.
A listener that must wait (Slack answered 429 with Retry-After, or 5xx; a lookup timed
out) is not a failure: its delivery goes back to the inbox with a due time, and no thread
waits for it. Work that needed a fresh trigger_id (opening a modal) and is recovered too
late becomes a DM with a button that opens it again.

Messages and clicks of one person in one conversation are handled in arrival order (a
later one waits, acked, while an earlier one is unfinished); a message or click that
repeats an unfinished one (typed again during an outage, a double click) is done at once
with no effect of its own. A delivery no listener matches is done, with a log line.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from rtwbot.faults import crash_point
from rtwbot.store import inbox as store
from rtwbot.store.db import holds_unit
from rtwbot.worker import InFlight, process_id
from rtwbot.workflow.outbox import Button, Say, TryLater

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

log = logging.getLogger(__name__)

SORRY = (
    "Sorry — something went wrong on my side. Anything you already told me is saved, "
    "and I'll try that last step again by myself shortly."
)
REOPEN = "inbox_reopen"
TRIGGER_ERRORS = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})


def _digest(*parts: Any) -> str:
    said = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(said.encode()).hexdigest()[:32]


def place_of(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(conversation, digest) of a delivery: whose deliveries go in order ("U1:D1": one
    person in one channel), and what it says, hashed (the same message typed again, the
    same button clicked again). None for what is not ordered: slash commands, shortcuts
    and modals (they hold a trigger that expires in 3 s)."""
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event") or {}
        user, channel = event.get("user"), event.get("channel")
        if not isinstance(user, str) or not isinstance(channel, str):
            return None, None
        said = event.get("text") if event.get("type") == "message" else None
        words = " ".join(str(said).lower().split()) if said else None
        files = [f.get("id") for f in event.get("files") or [] if isinstance(f, dict)]
        return f"{user}:{channel}", _digest(words, files) if words or files else None
    if kind == "block_actions":
        user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else None
        channel = (body.get("channel") or {}).get("id") if isinstance(
            body.get("channel"), dict) else (body.get("container") or {}).get("channel_id")
        if not user or not channel:
            return None, None
        a = (body.get("actions") or [{}])[0]
        message = (body.get("container") or {}).get("message_ts")
        chosen = a.get("value") or a.get("selected_option") or a.get("selected_date") \
            or a.get("selected_user") or a.get("selected_options")
        return f"{user}:{channel}", _digest("click", message, a.get("action_id"), chosen)
    return None, None


def must_wait(error: BaseException) -> float | bool:
    """Whether a listener's error means "not now" rather than "failed": Slack asked us to
    wait (429: its Retry-After, in seconds) or was not reached / too slow (True)."""
    if isinstance(error, SlackApiError):
        from rtwbot.slack.relay import retry_after, transient

        if not transient(error):
            return False
        return retry_after(error) or True
    if isinstance(error, TryLater):
        return error.retry_after or True
    return isinstance(error, TryLater | SlackClientError | URLError | TimeoutError
                      | ConnectionError)


def classify(body: dict[str, Any]) -> tuple[str, list[str], str | None]:
    """(kind, de-duplication keys, the person) of a delivery; no keys: not recorded."""
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event") or {}
        keys = [f"ev:{body['event_id']}"] if body.get("event_id") else []
        if event.get("type") == "message" and event.get("channel") and event.get("ts"):
            keys.append(f"msg:{event['channel']}:{event['ts']}")
        user = event.get("user") if isinstance(event.get("user"), str) else None
        return "event", keys, user
    if body.get("command") and body.get("trigger_id"):
        return "command", [f"cmd:{body['trigger_id']}"], body.get("user_id")
    user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else None
    if kind == "view_submission":
        view = body.get("view") or {}
        if body.get("trigger_id"):
            # Each press of the button is a delivery of its own, even with the same values
            # (pressed again after errors, or after a slow first answer): the listener
            # answers it; the view acting once is `slack.view_once`'s job.
            return "view_submission", [f"view:{view.get('id')}:{body['trigger_id']}"], user
        values = json.dumps((view.get("state") or {}).get("values") or {}, sort_keys=True)
        digest = hashlib.sha256(values.encode()).hexdigest()[:16]
        return "view_submission", [f"view:{view.get('id')}:{view.get('hash')}:{digest}"], user
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        a = actions[0]
        return "block_actions", [f"act:{a.get('action_ts')}:{user}:{a.get('action_id')}"], user
    if kind in ("shortcut", "message_action") and body.get("trigger_id"):
        return kind, [f"sc:{body['trigger_id']}"], user
    return str(kind), [], user  # url_verification, block_suggestion, view_closed...


class Inbox:
    def __init__(self, bot: Bot):
        self.bot = bot
        self.app: App | None = None
        self.in_flight = InFlight()
        self.me = process_id()

    # --- hooks into Bolt ------------------------------------------------------------------
    def install(self, app: App) -> None:
        self.app = app
        app.use(RecordFirst(self))
        runner = app._listener_runner
        run, completed = runner.run, runner.listener_completion_handler

        def run_matched(*, request: BoltRequest, **kwargs: Any):
            request.context["inbox_matched"] = True
            return run(request=request, **kwargs)

        class Completed:
            def handle(_self, request: BoltRequest, response: BoltResponse | None) -> None:
                try:
                    completed.handle(request=request, response=response)
                finally:
                    self.finished(request)

        started = runner.listener_start_handler

        class Started:
            def handle(_self, request: BoltRequest, response: BoltResponse | None) -> None:
                if request.context.get("inbox_id"):
                    if not request.context.get("inbox_replay"):
                        crash_point("after_ack", wait=0.5)  # the ack is on its way
                    self.bot.begin_batch()
                    # One unit of work: what the listener writes, what it says and the
                    # row's done mark commit together (`_finish`), or not at all.
                    if not holds_unit():
                        self.bot.db.open_unit()
                        request.context["inbox_unit"] = True
                started.handle(request=request, response=response)

        # Bolt's listener runner patched in place (its public hooks are the refactor's job):
        # the stand-ins take keyword arguments and duck-type Bolt's handler classes.
        runner.run = run_matched  # type: ignore[method-assign, assignment]
        runner.listener_start_handler = Started()  # type: ignore[assignment]
        runner.listener_completion_handler = Completed()  # type: ignore[assignment]

        original = app.dispatch

        def dispatch(req: BoltRequest) -> BoltResponse:
            try:
                resp = original(req)
            except BaseException:
                if req.context.get("inbox_id"):  # nothing runs it now; the tick may
                    self.in_flight.finish(req.context["inbox_id"])
                raise
            row_id = req.context.get("inbox_id")
            if row_id and not req.context.get("inbox_matched"):
                kind = classify(req.body)[0]
                log.warning("No listener matches a %s (inbox #%s): marked done", kind, row_id)
                store.done(self.bot.db, row_id, self.bot.clock.now())  # nobody listens
                self.in_flight.finish(row_id)
                self._next(req.body, row_id)
                if resp.status == 404:  # acked all the same: a retry would change nothing
                    return BoltResponse(status=200, body="")
            return resp

        app.dispatch = dispatch  # type: ignore[method-assign]

    def finished(self, request: BoltRequest) -> None:
        row_id = request.context.get("inbox_id")
        if not row_id:
            return
        try:
            self._finish(request, row_id)
        finally:
            self.in_flight.finish(row_id)
            started = request.context.get("inbox_started")
            if started is not None:
                from rtwbot import monitoring

                monitoring.delivered(request.body, time.monotonic() - started,
                                     request.context.get("inbox_error") is None)
        self._next(request.body, row_id)

    def _next(self, body: dict[str, Any], row_id: int) -> None:
        """The next delivery of this conversation, waiting behind the one just finished."""
        conversation = place_of(body)[0]
        if conversation is None:
            return
        nxt = store.next_in(self.bot.db, conversation)
        if nxt is not None and nxt != row_id:
            self.bot.executor.submit(self.replay, nxt)

    def _finish(self, request: BoltRequest, row_id: int) -> None:
        error = request.context.get("inbox_error")
        effects = self.bot.take_batch()
        now = self.bot.clock.now()
        unit = request.context.pop("inbox_unit", False)
        if error is None:
            rows = self._commit(row_id, effects, now, unit)
            crash_point("before_post")
            self.bot.send_now(rows)
            return
        if unit:  # nothing the failed listener wrote is kept: the delivery runs again
            self.bot.db.close_unit(commit=False)
        if isinstance(error, SlackApiError) and request.context.get("inbox_replay") and \
                error.response.get("error") in TRIGGER_ERRORS:
            store.done(self.bot.db, row_id, now, keep_body=True)
            return self._offer_reopen(row_id, request.body)
        waiting = must_wait(error)
        if waiting is not False:
            asked = None if waiting is True else float(waiting)
            if store.wait(self.bot.db, row_id, now, f"waiting: {type(error).__name__}", asked):
                log.info("Inbox #%s waits (%s)", row_id, type(error).__name__)
                return
        outcome = store.failed_attempt(self.bot.db, row_id, now, type(error).__name__)
        says = []
        if outcome["tell"]:
            says.append(Say(text=SORRY, to_user=outcome["user"]))
        if outcome["gave_up"] and self.bot.directory.channels.hr:
            who = f" from <@{outcome['user']}>" if outcome["user"] else ""
            says.append(Say(
                text=f":warning: I could not handle a {outcome['kind']}{who} after "
                     f"{store.MAX_ATTEMPTS} tries (inbox #{row_id}). The log has the error.",
                channel=self.bot.directory.channels.hr))
        self.bot.deliver(says)

    def _commit(self, row_id: int, effects: list[Any], now: Any, unit: bool) -> list[Any]:
        """The listener's writes, its replies (leased to this process) and the row's done
        mark: one commit. When another process finished the row meanwhile (this one was
        taken for dead), none of it is kept."""
        if not unit:
            with self.bot.db.session() as s:
                rows = self.bot.enqueue_leased(effects, s)
                store.mark_done(s, row_id, now)
            return rows
        committed = False
        try:
            s = self.bot.db.open_unit_session()
            rows = self.bot.enqueue_leased(effects, s)
            # Done at its replies' time: a repeat typed before they were posted is known.
            committed = store.mark_done(s, row_id, rows[0].created_at if rows else now)
            if not committed:
                log.warning("Inbox #%s was finished by another process: this run is undone",
                            row_id)
        finally:
            self.bot.db.close_unit(commit=committed)
        return rows if committed else []

    def _offer_reopen(self, row_id: int, body: dict[str, Any]) -> None:
        user = classify(body)[2]
        if user:
            self.bot.deliver([Say(
                text="I couldn't open that form in time. Press the button to open it now.",
                to_user=user, buttons=(Button("Open it", REOPEN, str(row_id), "primary"),))])

    # --- taking rows up again -------------------------------------------------------------
    def recover(self) -> int:
        """Replay every pending row that is due and not held; returns how many."""
        n = 0
        store.renew(self.bot.db, self.in_flight.ids(), self.bot.clock.now())
        for row_id in store.due(self.bot.db, self.bot.clock.now()):
            if row_id not in self.in_flight:  # still running here: not abandoned
                n += self.replay(row_id)
        return n

    def replay(self, row_id: int, *, ignore_backoff: bool = False,
               body: dict[str, Any] | None = None) -> bool:
        now = self.bot.clock.now()
        if not self.in_flight.start(row_id):
            return False
        stored = store.lease(self.bot.db, row_id, now, ignore_backoff=ignore_backoff,
                             holder=self.me)
        if stored is None:
            self.in_flight.finish(row_id)
            return False
        log.info("Taking up inbox #%s again", row_id)
        try:
            self._dispatch(body or stored, {"inbox_id": row_id, "inbox_replay": True,
                                            "inbox_started": time.monotonic()})
        except Exception as exc:  # noqa: BLE001 - one bad delivery must not stop the others
            log.exception("Inbox #%s could not be dispatched", row_id)
            store.failed_attempt(self.bot.db, row_id, self.bot.clock.now(), type(exc).__name__)
        return True

    def reopen(self, row_id: int, trigger_id: str) -> None:
        """Run a recorded delivery again with a fresh trigger_id (the person's click)."""
        with self.bot.db.session() as s:
            from rtwbot.store.message_models import InboxRow

            row = s.get(InboxRow, row_id)
            body = copy.deepcopy(row.body) if row else None
        if body is None:
            return
        body["trigger_id"] = trigger_id
        self._dispatch(body, {"inbox_reopened": True})

    def _dispatch(self, body: dict[str, Any], context: dict[str, Any]) -> None:
        assert self.app is not None
        self.app.dispatch(BoltRequest(body=copy.deepcopy(body), mode="socket_mode",
                                      context=context))

    # --- the middleware's part ----------------------------------------------------------
    def claim(self, req: BoltRequest) -> BoltResponse | None:
        """None: go on (recorded, or nothing to record); else the answer for a duplicate."""
        if req.context.get("inbox_id") or req.context.get("inbox_reopened"):
            return None
        kind, keys, user = classify(req.body)
        if not keys:
            return None
        conversation, digest = place_of(req.body)
        # The body as parsed from JSON or a form: already plain JSON values.
        retried = bool((req.headers.get("x-slack-retry-num") or [""])[0])
        got = store.record_ordered(self.bot.db, keys, kind, user, req.body,
                                   self.bot.clock.now(), conversation=conversation,
                                   digest=digest, holder=self.me, retried=retried)
        if got is not None and got[1] is not None:
            row_id, verdict = got
            if verdict == store.REPEAT:
                log.info("Inbox #%s repeats an unfinished delivery: no second effect", row_id)
            else:
                log.info("Inbox #%s waits for an earlier delivery of its conversation", row_id)
            return BoltResponse(status=200, body="")
        # (row_id was an int in the branch above; here None means "not recorded")
        row_id = got[0] if got is not None else None  # type: ignore[assignment]
        if row_id is None:
            retry = req.headers.get("x-slack-retry-num", [None])[0]
            log.info("Skipped a delivery already recorded (%s, retry %s)", keys[0], retry)
            earlier = store.find(self.bot.db, keys[0])
            if earlier is not None:
                # Slack's retry of a delivery not yet done: take it up now (if nobody is).
                self.bot.executor.submit(self.replay, earlier, ignore_backoff=True)
            return BoltResponse(status=200, body="")
        self.in_flight.start(row_id)
        req.context["inbox_id"] = row_id
        req.context["inbox_started"] = time.monotonic()
        return None


class RecordFirst(Middleware):
    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse:
        answer = self.inbox.claim(req)
        return answer if answer is not None else next()


def register(app: App, bot: Bot) -> None:
    @app.action(REOPEN)
    def on_reopen(ack, body: dict, action: dict) -> None:
        ack()
        bot.inbox.reopen(int(action["value"]), body["trigger_id"])
