"""rtwbot: a Slack bot for an Ontario Return-to-Work / Modified Work Program."""

__version__ = "0.1.0"
