"""Where a place's name stands inside the name of a street, a river, a body of water or a
junction.

Streets, rivers, bays and junctions are named after places, often far ones: Jalan Tentara
Rakyat Mataram is a street of Kota Yogyakarta, the Kapuas river runs through Sanggau, the
waters of Muara Berau lie off Kutai Kartanegara. Such a name says where the thing is named
after, not where it is; the resolver (`Router._beside_the_roads_name`) asks this module
where a place's name stands inside one, and then lets the rest of the text, when it names a
place that settles the matter, decide (session 45).

Nothing here holds place data: the opening words are Indonesian usage, and which words are
streets or places is the caller's (streets.csv and the gazetteer's keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.routing.place_words import FILLERS, MARKERS, ROAD_NAME_HEADS, ROAD_WORDS
from bot.routing.road_places import HEADING

# Words that open the name of water: a river ("sungai"; "sei" is normalised to it, "kali" in
# Java, "krueng" in Aceh, "batang" in West Sumatra and Jambi), its mouth, a bay, a strait,
# the waters off a coast, a lake, a dam or a reservoir.
WATER_WORDS = frozenset(
    ["sungai", "kali", "krueng", "batang", "muara", "teluk", "selat", "perairan", "danau"]
    + ["bendungan", "waduk"]
)
# Junctions people name after a place that need not be the one they stand in ("perempatan
# nambo jalan raya jakarta serang ciruas": Nambo is no place of Kab. Serang's tree).
CROSSING_WORDS = frozenset(["simpang", "perempatan", "pertigaan", "bundaran"])
# A junction is mostly named after the place it stands in ("perempatan wua-wua jl ahmad yani
# bende" is in Kec. Wua-Wua): its name gives way only among places asked about.
THING_OPENERS = ROAD_WORDS | WATER_WORDS
NAME_OPENERS = THING_OPENERS | CROSSING_WORDS
# Words between an opener and the name proper: "jalan raya bogor", "jalan lintas
# purwodadi", "jalan tepi danau limboto", and a street's title ("jl raden lempuing": Raden
# Lempuing is a person).
_BEFORE_THE_NAME = ROAD_NAME_HEADS | frozenset(
    ["raya", "tepi", "pinggir", "lintas", "poros", "jalur", "ruas"]
)
# How many words of a street's own name may stand before a place's name inside it: "jalan
# tentara rakyat mataram" (two). Only streets are named so; a river or bay is named after
# the place right after its word.
DEEPEST = 3
# Words that end a name: they join names or say where and whither, never name a street.
_NO_NAME_WORDS = FILLERS | frozenset(MARKERS) | HEADING | NAME_OPENERS
_NO_NAME_WORDS |= frozenset(["-", ",", "dan", "sampai", "hingga", "km", "kilometer", "pal"])
# A toll road is named after the towns at its ends ("jalan tol pekanbaru bangkinang"):
# bot/routing/toll_roads.py reads it, and no town in it is a street's own name.
_NO_NAME_WORDS |= frozenset(["tol", "toll"])


@dataclass(frozen=True, slots=True)
class NameInside:
    """A place's name inside a thing's name: the opening word's position and the word, the
    span of the place's name, and how many words of the thing's own name come before it
    (0 in "sungai kapuas", 2 in "jalan tentara rakyat mataram")."""

    opener: int
    word: str
    start: int
    end: int
    depth: int

    @property
    def is_road(self) -> bool:
        return self.word in ROAD_WORDS


def _own_name(
    words: list[str], is_street: Callable[[str], bool], is_place: Callable[[str], bool]
) -> bool:
    """The words are a street's own name that goes on: plain words, none a known street or
    place by itself, no known street as they begin ("jl sudirman pekanbaru": Sudirman ended
    the street's name, and Pekanbaru is its city)."""
    if any(w in _NO_NAME_WORDS or not w.isalpha() for w in words):
        return False
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            part = " ".join(words[start:end])
            if is_place(part) or (start == 0 and is_street(part)):
                return False
    return True


def place_inside_a_name(
    words: list[str],
    own: list[str],
    is_street: Callable[[str], bool],
    is_place: Callable[[str], bool],
    openers: frozenset[str] = THING_OPENERS,
    deepest: int = DEEPEST,
) -> NameInside | None:
    """Where `own` (a place's name, normalised) stands inside the name of a street, water or
    junction of `words` (normalised): right after the opening word and its "raya", "tepi" or
    a title ("jalan raya cikampek", "sungai kapuas", "perairan muara berau", "jalan tepi
    danau limboto"), or, for a street only, after up to `deepest` words of the street's own
    name that are no known street or place ("jalan tentara rakyat mataram"). `openers` are
    the words that may open the name (junctions' only when asked for). None when the name
    stands in no such name."""
    if not own:
        return None
    for opener, word in enumerate(words):
        if word not in openers:
            continue
        at = opener + 1
        while at < len(words) and words[at] in _BEFORE_THE_NAME:
            at += 1
        for depth in range((deepest if word in ROAD_WORDS else 0) + 1):
            start = at + depth
            if words[start : start + len(own)] == own:
                if depth and not _own_name(words[at:start], is_street, is_place):
                    break
                return NameInside(opener, word, start, start + len(own), depth)
    return None
