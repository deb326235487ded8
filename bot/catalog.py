"""Reference data shipped in data/: the complaint categories."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from bot.settings import DATA_ROOT
from flows.ports import Category


@cache
def load_categories(path: Path = DATA_ROOT / "categories.json") -> tuple[Category, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    categories = tuple(
        Category(
            id=item["id"],
            labels=item["labels"],
            emoji=item.get("emoji", ""),
            route_to=item.get("route_to", "polres"),
            keywords=tuple(item.get("keywords", ())),
            sensitive=bool(item.get("sensitive", False)),
            next_steps=dict(item.get("next_step", {})),
        )
        for item in raw["categories"]
    )
    ids = [c.id for c in categories]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate category ids")
    for category in categories:
        if category.route_to not in ("polres", "propam"):
            raise ValueError(f"{path}: category {category.id}: route_to must be polres or propam")
        if "id" not in category.labels or "en" not in category.labels:
            raise ValueError(f"{path}: category {category.id} needs labels in id and en")
    return categories
