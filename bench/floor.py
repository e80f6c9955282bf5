"""The floor for bench/ack.py: a bare Bolt app that records each event with one durable
insert before it acks (the least any bot that never loses an acked event must do), served
by the same gunicorn configuration as `rtwbot serve --http`, with the same /healthz probe
(one `SELECT 1`). Configured by the same environment variables as rtwbot.

    .venv/bin/python bench/floor.py --port 3100
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


def create_table(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {TABLE} "
                          "(event_id VARCHAR(64) PRIMARY KEY, body TEXT NOT NULL)"))
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
    def on_message() -> None:
        return None

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
