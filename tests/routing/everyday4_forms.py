"""Generated probe: the tree's names that hold the words session 44 reads as a story's.

Owns: generating, from the Kemendagri tree (not from any text this code was written
beside), every region name whose first word is one of the words session 44 reads as a
story's word in a sentence: the first words several kab/kota share that are words of the
language (`Gazetteer.word_heads`: "tanah", "tulang", "pegunungan") and the material names
of story_places (`MATERIAL_NAMES`: "batu"), and the chat-form one-word village names
(the resolver's `_told` and no sentence word: "sampe", "dapet"), each written where a
citizen places it: alone, after its level word ("desa", "kecamatan", "kabupaten"/"kota"),
after "di", and in a short story ("motor hilang di {X}"). It prints, per frame, how many
texts reach the name (the answer or the question holds its kab/kota) and writes the
texts reached to a file, so two runs (before and after a change) compare text by text.

Run it (a few minutes): `python -m tests.routing.everyday4_forms OUT.txt`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.routing.place_index import sentence_word
from bot.routing.place_words import MATERIAL_NAMES, name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router, _told
from bot.settings import load_settings

LEVEL_WORDS = {2: "kabupaten", 3: "kecamatan", 4: "desa"}
FRAMES = (
    ("alone", "{X}"),
    ("level", "{L} {X}"),
    ("di", "di {X}"),
    ("story", "motor hilang di {X}"),
)


def class_names(router: Router) -> list[tuple[str, str]]:
    """(name key, code) of every region whose name starts with a word of the class."""
    gaz = router.gazetteer
    # a gazetteer before session 44 has no `word_heads`: its three words, so that a run on
    # main and one on this branch generate the same texts
    heads = set(getattr(gaz, "word_heads", ())) or {"tanah", "tulang", "pegunungan"}
    heads |= {w for w in MATERIAL_NAMES if " " not in w}
    names = []
    for code, name in gaz.tree.items():
        level = level_of(code)
        if level < 2:
            continue
        key = name_key(bare_regency_name(name) if level == 2 else name)
        first = key.split()[0] if key else ""
        if first in heads or (" " not in key and _told(key) and not sentence_word(key)):
            names.append((key, code))
    return sorted(names)


def main(out: Path) -> int:
    router = Router.load(load_settings())
    reached: Counter[str] = Counter()
    total: Counter[str] = Counter()
    lines = []
    for key, code in class_names(router):
        level = level_of(code)
        word = LEVEL_WORDS[level] if level != 2 or code[3] != "7" else "kota"
        for kind, frame in FRAMES:
            text = frame.replace("{L}", word).replace("{X}", key)
            res = router.resolve_text(text)
            held = {c.code[:5] for c in res.candidates}
            if res.chosen is not None:
                held.add(res.chosen.code[:5])
            total[kind] += 1
            if code[:5] in held:
                reached[kind] += 1
                lines.append(text)
    for kind, _ in FRAMES:
        print(f"{kind:<6} reached {reached[kind]} of {total[kind]}")
    print(f"all    reached {sum(reached.values())} of {sum(total.values())}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "everyday4_forms.txt")))
