"""Typed places: normalising Indonesian address habits and searching the Kemendagri gazetteer.

Owns: turning text as people type it ("kec cilandak jaksel", "ds sukamaju kab bogor",
"dekat pasar minggu", "12430", "bandara kualanamu", "kota kembang") into ranked region
matches with a status. Exact lookups over every n-gram of the text come first (names of
all 91k regions, postal codes, region aliases, landmarks and foreign places from
data/places/); what is left is matched with rapidfuzz under precision rules. Hints narrow:
a level word ("kab", "kota", "kec", "ds") filters the following name, and a region,
street or landmark named elsewhere in the text supports the places inside it. Equally good
places are never split: they come back as "ambiguous".

Precision rules, each from a measured miss (see the README's "Routing"):
- connecting words and generic nouns ("deket", "depan", "raya", "jl", "bandara",
  "stasiun", "pantai", "barat") never match a place by themselves, exact or fuzzy;
- fuzzy matching needs whole words of some length, and is stricter for the 83k villages
  than for regencies and districts;
- a fuzzy match never crosses a province or kab/kota stated in the text;
- a known foreign country or city answers "outside", not a same-named village;
- a name borne by places in several kab/kota gives way to a name of one place beside it;
  a regency's name never does;
- a district's name typed alone that villages elsewhere bear is asked (Router resolves it
  when one unit serves them all); a name that says its city ("ternate selatan") is not;
- a place in a regency split from the one named is supported by it (data/places/parents.csv);
- streets of streets.csv: matched without titles, misspelt after "jl", or bare; a hero street
  beside another place only supports it; a kab/kota or district named exactly elsewhere
  beats a street of our table (it is no census);
- a name after "perbatasan"/"batas" is beside the place, not the place;
- connecting words ("dekat", "di", "deket") make no name less ambiguous than typed alone;
- a level word is a hint, not a filter: a longer exact name of another level beats a shorter
  one of that level ("kec babakan loa"), a misspelt name of that level is offered beside
  the exact names elsewhere ("kec balimbing"), and where the kab/kota named holds no place
  of that level but one of another, that one is meant ("desa parmonangan kab tapanuli
  utara": the district);
- "kota medan" is the city and the villages called Kota Medan (the city ranks first); a
  kab/kota's name that starts inside a longer name and ends after it wins ("glagah kulon
  progo" is in Kulon Progo, not the village Glagah Kulon of Kudus); "di" is never glued
  to the next word ("di lam kuta" is no Desa Dilam);
- "kota <foreign town>" is abroad; a town only the long world list knows
  (foreign_cities.csv) decides a text that names nothing else;
- the words of the sentence (dictionary words, their affixed forms, chat words: see
  `place_index.sentence_word`) are no places: never matched fuzzily, no neighbourhood that
  makes a shared Kota/Kab. name the city, no reason to answer a name that typed alone is
  asked; a dictionary word only villages bear (or, after a kind of place, a district) is
  the sentence's word unless the text names its kab/kota (`_passing_word`);
- a village matched only fuzzily, with nothing else in the text, is offered, not routed;
- a hamlet's name (after "dusun", "padukuhan"...) and a crossroads named by its arms
  ("simpang empat") give way to a name of the text that lies elsewhere (`_stray_name`);
- a street beside a name one kelurahan and desa elsewhere share is the kelurahan
  (`_the_kelurahan`); a mall or plaza, like a street, makes a shared Kota/Kab. name the
  city; an estate ("perumahan X") is where X is when nothing else is named;
- villages of one kab/kota that share a first name ("mendalo", "kelurahan debong") are
  found by it, and each name of a region written "A/B" by itself
  (`place_index.village_stems`, `_other_names`).
- a ship's name after "km"/"kmp"/"kri"/"mv" is no place ("km kelud"); a kind of place that
  is also a district's name ("candi", "curug", "tugu") before a name we do not know or one
  lying elsewhere is the landmark's kind (`_kind_of_a_landmark`); a town's stock market or
  terminal name ("pasar baru") gives way to any other name (`_stock_name`); a landmark of
  another province than a kab/kota named exactly gives way to it (`_in_another_province`);
  after a kind of place a town only the long world list knows is the place's own name.
- a dictionary word right before a road word, with a town named after the road's own
  name, is the spot on the road ("di tanggul jl beringin dungingi": `_a_spot_on_the_road`).
- a number after a numbering word ("rt 4", "no 7", "km 5") starts no name counted in
  digits; chat's "not" is never glued to the word before it ("barang ga"); a place after a
  flight and a direction word ("kabur ke X", "pengungsi dari X") gives way to the event's
  place (`journeys.a_journeys_end`); "baku" before a verb is no Baku (session 40).
- a place named right beside its own kecamatan or kab/kota ("desa pemuteran gerokgak") is
  an address: it outweighs a looser reading elsewhere (`KIN_BONUS`), keeps its places when
  a kab/kota is named elsewhere, and its ancestor's name supports no sibling elsewhere
  (`kinship`, session 44).

`tests/routing/test_ambiguity_policy.py` checks these as properties of the shipped data.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.routing.events_abroad import MIGRANT_COUNTRIES, happened_abroad, happened_here
from bot.routing.hamlets import (
    HAMLET_REGIONS,
    keep_to_text_region,
    named_before_a_level_word,
    own_name_before,
    read_hamlet_words,
    read_regional_words,
    regional_entries,
    text_region,
    village_named_with_a_level_word,
)
from bot.routing.home_towns import (
    a_home_town_before_the_scene,
    a_person_word,
    a_start_before_the_scene,
)
from bot.routing.journeys import (
    a_journeys_end,
    an_until_word,
    journey_word_at,
    journeys_words_glued,
)
from bot.routing.kinship import an_ancestor_beside, kin_codes
from bot.routing.landmarks import (
    Landmark,
    PlaceBook,
    kind_at,
    kind_before,
    kind_label,
    name_kinds,
)
from bot.routing.name_spacing import joined_pair_forms
from bot.routing.persons import a_counted_level_word, a_persons_name
from bot.routing.place_index import (
    a_word_head,
    everyday_word,
    foreign_names,
    landmark_keys,
    regency_prefixes,
    region_keys,
    sentence_word,
    street_keys,
    street_variants,
    village_stems,
)
from bot.routing.place_words import (
    BREED_USES,
    BREEDS,
    CHAT_WORDS,
    CONNECTING,
    DATE_HEADS,
    DAY_WORDS,
    ESTATE_WORDS,
    FILLERS,
    GENERIC,
    HAMLET_WORDS,
    JUNCTIONS,
    KIND_RANKS,
    MARKER_REGIONS,
    MARKERS,
    NAMED_KINDS,
    ROAD_WORDS,
    SPOTS,
    STEM_ENDINGS,
    STREET_WORDS,
    TOLL_GATE_WORDS,
    UNIT_WORDS,
    URBAN_KINDS,
    WHEN_WORDS,
    name_key,
    normalise,
    tells_when,
)
from bot.routing.regions import (
    RegionTree,
    ancestors,
    bare_regency_name,
    is_within,
    level_of,
    region_code,
    region_number,
)
from bot.routing.site_names import in_a_sites_name
from bot.routing.story_places import (
    a_buildings_home_town,
    a_buildings_own_name,
    a_count_word,
    a_date_word,
    a_foreigners_origin,
    a_former_regency_name,
    a_persons_origin,
    a_prefix_told_in_the_story,
    a_quantity_word,
    a_ships_name,
    a_story_phrase_alone,
    a_story_word,
    a_story_word_beside_a_place,
    a_tool_used,
    after_a_verb_head,
    an_estates_name,
    in_a_hamlets_name,
    things_of_the_story,
)

MAX_TEXT_CHARS = 300  # longer text is not a place name: "invalid"
MAX_WORDS = 30
FUZZY_CUTOFF = 88.0  # regencies, districts, landmarks ("pulang" is no "pamulang": 85.7)
VILLAGE_CUTOFF = 90.0  # villages: 83k names, many one letter apart from a common word
FOREIGN_CUTOFF = 88.0
MIN_FUZZY_CHARS = 5  # shorter words are never matched fuzzily ("kutai" is no "kuta")
MIN_VILLAGE_FUZZY_CHARS = 6
LANDMARK_CUTOFF = 90.0
MIN_LANDMARK_FUZZY_CHARS = 7
TIE_MARGIN = 1.0  # candidates this close to the best one are "equally good"
MIN_OK_SCORE = 80.0
LEVEL_PENALTY = {1: 0.0, 2: 0.0, 3: 2.0, 4: 4.0}  # prefer the larger region on equal names
MARKED_BONUS = 3.5
# A place named right beside its own kecamatan or kab/kota ("desa pemuteran gerokgak", "kel
# cipare serang") is an address: it outweighs a bare name with as many hints elsewhere
# (more than TIE_MARGIN, so they no longer tie), yet not a reading with a hint more (far
# less than SUPPORT_STEP), and it still ties another such pair (session 44).
KIN_BONUS = 2.0
STREET_QUALITY = 97.0  # a street's kab/kota is a little less sure than a named region
SUPPORT_STEP = 15.0  # score lost per hint in the text that a candidate does not agree with
# A name borne by places in several kab/kota says less than a name borne in one: beside
# another place, it gives way ("kampung kemiri sentani": 27 villages Kemiri, one Sentani).
# Only against a name of the same or a larger level: one village named Stadion is no
# reason to doubt Kab. Tuban ("stadion tuban sport center").
AMBIGUITY_PENALTY = 3.5
STREET_FUZZY_CUTOFF = 90.0  # a misspelt street after "jl" ("jl hertasnig")
MIN_STREET_FUZZY_CHARS = 6
DIRECTIONS = frozenset(["utara", "selatan", "timur", "barat", "tengah"])
BORDER_WORDS = frozenset(["perbatasan", "batas", "berbatasan"])
HAMLET_NAME_WORDS = 4  # a hamlet's name (and its number) after "dusun" is this long at most
# Level words people write after a kab/kota's name too ("pekalongan kab", "bogor kota")
LEVEL_SUFFIXES = frozenset(["kab", "kabupaten", "kota", "kodya"])


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Chat's words for "not" ("barang ga dateng", "hp gak ketemu", "paket tdk sampai").
CHAT_NEGATIONS = _words_of("ga gak gk nggak ngga ngak tdk tak ndak nda")
# Fillers that start no name, even written together with the next word.
GLUE_BREAKERS = _words_of(
    """dekat sekitar depan daerah dari arah lokasi alamat wilayah samping kec kecamatan kel
    kelurahan ds desa kab kabupaten prov provinsi prop propinsi"""
)  # not "kota": "kota baru" is also Kab. Kotabaru
NOT_A_MARKER_AFTER = {
    "negeri": _words_of(
        """sd sdn smp smpn sma sman smk smkn mi min mts mtsn man madrasah sekolah universitas
        politeknik institut kejaksaan pengadilan luar dalam bank pegawai rs rsud kantor"""
    )
}
MAX_CANDIDATES = 10
# Javanese words village names end with, written with -o or -a (mulyo/mulya "noble",
# rejo/reja "prosperous", harjo/harja, karyo/karya, kerto/karta, arjo/arja)
JAVANESE_ENDINGS = ("muly", "rej", "harj", "kary", "kert", "kart", "arj")
# shorter names end in -a and -o by chance ("bima", "bimo")
FINAL_VOWEL_MIN_LETTERS = 7
# Village words that a kelurahan (an urban village) is never called by
DESA_WORDS = _words_of("desa ds gampong nagari pekon tiyuh negeri ohoi")
# Words that start a ship's name: "km kelud", "kmp bahuga jaya", "kri nanggala" are ships
# named after mountains, towns and heroes, not those places ("penumpang km kelud di
# pelabuhan batu ampar" is in Batam, not at Gunung Kelud). Not "kapal": Desa Kapal
# ("kapal mengwi") is a place. "km" before a number is a kilometre post ("km 57").
SHIP_WORDS = _words_of("km kmp kri mv")
SHIP_NAME_WORDS = 4  # "sabuk nusantara 93": a ship's name and its number are this long at most
# Kinds of places that are also names of a few districts and many villages (Kec. Candi in
# Sidoarjo, Kec. Curug in Tangerang and Serang, Kec. Benteng in Selayar): followed by a
# name that lies elsewhere or that we do not know, the word is the kind of a landmark
# ("candi ganter", "curug cilember", "tugu jogja"), not the district.
# Words for a kind of building or site that names follow ("museum mpu tantular"): a
# landmark found by its name alone after another of these is a namesake
BUILDING_KINDS = _words_of(
    """museum monumen universitas institut politeknik akademi sekolah stadion gor rsud rsu
    rs klinik hotel masjid gereja pura vihara klenteng pasar mall mal plaza terminal
    stasiun bandara pelabuhan kampus gedung taman makam lapangan jembatan"""
)
# Words for one kind of building: "kampus unila" is Universitas Lampung itself, not a
# namesake of another kind (session 30)
SAME_KINDS = (
    _words_of("kampus universitas institut politeknik akademi sekolah uin iain univ"),
    _words_of("rs rsud rsu rsia klinik rumah sakit"),
    _words_of("mall mal plaza"),
)
# Session 41: the nature kind words that also name villages (Desa Riam of Kotawaringin
# Barat, Desa Pantai, Desa Danau, Sarambu of Toraja Utara): "riam walata" is a waterfall
# nobody compiled, not Desa Riam (tests/routing/site_name_forms.py)
KIND_NAMES = _words_of(
    """candi tugu benteng curug bendungan telaga goa gua kolam waduk stadion airterjun coban
    grojogan sarambu riam tiu pantai danau situ"""
)
# Kinds written in two words that are also the names of villages: "air terjun sedudo" is a
# waterfall, not Desa Air Terjun (Batanghari) or Airterjun (Kampar) (session 32).
KIND_PHRASES = frozenset(["air terjun"])
# Names every town gives its market or terminal ("pasar baru" is the new market of Tanjung
# Pura, not one of the 30 Kelurahan Pasar Baru): beside another name they give way to it.
STOCK_NAMES = frozenset(
    f"{kind} {name}"
    for kind in ("pasar", "terminal")
    for name in ("baru", "lama", "besar", "induk", "sentral", "inpres", "pagi", "malam")
)

_POSTAL = re.compile(r"^[1-9][0-9]{4}$")
_NUMBER = re.compile(r"^(?:[0-9]+[a-z]?|ii|iii|iv|vi|vii|viii|ix|xi|xii)$")  # "dusun vii"
# Words a number follows that is no place's: a house, RT/RW, block, floor or kilometre
# number, a date, a sum or an hour.
NUMBERING_WORDS = _words_of(
    "no nomor nmr nomer rt rw blok blk km kilometer lantai lt kamar kav kavling tgl tg tggl "
    "tanggal rp jam pukul"
)


@dataclass(frozen=True, slots=True)
class Match:
    """One region the text may mean."""

    code: str
    level: int
    score: float
    via_postal: str | None = None  # the postal code when the place came from one
    support: float = 0.0  # other places in the text that agree (see `_support`)
    via_landmark: str | None = None  # the landmark's name when the place came from one


@dataclass(frozen=True, slots=True)
class SearchResult:
    status: str  # ok, ambiguous, not_found, invalid, outside
    matches: tuple[Match, ...] = ()
    reason: str = ""


@dataclass(slots=True)
class _Mention:
    """A span of the text matched to regions."""

    entries: dict[str, float]  # code -> quality
    street: bool = False
    postal: str | None = None
    exact: bool = True
    anc_ok: set[str] = field(default_factory=set)
    heirs_ok: set[str] = field(default_factory=set)  # kab/kota split from those named
    desc_ok: set[str] = field(default_factory=set)
    landmarks: dict[str, str] = field(default_factory=dict)  # code -> landmark name
    foreign: str | None = None  # the country code of a place outside Indonesia
    country: bool = False  # the name of a country, not of a city in it
    listed: bool = False  # a town of the long world list (foreign_cities.csv)
    after_street: int = 0  # words between the street word ("jl") and this mention
    marked: bool = False  # named after a level word ("kec jonggol"): that level, and only it
    street_table: bool = False  # a street of streets.csv: names the city it runs in
    beside_unknown: bool = False  # next to a word we do not know: maybe part of a longer name
    border: bool = False  # after "perbatasan": the place is beside it, not in it
    street_rows: set[str] = field(default_factory=set)  # every code streets.csv gives it
    # places of that name the level word ruled out ("desa bandar khalipah": the district):
    # what it means when the kab/kota the text names holds none of the others
    unmarked: dict[str, float] = field(default_factory=dict)
    # places of it whose kecamatan or kab/kota is named right beside it (`kinship`)
    kin: set[str] = field(default_factory=set)
    kin_partner: bool = False  # the kecamatan or kab/kota of a place named beside it
    start: int = 0
    end: int = 0


# Prepositions that put the next name where something happened; a level word right
# before one names nothing ("tawuran antar kampung di ...": session 37).
_WHERE_WORDS = frozenset(["di", "ke", "dari"])


class CodeIndex(Mapping[str, tuple[str, ...]]):
    """A read-only name -> region codes mapping, packed (issue 21 item 4: memory at
    start): the names in one sorted list, found by bisection, and the codes of every name
    as integers (`region_number`) in one array. A dict of tuples of code strings took
    four times the memory for the 99k names of the gazetteer. Codes come back in the
    order they were given."""

    __slots__ = ("_keys", "_starts", "_codes")

    def __init__(self, mapping: Mapping[str, tuple[str, ...]]) -> None:
        self._keys: list[str] = sorted(mapping)
        self._starts = array("I", [0])
        self._codes = array("q")
        for key in self._keys:
            self._codes.extend(region_number(c) for c in mapping[key])
            self._starts.append(len(self._codes))

    def _find(self, key: object) -> int:
        keys = self._keys
        if type(key) is not str:
            return -1
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def _codes_at(self, i: int) -> tuple[str, ...]:
        starts = self._starts
        return tuple(map(region_code, self._codes[starts[i] : starts[i + 1]]))

    def __getitem__(self, key: str) -> tuple[str, ...]:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._codes_at(i)

    def get(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:  # type: ignore[override]
        i = self._find(key)
        return self._codes_at(i) if i >= 0 else default

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class SortedNames(Collection[str]):
    """A read-only set of names as one sorted tuple, searched by bisection: the 30k towns
    of the long world list take 0.2 MB so, 2.1 MB as a frozenset."""

    __slots__ = ("_names",)

    def __init__(self, names: Iterable[str]) -> None:
        self._names: tuple[str, ...] = tuple(sorted(set(names)))

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        i = bisect_left(self._names, name)
        return i < len(self._names) and self._names[i] == name

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _shared_strings(landmark: Landmark) -> Landmark:
    """The landmark with one string object per kind, code and source (thousands of rows
    share them; pickle keeps the sharing)."""
    return Landmark(
        landmark.name,
        landmark.names,
        sys.intern(landmark.kind),
        sys.intern(landmark.code),
        sys.intern(landmark.source),
    )


class Gazetteer:
    """Name and postal-code index over every Kemendagri region, plus the landmarks, region
    aliases and foreign places of data/places/."""

    def __init__(self, tree: RegionTree, book: PlaceBook | None = None) -> None:
        self.tree = tree
        keys = region_keys(tree, book)  # packed below, once every index is built from it
        self.keys: Mapping[str, tuple[str, ...]] = keys
        self.landmarks: list[Landmark] = (
            [_shared_strings(m) for m in book.landmarks] if book else []
        )
        # landmark name -> the kinds its names start with ("bandara", "pasar"...): a name
        # typed after another kind's word is not that landmark (session 34)
        self.landmark_kinds: dict[str, frozenset[str]] = {}
        for landmark in self.landmarks:
            kinds = name_kinds([name_key(n) for n in landmark.names])
            if kinds:
                self.landmark_kinds[landmark.name] = (
                    self.landmark_kinds.get(landmark.name, frozenset()) | kinds
                )
        # landmark name -> its kind's word where the name does not say it ("Uncen Waena":
        # "kampus"), shown beside the name in the place as understood (session 34)
        self.kind_labels: dict[str, str] = {
            m.name: label for m in self.landmarks if (label := kind_label(m.name, m.kind))
        }
        self.weak_landmark_keys: set[str] = set()
        self.landmark_keys: dict[str, tuple[int, ...]] = landmark_keys(
            self.landmarks, self.keys, tree, self.weak_landmark_keys
        )
        self.foreign, self.countries, listed = foreign_names(
            book, {*self.keys, *self.landmark_keys}
        )
        self.foreign_listed: Collection[str] = SortedNames(listed)
        # one string per country code, not one per place (pickle keeps the sharing)
        self.foreign = {k: sys.intern(v) for k, v in self.foreign.items()}
        self.regency_prefixes: dict[str, tuple[str, ...]] = regency_prefixes(tree, keys)
        # the shared first words that are words of a story ("tanah", "tulang", "pegunungan")
        self.word_heads = frozenset(h for h in self.regency_prefixes if a_word_head(h))
        # kab/kota -> every kab/kota split from it since 1999, at any remove
        self.heirs: dict[str, set[str]] = {}
        parents = book.parents if book else {}
        for child in parents:
            parent, seen = parents[child], {child}
            while parent and parent not in seen:
                self.heirs.setdefault(parent, set()).add(child)
                seen.add(parent)
                parent = parents.get(parent, "")
        self.streets: dict[str, tuple[str, ...]] = street_keys(book.streets if book else (), keys)
        self.longest = max(
            len(k.split())
            for k in [
                *self.keys,
                *self.landmark_keys,
                *self.foreign,
                *self.regency_prefixes,
                *self.streets,
            ]
        )
        # the pools fuzzy matching searches, each with its own cutoff (see the module's
        # docstring): regencies and districts, villages by first letter and length,
        # landmarks, foreign places
        self.upper_keys: list[str] = sorted(
            k for k, v in keys.items() if any(level_of(c) <= 3 for c in v)
        )
        village_keys = sorted(k for k, v in keys.items() if any(level_of(c) == 4 for c in v))
        self.landmark_pool: list[str] = sorted(k for k in self.landmark_keys if len(k) >= 6)
        self.foreign_pool: list[str] = sorted(
            k for k in self.foreign if len(k) >= 5 and k not in self.foreign_listed
        )
        self.street_pool: list[str] = sorted(
            k for k in self.streets if len(k.replace(" ", "")) >= MIN_STREET_FUZZY_CHARS
        )
        buckets: dict[str, list[str]] = {}
        for key in village_keys:
            buckets.setdefault(f"{key[0]}{len(key)}", []).append(key)
        self.village_buckets: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in buckets.items()}
        postal: dict[str, list[str]] = {}
        for village, pos in tree.postal_items():
            postal.setdefault(pos, []).append(village)
        self.postal: Mapping[str, tuple[str, ...]] = CodeIndex(
            {k: tuple(v) for k, v in postal.items()}
        )
        # after the fuzzy pools: a shared first name ("mendalo") is found only as typed,
        # and never hides a landmark or a town abroad ("tabuk": Saudi Arabia, not Desa
        # Tabuk Baru)
        taken = {*self.landmark_keys, *self.foreign, *self.foreign_listed}
        keys.update((k, v) for k, v in village_stems(tree, keys).items() if k not in taken)
        self.keys = CodeIndex(keys)

    # --- search ----------------------------------------------------------------------

    def _regency_name(self, code: str) -> str:
        return self.tree.name(code) or ""

    def search(self, text: object) -> SearchResult:
        if not isinstance(text, str):
            return SearchResult("invalid", reason="not_text")
        if len(text) > MAX_TEXT_CHARS:
            return SearchResult("invalid", reason="too_long")
        words = normalise(text)
        if not any(w != "," for w in words):
            return SearchResult("invalid", reason="empty")
        if len(words) > MAX_WORDS:
            return SearchResult("invalid", reason="too_many_words")
        # "kampung melayu kelurahan ...", "lembang randan batu": hamlet and regional
        # village words read for this text (bot/routing/hamlets.py, session 34)
        region = text_region(words)  # "jorong", "nagori", "kalurahan" (session 35)
        words = read_regional_words(words)
        words, hamlet_regions = read_hamlet_words(words, self._holds_village, self._holds_place)
        mentions, unknown_words, local_names = self._mentions(words)
        for m in mentions:
            m.entries = regional_entries(m.entries, m.start, hamlet_regions)
        keep_to_text_region(mentions, region)
        # words no place was found in: a sentence's words when `sentence_word` says so
        sentence = {k for k in range(len(words)) if not any(m.start <= k < m.end for m in mentions)}
        foreign = [m for m in mentions if m.foreign and not _a_breed(m, words)]
        places = [m for m in mentions if m.entries]
        # "dibawa sampe ke X": "sampe" (as far as) is the journey's word, no Desa Sampe,
        # nor a place beside which X would be a story's word (session 42)
        places = [m for m in places if not an_until_word(m, words)]
        # everyday-word names beside a place the text states first (session 34): the
        # other rules then weigh the names left ("dusun kedawung" is no stray once "kebun
        # tebu" is the story's)
        # Read again once some are: a word after one so read has a story word before it
        # ("bintangmas rawan begal": Desa Rawan, then Desa Begal, session 41)
        told_apart: list[_Mention] = []
        while True:
            rest = [m for m in places if m not in told_apart]
            more = [
                m
                for m in rest
                if a_story_word_beside_a_place(m, words, rest, _after_a_named_kind(words, m.start))
            ]
            if not more:
                break
            told_apart += more
        places = [m for m in places if m not in told_apart]
        # a one-word name so read after a story word is a word of the sentence (session
        # 41: "motor petani ditinggal ... di sawah brati" names Brati alone, which two
        # kab/kota hold); after a kind of place it is the place's own name ("jembatan
        # beringin ngaliyan")
        sentence |= {
            m.start
            for m in told_apart
            if m.end - m.start == 1 and m.start > 0 and words[m.start - 1] not in GENERIC
        }
        # things the story handles whose word names a kecamatan or villages ("dibacok
        # parang", "curi sawit"): words of the sentence (session 35)
        things = things_of_the_story(places, words, self._regency_name)
        things += [
            m
            for m in places
            if m not in things
            and a_quantity_word(m, words)
            and not _after_a_named_kind(words, m.start)
        ]
        # a person by trade or age where a sentence puts one ("penarik gerobak sampah
        # ditemuin ...", "5 pemuda dihajar", "para nelayan"): no Kec. Penarik, no Desa
        # Pemuda (session 43)
        things += [m for m in places if m not in things and a_persons_name(m, words)]
        places = [m for m in places if m not in things]
        sentence |= {k for m in things for k in range(m.start, m.end)}
        strays = told_apart + [
            m
            for m in places
            if _stray_name(m, words, places)
            or _kind_of_a_landmark(m, words, places)
            or _namesake_of_another_kind(m, words, places)
            or _stock_name(m, words, places)
            or a_prefix_told_in_the_story(m, words, places, self._regency_name)
            or a_buildings_home_town(m, words, places)
            or a_buildings_own_name(m, words, places)
            or a_ships_name(m, words, places)
            or a_persons_origin(m, words, places)
            or a_home_town_before_the_scene(m, words, places)
            or a_start_before_the_scene(m, words, places)
            or a_person_word(m, words, places)
            or a_journeys_end(m, words, places)
            or an_estates_name(m, words, places)
            or in_a_sites_name(m, words, places)
        ]
        # a hamlet's name and its hamlet word are no words of a sentence either
        aside = {k for m in strays for k in range(m.start - 1, m.end)}
        places = [m for m in places if m not in strays]
        for m in places:
            self._not_of_another_kind(m, words)
        self._kind_and_a_stated_district(places, words)
        passing = [
            m
            for m in places
            if _passing_word(m, words, places, aside)
            or a_story_phrase_alone(m, words, places, _told_words(words, m, aside))
        ]
        places = [m for m in places if m not in passing]
        # the words of a spot and what it holds are the sentence's ("tidur di kandang
        # sapi"); a passing one-word name may still be a local one ("pasir bajing")
        sentence |= {k for m in passing if m.end - m.start > 1 for k in range(m.start, m.end)}
        # a migrant's home town and the place abroad where it happened ("abk asal
        # indramayu ditahan di jeddah"), or a foreign origin and an event here ("wna asal
        # malaysia ditangkap di batam"): the event's place decides (session 41)
        event = happened_abroad(_abroad_events(foreign, words), places, words)
        if event is not None:
            return SearchResult("outside", reason=f"foreign:{event.foreign}")
        if happened_here(foreign, places, words):
            foreign = []
        if (places or unknown_words and local_names) and all(m.listed for m in foreign):
            # the long world list is nobody's checked reading of a chat ("mile 32 jalan
            # agimuga kuala kencana": Mile is a town in Ethiopia; "lorem ipsum dolor sit
            # amet": Amet is one in India): its towns decide only a text that names
            # nothing else, beside words of a sentence ("kerja di abha", "majikan saya di
            # kunak": session 35)
            foreign = []
        if foreign and (
            _on_a_countrys_side(foreign, words)
            or _foreign_wins(places, any(m.country for m in foreign), foreign)
        ):
            return SearchResult("outside", reason=f"foreign:{foreign[0].foreign}")
        if not places:
            return SearchResult("not_found", reason="no_region_name")
        for m in places:
            if m.street and m.landmarks and m.exact and words[m.start] in GENERIC:
                # "jl pasar lama sentani": a landmark named in full with its kind word
                # after "jl" is where the street is (a street named after it runs by it)
                m.street = False
            self._direction_of_regency(m, words)
        self._streets_beside_places(places)
        strong = [m for m in places if not m.street]
        after = [m for m in places if m.after_street > 0 and m.exact]
        towns = [m for m in after if any(level_of(c) <= 3 for c in m.entries)]
        after = towns or after  # "... pariaman korong toboh olo": the town, not a hamlet
        # "jalan raya kinali sei paku jorong iv koto": a name after a hamlet word is the
        # hamlet's, not the town the road runs through (session 31)
        after = [m for m in after if not in_a_hamlets_name(m, words)] or after
        spots = [m for m in strong if towns and _a_spot_on_the_road(m, words)]
        strong = [m for m in strong if m not in spots]
        if not strong and after:
            # "jl imam bonjol semarang": the last name after the street's own is the city
            # (a name we know in full: "jl hawai sentani dpn masjid al aqsa" is in Sentani)
            after[-1].street = False
            strong = [after[-1]]
        estates = [
            m
            for m in places
            if m.street and m.exact and m.start > 0 and words[m.start - 1] in ESTATE_WORDS
        ]
        if not strong and estates:
            # "perumahan mendalo asri": nothing else is named, and an estate is mostly
            # named after the village it was built in
            estates[0].street = False
            strong = [estates[0]]
        if not strong:
            # "jl diponegoro": streets are named after places all over Indonesia; the
            # city is needed
            return self._street_named_like_places(places, words)
        # street names are no place of their own, but they support the places they lie in
        streets = [m for m in places if m.street]
        for m in strong:
            m.kin = kin_codes(m, places, words)
        for m in places:
            m.kin_partner = an_ancestor_beside(m, strong, words)
        result = self._rank(strong, supporters=streets)
        if (
            result.status == "ok"
            and len(places) == 1
            and not local_names
            and not places[0].marked
            and places[0].exact
            and not [
                w
                for k, w in enumerate(words)
                if not places[0].start <= k < places[0].end
                and w != ","
                and w not in FILLERS
                and w not in CONNECTING
                and not (k in sentence and sentence_word(w))
                and not (k >= places[0].end and (w in ROAD_WORDS or _NUMBER.match(w)))
                # "babussalam senin tgl 3": when it happened says nothing of where
                and not tells_when(words, k)
            ]
        ):
            # "dekat manggar", "di baruga": connecting words say nothing of where; nor do
            # the words of the sentence around it ("hp saya dicopet di baruga"), nor a
            # lane's number after the name ("kebonsari gang 1": a lane of a neighbourhood
            # so named, which says nothing of which)
            typed = " ".join(words[places[0].start : places[0].end])
            result = self._bare_name(result, typed)
        if result.status == "ok":
            result = self._district_among_strangers(result, places, words, sentence)
        urban = any(w in URBAN_KINDS for w in words)
        if (streets or local_names or urban) and result.status == "ambiguous":
            # "jl imam bonjol semarang", "gombel lama semarang": a street or a name no
            # village or district bears, beside a name a city and a regency share, is in
            # the city (every village and district is in the gazetteer; neighbourhoods,
            # streets and buildings are urban). The words a sentence is told with are no
            # such name: "hp dijambret di semarang" says nothing of Kota or Kabupaten
            result = _the_city(result, self.tree)
        if result.status == "ambiguous" and result.reason.endswith("equally_good"):
            result = self._street_decides(result, strong, words)
        if (
            result.status == "ambiguous"
            and result.reason.endswith("equally_good")
            and any(w in ROAD_WORDS for w in words)
        ):
            result = _the_kelurahan(result, words)
        if result.status == "ok" and result.matches[0].level == 2:
            result = _street_district(result, places)
        if result.status == "ok" and result.matches[0].level == 2 and estates:
            result = _the_estates_district(result, estates)
        if (
            result.status == "ok"
            and result.matches[0].level == 4
            and not result.matches[0].via_landmark
            and all(not m.exact for m in places)
        ):
            # "banteay meanchey" is no misspelt Desa Bantea: of 83,000 villages one is
            # close to almost any word, and nothing else in the text says it is meant
            result = SearchResult("ambiguous", result.matches, reason="unsure_village")
        return result

    def _kind_and_a_stated_district(self, places: list[_Mention], words: list[str]) -> None:
        """ "psr jombang kota cilegon", "stasiun jombang kab jember", "lapas pekalongan kab
        lampung timur": a landmark found by a kind word and a name (Pasar Jombang of
        Tangerang Selatan, Stasiun Jombang, Lapas Pekalongan) that lies outside the kab/kota
        the text names, where that kab/kota holds a district or village of the name, is
        that place's market, station or prison, as "pasar X" of any place is (session 33,
        the kind + name audit: such forms were asked between the landmark and the city)."""
        stated = {
            c
            for o in places
            if o.exact and not o.street and not o.landmarks
            for c in o.entries
            if level_of(c) == 2
        }
        if not stated:
            return
        for m in places:
            if not m.landmarks or not m.exact or m.street or m.end - m.start < 2:
                continue
            if words[m.start] not in GENERIC and words[m.start] not in NAMED_KINDS:
                continue
            if any(c[:5] in stated for c in m.entries):
                continue
            name = " ".join(words[m.start + 1 : m.end])
            inside = [c for c in self.keys.get(name, ()) if c[:5] in stated and level_of(c) >= 3]
            if inside:
                m.entries = dict.fromkeys(inside, 100.0)
                m.landmarks = {}

    def _bare_name(self, result: SearchResult, typed: str) -> SearchResult:
        """ "manggar", "baruga", "nibung" typed alone: a district of one kab/kota and
        villages of others; nothing says which, so the citizen picks (the district
        first). A regency's name alone stays the regency."""
        top = result.matches[0]
        if top.level != 3 or top.via_landmark:
            return result
        own = name_key(bare_regency_name(self.tree.name(top.code[:5]) or ""))
        if own and own.replace(" ", "") in typed.replace(" ", ""):
            # "ternate selatan", "bekasi utara": the text says its city ("huta imbaru"
            # does not, though Kec. Padangsidimpuan Hutaimbaru's full name does)
            return result
        elsewhere = [m for m in result.matches[1:] if m.level == 4 and m.code[:5] != top.code[:5]]
        if not elsewhere:
            return result
        return SearchResult("ambiguous", result.matches, reason="district_or_villages")

    def _district_among_strangers(
        self, result: SearchResult, places: list[_Mention], words: list[str], sentence: set[int]
    ) -> SearchResult:
        """ "kandang ayam dibobol di balerejo", "ayam kampung dicuri warga babadan": the
        other names the text holds (a coop's and a hen's words, villages somewhere) lie in
        none of the district's kab/kota, so they say nothing of which Balerejo is meant:
        the district's name is as bare as typed alone (session 32). A name of its kab/kota
        or province, a street, a landmark or a word we do not know beside it still
        settles it, as before."""
        top = result.matches[0]
        own = [m for m in places if top.code in m.entries]
        if len(own) != 1 or not own[0].exact or own[0].marked or own[0].landmarks:
            return result
        if any(w in _LANDMARK_KINDS or w in ROAD_WORDS for w in words):
            return result  # "kios kain di pasar seririt": a kind of place beside it
        before = words[own[0].start - 1] if own[0].start > 0 else None
        if before is not None and before not in _BEFORE_A_BARE_NAME:
            return result  # "pasir bajing banyuresmi": a local name, then its district
        regency = top.code[:5]
        for m in places:
            if m is own[0]:
                continue
            if m.street or m.landmarks or m.postal or m.marked or m.end == own[0].start:
                return result  # "tepian pandan tenggarong": a local name, then its district
            if not all(sentence_word(w) for w in words[m.start : m.end]):
                return result  # a proper name ("kabila bone bolngo")
            if any(c[:5] == regency or regency.startswith(c + ".") for c in m.entries):
                return result
        inside = {k for m in places for k in range(m.start, m.end)}
        for k, w in enumerate(words):
            if k in inside or w == "," or w in FILLERS or w in CONNECTING:
                continue
            if not sentence_word(w):
                return result  # a word we do not know may be a local name
        typed = " ".join(words[own[0].start : own[0].end])
        return self._bare_name(result, typed)

    def _direction_of_regency(self, m: _Mention, words: list[str]) -> None:
        """ "blitar selatan", "malang selatan": a part of Kab. X by direction; a city has
        no such parts (its districts that are named so are in the gazetteer already)."""
        if m.end >= len(words) or words[m.end] not in DIRECTIONS:
            return
        pair = [c for c in m.entries if level_of(c) == 2]
        if len(pair) != 2 or len({bare_regency_name(self.tree.name(c) or "") for c in pair}) != 1:
            return
        for code in pair:
            if (self.tree.name(code) or "").startswith("Kota"):
                del m.entries[code]

    def _streets_beside_places(self, places: list[_Mention]) -> None:
        """A street of streets.csv names its city, unless the text names other places: a
        street many cities have ("jl mt haryono purbalingga kulon") then only supports
        the one it may lie in, and so does a street of one city when the text names
        another kab/kota ("jln kapten sujono samrinda": our table is no census of every
        city's streets)."""
        others = [m for m in places if not m.street and not m.street_table and not m.border]
        if not others:
            return
        named = {
            c
            for m in others
            for c, q in m.entries.items()
            if level_of(c) == 2 and q >= FUZZY_CUTOFF and not m.landmarks
        }
        # a landmark named in full that lies in one kab/kota names it as well ("jl pangeran
        # diponegoro kel pelabuhan samarinda": Jl. Pangeran Diponegoro of our table is
        # Tarakan's, the port and kelurahan Pelabuhan are Samarinda's) (session 30)
        named |= {
            c[:5]
            for m in others
            if m.landmarks and m.exact and len({c[:5] for c in m.entries}) == 1
            for c in m.entries
        }
        # a district or kab/kota named exactly ("jalan anggrek raya panakkukang": there are
        # streets called Anggrek in many cities, Panakkukang is one district)
        districts = {
            c[:5]
            for m in others
            if m.exact and not m.landmarks
            for c, q in m.entries.items()
            if level_of(c) <= 3 and q >= 100
        }
        # a village named exactly, none of whose namesakes lies in the street's city
        # ("jalan abdul rahman saleh birobuli utara": Jl. Abdulrahman Saleh of Semarang is
        # a street of many cities, Birobuli Utara one kelurahan of Palu)
        villages = {
            c[:5]
            for m in others
            if m.exact
            and not m.landmarks
            and m.entries
            and all(level_of(c) == 4 for c in m.entries)
            for c, q in m.entries.items()
            if q >= 100
        }
        for m in places:
            if not m.street_table or m.street:
                continue
            cities = {c[:5] for c in m.entries}
            if (
                len(cities) > 1
                or (named and not cities & named)
                or (districts and not cities & districts)
                or (villages and not cities & villages)
            ):
                m.street = True
            if villages:
                # the street then supports only a kab/kota the village lies in: "jalan
                # trunojoyo gondanglegi kulon malang" is Kab. Malang's village, and Jl.
                # Trunojoyo of Kota Malang (one of five cities with one) no reason to read
                # "malang" as the city (session 37)
                m.entries = {c: q for c, q in m.entries.items() if c[:5] in villages}

    def _street_named_like_places(self, places: list[_Mention], words: list[str]) -> SearchResult:
        """ "jalan kebonsari", "blok mekarsari": the one name of the text is a street's or
        a block's, and no street table holds it, but villages (or a kecamatan) of several
        kab/kota bear it: such a road mostly runs in or to the place it is named after,
        so the citizen picks among those rather than being told to name the city again
        (session 31). A name of streets.csv ("jl merdeka", the heroes) or of one kab/kota
        only still asks for the city."""
        named = [m for m in places if m.street and m.exact and m.entries]
        if len(named) == 1 and not named[0].street_table and len(places) == 1:
            m = named[0]
            if all(sentence_word(w) for w in words[m.start : m.end]):
                return SearchResult(
                    "not_found", reason="street_without_city"
                )  # "gang buntu", "sepanjang"
            if len({c[:5] for c in m.entries}) > 1 and all(level_of(c) >= 3 for c in m.entries):
                m.street = False
                ranked = self._rank([m])
                return SearchResult("ambiguous", ranked.matches, reason="street_named_like_places")
        return SearchResult("not_found", reason="street_without_city")

    def _street_decides(
        self, result: SearchResult, strong: list[_Mention], words: list[str]
    ) -> SearchResult:
        """ "kawasan dago": villages named Dago in Kab. Bogor and Kota Bandung tie, and one
        of the cities has a street of that name (streets.csv): that one."""
        top = result.matches[0].score
        tied = [m for m in result.matches if m.score >= top - TIE_MARGIN]
        for m in strong:
            if any(level_of(c) < 4 for c in m.entries):
                continue  # a district's name is no street's
            if m.start == 0 or words[m.start - 1] not in GENERIC:
                # only a name written as a place's ("kawasan dago", "bandara darmo"); a
                # bare one ("dibegal di sawojajar": Kel. Sawojajar of Kota Malang and
                # villages of three regencies) is asked, never guessed (session 31)
                continue
            cities: set[str] = set()
            for key in street_variants(" ".join(words[m.start : m.end])):
                cities.update(c[:5] for c in self.streets.get(key, ()))
            chosen = [t for t in tied if t.code[:5] in cities]
            if len(chosen) == 1 and len(cities) == 1:
                rest = tuple(x for x in result.matches if x is not chosen[0])
                return SearchResult("ok", (chosen[0], *rest), reason="street_of_that_city")
        return result

    def _landmark_written_apart(self, span: list[str]) -> tuple[int, ...]:
        """ "air terjun jambu ara": the landmark Air Terjun Jambuara, its one-word name
        typed in two parts after its kind (name_spacing.py, session 40); the one landmark
        one joined pair names, else nothing."""
        found = {
            self.landmark_keys[k]
            for k in joined_pair_forms(
                span, self.landmark_keys, self.keys, KIND_NAMES, KIND_PHRASES
            )
            if k in self.landmark_keys
        }
        return next(iter(found)) if len(found) == 1 else ()

    def _lookup(
        self, words: list[str], start: int, marker: tuple[int, str | None] | None, stop: int
    ) -> tuple[int, _Mention] | None:
        """Longest exact key at `start` (region, landmark or foreign place) whose regions
        fit the marker: (end, mention)."""
        for end in range(min(stop, start + self.longest), start, -1):
            span = words[start:end]
            if len(span) == 1 and (span[0] in FILLERS or (span[0] in GENERIC and marker is None)):
                return None
            if marker is None and len(span) == 2 and span[0] == span[1] and span[0] in GENERIC:
                # "alun-alun" is the square of every town, though one village bears the name
                continue
            if (
                len(span) > 1
                and span[-1] == "hari"
                and end < stop
                and words[end] in DAY_WORDS
                and _a_date_after(words, end + 1)
            ):
                # "rsud batang hari minggu tgl 3": Batang and the day it happened, not
                # Kab. Batanghari; a name ends before "hari" + a day's name + a date
                # (session 33). Without the date the longer name wins: "kab batang hari
                # senin" is Batang Hari and a day (session 34, tests/routing/kind_clash_forms.py)
                continue
            if len(span) > 1 and span[-1] in LEVEL_SUFFIXES and self._regency_at(words, end):
                # "lapas pekalongan kab lampung timur": the level word is the next name's
                # (Kab. Lampung Timur), not this one's suffix ("pekalongan kab" alone is
                # Kab. Pekalongan); session 33, the kind + name audit
                continue
            key = " ".join(span)
            # "di lam kuta" is no Desa Dilam, "kec ubung" no Desa Kecubung, "dekat agung
            # jaya" no Desa Dekatagung: a level or connecting word starts no name
            # written apart (other fillers may: "ujung berung" is Kec. Ujungberung)
            glued = (
                1 < len(span) <= 3
                and not (
                    span[0] in CONNECTING
                    or span[0] in GLUE_BREAKERS
                    or (span[0] in FILLERS and len(span[0]) <= 3)
                    # "kota tual ada pungli": Kota Tual and "ada" (there is), not the village
                    # Tualada of Aceh; a filler glued onto a whole name ends no name (session 33)
                    or (span[-1] in FILLERS and " ".join(span[:-1]) in self.keys)
                    # "barang ga dikirim": a word of the sentence and chat's "not" after
                    # it, not Kel. Barangga of Bombana (136 one-word names end so:
                    # Bangga, Baruga, Malangga; written whole they are still found;
                    # session 40, the fresh set)
                    or (len(span) == 2 and span[1] in CHAT_NEGATIONS and sentence_word(span[0]))
                    # "lari ke arah X": no Desa Larike (session 42)
                    or journeys_words_glued(span)
                )
            )
            joined = "".join(span) if glued else ""
            if joined in self.keys and key not in self.keys:
                key = joined  # "bojong gede": Kec. Bojonggede
            shared = self.regency_prefixes.get(key)
            if (
                shared
                and marker in (None, (2, None), (2, "kabupaten"))
                and not (marker is None and self._a_word_in_a_story(words, start, end, key))
            ):
                return end, _Mention(dict.fromkeys(shared, 100.0), start=start, end=end)
            codes = self.keys.get(key)
            spelt_apart: tuple[str, ...] = ()
            if codes and joined != key and joined in self.keys:
                # "kota baru": also Kab. Kotabaru, written apart; "bojong gede": also Kec.
                # Bojonggede (a little lower: "mekar jaya" villages outrank Kec. Mekarjaya)
                spelt_apart = tuple(c for c in self.keys[joined] if c not in codes)
                codes = (*codes, *spelt_apart)
            if codes and (marker is None or marker[0] == 4):
                codes = (*codes, *self._other_final_vowel(key, codes))
            if codes:
                fitting = [c for c in codes if self._fits(c, marker)]
                if fitting:
                    # a regency's name written apart ("kota baru": Kab. Kotabaru) a
                    # little lower, so a district of that spelling ties with it
                    entries = {
                        c: 97.0 if c in spelt_apart and level_of(c) <= 2 else 100.0 for c in fitting
                    }
                    found = _Mention(entries, start=start, end=end)
                    found.unmarked = {c: 95.0 for c in codes if c not in entries}
                    slots = self.landmark_keys.get(key)
                    if marker is None and slots and all(level_of(c) == 4 for c in fitting):
                        # "guci": villages of that name, and the hot springs everybody
                        # means (a landmark is a place people name; a village far away
                        # bearing its name is not)
                        sight = self._landmark_mention(slots, 100.0, start, end)
                        found.entries.update(sight.entries)
                        found.landmarks = sight.landmarks
                    if marker is None and all(level_of(c) >= 3 for c in fitting):
                        # "kuala lumpur" is also a village in Gorontalo: outside Indonesia
                        # unless the rest of the text points at the village
                        found.foreign = self.foreign.get(key)
                        found.country = key in self.countries
                    return end, found
            if marker is not None:
                continue
            country = self.foreign.get(key)
            if country:
                found = _Mention(
                    {}, foreign=country, country=key in self.countries, start=start, end=end
                )
                found.listed = key in self.foreign_listed
                return end, found
            slots = self.landmark_keys.get(key) or self._landmark_written_apart(span)
            if slots:
                # a name without its city ("lapangan puputan") is less sure than in full
                sure = 94.0 if key in self.weak_landmark_keys else 100.0
                return end, self._landmark_mention(slots, sure, start, end)
        return None

    def _regency_at(self, words: list[str], at: int) -> bool:
        """A kab/kota's name starts at `at` ("lampung timur", "bandar lampung")."""
        for size in range(min(4, len(words) - at), 0, -1):
            key = " ".join(words[at : at + size])
            if any(level_of(c) == 2 for c in self.keys.get(key, ())):
                return True
        return False

    def _other_final_vowel(self, key: str, codes: tuple[str, ...]) -> tuple[str, ...]:
        """ "sidomulya" is "sidomulyo": Javanese names end in -o where Sundanese and
        Indonesian spelling writes -a (Sidomulyo/Sidomulya, Sukoharjo/Sukaharja), and people
        write either. A village name typed so also names the villages spelt the other way,
        as equals (asked when they lie with different units). Villages only: a district
        or a kab/kota is spelt as it is ("kec wonosari")."""
        if len(key) < FINAL_VOWEL_MIN_LETTERS or " " in key or key[-1] not in "ao":
            return ()
        if not key[:-1].endswith(JAVANESE_ENDINGS):
            return ()  # "bintara" (Bekasi) is no "bintaro" (Jakarta)
        if any(level_of(c) != 4 for c in codes):
            return ()
        other = self.keys.get(key[:-1] + ("o" if key[-1] == "a" else "a"), ())
        return tuple(c for c in other if level_of(c) == 4 and c not in codes)

    def _street(self, words: list[str], start: int, stop: int) -> _Mention | None:
        """The longest known street name at `start`, as the places it runs in (a name many
        cities share gives one per city: asked unless the text names the city)."""
        for end in range(min(stop, start + 6), start, -1):
            codes = None
            span = " ".join(words[start:end])
            for key in [*street_variants(span), span.replace(" ", "")]:
                codes = codes or self.streets.get(key)  # "kota raja": Jl. Kotaraja
            if codes:
                return self._street_mention(codes, start, end)
        return None

    def _street_mention(self, codes: tuple[str, ...], start: int, end: int) -> _Mention:
        rows = set(codes)
        if len({c[:5] for c in codes}) > 1:  # one per city, alike: the city asked
            codes = tuple(dict.fromkeys(c[:5] for c in codes))
        found = _Mention(dict.fromkeys(codes, STREET_QUALITY), start=start, end=end)
        found.street_table = True
        found.street_rows = rows
        return found

    def _fuzzy_street(self, words: list[str], start: int, stop: int) -> _Mention | None:
        """ "jl hertasnig", "jalan encep kartawirya": a misspelt street of streets.csv right
        after the street word, when its first word is no name we know."""
        end = start
        while (
            end < stop
            and end - start < 4
            and (words[end] not in GENERIC or (words[end] == "raya" and end > start))
            and words[end] not in FILLERS
            and words[end] not in MARKERS
            and words[end] not in STREET_WORDS
            and not _NUMBER.match(words[end])
        ):
            end += 1
        for last in range(end, start, -1):
            query = " ".join(words[start:last])
            if len(query.replace(" ", "")) < MIN_STREET_FUZZY_CHARS:
                continue
            hit = process.extractOne(
                query, self.street_pool, scorer=fuzz.ratio, score_cutoff=STREET_FUZZY_CUTOFF
            )
            if hit is not None and _same_words(query, hit[0]):
                found = self._street_mention(self.streets[hit[0]], start, last)
                found.exact = False
                return found
        return None

    def _a_word_in_a_story(self, words: list[str], start: int, end: int, head: str) -> bool:
        """ "mafia tanah", "tulang belulang ditemukan": the first word several kab/kota
        share (`regency_prefixes`) that is a word of the language (`a_word_head`), in a
        text with other words than "di" before it, is that word, not a question among
        those kab/kota. Typed alone ("tanah", "di tanah": the answer to "where?") or after
        "kab" it is still asked; "kutai", no word, is asked anywhere (session 44)."""
        if head not in self.word_heads:
            return False
        return any(w not in ("di", ",") for j, w in enumerate(words) if not start <= j < end)

    def _landmark_mention(
        self, slots: Iterable[int], quality: float, start: int, end: int
    ) -> _Mention:
        entries: dict[str, float] = {}
        names: dict[str, str] = {}
        for slot in slots:
            landmark = self.landmarks[slot]
            entries[landmark.code] = quality
            names.setdefault(landmark.code, landmark.name)
        return _Mention(entries, landmarks=names, exact=quality >= 100, start=start, end=end)

    def _holds_village(self, words: list[str], start: int, region: tuple[str, ...]) -> bool:
        """Whether the name at `start` is (exactly) a village of the region."""
        stop = next((j for j in range(start, len(words)) if words[j] == ","), len(words))
        if start >= stop:
            return False
        whole = self._lookup(words, start - 1, None, stop) if start > 0 else None
        if whole is not None and whole[0] > start and whole[1].entries:
            return False  # "huta nauli": villages named so, in several kab/kota
        found = self._lookup(words, start, (4, None), stop)
        return found is not None and any(c.startswith(region) for c in found[1].entries)

    def hamlet_reading(self, words: list[str]) -> list[str]:
        """The words with each hamlet or regional village word read as `search` reads
        them ("banjar pande blahbatuh" -> "dusun pande blahbatuh"; as many words)."""
        return read_hamlet_words(words, self._holds_village, self._holds_place)[0]

    def _holds_place(self, words: list[str], start: int, region: tuple[str, ...]) -> bool:
        """Whether the name at `start` is (exactly) a kecamatan or village of the region
        and no kab/kota's (session 45, `hamlets.read_hamlet_words`)."""
        stop = next((j for j in range(start, len(words)) if words[j] == ","), len(words))
        if start >= stop:
            return False
        found = self._lookup(words, start, None, stop)
        if found is None or not found[1].entries or found[1].foreign:
            return False
        codes = [c for c in found[1].entries if c.startswith(region)]
        if not codes or any(level_of(c) < 3 for c in found[1].entries):
            return False
        # "banjar ... kekeran": Kekeran lies in Buleleng, as Kec. Banjar does; "banjar ...
        # mekarsari": Kota Banjar holds a Mekarsari. The hamlet word may name that
        # kab/kota or kecamatan as well: two places of one kab/kota, as read before
        named_before = {
            a[:5]
            for w in words[:start]
            if w in HAMLET_REGIONS
            for a in self.keys.get(w, ())
            if level_of(a) >= 2
        }
        return not any(c[:5] in named_before for c in found[1].entries)

    def _of_kinds_without(self, kind: str, name: str) -> bool:
        """The landmark `name` is of known kinds, none of them `kind`."""
        kinds = self.landmark_kinds.get(name)
        return bool(kinds) and kind not in kinds  # type: ignore[operator]

    def _another_kind(self, kind: str | None, m: _Mention) -> bool:
        """Every landmark of `m` is of another kind than `kind` (when one was typed)."""
        return (
            kind is not None
            and bool(m.landmarks)
            and all(self._of_kinds_without(kind, n) for n in m.landmarks.values())
        )

    def _slots_of_another_kind(self, kind: str, slots: Iterable[int]) -> bool:
        return all(self._of_kinds_without(kind, self.landmarks[s].name) for s in slots)

    def _not_of_another_kind(self, m: _Mention, words: list[str]) -> None:
        """ "masjid lasinrang pinrang": found by RSUD Lasinrang Pinrang's name without its
        kind, after the word for another kind. That hospital is not the mosque, so the
        confirmation must not name it; where it lies (its kab/kota, a little less sure)
        is all the name says (session 34)."""
        if not m.landmarks:
            return
        # the kind the mention starts with ("rsud jenderal soedirman", matched fuzzily),
        # else the one right before it ("bandara | pattimura ambon")
        own = kind_at(words, m.start)
        before = kind_before(words, m.start)
        if own is None and before is None:
            return
        for code, name in list(m.landmarks.items()):
            # "puskesmas universitas brawijaya": the campus typed in full with its kind
            if own is not None and not self._of_kinds_without(own, name):
                continue
            if not self._of_kinds_without(own or before or "", name):
                continue
            del m.landmarks[code]
            quality = min(m.entries.pop(code, 100.0), 94.0)
            regency = code[:5]
            m.entries[regency] = max(m.entries.get(regency, 0.0), quality)

    def _fits(self, code: str, marker: tuple[int, str | None] | None) -> bool:
        if marker is None:
            return True
        level, kind = marker
        if level_of(code) != level:
            return False
        if kind is None:
            return True
        is_city = (self.tree.name(code) or "").startswith("Kota")
        return is_city == (kind == "kota")

    def _mentions(self, words: list[str]) -> tuple[list[_Mention], bool, bool]:
        """The spans of `words` that name places, whether other words remained that
        name nothing we know, and whether one of those may be a local name (a street, a
        neighbourhood, a building) rather than a word of the sentence ("motor", "dicuri")."""
        mentions: list[_Mention] = []
        runs: list[tuple[list[str], tuple[int, str | None] | None, bool, int]] = []
        run: list[str] = []
        run_marker: tuple[int, str | None] | None = None
        run_street = False
        run_start = 0
        marker: tuple[int, str | None] | None = None
        street = False
        n = len(words)

        def close_run() -> None:
            nonlocal run
            if run:
                runs.append((run, run_marker, run_street, run_start))
            run = []

        street_at = 0
        marker_word = ""

        def add(found: _Mention, quality: float = 100.0) -> None:
            # after a street word even a landmark's name is the street's ("jl yos sudarso"
            # is no port); a landmark written with its street word ("jalan malioboro") is
            # looked up at the street word itself
            found.street = street
            found.after_street = i - street_at if street else 0
            found.marked = marker is not None and quality >= 100
            if found.street and found.foreign and not _after_a_streets_name(words, street_at, i):
                # "lorong israel", "jl jepang", "jalan raya jepang": a street's name
                found.foreign = None
            if found.foreign and a_foreigners_origin(words, i):
                found.foreign = None  # "turis australia", "kuburan cina" (story_places)
            if found.foreign and a_count_word(words, i):
                found.foreign = None  # "lima warga": five people, not Lima (session 34)
            if found.listed and i > 0 and words[i - 1] in GENERIC - CONNECTING:
                # "terminal helong", "pasar lima": after a kind of place a town only the
                # long world list knows (Helong, China) is the local place's own name
                found.foreign = None
            regional = MARKER_REGIONS.get(marker_word) if marker is not None else None
            if regional:  # "negeri suli": Maluku's Suli
                local = {c: q for c, q in found.entries.items() if c.startswith(regional)}
                if local:
                    found.entries = local
            if quality < 100:
                found.entries = {c: quality for c in found.entries}
            mentions.append(found)

        i = 0
        while i < n:
            word = words[i]
            stop = next((j for j in range(i, n) if words[j] == ","), n)
            if word == ",":
                close_run()
                marker, street = None, False
                i += 1
                continue
            tool = a_tool_used(words, i) if marker is None else 0
            if tool:
                # "pake batu": stones used, no Kota Batu (story_places, session 44)
                close_run()
                i += tool
                continue
            if marker is None and (after_a_verb_head(words, i) or a_date_word(words, i)):
                # "saling serang", "perang batu": a verb or a weapon, no place; "tgl 5" is
                # a date (session 31)
                close_run()
                i += 1
                continue
            if marker is None and word in WHEN_WORDS:
                # "bengkulu jumat": when it happened, not Desa Jum'at; a longer name it
                # starts ("pasar minggu" is found at "pasar") or one after a level word
                # ("desa jumat") still is. It stays in the run of unknown words, which
                # `_fuzzy` reads without it (session 34)
                whole = self._lookup(words, i, None, stop)
                if whole is None or whole[0] <= i + 1:
                    if not run:
                        run_marker, run_street, run_start = marker, street, i
                    run.append(word)
                    i += 1
                    continue
            if marker is None and a_story_word(words, i):
                whole = self._lookup(words, i, None, stop)
                if whole is None or whole[0] <= i + 1:
                    # "pengedar sabu", "ibu ibu": a drug, a plural; no place (session 33)
                    close_run()
                    i += 1
                    continue
            if _POSTAL.match(word):
                close_run()
                if word in self.postal:
                    mentions.append(self._postal_mention(word))
                street = False
                i += 1
                continue
            if (
                _NUMBER.match(word)
                and i > 0
                and words[i - 1] in NUMBERING_WORDS
                and (self._lookup(words, i - 1, None, stop) or (0,))[0] <= i + 1
            ):
                # "rt 4 koto baru", "no 7 ulu", "km 5": a house, RT or kilometre number,
                # never the first word of a name counted in digits ("4 koto": IV Koto),
                # unless the numbering word starts a name with it ("blok 6 baru")
                # (session 40)
                close_run()
                street = False
                i += 1
                continue
            if _NUMBER.match(word):
                numbered = self._lookup(words, i, marker, stop)
                if (numbered is None or numbered[0] <= i + 1) and marker is not None:
                    # "desa vii koto": Kec. VII Koto, the level word loose
                    numbered = self._lookup(words, i, None, stop)
                if numbered is not None and numbered[0] > i + 1:  # "7 ulu": Kel. Tujuh Ulu
                    close_run()
                    add(numbered[1])
                    marker = None
                    i = numbered[0]
                    continue
                close_run()
                street = False
                i += 1
                continue
            if street and i == street_at:
                named = self._street(words, i, stop)
                if named is None and word == "raya":
                    # "jalan raya otista kampung melayu": people put "raya" before a
                    # street's name the table writes without it (Jl. Otista). A region's
                    # name after it is the main road through that place ("jalan raya
                    # banjarsari", "jalan raya bogor"), as street_keys reads "raya" too,
                    # and so is a longer one it starts ("jalan raya cipinang besar
                    # selatan": Kel. Cipinang Besar Selatan, not Jl. Cipinang) (session 42)
                    named = self._street(words, i + 1, stop)
                    if named is not None and any(
                        " ".join(words[i + 1 : end]) in self.keys
                        for end in range(named.end, min(stop, i + 7) + 1)
                    ):
                        named = None
                if named is not None:  # "jl demang lebar daun": a street we know
                    close_run()
                    mentions.append(named)
                    street = False
                    i = named.end
                    continue
            if word in MARKERS and i > 0 and words[i - 1] in NOT_A_MARKER_AFTER.get(word, ()):
                # "smp negeri 1", "luar negeri": a state school, abroad; no village
                close_run()
                i += 1
                continue
            if word in MARKERS:
                close_run()
                # "Kota Baru" is a name, not "kota" + "Baru"
                as_name = self._lookup(words, i, None, stop)
                if (
                    as_name is None
                    and a_counted_level_word(words, i)
                    and not any(m.end == i for m in mentions)
                ):
                    # "bentrok 2 desa sampe jalan ...": villages counted; the words
                    # after are read as unmarked (session 43); not after a name that
                    # ends in a number ("batu tiga desa tindaki": Desa Batu Tiga)
                    marker = None
                    i += 1
                    continue
                if as_name is None and i + 1 < stop and words[i + 1] in _WHERE_WORDS:
                    # "bentrok antar kampung di singkil": a level word before "di" that
                    # starts no name ("negeri di atas lumpur" does) marks nothing
                    # (session 37)
                    marker = None
                    i += 1
                    continue
                after = self._lookup(words, i + 1, MARKERS[word], stop) if i + 1 < stop else None
                abroad = self._lookup(words, i + 1, None, stop) if i + 1 < stop else None
                named_village = village_named_with_a_level_word(marker, as_name, i)
                if named_village is not None:
                    # "desa kota padang": the villages called Kota Padang (Bengkulu), not
                    # the city after a village's level word (session 35)
                    add(named_village[1])
                    marker = None
                    i = named_village[0]
                    continue
                if (
                    after is None
                    and abroad is not None
                    and abroad[1].foreign
                    and (as_name is None or abroad[0] > as_name[0])
                    and not a_foreigners_origin(words, i + 1)
                ):
                    # "kota johor bahru", "kota san juan": a town abroad, not a misspelt
                    # Indonesian one (nor the village Kota San); "kampung arab", "kampung
                    # india" are local quarters named after a people, whose name is read
                    # as a local one's (session 45)
                    add(abroad[1])
                    i = abroad[0]
                    continue
                if (
                    as_name is not None
                    and as_name[0] > i + 1
                    and (after is None or as_name[0] >= after[0])
                ):
                    if (
                        after is not None
                        and after[0] == as_name[0]
                        and as_name[1].entries
                        and not a_former_regency_name(as_name[1].entries, after[1].entries)
                    ):
                        # "kota medan": the city, and the villages called Kota Medan;
                        # "desa beru": the villages Beru, and the one called Desa Beru.
                        # Both readings stand; ranking prefers the larger place or asks
                        for code, quality in after[1].entries.items():
                            as_name[1].entries.setdefault(code, quality)
                        as_name[1].landmarks.update(after[1].landmarks)
                    add(as_name[1])
                    marker = None
                    i = as_name[0]
                    continue
                marker, street = MARKERS[word], False
                marker_word = word
                i += 1
                continue
            if (
                word in SHIP_WORDS
                and i + 1 < stop
                and not _NUMBER.match(words[i + 1])
                and words[i + 1] not in FILLERS
                and words[i + 1] not in MARKERS
            ):
                # "km kelud", "kmp bahuga jaya", "km sabuk nusantara 93": the ship's name,
                # up to the next word that says where (a kind of place, "di", a comma)
                close_run()
                j = i + 1
                while (
                    j < stop
                    and j - i <= SHIP_NAME_WORDS
                    and words[j] not in FILLERS
                    and words[j] not in MARKERS
                    and words[j] not in GENERIC
                ):
                    j += 1
                i = j
                continue
            # a landmark may start with a street word ("jalan malioboro")
            found_pair = self._lookup(words, i, marker, stop)
            quality = 100.0
            if (
                found_pair is not None
                and marker is None
                and word in GENERIC
                and word not in CONNECTING
                and word not in STREET_WORDS
                and found_pair[0] > i + 1
            ):
                # "pasar batu rakit bayan": the market of Desa Batu Rakit, not the village
                # Pasar Batu and Kec. Rakit; a kind of place before a longer name that
                # starts inside the one it begins is that longer name's (session 31)
                later = self._lookup(words, i + 1, None, stop)
                if (
                    later is not None
                    and later[0] > found_pair[0]
                    and later[1].entries
                    # "bandara pattimura ambon": Bandara Pattimura and Ambon, not the
                    # roundabout keyed "pattimura ambon" (another kind; session 34)
                    and not self._another_kind(kind_at(words, i), later[1])
                ):
                    close_run()
                    i += 1
                    continue
            if found_pair is not None and found_pair[0] > i + 1:
                found_pair = self._not_across_a_regency(words, i, marker, stop, found_pair)
            if found_pair is not None and marker is not None:
                # "kec babakan loa": no district is called so, but Kec. Babakan is; the
                # longer exact name (villages Babakan Loa) is what was typed, and the
                # level word only a loose one
                whole = self._lookup(words, i, None, stop)
                if whole is not None and whole[0] > found_pair[0] and whole[1].entries:
                    found_pair, quality = whole, 95.0
            if (
                street
                and i == street_at
                and word not in GENERIC
                and (
                    found_pair is None
                    or (
                        not found_pair[1].landmarks
                        and all(level_of(c) == 4 for c in found_pair[1].entries)
                    )
                )
            ):
                # "jl hertasnig", "jl demang lebar dawn" (Demang is also a village)
                named = self._fuzzy_street(words, i, stop)
                if named is not None and (found_pair is None or named.end > found_pair[0]):
                    close_run()
                    mentions.append(named)
                    street = False
                    i = named.end
                    continue
            if word in STREET_WORDS and (found_pair is None or not found_pair[1].landmarks):
                if street and word == "bypass":  # "jalan lingkar bypass karawang": one street
                    i += 1
                    continue
                if word in ROAD_WORDS and i + 1 < stop and words[i + 1] == "tol":
                    # "jalan tol binjai langsa": a toll road named after the towns at its
                    # ends, not a street and the city it lies in (the last town); read as
                    # "tol binjai langsa" (session 43)
                    i += 1
                    continue
                close_run()
                street, street_at = True, i + 1
                i += 1
                continue
            if found_pair is None and marker == (2, "kota"):
                # "kota sungai pinyuh", "kota bangko": "kota" also means the town, a
                # district's seat; an exact district beats a misspelt city
                found_pair = self._lookup(words, i, (3, None), stop)
                if found_pair is not None:
                    quality = 95.0
            if found_pair is None and marker is not None:
                # "kec suela": a misspelt name of the marked level (Kec. Suwela) before a
                # same-named place of another level (the village Suela)
                found_pair = self._marked_fuzzy(words, i, marker, stop)
                if found_pair is not None:
                    found_pair = self._with_exact_elsewhere(words, i, stop, found_pair)
            if found_pair is None and marker is not None:
                found_pair = self._lookup(words, i, None, stop)
                quality = 95.0
            if found_pair is not None:
                close_run()
                end, found = found_pair
                extended = self._extend(words, i, end, stop, marker)
                if extended is not None:
                    extended.street = street
                    mentions.append(extended)
                    marker = None
                    i = end + 1
                    continue
                add(found, quality)
                marker = None
                i = end
                continue
            if word in FILLERS:
                close_run()
                i += 1
                continue
            if not run:
                run_marker, run_street, run_start = marker, street, i
            run.append(word)
            marker = None  # a level word names the word after it, not the rest of the text
            i += 1
        close_run()

        budget = [6, 2, 2]  # fuzzy searches allowed: upper levels and landmarks, villages, foreign
        for words_run, mk, st, begin in runs:
            area = self._area_after_a_street(words_run, begin, street_at, words) if st else None
            if area is not None and not any(m.start >= area.end for m in mentions):
                # a place named after it is where the street is ("... kampar"): that one
                mentions.append(area)
                continue
            if st:
                # a street's name is its own ("gang sempit" is no misspelt village); only
                # a misspelt city at its end ("jl kapten sujono samrinda") is looked for
                last = words_run[-1]
                if (
                    begin + len(words_run) - 1 > street_at
                    and len(last) >= 6
                    and (last not in GENERIC)
                ):
                    hits = self._fuzzy_keys(last, (2, None), budget, villages=False)
                    if hits:
                        entries = {c: q for k, q in hits for c in self.keys[k] if level_of(c) == 2}
                        if entries:
                            mentions.append(
                                _Mention(
                                    entries,
                                    exact=False,
                                    start=begin + len(words_run) - 1,
                                    end=begin + len(words_run),
                                )
                            )
                continue
            street_named = None if st else self._street_by_name(words_run, begin)
            if street_named is not None:
                mentions.append(street_named)
                continue
            mentions.extend(self._fuzzy(words_run, mk, st, budget, begin))
        unknown = {
            begin + k
            for words_run, _mk, _st, begin in runs
            for k, word in enumerate(words_run)
            if word not in GENERIC and word not in WHEN_WORDS
        }
        for m in mentions:
            if m.exact and m.end > m.start:
                m.beside_unknown = m.end in unknown or (m.start - 1) in unknown
            before = [w for w in words[max(0, m.start - 3) : m.start] if w not in ("dengan", "ke")]
            if m.end > m.start and before and before[-1] in BORDER_WORDS:
                # "dkt perbatasan gowa": next to Gowa, so not in it; a name the text
                # places the incident beside states nothing and gives way
                m.exact, m.border = False, True
                m.entries = {c: q - 10.0 for c, q in m.entries.items()}
        # a hamlet's name before a level word states no kab/kota (session 34)
        # a kab/kota someone fled or was taken to states nothing of where it happened
        # ("kerusuhan di elelim, kami ngungsi ke wamena": Distrik Elelim stays; session 42)
        journeys = {m.start for m in mentions if journey_word_at(words, m.start) is not None}
        for m in mentions:
            m.kin = kin_codes(m, mentions, words)
        kept, dropped = _within_stated(
            mentions, unknown, self.tree, self.heirs, named_before_a_level_word(words), journeys
        )
        # a name is local when it is no word of a sentence, or when a kind of place comes
        # before it ("taman krida budaya": a park's name, though both are words)
        local = any(
            not sentence_word(words[k])
            or (k > 0 and words[k - 1] in GENERIC and words[k - 1] not in CONNECTING)
            for k in unknown
        )
        return kept, bool(unknown) or dropped, local or dropped

    def _area_after_a_street(
        self, run: list[str], begin: int, street_at: int, words: list[str]
    ) -> _Mention | None:
        """ "jalan gardu condet", "gang kapuk jalan gardu condet": after the street's own
        name (a place's name read before this run, or kind words such as "gardu", a guard
        post), the words of a street run that name a street of one city (streets.csv) name
        its neighbourhood: Jl. Raya Condet of Jakarta Timur, as such words do outside a
        street (`_street_by_name`). Not the words right after the street word, nor the
        rest of a person's name ("jl wr supratman": Supratman is the street's own name)
        (session 42)."""
        if begin > street_at:
            if words[begin - 1] in STREET_WORDS:
                return None
            tail = 0
        else:
            tail = next((k for k, w in enumerate(run) if w not in GENERIC), len(run))
            if tail == 0 or tail == len(run):
                return None
        if any(w in GENERIC for w in run[tail:]):
            return None  # "taman siswa", "tol reformasi": a kind and its name, no street
        return self._street_by_name(run[tail:], begin + tail)

    def _street_by_name(self, run: list[str], begin: int) -> _Mention | None:
        """ "kawasan senopati", "lampu merah haji bauw": words no region bears that are the
        name of a street of one city (streets.csv) name that city, a little less surely
        than a street written after "jl"."""
        plain = " ".join(w for w in run if w not in GENERIC)
        if len(plain) < 5:
            return None
        codes = None
        for key in street_variants(plain):
            codes = codes or self.streets.get(key)
        if not codes or len({c[:5] for c in codes}) > 1:
            return None
        found = self._street_mention(codes, begin, begin + len(run))
        found.entries = dict.fromkeys(found.entries, STREET_QUALITY - 5)
        return found

    def _extend(
        self,
        words: list[str],
        start: int,
        end: int,
        stop: int,
        marker: tuple[int, str | None] | None,
    ) -> _Mention | None:
        """ "pasar mingu": the exact "pasar" plus a mistyped next word may be a longer name."""
        if end >= stop:
            return None
        following = words[end]
        if (
            following in MARKERS
            or following in FILLERS
            or following in STREET_WORDS
            or following in GENERIC
            or following in WHEN_WORDS  # "tangerang selasa" is no Tangerang Selatan
            or _NUMBER.match(following)
            or len(following) < 3
            # "dipukul sama orang": two words of the sentence are no misspelt Samarang
            or all(sentence_word(w) for w in words[start : end + 1])
            or self._lookup(words, end, None, stop) is not None
        ):
            return None
        hits = self._fuzzy_keys(" ".join(words[start : end + 1]), marker, [1, 1, 0], villages=False)
        hits = [(k, q) for k, q in hits if q >= 88]
        if not hits:
            return None
        entries: dict[str, float] = {}
        for key, score in hits:
            for code in self.keys[key]:
                if self._fits(code, marker) and entries.get(code, 0) < score:
                    entries[code] = score
        return _Mention(entries, exact=False, start=start, end=end + 1) if entries else None

    def _marked_fuzzy(
        self, words: list[str], start: int, marker: tuple[int, str | None], stop: int
    ) -> tuple[int, _Mention] | None:
        level = marker[0]
        if level > 3:
            return None
        for end in range(min(stop, start + 3), start, -1):
            query = " ".join(words[start:end])
            if len(query) < MIN_FUZZY_CHARS or any(
                w in FILLERS or w in WHEN_WORDS for w in words[start:end]
            ):
                continue
            hits = process.extract(
                query, self.upper_keys, scorer=fuzz.ratio, limit=5, score_cutoff=88
            )
            entries = {
                code: float(score)
                for key, score, _ in hits
                if _same_words(query, key)
                for code in self.keys[key]
                if self._fits(code, marker)
            }
            if entries:
                best = max(entries.values())
                entries = {c: q for c, q in entries.items() if q >= best - 1}
                return end, _Mention(entries, exact=False, start=start, end=end)
        return None

    def _not_across_a_regency(
        self,
        words: list[str],
        start: int,
        marker: tuple[int, str | None] | None,
        stop: int,
        found: tuple[int, _Mention],
    ) -> tuple[int, _Mention] | None:
        """ "glagah kulon progo": the village Glagah Kulon (Kudus) would swallow the
        first word of Kab. Kulon Progo; a kab/kota's name that starts inside the longest
        name and ends after it wins, and the name before it is read up to there."""
        for middle in range(start + 1, found[0]):
            over = self._lookup(words, middle, None, stop)
            if (
                over is not None
                and over[0] > found[0]
                # a kab/kota's own name, not a landmark's lying there ("terminal tidar
                # magelang": "tidar magelang" is RSUD Tidar's, not the city's; session 34)
                and any(level_of(c) <= 2 and c not in over[1].landmarks for c in over[1].entries)
            ):
                return self._lookup(words, start, marker, middle)
        return found

    def _with_exact_elsewhere(
        self, words: list[str], start: int, stop: int, fuzzy: tuple[int, _Mention]
    ) -> tuple[int, _Mention]:
        """ "kec ambit": no district is called Ambit (Sambit is one letter off), but
        villages in Cirebon and Sumedang are: a level word makes a misspelt name of its
        level possible, not the exact name of another level impossible. The exact places
        join the misspelt ones (ranking then asks), except those inside them ("kec
        suela": the village Suela lies in Kec. Suwela, which stays alone)."""
        end, found = fuzzy
        exact = self._lookup(words, start, None, stop)
        # a landmark of the name too ("kec pampang": Kampung Budaya Pampang, and villages
        # Pampang) does not make the villages less exact (session 33's audit)
        if exact is None or exact[0] < end or not exact[1].entries:
            return fuzzy
        if exact[0] > end:
            # "kec paran padang": the villages Paran Padang, not Kec. Parang + "padang"
            exact[1].entries = dict.fromkeys(exact[1].entries, 95.0)
            return exact
        best_code, best = max(found.entries.items(), key=lambda item: item[1])
        # as good as the misspelt place, level for level: neither is the surer guess
        elsewhere = {
            c: best + LEVEL_PENALTY[level_of(c)] - LEVEL_PENALTY[level_of(best_code)]
            for c in exact[1].entries
            if not any(is_within(c, f) for f in found.entries)
        }
        if not elsewhere:
            return fuzzy
        found.entries.update(elsewhere)
        found.end = exact[0]
        return exact[0], found

    def _postal_mention(self, postal: str) -> _Mention:
        villages = self.postal[postal]
        districts = {v[:8] for v in villages}
        place = next(iter(districts)) if len(districts) == 1 else None
        entries = {place: 100.0} if place else dict.fromkeys(sorted(districts), 100.0)
        desc_ok: set[str] = set()
        for v in villages:
            desc_ok.update(ancestors(v))
        return _Mention(entries, postal=postal, desc_ok=desc_ok)

    def _fuzzy(
        self,
        words: list[str],
        marker: tuple[int, str | None] | None,
        street: bool,
        budget: list[int],
        begin: int,
    ) -> list[_Mention]:
        # a day or a time of day is no part of a name ("tangerang selasa" is no misspelt
        # Tangerang Selatan, "jumat" no Desa Jum'at): the run is read without it (session 34)
        plain = [w for w in words if w not in GENERIC and w not in WHEN_WORDS]
        if not plain:  # "jalan raya", "pasar": nothing to look for
            return []
        told_when = any(w in WHEN_WORDS for w in words)
        queries = [" ".join(words)] if len(words) <= self.longest and not told_when else []
        if plain != words and 0 < len(plain) <= self.longest:
            queries.append(" ".join(plain))
        if 1 < len(plain) <= 3:
            queries += [w for w in plain if len(w) >= MIN_FUZZY_CHARS]
        for query in queries:
            if len(query.replace(" ", "")) < MIN_FUZZY_CHARS or query in GENERIC:
                continue
            if all(sentence_word(w) for w in query.split()) and (
                " " not in query or marker is None
            ):
                # "lewat" is no misspelt Kec. Lewa, "pulang" no Pamulang: a word of the
                # sentence is looked up exactly or not at all; nor are two of them read
                # together as one misspelt name ("dipukul sama orang" is no Samarang)
                continue
            if marker is None and budget[2] > 0 and self.foreign_pool:
                budget[2] -= 1
                hit = process.extractOne(
                    query, self.foreign_pool, scorer=fuzz.ratio, score_cutoff=FOREIGN_CUTOFF
                )
                if hit is not None:
                    upper = process.extractOne(
                        query, self.upper_keys, scorer=fuzz.ratio, score_cutoff=hit[1]
                    )
                    if upper is None:
                        return [_Mention({}, foreign=self.foreign[hit[0]], exact=False)]
            if (
                marker is None
                and self.landmark_pool
                and budget[0] > 0
                and len(query) >= MIN_LANDMARK_FUZZY_CHARS
            ):
                found = process.extract(
                    query,
                    self.landmark_pool,
                    scorer=fuzz.ratio,
                    limit=5,
                    score_cutoff=LANDMARK_CUTOFF,
                )
                # the kind typed first in the run ("rsud jenderal besar soedirman"), also
                # when the query left it out
                typed_kind = kind_at(query.split(), 0) or kind_at(words, 0)
                # "bandara pattimura" is one letter from "bundaran pattimura": a kind word
                # never matches another kind's (session 34)
                found = [
                    hit
                    for hit in found
                    if typed_kind is None
                    or not self._slots_of_another_kind(typed_kind, self.landmark_keys[hit[0]])
                ]
                if found:
                    best = found[0][1]
                    slots = [
                        s
                        for key, score, _ in found
                        if score >= best - 1
                        for s in self.landmark_keys[key]
                    ]
                    # no region name can beat a perfect score (rapidfuzz refuses a cutoff
                    # above 100: "rsud jenderal besar soedirman" was an internal error)
                    upper = (
                        process.extractOne(
                            query, self.upper_keys, scorer=fuzz.ratio, score_cutoff=best + 0.1
                        )
                        if best < 100
                        else None
                    )
                    if upper is None:
                        mention = self._landmark_mention(
                            slots, float(best), begin, begin + len(words)
                        )
                        mention.street = street
                        return [mention]
            hits = self._fuzzy_keys(
                query, marker, budget, villages=len(query) >= MIN_VILLAGE_FUZZY_CHARS
            )
            if hits:
                entries: dict[str, float] = {}
                for key, score in hits:
                    for code in self.keys[key]:
                        if self._fits(code, marker) and entries.get(code, 0) < score:
                            entries[code] = score
                if entries:
                    return [
                        _Mention(
                            entries, street=street, exact=False, start=begin, end=begin + len(words)
                        )
                    ]
        return []

    def _fuzzy_keys(
        self,
        query: str,
        marker: tuple[int, str | None] | None,
        budget: list[int],
        villages: bool = True,
    ) -> list[tuple[str, float]]:
        pools: list[tuple[int, list[str], float]] = []
        if marker is None or marker[0] <= 3:
            pools.append((0, self.upper_keys, FUZZY_CUTOFF))
        if villages and (marker is None or marker[0] == 4):
            pools.append((1, self._village_pool(query), VILLAGE_CUTOFF))
        for slot, pool, cutoff in pools:
            if budget[slot] <= 0:
                continue
            budget[slot] -= 1
            hits = process.extract(query, pool, scorer=fuzz.ratio, limit=20, score_cutoff=cutoff)
            # whole words only: "mekarsari" may be "mekar sari", never "mekarsarijaya";
            # and no key shorter than the shortest query we accept
            hits = [h for h in hits if _same_words(query, h[0]) and len(h[0]) >= MIN_FUZZY_CHARS]
            if hits:
                best = hits[0][1]
                return [(key, float(score)) for key, score, _ in hits if score >= best - 3]
        return []

    def _village_pool(self, query: str) -> list[str]:
        """Village keys that can reach the cutoff: same first letter, similar length."""
        size = len(query)
        low, high = int(size * 0.82), int(size / 0.82) + 1
        pool: list[str] = []
        for length in range(max(1, low), high + 1):
            pool.extend(self.village_buckets.get(f"{query[0]}{length}", ()))
        return pool

    # --- ranking ---------------------------------------------------------------------

    def _rank(self, mentions: list[_Mention], supporters: Iterable[_Mention] = ()) -> SearchResult:
        for m in [*mentions, *supporters]:
            _collapse(m)
            m.anc_ok = set(m.entries)
            m.heirs_ok = {h for c in m.entries for h in self.heirs.get(c, ())}
        helpers = list(supporters)
        best: dict[str, Match] = {}
        for index, m in enumerate(mentions):
            others = [o for j, o in enumerate(mentions) if j != index] + helpers
            # the most specific level named by another mention that lies in one kab/kota
            sure = min(
                (
                    min(level_of(c) for c in o.entries)
                    for o in mentions
                    if o is not m
                    and o.entries
                    and not o.street_table  # our streets are no census: "jl ciliwung"
                    and len({c[:5] for c in o.entries}) == 1
                ),
                default=9,
            )
            spread = len({c[:5] for c in m.entries}) > 1
            for code, quality in m.entries.items():
                chain = ancestors(code)
                support = sum(_support(code, chain, o) for o in others)
                # a name after its level word ("desa besilam") is what the citizen gave as
                # the place; an unmarked same-length name is more likely a passing word
                score = (
                    quality
                    # a landmark's code is its kecamatan where known, else its kab/kota:
                    # that says how complete the table is, not how sure the place is
                    - LEVEL_PENALTY[3 if code in m.landmarks else level_of(code)]
                    + (MARKED_BONUS if m.marked else 0.0)
                    + (KIN_BONUS if code in m.kin else 0.0)
                    - (
                        AMBIGUITY_PENALTY
                        # never a regency's name: Kendal is Kendal, villages or not
                        if spread and not support and level_of(code) >= 3 and sure <= level_of(code)
                        else 0.0
                    )
                )
                old = best.get(code)
                postal = m.postal if (old is None or old.via_postal) else None
                landmark = m.landmarks.get(code) or (old.via_landmark if old else None)
                if old is None or (support, score) > (old.support, old.score):
                    best[code] = Match(code, level_of(code), score, postal, support, landmark)
                elif old.via_postal and not m.postal:
                    best[code] = Match(
                        code, old.level, old.score, None, old.support, old.via_landmark
                    )
        if not best:
            return SearchResult("not_found", reason="no_region_name")
        top_support = max(m.support for m in best.values())
        ranked = sorted(
            (
                Match(
                    m.code,
                    m.level,
                    max(0.0, round(m.score - SUPPORT_STEP * (top_support - m.support), 1)),
                    m.via_postal,
                    m.support,
                    m.via_landmark,
                )
                for m in best.values()
            ),
            key=lambda m: (-m.score, m.level, m.code),
        )
        # a province tied with a place inside it ("Jambi"): the place
        first = ranked[0].score - TIE_MARGIN
        ranked = [
            m
            for m in ranked
            if not (
                m.level == 1
                and m.score >= first
                and any(o.code.startswith(m.code + ".") and o.score >= first for o in ranked)
            )
        ]
        top = ranked[0]
        tied = [m for m in ranked if m.score >= top.score - TIE_MARGIN]
        if top.level == 1 and len(tied) == 1:
            children = [Match(c, 2, max(0.0, top.score - 20)) for c in self.tree.children(top.code)]
            return SearchResult("ambiguous", (top, *children), reason="province_only")
        shown = tuple(ranked[: max(MAX_CANDIDATES, len(tied))][:50])
        if len(tied) > 1:
            return SearchResult("ambiguous", shown, reason=f"{len(tied)}_equally_good")
        conflict = _conflict(top, mentions, best, {m.code: m.score for m in ranked})
        if conflict:
            return SearchResult("ambiguous", shown, reason="conflicting_places")
        if top.score < MIN_OK_SCORE:
            return SearchResult("ambiguous", shown, reason="weak_match")
        return SearchResult("ok", shown, reason="exact" if top.score >= 95 else "fuzzy")

    def path(self, code: str) -> str:
        return self.tree.path(code)


def _passing_word(
    m: _Mention, words: list[str], places: list[_Mention], aside: Collection[int] = ()
) -> bool:
    """ "di atas kapal", "ditipu lewat fb", "warung kopi": a dictionary word that only
    villages bear (Kapal in Badung, Lewat in Flores Timur, Kopi in Bolaang Mongondow
    Utara), typed without its level word in a sentence, is a word of the sentence, unless
    another name in the text lies in the same kab/kota ("kapal mengwi"). Typed alone
    ("wosi", "di wosi") it may well be the village."""
    if m.marked or not m.exact or m.landmarks or m.street:
        return False
    before = words[m.start - 1] if m.start > 0 else ""
    if _after_a_named_kind(words, m.start):
        return False
    if before in HAMLET_WORDS or before in UNIT_WORDS:
        # "dusun jambu", "polsek pakis": the word after a hamlet's or a police post's word
        # is that place's name, whatever else it means (session 31)
        return False
    if (
        m.street_table
        and before in ROAD_WORDS
        and not any(o is not m and o.exact and not o.street for o in places)
    ):
        # "jalan kelayan a gang damai": a street of streets.csv right after its road word
        # is that street, though its name is also a word, when the text names no other
        # place; beside one ("jalan mangkubumi aur", Kel. Aur of Medan) a word-like street
        # of another city stays a word, as before (session 41)
        return False
    if m.end - m.start != 1:
        return m.end - m.start > 1 and _spot_phrase(m, words, aside)
    word = words[m.start]
    if not (everyday_word(word) or word in CHAT_WORDS):
        return False
    told = [
        w
        for k, w in enumerate(words)
        if k != m.start
        and k not in aside
        and w != ","
        and w not in FILLERS
        and w not in CONNECTING
        and w not in MARKERS  # "kecamatan babatan": given as the place, loosely
    ]
    if not told:
        return False
    # a level word is no kind of place: "taman kota gerung" is the town Gerung
    after_a_kind = before in GENERIC - CONNECTING and before not in MARKERS
    if any(level_of(c) < (3 if after_a_kind else 4) for c in m.entries):
        # a district's name too, after a kind of place: "lapangan bola" is a football
        # field, not a field in Kec. Bola; a regency's name never
        return False
    own = {c[:5] for c in m.entries}
    # a fuzzy guess does not make the word a place ("maling lewat plafon rsud ...": of 400
    # hospitals "rsud" is close to, one lies in Flores Timur beside Desa Lewat; session 31)
    return not any(
        o is not m
        and o.exact
        and any(c[:5] in own or any(v.startswith(c) for v in own) for c in o.entries)
        for o in places
    )


def _told_words(
    words: list[str], m: _Mention, aside: Collection[int], *, when_told: bool = True
) -> list[str]:
    """The words of the text beside `m` that tell something: no fillers, connecting
    words or level words (session 34, story_places.a_story_phrase_alone); with
    `when_told=False` no day or time either ("tebing tinggi minggu": the day it happened)."""
    return [
        w
        for k, w in enumerate(words)
        if not m.start <= k < m.end
        and k not in aside
        and w != ","
        and w not in FILLERS
        and w not in CONNECTING
        and w not in MARKERS
        and (when_told or not tells_when(words, k))
    ]


MONTH_WORDS = _words_of(
    """januari februari maret april mei juni juli agustus september oktober november
    desember jan feb mar apr jun jul agu agt agus sep sept okt nov des"""
)


def _a_date_after(words: list[str], at: int) -> bool:
    """A date follows at `at`: "tgl 3", "3/5", "12 mei", "(29/11)"."""
    if at >= len(words):
        return False
    word = words[at]
    return word[:1].isdigit() or word in MONTH_WORDS or word in DATE_HEADS


def _after_a_named_kind(words: list[str], start: int) -> bool:
    """ "masjid besar jangkar", "pasar iv kelumpang", "smpn 2 pakis": a mosque, market,
    station, school or office is named after the place it serves, so the word after its
    kind (and its number or rank) is that place's name, though a dictionary word too (an
    anchor, a tree, a fern). Not so after a shop or a field ("warung kopi", "lapangan
    bola"), which are named by what they hold (session 31)."""
    k = start - 1
    while k > 0 and (_NUMBER.match(words[k]) or words[k] in KIND_RANKS):
        k -= 1
    if k >= 1 and words[k] == "tol" and words[k - 1] in TOLL_GATE_WORDS:
        return True  # "gerbang tol jetis", "exit tol kuripan": the gate's place (session 33)
    return k >= 0 and words[k] in NAMED_KINDS


def _a_spot_on_the_road(m: _Mention, words: list[str]) -> bool:
    """ "di tanggul jl beringin dungingi", "di tikungan jalan ...": a one-word dictionary
    name right before a road word is the spot on that road (an embankment, not Kec.
    Tanggul of Jember) when a town is named after the road's own name (session 37)."""
    return (
        m.end - m.start == 1
        and m.exact
        and not m.marked
        and not m.landmarks
        and m.end < len(words)
        and words[m.end] in ROAD_WORDS
        and everyday_word(words[m.start])
    )


def _spot_phrase(m: _Mention, words: list[str], aside: Collection[int]) -> bool:
    """ "tidur di kandang sapi", "dipukul di halaman belakang": a spot of a house or a
    yard (SPOTS) and dictionary words after it tell where on the spot it happened, though
    together they spell a village's name somewhere (Kandangsapi in Sragen). Told after
    "di" or "dekat" inside a sentence they are its words, whatever other name it holds;
    typed alone, or glued to a town's name ("solo baru kandang limun": Kel. Kandang Limun
    of Bengkulu), they may be the place (session 31)."""
    span = words[m.start : m.end]
    if span[0] not in SPOTS or not all(everyday_word(w) or w in GENERIC for w in span[1:]):
        return False
    before = words[m.start - 1] if m.start > 0 else ""
    if before and before not in FILLERS and before not in CONNECTING:
        return False  # "solo baru kandang limun": a kelurahan's name glued to its town
    told = _told_words(words, m, aside, when_told=False)
    # no other name of the text vouches for it: a name sharing a kab/kota with the
    # spelled village ("warga sumberejo": villages Sumberejo in 35 kab/kota, one of them
    # Sragen) meets it by chance
    return bool(told)


def _in_a_hamlets_name(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """The mention is (part of) the name after a hamlet word: up to the level word that
    follows it ("dusun 2 binanga bolon nagori purba pasir": Binanga and Bolon are villages
    elsewhere), or, when none follows, the first name only ("padukuhan blimbingsari
    caturtunggal": Caturtunggal is the village), and only when it comes right after the
    hamlet word: after words we do not know (the hamlet's own name, "dusun bandarharapan
    terbanggi besar") the name is the place holding the hamlet (session 40). Numbers
    may come between."""
    k = m.start - 1
    while k >= 0 and m.start - k <= HAMLET_NAME_WORDS and words[k] not in HAMLET_WORDS:
        if words[k] == "," or words[k] in MARKERS:
            return False
        k -= 1
    if k < 0 or words[k] not in HAMLET_WORDS:
        return False
    ahead = next(
        (j for j in range(m.end, len(words)) if words[j] == "," or words[j] in MARKERS), None
    )
    if ahead is not None and words[ahead] in MARKERS:
        return True
    first = min((o.start for o in places if o.start > k), default=m.start)
    return m.start == first and not own_name_before(words, k, m.start)


def _a_kampungs_name(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """ "kp ringinanom sragen kulon": after "kampung" (Java's hamlet word as much as
    Papua's, Berau's or Siak's village word) a name followed right away by another place
    that lies in none of its kab/kota is the kampung's own name, a hamlet of the place
    after it, not a village elsewhere. In Papua the name after a kampung's is its distrik
    or kab/kota, which holds it ("kampung harapan sentani"): that stays (session 42)."""
    if m.start == 0 or words[m.start - 1] != "kampung" or m.street or m.landmarks:
        return False
    after = next((o for o in places if o.start == m.end), None)
    if after is None or not after.entries or after.marked or after.street or not after.exact:
        return False
    own = {c[:5] for c in m.entries}
    # a province after it holds it too ("kampung poo papua selatan")
    return not any(r.startswith(c[:5]) for c in after.entries for r in own)


def _stray_name(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """ "padukuhan blimbingsari caturtunggal", "simpang empat lampu merah sungai andai": a
    hamlet's name (after "dusun", "padukuhan"...) or a crossroads named by its arms is no
    region of its own; it matched one elsewhere by chance. It gives way when another name
    of the text (not the hamlet's) lies in none of its kab/kota; beside nothing else, or
    beside a name that agrees ("simpang empat batulicin": Tanah Bumbu), it still counts."""
    if m.entries and _a_kampungs_name(m, words, places):
        return True
    if m.marked or m.street or m.landmarks or not m.entries:
        return False
    if not m.exact and words[m.start] in HAMLET_WORDS:
        return True  # "dusun sampyang" guessed as a village Dusun Sampang (session 34)
    if (
        not _in_a_hamlets_name(m, words, places)
        and " ".join(words[m.start : m.end]) not in JUNCTIONS
    ):
        return False
    own = {c[:5] for c in m.entries}
    others = [
        o
        for o in places
        if o is not m and o.entries and not o.street and not _in_a_hamlets_name(o, words, places)
    ]
    if not others:
        # "dusun ii bah kuningan desa hutagaluh": a village we do not know; the hamlet's
        # name (Kab. Kuningan) is still not it. A guess from a hamlet's name neither
        # ("banjar sampyang desa adat jasri" is no misspelt Sampang); session 34
        return m.start in named_before_a_level_word(words) or not m.exact
    return not any(
        c[:5] in own or any(v.startswith(c) for v in own) for o in others for c in o.entries
    )


def _kind_of_a_landmark(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """ "candi ganter", "curug cilember", "tugu jogja": a kind of place that is also the
    name of a few districts and villages (KIND_NAMES), followed by a name we do not know
    or by one that lies in none of its kab/kota, is the kind of the landmark named after
    it. "candi sidoarjo" (Kec. Candi lies in Sidoarjo) and "candi" alone still count."""
    if m.marked or m.street or m.landmarks or not m.exact or m.end >= len(words):
        return False
    kind = " ".join(words[m.start : m.end])
    if kind not in KIND_NAMES and kind not in KIND_PHRASES:
        return False
    following = words[m.end]
    if (
        following == ","
        or following in FILLERS
        or following in MARKERS
        or following in CONNECTING
        or following in WHEN_WORDS  # "candi senin": Kec. Candi and the day (session 34)
        or _NUMBER.match(following)
    ):
        return False
    named = [o for o in places if o is not m and o.start == m.end and o.entries]
    if not named:
        return True  # a name we do not know: the landmark's own
    own = {c[:5] for c in m.entries}
    return not any(c[:5] in own or any(v.startswith(c) for v in own) for c in named[0].entries)


def _namesake_of_another_kind(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """ "museum mpu tantular buduran": Universitas Mpu Tantular (Jakarta Timur) found by
    its name without its kind, after the word for another kind of building: another
    building named after the same person, and a place named beside it that lies elsewhere
    (Buduran, Sidoarjo) says where (session 30)."""
    if not m.landmarks or m.marked or m.street or m.start == 0:
        return False
    kind = words[m.start - 1]
    if kind not in BUILDING_KINDS:
        return False
    if any(kind in name_key(name).split() for name in m.landmarks.values()):
        return False
    for same in SAME_KINDS:
        if kind in same and any(same & set(name_key(n).split()) for n in m.landmarks.values()):
            return False
    own = {c[:5] for c in m.entries}
    others = [
        o
        for o in places
        if o is not m and o.entries and not o.street and not _a_loose_word(o, words)
    ]
    return bool(others) and not any(c[:5] in own for o in others for c in o.entries)


def _a_loose_word(m: _Mention, words: list[str]) -> bool:
    """One everyday word found only as villages, without a level word ("pasar curug
    tangerang sering tawuran": "sering", often, is a village of Riau and of Sulawesi):
    the sentence's word, which says nothing of where a landmark named beside it lies
    (session 33, tests/routing/sentence_places.py)."""
    if m.marked or m.landmarks or m.end - m.start != 1 or not everyday_word(words[m.start]):
        return False
    return all(level_of(c) == 4 for c in m.entries)


def _stock_name(m: _Mention, words: list[str], places: list[_Mention]) -> bool:
    """ "pasar baru tanjung pura": a name every town gives its market or terminal
    (STOCK_NAMES), borne by villages here and there, gives way to any other name of the
    text: it is that place's market. Alone it is still asked among its villages."""
    if m.marked or m.street or m.landmarks or not m.entries:
        return False
    if " ".join(words[m.start : m.end]) not in STOCK_NAMES:
        return False
    return any(
        o is not m
        and o.entries
        and not o.street
        and " ".join(words[o.start : o.end]) not in STOCK_NAMES
        for o in places
    )


def _the_kelurahan(result: SearchResult, words: list[str]) -> SearchResult:
    """ "jalan wr supratman kamonji", "jalan ciliwung mlatiharjo": a name that one
    kelurahan and villages (desa) elsewhere bear, tied, beside a street: the kelurahan.
    Kelurahan are the urban villages (Kemendagri village numbers 1xxx, desa 2xxx), where
    named streets are; without a street the tie stays a question ("kel kamonji" is asked:
    the level word is often written for a desa too). A text that says "desa" (or another
    word only rural villages bear) means no kelurahan: "gang keluarga desa limau manis" is
    asked among the villages (session 30)."""
    if any(w in DESA_WORDS for w in words):
        return result
    top = result.matches[0].score
    tied = [m for m in result.matches if m.score >= top - TIE_MARGIN]
    if any(m.level != 4 for m in tied):
        return result
    urban = [m for m in tied if m.code[9:10] == "1"]
    if len(urban) != 1:
        return result
    rest = tuple(m for m in result.matches if m is not urban[0])
    return SearchResult("ok", (urban[0], *rest), reason="kelurahan_beside_a_street")


def _support(code: str, chain: list[str], other: _Mention) -> float:
    """How much another mention agrees with `code`: 1 when it names a region around it (or
    a street or postal code inside it), 0.5 when it names a district or village of the
    same kab/kota ("ds penggalaman martapura"), which is weaker than containing it
    ("desa sumberjo kademangan blitar": the Sumberjo in Kec. Kademangan, not the others of
    Kab. Blitar)."""
    if any(c in other.anc_ok for c in chain) or code in other.desc_ok:
        return 1.0
    if code[:5] in other.heirs_ok:
        # "lewoleba flores timur", "borong kab manggarai": the regency it was split
        # from, which people still name; less than lying in the one named
        return 0.75
    if other.street and any(is_within(c, code) for c in other.anc_ok):
        return 1.0
    if (
        level_of(code) >= 3
        and not other.marked
        and not other.kin_partner  # "kel jatimalang purworejo": Purworejo is its kab/kota
        and _sibling(code, other.anc_ok)
    ):
        return 0.5
    return 0.0


def _sibling(code: str, others: set[str]) -> bool:
    """Another mention names a district or village of the same kab/kota, and none inside
    or around this one (which would make it the more specific place, not a neighbour)."""
    if any(is_within(c, code) or is_within(code, c) for c in others):
        return False
    return any(level_of(c) >= 3 and c[:5] == code[:5] for c in others)


# Kinds of landmark, road and junction (not the spots of a house, not a level word or a
# direction): a district's name beside one names the landmark's place (session 29).
_LANDMARK_KINDS = GENERIC - SPOTS - CONNECTING - set(MARKERS) - STEM_ENDINGS
# What a sentence puts before a place's bare name ("dibobol di balerejo", "warga babadan",
# "pelajar asal mojosongo"); any other word before it may be a local name's.
_BEFORE_A_BARE_NAME = FILLERS | CONNECTING | {"warga", "asal", "penduduk", "orang", ","}


def _after_a_streets_name(words: list[str], street_at: int, at: int) -> bool:
    """A town or country at `at` follows a street's own name of 1 to 3 words, none a
    kind of place or a filler: where the street runs ("jalan sarikei sarawak", "jalan
    reko kajang malaysia", session 45). Right after the street word ("jl jepang", "jalan
    raya jepang") the foreign name is the street's; after a kind of place ("jalan depan
    hotel swiss bel") a building's."""
    between = words[street_at:at]
    return 0 < len(between) <= 3 and not any(w in GENERIC or w in FILLERS for w in between)


def _abroad_events(foreign: list[_Mention], words: list[str]) -> list[_Mention]:
    """The foreign places that may be an event's: the hand-checked list's, and the long
    world list's towns of countries Indonesians work in (the list's other towns, "mile",
    "amet", decide only a text that names nothing else), except a one-word town that is
    a dictionary word ("selama", "warisan": Malaysian towns, and "during", "heritage")."""
    return [
        m
        for m in foreign
        if not m.listed
        or (
            m.foreign in MIGRANT_COUNTRIES
            and not (m.end - m.start == 1 and everyday_word(words[m.start]))
        )
    ]


def _a_breed(m: _Mention, words: list[str]) -> bool:
    """ "14 ayam bangkok hilang", "sapi perah jersey": a breed named after a foreign
    place, not the place."""
    named = " ".join(words[m.start : m.end])
    animal = m.start - 1
    if animal > 0 and words[animal] in BREED_USES:
        animal -= 1
    return animal >= 0 and named in BREEDS.get(words[animal], ())


def _same_words(query: str, key: str) -> bool:
    """A fuzzy hit must have as many words as the query, give or take a split compound."""
    return abs(len(query.split()) - len(key.split())) <= 1


# Words before a country's name that put the place of the text on that country's side of
# a border ("pulau sebatik wilayah malaysia", "perairan malaysia"): an island or sea
# shared with a neighbour (Sebatik, Timor, New Guinea) named with the side it is on.
SIDE_WORDS = frozenset(["wilayah", "sisi", "bagian", "perairan"])


def _on_a_countrys_side(foreign: list[_Mention], words: list[str]) -> bool:
    """ "43 wni ditangkap di kampung melayu pulau sebatik wilayah malaysia": a country
    named after a side word is where the text's place lies, whatever Indonesian name
    (Pulau Sebatik, of Kab. Nunukan) the text also holds (session 38, the fresh set)."""
    return any(m.country and m.start and words[m.start - 1] in SIDE_WORDS for m in foreign)


def _foreign_wins(
    places: list[_Mention], country_named: bool, foreign: list[_Mention] | None = None
) -> bool:
    """ "kuala lumpur", "jeddah", "di singapur": outside Indonesia, unless an Indonesian
    regency, district, landmark or postal code is named exactly in the same text ("malaka
    ntt": Kabupaten Malaka). A same-named village alone does not count; next to a
    country's name ("ipoh perak malaysia") only a province or kab/kota does, and written
    against a foreign town's name ("ayer tawar perak", "bandar baru klang") a district's
    or village's name is that town's state or quarter (session 32)."""
    deepest = 2 if country_named else 3
    towns = [f for f in foreign or () if not f.country]
    strong = [
        m
        for m in places
        if m.exact
        and not m.street
        and not m.foreign
        and not (
            any(m.end == f.start or m.start == f.end for f in towns)
            and all(level_of(c) >= 3 for c in m.entries)
        )
        and (
            (m.landmarks and not country_named)
            or (m.postal and not country_named)
            or any(level_of(c) <= deepest for c in m.entries)
            or _named_with_its_district(m, places)
        )
    ]
    return not strong


def _named_with_its_district(m: _Mention, places: list[_Mention]) -> bool:
    """ "isu desa tetagas lumbis hulu masuk malaysia", "desa semambung kec jabon": a
    village named with its level word and with the kecamatan or kab/kota it lies in is an
    address, as firm as a kab/kota's name beside a country (session 41)."""
    return m.marked and any(
        o is not m and is_within(c, a)
        for o in places
        for c in m.entries
        for a in o.entries
        if c != a
    )


def _street_district(result: SearchResult, places: list[_Mention]) -> SearchResult:
    """ "jl sulawesi, kota makassar": Jl. Sulawesi of streets.csv runs in one district of
    the kab/kota the text settled on (Kec. Wajo, served by the port's Polres): that
    district, which may have a unit of its own."""
    top = result.matches[0]
    districts = {
        c
        for m in places
        if m.street_table
        for c in m.street_rows
        if level_of(c) == 3 and c[:5] == top.code
    }
    rows = {c for m in places if m.street_table for c in m.street_rows if c[:5] == top.code}
    if len(districts) != 1 or len(rows) != 1:
        return result
    district = Match(districts.pop(), 3, top.score, top.via_postal, top.support, top.via_landmark)
    return SearchResult("ok", (district, *result.matches), reason=result.reason)


def _the_estates_district(result: SearchResult, estates: list[_Mention]) -> SearchResult:
    """ "perumahan legok kab tangerang", "perumahan kuta kab badung": an estate named after
    the district it was built in, of the kab/kota the text settled on, is in that district,
    which may have a unit of its own (Legok: Polres Tangerang Selatan; Kuta: Polresta
    Denpasar); session 33, the kind + name audit."""
    top = result.matches[0]
    inside = {c for m in estates for c in m.entries if level_of(c) == 3 and c[:5] == top.code}
    if len(inside) != 1:
        return result
    district = Match(inside.pop(), 3, top.score, top.via_postal, top.support, top.via_landmark)
    return SearchResult("ok", (district, *result.matches), reason=result.reason)


def _the_city(result: SearchResult, tree: RegionTree) -> SearchResult:
    """ "jl imam bonjol semarang": Kota and Kab. Semarang tied, beside a street or an
    unknown local name: the city. Any other tie stays a question."""
    top = result.matches[0].score
    tied = [m for m in result.matches if m.score >= top - TIE_MARGIN]
    if len(tied) != 2 or any(m.level != 2 for m in tied):
        return result
    names = {bare_regency_name(tree.name(m.code) or ""): m for m in tied}
    if len(names) != 1:
        return result
    city = [m for m in tied if (tree.name(m.code) or "").startswith("Kota")]
    if len(city) != 1:
        return result
    rest = tuple(m for m in result.matches if m.code != city[0].code)
    return SearchResult("ok", (city[0], *rest), reason="city_beside_a_street_or_local_name")


def _within_stated(
    mentions: list[_Mention],
    unknown: set[int],
    tree: RegionTree,
    heirs: dict[str, set[str]] | None = None,
    hamlet_names: Collection[int] = (),
    journeys: Collection[int] = (),
) -> tuple[list[_Mention], bool]:
    """A fuzzy match never crosses a province or kab/kota stated exactly in the text, and
    an exact district or village name elsewhere gives way to it. A name at a start in
    `journeys` (where someone fled or was taken: `journeys.journey_word_at`) states
    nothing. Also says whether a mention was dropped (a local name we do not know, for
    `_the_city`)."""
    stated: set[str] = set()
    for m in mentions:
        # "lebak jero kadungora": a regency's name next to an unknown word may be the
        # start of another name (Stasiun Lebakjero, in Garut): it states nothing
        beside_unknown = m.end in unknown or (m.start - 1) in unknown
        if (
            m.exact
            and not m.street
            and not m.foreign
            and not m.landmarks
            and not beside_unknown
            and m.start not in hamlet_names
            and m.start not in journeys
        ):
            upper = [c for c, q in m.entries.items() if level_of(c) <= 2 and q >= 100]
            if len(upper) == 1:  # one province or kab/kota ("karimun"; not "bandung")
                stated.add(upper[0])
            elif (
                len(upper) == 2
                and all(level_of(c) == 2 for c in upper)
                and upper[0][:2] == upper[1][:2]
                and len({bare_regency_name(tree.name(c) or "") for c in upper}) == 1
            ):
                # "cikunir bekasi": Kota or Kab. Bekasi, either way not a village named
                # Cikunir in Tasikmalaya
                stated.update(upper)
    if not stated:
        return mentions, False
    # a place named right beside its own kecamatan or kab/kota, and that ancestor: an
    # address the kab/kota named elsewhere does not overrule; where they disagree, the
    # ranking asks ("desa karangrejo borobudur dan desa jatipuro ngawi", session 44)
    paired = {a for m in mentions for c in m.kin for a in ancestors(c) if level_of(a) >= 2}
    kept: list[_Mention] = []
    for m in mentions:
        if (
            m.foreign
            or m.postal
            or m.street
            or m.street_table
            or (m.exact and any(c in stated for c in m.entries))
        ):
            kept.append(m)
            continue
        inside = {
            c: q
            for c, q in m.entries.items()
            if (m.exact and c in paired)
            or any(
                is_within(c, s) or is_within(s, c) or c[:5] in (heirs or {}).get(s, ())
                for s in stated
            )
        }
        if m.exact and not any(is_within(c, s) for c in inside for s in stated):
            # "desa parmonangan kabupaten tapanuli utara": no village of that name lies
            # in the kab/kota named (only in regencies split from it), but its district
            # does: the level word was loose
            within = {c: q for c, q in m.unmarked.items() if any(is_within(c, s) for s in stated)}
            # but the kecamatan of a village named beside it stays ("ds kuniran kec
            # purwosari" beside "kab banyumas", which holds a Desa Purwosari)
            inside = (
                {**within, **{c: q for c, q in inside.items() if c in paired}} if within else inside
            )
        if inside:
            m.entries = inside
            kept.append(m)
        elif m.exact and m.landmarks and _in_another_province(m, stated):
            # "pasar barito ternate": Pasar Barito of our table is in Jakarta, and the
            # text names Kota Ternate: its own market of that name, which we do not know
            # (as "bandara juanda surabaya", in the same province, is still the airport)
            pass
        elif m.exact and (m.landmarks or any(level_of(c) <= 2 for c in m.entries)):
            kept.append(m)  # a landmark or regency elsewhere: a real conflict, asked
        elif _nested_in_another(m, mentions, stated):
            # "pejaten kediri": Desa Pejaten lies in Kec. Kediri of Tabanan, which the
            # other name also means; the pair Kota/Kab. Kediri does not rule it out
            kept.append(m)
        # else: a district or village of that name elsewhere is not what the citizen
        # meant beside the kab/kota they named ("pantai pelawan karimun")
    return kept, len(kept) < len(mentions)


def _in_another_province(m: _Mention, stated: set[str]) -> bool:
    """Every place of a landmark mention lies in a province where no kab/kota stated in
    the text lies (provinces stated say nothing: "bandara soetta jakarta")."""
    provinces = {s[:2] for s in stated if level_of(s) == 2}
    return (
        bool(provinces)
        and all(c in m.landmarks for c in m.entries)
        and all(c[:2] not in provinces for c in m.entries)
    )


def _nested_in_another(m: _Mention, mentions: list[_Mention], stated: set[str]) -> bool:
    """One of this mention's places lies in, or holds, a district or village another
    mention names (apart from the kab/kota that were stated)."""
    for other in mentions:
        if other is m:
            continue
        for o in other.entries:
            if o in stated or level_of(o) < 3:
                continue
            if any(is_within(c, o) or is_within(o, c) for c in m.entries):
                return True
    return False


def _collapse(m: _Mention) -> None:
    """Within one mention: "Pasar Minggu" the district and its kelurahan are one place (keep
    the district)."""
    codes = set(m.entries)
    for code in list(m.entries):
        if any(a in codes and level_of(a) > 1 for a in ancestors(code)[1:]):
            del m.entries[code]


def _conflict(
    top: Match, mentions: Iterable[_Mention], best: dict[str, Match], scores: dict[str, float]
) -> bool:
    """Another exact regency or district name, none of whose places contains or lies in
    `top` ("kemang jaksel": Kec. Kemang is in Kab. Bogor). Not a name next to a word we
    do not know (it may be part of a longer local name: "lebak jero kadungora"), nor one
    none of whose places the rest of the text supports as well as it supports `top`
    ("kamar kajang sumberwuluh candipuro": Sumberwuluh lies in Kec. Candipuro, Kajang
    nowhere near)."""
    for m in mentions:
        if top.code in m.entries or not m.exact or m.postal:
            continue
        if m.beside_unknown and not m.marked:
            continue
        if len({c[:5] for c in m.entries}) > 1 and all(
            scores.get(c, 0.0) < top.score - TIE_MARGIN for c in m.entries
        ):
            continue  # a name of many places that lost to one of a single place
        if top.support > 0 and all(best[c].support < top.support for c in m.entries if c in best):
            continue
        if any(
            code.startswith(top.code + ".") or top.code.startswith(code + ".") for code in m.entries
        ):
            continue
        if level_of(top.code) >= 3 and not m.marked and _sibling(top.code, set(m.entries)):
            continue  # a district beside a village of the same kab/kota supports it
        if any(q >= 100 and level_of(c) in (2, 3) for c, q in m.entries.items()):
            return True
    return False
