"""Which kab/kota hold a region of a given name: the Kemendagri tree read by name key.

Owns: the one reading of the tree that the page-check tools share (tools/check_alias_places.py
for the alias tables, tools/flag_landmark_rows.py for the landmark tables): for each name key,
the kab/kota codes holding a kab/kota (level 2), kecamatan (3) or village (4) of that name.
The resolver has its own indexes; this one is for consistency checks of hand-written rows, so
it also reads the forms a row's name writes a region in:
- a kab/kota without "Kota"/"Kabupaten" ("Q Mall Banjarbaru" names Kota Banjarbaru);
- both halves of a double name ("Sungai Pinang/Sei Pinang");
- a joined name in words ("Batuceper" is written "Batu Ceper"), under the joined key;
- the area a group of villages or kecamatan is named after: "Kuningan Barat" and "Kuningan
  Timur" make "Kuningan" an area of Kota Jakarta Selatan, "Cikarang Utara" and "Cikarang
  Pusat" make "Cikarang" one of Kab. Bekasi (level AREA), which a site there is named by
  ("Kawasan Kuningan", "Stasiun Cikarang") although no region bears the bare name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name

REGENCY, DISTRICT, VILLAGE = 2, 3, 4
# Not a level of the tree: the shared first words of regions split by a compass or part word.
AREA = 5
LEVELS = (REGENCY, DISTRICT, VILLAGE, AREA)
# Last words that split one place into villages ("Kuningan Barat", "Tanjung Priok Hilir"...).
_PART_WORD_TEXT = """barat timur utara selatan tengah pusat hilir hulu ilir ulu atas bawah dalam
    luar lama baru darat laut pesisir i ii iii iv v"""
_PART_WORDS = frozenset(_PART_WORD_TEXT.split())


@dataclass
class RegionNames:
    """name key -> kab/kota codes holding a region of that name, per level (see LEVELS)."""

    holders: dict[int, dict[str, set[str]]] = field(
        default_factory=lambda: {level: defaultdict(set) for level in LEVELS}
    )

    def add(self, level: int, key: str, regency: str) -> None:
        self.holders[level][key].add(regency)
        # a run of words also matches the joined name ("batu ceper" -> "batuceper")
        self.holders[level][key.replace(" ", "")].add(regency)

    def held(self, level: int, run: str) -> set[str]:
        """The kab/kota holding a region of `level` named `run` (written joined or not)."""
        table = self.holders[level]
        return table.get(run, set()) | table.get(run.replace(" ", ""), set())

    def anywhere(self, run: str) -> set[str]:
        """The kab/kota holding a region of any level named `run`."""
        return set().union(*(self.held(level, run) for level in LEVELS))


def read_region_names(tree: RegionTree) -> RegionNames:
    names = RegionNames()
    for level in (REGENCY, DISTRICT, VILLAGE):
        for code, name in tree.items(level):
            bare = bare_regency_name(name) if level == REGENCY else name
            for part in bare.split("/"):  # "Sungai Pinang/Sei Pinang" bears both names
                key = name_key(part)
                if not key:
                    continue
                names.add(level, key, code[:5])
                words = key.split()
                if level != REGENCY and len(words) > 1 and words[-1] in _PART_WORDS:
                    names.add(AREA, " ".join(words[:-1]), code[:5])
    return names
