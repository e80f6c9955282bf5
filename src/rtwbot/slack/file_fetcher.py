"""Downloading a file someone sent the bot: `files.info`, then `url_private` with the bot
token, from Slack's file host only (the workflow's `FileFetcher`)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.error import URLError
from urllib.parse import quote, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is refused: the bot token goes to Slack's file host only


class SlackFileFetcher:
    """``files.info``, then a GET of ``url_private`` with the bot token. The URL must be on
    Slack (``https://*.slack.com``) or on the configured API host (the sandbox)."""

    def __init__(self, client: WebClient, token: str, api_url: str, timeout: float = 30.0):
        self.client, self.token, self.timeout = client, token, timeout
        api = urlsplit(api_url)
        self._api = (api.scheme, api.netloc)
        self._opener = build_opener(_NoRedirect)

    def trusted(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.hostname or ""
        on_slack = parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))
        return on_slack or (parts.scheme, parts.netloc) == self._api

    def __call__(self, file_id: str, max_bytes: int) -> bytes | None:
        try:
            info = self.client.files_info(file=file_id)["file"]
        except SlackApiError as exc:
            log.warning("files.info failed for an upload: %s", exc.response.get("error"))
            return None
        url = info.get("url_private_download") or info.get("url_private") or ""
        if not self.trusted(url):
            log.warning("Refused to download an upload from an unexpected host")
            return None
        # Slack's URLs are already quoted; quoting again leaves them as they are.
        request = Request(quote(url, safe=":/?&=%#@+~!$,;"),
                          headers={"Authorization": f"Bearer {self.token}"})
        try:
            with self._opener.open(request, timeout=self.timeout) as resp:
                if (resp.headers.get("Content-Type") or "").startswith("text/html"):
                    return None  # a sign-in page, not the file
                return resp.read(max_bytes + 1)  # one byte over is enough to say "too large"
        except (URLError, OSError) as exc:
            log.warning("Downloading an upload failed: %s", type(exc).__name__)
            return None
