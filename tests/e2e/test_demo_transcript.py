"""`rtwbot demo` writes transcript.html: every scene has content, every message a channel and
a speaker; the printed transcript names them too, even for a changed message."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine

from rtwbot.demo.runner import run_demo, scenes

pytestmark = pytest.mark.e2e


class _Scenes(HTMLParser):
    """Per scene: the (where, who) of each message."""

    def __init__(self) -> None:
        super().__init__()
        self.scenes: list[tuple[str, list[dict[str, str]]]] = []
        self._field = ""

    def handle_starttag(self, tag, attrs) -> None:
        css = dict(attrs).get("class") or ""
        if css == "scene":
            self.scenes.append(("", []))
            self._field = "title"
        elif css.split()[:1] == ["msg"]:
            self.scenes[-1][1].append({"where": "", "who": ""})
        elif css in ("where", "who") and self.scenes and self.scenes[-1][1]:
            self._field = css

    def handle_endtag(self, tag) -> None:
        if tag in ("div", "span"):
            self._field = ""

    def handle_data(self, data) -> None:
        if self._field == "title":
            title, items = self.scenes[-1]
            self.scenes[-1] = (title + data, items)
        elif self._field:
            self.scenes[-1][1][-1][self._field] += data


def test_the_demo_writes_a_transcript_page_where_every_scene_and_message_is_placed(
        tmp_path) -> None:
    printed: list[str] = []
    # Run on a Saturday afternoon: the demo keeps its own weekday morning, so the reminder
    # and escalation scenes still speak.
    saturday = datetime(2026, 12, 5, 15, 0, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(saturday, tick=False):
        run_demo(out_dir=str(tmp_path), echo=printed.append)
    page = (tmp_path / "transcript.html").read_text()
    assert "(nothing new was said)" not in page
    parser = _Scenes()
    parser.feed(page)
    assert [title for title, _ in parser.scenes] == [s.title for s in scenes()]
    for title, messages in parser.scenes:
        assert messages, f"scene {title!r} is empty"
        for message in messages:
            assert message["who"].strip(), (title, message)
            assert re.match(r"(DM with \w+|#[\w-]+)", message["where"]), (title, message)
    assert "in the thread" in page
    assert "<script" not in page  # offline: nothing to run
    # A document the demo saved opens from the page.
    assert re.search(r'href="RTW-2026-0001-[\w-]+\.(pdf|docx)"', page)

    # The printed transcript: every scene says something, and each message starts with
    # where it was said and who said it.
    text = "\n".join(printed)
    for block in text.split("── ")[1:]:
        title, _, body = block.partition("\n")
        heads = [line for line in body.splitlines() if line and not line.startswith(" ")
                 and not line.startswith("Documents") and not line.startswith("The conversation")]
        assert heads, f"scene {title!r} printed nothing"
        for line in heads:
            if not line.startswith(("DM with", "#")):
                continue
            assert re.match(r"(DM with [\w ]+|#[\w-]+( \(thread\))?) · [\w ]+", line), line
