"""Roads between towns, the way a vehicle was heading, and the island a road runs on.

Owns the session 31 rules for roads as incident reports name them: a toll or trunk road is
named after the towns at its ends ("tol jakarta cikampek km 22", "jalan lintas medan
tarutung", "poros mamuju majene", "jalinsum medan banda aceh"), and a report says where a
vehicle came from or was heading ("arah sumbar", "menuju kendari"). Those towns are not
where it happened when the text names another place: "bus terjun dari tol tebingtinggi
lubukpakam km 64 desa tanah raja teluk mengkudu" is in Serdang Bedagai, not in Kota Tebing
Tinggi. A trans-island road ("trans kalimantan", "jalinsum", "trans seram") says which
island the place is on: "jalan trans kalimantan km 54 desa teluk bakung" is the Teluk Bakung
of Kubu Raya, not those of Langkat or Mukomuko.

Since session 36 it also reads where two named streets cross ("simpang jl raya margonda jl
raya juanda"): the one kab/kota that data/places/streets.csv holds both streets in. Since
session 41 it finds a road named after the two towns at its ends ("jalan raya muntok
pangkalpinang", "jalan poros tenggarong kota bangun") and the km or pal told with it.

Nothing here holds place data: the road words are Indonesian usage, the islands are the
Kemendagri province codes of each island group, the streets are the gazetteer's. The
resolver (bot/routing/resolver.py) asks `road_reading` of a typed text and resolves what is
left, and asks `where_the_streets_cross` of a text it would otherwise ask about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.routing.place_words import ROAD_NAME_HEADS, ROAD_WORDS, TOLL_GATE_WORDS

# The longest street name read after a road word, in words ("kh zainul arifin raya").
_LONGEST_STREET = 4

# Words a road between towns starts with: a toll road ("tol"), a trunk road ("jalan lintas",
# "jalur", "poros", "ruas", "jalan nasional", the Sumatran short forms) and the island word
# of a trans-island road, after which the towns at the road's ends are named.
ROAD_BETWEEN = frozenset(
    [
        "tol",
        "jalinsum",
        "jalintim",
        "jalinbar",
        "jalinteng",
        "lintas",
        "jalur",
        "poros",
        "ruas",
        "trans",
        "nasional",
        "provinsi",
    ]
)
# Words after which a town is where a vehicle came from or went: "arah sumbar", "dari arah
# kendari", "menuju masohi", "jurusan siantar".
HEADING = frozenset(["arah", "menuju", "jurusan", "tujuan"])

# The island groups of trans-island roads, as the Kemendagri province codes on them.
_SUMATRA = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21")
_JAVA = ("31", "32", "33", "34", "35", "36")
ISLANDS: dict[str, tuple[str, ...]] = {
    "sumatera": _SUMATRA,
    "sumatra": _SUMATRA,
    "jawa": _JAVA,
    "kalimantan": ("61", "62", "63", "64", "65"),
    "borneo": ("61", "62", "63", "64", "65"),
    "sulawesi": ("71", "72", "73", "74", "75", "76"),
    "papua": ("91", "92", "93", "94", "95", "96"),
    "seram": ("81",),
    "halmahera": ("82",),
    "timor": ("53",),
    "flores": ("53",),
    "sumba": ("53",),
    "sumbawa": ("52",),
    "lombok": ("52",),
    "bali": ("51",),
}
# Road words that name their island by themselves (Sumatra's trunk roads, Java's north
# coast road).
ISLAND_ROADS: dict[str, tuple[str, ...]] = {
    "jalinsum": _SUMATRA,
    "jalintim": _SUMATRA,
    "jalinbar": _SUMATRA,
    "jalinteng": _SUMATRA,
    "pantura": _JAVA,
}
# Words a road's towns may be joined or followed by: "tol palembang - lampung", "km 12".
_JOINERS = frozenset(["-", ",", "dan", "ke", "sampai", "hingga"])
MAX_NAME_WORDS = 5


@dataclass(frozen=True, slots=True)
class RoadReading:
    """What the road words of a text say: the words left once the towns at a road's ends
    and a heading's town are taken out, which words those were, and the provinces of the
    island a trans-island road runs on (empty when none is named)."""

    rest: list[str]
    towns: list[str]
    island: tuple[str, ...]


def _town_at(words: list[str], at: int, is_town: Callable[[str], bool]) -> int:
    """How many words from `at` name a town (longest first), 0 if none."""
    for size in range(MAX_NAME_WORDS, 0, -1):
        if at + size <= len(words) and is_town(" ".join(words[at : at + size])):
            return size
    return 0


def _island_of(words: list[str]) -> tuple[str, ...]:
    for at, word in enumerate(words):
        if word in ISLAND_ROADS:
            return ISLAND_ROADS[word]
        if word in ("trans", "lintas") and at + 1 < len(words) and words[at + 1] in ISLANDS:
            return ISLANDS[words[at + 1]]
    return ()


def road_reading(words: list[str], is_town: Callable[[str], bool]) -> RoadReading | None:
    """The towns a road is named after and the town a vehicle was heading to, taken out of
    `words` (normalised); None when the text has neither and names no trans-island road.

    A road's towns are the names right after a road-between word (and after the island
    word of a trans-island road): one or more after "tol" ("tol palindra" is no town and
    stays), two or more after the others, since "jalan lintas <one town>" is the road
    through that town and the resolver's road-name rule reads it. A heading's town is the
    name right after "arah", "menuju", "jurusan" or "tujuan"."""
    drop: set[int] = set()
    towns: list[str] = []
    for at, word in enumerate(words):
        if word in HEADING:
            size = _town_at(words, at + 1, is_town)
            if size:
                drop.update(range(at, at + 1 + size))
                towns.append(" ".join(words[at + 1 : at + 1 + size]))
            continue
        if word not in ROAD_BETWEEN and word not in ISLAND_ROADS:
            continue
        start = at + 1
        if word in ("trans", "lintas") and start < len(words) and words[start] in ISLANDS:
            start += 1  # "trans papua wamena tolikara": the island, then the towns
        found: list[tuple[int, int]] = []
        here = start
        while here < len(words):
            if words[here] in _JOINERS and found:
                here += 1
                continue
            size = _town_at(words, here, is_town)
            if not size:
                break
            found.append((here, size))
            here += size
        needed = 1 if word == "tol" else 2
        if word == "tol" and at > 0 and words[at - 1] in TOLL_GATE_WORDS and len(found) == 1:
            # "gerbang tol jetis", "exit tol kuta kab badung": a gate or exit is named
            # after the place it is in, not a road's end (session 33)
            continue
        if len(found) >= needed:
            for begin, size in found:
                drop.update(range(begin, begin + size))
                towns.append(" ".join(words[begin : begin + size]))
    island = _island_of(words)
    if not drop and not island:
        return None
    rest = [w for i, w in enumerate(words) if i not in drop]
    return RoadReading(rest, towns, island)


# Words a road named after its end towns may be written with before the towns: "jalan
# raya muntok pangkalpinang", "jalan poros tenggarong kota bangun", "poros sinjai
# bulukumba" (a road-between word is a road by itself; a toll road is toll_roads.py's, and
# a trans-island road names its island, not a town).
_BEFORE_THE_TOWNS = frozenset(["raya", "poros", "lintas", "jalur", "ruas", "provinsi", "nasional"])
_STREET_WORDS = frozenset(["jalan", "jl", "jln"])
# Words a km or a pal (the kilometre posts of Sumatra and Bangka) is told with.
_KM_WORDS = frozenset(["km", "kilometer", "pal"])


@dataclass(frozen=True, slots=True)
class TownsRoad:
    """A road named after the towns at its two ends ("jalan raya muntok pangkalpinang"):
    the span of its words (road word to the second town), the two towns as written, and
    the km or pal told in the text (None when none is)."""

    start: int
    end: int
    first: str
    second: str
    km: float | None


def _km_told(words: list[str]) -> float | None:
    """The number after "km", "kilometer" or "pal" ("km 1", "pal 9", "km 12,5", "km
    513+800"), None when the text tells none."""
    for at, word in enumerate(words[:-1]):
        if word in _KM_WORDS:
            number = words[at + 1].split("+")[0]
            if (
                words[at + 2 : at + 3] == [","]
                and words[at + 3 : at + 4]
                and words[at + 3].isdigit()
            ):
                number += "." + words[at + 3]  # "km 7,8": the comma was made a word
            try:
                return float(number)
            except ValueError:
                continue
    return None


def towns_road(words: list[str], is_town: Callable[[str], bool]) -> TownsRoad | None:
    """The road of `words` named after two towns (kab/kota, kecamatan or a name of one),
    right after "jalan" and its "raya", "poros", "lintas"..., or after "poros", "lintas",
    "jalur", "ruas" alone: "jalan raya muntok pangkalpinang", "jalan poros tenggarong kota
    bangun", "poros sinjai - bulukumba". None when no road is so named; which of the
    towns' kab/kota it lies in is the resolver's (`Router._between_two_towns`)."""
    for at, word in enumerate(words):
        alone = word in _BEFORE_THE_TOWNS and word != "raya"
        if word not in _STREET_WORDS and not alone:
            continue
        here = at + 1
        while here < len(words) and words[here] in _BEFORE_THE_TOWNS:
            here += 1
        first = _town_at(words, here, is_town)
        if not first:
            continue
        second_at = here + first
        if second_at < len(words) and words[second_at] in _JOINERS:
            second_at += 1
        second = _town_at(words, second_at, is_town)
        if not second:
            continue
        one = " ".join(words[here : here + first])
        other = " ".join(words[second_at : second_at + second])
        if one == other:
            continue
        return TownsRoad(at, second_at + second, one, other, _km_told(words))
    return None


def on_the_island(code: str, island: tuple[str, ...]) -> bool:
    """The Kemendagri code lies on the island (any code when no island is named)."""
    return not island or code[:2] in island


def street_spans(
    words: list[str], streets: Mapping[str, tuple[str, ...]]
) -> list[tuple[int, int, frozenset[str]]]:
    """Each street of streets.csv named after a road word: (first word, end, the kab/kota of
    every name read there), the span covering the road word and the longest name. A name is
    read with and without the "raya" and titles before it ("jl raya juanda": Raya Juanda and
    Juanda; "jl kh wahid hasyim": KH Wahid Hasyim and Wahid Hasyim), since the table writes
    a street either way."""
    spans: list[tuple[int, int, frozenset[str]]] = []
    for at, word in enumerate(words):
        if word not in ROAD_WORDS:
            continue
        starts = [at + 1]
        here = at + 1
        while here < len(words) and (words[here] == "raya" or words[here] in ROAD_NAME_HEADS):
            here += 1
            starts.append(here)
        found: set[str] = set()
        end = 0
        for start in starts:
            for size in range(1, _LONGEST_STREET + 1):
                part = words[start : start + size]
                if len(part) < size or ROAD_WORDS.intersection(part):
                    break
                codes = streets.get(" ".join(part), ())
                if codes:
                    found.update(code[:5] for code in codes)
                    end = max(end, start + size)
        if found:
            spans.append((at, end, frozenset(found)))
    return spans


def streets_named(words: list[str], streets: Mapping[str, tuple[str, ...]]) -> list[frozenset[str]]:
    """The kab/kota of each street of streets.csv named after a road word (`street_spans`)."""
    return [cities for _, _, cities in street_spans(words, streets)]


def where_the_streets_cross(words: list[str], streets: Mapping[str, tuple[str, ...]]) -> str | None:
    """ "simpang jl raya margonda jl raya juanda": two or more streets named, and exactly
    one kab/kota holds every one of them in streets.csv: the crossing is there (Margonda
    Raya is Depok's only; Juanda is in nineteen kab/kota, Depok among them). None when
    fewer than two streets are named or they share no kab/kota, or several."""
    named = streets_named(words, streets)
    if len(named) < 2:
        return None
    shared = frozenset.intersection(*named)
    return next(iter(shared)) if len(shared) == 1 else None
