"""`rtwbot demo`: the bot and the Slack sandbox play a scripted scene, printed as a
transcript a person can read. Each scene is a small module in this package."""

from rtwbot.demo.runner import run_demo

__all__ = ["run_demo"]
