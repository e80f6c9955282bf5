"""The functional abilities form Erin was sent, as her health professional fills it in."""

from __future__ import annotations

from rtwbot.forms.pdf import OFF, fill_pdf
from rtwbot.forms.samples import SAMPLE_ABILITIES


def completed_abilities_form(pg, reference: str) -> bytes:
    sandbox = pg.sandbox
    erin_dm = sandbox.dm_channel(pg.users["erin"])
    [sent] = [f for f in sandbox.files()
              if f["user"] == sandbox.bot_user_id and f["name"].startswith(reference)
              and f["name"].endswith("-functional-abilities.pdf") and erin_dm in f["ims"]]
    template = pg.bot.forms.get("functional-abilities")
    values = {
        name: (template.fields[name].on_state if answer is True else OFF)
        if template.fields[name].type == "checkbox" else str(answer)
        for name, answer in SAMPLE_ABILITIES.items()
    }
    return fill_pdf(sandbox.file_content(sent["id"]), values)
