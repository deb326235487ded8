"""Local places told inside a story: which names of a complaint are the sentence's, which
belong to the shop, market or hamlet it names, and which say where it happened.

Owns the session 31 rules for local places typed as citizens and news write them ("warga
sanggeng dan wosi saling serang", "ringroad arah pasar buton balikpapan", "tulang belulang
di kebun sawit desa pematang lumut", "laka di jalan raya kinali jorong iv koto"), each a
predicate the gazetteer (bot/routing/gazetteer.py) asks of a name it found. Nothing here
holds place data; the words are Indonesian grammar and the kinds of buildings named after
far places.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

from bot.routing.place_index import everyday_word, sentence_word
from bot.routing.place_words import (
    CHAT_WORDS,
    CONNECTING,
    FILLERS,
    GENERIC,
    HAMLET_WORDS,
    KIND_RANKS,
    MARKERS,
    MATERIAL_NAMES,
    MINE_WORDS,
    MINED,
    NAMED_KINDS,
    POSSESSIVES,
    RESIDENT_WORDS,
    ROAD_WORDS,
    SHOP_KINDS,
    STEM_ENDINGS,
    STREET_WORDS,
    THING_WORDS,
    UNIT_WORDS,
    URBAN_KINDS,
    WHEN_WORDS,
    name_key,
)
from bot.routing.regions import bare_regency_name, level_of

# Words after which the next word is a verb or a weapon, never a place: "saling serang"
# (attacked each other, not Kota Serang), "saling lempar"; "perang batu", "perang sarung",
# "perang petasan" (a fight with stones, sarongs, firecrackers: not Kota Batu).
# "lempar batu", "melempar batu", "dilempari batu" (stones thrown: not Kota Batu);
# "tertimpa batu", "ditimpuk batu" (hit by a falling or a thrown stone, session 32).
# "tertimpa runtuhan batu di curug cigamea" (the rubble of a rock fall, session 38).
VERB_HEADS = frozenset(
    [
        "runtuhan",
        "reruntuhan",
        "saling",
        "perang",
        "lempar",
        "melempar",
        "dilempar",
        "dilempari",
        "lemparan",
        "tertimpa",
        "ditimpa",
        "timpuk",
        "ditimpuk",
        "menimpuk",
        "timpukan",
    ]
)

# Words for a foreigner or a foreigner's nationality: the country or city after them is
# where the person comes from, not where it happened ("turis australia kehilangan uang di
# spa kuta", "wna rusia", "bule belanda", "warga negara china"). Session 32.
FOREIGNER_WORDS = frozenset(
    ["turis", "wisatawan", "wisman", "wna", "bule", "kebangsaan", "berkebangsaan", "asal"]
)
# A language is named after its country or people: "guru bahasa arab", "les bahasa
# jepang" name no place abroad (session 45, when "arab" became Arab Saudi's short form).
LANGUAGE_WORDS = frozenset(["bahasa", "bhs"])
# Kinds of places named after a people that lives or lived there: "kuburan cina",
# "kampung arab", "pasar cina", "gang india" are local places, not China, Arabia, India.
NAMED_AFTER_A_PEOPLE = frozenset(
    ["kampung", "kuburan", "makam", "pemakaman", "tpu", "pasar", "gang", "gg", "pecinan"]
)

# Buildings people name after a far town or regency its owners or users come from: "pasar
# buton" is a market of Balikpapan, "warung padang", "rumah makan solo", "asrama papua",
# "masjid aceh". Beside another name that lies elsewhere, the far name is the building's.
NAMED_AFTER_HOME = frozenset(
    [
        "pasar",
        "toko",
        "warung",
        "rm",
        "masjid",
        "mesjid",
        "musala",
        "mushola",
        "musholla",
        "gereja",
        "hotel",
        "wisma",
        "asrama",
    ]
)


class Mentioned(Protocol):
    """What these rules read of a gazetteer mention (gazetteer `_Mention`)."""

    entries: dict[str, float]
    street: bool
    exact: bool
    marked: bool
    landmarks: dict[str, str]
    start: int
    end: int
    after_street: int  # words between the road word and the name (0: none, or no road)


# Short forms of "tanggal" (date) that are also a city's chat short form ("tgl": Tegal).
DATE_WORDS = frozenset(["tgl", "tg", "tggl"])


# The reciprocal of Manado, Makassar and Maluku Malay before a verb: "baku pukul", "baku
# tikam", "baku busur", "baku lempar", "baku hantam" (to hit, stab, shoot arrows at,
# stone each other). With a verb after it never Baku of Azerbaijan (foreign.csv), nor is
# the verb a place (session 40, the fresh set: "tawuran baku busur di ... bontoala").
RECIPROCAL_HEADS = frozenset(["baku"])


def a_reciprocal_verb(words: list[str], at: int) -> bool:
    """The word at `at` is "baku" before a verb of the sentence (a dictionary word or
    one built from it, `sentence_word`), or that verb."""
    if words[at] in RECIPROCAL_HEADS:
        following = words[at + 1] if at + 1 < len(words) else ""
        return following.isalpha() and sentence_word(following)
    return at > 0 and words[at - 1] in RECIPROCAL_HEADS and a_reciprocal_verb(words, at - 1)


def after_a_verb_head(words: list[str], at: int) -> bool:
    """The word at `at` follows "saling" or "perang" (a verb or a weapon, no place), or is
    that word before another: grammar, not Kec. Saling of Empat Lawang ("kec saling" and
    "saling" alone still name it); or a reciprocal "baku" and its verb ("baku tikam")."""
    if at > 0 and words[at - 1] in VERB_HEADS:
        return True
    if a_reciprocal_verb(words, at):
        return True
    return words[at] in VERB_HEADS and at + 1 < len(words) and words[at + 1] != ","


def a_foreigners_origin(words: list[str], at: int) -> bool:
    """The foreign place at `at` follows a word for a foreigner ("turis australia", "warga
    negara jepang"), a kind of place named after a people ("kuburan cina") or a
    language's word ("bahasa arab"): the person's origin, a local place's name or a
    language, not a place abroad."""
    if at == 0:
        return False
    before = words[at - 1]
    if before in FOREIGNER_WORDS or before in NAMED_AFTER_A_PEOPLE or before in LANGUAGE_WORDS:
        return True
    return before == "negara" and at >= 2 and words[at - 2] in ("warga", "warganegara")


# Drugs a complaint names ("pengedar sabu di ...", "pesta ganja"): Sabu is also a village
# of Sumatera Barat, and a village's exact name outweighed the place the sentence then
# told (session 33, tests/routing/sentence_places.py). Typed alone, the word is left to
# the gazetteer; "pulau sabu" is a longer name and still found.
DRUG_WORDS = frozenset(["sabu", "shabu", "ganja", "ekstasi", "putaw", "narkoba"])


def a_story_word(words: list[str], at: int) -> bool:
    """The word at `at` is the sentence's, not a place's, unless a longer name starts
    there: a drug ("pengedar sabu") in a text of several words, or an everyday word said
    twice, Indonesian's plural ("korbannya ibu ibu": not Kec. Ibu of Halmahera Barat;
    "bau bau" is Baubau's name and is found as two words)."""
    word = words[at]
    if word in DRUG_WORDS:
        return len(words) > 1
    doubled = (at > 0 and words[at - 1] == word) or (at + 1 < len(words) and words[at + 1] == word)
    return doubled and everyday_word(word)


def a_date_word(words: list[str], at: int) -> bool:
    """ "tgl 5", "tgl 12/3": the date, not Tegal's short form."""
    return words[at] in DATE_WORDS and at + 1 < len(words) and words[at + 1][:1].isdigit()


def _regencies(m: Mentioned) -> set[str]:
    return {c[:5] for c in m.entries if level_of(c) >= 2}


def _lies_with(m: Mentioned, other: Mentioned) -> bool:
    """`other` names a place inside one of `m`'s kab/kota (or a province holding one)."""
    own = _regencies(m)
    return any(c[:5] in own or any(r.startswith(c) for r in own) for c in other.entries)


def _elsewhere(m: Mentioned, places: Collection[Mentioned], later: bool = False) -> bool:
    """Another exact place of the text (after `m` when `later`) lies in none of `m`'s
    kab/kota."""
    others = [
        o
        for o in places
        if o is not m and o.entries and o.exact and not o.street and (not later or o.start >= m.end)
    ]
    return bool(others) and not any(_lies_with(m, o) for o in others)


def a_prefix_told_in_the_story(
    m: Mentioned,
    words: list[str],
    places: Collection[Mentioned],
    regency_name: Callable[[str], str],
) -> bool:
    """ "tulang belulang di kebun sawit desa pematang lumut": a dictionary word ("tulang",
    bone) that is only the first word of some regencies' names (Tulang Bawang, Tulang
    Bawang Barat), beside a place that lies elsewhere, is a word of the sentence. Typed
    alone or beside a place of those regencies it still names them (and is asked)."""
    if m.marked or m.street or m.landmarks or not m.exact or m.end - m.start != 1:
        return False
    word = words[m.start]
    if not everyday_word(word) or not m.entries:
        return False
    if any(level_of(c) != 2 for c in m.entries):
        return False
    if not all(
        name_key(bare_regency_name(regency_name(c))).startswith(word + " ") for c in m.entries
    ):
        return False  # the regency's own name or an alias ("masohi"), not a first word
    return _elsewhere(m, places)


def a_buildings_home_town(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "ringroad arah pasar buton balikpapan": a regency's name right after a kind of
    building people name after home towns, followed by a place that lies elsewhere, is the
    building's name (Pasar Buton of Balikpapan), not Kab. Buton."""
    if m.marked or m.street or not m.exact or m.start == 0:
        return False
    if words[m.start - 1] not in NAMED_AFTER_HOME:
        return False
    if not any(level_of(c) <= 2 for c in m.entries):
        return False  # a village's name: the market may well be in it ("pasar karang mulya")
    return _elsewhere(m, places, later=True)


# Words before a ship's name: Pelni's and the ferries' ships are named after mountains,
# rivers and towns ("KM Gunung Dempo", "KM Kelimutu", "KMP Tanjung Kuako"), and "km"
# before a name (not a number) is "kapal motor", not a kilometre.
SHIP_WORDS = frozenset(["km", "kmp", "kapal", "kri", "mv"])
# Words that name a housing estate, and how many words of its name may come before a
# place's name inside it ("perumahan bukit cendana": Bukit Cendana of Pekanbaru).
ESTATE_HEADS = frozenset(["perumahan", "perum", "komplek", "kompleks", "komp", "griya"])
ESTATE_NAME_WORDS = 2


def a_ships_name(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "penumpang dikeroyok di km gunung dempo pelabuhan jayapura": a name right after a
    ship's word (and no number: "km 8" is a kilometre) is the ship's, not Kota Pagar Alam
    (Gunung Dempo), when another place of the text lies elsewhere (session 32)."""
    if m.marked or m.street or m.start == 0 or words[m.start - 1] not in SHIP_WORDS:
        return False
    if words[m.start][:1].isdigit():
        return False
    return _elsewhere(m, places)


def an_estates_name(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "mobil dibakar di perumahan bukit cendana pematang kapau": a district's or
    regency's name inside a housing estate's name (Kec. Cendana of Enrekang), followed by
    a place that lies elsewhere (Kel. Pematang Kapau, Pekanbaru), is the estate's name.
    A village's name may well be where the estate was built ("perumahan mendalo asri") and
    is kept (session 32). The estate word is a street word, so `m.street` holds."""
    if m.marked or not m.exact or m.start == 0:
        return False
    if not any(level_of(c) <= 3 for c in m.entries):
        return False
    for k in range(m.start - 1, max(-1, m.start - 2 - ESTATE_NAME_WORDS), -1):
        if words[k] in ESTATE_HEADS:
            # what follows an estate word is read as the street's, so the later place
            # counts here though its `street` holds too
            later = [o for o in places if o is not m and o.entries and o.exact and o.start >= m.end]
            return bool(later) and not any(_lies_with(m, o) for o in later)
        if words[k] == ",":
            return False
    return False


# Buildings a citizen names by a proper name of their own and then places by the village
# or kecamatan they stand in ("masjid darul falah rappojawa", "pasar bang mego curup",
# "pura masceti gunung sari peliatan"): a mosque, church, temple, market, shop, museum,
# field or bridge. The name after the kind may be a place's name elsewhere (Kec. Darul
# Falah of Aceh Timur, Kec. Mego of Sikka); the address comes after it.
NAMED_BUILDINGS = (
    NAMED_KINDS
    | NAMED_AFTER_HOME
    | SHOP_KINDS
    | frozenset(
        ["pura", "vihara", "klenteng", "museum", "lapangan", "jembatan", "rs", "klinik"]
        + ["toko", "kios", "ruko", "gedung", "wisma"]
    )
)
# Words of the building's own name that may stand between its kind and the place-like
# word of that name ("pura masceti gunung sari": "masceti").
OWN_NAME_WORDS = 2
# Words between the building's name and the place after it that make that place another
# one: where someone went or came from, or a second party ("pasar minggu ke depok").
ANOTHER_PLACE_WORDS = frozenset(
    ["ke", "dari", "asal", "menuju", "arah", "dan", "vs", "atau", "hingga", "sampai"]
)


def a_buildings_own_name(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "kotak amal masjid darul falah rappojawa dibobol": a kecamatan's or village's name
    just after a kind of building (and at most two words of its own name), followed by an
    exact kecamatan or village that lies in none of its kab/kota, is the building's name;
    the place after it is where the building stands (Kel. Rappojawa of Makassar, not Kec.
    Darul Falah of Aceh Timur). A name whose kab/kota the later place lies in ("pasar
    banjarsari ciamis") is kept: the building is named after its place. Session 37;
    regency names after such a kind are `a_buildings_home_town`'s."""
    if m.marked or m.street or m.landmarks or not m.exact or m.start == 0:
        return False
    if not m.entries or any(level_of(c) <= 2 for c in m.entries):
        return False
    if len(_regencies(m)) == 1 and all(level_of(c) == 4 for c in m.entries):
        # one kelurahan: the building may be addressed by it, and a word after it by the
        # kecamatan's short name ("masjid al hurriyah tegal parang mampang")
        return False
    if not _after_a_building(m, words, places):
        return False
    later = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.exact
        # a kab/kota after it may be the one the district was split from ("spbu porsea
        # tapanuli utara": Porsea is in Toba since 1998): the district's name counts
        and all(level_of(c) >= 3 for c in o.entries)
        and not o.landmarks
        and o.start >= m.end
        and not any(w in ANOTHER_PLACE_WORDS for w in words[m.end : o.start])
        and not (o.end - o.start == 1 and everyday_word(words[o.start]) and not o.marked)
    ]
    return bool(later) and not any(_lies_with(m, o) for o in later)


def _after_a_building(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """A kind of building stands before `m`, parted from it by at most `OWN_NAME_WORDS`
    words that no other place of the text holds (numbers and ranks: "masjid jami al
    amin")."""
    taken = {k for o in places if o is not m for k in range(o.start, o.end)}
    for k in range(m.start - 1, max(-1, m.start - 2 - OWN_NAME_WORDS), -1):
        word = words[k]
        if word in NAMED_BUILDINGS:
            return True
        if word == "," or k in taken or word in FILLERS or word in CONNECTING:
            return False
    return False


# Words after which a town is where a person comes from: "wisatawan sby meninggal
# tertimpa batu di madakaripura", "pria asal bandung ditusuk di kebumen" (session 32).
ORIGIN_WORDS = frozenset(
    ["asal", "wisatawan", "turis", "pelancong", "pemudik", "pengunjung", "perantau"]
)
# Words after which a campus or school is the one a person studies or teaches at, not
# where the story happens: "mahasiswa uma ditikam begal di jalan lubuk pakam", "siswi
# smkn 2 dijambret di ..." (session 38). Reporters name the victim by their school the way
# they name a visitor by their town.
SCHOOL_OF_WORDS = frozenset(
    ["mahasiswa", "mahasiswi", "siswa", "siswi", "pelajar", "santri", "santriwati", "dosen"]
)


def a_persons_origin(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """A place right after a word for a visitor or for origin ("wisatawan sby", "asal
    bandung"), or a campus or school right after a word for a student ("mahasiswa uma"), is
    where the person comes from or studies, when another place of the text lies elsewhere;
    alone ("wisatawan sby", "mahasiswa uma dibegal") it is still the only place told."""
    if m.marked or m.start == 0:
        return False
    before = words[m.start - 1]
    if before not in ORIGIN_WORDS and not (before in SCHOOL_OF_WORDS and m.landmarks):
        return False
    # a one-word dictionary name without its level word ("pemuda asal ampenan": Desa
    # Pemuda of Banjar, the youth) is a word of the story, and tells no other place; a
    # town named after a road's own name does ("mahasiswa uma ditikam begal di jalan
    # lubuk pakam batang kuis": Deli Serdang, not the campus's Medan), a road named
    # after a town ("jl cisitu lama") does not (session 40)
    others = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.exact
        and (not o.street or o.after_street > 0)
        and not _a_story_word(o, words)
    ]
    return bool(others) and not any(_lies_with(m, o) for o in others)


def _a_story_word(m: Mentioned, words: list[str]) -> bool:
    """A one-word name that is a dictionary word, typed without its level word nor a
    preposition of place before it ("di kemang" is where)."""
    return (
        not m.marked
        and not m.landmarks
        and m.end - m.start == 1
        and words[m.start].isalpha()
        and everyday_word(words[m.start])
        and (m.start == 0 or words[m.start - 1] not in PLACE_PREPOSITIONS)
    )


def in_a_hamlets_name(m: Mentioned, words: list[str]) -> bool:
    """The name comes right after a hamlet word ("jorong iv koto", "dusun kampung tengah"):
    a hamlet's, which matches a district elsewhere only by chance."""
    return m.start > 0 and words[m.start - 1] in HAMLET_WORDS


def a_hamlet_named_like_a_region(rest: list[str], code: str) -> bool:
    """What is told after a road's name starts with a hamlet word and names a district or
    regency ("jalan raya kinali jorong iv koto": a jorong of Kinali named like Kec. IV
    Koto of Agam): a hamlet's name, no place beside the road. A village named after it
    ("... dusun 2 desa sukamaju") still is."""
    return bool(rest) and rest[0] in HAMLET_WORDS and level_of(code) <= 3


def a_former_regency_name(named: dict[str, float], marked: dict[str, float]) -> bool:
    """ "kabupaten kutai": the regency's former name written in full with its level word
    (an alias of Kutai Kartanegara) is meant, not the regencies whose names start with
    the word after the level word (Kutai Barat, Kutai Timur): both readings are
    regencies, and the one that names itself in full wins."""
    return (
        len(named) == 1
        and all(level_of(c) == 2 for c in named)
        and len(marked) > 1
        and all(level_of(c) == 2 for c in marked)
    )


# Session 34 (issue 14): names that are everyday words of a story. Kemendagri names many
# places with ordinary words ("Kebun Tebu", a kecamatan of Lampung Barat; villages "Pompa
# Air", "Air Panas", "Kayu Putih"; "Mentok", Kec. Muntok's spelling), and complaints tell
# of sugarcane fields, water pumps, boiling water and ducks with the same words. Such a
# name, written without its level word, says where it happened only with the help of the
# text; alone in a sentence it is the sentence's (the audit of bot/evaluation/
# story_words.py finds them from a word-frequency list).
# Words before a name that say the name is a place: the prepositions of place and the
# connecting words; after any other word the name reads as part of the story ("maling
# mentok": a duck thief; "pohon jati": a teak tree).
# Fields and plantations named by what grows there ("kebun tebu", "hutan jati", "ladang
# jagung"): a kecamatan or village so named is the story's field in a sentence.
# Not "kebon": Jakarta's Kebon Jeruk, Kebon Sirih, Kebon Kacang are spelt so.
FIELD_WORDS = frozenset(["kebun", "ladang", "sawah", "hutan", "tambak", "lahan"])
# What follows a field word in a town's name rather than the crop: "Sawah Besar" (a
# kecamatan of Jakarta Pusat), "Sawah Lebar", "Ladang Panjang", "Tambak Sari": the endings
# that tell names apart (place_words.STEM_ENDINGS), ranks (KIND_RANKS) and sizes.
NAME_ENDINGS = (
    STEM_ENDINGS
    | KIND_RANKS
    | frozenset(["panjang", "lebar", "tinggi", "luhur", "sari", "agung", "raja", "ratu"])
)
PLACE_PREPOSITIONS = frozenset(["di", "ke", "dari", "dr", "dri", "dekat", "dkt", "sekitar"])


def _an_everyday_name(m: Mentioned, words: list[str], counted: bool = False) -> bool:
    """Every word of the mention is a dictionary word and it names kecamatan, villages or
    landmarks only (a kab/kota's name is that kab/kota, by design; `counted`: not after a
    number or a quantity word, "puluhan batang", session 41)."""
    span = words[m.start : m.end]
    if not span or not all(w.isalpha() and everyday_word(w) for w in span):
        # one word built from a dictionary word ("puluhan", "petani", "kenalan": session
        # 41) is a word of the sentence as its root is
        if len(span) != 1 or not span[0].isalpha() or not sentence_word(span[0]):
            return False
        if any(w in ROAD_WORDS for w in words[: m.start]):
            return False  # "jl kapten sujono sungai kerbau sambutan": Kec. Sambutan
    # a landmark of the name ("Pasar Pagi" of Jakarta) is keyed by its kab/kota's code
    if counted and m.end - m.start == 1:
        return bool(m.entries)
    return bool(m.entries) and all(level_of(c) >= 3 or c in m.landmarks for c in m.entries)


def a_story_word_beside_a_place(
    m: Mentioned, words: list[str], places: Collection[Mentioned], after_a_kind: bool
) -> bool:
    """ "hutan kayu putih desa gunungsari", "ruko terbakar di pasar pagi nagori
    perlanaan", "maling mentok tiap malam di banaran", "mayat di kebun tebu dusun
    kedawung": an everyday-word name without its level word gives way to another place
    the text names with a level word, or one that lies in none of its kab/kota; a
    one-word name only when a story word, not a preposition, comes right before it
    ("maling mentok", but "di mentok" is the town). `after_a_kind` ("pasar X", "masjid X"):
    the name a market or mosque bears is its place's and is kept."""
    if m.marked or m.landmarks or _on_a_road(m, words) or not m.exact or after_a_kind:
        return False  # a landmark's name ("stasiun jombang") is weighed by its own rules
    before = words[m.start - 1] if m.start > 0 else ""
    # session 42: a one-word name in a verb's or its subject's place ("orang bawa sajam
    # serang sekuriti di ...", "batu dicuri orang di ...") is a word whatever it names,
    # a kab/kota too, once the text states its place elsewhere
    in_a_verbs_place = (_opens_a_story(m, words) or _between_told_words(m, words)) and not any(
        o.start == m.end and o.exact for o in places
    )  # "batu malang": a name before another is a list of places
    if not _an_everyday_name(m, words, counted=_a_count(before) or in_a_verbs_place):
        return False
    if before in HAMLET_WORDS:
        return False  # "dusun kebun tebu": the hamlet's own name
    # session 41: a one-word name right after another place that lies elsewhere, or after
    # a comma, is a word of the sentence when the other is no everyday word ("warga
    # bintangmas abang kampung sebelah", "motor hilang di bintangmas, abang sampai malam")
    set_after = m.end - m.start == 1 and (
        _after_a_place_or_a_comma(m, words, places) or _counting(m, words)
    )
    if not set_after and any(
        o is not m and o.start < m.start <= o.end and not _counting(o, words) for o in places
    ):
        return False  # "desa gondoriyo bergas", "bintaro pondok aren": a place's own part
    a_story_word_before = before.isalpha() and before not in PLACE_PREPOSITIONS
    read_before = a_story_word_before and (everyday_word(before) or _a_count(before))
    a_story_word_before = a_story_word_before and (read_before or _a_told_word(before))
    # session 42: the word opening the text before a word of the story ("kenalan online
    # ngajak ketemuan di X", "babakan dicuri orang di X"): its subject, which a place the
    # text states elsewhere shows is no place
    a_story_word_before = a_story_word_before or _opens_a_story(m, words)
    if m.end - m.start == 1 and not (a_story_word_before or set_after):
        return False  # "di mentok" is the town; "maling mentok" a duck thief
    if (
        before
        and not (a_story_word_before or set_after)
        and before not in PLACE_PREPOSITIONS
        and before != ","
    ):
        return False  # "jl kramat jaya johar baru": a name after an unknown word
    # the place that decides is stated: with its level word, or by a name that is no
    # dictionary word ("banaran"); two everyday words decide nothing for each other
    others = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.exact
        and (not _on_a_road(o, words) or _a_road_told_after(m, words))
        and (o.marked or not all(everyday_word(w) for w in words[o.start : o.end]))
        # read so since session 42 only: a hamlet's name, which matches a kecamatan by
        # chance, states no place for it ("bayi ditemukan di ladang dusun banyusari")
        and (read_before or set_after or not (o.start and words[o.start - 1] in HAMLET_WORDS))
    ]
    # a stated village or kecamatan decides alone ("desa gunungsari": a Kayu Putih lies
    # beside one of them by chance); a stated kab/kota holding the name supports it
    # ("paya pasir, kabupaten serdang bedagai")
    return any(
        (o.marked and all(level_of(c) >= 3 for c in o.entries)) or not _lies_with(m, o)
        for o in others
    )


def _a_told_word(word: str) -> bool:
    """A word of the story built from a dictionary word or written as chat does ("sajam",
    "dicolong", "ngajak"), that is no place cue: no preposition, kind of place, level,
    people's or time word (session 42)."""
    return word.isalpha() and word not in _NOT_A_HANDLING_WORD and sentence_word(word)


def _opens_a_story(m: Mentioned, words: list[str]) -> bool:
    """`m` is a one-word name opening a text of three words or more, and the word after it
    is a word of the story (`_a_told_word`), not a place's or a second name's: the name is
    the sentence's subject ("babakan dicuri orang", "kenalan online ngajak") (session
    42)."""
    if m.start != 0 or m.end != 1 or len(words) < 3:
        return False
    return _a_told_word(words[1])


def _between_told_words(m: Mentioned, words: list[str]) -> bool:
    """`m` is one word between two words of the story that are no place cues
    (`_a_told_word`), the one after it telling no time ("bawa sajam serang sekuriti",
    "ketara serang segala"): a verb's or an object's place, not an address's; a name
    before a time word may be where ("ribut lagi pakem subuh") (session 42)."""
    if m.end - m.start != 1 or m.start == 0 or m.end >= len(words):
        return False
    after = words[m.end]
    return _a_told_word(words[m.start - 1]) and _a_told_word(after) and after not in WHEN_WORDS


# The prefixes of verbs, passive, active, intransitive and chat's nasal ("dicuri",
# "mencuri", "berkelahi", "tertangkap", "ngajak", "nyolong"): not "-an" nouns ("bagian").
VERB_PREFIXES = ("di", "me", "ber", "ter", "ng", "ny")


def a_subject_before_its_verb(words: list[str], at: int) -> bool:
    """The one word at `at` opens a text of three words or more and a verb or chat word
    built from a dictionary word follows it, no root ("kenalan online ngajak invest",
    "babakan dicuri orang tadi malam"): the subject of an action, a person's or a thing's.
    A place the text is about is told with a root after it ("puluhan rawan begal", "pakem
    macet"), and stays the place (session 42)."""
    if at != 0 or len(words) < 3:
        return False
    after = words[1]
    verb = after in CHAT_WORDS or after.startswith(VERB_PREFIXES)
    return verb and _a_told_word(after) and not everyday_word(after)


# Words that count what follows (session 41): "puluhan batang sawit", "ratusan warga",
# "5 ekor": the word after them is a thing counted, never a place.
QUANTITY_WORDS = frozenset(
    ["puluhan", "ratusan", "ribuan", "belasan", "jutaan", "puluh", "ratus", "ribu", "belas"]
)


def _a_count(word: str) -> bool:
    """A number ("5") or a word that counts ("puluhan")."""
    return word.isdigit() or word in QUANTITY_WORDS or word in COUNT_WORDS


def _counting(m: Mentioned, words: list[str]) -> bool:
    """`m` is a word that counts the word after it ("puluhan batang sawit": Desa Puluhan
    of Klaten), not after a preposition ("di puluhan" is the village)."""
    word = words[m.start]
    after = words[m.end] if m.end < len(words) else ""
    before = words[m.start - 1] if m.start > 0 else ""
    return word in QUANTITY_WORDS and after.isalpha() and before not in PLACE_PREPOSITIONS


def a_quantity_word(m: Mentioned, words: list[str]) -> bool:
    """ "rugi puluhan juta", "ratusan warga": a quantity word (`QUANTITY_WORDS`) that is
    also a village's name (Desa Puluhan of Klaten), without its level word, before the
    word it counts, is no place whatever else the text names (session 41); after "di"
    it is the village. Not opening the text, whose subject it is there ("puluhan rawan
    begal": the village, session 36)."""
    return (
        m.start > 0
        and m.end - m.start == 1
        and not m.marked
        and m.exact
        and not m.landmarks
        and _counting(m, words)
    )


def _after_a_place_or_a_comma(
    m: Mentioned, words: list[str], places: Collection[Mentioned]
) -> bool:
    """`m` stands right after a comma, or right after another exact place's name that is
    no everyday word, names one kab/kota and lies in none of `m`'s ("warga bintangmas
    abang": a village of Kalimantan, then "abang", a brother, not Kec. Abang of Bali;
    "desa gondoriyo bergas" lies in Bergas and is one place told twice). Not after a
    road's, a landmark's or a hamlet's name, which a kecamatan after them places ("jl
    kapten sujono sungai kerbau sambutan", "museum mpu tantular buduran")."""
    if m.start == 0:
        return False
    if words[m.start - 1] == ",":
        return True
    return any(
        o is not m
        and o.end == m.start
        and o.exact
        and not o.street
        and not o.landmarks
        and len({c[:5] for c in o.entries}) == 1
        and not (o.start > 0 and words[o.start - 1] in HAMLET_WORDS)
        and not all(sentence_word(w) for w in words[o.start : o.end])
        and not _lies_with(m, o)
        for o in places
    )


def _a_road_told_after(m: Mentioned, words: list[str]) -> bool:
    """The text tells a road after `m`, "di jalan ...": where the story happened, whose
    places decide for a word of the story before it ("demo tolak tambang di jalan holing
    ... maba") (session 42)."""
    return any(
        words[k] in ROAD_WORDS and words[k - 1] in PLACE_PREPOSITIONS
        for k in range(m.end + 1, len(words))
    )


def _on_a_road(m: Mentioned, words: list[str]) -> bool:
    """A road's name ("jl kayu putih"); after a shop-house or an estate word ("ruko
    terbakar di pasar pagi ...") the names are still the story's places."""
    return m.street and any(w in ROAD_WORDS for w in words[: m.start])


def a_story_phrase_alone(
    m: Mentioned, words: list[str], places: Collection[Mentioned], told: list[str]
) -> bool:
    """ "motor ditemukan di kebun tebu", "dinding belakang dekat pompa air dijebol",
    "disiram air panas majikan": a name of two or more everyday words, without its level
    word, in a sentence that names no other place is the sentence's words (typed alone,
    "kebun tebu" is still the kecamatan). `told`: the other words of the text that are
    neither fillers nor connecting words nor level words."""
    if m.marked or m.street or m.landmarks or not m.exact or m.end - m.start < 2 or not told:
        return False
    before = words[m.start - 1] if m.start > 0 else ""
    if not _an_everyday_name(m, words, counted=_a_count(before)):
        return False
    if before in HAMLET_WORDS:
        return False
    if any(
        o is not m
        and o.entries
        and o.exact
        and (o.marked or not all(everyday_word(w) for w in words[o.start : o.end]))
        for o in places
    ):
        return False  # another place is named (a lone dictionary word is no place here)
    # "kebun tebu", "hutan jati": a field and what grows there. Other names of everyday
    # words are mostly the places they name, after "di" and after a story word alike
    # ("balap liar di sabah balau", "warga kampung lalang", "kafe kampung bule sei
    # jodoh": the development half), so only the field is read as the story's here.
    return (
        words[m.start] in FIELD_WORDS
        and m.end - m.start == 2
        and words[m.start + 1] not in NAME_ENDINGS
    )


# Number words that are also towns abroad ("lima": five, and Lima of Peru).
COUNT_WORDS = frozenset(["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan"])


def a_count_word(words: list[str], at: int) -> bool:
    """ "lima warga desa patihan tersengat listrik": a number word before a dictionary
    word counts people or things; it names no town abroad (session 34)."""
    return (
        words[at] in COUNT_WORDS
        and at + 1 < len(words)
        and words[at + 1].isalpha()
        and everyday_word(words[at + 1])
    )


# Session 35 (issue 14): a thing of the story whose word names a kecamatan or villages
# ("petani dibacok parang", "tiga pencuri sawit", "pompa air di sumur samping rumah",
# "paspor ibu saya hilang di jeddah"). Words before a name that do not make it a thing:
# prepositions and connecting words (the name is where), kinds of places and level words
# (the name is the place's: "pasar sawit"), people's words ("warga talun": where they
# live), ranks and days.
_NOT_A_HANDLING_WORD = (
    PLACE_PREPOSITIONS
    | FILLERS
    | CONNECTING
    | (GENERIC - FIELD_WORDS)
    | frozenset(MARKERS)
    | HAMLET_WORDS
    | UNIT_WORDS
    | NAMED_KINDS
    | URBAN_KINDS
    | SHOP_KINDS
    | STREET_WORDS
    | KIND_RANKS
    | WHEN_WORDS
    | RESIDENT_WORDS
    | ORIGIN_WORDS
    | FOREIGNER_WORDS
)
# "di sumur samping rumah", "kolam belakang rumahnya": a spot beside the house.
HOUSE_SIDES = frozenset(["samping", "belakang", "depan", "sebelah", "dalam", "dekat"])
HOUSE_WORDS = frozenset(["rumah", "rumahnya", "rumahku", "kos", "kontrakan", "dapur"])


def _handled_after(before: str) -> bool:
    """`before` is a word of the sentence that handles a thing ("dibacok", "bawa", "curi",
    "pencuri", "pohon", "kebun", "paspor"), not one that makes the next name a place."""
    return before.isalpha() and before not in _NOT_A_HANDLING_WORD and sentence_word(before)


def _a_thing_used(
    m: Mentioned,
    words: list[str],
    places: Collection[Mentioned],
    regency_name: Callable[[str], str],
) -> bool:
    if m.marked or m.street or m.landmarks or not m.exact or not m.entries:
        return False
    span = words[m.start : m.end]
    if _a_mine(m, words):
        return True  # "tambang timah ilegal": a mine (session 41)
    key = " ".join(span)
    material = key in MATERIAL_NAMES
    if not material and (not 1 <= len(span) <= 2 or span[0] not in THING_WORDS):
        return False
    if not material and not all(w.isalpha() and sentence_word(w) for w in span):
        return False
    # a kab/kota's name is that kab/kota, by design; "tulang" is only the first word of
    # Tulang Bawang's. Stone and coal (Kota Batu, Kab. Batu Bara) are the material where
    # the text states another place ("runtuhan batu di curug cigamea"); alone ("truk
    # batu bara terbalik") the kab/kota is all the text names
    if any(level_of(c) < 2 for c in m.entries):
        return False
    if material:
        if not any(
            o is not m and (o.entries or o.landmarks) and o.exact and not o.street for o in places
        ):
            return False
    elif any(
        level_of(c) == 2 and name_key(bare_regency_name(regency_name(c))) == key for c in m.entries
    ):
        return False
    if any(o is not m and o.start < m.start <= o.end for o in places):
        return False  # the end of another place's name, or right after it
    before = words[m.start - 1] if m.start > 0 else ""
    after = words[m.end] if m.end < len(words) else ""
    after2 = words[m.end + 1] if m.end + 1 < len(words) else ""
    # "tulang belulang manusia ditemukan ...", "ibu saya kabur ...": the story starts
    # with the thing, and the word after it begins no place
    starts_the_story = (
        m.start == 0
        and m.end == 1  # a longer name starting the text is a name ("air molek dilanda ...")
        and len(words) >= 3
        and after.isalpha()
        and sentence_word(after)
        and not any(o.start == m.end and not _a_sentence_words_village(o, words) for o in places)
    )
    return (
        _handled_after(before)
        or after in POSSESSIVES
        or (after in HOUSE_SIDES and after2 in HOUSE_WORDS)
        or starts_the_story
    )


# Words that say what a thing is done with, chat's "pake" (pakai) too (session 44): the
# material after them ("pake batu", "dengan batu") is a tool of the story, not Kota Batu
# nor Kab. Batu Bara, with or without another place in the text.
INSTRUMENT_WORDS = frozenset(["pakai", "pake", "dengan", "dgn", "menggunakan", "memakai"])


def a_tool_used(words: list[str], at: int) -> int:
    """How many words at `at` name a material used as a tool ("pake batu", "dengan batu
    bara"), 0 when none. The gazetteer skips them as it skips a verb's weapon ("perang
    batu", `after_a_verb_head`): read as Kota Batu they would narrow the villages the text
    states to those of Batu ("rumah di desa kalapacung dilempar pake batu") before the
    things of the story are read (session 44)."""
    if at == 0 or words[at - 1] not in INSTRUMENT_WORDS:
        return 0
    for size in (2, 1):
        if " ".join(words[at : at + size]) in MATERIAL_NAMES:
            return size
    return 0


def _a_mine(m: Mentioned, words: list[str]) -> bool:
    """ "tambang" before what it digs ("tambang timah ilegal", "tambang pasir"): a mine,
    wherever the story places it, not Kec. Tambang of Kampar (session 41)."""
    span = words[m.start : m.end]
    return (
        bool(span)
        and all(w in MINE_WORDS for w in span)
        and m.end < len(words)
        and words[m.end] in MINED
    )


def _a_sentence_words_village(o: Mentioned, words: list[str]) -> bool:
    """A mention of villages only, named by one word of the sentence without a level word
    ("sama" in "ayah sama anak dibunuh di ...": Desa Sama, and "and"): it begins no place
    after a thing that starts the story (session 41, the ask probe: every shared name in
    that story went to Kec. Ayah of Kebumen)."""
    span = words[o.start : o.end]
    return (
        len(span) == 1
        and not o.marked
        and not o.street
        and not o.landmarks
        and bool(o.entries)
        and all(level_of(c) == 4 for c in o.entries)
        and span[0].isalpha()
        and sentence_word(span[0])
    )


def things_of_the_story(
    places: Collection[Mentioned], words: list[str], regency_name: Callable[[str], str]
) -> list[Mentioned]:
    """The mentions that are things the story handles, not places: a kecamatan's or
    village's name that is a thing's word (place_words.THING_WORDS), without its level
    word, right after a word that handles it ("dibacok parang", "curi sawit", "kabel
    pompa air"), before a possessive ("ibu saya") or a spot of the house ("sumur samping
    rumah"); the same word elsewhere in the text with it ("ninja sawit curi tbs di kebun
    sawit"). A place of its kab/kota named in the text ("curi sawit di boyolali") or its
    level word ("kec parang") keeps it the place; after "di" or alone it is the place."""
    found: list[Mentioned] = []
    while True:  # "buah kelapa sawit": "sawit" is a thing once "kelapa" is one
        rest = [m for m in places if m not in found]
        more = [m for m in rest if _a_thing_used(m, words, rest, regency_name)]
        if not more:
            break
        found += more
    if not found:
        return []
    keys = {tuple(words[m.start : m.end]) for m in found}
    found += [
        m
        for m in places
        if m not in found and not m.marked and m.exact and tuple(words[m.start : m.end]) in keys
    ]
    stated = [
        o
        for o in places
        if o not in found
        and o.entries
        and o.exact
        and not o.street
        and (o.marked or not all(everyday_word(w) for w in words[o.start : o.end]))
    ]
    # a mine is one wherever it lies ("tambang timah di gunungsari": a Gunung Sari lies in
    # Kec. Tambang, yet the text tells of a tin mine)
    return [m for m in found if _a_mine(m, words) or not any(_lies_with(m, o) for o in stated)]
