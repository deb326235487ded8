"""Names that lie together: which of equally good places the rest of the text lies beside.

Owns: `Neighbourhoods`, the reading of a text that names a place shared by several
kab/kota together with another name ("desa selamat sibiru biru", "lau dendang bandar
setia", "desa sako rambutan"). Indonesians write a village with the kecamatan or a
neighbouring village after (or before) it; when the resolver holds equally good places
of different units, the one whose kecamatan (better) or kab/kota holds a name of the rest
of the text is meant. Names are matched as written (one kab/kota's name only: two names
of dozens of places each lie together somewhere by chance) or, when the words name nothing
as written, misspelt by a letter or two among the ~20 names of the candidate's own
kecamatan (among the ~300 of a kab/kota a chance hit is too likely).

The gazetteer already weighs two names it found exactly (`gazetteer._support`); what it
leaves tied are readings where one name is misspelt, is a dictionary word after a level
word or the candidate's own kecamatan ("rambutan"), or is a street or regency that only
supports a kab/kota while the other lies in the village's own kecamatan (session 40,
issue 14).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.routing.place_index import CHAT_WORDS, everyday_word, sentence_word
from bot.routing.place_words import (
    CONNECTING,
    FILLERS,
    GENERIC,
    HAMLET_WORDS,
    MARKERS,
    name_key,
)
from bot.routing.regions import RegionTree, ancestors, level_of

# How close a misspelt name must be to a name around the candidate (letters, spaces
# left out: "sibirubiru" / "birubiru"): two edits at most, and 80 % of its letters.
CLOSE_SIMILARITY = 0.8
MAX_EDITS = 2
# Shorter words are one edit from too many names of a kab/kota ("lau" / "lau", "pau").
MIN_MISSPELT_LETTERS = 6
MAX_NAME_WORDS = 4  # the longest name read (a village of four words: "sungai ulak kurai")
# Kecamatan beats kab/kota: "desa X kec Y" is the commonest address; a neighbour in the
# same kab/kota is weaker, and a province says too little to settle anything.
SAME_KECAMATAN = 2
SAME_KABKOTA = 1
# Words that say the next one is a place's name even when a dictionary bears it
# ("desa mirip", "kel sawah"): level words and hamlet words.
NAMING_WORDS = frozenset(MARKERS) | HAMLET_WORDS | frozenset({"ds", "kel", "kec", "desa"})


@dataclass(frozen=True, slots=True)
class Beside:
    """A name of the text found around a candidate: where it lies and how it was read."""

    code: str
    words: str
    closeness: int  # SAME_KECAMATAN or SAME_KABKOTA
    exact: bool


class Neighbourhoods:
    """The names around each kab/kota (its kecamatan and villages, and its own name),
    built when first asked for, and the search of a text's words among them."""

    def __init__(
        self,
        tree: RegionTree,
        known: Iterable[Container[str]] = (),
        keys: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.tree = tree
        self.keys = keys  # name -> every region the gazetteer keys by it
        # every name some table keys (regions, aliases, landmarks): words that name
        # something as written are not read as another name misspelt
        self.known = tuple(known)
        self._around = lru_cache(maxsize=1024)(self._names_around)
        self._by_key = lru_cache(maxsize=1024)(self._codes_by_key)

    def _names_around(self, regency: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(codes, keys without spaces) of the kab/kota, its kecamatan and their villages."""
        codes = [regency]
        for district in self.tree.children(regency):
            codes.append(district)
            codes.extend(self.tree.children(district))
        keys = [name_key(self.tree.name(c) or "").replace(" ", "") for c in codes]
        return tuple(codes), tuple(keys)

    def _codes_by_key(self, regency: str) -> dict[str, tuple[str, ...]]:
        """The names around the kab/kota (spaces left out) -> the places bearing them."""
        codes, keys = self._around(regency)
        found: dict[str, list[str]] = {}
        for code, key in zip(codes, keys, strict=True):
            found.setdefault(key, []).append(code)
        return {key: tuple(named) for key, named in found.items()}

    def _kecamatan(self, district: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(codes, keys) of the kecamatan, its villages and its kab/kota: where a misspelt
        name is looked for. Only there: among the ~300 names of a kab/kota a word one
        letter off some name is found by chance ("peming" for a village near one of the
        candidates, when the citizen meant Pemping of Batam), among the ~20 of a
        kecamatan seldom (the probe's control pairs)."""
        codes, keys = self._around(district[:5])
        kept = [i for i, c in enumerate(codes) if c == district[:5] or c.startswith(district)]
        return tuple(codes[i] for i in kept), tuple(keys[i] for i in kept)

    def beside(self, code: str, words: list[str], own: tuple[int, int]) -> Beside | None:
        """The closest name of `words` (outside `own`, the candidate's own name) lying
        in the candidate's kecamatan, else in its kab/kota; None when no name does."""
        if level_of(code) < 3:
            return None
        by_key = self._by_key(code[:5])
        own_name = "".join(words[own[0] : own[1]])
        found: Beside | None = None
        for start, stop in _spans(words, own):
            if not _a_name_span(words[start:stop]):
                continue
            phrase = " ".join(words[start:stop])
            joined = phrase.replace(" ", "")
            if joined == own_name:
                continue  # the same name again ("padang ... nagori padang")
            exact = [c for c in by_key.get(joined, ()) if c != code]
            # its own kecamatan or kab/kota, named beside it ("desa sako rambutan"),
            # whatever the word; another place when its name is read as one
            hit = [c for c in exact if _above(c, code)] or (
                exact if self._names_one_place(words, start, stop, phrase) else []
            )
            is_exact = bool(hit)
            if (
                not exact
                and _right_beside(words, (start, stop), own)
                and self._may_be_misspelt(words, start, stop, phrase)
            ):
                near_codes, near_keys = self._kecamatan(code[:8])
                best = process.extractOne(
                    joined, near_keys, scorer=Levenshtein.distance, score_cutoff=MAX_EDITS
                )
                if (
                    best is not None
                    and Levenshtein.normalized_similarity(joined, best[0]) >= CLOSE_SIMILARITY
                    and near_codes[best[2]] != code
                ):
                    hit = [near_codes[best[2]]]
            for c in hit:
                same = level_of(c) >= 3 and c[:8] == code[:8]
                closeness = SAME_KECAMATAN if same else SAME_KABKOTA
                if found is None or (closeness, is_exact) > (found.closeness, found.exact):
                    found = Beside(c, phrase, closeness, is_exact)
        return found

    def _names_one_place(self, words: list[str], start: int, stop: int, phrase: str) -> bool:
        """The words name a place of one kab/kota only (a name others bear too says
        nothing of which of the candidates is meant: "babakan sukamantri", two names of
        dozens of villages, lie together in some kecamatan by chance), and they are read
        as a name: not one dictionary word alone unless a level word names it ("desa
        mirip"; a dictionary word beside a place is the sentence's, "ladang tebu")."""
        named = start > 0 and words[start - 1] in NAMING_WORDS
        if stop - start == 1 and sentence_word(words[start]) and not named:
            return False
        places = self.keys.get(phrase, ()) if self.keys is not None else ()
        return len({c[:5] for c in places}) <= 1

    def _may_be_misspelt(self, words: list[str], start: int, stop: int, phrase: str) -> bool:
        """Words the tree and the other tables know as written name that place, not
        another one misspelt; nor do words of a sentence."""
        if any(phrase in names for names in self.known):
            return False
        if len(phrase.replace(" ", "")) < MIN_MISSPELT_LETTERS:
            return False
        # a dictionary or chat word as it is ("maling", "motor"), not one only an affix
        # makes one: "sekubung", "kemanguan" are Sekumbung and Kemangguan misspelt,
        # not se- and ke-an forms
        return not all(everyday_word(w) or w in CHAT_WORDS for w in words[start:stop])


def _right_beside(words: list[str], span: tuple[int, int], own: tuple[int, int]) -> bool:
    """`span` is written right before or after the candidate's own name (a comma between
    at most): the address form, "desa selamat sibiru biru". A misspelt name is read only
    there: elsewhere a word of the story is one letter off a village of the kecamatan
    too often ("kerbau curian ... desa gapura": Desa Durian lies in Gapura's kecamatan)."""
    between = words[span[1] : own[0]] if span[1] <= own[0] else words[own[1] : span[0]]
    return all(w == "," for w in between)


def _a_name_span(span: list[str]) -> bool:
    """No separator or number inside, no filler, level word or kind of place at its ends."""
    if "," in span or any(w.isdigit() for w in span):
        return False
    return span[0] not in _NO_NAME_ENDS and span[-1] not in _NO_NAME_ENDS


_NO_NAME_ENDS = FILLERS | CONNECTING | GENERIC | frozenset(MARKERS)


def _above(code: str, inside: str) -> bool:
    """`code` is the kecamatan or kab/kota that holds `inside`."""
    return code != inside and code in ancestors(inside)


def _spans(words: list[str], own: tuple[int, int]) -> list[tuple[int, int]]:
    """Every run of up to MAX_NAME_WORDS words that does not overlap `own`."""
    out = []
    for start in range(len(words)):
        for stop in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
            if stop <= own[0] or start >= own[1]:
                out.append((start, stop))
    return out
