"""Finding what the sandbox's people refer to: a user, a person who may act, a
conversation, an open modal, and the surface (message, ephemeral, modal or Home tab) that
shows the element they use. The caller holds the workspace lock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import payloads
from .workspace import Channel, Ephemeral, Message, User, View, Workspace


@dataclass
class Surface:
    """Somewhere a person sees interactive elements: a message, an ephemeral, a modal or the Home tab."""

    sort_key: float
    blocks: list[dict[str, Any]]
    message: Message | None = None
    ephemeral: Ephemeral | None = None
    view: View | None = None



def find_user(ws: Workspace, ref: str) -> User:
    user = ws.user(ref) or next((u for u in ws.users.values() if u.name == ref), None)
    if user is None:
        raise AssertionError(f"no user {ref!r} in the sandbox")
    return user


def find_person(ws: Workspace, ref: str) -> User:
    user = find_user(ws, ref)
    if user.deleted:
        raise AssertionError(f"{user.name} is deactivated and cannot act")
    if user.is_bot:
        raise AssertionError("the bot acts through the Web API, not the sandbox's people API")
    return user


def find_channel(ws: Workspace, ref: str) -> Channel:
    channel = ws.channel(ref) or ws.channel_by_name(ref)
    if channel is None:
        raise AssertionError(f"no conversation {ref!r} in the sandbox")
    return channel


def label(channel: Channel) -> str:
    return f"the DM {channel.id}" if channel.is_im else f"#{channel.name}"


def view_title(view: View) -> str:
    return (view.data.get("title") or {}).get("text", view.id)


def open_modal(ws: Workspace, user: User, ref: str | dict[str, Any]) -> View:
    view_id = ref.get("id") if isinstance(ref, dict) else ref
    view = ws.views.get(view_id or "")
    stack = ws.modal_stacks.get(user.id, [])
    if view is None or view.user != user.id or view_id not in stack:
        raise AssertionError(f"view {view_id!r} is not an open modal of {user.name}")
    if stack[-1] != view_id:
        raise AssertionError(
            f"view {view_id!r} is covered by a pushed modal; {user.name} cannot reach it"
        )
    return view


def locate(
    ws: Workspace,
    user: User,
    action_id: str,
    *,
    message: dict[str, Any] | str | None,
    view: dict[str, Any] | str | None,
    value: str | None,
) -> Surface:
    surfaces = visible_surfaces(ws, user, message=message, view=view)
    usable = [
        s for s in surfaces if payloads.find_element(s.blocks, action_id, value) is not None
    ]
    if usable:
        return max(usable, key=lambda s: s.sort_key)
    visible = [
        line
        for s in sorted(surfaces, key=lambda s: -s.sort_key)[:5]
        for line in payloads.describe_actions(s.blocks)
    ]
    where = "the given message/view" if (message or view) else f"anything {user.name} can see"
    wanted = f"action_id={action_id!r}" + (f" value={value!r}" if value is not None else "")
    raise AssertionError(
        f"no element with {wanted} in {where}; recent elements: {visible or 'none'}"
    )


def visible_surfaces(
    ws: Workspace,
    user: User,
    *,
    message: dict[str, Any] | str | None,
    view: dict[str, Any] | str | None,
) -> list[Surface]:
    """The given view or message; else everything the person can see now."""
    if view is not None:
        view_id = view.get("id") if isinstance(view, dict) else view
        found = ws.views.get(view_id or "")
        if found is None or found.user != user.id or found.closed:
            raise AssertionError(f"view {view_id!r} is not open for {user.name}")
        if found.type == "modal":
            found = open_modal(ws, user, found.id)
        return [Surface(found.updated, found.data.get("blocks") or [], view=found)]
    if message is not None:
        return [message_surface(ws, user, message)]
    surfaces = [
        Surface(float(m.ts), m.blocks or [], message=m)
        for channel in ws.channels.values()
        if user.id in channel.members
        for m in ws.messages.get(channel.id, [])
    ]
    surfaces += [
        Surface(float(e.ts), e.blocks or [], ephemeral=e)
        for e in ws.ephemerals
        if e.user == user.id and not e.deleted
    ]
    stack = ws.modal_stack(user.id)
    if stack:
        surfaces.append(
            Surface(stack[-1].updated, stack[-1].data.get("blocks") or [], view=stack[-1])
        )
    home = ws.views.get(ws.home_views.get(user.id, ""))
    if home is not None:
        surfaces.append(Surface(home.updated, home.data.get("blocks") or [], view=home))
    return surfaces


def message_surface(ws: Workspace, user: User, message: dict[str, Any] | str) -> Surface:
    ts = message if isinstance(message, str) else message.get("ts", "")
    if isinstance(message, dict) and message.get("is_ephemeral"):
        ephemeral = ws.find_ephemeral(user.id, ts)
        if ephemeral is None:
            raise AssertionError(f"ephemeral {ts} is not on {user.name}'s screen")
        return Surface(float(ts), ephemeral.blocks or [], ephemeral=ephemeral)
    channel_id = message.get("channel") if isinstance(message, dict) else None
    for channel in (
        [ws.channels[channel_id]] if channel_id in ws.channels else list(ws.channels.values())
    ):
        stored = ws.find_message(channel.id, ts)
        if stored is not None:
            if user.id not in channel.members:
                raise AssertionError(f"{user.name} cannot see {label(channel)}")
            return Surface(float(ts), stored.blocks or [], message=stored)
    raise AssertionError(f"no message with ts {ts!r} (deleted?)")
