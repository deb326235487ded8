"""Everyday spots: kinds of place every village holds many of, never named after one.

Owns: the words of such spots (a coffee stall, a prayer room, a garden or field, a ditch,
a convenience store) and reading the phrase they open right after a story's "di"
("... di warkop ladongi", "... di kebun sawit telawang", "... di pondok kebun sawit
gelumbang"). A kind named after the place it serves, one in each place of the name (a
market, a school, a puskesmas, a petrol station, a port, a bus stop), is no such spot:
those stay the kind of the name they stand beside (sessions 35-44).

Why: a warkop or a mushola stands in each village of a name as much as in the kecamatan
of that name, so "pemuda dikeroyok di warkop ladongi" says no more of which Ladongi than
"pemuda dikeroyok di ladongi" does; the development half labels every such line that
names no kab/kota "ask" (session 45, askkec: data/routing/README.md), while the same
lines with their kab/kota ("... di warkop ladongi koltim") are places.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

# Spots a story happens at, in every village: food and coffee stalls, prayer rooms,
# gardens, fields and fish ponds, ditches, small shops. Spelling variants as chat writes
# them. "kebun sawit", "pondok kebun" are read by the phrase below, not listed.
EVERYDAY_SPOTS = frozenset(
    {
        "warkop",
        "warung",
        "mushola",
        "musholla",
        "musala",
        "mushala",
        "musalla",
        "surau",
        "langgar",
        "kebun",
        "ladang",
        "sawah",
        "gubuk",
        "parit",
        "selokan",
        "minimarket",
    }
)
# How many words such a phrase holds at most: "pondok kebun sawit", "gubuk di sawah" is
# two phrases.
SPOT_PHRASE_WORDS = 4
_NUMBERED = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def spot_phrase_before(
    words: list[str],
    at: int,
    told: Callable[[str], bool],
    prepositions: Collection[str],
    stops: Collection[str],
) -> range | None:
    """The everyday spot's phrase that stands between a preposition and `at`: "kebun
    sawit" in "di kebun sawit telawang", "pondok kebun sawit" before "gelumbang"; None
    when the words there are not such a phrase. Every word of it is a spot's word or a
    word a story is told with ("sawit", "pondok": `told`), none a number ("kebun iv": an
    estate's division, a name of its own) and none of `stops` (level words, kinds of a
    named place, people's words: they decide or introduce by their own rules)."""
    for start in range(at - 1, max(0, at - 1 - SPOT_PHRASE_WORDS), -1):
        word = words[start]
        if word in prepositions or word in stops or word.isdigit() or word in _NUMBERED:
            return None
        if word not in EVERYDAY_SPOTS and not told(word):
            return None
        if start and words[start - 1] in prepositions:
            phrase = words[start:at]
            return range(start, at) if any(w in EVERYDAY_SPOTS for w in phrase) else None
    return None
