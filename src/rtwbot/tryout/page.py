"""The workspace page: sidebar, conversation, thread, modal, Home tab — and the pieces the
offline transcript shares (the style sheet, one message as HTML)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from .blocks import Surface, esc, render_blocks
from .mrkdwn import Names, plain_html, to_html

TZ = ZoneInfo("America/Toronto")

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.46 -apple-system, "Segoe UI", Lato, Helvetica, Arial, sans-serif;
       color: #1d1c1d; background: #fff; }
a { color: #1264a3; text-decoration: none; } a:hover { text-decoration: underline; }
.app { display: grid; grid-template-columns: 240px 1fr; grid-template-rows: 44px 1fr;
       height: 100vh; }
.topbar { grid-column: 1 / 3; background: #350d36; color: #fff; display: flex;
          align-items: center; gap: 16px; padding: 0 16px; }
.topbar .team { font-weight: 900; font-size: 16px; }
.topbar .spacer { flex: 1; }
.topbar form { margin: 0; } .topbar select { font-size: 14px; padding: 3px 6px; border-radius: 4px; }
.topbar .clock { opacity: .8; font-size: 13px; }
.sidebar { background: #3f0e40; color: #cfc3cf; overflow-y: auto; padding: 8px 0; }
.sidebar h4 { margin: 14px 16px 4px; font-size: 13px; font-weight: 600; color: #bcabbc; }
.sidebar a { display: block; padding: 3px 16px 3px 26px; color: #cfc3cf; }
.sidebar a.active { background: #1164a3; color: #fff; }
.sidebar a:hover { background: #350d36; text-decoration: none; }
.main { display: flex; min-height: 0; }
.pane { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.pane-head { border-bottom: 1px solid #ddd; padding: 10px 20px; font-weight: 900; font-size: 17px; }
.pane-head .sub { font-weight: 400; font-size: 13px; color: #616061; margin-left: 8px; }
.messages { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.thread { width: 420px; border-left: 1px solid #ddd; display: flex; flex-direction: column; }
.msg { display: flex; gap: 8px; padding: 6px 20px; }
.msg:hover { background: #f8f8f8; }
.avatar { width: 36px; height: 36px; border-radius: 6px; color: #fff; font-weight: 700;
          display: flex; align-items: center; justify-content: center; flex: none; font-size: 14px; }
.body { min-width: 0; flex: 1; }
.who { font-weight: 900; } .who .app-tag { background: #e8e8e8; color: #616061; font-size: 10px;
       font-weight: 700; padding: 1px 3px; border-radius: 2px; margin-left: 4px; }
.when { color: #616061; font-size: 12px; margin-left: 6px; }
.where { color: #616061; font-size: 12px; margin-left: 6px; }
.ephemeral { color: #616061; font-size: 12px; } .msg.is-ephemeral { background: #f4f7fb; }
.replies a { font-size: 13px; font-weight: 700; }
.b-header { font-weight: 900; font-size: 17px; margin: 6px 0 2px; }
.b-section { display: flex; gap: 12px; align-items: flex-start; margin: 3px 0; }
.b-main { flex: 1; min-width: 0; } .b-text { overflow-wrap: anywhere; }
.b-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.b-context { color: #616061; font-size: 13px; margin: 3px 0; }
.b-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; align-items: center; }
.b-divider { border: 0; border-top: 1px solid #ddd; margin: 10px 0; }
.b-image { max-width: 360px; border-radius: 6px; }
blockquote { border-left: 4px solid #ddd; margin: 4px 0; padding-left: 10px; }
pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px;
      white-space: pre-wrap; font-size: 13px; }
code { background: #f8f8f8; border: 1px solid #e1e1e1; color: #e01e5a; padding: 0 3px;
       border-radius: 3px; font-size: 13px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
form.el { display: inline-block; margin: 0; }
.btn { font: inherit; font-size: 14px; font-weight: 700; background: #fff; color: #1d1c1d;
       border: 1px solid #bbb; border-radius: 4px; padding: 4px 12px; cursor: pointer; }
.btn:hover { background: #f6f6f6; }
.btn.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.btn.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
.btn:disabled { cursor: default; }
.select, .picker, .text { font: inherit; font-size: 14px; border: 1px solid #bbb;
       border-radius: 4px; padding: 4px 8px; background: #fff; max-width: 100%; }
.text { width: 100%; } textarea.text { resize: vertical; }
.choices { display: flex; flex-direction: column; gap: 2px; }
.choice { font-size: 14px; }
.file { display: inline-flex; align-items: center; gap: 10px; border: 1px solid #ddd;
        border-radius: 8px; padding: 8px 12px; margin: 4px 0; background: #fff; }
.file .icon { font-size: 22px; } .file .meta { color: #616061; font-size: 12px; }
.composer { border: 1px solid #bbb; border-radius: 8px; margin: 0 20px 16px; display: flex;
            align-items: center; gap: 6px; padding: 6px 8px; }
.composer input[type=text] { flex: 1; border: 0; font: inherit; outline: none; padding: 4px; }
.composer .upload { font-size: 13px; color: #616061; }
.muted { color: #616061; }
.notice { margin: 8px 20px; padding: 8px 12px; border-radius: 6px; background: #fff4e5;
          border: 1px solid #f2c744; font-size: 14px; }
.home { flex: 1; overflow-y: auto; padding: 16px 24px; max-width: 760px; }
.tabs { display: flex; gap: 18px; border-bottom: 1px solid #ddd; padding: 0 20px; font-size: 14px; }
.tabs a { padding: 8px 0; color: #616061; } .tabs a.on { color: #1d1c1d; font-weight: 700;
          border-bottom: 2px solid #1d1c1d; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex;
            align-items: flex-start; justify-content: center; padding-top: 5vh; z-index: 10; }
.modal { background: #fff; width: 560px; max-height: 90vh; border-radius: 8px;
         display: flex; flex-direction: column; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.modal header { display: flex; align-items: center; padding: 16px 24px; font-size: 20px;
                font-weight: 900; border-bottom: 1px solid #eee; }
.modal header .x { margin-left: auto; }
.modal .content { overflow-y: auto; padding: 12px 24px; }
.modal footer { display: flex; justify-content: flex-end; gap: 8px; padding: 14px 24px;
                border-top: 1px solid #eee; }
.input-block { margin: 10px 0 14px; } .input-label { display: block; font-weight: 700;
               margin-bottom: 4px; }
.hint { color: #616061; font-size: 12px; margin-top: 3px; }
.field-error { color: #e01e5a; font-size: 13px; margin-top: 3px; font-weight: 600; }
.scene { margin: 28px 0 6px; padding: 6px 20px; background: #f4ede4; font-weight: 900; }
.transcript { max-width: 900px; margin: 0 auto; }
"""

_COLOURS = ["#2bac76", "#1264a3", "#e01e5a", "#ecb22e", "#7c3085", "#36c5f0", "#d35400",
            "#616061"]


def avatar(name: str, is_bot: bool = False) -> str:
    colour = "#4a154b" if is_bot else _COLOURS[
        int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(_COLOURS)]
    initials = "".join(w[0] for w in name.split()[:2]).upper() or "?"
    return f'<div class="avatar" style="background:{colour}">{esc(initials)}</div>'


def clock_time(ts: str) -> str:
    return datetime.fromtimestamp(float(ts), TZ).strftime("%-I:%M %p")


def file_html(file: dict[str, Any], link: bool = True) -> str:
    name = file.get("name", "file")
    size = max(1, int(file.get("size") or 0) // 1024)
    icon = "📕" if name.lower().endswith(".pdf") else "🖼️" if file.get("mimetype", "").startswith(
        "image/") else "📄"
    href = f"/file/{file['id']}" if link else file.get("href")
    title = (f'<a href="{esc(href)}" target="_blank">{esc(name)}</a>' if href
             else f"<b>{esc(name)}</b>")
    return (f'<div class="file"><span class="icon">{icon}</span><div>{title}'
            f'<div class="meta">{size} KB · {esc(file.get("filetype") or "file").upper()}</div>'
            "</div></div>")


def message_html(message: dict[str, Any], names: Names, *, speaker: str, is_bot: bool,
                 surface: Surface | None, where: str = "", replies: str = "",
                 link_files: bool = True) -> str:
    """One message as Slack shows it: avatar, name, time, blocks (or text), files."""
    blocks = message.get("blocks") or []
    if blocks:
        body = render_blocks(blocks, names, surface)
    else:
        body = f'<div class="b-text">{to_html(message.get("text") or "", names)}</div>'
    for file in message.get("files") or []:
        body += file_html(file, link_files)
    ephemeral = message.get("is_ephemeral")
    head = (f'<span class="who">{esc(speaker)}'
            f'{"<span class=app-tag>APP</span>" if is_bot else ""}</span>'
            f'<span class="when">{clock_time(message["ts"])}</span>'
            + (f'<span class="where">{where}</span>' if where else ""))
    if ephemeral:
        head += '<div class="ephemeral">👁 Only visible to you</div>'
    if message.get("edited"):
        body += '<span class="muted">(edited)</span>'
    css = "msg is-ephemeral" if ephemeral else "msg"
    return (f'<div class="{css}" data-ts="{esc(message["ts"])}">{avatar(speaker, is_bot)}'
            f'<div class="body"><div>{head}</div>{body}{replies}</div></div>')


@dataclass
class View:
    """What one person sees now: built by ``actions.Workspace.view_for``."""

    handle: str
    user_id: str
    people: list[tuple[str, str, str]]  # (handle, real name, role) for "switch user"
    conversations: list[dict[str, Any]]
    current: str  # a channel id, or "home"
    title: str
    messages: list[str] = field(default_factory=list)
    thread: list[str] | None = None
    thread_ts: str = ""
    home: str = ""
    modal: str = ""
    notice: str = ""
    now: str = ""
    can_post: bool = True


def url(handle: str, **query: str) -> str:
    return "/?" + urlencode({"as": handle, **{k: v for k, v in query.items() if v}})


def _sidebar(view: View, name_of: Callable[[dict[str, Any]], str]) -> str:
    links = ['<h4>Apps</h4>',
             f'<a id="nav-home" class="{"active" if view.current == "home" else ""}" '
             f'href="/home?as={esc(view.handle)}">🏠 rtwbot — Home</a>']
    dms = [c for c in view.conversations if c["is_im"]]
    channels = [c for c in view.conversations if not c["is_im"]]
    links.append("<h4>Channels</h4>")
    for c in channels:
        lock = "🔒" if c["is_private"] else "#"
        links.append(f'<a id="nav-{esc(c["name"])}" class="{"active" if view.current == c["id"] else ""}" '
                     f'href="{esc(url(view.handle, c=c["id"]))}">{lock} {esc(c["name"])}</a>')
    if not channels:
        links.append('<a class="muted" href="#">(none yet)</a>')
    links.append("<h4>Direct messages</h4>")
    for c in dms:
        links.append(f'<a id="nav-dm" class="{"active" if view.current == c["id"] else ""}" '
                     f'href="{esc(url(view.handle, c=c["id"]))}">🤖 {esc(name_of(c))}</a>')
    return '<nav class="sidebar">' + "".join(links) + "</nav>"


def _topbar(view: View) -> str:
    options = "".join(
        f'<option value="{esc(h)}" {"selected" if h == view.handle else ""}>'
        f"{esc(n)} — {esc(r)}</option>" for h, n, r in view.people)
    return (
        '<header class="topbar"><span class="team">Sandbox Workplace</span>'
        '<span class="clock">' + esc(view.now) + "</span><span class=spacer></span>"
        '<form method="post" action="/act" class="el"><input type="hidden" name="op" '
        f'value="shortcut"><input type="hidden" name="as" value="{esc(view.handle)}">'
        '<button class="btn" id="shortcut-report" name="callback_id" value="report_injury">'
        "⚡ Report an injury</button></form>"
        '<form method="get" action="/" id="switch-user"><label>Acting as '
        f'<select name="as" id="switch" onchange="this.form.submit()">{options}</select>'
        "</label></form></header>")


def _composer(view: View, thread_ts: str = "") -> str:
    ident = "reply" if thread_ts else "compose"
    placeholder = "Reply…" if thread_ts else (
        "Message rtwbot — try “help”, “status”, or /rtw report" if view.current.startswith("D")
        else "Message the channel")
    return (
        f'<form class="composer" method="post" action="/act" enctype="multipart/form-data" '
        f'id="{ident}-form"><input type="hidden" name="op" value="send">'
        f'<input type="hidden" name="as" value="{esc(view.handle)}">'
        f'<input type="hidden" name="channel" value="{esc(view.current)}">'
        f'<input type="hidden" name="thread_ts" value="{esc(thread_ts)}">'
        f'<input type="text" name="text" id="{ident}" autocomplete="off" '
        f'placeholder="{esc(placeholder)}" autofocus>'
        + ("" if thread_ts else
           f'<label class="upload" title="Upload a file">📎 <input type="file" name="file" '
           f'id="{ident}-file"></label>') +
        f'<button class="btn primary" id="{ident}-send">Send</button></form>')


def render_page(view: View, name_of: Callable[[dict[str, Any]], str]) -> str:
    notice = f'<div class="notice" id="notice">{plain_html(view.notice)}</div>' if view.notice else ""
    if view.current == "home":
        pane = ('<section class="pane" id="home"><div class="pane-head">rtwbot</div>'
                '<div class="tabs"><a class="on">Home</a>'
                f'<a href="{esc(url(view.handle, c=_dm_id(view)))}">Messages</a></div>'
                f'{notice}<div class="home">{view.home or "<p class=muted>Loading…</p>"}</div>'
                "</section>")
    else:
        messages = "".join(view.messages) or '<p class="muted" style="padding:0 20px">' \
            "No messages yet.</p>"
        composer = _composer(view) if view.can_post else ""
        pane = (f'<section class="pane" id="conversation"><div class="pane-head">'
                f"{esc(view.title)}</div>{notice}"
                f'<div class="messages" id="messages">{messages}</div>{composer}</section>')
        if view.thread is not None:
            pane += ('<aside class="thread" id="thread"><div class="pane-head">Thread'
                     f'<a class="sub" href="{esc(url(view.handle, c=view.current))}">✕ close</a>'
                     f'</div><div class="messages">{"".join(view.thread)}</div>'
                     f"{_composer(view, view.thread_ts) if view.can_post else ''}</aside>")
    return ("<!doctype html><html><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(view.title)} — rtwbot sandbox</title><style>{CSS}</style></head><body>"
            f'<div class="app">{_topbar(view)}{_sidebar(view, name_of)}'
            f'<main class="main">{pane}</main></div>{view.modal}'
            "<script>for (const m of document.querySelectorAll('.messages'))"
            " m.scrollTop = m.scrollHeight;"
            "const e = document.querySelector('.field-error');"
            " if (e) e.scrollIntoView({block: 'center'});</script></body></html>")


def _dm_id(view: View) -> str:
    return next((c["id"] for c in view.conversations if c["is_im"]), "")


def modal_html(view: dict[str, Any], names: Names, handle: str, people: list[tuple[str, str]],
               notice: str = "") -> str:
    """The person's top modal over the page: title, blocks, Cancel and Submit."""
    form_id = "modal-form"
    surface = Surface(fields={"as": handle, "view": view["id"]}, people=people,
                      modal_form=form_id, state=(view.get("state") or {}).get("values") or {},
                      errors=view.get("errors") or {})
    title = plain_html((view.get("title") or {}).get("text", ""))
    close = plain_html((view.get("close") or {}).get("text", "Cancel"))
    submit = view.get("submit")
    close_form = (
        f'<form method="post" action="/act" class="el"><input type="hidden" name="op" '
        f'value="close"><input type="hidden" name="as" value="{esc(handle)}">'
        f'<input type="hidden" name="view" value="{esc(view["id"])}">'
        f'<button class="btn" id="modal-close">{close}</button></form>')
    submit_form = ""
    if submit:
        submit_form = (
            f'<form method="post" action="/act" class="el" id="{form_id}">'
            f'<input type="hidden" name="op" value="submit"><input type="hidden" name="as" '
            f'value="{esc(handle)}"><input type="hidden" name="view" value="{esc(view["id"])}">'
            f'<button class="btn primary" id="modal-submit">{plain_html(submit.get("text", "Submit"))}'
            "</button></form>")
    flash = f'<div class="notice">{plain_html(notice)}</div>' if notice else ""
    return (f'<div class="backdrop"><div class="modal" id="modal" data-view="{esc(view["id"])}">'
            f"<header>{title}</header>{flash}"
            f'<div class="content">{render_blocks(view.get("blocks") or [], names, surface)}</div>'
            f"<footer>{close_form}{submit_form}</footer></div></div>")
