"""Reading a labelled set: one JSON object per line (JSON Lines), blank lines ignored.

Shared by every evaluation (places, GPS pins, times, triage) and by the triage training,
so that a malformed line is reported the same way everywhere: file, line number, error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_set(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return items


__all__ = ["read_set"]
