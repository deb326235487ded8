"""How a typed text names a place below the village, and a village in its region's word.

Owns: reading the words that are a hamlet's word in one text and a village's (or a
regency's) in another, before the gazetteer looks names up (bot/routing/gazetteer.py
`Gazetteer.search`), and the region such a word says the village lies in:

- "kampung" and "banjar" are a hamlet's word when a village's level word follows their
  name ("kampung melayu kelurahan pematang tanah jawa", "banjar saren desa kerta"), though
  "kampung" is the village in Papua, Berau or Siak and Banjar a kab/kota: alone they stay
  what they were;
- "lembang" (Toraja), "huta" (Tapanuli, Toba, Samosir, Simalungun) and "tiyuh" are a
  village's word when no other village word follows and the name after them is a village
  of their region ("lembang randan batu": Tana Toraja), though Lembang is also a
  kecamatan of Bandung Barat and of Pinrang: read so only where their region holds the
  name;
- a hamlet word of one region ("huta", "jorong", "banjar") says where the village named
  after it lies ("huta gambir simiak dusun ii desa cinta maju": the Cinta Maju of Samosir,
  not of Aceh Tamiang).

The audit these rules answer is tests/routing/hamlet_forms.py (session 34).

Session 35 (tests/routing/regional_forms.py): a number glued to "rt"/"rw" ("rt4 rw4")
read as the neighbourhood's; and a word only one region uses ("jorong", "nagori",
"kalurahan", "huta iii") says where the text's places lie (`text_region`).

Session 40 (tests/routing/story_hamlet_forms.py): where a hamlet's name ends. A name after
the hamlet word and words the tree does not know is the place holding the hamlet
(`own_name_before`: "dusun bandarharapan terbanggi besar"), and the words of such a phrase
are given as where, not told (`hamlets_phrase_before`). A kampung's, estate's or block's
word opens such a phrase too before a kecamatan's name (`settlement_phrase_before`), a
named road ("gang", "jalan") does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Protocol, TypeVar

from bot.routing.place_words import ESTATE_WORDS, HAMLET_WORDS, MARKER_REGIONS, MARKERS

# Words that are a hamlet's when a village's level word follows the name after them.
HAMLET_WHEN_A_VILLAGE_FOLLOWS = frozenset({"kampung", "banjar", "lembang", "huta", "tiyuh"})
# The word a hamlet word is read as (one of HAMLET_WORDS).
HAMLET = "dusun"
# Village words of one region that are also names elsewhere (Kec. Lembang of Bandung
# Barat and of Pinrang): the village after them lies in the region when one there bears
# the name, and only then are they read as a village's level word.
REGIONAL_VILLAGE_WORDS: dict[str, tuple[str, ...]] = {
    "lembang": ("73.18", "73.26"),  # Tana Toraja, Toraja Utara
    "huta": ("12.02", "12.03", "12.12", "12.16", "12.17", "12.08"),  # Batak lands
    "tiyuh": ("18.12",),  # Tulang Bawang Barat
}
# A village word the rule above turns such a word into (a level word of MARKERS).
VILLAGE = "desa"
# Hamlet words of one region: the village named after them lies there when one does.
HAMLET_REGIONS: dict[str, tuple[str, ...]] = {
    "huta": REGIONAL_VILLAGE_WORDS["huta"],
    "jorong": ("13",),
    "korong": ("13",),
    "banjar": ("51",),
    "lembang": REGIONAL_VILLAGE_WORDS["lembang"],
}
# How far the village's level word may follow the hamlet word: its name (and number)
HAMLET_NAME_WORDS = 5
# Words of a settlement below the village that are no hamlet word: a town's or village's
# "kampung" (written "kp" too, read as "kampung" by place_words.normalise), a housing
# estate and its block. Like a hamlet, such a place lies in a village as well as in a
# kecamatan of the name written after it ("kampung sileh kedaton", "perumahan griya
# kedaton"), so the phrase says nothing of which (session 40, `settlement_phrase_before`).
# Not "gang", "lorong", "jalan": a named road says the town (sessions 28 and 35).
SETTLEMENT_WORDS = HAMLET_WORDS | ESTATE_WORDS | frozenset({"kampung", "blok"})
# Level words a regency's or district's name follows: "kab banjar", "kec lembang"
_UPPER_MARKERS = frozenset(w for w, (level, _kind) in MARKERS.items() if level <= 3)
_VILLAGE_MARKERS = frozenset(w for w, (level, _kind) in MARKERS.items() if level == 4)


# "rt4", "rw04": a neighbourhood's number glued to its word (a name never looks so)
_GLUED_NUMBER = re.compile(r"^(rt|rw)\d{1,3}$")
# Words only one region uses for a hamlet, a village or a district (or their heads): a
# text using one lies there. Not "negeri" ("pengadilan negeri padang"), "kampung",
# "banjar" or "lembang", which are also names or other regions' words.
TEXT_REGION_WORDS: dict[str, tuple[str, ...]] = {
    "jorong": ("13",),
    "korong": ("13",),
    "nagari": ("13",),
    "kenagarian": ("13",),
    "nagori": ("12.08",),
    "kalurahan": ("34",),
    "padukuhan": ("34",),
    "pedukuhan": ("34",),
}
_ROMAN = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"])


def _numbered(word: str) -> bool:
    return word.isdigit() or word in _ROMAN


def read_regional_words(words: list[str]) -> list[str]:
    """The words with a neighbourhood's number glued to its word read as the word: "rt4"
    -> "rt", "rw04" -> "rw". As many words as given (the indexes of the rest keep).
    Officials' and district words are expansions of `place_words.normalise`
    ("walinagari" -> "wali nagari"), Bali's custom words its phrases ("desa adat" ->
    "desa")."""
    return [w[:2] if _GLUED_NUMBER.match(w) else w for w in words]


def text_region(words: list[str]) -> tuple[str, ...]:
    """The region a word only one region uses says the text lies in ("jorong iv koto":
    Sumatera Barat; "huta iii baja dolok": the Batak lands), or () when none does. The
    word counts where it is a hamlet's, village's or district's word, not a name after a
    level word ("kec jorong" of Tanah Laut)."""
    found: list[str] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ","
        region: tuple[str, ...]
        if before in MARKERS or after == "," or after in MARKERS:
            continue
        if word in TEXT_REGION_WORDS:
            region = TEXT_REGION_WORDS[word]
        elif word == "huta" and _numbered(after):
            region = HAMLET_REGIONS["huta"]
        else:
            continue
        found.extend(r for r in region if r not in found)
    return tuple(found)


class _Located(Protocol):
    entries: dict[str, float]


def keep_to_text_region(mentions: Iterable[_Located], region: tuple[str, ...]) -> None:
    """Each name's places kept to the region the text says (`text_region`) when some lie
    there: in "rumah lansia terbakar di huta iii baja dolok" Baja Dolok is the nagori of
    Simalungun, not the desa of Serdang Bedagai. A name with no place there keeps its
    own ("pasar jorong tanah laut": the text names Kec. Jorong of Tanah Laut)."""
    if not region:
        return
    for m in mentions:
        local = {c: q for c, q in m.entries.items() if c.startswith(region)}
        if local:
            m.entries = local


def _village_word_ahead(words: list[str], start: int) -> int | None:
    """Index of a village's level word among the few words after `start`, before a comma."""
    for j in range(start + 2, min(len(words), start + 2 + HAMLET_NAME_WORDS)):
        if words[j] == ",":
            return None
        if words[j] in _VILLAGE_MARKERS or words[j] in HAMLET_WHEN_A_VILLAGE_FOLLOWS:
            return j
    return None


def _regions_place_ahead(
    words: list[str],
    start: int,
    region: tuple[str, ...],
    holds_place: Callable[[list[str], int, tuple[str, ...]], bool],
) -> int | None:
    """Index of a kecamatan's or village's name of `region` among the few words after the
    name at `start + 1` (the hamlet's own), before a comma or a level word."""
    for j in range(start + 2, min(len(words), start + 2 + HAMLET_NAME_WORDS)):
        if words[j] == "," or words[j] in MARKERS:
            return None
        if holds_place(words, j, region):
            return j
    return None


def read_hamlet_words(
    words: list[str],
    holds_village: Callable[[list[str], int, tuple[str, ...]], bool],
    holds_place: Callable[[list[str], int, tuple[str, ...]], bool] | None = None,
) -> tuple[list[str], dict[int, tuple[str, ...]]]:
    """The words with each hamlet or regional village word read as "dusun" or "desa", and
    the regions said: word index of the name (after a regional village word) or of the
    village's level word (after a regional hamlet word) -> region code prefixes.

    `holds_village(words, i, region)` answers whether the name starting at `i` is a
    village of the region (the gazetteer's lookup); `holds_place` whether it is a
    kecamatan or a village of it.

    Session 45: a hamlet word of one region that is also a name ("banjar": Kota Banjar,
    Kab. Banjar) is the hamlet's word too when, after the hamlet's own name, a kecamatan
    or village of its region follows without a level word ("balai banjar pande
    blahbatuh": Banjar Pande of Kec. Blahbatuh, Gianyar), as Bali's news write a banjar
    before the place holding it."""
    read = list(words)
    regions: dict[int, tuple[str, ...]] = {}
    for i, word in enumerate(words):
        if word not in HAMLET_WHEN_A_VILLAGE_FOLLOWS and word not in HAMLET_WORDS:
            continue
        before = words[i - 1] if i > 0 else ""
        if before in _UPPER_MARKERS or before in _VILLAGE_MARKERS:
            continue  # "kab banjar", "kec lembang", "desa kampung baru": a name
        if i + 1 >= len(words) or words[i + 1] in MARKERS or words[i + 1] == ",":
            continue
        ahead = _village_word_ahead(words, i)
        region = REGIONAL_VILLAGE_WORDS.get(word)
        if (
            ahead is not None
            and words[ahead] in HAMLET_WHEN_A_VILLAGE_FOLLOWS
            and region
            and holds_village(words, i + 1, region)
        ):
            # "tiyuh gunung menanti tumijajar katanya kampung begal": the word ahead is
            # itself a hamlet's word or a name ("kampung begal", a robbers' quarter),
            # not a village's level word, and the name after "tiyuh" is a village of
            # its region: the tiyuh is the village (session 42)
            ahead = None
        if ahead is not None:
            if word in HAMLET_WHEN_A_VILLAGE_FOLLOWS:
                read[i] = HAMLET
            region = HAMLET_REGIONS.get(word)
            if region and words[ahead] in _VILLAGE_MARKERS:
                regions[ahead + 1] = region
            continue
        if region and holds_village(words, i + 1, region):
            read[i] = VILLAGE
            regions[i + 1] = region
            continue
        own_region = HAMLET_REGIONS.get(word)
        if word in HAMLET_WHEN_A_VILLAGE_FOLLOWS and own_region and holds_place is not None:
            place = _regions_place_ahead(words, i, own_region, holds_place)
            if place is not None:
                read[i] = HAMLET
                regions[place] = own_region
    return read, regions


def regional_entries(
    entries: dict[str, float], start: int, regions: dict[int, tuple[str, ...]]
) -> dict[str, float]:
    """A name's entries kept to the region a word before it said, when any lies there."""
    region = regions.get(start)
    if not region:
        return entries
    local = {c: q for c, q in entries.items() if c.startswith(region)}
    return local or entries


def region_words() -> Collection[str]:
    """Every word this module reads a region from (for documentation and tests)."""
    return set(REGIONAL_VILLAGE_WORDS) | set(HAMLET_REGIONS) | set(MARKER_REGIONS)


def named_before_a_level_word(words: list[str]) -> frozenset[int]:
    """Indexes of the words of a hamlet's name that a level word and a name follow ("dusun
    3 batang desa meunasah drang": "3", "batang"). Such a name is the hamlet's for sure:
    it states no kab/kota (Kab. Batang) and is no place of its own, even where the
    village after the level word is one we do not know ("dusun ii bah kuningan desa
    hutagaluh" is in Serdang Bedagai, not Kab. Kuningan)."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if word not in HAMLET_WORDS:
            continue
        for j in range(i + 2, min(len(words) - 1, i + 2 + HAMLET_NAME_WORDS)):
            if words[j] == "," or words[j] in HAMLET_WORDS:
                break
            if words[j] in MARKERS:
                if words[j + 1] != "," and words[j + 1] not in MARKERS:
                    found.update(range(i + 1, j))
                break
    return frozenset(found)


def own_name_before(words: list[str], hamlet_at: int, start: int) -> bool:
    """Words other than numbers stand between the hamlet word at `hamlet_at` and a name
    at `start`: the hamlet's own name, one the tree does not hold ("dusun bandarharapan
    terbanggi besar", "lingkungan kanakea batupoaro"), so the name after it is the
    village, kecamatan or kab/kota the hamlet lies in, not the hamlet's name. The tree
    stops at the village: most hamlets' names are unknown to it, and a reporter writes
    the place that holds the hamlet right after its name (session 40)."""
    return any(not _numbered(w) for w in words[hamlet_at + 1 : start])


def hamlets_phrase_before(
    words: list[str],
    at: int,
    told: Callable[[str], bool],
    kinds: Collection[str] = HAMLET_WORDS,
) -> range | None:
    """The hamlet word and the names or numbers after it that come right before `at`
    ("dusun entinuh" before "engkahan", "dusun" before "engkahan"), or None. `told` says
    whether a word is one a story is told with: such a word (or a comma, or a level word)
    between ends the phrase (session 40). `kinds`: the words that open the phrase
    (SETTLEMENT_WORDS for `settlement_phrase_before`)."""
    for k in range(at - 1, max(-1, at - 2 - HAMLET_NAME_WORDS), -1):
        word = words[k]
        if word in kinds:
            return range(k, at)
        if word == "," or word in MARKERS or (told(word) and not _numbered(word)):
            return None
    return None


def settlement_phrase_before(
    words: list[str], at: int, told: Callable[[str], bool]
) -> range | None:
    """A hamlet's, kampung's or estate's word and the names or numbers after it right
    before `at` ("kampung sileh" before "kedaton", "perumahan griya" before "pamotan"), or
    None: a place below the village, given as where, in a village as well as in a
    kecamatan of the name at `at` (session 40, "kampung and gang before a shared
    kecamatan")."""
    return hamlets_phrase_before(words, at, told, SETTLEMENT_WORDS)


def in_a_hamlets_phrase(words: list[str], at: int, told: Callable[[str], bool]) -> bool:
    """The word at `at` follows a hamlet word and only names or numbers after it ("dusun
    entinuh engkahan", "dusun engkahan"): the hamlet's name or the place holding it,
    given as where, not a word the story is told with, though it reads as one ("engkahan"
    as "engkah" + "-an"; session 40)."""
    return hamlets_phrase_before(words, at, told) is not None


_Found = TypeVar("_Found", bound=_Located)


def village_named_with_a_level_word(
    marker: tuple[int, str | None] | None, as_name: tuple[int, _Found] | None, at: int
) -> tuple[int, _Found] | None:
    """After a village's level word, a name that starts with another level word is a
    village's when villages bear it: "desa kota padang" is one of the villages called
    Kota Padang (Rejang Lebong, Lebong, Empat Lawang, Musi Rawas), not Kota Padang; the
    name's places are kept to those villages. None when no village's level word came
    before or no village bears the name (`as_name`: the gazetteer's lookup of the name
    at `at`, its end and mention)."""
    if marker is None or marker[0] != 4 or as_name is None or as_name[0] <= at + 1:
        return None
    mention = as_name[1]
    villages = {c: q for c, q in mention.entries.items() if c.count(".") == 3}
    if not villages:
        return None
    mention.entries = villages
    return as_name
