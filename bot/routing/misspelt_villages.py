"""A village written a letter off beside the kecamatan that holds it (issue 14, session 37).

"3 warga desa pengarengan bojonegara dibacok": the page spells the village Pengarengan,
Kemendagri's tree Pangarengan (Kec. Bojonegara, Kab. Serang). Three other kab/kota have a
Desa Pengarengan spelt as typed, so the exact name ties among them and the kecamatan the
text names, which holds none of them, is outvoted. News and citizens spell village names
as they say them (a/e, o/u, doubled letters), while the kecamatan beside them is usually
spelt as the tree has it: the kecamatan then tells which village was meant.

This module owns only that reading; the resolver decides when to ask it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree

# Shorter names are a letter away from too many others ("sako", "saka", "suko").
MIN_LETTERS = 6


def in_the_named_district(
    tree: RegionTree, typed_name: str, tied: Sequence[str], districts: Sequence[str]
) -> str | None:
    """The one village of the `districts` the text names whose name is one letter from
    `typed_name`, when none of the `tied` villages bearing `typed_name` as typed lies in
    those districts; None when there is no such village or more than one."""
    typed = name_key(typed_name)
    if len(typed.replace(" ", "")) < MIN_LETTERS:
        return None
    if any(v.startswith(d + ".") for v in tied for d in districts):
        return None  # a namesake lies in the kecamatan named: the ranking has it already
    found = []
    for district in districts:
        for village in tree.children(district):
            name = name_key(tree.name(village) or "")
            if name == typed or name[:1] != typed[:1]:
                continue
            if Levenshtein.distance(name, typed, score_cutoff=1) <= 1:
                found.append(village)
    return found[0] if len(found) == 1 else None
