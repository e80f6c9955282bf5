"""The bot wired to the Slack sandbox, with a small cast of people: what the demo, the
terminal chat and the end-to-end tests all run on.

Everything is real but Slack itself: the bot's HTTP endpoint, Bolt, signatures, the
database, the Web API client. Only `RTWBOT_SLACK_API_URL` points at the sandbox.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from rtwbot.clock import EpochClockAdapter
from rtwbot.config import load_settings
from rtwbot.runtime import Bot, create_bot
from rtwbot.sandbox import Sandbox
from rtwbot.slack.http import HttpServer
from rtwbot.store import crypto
from rtwbot.store.db import upgrade

DOMAIN = "lakeshore.example"


@dataclass(frozen=True)
class Person:
    handle: str
    real_name: str
    role: str


CAST = (
    Person("sam", "Sam Supervisor", "supervisor, Parks and Recreation"),
    Person("erin", "Erin Employee", "gardener, Parks and Recreation"),
    Person("hana", "Hana HR", "HR representative"),
    Person("uma", "Uma Union", "union representative, CUPE Local 79"),
    Person("sid", "Sid Safety", "union safety and rehabilitation representative"),
    Person("tess", "Tess Transport", "supervisor, Transportation Services"),
    Person("ray", "Ray Roads", "road operator, Transportation Services"),
    Person("olga", "Olga Outsider", "works elsewhere, on no case"),
    Person("carl", "Carl Committee", "joint health and safety committee co-chair"),
)


def email(handle: str) -> str:
    return f"{handle}@{DOMAIN}"


def directory_for_cast() -> dict:
    return {
        "employer": {
            "name": "City of Lakeshore",
            "address": "100 Queen Street West, Lakeshore, ON",
            "wsib_firm_number": "1234567",
            "workers": 2400,
            "legal_name": "The Corporation of the City of Lakeshore",
            "trade_name": "City of Lakeshore",
            "classification": "913910",
            "rate_group": "845",
            "business_activity": "Municipal government services",
            "phone": "905-555-0100",
            "pay_period": "bi-weekly",
            "vacation_pay": "taken as time off",
        },
        "channels": {"imwt": "rtw-imwt", "hr": "rtw-hr", "committee": "rtw-committee"},
        "hr": [email("hana")],
        "safety_committee": [email("carl")],
        "committee": [email("uma"), email("hana")],
        "bargaining_units": [
            {"name": "CUPE Local 79", "union_reps": [email("uma")], "safety_rep": email("sid")}
        ],
        "divisions": [
            {
                "name": "Parks and Recreation",
                "division_reps": [email("sam")],
                "hr_reps": [email("hana")],
                "bargaining_unit": "CUPE Local 79",
                "job_titles": ["Gardener", "Arborist", "Labourer"],
            },
            {
                "name": "Transportation Services",
                "imwt_channel": "rtw-imwt-transportation",  # its own, for its own people
                "division_reps": [email("tess")],
                "hr_reps": [email("hana")],
                "bargaining_unit": "CUPE Local 79",
                "job_titles": ["Road Operator", "Sign Installer", "Dispatcher"],
            },
        ],
        "insurers": {
            "wsib": {"name": "WSIB case manager", "email": "wsib.contact@" + DOMAIN},
            "ltd": {"name": "LTD carrier case manager", "email": "ltd.contact@" + DOMAIN},
        },
    }


@dataclass
class Playground:
    """Start with `with Playground() as pg:`; `pg.users["sam"]` is Sam's Slack id."""

    database_url: str | None = None
    start_at: datetime | None = None  # freeze the shared clock here (tests); None: real time
    workdir: Path | None = None
    signing_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    bot_token: str = field(default_factory=lambda: "xoxb-sandbox-" + secrets.token_hex(8))
    users: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    def __enter__(self) -> Playground:
        self._tmp = None
        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="rtwbot-")
            self.workdir = Path(self._tmp.name)
        self.sandbox = Sandbox(signing_secret=self.signing_secret, bot_token=self.bot_token)
        if self.start_at is not None:
            self.sandbox.clock.set(self.start_at)
        self.sandbox.start()
        self._seed()
        directory = self.workdir / "directory.yaml"
        directory.write_text(yaml.safe_dump(directory_for_cast(), sort_keys=False))
        url = self.database_url or f"sqlite:///{self.workdir / 'rtwbot.db'}"
        upgrade(url)
        self.encryption_key = crypto.generate_key()
        self.settings = load_settings(
            SLACK_BOT_TOKEN=self.bot_token,
            SLACK_SIGNING_SECRET=self.signing_secret,
            RTWBOT_DATABASE_URL=url,
            RTWBOT_SLACK_API_URL=self.sandbox.api_url,
            RTWBOT_DIRECTORY=str(directory),
            RTWBOT_ENCRYPTION_KEY=self.encryption_key,
        )
        self.clock = EpochClockAdapter(self.sandbox.clock)
        self.start_bot()
        return self

    def _seed(self) -> None:
        for p in CAST:
            self.users[p.handle] = self.sandbox.add_user(
                p.handle, real_name=p.real_name, email=email(p.handle)
            )
        self.channels["rtw-imwt"] = self.sandbox.add_channel(
            "rtw-imwt", private=True, members=[self.users["hana"]], bot_member=True
        )
        self.channels["rtw-imwt-transportation"] = self.sandbox.add_channel(
            "rtw-imwt-transportation", private=True, members=[self.users["hana"]],
            bot_member=True
        )
        self.channels["rtw-hr"] = self.sandbox.add_channel(
            "rtw-hr", private=True, members=[self.users["hana"]], bot_member=True
        )
        self.channels["rtw-committee"] = self.sandbox.add_channel(
            "rtw-committee", private=True, members=[self.users["hana"], self.users["uma"]],
            bot_member=True
        )

    def start_bot(self) -> Bot:
        self.bot = create_bot(self.settings, clock=self.clock)
        self.server = HttpServer.for_bot(self.bot).start()
        self.sandbox.request_url = self.server.url
        return self.bot

    def stop_bot(self) -> None:
        """Stop the bot process's parts (as a restart would); the database stays."""
        self.bot.wait_idle()
        self.server.stop()
        self.bot.close()

    def restart_bot(self) -> Bot:
        self.stop_bot()
        return self.start_bot()

    def settle(self, timeout: float = 60.0) -> None:
        """Wait until the bot has finished everything it started (no sleeping; the generous
        timeout is for a loaded machine, a hang still fails)."""
        self.bot.wait_idle(timeout)

    def __exit__(self, *exc) -> None:
        try:
            self.stop_bot()
        finally:
            self.sandbox.stop()
            if self._tmp is not None:
                self._tmp.cleanup()
