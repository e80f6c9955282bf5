"""Every modal is submitted once per view: the view is the submission's identity
(`store.submitted_views`). Pressing the button again — Slack lets a person do so whenever
its first answer was slow — gets an answer, never silence: the errors again (a press that
only showed errors claimed nothing), "still saving" while the first press runs, or what the
first press did once it went through."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rtwbot.store import submitted_views as views
from rtwbot.workflow.outbox import Say

if TYPE_CHECKING:
    from rtwbot.slack.bot import Bot

ALREADY = "That was already saved — the first press went through, nothing more to do."
BUSY = ("Still saving your first press — wait a moment. If this window stays open, press "
        "the button again; nothing you typed is lost.")
EDITED = " What you changed after that first press was not applied."

Listener = Callable[[Any, dict, dict], None]


def digest(view: dict) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]


def first_input(view: dict) -> str:
    return next((b.get("block_id") or "" for b in view.get("blocks") or []
                 if b.get("type") == "input"), "")


def once_per_view(bot: Bot, outcome: str = ALREADY) -> Callable[[Listener], Listener]:
    """Wrap a `view_submission` listener (`ack, body, view`) so its view acts once."""

    def wrap(listener: Listener) -> Listener:
        def handler(ack, body: dict, view: dict) -> None:
            user, trigger = (body.get("user") or {}).get("id"), body.get("trigger_id")
            view_id, now = view.get("id") or "", bot.clock.now()
            claim = views.claim(bot.db, view_id, user, trigger, digest(view), now)
            if claim.state == "done":
                ack()
                bot.deliver([Say(text=(claim.outcome or ALREADY)
                                 + ("" if claim.same_values else EDITED), to_user=user)])
                return
            if claim.state == "busy":
                ack(response_action="errors", errors={first_input(view): BUSY})
                return
            answered: dict[str, Any] = {}

            def tracked(*args: Any, **kwargs: Any) -> Any:
                answered.update(kwargs, acked=True)
                return ack(*args, **kwargs)

            try:
                listener(tracked, body, view)
            except BaseException:
                views.release(bot.db, view_id, trigger)  # the inbox tries the press again
                raise
            if answered.get("response_action") == "errors":
                views.release(bot.db, view_id, trigger)
                return
            with bot.db.session() as s:  # unless the listener completed it in its own commit
                views.complete(s, view_id, trigger, outcome, bot.clock.now())

        handler.__name__ = getattr(listener, "__name__", "on_view")
        return handler

    return wrap
