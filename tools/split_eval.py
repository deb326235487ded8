"""Split a labelled evaluation set once into a development half and a held-out half.

    python tools/split_eval.py tests/eval/places RAW.jsonl [RAW2.jsonl ...]

Each line goes to `dev.jsonl` or `heldout.jsonl` in that folder by the parity of the first
byte of the sha256 of its identity (text and "now"; a GPS line: label and point): stable,
independent of order and of who wrote the line, so a line added later lands in a half by
the same rule and the halves never trade lines. The raw files are removed: tune only on
dev.jsonl, never read heldout.jsonl's lines.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def identity(item: dict[str, object]) -> str:
    """What makes a line itself: its text and "now" (a GPS line: its label and point)."""
    if "text" in item:
        return f"{item['text']}\x00{item.get('now', '')}"
    return f"{item.get('label', '')}\x00{item.get('lat')},{item.get('lon')}"


def half(item: dict[str, object]) -> str:
    return "heldout" if hashlib.sha256(identity(item).encode()).digest()[0] % 2 else "dev"


def main(argv: list[str]) -> int:
    folder, raws = Path(argv[0]), [Path(a) for a in argv[1:]]
    halves: dict[str, list[str]] = {"dev": [], "heldout": []}
    for name in halves:
        target = folder / f"{name}.jsonl"
        if target.exists():
            halves[name] = [ln for ln in target.read_text(encoding="utf-8").splitlines() if ln]
    seen = {identity(json.loads(ln)) for lines in halves.values() for ln in lines}
    for raw in raws:
        for line in raw.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key = identity(item)
            if key in seen:
                continue
            seen.add(key)
            halves[half(item)].append(json.dumps(item, ensure_ascii=False))
    for name, lines in halves.items():
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{folder / name}.jsonl: {len(lines)} lines")
    for raw in raws:
        raw.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
