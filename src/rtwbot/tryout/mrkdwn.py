"""Slack ``mrkdwn`` as HTML: bold, italic, strike, code, quotes, links, mentions."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_TOKEN = re.compile(r"<([^<>]+)>")
_CODE_BLOCK = re.compile(r"```(.+?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])")
_EMOJI = {":warning:": "⚠️", ":white_check_mark:": "✅", ":wave:": "👋", ":page_facing_up:": "📄",
          ":calendar:": "📅", ":bell:": "🔔", ":memo:": "📝", ":x:": "❌", ":lock:": "🔒",
          ":hourglass:": "⏳", ":heavy_check_mark:": "✔️", ":information_source:": "ℹ️",
          ":pray:": "🙏", ":thumbsup:": "👍", ":+1:": "👍", ":tada:": "🎉"}
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")


class Names:
    """Resolves Slack ids to what a person reads."""

    def __init__(self, user: Callable[[str], str], channel: Callable[[str], str]) -> None:
        self.user = user
        self.channel = channel


def _token(raw: str, names: Names) -> str:
    target, _, label = raw.partition("|")
    if target.startswith("@"):
        return f'<span class="mention">@{html.escape(label or names.user(target[1:]))}</span>'
    if target.startswith("#"):
        return f'<span class="mention">#{html.escape(label or names.channel(target[1:]))}</span>'
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        return f'<span class="mention">@{html.escape(label or word)}</span>'
    if re.match(r"(https?|mailto):", target):
        url = html.unescape(target)
        shown = html.unescape(label) if label else url
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
                f"{html.escape(shown)}</a>")
    return html.escape("<" + html.unescape(raw) + ">")


def _format(text: str) -> str:
    """Emphasis on already-escaped text without tokens."""
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    text = _STRIKE.sub(r"<s>\1</s>", text)
    return _EMOJI_CODE.sub(lambda m: _EMOJI.get(m.group(0), m.group(0)), text)


def _inline(text: str, names: Names) -> str:
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        out.append(_format(html.escape(html.unescape(text[last:match.start()]))))
        out.append(_token(match.group(1), names))
        last = match.end()
    out.append(_format(html.escape(html.unescape(text[last:]))))
    return "".join(out)


def to_html(text: str, names: Names) -> str:
    """One mrkdwn string as HTML (block quotes and code blocks included)."""
    parts, last = [], 0
    for match in _CODE_BLOCK.finditer(text):
        parts.append(_lines(text[last:match.start()], names))
        parts.append(f"<pre>{html.escape(html.unescape(match.group(1).strip(chr(10))))}</pre>")
        last = match.end()
    parts.append(_lines(text[last:], names))
    return "".join(parts)


def _lines(text: str, names: Names) -> str:
    out: list[str] = []
    quote: list[str] = []
    for line in text.split("\n"):
        if line.startswith("&gt;") or line.startswith(">"):
            quote.append(_inline(re.sub(r"^(&gt;|>) ?", "", line), names))
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        out.append(_inline(line, names))
    if quote:
        out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    html_text = ""
    for i, piece in enumerate(out):
        if i and not piece.startswith("<blockquote>") and not out[i - 1].startswith("<blockquote>"):
            html_text += "<br>"
        html_text += piece
    return html_text


def plain_html(text: str) -> str:
    """A ``plain_text`` object's text: escaped, emoji codes shown."""
    return _EMOJI_CODE.sub(lambda m: _EMOJI.get(m.group(0), m.group(0)), html.escape(text))
