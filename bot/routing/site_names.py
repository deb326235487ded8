"""Region names inside the name of a nature site nobody compiled.

Owns one reading (session 41, issue 14): after a word for a waterfall, beach, cave, lake,
hot spring or river pool ("air terjun", "curug", "coban", "pantai", "goa", "telaga"...),
the words that follow are the site's own name. A kecamatan's or village's name met there
is a place only when it is the whole name ("pantai modangan": beaches are named after
their village) or when it comes after the name ("pantai bokamu anyer": the site, then
where it is). It is a word of the site's name, which may lie anywhere, when

- a name we do not know follows it ("pantai batu bengkung" is no beach of Kota Batu, "air
  terjun tumpang dua" none of Kec. Tumpang);
- a second word for a kind of place stands before it ("air terjun pulau simo" is no
  waterfall of Kec. Simo, Boyolali);
- it was found only by a spelling near it ("curug priuk" is no Kec. Periuk).

Such a name then gives way: to a kab/kota or kecamatan the text names apart from the
site, or, with none, to a question (the citizen names the kab/kota). A place of the text
that agrees with it (lies in one of its kab/kota) keeps it. Measured with the generated
probe tests/routing/site_name_forms.py; nothing here holds place data.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.routing.landmarks import KIND_WORDS, kind_at
from bot.routing.place_index import sentence_word
from bot.routing.place_words import (
    CONNECTING,
    FILLERS,
    GENERIC,
    HAMLET_WORDS,
    MARKERS,
    ROAD_WORDS,
    STREET_WORDS,
    WHEN_WORDS,
)
from bot.routing.regions import level_of
from bot.routing.story_places import Mentioned  # what these rules read of a mention

# The kinds whose word starts a site's own name (landmarks.py's kind words). Not
# mountains nor islands: "gunung X" and "pulau X" name kecamatan and kab/kota themselves
# (Kec. Gunung Sindur, Kab. Pulau Morotai); they count only as a second kind word.
NATURE_KINDS = frozenset(["waterfall", "beach", "cave", "lake", "hot_spring", "river_pool"])
# Words that open another place after the site's name, or say nothing of one: the word
# after a region's name is no word of the site's name when it is one of these.
# Words of a site's own name that may stand between its kind word and a spelling near a
# place's name ("air terjun jungutbatu | kadamu")
OWN_NAME_WORDS = 2
_NOT_A_NAME = FILLERS | CONNECTING | GENERIC | HAMLET_WORDS | ROAD_WORDS | STREET_WORDS | WHEN_WORDS


def kinds_before(words: list[str], start: int) -> list[str]:
    """The kind words written right before `start`, nearest last ("air terjun pulau |
    simo": waterfall, island)."""
    kinds: list[str] = []
    k = start
    while k >= 1:
        two = KIND_WORDS.get(f"{words[k - 2]} {words[k - 1]}") if k >= 2 else None
        if two is not None:
            kinds.append(two)
            k -= 2
            continue
        one = KIND_WORDS.get(words[k - 1])
        if one is None:
            break
        kinds.append(one)
        k -= 1
    return kinds[::-1]


def _an_unknown_word(k: int, words: list[str], known: set[int]) -> bool:
    """The word at `k` is one no place was found in as typed (a spelling near a village's
    is no place: "kadamu" is no Desa Kadamu of Papua) and no sentence is told with."""
    if k >= len(words) or k in known:
        return False
    word = words[k]
    if word == "," or word in _NOT_A_NAME or word in MARKERS or word in KIND_WORDS:
        return False
    if any(ch.isdigit() for ch in word):
        return False
    return not sentence_word(word)


def _own_words_before(words: list[str], start: int) -> int:
    """How many words of a site's own name stand between its kind word and `start`
    ("curug gebangjaya | lalapu": one), at most `OWN_NAME_WORDS`."""
    own = 0
    k = start - 1
    while own < OWN_NAME_WORDS and k >= 0:
        word = words[k]
        if word == "," or word in _NOT_A_NAME or word in MARKERS or word in KIND_WORDS:
            break
        own += 1
        k -= 1
    return own if kinds_before(words, start - own) else 0


def _agrees(m: Mentioned, other: Mentioned) -> bool:
    """`other` lies in one of `m`'s kab/kota (or names a province holding one)."""
    own = {c[:5] for c in m.entries if level_of(c) >= 2}
    return any(c[:5] in own or any(r.startswith(c) for r in own) for c in other.entries)


def _a_kind_word(o: Mentioned, words: list[str]) -> bool:
    """`o` is a kind word that names villages too ("curug", "air terjun", "pantai"): it
    says what the site is, not where."""
    return " ".join(words[o.start : o.end]) in KIND_WORDS


def in_a_sites_name(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """`m` is a word of the name of a nature site written after its kind word (see the
    module's docstring), and no other place of the text agrees with it."""
    if m.marked or m.street or m.landmarks or not m.entries:
        return False
    own = _own_words_before(words, m.start)
    kinds = kinds_before(words, m.start - own)
    if kinds:
        if kinds[0] not in NATURE_KINDS:
            return False
        known = {k for o in places if o is not m and o.exact for k in range(o.start, o.end)}
        # a second kind word before the name, or opening it ("coban gunung rante": Desa
        # Gunung Rante of Serdang Bedagai is no waterfall's)
        # ("pemandian air panas guci": two words for one kind are one kind)
        own_kind = kind_at(words, m.start)
        second = len(set(kinds)) > 1 or own_kind not in (None, kinds[-1])
        name_goes_on = _an_unknown_word(m.end, words, known)
        if m.exact and (own or not (second or name_goes_on)):
            return False
    elif m.exact or kind_at(words, m.start) not in NATURE_KINDS or _a_kind_word(m, words):
        # a spelling near the kind word and the name together ("coban sinde" read as Kec.
        # Sindue) is the kind's site all the same
        return False
    others = [
        o
        for o in places
        if o is not m and o.entries and not o.street and not _a_kind_word(o, words)
    ]
    return not any(_agrees(m, o) for o in others)


# Words that open a clause after a kind word rather than a site's name ("tenggelam di
# pantai saat berenang", "hanyut di sungai bersama temannya": no beach or river named).
CLAUSE_WORDS = frozenset(
    [
        "saat",
        "sambil",
        "bersama",
        "ketika",
        "waktu",
        "karena",
        "krn",
        "untuk",
        "utk",
        "hingga",
        "sampai",
        "sampe",
        "bareng",
        "sama",
        "dengan",
        "dgn",
        "lalu",
        "terus",
        "trus",
        "kemudian",
        "akibat",
        "usai",
        "setelah",
        "sebelum",
        "selama",
    ]
)


def a_sites_own_word(k: int, words: list[str], known: set[int]) -> bool:
    """The word at `k`, right after a kind word, starts a site's own name in which no exact
    place was found (indices in `known`): "pantai setangi", "air terjun doyam sondong".
    Dictionary words count ("pantai salak": sites are named with them); words that open
    a clause, or say nothing of a place, do not (session 43, home_towns.py)."""
    if k >= len(words) or k in known:
        return False
    word = words[k]
    if word in _NOT_A_NAME or word in MARKERS or word in KIND_WORDS or word in CLAUSE_WORDS:
        return False
    return word.isalpha()
