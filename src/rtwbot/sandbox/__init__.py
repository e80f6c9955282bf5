"""A faithful loopback Slack for tests and the demo.

``Sandbox`` runs a local HTTP server that answers the Web API calls the bot makes through
``slack_sdk.WebClient(base_url=sandbox.api_url)`` and delivers signed events, slash commands and
interactivity payloads to the bot's Request URL, as Slack does. Standard library plus slack_sdk
only; nothing here reaches the network beyond the loopback interface.

Modules, one job each: ``clock`` (the time everything uses), ``workspace`` (state),
``shapes`` (Slack's JSON shapes), ``methods`` (the method table), ``blockkit`` (Block Kit
validation), ``webapi`` (the methods' rules), ``responses`` (response_url), ``server`` (HTTP),
``payloads`` (what Slack sends the bot), ``inbound`` (signing and delivery), ``transcript``
(readable rendering) and ``harness`` (the ``Sandbox`` API: ``core``, ``acting``,
``observing``, ``surfaces``, ``answers``).
"""

from .clock import Clock
from .errors import ApiFailure
from .harness import DEFAULT_SUBSCRIPTIONS, FileUpload, Sandbox
from .inbound import Delivery, signature
from .workspace import CallRecord

__all__ = [
    "DEFAULT_SUBSCRIPTIONS",
    "ApiFailure",
    "CallRecord",
    "Clock",
    "Delivery",
    "FileUpload",
    "Sandbox",
    "signature",
]
