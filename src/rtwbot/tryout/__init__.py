"""Try rtwbot in a browser: a small Slack-like workspace page backed by the sandbox.

Modules, one job each: ``mrkdwn`` (Slack's text markup as HTML), ``blocks`` (Block Kit as
HTML, static or clickable), ``page`` (the workspace page: sidebar, conversation, thread,
modal, Home tab), ``actions`` (what a person does, done through the sandbox as Slack would),
``server`` (the loopback HTTP server for ``rtwbot sandbox --web``) and ``offline`` (the
demo's ``transcript.html``).
"""
