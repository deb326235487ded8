"""Standard replies (data/standard_replies.json): professional texts an officer can send
with one tap, in the citizen's language, or copy and edit first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.settings import DATA_ROOT

PATH = DATA_ROOT / "standard_replies.json"


@dataclass(frozen=True, slots=True)
class StandardReply:
    id: str
    labels: dict[str, str]
    texts: dict[str, str]

    def label(self, locale: str) -> str:
        return self.labels.get(locale) or self.labels.get("id") or self.id

    def text(self, locale: str) -> str:
        return self.texts.get(locale) or self.texts["id"]


@cache
def load(path: Path = PATH) -> tuple[StandardReply, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    replies = tuple(
        StandardReply(item["id"], dict(item["label"]), dict(item["texts"]))
        for item in raw["replies"]
    )
    for reply in replies:
        if not {"id", "en"} <= set(reply.texts):
            raise ValueError(f"{path}: reply {reply.id} needs texts in id and en")
        if len(reply.id) > 20:
            raise ValueError(f"{path}: reply id {reply.id} is longer than 20 characters")
    return replies


def find(reply_id: str) -> StandardReply | None:
    return next((r for r in load() if r.id == reply_id), None)
