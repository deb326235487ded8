"""Generated probe: Bali's "banjar" (the hamlet) before its name and a place of Bali.

Owns: generating, from the Kemendagri tree (not from any text this code was written
beside), a text for every kecamatan and every village of Bali (51) as Bali's news write a
hamlet: "banjar", the hamlet's own name (a made-up one the tree lacks,
`everyday_words.unknown_names`) and the place holding it, in two frames (`balai`: "balai
banjar {U} {X}", `story`: "gong dicuri di banjar {U} {X}"), and the same frames for the
kecamatan of Kab. Banjar (63.03) and of Kota Banjar (32.79), which must keep Banjar's kab/kota
(right when the answer or the question holds the place's kab/kota). It prints, per frame
and region, how many texts reach the place, and writes the texts reached to a file so two
runs compare text by text. `--before` reads as main did (no place ahead makes "banjar"
a hamlet word: `Gazetteer._holds_place` answers False).

Run it (a few minutes): `python -m tests.routing.words5_forms OUT.txt [--before]`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.evaluation.everyday_words import unknown_names
from bot.routing.gazetteer import Gazetteer
from bot.routing.place_words import name_key
from bot.routing.regions import level_of
from bot.routing.resolver import Router
from bot.settings import load_settings

FRAMES = (
    ("balai", "balai banjar {U} {X}"),
    ("story", "gong dicuri di banjar {U} {X}"),
)
REGIONS = {"bali": ("51",), "banjar": ("63.03", "32.79")}


def class_places(router: Router) -> list[tuple[str, str, str]]:
    """(region, name key, code) of every kecamatan and village of the regions, but a name
    that names a kab/kota too ("bangli", "tabanan": the kab/kota is then the answer)."""
    regencies = {
        k for k, codes in router.gazetteer.keys.items() if any(level_of(c) <= 2 for c in codes)
    }
    places = []
    for code, name in router.gazetteer.tree.items():
        if level_of(code) < 3:
            continue
        key = name_key(name)
        for region, prefixes in REGIONS.items():
            if code.startswith(prefixes) and key not in regencies:
                places.append((region, key, code))
    return sorted(places)


def main(out: Path, before: bool) -> int:
    router = Router.load(load_settings())
    made_up = unknown_names(router)
    if before:
        Gazetteer._holds_place = lambda self, words, start, region: False  # type: ignore[method-assign]
    reached: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    lines = []
    for at, (region, key, code) in enumerate(class_places(router)):
        for kind, frame in FRAMES:
            text = frame.replace("{U}", made_up[at % len(made_up)]).replace("{X}", key)
            res = router.resolve_text(text)
            held = {c.code[:5] for c in res.candidates}
            if res.chosen is not None:
                held.add(res.chosen.code[:5])
            total[(kind, region)] += 1
            if code[:5] in held and (res.status == "ok" or region == "banjar"):
                reached[(kind, region)] += 1
                lines.append(text)
    for slot in sorted(total):
        print(f"{slot[0]:<6} {slot[1]:<7} reached {reached[slot]} of {total[slot]}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "words5_forms.txt"), "--before" in sys.argv)
    )
