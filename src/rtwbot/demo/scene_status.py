"""Erin asks the bot where her plan stands; an outsider asks about her case."""

from rtwbot.demo.runner import Scene, Stage


def employee(stage: Stage) -> None:
    stage.as_user("erin", "status")


def outsider(stage: Stage) -> None:
    stage.as_user("olga", f"status {stage.facts.get('reference', 'RTW-2026-0001')}")


SCENES = [
    Scene("Erin asks for her status by DM", employee),
    Scene("Someone not on the case asks about it", outsider),
]
