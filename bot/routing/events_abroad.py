"""Whether a text's event happened abroad or in Indonesia, when it names both.

Owns: reading, among a text's Indonesian places and its places abroad, which one is the
place of the event and which one a person's origin. Migrant workers' complaints name the
home town and the place abroad ("abk asal indramayu ditahan di jeddah", "tki asal
ponorogo disiksa majikan di kuala lumpur", "nelayan aceh timur ditahan otoritas
malaysia"): the event is abroad and the citizen must be told so, not sent to the home
town's Polres. The other way round ("wna asal malaysia ditangkap di batam", "barang dari
china dijual di desa X kec Y") the foreign name is an origin or goods and the Indonesian
place after "di" is the event's (session 41; tests/routing/abroad_forms.py probes both
over the tree and the foreign tables).

Only the words right before a name are read: a place preposition ("di", "di kota"), an
authority of a country ("otoritas", "polisi", "imigrasi") for the event; an origin word
("asal", "dari", "warga", "org") or a word for a migrant or a seafarer ("tki", "pmi",
"abk", "nelayan") for the origin. Session 45: a town abroad closing a building's name
after "di" ("di rs riyadh", "di waterfall bay park hong kong") is the event's too
(`a_buildings_town`; tests/routing/origins3_forms.py probes it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol, TypeVar

from bot.routing.place_words import MARKERS
from bot.routing.regions import level_of

# A place preposition that puts the next name where the event happened.
EVENT_WORDS = frozenset(["di", "dii", "d"])
# A country's (or a town's) authorities acting on someone: the event is in their land
# ("ditahan otoritas arab saudi", "ditangkap polisi diraja malaysia", "dideportasi
# imigrasi malaysia", "ditangkap apm malaysia": Malaysia's maritime agency).
AUTHORITY_WORDS = frozenset(
    [
        "otoritas",
        "polisi",
        "kepolisian",
        "imigrasi",
        "aparat",
        "pemerintah",
        "pengadilan",
        "mahkamah",
        "tentara",
        "militer",
        "penjara",
        "tahanan",
        "apm",
        "maritim",
        "diraja",
        "kerajaan",
    ]
)
# Words for where a person comes from ("asal indramayu", "dari nduga", "org sumba",
# "warga lebak"), and for the people migrant complaints are about, who are named with
# their home town ("tki ponorogo", "nelayan aceh timur", "abk tegal").
ORIGIN_WORDS = frozenset(
    [
        "asal",
        "dari",
        "dr",
        "dri",
        "org",
        "orang",
        "orng",
        "warga",
        "penduduk",
        "kelahiran",
        "wong",
    ]
)
# Offices named with the kab/kota they serve ("ketua dprd rembang", "wakil bupati X",
# "pejabat pemkab X"): the town is the person's, like a home town, not where a foreign
# authority held them (session 42).
OFFICE_WORDS = frozenset(
    ["dprd", "dprk", "bupati", "walikota", "wali", "gubernur", "pemkab", "pemkot", "pemprov"]
)
ORIGIN_FROM_WORDS = frozenset(["dari", "dr", "dri"])
MIGRANT_WORDS = frozenset(
    [
        # pilgrims are named with their home town too ("jemaah umroh X", "jamaah haji X")
        "jemaah",
        "jamaah",
        "umroh",
        "umrah",
        "haji",
        "tki",
        "tkw",
        "pmi",
        "abk",
        "nelayan",
        "pelaut",
        "wni",
        "buruh",
        "pekerja",
        "migran",
    ]
)
# Being sent home by a country ("dideportasi dari malaysia", "dipulangkan dari arab
# saudi"): the foreign name after "dari" is where the authority acted (session 42).
DEPORTED_WORDS = frozenset(["dideportasi", "deportasi", "dideport", "dipulangkan", "diusir"])
# Countries Indonesians go to work in (BP2MI's placements) or are detained by at sea: a
# town of the long world list (foreign_cities.csv, foreign_migrant_towns.csv) of these
# countries is read as the event's after "di" ("kerja di kunak", "ditahan di tawau"); the
# list's towns elsewhere ("mile", "amet") stay the gazetteer's to weigh.
MIGRANT_COUNTRIES = frozenset(
    ["MY", "SA", "AE", "QA", "KW", "OM", "BH", "HK", "TW", "SG", "KR", "JP", "BN", "TH", "PH", "AU"]
)
# Kinds of buildings and sites that migrant complaints put in a town abroad ("meninggal
# di rs riyadh", "disekap di apartemen kowloon", "ditahan di penjara kajang", "kerja di
# pabrik taichung", "ditemukan di waterfall bay park hong kong"), and the street words
# ("kecelakaan di jalan sarikei sarawak"): the town named after them is the event's.
BUILDING_WORDS = frozenset(
    [
        "rs",
        "rsu",
        "rumah sakit",
        "hospital",
        "klinik",
        "bandara",
        "airport",
        "apartemen",
        "apartment",
        "flat",
        "asrama",
        "penampungan",
        "shelter",
        "penjara",
        "rutan",
        "pabrik",
        "kilang",
        "factory",
        "kapal",
        "pelabuhan",
        "hotel",
        "kbri",
        "kjri",
        "park",
        "taman",
        "mall",
        "plaza",
        "tower",
        "jalan",
        "jl",
        "jln",
    ]
)
# The longest building span read before a town: "di waterfall bay park | hong kong".
BUILDING_SPAN = 4
# Words between the origin or event word and the name that change nothing: level words
# ("asal kab indramayu", "di kota jeddah", "di negara malaysia").
_LEVEL_WORDS = frozenset([*MARKERS, "negara", "negeri", "kerajaan"])


class Mentioned(Protocol):
    """What this rule reads of a gazetteer mention (gazetteer `_Mention`)."""

    entries: dict[str, float]
    exact: bool
    street: bool
    foreign: str | None
    marked: bool
    landmarks: dict[str, str]
    start: int
    end: int


M = TypeVar("M", bound=Mentioned)


def _word_before(words: list[str], start: int) -> tuple[str, int]:
    """The word before the name at `start`, past its level words, and its index."""
    at = start - 1
    while at >= 0 and words[at] in _LEVEL_WORDS:
        at -= 1
    return (words[at], at) if at >= 0 else ("", -1)


def an_events_place(m: Mentioned, words: list[str]) -> bool:
    """The name is where the event happened: after "di" or a country's authority, or
    (abroad) after "dari" following a word of deportation, or after "di" and a building
    it names the town of ("di rs riyadh")."""
    word, at = _word_before(words, m.start)
    if word in EVENT_WORDS:
        return True
    if m.foreign is None:
        return False
    deported = word in ORIGIN_FROM_WORDS and at > 0 and words[at - 1] in DEPORTED_WORDS
    return word in AUTHORITY_WORDS or deported or a_buildings_town(m.start, words)


def a_buildings_town(start: int, words: list[str]) -> bool:
    """The name at `start` closes a building's name after "di": "di rs riyadh", "di
    rumah sakit kajang", "di apartemen X kowloon", "di waterfall bay park hong kong": the
    building stands in that town, so the event is where the town is (session 45). The
    building's word opens the span after "di" or ends it right before the town; at most
    BUILDING_SPAN words lie between "di" and the town, none a comma."""
    at = start - 1
    while at >= 0 and start - at <= BUILDING_SPAN and words[at] not in EVENT_WORDS:
        if not words[at].isalpha():
            return False
        at -= 1
    if at < 0 or words[at] not in EVENT_WORDS or at + 1 == start:
        return False
    span = words[at + 1 : start]
    return _a_building_word(span, 0) or _a_building_word(span, len(span) - 1)


def _a_building_word(span: list[str], k: int) -> bool:
    """Whether the word at `k` of `span` (or the two from there) name a kind of building."""
    return span[k] in BUILDING_WORDS or " ".join(span[k : k + 2]) in BUILDING_WORDS


def an_origin(m: Mentioned, words: list[str], places: Collection[Mentioned] = ()) -> bool:
    """The name is a person's home: after an origin word or a migrant's word, or right
    after another name that is ("asal desa semambung kec jabon": the kecamatan continues
    the village's address)."""
    seen = {id(m)}
    while True:
        word, at = _word_before(words, m.start)
        if word in ORIGIN_WORDS or word in MIGRANT_WORDS or word in OFFICE_WORDS:
            return True
        end = at if word == "," else at + 1
        before = next((o for o in places if o.entries and o.end == end and id(o) not in seen), None)
        if before is None or end <= 0:
            return False
        seen.add(id(before))
        m = before


def happened_abroad(
    foreign: Iterable[M], places: Collection[Mentioned], words: list[str]
) -> M | None:
    """The place abroad that is the event's, when every Indonesian place named is a
    person's origin ("tki asal ponorogo disiksa majikan di kuala lumpur"); else None."""
    event = next((f for f in foreign if an_events_place(f, words)), None)
    if event is None:
        return None
    named = [m for m in places if m.entries and not m.foreign]
    return event if named and all(an_origin(m, words, named) for m in named) else None


def happened_here(
    foreign: Collection[Mentioned], places: Collection[Mentioned], words: list[str]
) -> bool:
    """An Indonesian place is the event's and no place abroad is ("barang dari china
    dijual di desa X kec Y", "motor dicuri di X, pelaku kabur ke malaysia"): the foreign
    name is an origin, goods or a journey's end."""
    if not foreign or any(an_events_place(f, words) for f in foreign):
        return False
    return any(an_event_here(m, foreign, words) for m in places)


def an_event_here(m: Mentioned, foreign: Collection[Mentioned], words: list[str]) -> bool:
    """`m` is an Indonesian place the text puts the event in: after "di", not a person's
    origin, named firmly (a kab/kota, a landmark, or with its level word: "di karang"
    may be a reef), and not written against a town abroad ("di bandar baru klang", "di
    batu payung tawau": the town's quarter)."""
    firm = m.marked or bool(m.landmarks) or any(level_of(c) <= 2 for c in m.entries)
    beside = any(f.start == m.end or f.end == m.start for f in foreign)
    return (
        bool(m.entries)
        and m.exact
        and not m.foreign
        and firm
        and not beside
        and an_events_place(m, words)
    )
