"""Turning stored web rows into what the page draws (plain dicts; the page uses textContent,
except for staff cards, whose Telegram HTML is re-built here from an allow-list)."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from bot.store.web import Item
from flows.events import reply_from_dict

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


def _buttons(rows: Any) -> list[list[dict[str, str]]]:
    return [[{"label": str(label), "data": str(data)} for label, data in row] for row in rows or []]


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
        elif item.kind == "reply":
            reply = reply_from_dict(p)
            view.append(
                {
                    "from": "bot",
                    "key": f"o{item.id}",
                    "id": item.external_id,
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
            )
        elif item.kind in ("message", "card", "status") and "text" in p:
            view.append(
                {
                    "from": "bot",
                    "key": f"o{item.id}",
                    "id": item.external_id,
                    "text": p["text"],
                    "options": [],
                    "links": [],
                }
            )
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
        if item.kind == "callback_answer":
            if p.get("text"):
                toasts.append(
                    {
                        "key": f"o{item.id}",
                        "callback_id": p.get("callback_id"),
                        "text": p["text"],
                        "alert": bool(p.get("alert")),
                    }
                )
            continue
        if item.kind == "edit":
            target = by_id.get(str(p.get("message_id")))
            if target is not None:
                if "text" in p:
                    target["html"] = safe_html(p["text"], bool(p.get("html")))
                target["buttons"] = _buttons(p.get("buttons"))
                target["edited"] = True
            continue
        entry: dict[str, Any] = {
            "from": "bot",
            "key": f"o{item.id}",
            "id": item.external_id,
            "kind": item.kind,
            "ticket_id": item.payload.get("ticket_id"),
            "reply_to": p.get("reply_to_message_id"),
        }
        if item.kind == "location":
            entry["location"] = [p.get("latitude"), p.get("longitude")]
        elif item.kind == "media":
            entry["media"] = p.get("kind") or "document"
            entry["html"] = safe_html(p.get("caption") or "", bool(p.get("html")))
        else:
            entry["html"] = safe_html(str(p.get("text", "")), bool(p.get("html")))
            entry["buttons"] = _buttons(p.get("buttons"))
            entry["force_reply"] = bool(p.get("force_reply"))
        messages.append(entry)
        if item.external_id:
            by_id[item.external_id] = entry
    return messages, toasts
