"""A supervisor says hello and asks what the bot can do."""

from rtwbot.demo.runner import Scene, Stage


def play(stage: Stage) -> None:
    stage.as_user("sam", "Hi! Can you help me?")


SCENES = [Scene("A supervisor meets the bot", play)]
