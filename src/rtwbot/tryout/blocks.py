"""Block Kit as HTML, as Slack's client draws it.

``render_blocks`` draws sections (text, fields, accessory), context, actions, headers,
dividers, images, rich text and input blocks. With a ``Surface`` the interactive elements are
live: each button, menu, date picker or overflow menu is a small form posting a click to
``/act``; a modal's inputs belong to the modal's own form. Without one (the offline
transcript) they are drawn but inert.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from .mrkdwn import Names, plain_html, to_html

SELECTS = {"static_select", "external_select", "users_select", "conversations_select",
           "channels_select"}
MULTI_SELECTS = {"multi_static_select", "multi_external_select", "multi_users_select",
                 "multi_conversations_select", "multi_channels_select"}
TEXT_INPUTS = {"plain_text_input": "text", "email_text_input": "email", "url_text_input": "url",
               "number_input": "text", "rich_text_input": "text"}


@dataclass
class Surface:
    """Where the elements are, as the hidden fields of the forms that click them."""

    fields: dict[str, str]
    people: list[tuple[str, str]] = field(default_factory=list)  # (user id, name) for menus
    modal_form: str | None = None  # the form a modal's inputs belong to
    state: dict[str, dict[str, Any]] = field(default_factory=dict)  # a view's state.values
    errors: dict[str, str] = field(default_factory=dict)  # a view's errors per block_id


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def text_html(obj: Any, names: Names) -> str:
    if isinstance(obj, dict):
        if obj.get("type") == "mrkdwn":
            return to_html(obj.get("text", ""), names)
        return plain_html(obj.get("text", ""))
    return plain_html(str(obj or ""))


def _plain(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else str(obj or "")


def _hidden(fields: dict[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">'
                   for k, v in fields.items() if v is not None)


def _click_form(surface: Surface, element: dict[str, Any], inner: str, css: str = "") -> str:
    fields = {**surface.fields, "op": "click", "action_id": element.get("action_id", ""),
              "kind": element.get("type", "")}
    return (f'<form method="post" action="/act" class="el {css}">{_hidden(fields)}{inner}'
            "</form>")


def _options(element: dict[str, Any], surface: Surface | None) -> list[tuple[str, str]]:
    kind = element.get("type", "")
    if kind in ("users_select", "multi_users_select"):
        return list(surface.people) if surface else []
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return [(o.get("value", ""), _plain(o.get("text"))) for o in options]


def _chosen(element: dict[str, Any], entry: dict[str, Any] | None) -> set[str]:
    """The values shown as picked: from the view's state, else the element's initial ones."""
    if entry:
        for key in ("selected_option",):
            if entry.get(key):
                return {entry[key].get("value", "")}
        if entry.get("selected_options"):
            return {o.get("value", "") for o in entry["selected_options"]}
        for key in ("selected_user", "selected_conversation", "selected_channel"):
            if entry.get(key):
                return {entry[key]}
        for key in ("selected_users", "selected_conversations", "selected_channels"):
            if entry.get(key):
                return set(entry[key])
        return set()
    if element.get("initial_option"):
        return {element["initial_option"].get("value", "")}
    if element.get("initial_options"):
        return {o.get("value", "") for o in element["initial_options"]}
    for key in ("initial_user", "initial_conversation", "initial_channel"):
        if element.get(key):
            return {element[key]}
    for key in ("initial_users", "initial_conversations", "initial_channels"):
        if element.get(key):
            return set(element[key])
    return set()


def _scalar(element: dict[str, Any], entry: dict[str, Any] | None) -> str:
    if entry:
        for key in ("value", "selected_date", "selected_time"):
            if entry.get(key) is not None:
                return str(entry[key])
        return ""
    for key in ("initial_value", "initial_date", "initial_time"):
        if element.get(key) is not None:
            return str(element[key])
    return ""


def _select_html(element: dict[str, Any], surface: Surface | None, name: str, *,
                 auto: bool, form: str = "", multiple: bool = False,
                 entry: dict[str, Any] | None = None, required: bool = False) -> str:
    chosen = _chosen(element, entry)
    placeholder = _plain(element.get("placeholder")) or "Choose an option"
    opts = [] if multiple else [
        f'<option value="" {"selected" if not chosen else ""} disabled>{esc(placeholder)}</option>']
    for value, label in _options(element, surface):
        opts.append(f'<option value="{esc(value)}" {"selected" if value in chosen else ""}>'
                    f"{esc(label)}</option>")
    attrs = f' name="{esc(name)}"'
    if form:
        attrs += f' form="{esc(form)}"'
    if multiple:
        attrs += " multiple"
    if required:
        attrs += " required"
    if auto:
        attrs += ' onchange="this.form.submit()"'
    if surface is None:
        attrs += " disabled"
    return f'<select class="select"{attrs}>{"".join(opts)}</select>'


def element_html(element: dict[str, Any], names: Names, surface: Surface | None) -> str:
    """An interactive element outside an input block (in actions, or a section's accessory)."""
    kind = element.get("type", "")
    if kind == "image":
        return (f'<img class="thumb" src="{esc(element.get("image_url", ""))}" '
                f'alt="{esc(element.get("alt_text", ""))}">')
    if kind in ("mrkdwn", "plain_text"):
        return text_html(element, names)
    # Clickable only on a surface whose forms can post the click back.
    live = surface if surface is not None and surface.fields else None
    if kind == "button":
        style = element.get("style", "")
        label = plain_html(_plain(element.get("text")))
        if element.get("url") and not element.get("action_id"):
            return (f'<a class="btn {esc(style)}" href="{esc(element["url"])}" target="_blank">'
                    f"{label}</a>")
        button = (f'<button class="btn {esc(style)}" name="value" '
                  f'value="{esc(element.get("value", ""))}"{"" if live else " disabled"}>'
                  f"{label}</button>")
        return _click_form(live, element, button) if live else button
    if kind in SELECTS or kind == "overflow":
        if kind == "overflow":
            element = {**element, "placeholder": {"type": "plain_text", "text": "⋯"}}
        select = _select_html(element, live, "selected", auto=True)
        return _click_form(live, element, select, "overflow" if kind == "overflow"
                           else "") if live else select
    if kind in MULTI_SELECTS or kind == "checkboxes":
        inner = (_choices(element, surface, "selected", "checkbox") if kind == "checkboxes"
                 else _select_html(element, live, "selected", auto=False,
                                   multiple=True))
        if not live:
            return inner
        return _click_form(live, element, inner + '<button class="btn">Apply</button>')
    if kind == "radio_buttons":
        inner = _choices(element, surface, "selected", "radio", auto=live is not None)
        return _click_form(live, element, inner) if live else inner
    if kind in ("datepicker", "timepicker"):
        value = _scalar(element, None)
        kind_attr = "date" if kind == "datepicker" else "time"
        extra = ' onchange="this.form.submit()"' if live else " disabled"
        label = esc(_plain(element.get("placeholder")))
        control = (f'<input class="picker" type="{kind_attr}" name="selected" '
                   f'value="{esc(value)}" aria-label="{label}"{extra}>')
        return _click_form(live, element, control) if live else control
    return f'<span class="muted">[{esc(kind)}]</span>'


def _choices(element: dict[str, Any], surface: Surface | None, name: str, kind: str, *,
             form: str = "", auto: bool = False, entry: dict[str, Any] | None = None) -> str:
    chosen = _chosen(element, entry)
    extra = (f' form="{esc(form)}"' if form else "") + (
        ' onchange="this.form.submit()"' if auto else "") + ("" if surface else " disabled")
    items = []
    for option in (element.get("options") or []):
        value = option.get("value", "")
        label = text_html(option.get("text"), Names(str, str))
        items.append(f'<label class="choice"><input type="{kind}" name="{esc(name)}" '
                     f'value="{esc(value)}"{" checked" if value in chosen else ""}{extra}> '
                     f"{label}</label>")
    return '<div class="choices">' + "".join(items) + "</div>"


def input_html(block: dict[str, Any], names: Names, surface: Surface | None) -> str:
    """An input block of a modal: label, control (in the modal's form), hint, error."""
    element = block.get("element") or {}
    kind = element.get("type", "")
    block_id, action_id = block.get("block_id", ""), element.get("action_id", "")
    name = f"i:{block_id}.{action_id}"
    form = surface.modal_form if surface else ""
    entry = (surface.state.get(block_id) or {}).get(action_id) if surface else None
    optional = bool(block.get("optional"))
    required = "" if optional else " required"
    attrs = f' name="{esc(name)}" id="{esc(name)}"' + (f' form="{esc(form)}"' if form else "")
    if surface is None:
        attrs += " disabled"
    if kind in TEXT_INPUTS:
        value = _scalar(element, entry)
        placeholder = esc(_plain(element.get("placeholder")))
        limit = f' maxlength="{int(element["max_length"])}"' if element.get("max_length") else ""
        if element.get("multiline"):
            control = (f'<textarea class="text"{attrs}{required}{limit} rows="3" '
                       f'placeholder="{placeholder}">{esc(value)}</textarea>')
        else:
            control = (f'<input class="text" type="{TEXT_INPUTS[kind]}"{attrs}{required}{limit} '
                       f'value="{esc(value)}" placeholder="{placeholder}">')
    elif kind in SELECTS:
        control = _select_html(element, surface, name, auto=False, form=form or "", entry=entry,
                               required=not optional)
    elif kind in MULTI_SELECTS:
        control = _select_html(element, surface, name, auto=False, form=form or "", entry=entry,
                               multiple=True)
    elif kind in ("radio_buttons", "checkboxes"):
        control = _choices(element, surface, name, "radio" if kind == "radio_buttons"
                           else "checkbox", form=form or "", entry=entry)
    elif kind in ("datepicker", "timepicker"):
        control = (f'<input class="picker" type="{"date" if kind == "datepicker" else "time"}"'
                   f'{attrs}{required} value="{esc(_scalar(element, entry))}">')
    elif kind == "file_input":
        control = f'<input type="file"{attrs}>'
    else:
        control = f'<span class="muted">[{esc(kind)}]</span>'
    label = plain_html(_plain(block.get("label")))
    out = (f'<div class="input-block" data-block="{esc(block_id)}">'
           f'<label class="input-label" for="{esc(name)}">{label}'
           f'{" <span class=muted>(optional)</span>" if optional else ""}</label>{control}')
    if block.get("hint"):
        out += f'<div class="hint">{text_html(block["hint"], names)}</div>'
    if surface and surface.errors.get(block_id):
        out += f'<div class="field-error">{plain_html(surface.errors[block_id])}</div>'
    return out + "</div>"


def _rich(element: dict[str, Any], names: Names) -> str:
    kind = element.get("type")
    if kind == "text":
        text = html.escape(element.get("text", "")).replace("\n", "<br>")
        style = element.get("style") or {}
        if style.get("bold"):
            text = f"<b>{text}</b>"
        if style.get("italic"):
            text = f"<i>{text}</i>"
        if style.get("code"):
            text = f"<code>{text}</code>"
        return text
    if kind == "user":
        return f'<span class="mention">@{esc(names.user(element.get("user_id", "")))}</span>'
    if kind == "channel":
        return f'<span class="mention">#{esc(names.channel(element.get("channel_id", "")))}</span>'
    if kind == "link":
        return (f'<a href="{esc(element.get("url", ""))}" target="_blank">'
                f'{esc(element.get("text") or element.get("url", ""))}</a>')
    if kind == "emoji":
        return esc(element.get("unicode") and chr(int(element["unicode"].split("-")[0], 16))
                   or f":{element.get('name', '')}:")
    inner = "".join(_rich(e, names) for e in element.get("elements") or [])
    if kind == "rich_text_list":
        tag = "ol" if element.get("style") == "ordered" else "ul"
        items = "".join(f"<li>{_rich(e, names)}</li>" for e in element.get("elements") or [])
        return f"<{tag}>{items}</{tag}>"
    if kind == "rich_text_quote":
        return f"<blockquote>{inner}</blockquote>"
    if kind == "rich_text_preformatted":
        return f"<pre>{inner}</pre>"
    return inner


def render_blocks(blocks: list[dict[str, Any]], names: Names,
                  surface: Surface | None = None) -> str:
    out: list[str] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind == "header":
            out.append(f'<div class="b-header">{text_html(block.get("text"), names)}</div>')
        elif kind == "section":
            body = ""
            if block.get("text"):
                body += f'<div class="b-text">{text_html(block["text"], names)}</div>'
            if block.get("fields"):
                body += '<div class="b-fields">' + "".join(
                    f"<div>{text_html(f, names)}</div>" for f in block["fields"]) + "</div>"
            accessory = ""
            if isinstance(block.get("accessory"), dict):
                accessory = (f'<div class="b-accessory">'
                             f'{element_html(block["accessory"], names, surface)}</div>')
            out.append(f'<div class="b-section"><div class="b-main">{body}</div>{accessory}</div>')
        elif kind == "context":
            parts = [element_html(e, names, None) for e in block.get("elements") or []]
            out.append('<div class="b-context">' + " ".join(parts) + "</div>")
        elif kind == "actions":
            parts = [element_html(e, names, surface) for e in block.get("elements") or []]
            out.append('<div class="b-actions">' + "".join(parts) + "</div>")
        elif kind == "divider":
            out.append('<hr class="b-divider">')
        elif kind == "image":
            out.append(f'<img class="b-image" src="{esc(block.get("image_url", ""))}" '
                       f'alt="{esc(block.get("alt_text", ""))}">')
        elif kind == "rich_text":
            out.append(f'<div class="b-text">{_rich(block, names)}</div>')
        elif kind == "input":
            out.append(input_html(block, names, surface))
        else:
            out.append(f'<div class="muted">({esc(kind)} block)</div>')
    return "".join(out)
