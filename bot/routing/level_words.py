"""Words beside a name that say which level of the Kemendagri tree it is (session 42).

Owns: the heads, offices and elections of villages, kecamatan and kab/kota as complaints
and news write them before a place's name ("kades sukamaju", "kantor lurah amban",
"pilkades babakan", "geuchik ...", "camat ...", "bupati ...", "kantor dprd karanganyar"),
and `LevelWords.read`, which writes each such word that stands right before a name the
tree holds at its level as that level's word ("kepala desa sukamaju"), so the gazetteer
compares only the names of that level, as it does after "desa" or "kabupaten".

Why: a name is often held at two levels (Kec. Sukamaju of Luwu Utara and 46 villages
Sukamaju; Kab. Karanganyar and Kec. Karanganyar of Demak), and the gazetteer prefers the
higher level when nothing else is said. The head of a village is the village's: "kades
sukamaju diduga gelapin dana desa" is about one of the villages (asked among their
kab/kota), not the kecamatan; "kantor dprd karanganyar" is the regency's council.

A cue is read only before a name of its level, so a cue before a word of the story
("kades ditangkap", "bupati marah") changes nothing. Regional heads carry their region's
village word, whose region the gazetteer keeps (place_words.MARKER_REGIONS): a geuchik
heads a gampong of Aceh, a pangulu a nagori of Simalungun. Each regional word's meaning
was read on public pages (data/routing/README.md, session 42).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.routing.place_words import MARKERS, normalise
from bot.routing.regions import level_of

# The longest place name read after a cue, in words ("pagar gunung", "kota baru selatan").
NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class Cue:
    """Words (a regular expression over lowercased text) that say the name after them is
    of `level` (2 kab/kota, 3 kecamatan, 4 village), written instead as `says`. For a
    kab/kota, `kind` is "kabupaten" or "kota" when the word says which, None when both
    have one (a DPRD): then the name's one kab/kota decides, and a Kota X and Kab. X
    pair is left to be asked as before."""

    words: str
    level: int
    says: str
    kind: str | None = None
    # what a cue of no kind is written as before the name of a Kota X and Kab. X pair:
    # words that say neither, none of them a local name that would say "the city"
    # ("dprd blitar" went to Kota Blitar because "dprd" might have named a street)
    says_of_both: str | None = None


CUES: tuple[Cue, ...] = (
    # a village's head, secretary, staff and election: kepala desa, sekretaris desa,
    # pemilihan kepala desa ("pilkades"), "pj kades" (an acting head)
    Cue(r"kades|kepdes", 4, "kepala desa"),
    Cue(r"pilkades", 4, "pemilihan kepala desa"),
    Cue(r"sekdes", 4, "sekretaris desa"),
    # the head of a kelurahan, and in Java of a desa too ("pak lurah"); Desa Lurah of
    # Cirebon bears the word, which "kantor lurah amban" tied with Kel. Amban of Manokwari
    Cue(r"lurah", 4, "kepala kelurahan"),
    # Aceh's gampong head (geuchik, keuchik, geusyik), Simalungun's nagori head
    # (pangulu), Minahasa's village head (hukum tua), Bolaang Mongondow's (sangadi),
    # Toraja's lembang head (kepala lembang: "lembang" alone is also Kec. Lembang)
    Cue(r"geuchik|keuchik|geusyik|geuchiek|keuchiek|geucik|keucik", 4, "kepala gampong"),
    Cue(r"pangulu", 4, "kepala nagori"),
    Cue(r"hukum\s+tua|hukumtua|kumtua", 4, "kepala desa"),
    Cue(r"sangadi", 4, "kepala desa"),
    Cue(r"kepala\s+lembang|kantor\s+lembang", 4, "kepala desa"),
    # a kecamatan's head, its office of religious affairs (Kantor Urusan Agama, one per
    # kecamatan) and its army post (Komando Rayon Militer, one per kecamatan)
    Cue(r"camat", 3, "kepala kecamatan"),
    Cue(r"kua", 3, "kua kecamatan"),
    Cue(r"koramil", 3, "koramil kecamatan"),
    # a kabupaten's head and a kota's, and the council each has
    Cue(r"bupati", 2, "bupati kabupaten", "kabupaten"),
    Cue(r"walikota|walkot", 2, "wali kota", "kota"),
    Cue(r"dprd|dprk", 2, "dprd", says_of_both="dewan perwakilan rakyat daerah"),
    # a district prosecutor's office (Kejaksaan Negeri) sits in a kab/kota's capital and
    # serves that kab/kota (Perpres 38/2010 art. 2); one named after its town ("kejari
    # cibinong") names no kab/kota and is left as it is. Not "kejaksaan negeri": "negeri"
    # is Maluku's village word
    Cue(r"kejari|kajari", 2, "kejari"),
)
_PATTERN = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<c{i}>{c.words})" for i, c in enumerate(CUES)) + r")"
    r"(?![a-z0-9])",
    re.I,
)


class LevelWords:
    """Reads the cues of a text against the names the tree holds at each level.

    `keys`: a place name key -> the codes bearing it (the gazetteer's); `kind_of_regency`:
    a kab/kota code -> "kabupaten" or "kota"."""

    def __init__(
        self, keys: Mapping[str, tuple[str, ...]], kind_of_regency: Callable[[str], str]
    ) -> None:
        self.keys = keys
        self.kind_of_regency = kind_of_regency

    def read(self, text: str) -> str:
        """`text` with each cue before a name of its level written as that level's word
        ("kades babakan" -> "kepala desa babakan"); as it was when no cue is read so."""
        out: list[str] = []
        last = 0
        for found in _PATTERN.finditer(text):
            cue = CUES[int(next(k for k, v in found.groupdict().items() if v)[1:])]
            after = normalise(text[found.end() :])
            before = normalise(text[: found.start()])
            if self._in_a_name(before, normalise(found.group(0)), after):
                # "lurah ampalu" is Desa Lurah Ampalu of Padang Pariaman, "tigo lurah"
                # Kec. Tigo Lurah of Solok, "sapan kua kua" a village of Toraja Utara
                continue
            says = self._says(cue, after)
            if says is None:
                continue
            out.append(text[last : found.start()] + says)
            last = found.end()
        return "".join(out) + text[last:] if out else text

    def _in_a_name(self, before: list[str], cue: list[str], after: list[str]) -> bool:
        """The cue's words are part of a place's name with the words after or before
        them."""
        return any(
            " ".join(cue + after[:size]) in self.keys
            for size in range(1, min(NAME_WORDS, len(after)) + 1)
        ) or any(
            " ".join(before[-size:] + cue + after[:more]) in self.keys
            for size in range(1, min(NAME_WORDS, len(before)) + 1)
            for more in range(0, min(NAME_WORDS, len(after)) + 1)
        )

    def _says(self, cue: Cue, after: list[str]) -> str | None:
        """What the cue is written as before the words `after` it, None when they name
        nothing of its level, or say a level themselves ("kades desa x", "dprd kota x")."""
        if not after:
            return None
        for size in range(min(NAME_WORDS, len(after)), 0, -1):
            name = after[:size]
            if "," in name:
                continue
            if after[0] in MARKERS and (size == 1 or cue.level == 2):
                # the text says the level itself ("kades desa x", "dprd kota x"); a
                # village or kecamatan named with a level word ("kampung melayu", "kota
                # raja", "negeri agung") is still read
                continue
            codes = [c for c in self.keys.get(" ".join(name), ()) if level_of(c) == cue.level]
            if not codes:
                continue
            if cue.level != 2:
                return cue.says
            kinds = {self.kind_of_regency(c) for c in codes}
            if cue.kind is not None:
                return cue.says if cue.kind in kinds else None
            if len(kinds) == 1:  # a council of a kab/kota whose name no other bears
                return f"{cue.says} {kinds.pop()}"
            return cue.says_of_both
        return None
