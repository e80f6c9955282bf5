"""The Home tab's Block Kit (at most 100 blocks, each section within Slack's limits)."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.views import View

from rtwbot.slack.render import actions, chunks
from rtwbot.workflow.home import HomePage

MAX_BLOCKS = 100


def home_view(page: HomePage) -> View:
    blocks: list[Block] = []
    for section in page.sections:
        blocks.append(HeaderBlock(text=section.title[:150]))
        for line in section.lines:
            blocks += [SectionBlock(text=part) for part in chunks(line)]
        if section.buttons:
            blocks += actions(section.buttons)
        blocks.append(DividerBlock())
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1],
                  SectionBlock(text="…and more: ask me *status* for the full list.")]
    return View(type="home", blocks=blocks)
