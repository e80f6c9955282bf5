"""The forms from Sam's report, saved for the reader to open; then Erin's health professional
fills in the functional abilities form, Erin first sends a photo of it (the bot passes a
photo to HR to key in), then the filled PDF itself, and confirms what the bot read."""

from __future__ import annotations

from datetime import timedelta

from rtwbot.demo.runner import Scene, Stage
from rtwbot.forms.pdf import OFF, fill_pdf
from rtwbot.forms.registry import FieldSpec
from rtwbot.forms.samples import SAMPLE_ABILITIES


def _reference(stage: Stage) -> str:
    return stage.facts.get("reference", "RTW-2026-0001")


def _bot_files(stage: Stage, reference: str) -> list[dict]:
    sandbox = stage.pg.sandbox
    return [f for f in sandbox.files()
            if f["user"] == sandbox.bot_user_id and f["name"].startswith(reference)]


def save_documents(stage: Stage) -> None:
    """Write the forms the bot sent at filing to the output folder (one copy of each)."""
    for f in _bot_files(stage, _reference(stage)):
        (stage.out_dir / f["name"]).write_bytes(stage.pg.sandbox.file_content(f["id"]))


def _on_state(spec: FieldSpec) -> str:
    assert spec.on_state is not None  # the registry refuses a PDF checkbox without one
    return spec.on_state


def _completed_form(stage: Stage) -> bytes:
    """The functional abilities form Erin was sent, as her health professional fills it in."""
    sandbox, reference = stage.pg.sandbox, _reference(stage)
    erin_dm = sandbox.dm_channel(stage.pg.users["erin"])
    [sent] = [f for f in _bot_files(stage, reference)
              if f["name"].endswith("-functional-abilities.pdf") and erin_dm in f["ims"]]
    template = stage.pg.bot.forms.get("functional-abilities")
    # Assessed today, after the injury (a form dated before it is refused).
    bot = stage.pg.bot
    today = bot.calendar.local_date(bot.clock.now())
    dates = {"hp_date": today, "assessment_date": today, "worker_authorized_on": today,
             "recommended_start": today + timedelta(days=1),
             "next_assessment_date": today + timedelta(days=7),
             "estimated_end_date": today + timedelta(days=14)}
    answers = {**SAMPLE_ABILITIES, **{k: d.isoformat() for k, d in dates.items()}}
    values = {
        name: (_on_state(template.fields[name]) if answer is True else OFF)
        if template.fields[name].type == "checkbox" else str(answer)
        for name, answer in answers.items()
    }
    return fill_pdf(sandbox.file_content(sent["id"]), values)


def erin_sends_the_form(stage: Stage) -> None:
    save_documents(stage)
    erin, completed = stage.pg.users["erin"], _completed_form(stage)
    (stage.out_dir / f"{_reference(stage)}-functional-abilities-completed.pdf").write_bytes(
        completed)
    stage.pg.sandbox.upload_file(erin, "IMG_2041.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 4096)
    stage.pg.settle()
    stage.pg.sandbox.upload_file(erin, "functional abilities form.pdf", completed)
    stage.pg.settle()
    stage.click("erin", "fa_confirm")


SCENES = [
    Scene("Erin sends back her completed functional abilities form; the team thread opens "
          "in #rtw-imwt", erin_sends_the_form),
]
