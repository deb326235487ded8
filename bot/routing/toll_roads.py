"""Toll roads and kilometre markers: which kab/kota a km, gate or rest area of a named road
lies in.

Owns the session 35 rules for roads told by their kilometre, as accident, robbery and
breakdown reports tell them: "laka di tol cipali km 102", "km 57 tol japek", "rest area km
56 tol indralaya prabumulih", "pintu keluar tol dumpil", "motor hilang di jakal km 5". The
towns a toll road is named after say little of where along it something happened (Tol
Cipali runs 116 km through four regencies); its km says it, and so do its gates and rest
areas.

The data is data/routing/toll_roads.csv (each road's names) and toll_places.csv (points and
stretches by km, gates, rest areas, each with the kab/kota a public page puts it in); and,
since session 36, city_roads.csv and city_road_places.csv: roads out of a city told by
their km ("jakal km 10", "jalan magelang km 8", "jl a yani km 24" of Banjarmasin-Banjarbaru),
read after "jalan"/"jl"/"jln" and only with a km (a city road named alone says nothing:
every town has a Jalan Ahmad Yani). A km
is read from the rows around it: inside a stretch or at a point, that kab/kota; between two
rows of one kab/kota, that one; between rows of two, both (to be asked; when they lie
ASK_GAP_KM or more apart, marked "km_far" for a wider question, session 44); a little
beyond a road's last known row, that row's. A road named without km, gate or rest area offers the
kab/kota its rows lie in. Nothing here is Telegram, SQL or routing policy: the resolver
(bot/routing/resolver.py, `_on_the_toll_road`) weighs this reading against the rest of the
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.routing.place_words import TOLL_GATE_WORDS, name_key, normalise
from bot.routing.table_rows import csv_rows
from bot.settings import DATA_ROOT

ROADS_PATH = DATA_ROOT / "routing" / "toll_roads.csv"
PLACES_PATH = DATA_ROOT / "routing" / "toll_places.csv"
CITY_ROADS_PATH = DATA_ROOT / "routing" / "city_roads.csv"
CITY_PLACES_PATH = DATA_ROOT / "routing" / "city_road_places.csv"

# A point row holds the km within this distance of it ("km 72+400" is the km 72 row).
POINT_KM = 0.5
# Beyond a road's first or last known row, a km this close is read as that row's kab/kota:
# a gate or rest area near a road's end, with nothing known farther on.
END_MARGIN_KM = 2.0
# A km between rows of two kab/kota less than this far apart is asked between those two;
# farther apart, a third kab/kota may lie between them, so the reading is marked
# "km_far" and the resolver widens the question with the one the rest of the text raises
# (the road's towns). Measured by leaving each row out of the table (session 44,
# tests/routing/tollgates_forms.py): between rows of two kab/kota less than 20 km apart
# the row's own kab/kota was among the two 33 times out of 33; 20 km or more apart, 14 of
# 19 (Kab. Serang between Kab. Tangerang and Kota Serang, Karanganyar between Boyolali and
# Sragen, Kutai Kartanegara between Balikpapan and Samarinda...). Between rows of ONE
# kab/kota no gap was wrong (70 of 70, up to 69 km), so that reading has no limit.
ASK_GAP_KM = 20.0
# Words before a road's name that make it a road: "tol cipali", "jalan tol japek", "ruas
# palindra". "jl"/"jalan" is kept for city roads ("jalan kaliurang"), whose names say so.
ROAD_WORDS_BEFORE = frozenset(["tol", "ruas"])
# Words before "tol" that make the next name a gate's: "gerbang tol", "pintu (keluar) tol",
# "exit tol", "gardu tol".
GATE_WORDS = TOLL_GATE_WORDS | {"gardu"}
# Words before a city road's name: "jalan kaliurang", "jl magelang", "jln raya wates".
CITY_ROAD_WORDS = frozenset(["jalan", "jl", "jln", "raya"])
# "km 72+400", "km 45,500", "km 16.5", "kilometer 98", "km 47b", "km. 57", "km57"
_KM = re.compile(
    r"\b(?:km|kilometer|kilo meter)\s*\.?\s*(\d{1,3})(?:\s*[+.,]\s*(\d{1,3}))?\s*[ab]?\b",
    re.IGNORECASE,
)
# "rest area 319b", "rest area km 56" (the km form is read by _KM), "ra 102"
_REST_AREA = re.compile(r"\b(?:rest\s*area|ra)\s+(\d{2,3})\s*[ab]?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RoadPlace:
    """One row of toll_places.csv: a km point or stretch, a gate or a rest area."""

    road: str
    kind: str  # km, gate, rest_area
    km_from: float | None
    km_to: float | None
    name: str  # the gate's or rest area's name, as a name key ("cikarang barat")
    code: str  # Kemendagri code of its kab/kota (or district)

    @property
    def start(self) -> float:
        return self.km_from if self.km_from is not None else 0.0

    @property
    def end(self) -> float:
        if self.km_to is not None:
            return self.km_to
        return self.start


@dataclass(frozen=True, slots=True)
class TollReading:
    """What a text says of a toll road: the road, the kab/kota codes its km, gate or rest
    area lies in (one: that place; several: ask; for a road named alone, every kab/kota its
    rows lie in), how they were found ("km", "km_far", "km_near_end", "gate",
    "rest_area", "road"),
    a label for the confirmation ("Tol Cipali km 102"), and the indexes of the normalised
    words that named the road or gate (the rest of the text is read apart)."""

    road: str
    codes: tuple[str, ...]
    how: str
    label: str
    used: frozenset[int]
    # a city road's km (city_roads.csv): a place the text names elsewhere wins over it
    city: bool = False


def _km(whole: str, part: str | None) -> float:
    """ "72", "400" -> 72.4; "16", "5" -> 16.5; "45", "500" -> 45.5."""
    if not part:
        return float(whole)
    return float(whole) + float("0." + part)


def _kms(pattern: re.Pattern[str], text: str) -> list[float]:
    return [
        _km(m.group(1), m.group(2) if m.re.groups > 1 else None) for m in pattern.finditer(text)
    ]


def _regency(code: str) -> str:
    return code[:5]


class TollRoads:
    """The roads, their names and their rows, indexed for reading a text."""

    def __init__(
        self,
        names: dict[str, list[tuple[str, bool]]],
        places: dict[str, list[RoadPlace]],
        labels: dict[str, str],
        city: frozenset[str] = frozenset(),
    ) -> None:
        # name key -> [(road, alone)]; the longest name is tried first
        self.names = names
        self.places = places
        self.labels = labels
        # the roads of city_roads.csv: read after a city road word, and only with a km
        self.city = city
        self.longest = max((len(k.split()) for k in names), default=0)
        # the first words that can start a reading: a fast "no" for most texts
        self.triggers = (
            frozenset(ROAD_WORDS_BEFORE)
            | {"gt"}
            | {k.split()[0] for k, roads in names.items() if any(alone for _, alone in roads)}
            | (CITY_ROAD_WORDS if city else frozenset())
        )
        self.gates: dict[str, list[RoadPlace]] = {}
        for rows in places.values():
            for row in rows:
                if row.name:
                    self.gates.setdefault(row.name, []).append(row)
        self.longest_gate = max((len(k.split()) for k in self.gates), default=0)

    @classmethod
    def load(
        cls,
        roads_path: Path = ROADS_PATH,
        places_path: Path = PLACES_PATH,
        city_roads_path: Path | None = CITY_ROADS_PATH,
        city_places_path: Path | None = CITY_PLACES_PATH,
    ) -> TollRoads:
        names: dict[str, list[tuple[str, bool]]] = {}
        labels: dict[str, str] = {}
        city: set[str] = set()
        road_files = [(roads_path, False)]
        if city_roads_path is not None and city_roads_path.is_file():
            road_files.append((city_roads_path, True))
        for path, of_a_city in road_files:
            for row in csv_rows(path):
                key = name_key(row["name"])
                road = row["road"]
                names.setdefault(key, []).append((road, row["alone"].strip() == "yes"))
                if of_a_city:
                    city.add(road)
                if road not in labels:
                    # the road's first name, as the confirmation shows it: "Tol Cipali",
                    # "Jalan Kaliurang" (a city road's name says it is a road)
                    shown = " ".join(w.capitalize() for w in key.split())
                    if of_a_city:
                        labels[road] = f"Jalan {shown}"
                    else:
                        labels[road] = shown if key.startswith(("jalan", "jl")) else f"Tol {shown}"
        place_files = [places_path]
        if city_places_path is not None and city_places_path.is_file():
            place_files.append(city_places_path)
        places: dict[str, list[RoadPlace]] = {}
        for row in (row for path in place_files for row in csv_rows(path)):
            km_from = float(row["km_from"]) if row["km_from"].strip() else None
            km_to = float(row["km_to"]) if row["km_to"].strip() else None
            place = RoadPlace(
                row["road"], row["kind"], km_from, km_to, name_key(row["name"]), row["code"]
            )
            places.setdefault(place.road, []).append(place)
        for rows in places.values():
            rows.sort(key=lambda p: (p.km_from is None, p.start, p.end))
        return cls(names, places, labels, frozenset(city))

    def codes(self) -> set[str]:
        """Every kab/kota or district code the rows name (checked against the tree)."""
        return {p.code for rows in self.places.values() for p in rows}

    # --- reading a text ---------------------------------------------------------------

    def reading(self, text: str) -> TollReading | None:
        """The toll road a text names and where along it, or None when it names none."""
        words = normalise(text)
        if not self.may_read(text, words):
            return None
        # "gerbang tol cikampek utama": a gate named after gate words is read first, so
        # that its name is not taken for a road's ("tol cikampek" is the Japek)
        explicit = self._gate_of_any_road(words)
        found = self._road_named(words, explicit.used if explicit else frozenset())
        if found is None:
            return explicit
        road, used = found
        label = self.labels.get(road, road)
        if road in self.city:
            return self._city_km(road, label, used, text)
        if explicit is not None and explicit.road == road:
            gate: TollReading | None = explicit
        else:
            gate = self._gate_on(road, words, used)
        at_km = [(f"{label} km {km:g}", km) for km in _kms(_KM, text)]
        at_km += [(f"{label} rest area {km:g}", km) for km in _kms(_REST_AREA, text)]
        for shown, km in at_km:
            codes, how = self.at_km(road, km)
            if len(codes) > 1 and gate is not None:
                # "tol jakarta cikampek km 22 tambun": the km lies between rows of two
                # kab/kota, the gate named beside it says which
                return gate
            if codes:
                return TollReading(road, codes, how, shown, used)
        if gate is not None:
            return gate
        if at_km:
            # a km the rows do not reach: a question among the rows' kab/kota could leave
            # out the right one ("tol solo ngawi km 512" is Karanganyar, of no row yet)
            return None
        codes = tuple(dict.fromkeys(_regency(p.code) for p in self.places.get(road, ())))
        if len(codes) < 2:
            return None  # one kab/kota known is no reason to answer for a whole road
        return TollReading(road, codes, "road", label, used)

    def may_read(self, text: str, words: list[str] | None = None) -> bool:
        """The fast "no" for most texts: no trigger word, or only a city road word
        ("jalan", "jl") in a text without a km, which no city road is read without."""
        hit = self.triggers.intersection(words if words is not None else normalise(text))
        if not hit:
            return False
        return not hit <= CITY_ROAD_WORDS or _KM.search(text) is not None

    def _city_km(
        self, road: str, label: str, used: frozenset[int], text: str
    ) -> TollReading | None:
        """A city road's km ("jakal km 10"): the kab/kota its rows put it in; a city road
        named without a km, or at a km its rows do not reach, is no reading."""
        for km in _kms(_KM, text):
            codes, how = self.at_km(road, km)
            if codes:
                return TollReading(road, codes, how, f"{label} km {km:g}", used, city=True)
        return None

    def at_km(self, road: str, km: float) -> tuple[tuple[str, ...], str]:
        """The kab/kota codes at a km of a road and how they were read; () if unknown."""
        rows = [p for p in self.places.get(road, ()) if p.km_from is not None]
        if not rows:
            return (), ""
        inside = [p for p in rows if p.start - POINT_KM <= km <= p.end + POINT_KM]
        if inside:
            return tuple(dict.fromkeys(p.code for p in inside)), "km"
        below = [p for p in rows if p.end < km]
        above = [p for p in rows if p.start > km]
        if below and above:
            before = max(below, key=lambda p: p.end)
            after = min(above, key=lambda p: p.start)
            sides = tuple(dict.fromkeys((_regency(before.code), _regency(after.code))))
            if len(sides) > 1 and after.start - before.end >= ASK_GAP_KM:
                return sides, "km_far"  # perhaps a third kab/kota between the two
            return sides, "km"
        if below and km - max(p.end for p in below) <= END_MARGIN_KM:
            return (_regency(max(below, key=lambda p: p.end).code),), "km_near_end"
        if above and min(p.start for p in above) - km <= END_MARGIN_KM:
            return (_regency(min(above, key=lambda p: p.start).code),), "km_near_end"
        return (), ""

    def _road_named(
        self, words: list[str], taken: frozenset[int] = frozenset()
    ) -> tuple[str, frozenset[int]] | None:
        """The first road named (longest name first): after "tol"/"ruas", or anywhere for
        a name that means the road alone ("cipali", "jagorawi"); words already `taken` by
        a gate's name are skipped."""
        for at in range(len(words)):
            for size in range(min(self.longest, len(words) - at), 0, -1):
                if taken.intersection(range(at, at + size)):
                    continue
                key = " ".join(words[at : at + size])
                roads = self.names.get(key)
                if not roads:
                    continue
                before = words[at - 1] if at > 0 else ""
                for road, alone in roads:
                    road_words = CITY_ROAD_WORDS if road in self.city else ROAD_WORDS_BEFORE
                    after_road_word = before in road_words
                    if alone or after_road_word:
                        start = at - 1 if after_road_word else at
                        return road, frozenset(range(start, at + size))
        return None

    def _gate_on(self, road: str, words: list[str], used: frozenset[int]) -> TollReading | None:
        """A gate or rest area of the road named in the text ("gt tambun", "exit tol
        dumpil", or its name beside the road's: "tol jakarta cikampek km 22 tambun")."""
        for at in range(len(words)):
            if at in used:
                continue
            for size in range(min(self.longest_gate, len(words) - at), 0, -1):
                key = " ".join(words[at : at + size])
                rows = [p for p in self.gates.get(key, ()) if p.road == road]
                if rows:
                    codes = tuple(dict.fromkeys(p.code for p in rows))
                    how = "rest_area" if rows[0].kind == "rest_area" else "gate"
                    label = f"{self.labels.get(road, road)} ({key.title()})"
                    return TollReading(road, codes, how, label, used | set(range(at, at + size)))
        return None

    def _gate_of_any_road(self, words: list[str]) -> TollReading | None:
        """A gate named after a gate word with no road named ("pintu keluar tol dumpil",
        "gt kandeman"): answered when every gate of that name lies in one kab/kota."""
        for at in range(1, len(words)):
            if words[at - 1] == "gt":
                start = at - 1
            elif words[at - 1] == "tol" and at >= 2 and words[at - 2] in GATE_WORDS:
                start = at - 2
            else:
                continue
            for size in range(min(self.longest_gate, len(words) - at), 0, -1):
                key = " ".join(words[at : at + size])
                rows = [p for p in self.gates.get(key, ()) if p.kind == "gate"]
                codes = tuple(dict.fromkeys(_regency(p.code) for p in rows))
                if len(codes) == 1:
                    road = rows[0].road
                    label = f"{self.labels.get(road, road)} (GT {key.title()})"
                    used = frozenset(range(start, at + size))
                    return TollReading(road, codes, "gate", label, used)
        return None
