"""Small talk answered in kind: "thanks" gets "you're welcome", "ok" a nod, an emoji an
emoji — not "Sorry, I didn't catch that" and a menu."""

from __future__ import annotations

import re
import unicodedata

_THANKS = re.compile(r"^(thanks?( you| u)?( so much| a lot| very much)?|thank u|thx|ty|tysm|"
                     r"merci|cheers|much appreciated|appreciated|appreciate it)\b", re.I)
_OK = re.compile(r"^(ok(ay|ey)?|k|kk|got it|sounds good|cool|great|perfect|alright|all right|"
                 r"sure|noted|understood|will do|good|nice|awesome|fine|yep|yup)\b", re.I)
_BYE = re.compile(r"^(bye|goodbye|good night|see you|see ya|later|ttyl|have a good (day|one))\b",
                  re.I)
_SLACK_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_ACK_WORDS = {"ok", "okay", "okey", "k", "kk", "got", "it", "sounds", "good", "cool", "great",
              "perfect", "alright", "all", "right", "sure", "noted", "understood", "will", "do",
              "nice", "awesome", "fine", "yep", "yup", "thanks", "thank", "you", "thx", "ty",
              "then", "very", "much"}
_THANKFUL = ("🙏", ":pray:", "❤", ":heart:", "😊", ":blush:")
_THUMBS = ("👍", ":+1:", ":thumbsup:", "👌", ":ok_hand:")


def _only_emoji(text: str) -> bool:
    rest = _SLACK_EMOJI.sub("", text)
    rest = "".join(ch for ch in rest if not ch.isspace() and ch not in "\u200d\ufe0f")
    return bool(text.strip()) and all(
        unicodedata.category(ch) in ("So", "Sk", "Cn") or ord(ch) >= 0x1F000 for ch in rest)


def _words(text: str) -> str:
    """The words of a message, without emoji and punctuation at its ends."""
    text = _SLACK_EMOJI.sub(" ", text)
    text = "".join(ch if unicodedata.category(ch)[0] in "LNZ" or ch in "'" else " "
                   for ch in text)
    return " ".join(text.split()).lower()


def small_talk(text: str) -> str | None:
    """The answer in kind, or None when the message is not small talk."""
    raw = (text or "").strip()
    if not raw or len(raw) > 60:
        return None
    if _only_emoji(raw):
        if any(e in raw for e in _THANKFUL):
            return "You're welcome! 🙂"
        return "👍" if any(e in raw for e in _THUMBS) else "🙂"
    words = _words(raw)
    if not words:
        return None
    if _THANKS.match(words) and len(words.split()) <= 5:
        return "You're welcome! Say *help* if you need anything else."
    if _BYE.match(words) and len(words.split()) <= 5:
        return "Take care! I'm here whenever you need me."
    tokens = words.split()
    if _OK.match(words) and all(t in _ACK_WORDS for t in tokens):
        return "👍"
    return None
