"""A place named right beside its own kecamatan or kab/kota: the firmest address a text gives.

Owns: `kin_codes`, which of a mention's places the text names together with one of their
ancestors in the tree, written right beside them ("desa pemuteran gerokgak", "kel cipare
serang", "desa semambung kec jabon", "lemahabang, kab cirebon"). Such a pair is how people
write an address; a name elsewhere in the text that agrees with another place (a bare word
that is also a kab/kota, a street's village, a landmark) is a looser reading, and the
gazetteer's ranking weighs the pair above it (`gazetteer.KIN_BONUS`, session 44). Two such
pairs that disagree still tie, and the citizen is asked: `named_with_its_own` tells the
resolver which tied places are so written, so that no later reading picks one of two such
addresses (`Router._lying_together`), and `an_ancestor_beside` which names are used up as
such an address (they give no sibling's support elsewhere in the text).
"""

from __future__ import annotations

from collections.abc import Collection

from bot.routing.place_words import MARKERS, name_key
from bot.routing.regions import RegionTree, ancestors, bare_regency_name, level_of
from bot.routing.story_places import Mentioned

# What may stand between a place and its ancestor's name: a comma, and the level word of
# the ancestor ("desa semambung kec jabon", "cipare, kota serang"). A province is no such
# ancestor: "jawa barat" beside a village's name is named by people everywhere in it and
# tells little of which of its namesakes is meant.
_BETWEEN = frozenset([","]) | frozenset(w for w, (level, _) in MARKERS.items() if level in (2, 3))


def kin_codes(m: Mentioned, places: Collection[Mentioned], words: list[str]) -> set[str]:
    """The codes of `m`'s places whose kecamatan or kab/kota another mention names right
    beside `m` (before or after it, with only commas and level words between) by its
    name in the gazetteer: not a street, a misspelling or a landmark."""
    if not m.exact or m.street:
        return set()
    named: set[str] = set()
    for o in places:
        if o is m or o.street or not o.exact or not _beside(m, o, words):
            continue
        named |= {c for c in o.entries if level_of(c) in (2, 3) and c not in o.landmarks}
    if not named:
        return set()
    return {
        c for c in m.entries if c not in m.landmarks and any(a in named for a in ancestors(c)[1:])
    }


def an_ancestor_beside(o: Mentioned, places: Collection[Mentioned], words: list[str]) -> bool:
    """`o` is the kecamatan or kab/kota of a place named right beside it ("kel jatimalang
    purworejo"): it is used up as that place's address, and says nothing of the places of
    the same kab/kota its name also means elsewhere in the text (Desa Purworejo of
    Lumajang is no neighbour of "ds karanganom pasrujambe" told after it)."""
    return any(m is not o and kin_codes(m, [o], words) for m in places)


def _beside(m: Mentioned, o: Mentioned, words: list[str]) -> bool:
    """`o` follows or precedes `m` with nothing but commas and level words between."""
    if o.start >= m.end:
        gap = words[m.end : o.start]
    elif o.end <= m.start:
        gap = words[o.end : m.start]
    else:
        return False
    return all(w in _BETWEEN for w in gap)


def named_with_its_own(code: str, words: list[str], own: tuple[int, int], tree: RegionTree) -> bool:
    """The place `code`, written at `own` in `words`, has the name of its kecamatan or
    kab/kota (without "Kabupaten"/"Kota") right before or after it, with only commas and
    level words between."""
    after = own[1]
    while after < len(words) and words[after] in _BETWEEN:
        after += 1
    before = own[0]
    while before > 0 and words[before - 1] in _BETWEEN:
        before -= 1
    for above in ancestors(code)[1:]:
        if level_of(above) not in (2, 3):
            continue
        name = tree.name(above) or ""
        key = name_key(bare_regency_name(name) if level_of(above) == 2 else name).split()
        if not key:
            continue
        if (
            words[after : after + len(key)] == key
            or words[max(0, before - len(key)) : before] == key
        ):
            return True
    return False
