"""Split a labelled evaluation set once into a development half and a held-out half.

    python tools/split_eval.py tests/eval/places RAW.jsonl [RAW2.jsonl ...]

Each line goes to `dev.jsonl` or `heldout.jsonl` in that folder by the parity of the first
byte of sha256(text + now): stable, independent of order and of who wrote the line, so a
line added later lands in a half by the same rule and the halves never trade lines. The
raw files are removed: tune only on dev.jsonl, never read heldout.jsonl's lines.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def half(item: dict[str, object]) -> str:
    key = f"{item.get('text', '')}\x00{item.get('now', '')}".encode()
    return "heldout" if hashlib.sha256(key).digest()[0] % 2 else "dev"


def main(argv: list[str]) -> int:
    folder, raws = Path(argv[0]), [Path(a) for a in argv[1:]]
    halves: dict[str, list[str]] = {"dev": [], "heldout": []}
    for name in halves:
        target = folder / f"{name}.jsonl"
        if target.exists():
            halves[name] = [ln for ln in target.read_text(encoding="utf-8").splitlines() if ln]
    seen = {json.loads(ln)["text"] + "\x00" + json.loads(ln).get("now", "")
            for lines in halves.values() for ln in lines}
    for raw in raws:
        for line in raw.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key = item["text"] + "\x00" + item.get("now", "")
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
