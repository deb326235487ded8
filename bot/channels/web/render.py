"""Turning stored web rows into what the page draws (plain dicts; the page uses textContent,
except for staff cards, whose Telegram HTML is re-built here from an allow-list). A
delivered row is read as its typed message (bot/outbox/messages.py); rows whose content
was erased or cannot be read are left out."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from bot.outbox.messages import (
    CallbackAnswer,
    Card,
    CitizenReply,
    Digest,
    Edit,
    Erased,
    Keyboard,
    Location,
    MediaItem,
    StaffMessage,
    Unreadable,
    read_row,
    ticket_named,
)
from bot.store.web import Item
from flows.events import Reply

_ALLOWED = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "s": "s",
    "code": "code",
    "pre": "pre",
    "a": "a",
    "blockquote": "blockquote",
}


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = _ALLOWED.get(tag)
        if name == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.out.append(f'<a href="{html.escape(href)}" rel="noopener" target="_blank">')
            else:
                self.out.append("<a>")
        elif name:
            self.out.append(f"<{name}>")

    def handle_endtag(self, tag: str) -> None:
        name = _ALLOWED.get(tag)
        if name:
            self.out.append(f"</{name}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data))


def safe_html(text: str, is_html: bool) -> str:
    """Telegram-style HTML limited to a few inline tags; plain text escaped."""
    if not is_html:
        return html.escape(text)
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


def _buttons(rows: Keyboard) -> list[list[dict[str, str]]]:
    return [[{"label": b.label, "data": b.action.pack()} for b in row] for row in rows]


def _reply_view(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text,
        "options": [{"id": o.id, "label": o.label} for o in reply.options],
        "columns": reply.columns,
        "request_location": reply.request_location,
        "location": list(reply.location) if reply.location else None,
        "links": [
            {"label": label, "url": url}
            for label, url in reply.links
            if url.startswith(("http://", "https://", "tel:"))
        ],
        "media": [kind for kind, _ref in reply.media],
    }


def citizen_view(items: list[Item]) -> list[dict[str, Any]]:
    view: list[dict[str, Any]] = []
    for item in items:
        p = item.payload
        if item.source == "in":
            entry: dict[str, Any] = {"from": "me", "key": f"i{item.id}"}
            if "choice" in p:
                entry["text"] = p.get("label") or p["choice"]
            elif "location" in p:
                entry["location"] = p["location"]
            elif "file" in p:
                entry["file"] = p["file"].get("name") or "file"
                entry["text"] = p["file"].get("caption") or ""
            else:
                entry["text"] = p.get("text", "")
            view.append(entry)
            continue
        sent = {"from": "bot", "key": f"o{item.id}", "id": item.external_id}
        match read_row(item.kind, p):
            case CitizenReply(reply=reply):
                view.append({**sent, **_reply_view(reply)})
            case StaffMessage(text=text) | Card(text=text):
                view.append({**sent, "text": text, "options": [], "links": []})
    return view


def group_view(items: list[Item]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The group's messages (edits applied to the message they edit) and button answers."""
    messages: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    toasts: list[dict[str, Any]] = []
    for item in items:
        p = item.payload
        if item.source == "in":
            if "callback" in p:
                continue
            messages.append(
                {
                    "from": "me",
                    "key": f"i{item.id}",
                    "user": p.get("user_name"),
                    "text": p.get("text", ""),
                    "reply_to": p.get("reply_to"),
                }
            )
            continue
        message = read_row(item.kind, p)
        if isinstance(message, Erased | Unreadable):
            continue
        if isinstance(message, CallbackAnswer):
            if message.text:
                toasts.append(
                    {
                        "key": f"o{item.id}",
                        "callback_id": message.callback_id,
                        "text": message.text,
                        "alert": message.alert,
                    }
                )
            continue
        if isinstance(message, Edit):
            target = by_id.get(str(message.message_id))
            if target is not None:
                target["html"] = safe_html(message.text, message.html)
                target["buttons"] = _buttons(message.buttons)
                target["edited"] = True
            continue
        entry: dict[str, Any] = {
            "from": "bot",
            "key": f"o{item.id}",
            "id": item.external_id,
            "kind": item.kind,
            "ticket_id": ticket_named(message),
            "reply_to": getattr(message, "reply_to", None),
        }
        match message:
            case Location(latitude=latitude, longitude=longitude):
                entry["location"] = [latitude, longitude]
            case MediaItem(kind=kind, caption=caption):
                entry["media"] = kind or "document"
                entry["html"] = safe_html(caption or "", False)
            case StaffMessage() | Card() | Digest():
                entry["html"] = safe_html(message.text, message.html)
                entry["buttons"] = _buttons(message.buttons)
                entry["force_reply"] = isinstance(message, StaffMessage) and message.force_reply
            case _:  # an album, or a citizen's reply: no text of a staff message
                entry["html"] = ""
                entry["buttons"] = []
                entry["force_reply"] = False
        messages.append(entry)
        if item.external_id:
            by_id[item.external_id] = entry
    return messages, toasts
