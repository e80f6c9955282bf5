"""Plays the scenes in order on one playground and prints what people saw."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from rtwbot import dates
from rtwbot.playground import Playground


@dataclass
class Stage:
    """What the scenes share: the playground, where documents go, and what earlier scenes made."""

    pg: Playground
    out_dir: Path
    facts: dict[str, str] = field(default_factory=dict)

    def as_user(self, handle: str, text: str) -> None:
        delivery = self.pg.sandbox.dm(self.pg.users[handle], text)
        if delivery.status != 200:
            raise RuntimeError(f"the bot refused a message ({delivery.status})")
        self.pg.settle()

    def click(self, handle: str, action_id: str, **kwargs) -> None:
        delivery = self.pg.sandbox.click(self.pg.users[handle], action_id, **kwargs)
        if delivery.status != 200:
            raise RuntimeError(f"the bot refused a click ({delivery.status})")
        self.pg.settle()


@dataclass(frozen=True)
class Scene:
    title: str
    play: Callable[[Stage], None]


def scenes() -> list[Scene]:
    from rtwbot.demo import (
        scene_forms,
        scene_hello,
        scene_imwt,
        scene_metrics,
        scene_nudges,
        scene_report,
        scene_status,
    )

    return [
        *scene_hello.SCENES,
        *scene_report.SCENES,
        *scene_forms.SCENES,
        *scene_nudges.SCENES,
        *scene_imwt.SCENES,
        *scene_status.SCENES,
        *scene_metrics.SCENES,
    ]


# The demo's own morning: a Wednesday at 10:30 in Toronto, in a week without a holiday, so
# every scene (a reminder on the next business day, an escalation the day after) speaks
# whatever day it is run on. The scenes' dates are said as on that day.
DEMO_START = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("America/Toronto"))


def run_demo(out_dir: str = "rtwbot-demo-output", start_at: datetime | None = None,
             echo: Callable[[str], None] = click.echo) -> None:
    from rtwbot.tryout.offline import Recorder

    logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output
    start = start_at or DEMO_START
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Playground(start_at=start) as pg:
        stage = Stage(pg=pg, out_dir=out)
        recorder = Recorder(pg, out)
        heading = f"rtwbot demo — a Slack workspace on this machine, {dates.day(start)}"
        echo(heading + "\n")
        shown: dict[str, list[str]] = {}
        for scene in scenes():
            echo(f"── {scene.title} " + "─" * max(4, 70 - len(scene.title)))
            scene.play(stage)
            # What is new since the last scene; a changed message shows again, whole, as it
            # is now (with its channel and speaker).
            fresh: list[str] = []
            for key, lines in pg.sandbox.transcript_entries():
                if shown.get(key) != lines:
                    fresh += lines
                    shown[key] = lines
            echo("\n".join(fresh) + "\n")
            recorder.capture(scene.title)
        page = recorder.write(heading)
        echo(f"Documents from this demo are in {out.resolve()}")
        echo(f"The conversation as it looks in Slack: {page.resolve()}")
