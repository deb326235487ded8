"""A person's home town named before the scene of the story.

Owns one reading (session 43, issue 14): news and chats name a victim by a word for a
person and the kab/kota (or kecamatan) they come from, then tell the event and where it
happened: "tiga warga medan tertimpa batu di pemandian air terjun ...", "dua wisatawan
surabaya hanyut di coban ...", "anak anggota dprd kebumen tewas ... di gedongkuning",
"duel maut di rth rantau baru ..., pemuda barsel tewas". The town after the person word
is the person's, not the scene's. It gives way

- to a place the text names after a scene cue ("di", "ke", "dekat" ...) that lies in none
  of its kab/kota (a place of its own kab/kota agrees with it and keeps it);
- to a nature site the text names after a scene cue with a name no place was found in
  ("di pantai setangi", "di air terjun doyam sondong"): the scene is a beach or a
  waterfall nobody compiled, which may lie anywhere; the honest answer is then to find
  no place (the citizen is asked where), not the home town. On dev, every line of this
  shape (4 of 4) was labelled with the scene's kab/kota, none with the home town.

Told alone ("warga medan dibegal", "pemuda gianyar ditemuin tewas") the home town is the
only place of the text and stays the answer. story_places.a_persons_origin reads the
visitor words ("wisatawan", "asal") against any other exact place; this reading covers
the everyday person words, which need the scene cue, since "warga X" is often where the
event is ("warga talun geger ada mayat hanyut"). Probed by tests/routing/origin2_forms.py.

Session 45 adds the same reading for a town after "dari" ("5 penumpang perahu dari yapen
turun ... di belakang kantor dinas sosial biak": `a_start_before_the_scene`), probed by
tests/routing/origins3_forms.py (`two_places`, `same_place`).
"""

from __future__ import annotations

from collections.abc import Collection

from bot.routing.journeys import FROM_WORDS, journey_word_at
from bot.routing.landmarks import KIND_WORDS
from bot.routing.place_index import everyday_word
from bot.routing.place_words import MARKERS
from bot.routing.regions import level_of
from bot.routing.site_names import NATURE_KINDS, a_sites_own_word
from bot.routing.story_places import Mentioned

# Words news and chats name a person with, right before the town they come from ("warga
# medan", "remaja mataram", "anggota dprd kebumen", "pemudik wonogiri").
PERSON_WORDS = frozenset(
    [
        "warga",
        "wisatawan",
        "turis",
        "pelancong",
        "pengunjung",
        "pemuda",
        "pemudi",
        "remaja",
        "pelajar",
        "mahasiswa",
        "mahasiswi",
        "siswa",
        "siswi",
        "santri",
        "dprd",
        "dprk",
        "anak",
        "bocah",
        "balita",
        "pria",
        "wanita",
        "gadis",
        "nelayan",
        "petani",
        "pendaki",
        "rombongan",
        "keluarga",
        "pemudik",
        "perantau",
        "sopir",
        "pengendara",
        "pemotor",
    ]
)
# Words that put the name after them where the event happened.
SCENE_CUES = frozenset(["di", "dii", "ke", "dekat", "dkt", "sekitar"])


def a_home_town_before_the_scene(
    m: Mentioned, words: list[str], places: Collection[Mentioned]
) -> bool:
    """`m` is a kab/kota or kecamatan right after a person word, followed by the event,
    and the text names the scene elsewhere (see the module's docstring)."""
    # a campus after a student word is story_places.a_persons_origin's ("mahasiswa itb
    # dibegal di jl cisitu lama": a road named after villages elsewhere does not move it)
    if m.landmarks or not _after_a_person_word(m, words):
        return False
    if not any(level_of(c) in (2, 3) for c in m.entries):
        return False
    scenes = [o for o in places if o is not m and o.entries and _a_named_scene(o, m, words)]
    if scenes:
        return not any(_agrees(m, o) for o in scenes)
    # a site named with a dictionary word that names villages elsewhere ("pantai salak")
    # is still a site nobody compiled; one that names a place of the home town is not
    known = {
        k
        for o in places
        if o.entries and o.exact and (not _a_dictionary_word(o, words) or _agrees(m, o))
        for k in range(o.start, o.end)
    }
    return any(_an_uncompiled_site(words, at + 1, known) for at in _cues(words, m))


def a_start_before_the_scene(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """`m` is a kab/kota or kecamatan after "dari" ("5 penumpang perahu dari yapen turun
    diam2 di belakang kantor dinas sosial biak", "pedagang dari dumai dipalak preman di
    terminal X"): where the people came from, when the text then names the scene after a
    scene cue, firmly, in none of `m`'s kab/kota (session 45). A flight's start ("kabur
    dari", "pengungsi dari") is journeys.a_journeys_end's; "dari A di B" with no word of
    the event between may be A's address."""
    if m.landmarks or not _after_a_from_word(m, words):
        return False
    if not any(level_of(c) in (2, 3) for c in m.entries) or journey_word_at(words, m.start):
        return False
    scenes = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.start > m.end + 1
        and (o.exact or o.landmarks or o.street)
        # a kab/kota's name is one even in dictionary words ("biak", "lombok tengah")
        and (any(level_of(c) <= 2 for c in o.entries) or not _a_dictionary_word(o, words))
        and any(m.end < at < o.start and "," not in words[at : o.start] for at in _cues(words, m))
    ]
    return bool(scenes) and not any(_agrees(m, o) for o in scenes)


def _after_a_from_word(m: Mentioned, words: list[str]) -> bool:
    """ "dari" stands right before `m`, past level words ("dari kab yapen")."""
    at = m.start - 1
    while at >= 0 and words[at] in MARKERS:
        at -= 1
    return at >= 0 and words[at] in FROM_WORDS


def a_person_word(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """`m` is a person word right before a kab/kota or kecamatan of the text ("petani
    tapanuli tengah": Desa Petani of Riau; "siswa" spelt near a kecamatan's name): a word
    of the sentence, whether the town after it is the scene or the person's home."""
    if m.marked or m.landmarks or m.end - m.start != 1 or words[m.start] not in PERSON_WORDS:
        return False
    return any(o.start == m.end and any(level_of(c) in (2, 3) for c in o.entries) for o in places)


def _agrees(m: Mentioned, scene: Mentioned) -> bool:
    """`scene` lies in the kab/kota `m` names as a kab/kota or kecamatan (its villages of
    the same name elsewhere are no reading after a person word), or in a province holding
    it."""
    own = {c[:5] for c in m.entries if level_of(c) in (2, 3)}
    return any(c[:5] in own or any(r.startswith(c) for r in own) for c in scene.entries)


def _after_a_person_word(m: Mentioned, words: list[str]) -> bool:
    """A person word stands right before `m`, past level words ("warga kab kebumen")."""
    at = m.start - 1
    while at >= 0 and words[at] in MARKERS:
        at -= 1
    return at >= 0 and words[at] in PERSON_WORDS


def _cues(words: list[str], m: Mentioned) -> list[int]:
    """Where the scene cues of the text stand: before `m`, or after it past at least one
    word of the event ("warga medan tertimpa batu di ..."; "warga medan di X" may be the
    residents of Medan who live in X)."""
    return [k for k, w in enumerate(words) if w in SCENE_CUES and (k < m.start or k > m.end)]


def _a_named_scene(o: Mentioned, m: Mentioned, words: list[str]) -> bool:
    """`o` is named firmly in the clause a scene cue opens (no comma between): exact, a
    landmark or a street."""
    if not (o.exact or o.landmarks or o.street) or o.start < m.end and o.end > m.start:
        return False
    if _a_dictionary_word(o, words):
        return False
    return any(at < o.start and "," not in words[at : o.start] for at in _cues(words, m))


def _a_dictionary_word(o: Mentioned, words: list[str]) -> bool:
    """`o` is written in dictionary words only, without its level word ("tidur di
    kandang sapi": Desa Kandang Sapi is no scene): maybe the story's spot, which later
    rules drop; the home town stays, as before session 43."""
    told = words[o.start : o.end]
    return not o.marked and not o.landmarks and all(w.isalpha() and everyday_word(w) for w in told)


def _an_uncompiled_site(words: list[str], start: int, known: set[int]) -> bool:
    """The words from `start` are a nature kind word ("pantai", "air terjun", "coban",
    "pemandian air terjun") and a name no exact place was found in."""
    k, natural = start, False
    while k < len(words):
        two = KIND_WORDS.get(" ".join(words[k : k + 2])) if k + 1 < len(words) else None
        kind = two or KIND_WORDS.get(words[k])
        if kind is None:
            break
        natural = natural or kind in NATURE_KINDS
        k += 2 if two else 1
    return natural and k > start and a_sites_own_word(k, words, known)
