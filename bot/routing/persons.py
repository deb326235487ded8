"""Words for the people a complaint is about, by their trade or age: agent nouns built
with peN- on a root ("penarik" a puller, "penjual" a seller, "petani" a farmer, "pemuda"
a youth) and trades named by a word of their own ("tukang", "kuli", "nelayan"). Many are
also a kecamatan's or a village's name (Kec. Penarik of Mukomuko, Desa Pemuda of Kab.
Banjar, Desa Tukang of Pati): this module says which words are such persons' words and
where a sentence puts a person (issue 14, session 43).

Owns the morphology of the agent noun and the places of a person in a sentence; nothing
here holds place data. The gazetteer (bot/routing/gazetteer.py) asks `a_persons_word`
of a one-word kecamatan or village name it found.
"""

from __future__ import annotations

from bot.routing.place_index import everyday_word, sentence_word
from bot.routing.place_words import (
    CONNECTING,
    FILLERS,
    GENERIC,
    HAMLET_WORDS,
    MARKERS,
    RESIDENT_WORDS,
    WHEN_WORDS,
)
from bot.routing.regions import level_of
from bot.routing.story_places import COUNT_WORDS, QUANTITY_WORDS, Mentioned


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Trades named by a word of their own, not by peN- on a root: the workers and the
# people on the road a complaint tells of ("tukang parkir dihajar", "kuli bangunan
# jatuh", "sopir angkot dipalak"). A closed class of persons' nouns, as a dictionary
# tags them; not words for a resident ("warga", place_words.RESIDENT_WORDS), whose next
# word is the place they live in.
TRADE_WORDS = _words(
    """tukang kuli buruh nelayan sopir supir satpam sekuriti kurir montir mandor
    juragan bidan guru dokter perawat"""
)
# Agent prefixes of Indonesian, longest first, and the consonant the nasal ones eat
# from the root ("penarik" is "tarik", "pemulung" "pulung", "pengemudi" "kemudi",
# "penyewa" "sewa"); "pe-" as in "petani" (tani), "pedagang" (dagang), "pemuda" (muda);
# "pel-" before a vowel as "belajar" has it ("pelajar": ajar).
_AGENT_PREFIXES = ("peng", "peny", "pem", "pen", "pel", "pe")
_EATEN = {"pen": "t", "pem": "p", "peng": "k", "peny": "s"}
# Roots shorter than this make agent nouns of too many names by chance ("perak": "rak",
# "petak": "tak", "pelat": "lat"; 29 one-word keys of the tree).
AGENT_ROOT_LETTERS = 4
# Words before a person: "para pedagang", "seorang petani", "sang penjual", "si
# penarik", "kaum buruh"; a number or a counting word is read as such too ("5
# pemuda", "puluhan pemulung"): story_places' quantity and count words, and those of
# an uncounted many.
PERSON_ARTICLES = frozenset(["para", "seorang", "sang", "si", "kaum", "bapak", "ibu", "pak", "bu"])
COUNTING_WORDS = QUANTITY_WORDS | COUNT_WORDS | _words("sembilan sepuluh beberapa sejumlah banyak")
# Words after a name that make it a place's, not a person's: cues of place, a level or
# hamlet word, a resident's or a time word ("penarik subuh" may be where).
_PLACE_CUES = CONNECTING | FILLERS | GENERIC | HAMLET_WORDS | RESIDENT_WORDS | WHEN_WORDS


def an_agent_noun(word: str) -> bool:
    """`word` names a person by trade or age: a trade's own word (`TRADE_WORDS`) or an
    agent prefix on a dictionary root of four letters or more, no suffix ("penarik",
    "pemuda", "petani", "pengemudi"; not "pesanggrahan", whose "-an" makes a place or an
    act of it, nor "perak"). Names of the tree made so by chance ("pematang", "pesisir")
    are read as persons only where a sentence puts a person (`a_persons_word`), where
    their own word is meant as often ("pematang sawah jebol")."""
    if word in TRADE_WORDS:
        return True
    if not word.isalpha() or word.endswith("an"):
        return False
    for prefix in _AGENT_PREFIXES:
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        roots = [rest]
        if prefix in _EATEN and rest[:1] in "aiueo":
            roots.append(_EATEN[prefix] + rest)
        if prefix == "pel" and rest[:1] not in "aiueo":
            continue  # "pel-" only before a vowel ("pelajar"); else "pe-" + "l..."
        if any(len(r) >= AGENT_ROOT_LETTERS and r != word and everyday_word(r) for r in roots):
            return True
    return False


def a_persons_word(words: list[str], at: int) -> bool:
    """The one word at `at` is an agent noun (`an_agent_noun`) standing where a person
    does in a sentence: opening the text, or after a number, a counting word or a
    person's article ("5 pemuda dihajar", "para pedagang", "seorang petani"); and the
    word after it is a word of the story (its object or its verb: "penarik gerobak",
    "pemuda dihajar"), no place cue, level, people's or time word. Such a word is the
    person, not the kecamatan or village named like it."""
    word = words[at]
    if not an_agent_noun(word) or at + 1 >= len(words):
        return False
    before = words[at - 1] if at else ""
    if at and not (before.isdigit() or before in COUNTING_WORDS or before in PERSON_ARTICLES):
        return False
    if at > 1 and words[at - 2] in MARKERS:
        return False  # "desa 5 pemuda": a name after a level word and a number
    after = words[at + 1]
    return (
        after.isalpha()
        and after not in _PLACE_CUES
        and after not in MARKERS
        and after not in PERSON_ARTICLES
        and sentence_word(after)
    )


def a_persons_name(m: Mentioned, words: list[str]) -> bool:
    """`m` is a one-word kecamatan's or village's name, without its level word, that is a
    person's word where a sentence puts a person (`a_persons_word`): "penarik gerobak
    sampah ditemuin meninggal" (Kec. Penarik of Mukomuko), "5 pemuda dihajar" (Desa
    Pemuda), "para nelayan ribut": no place named, whatever else the text names. A
    kab/kota's name is that kab/kota ("pemalang banjir"), as everywhere (session 43)."""
    return (
        m.end - m.start == 1
        and not m.marked
        and m.exact
        and not m.landmarks
        and bool(m.entries)
        and all(level_of(c) >= 3 for c in m.entries)
        and a_persons_word(words, m.start)
    )


def a_counted_level_word(words: list[str], at: int) -> bool:
    """The level word at `at` ("desa", "kampung") follows a number or a counting word, or
    "antar" ("bentrok 2 desa", "warga dua kampung", "tawuran antar desa"): villages
    counted, not one village's level word, so the word after it is no name it marks
    ("bentrok 2 desa sampe jalan ...": "sampe" is "sampai", no Desa Sampe) (session 43).
    Not a number that numbers a place word before it ("km 21 desa sako", "smp negeri 6
    kota sorong", "rt 3 desa ..."): the level word then marks its village."""
    if at == 0:
        return False
    before = words[at - 1]
    if before in ("antar", "antara") or (not before.isdigit() and before in COUNTING_WORDS):
        return True
    if not before.isdigit():
        return False
    numbered = words[at - 2] if at > 1 else ""
    return numbered not in _PLACE_CUES and numbered not in MARKERS
