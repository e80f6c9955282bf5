"""The fair floor for bench/ack.py: a bare Bolt app that does the least any bot must do
that never loses an acked DM and answers it — on the same gunicorn configuration as
`rtwbot serve --http` (the same worker class, threads and limits), the same engine set-up
(SQLite's WAL, `synchronous` FULL and write gate), against the same Slack stand-in:

1. before the ack, the event is recorded durably (one INSERT, committed);
2. after the ack, the DM is answered (chat.postMessage through the stand-in);
3. then the answer is marked sent durably (one UPDATE, committed).

It answers `GET /healthz` after a `SELECT 1`, like rtwbot.

    .venv/bin/python bench/floor.py --port 3100   (configured by rtwbot's variables)
"""

from __future__ import annotations

import argparse
import json

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import text

from rtwbot.config import load_settings
from rtwbot.http_server import GunicornServer, WorkerApp, gunicorn_options
from rtwbot.store.db import make_engine

TABLE = "floor_events"
REPLY = "Hi! I'm rtwbot's floor: a bare Bolt app that answers once, durably."


def create_table(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {TABLE} (event_id VARCHAR(64) "
                          "PRIMARY KEY, body TEXT NOT NULL, sent_ts VARCHAR(32))"))
    engine.dispose()


def floor_worker(settings) -> WorkerApp:
    engine = make_engine(settings.database_url)
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url),
    )

    @app.middleware
    def record_durably(body, next):  # noqa: A002 - Bolt's argument name
        if body.get("type") == "event_callback":
            with engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {TABLE} (event_id, body) VALUES (:e, :b)"),
                             {"e": body["event_id"], "b": json.dumps(body)})
        return next()

    @app.event("message")
    def on_message(body, event, client) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        posted = client.chat_postMessage(channel=event["channel"], text=REPLY)
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE {TABLE} SET sent_ts = :ts WHERE event_id = :e"),
                         {"ts": posted["ts"], "e": body["event_id"]})

    bolt = SlackRequestHandler(app)

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return bolt(environ, start_response)

    return WorkerApp(wsgi, engine.dispose)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3100)
    args = parser.parse_args()
    settings = load_settings()
    create_table(settings.database_url)
    ready = f"floor is listening on http://{args.host}:{args.port}/slack/events"
    GunicornServer(lambda: floor_worker(settings),
                   gunicorn_options(settings, args.host, args.port), ready_line=ready).run()


if __name__ == "__main__":
    main()
