"""A kecamatan's or village's name typed a slip or two off after a word that names its level.

Owns (session 45, issue 14): which one name of the tree a typed name means when the text
says what kind of place follows ("kec", "distrik", "desa", "kampung", a school or a police
sector: "smkn 1 sayegan", "kantor distrik kramamongga") and the name as typed is nobody's.
People write names as they say them: a vowel for another ("sayegan": Kec. Seyegan of
Sleman), a letter doubled or single ("arralle selatan": Kec. Aralle Selatan), a letter
dropped or added ("asesa selatan": Aesesa Selatan; "waibhu": Distrik Waibu), "ng" heard
as "n" or lost ("kramamongga": Distrik Kramongmongga of Fakfak).

The reading compares `folded` names (doubled letters single, "ng" as "n": neither is a
letter people notice) by edit distance: one edit at most; two for names of at least
`LONG_LETTERS` letters at the kecamatan level (7,200 names; a village's two edits reach
too many of 83,000) when the lengths differ by one at most; the first letter as typed
(people rarely slip on it).
A name is accepted only when it is the one name of the pool that near (precision first:
tests/routing/spelling_forms.py counts the false matches). The resolver decides when to
ask (a level word before the name, the name as typed nobody's) and checks the reading.

Also owns the tree's own short forms written with a dot ("Kt. Dian P. Tengah": Koto Dian
Pulau Tengah) that are too short to expand in typed text (`written_in_full`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.routing.place_words import name_key
from bot.routing.regions import level_of

MIN_LETTERS = 6  # shorter names are a letter from too many others ("sako", "saka")
LONG_LETTERS = 10  # a kecamatan's name this long may be two edits off ("kramamongga")

# consonants only: a vowel doubled is rare, and a dropped letter between two vowels
# ("pagelaan" for Pagelaran) must not cost a second edit
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1+")

# Dotted short forms of the tree's names whose word is too short to expand in typed text
# ("p" and "s" are letters, "kt" is "kita", "lb" is "lebih" in chats): only the tree's
# dotted spelling is written in full. Counted over the tree (spelling_forms.py
# --abbreviations): P. 7 (Pulau, Jambi), S. 8 (Sungai, Medan), Lb. 5 (Lubuk), Kt. 2
# (Koto, Kerinci), Tl. 1 (Talang) names.
DOTTED_SHORT_FORMS: Mapping[str, str] = {
    "p": "pulau",
    "s": "sungai",
    "lb": "lubuk",
    "kt": "koto",
    "tl": "talang",
}


def written_in_full(name: str) -> str | None:
    """ "Kt. Dian P. Tengah" -> "koto dian pulau tengah"; None when the name has no dotted
    short form of `DOTTED_SHORT_FORMS`."""
    words = name.split()
    full = [
        DOTTED_SHORT_FORMS.get(w[:-1].lower(), w) if w.endswith(".") and len(w) > 1 else w
        for w in words
    ]
    return name_key(" ".join(full)) if full != words else None


def folded(key: str) -> str:
    """ "kramongmongga" -> "kramonmonga", "arralle" -> "arale": the letters a slip changes
    least visibly, written one way."""
    return _DOUBLED.sub(r"\1", key.replace("ng", "n"))


def allowed_edits(typed: str, level: int) -> int:
    """How many edits (of the folded forms) a typed name of `level` may be off: 0 when it
    is too short to be read at all."""
    letters = len(typed.replace(" ", ""))
    if letters < MIN_LETTERS:
        return 0
    return 2 if level == 3 and letters >= LONG_LETTERS else 1


class NamePool:
    """The region names of one level, folded and grouped by first letter, for the
    near-name lookup (built once per router, on first use)."""

    def __init__(self, keys: Mapping[str, Iterable[str]], level: int) -> None:
        self.level = level
        by_letter: dict[str, dict[str, list[str]]] = defaultdict(dict)
        # only the keys of this level are ever looked up: one pass over the gazetteer's
        # keys (hundreds of thousands with the landmarks), since the pool is built while a
        # citizen waits for the answer (first slip of the process)
        self._codes: dict[str, tuple[str, ...]] = {}
        for key, codes in keys.items():
            if not key[:1].isalpha():
                continue
            own = tuple(c for c in codes if level_of(c) == level)
            if own:
                by_letter[key[0]].setdefault(folded(key), []).append(key)
                self._codes[key] = own
        self._folded = {letter: list(names) for letter, names in by_letter.items()}
        self._keys = dict(by_letter)

    def near(self, typed: str, within: Sequence[str] | None = None) -> str | None:
        """The one key of this level whose folded form is within the allowed edits of the
        typed one's, with the same first letter; None when none or several are (a key
        naming several regions counts once: the resolver asks among them). `within`
        keeps only names of regions inside those codes."""
        found = self.all_near(typed, within)
        return found[0] if len(found) == 1 else None

    def all_near(self, typed: str, within: Sequence[str] | None = None) -> list[str]:
        """The keys `near` chooses among, one for each set of regions, nearest first."""
        edits = allowed_edits(typed, self.level)
        pool = self._folded.get(typed[:1], [])
        if not edits or not pool:
            return []
        fold = folded(typed)
        hits = process.extract(
            fold, pool, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
        )
        # two edits keep the name's length ("kramamongga"), never drop two letters
        # ("kayutangan" is no Kec. Kayangan)
        hits = [h for h in hits if h[1] <= 1 or abs(len(h[0]) - len(fold)) <= 1]
        # one region may bear several keys ("aesesa selatan", "aesesaselatan"): the
        # regions count, and the nearest key names them
        found: dict[frozenset[str], str] = {}
        for near, _, _ in hits:
            for key in self._keys[typed[0]][near]:
                codes = self._codes.get(key, ())
                if within is not None:
                    codes = tuple(c for c in codes if any(c.startswith(w) for w in within))
                if codes and key != typed:
                    found.setdefault(frozenset(codes), key)
        return list(found.values())
