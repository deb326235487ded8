"""Polsek whose name is not their kecamatan's: data/routing/polsek_names.csv (session 41).

Owns: reading that table into the names a text writes after a sector's word ("polsek",
"mapolsek", "kapolsek"...) and the kecamatan each name serves. Most Polsek bear their
kecamatan's name and need no row (bot/routing/unit_names.py reads "polsek X" as Kec. X);
a class does not, and citizens and news name the office as its sign says: a short form
("Polsek SU I", Seberang Ulu I of Palembang; "Kapolsek Sumawe", Sumbermanjing Wetan), the
town the office stands in ("Polsek Pulau Raja" in Kec. Pulau Rakyat, Asahan; "Polsek
Balai Berkuak" in Kec. Simpang Hulu, Ketapang), a port's or airport's Polsek ("Polsek
Kawasan Pelabuhan ..."), a Polsek serving two kecamatan (a row for each). Each row cites
the page it was read on.

Columns `polsek,area,source,as_of,note`: `polsek` the name after the sector word as people
write it, `area` the Kemendagri code of the kecamatan it serves, or of its kab/kota when
the page names no kecamatan (a port's Polsek "di Kota Balikpapan"). A name two kab/kota
share keeps a row for each, so "polsek X" is asked between them. Rows with an unknown code
or a code that is no kecamatan or kab/kota are skipped and reported by `problems`
(tests/routing/test_sector_names.py fails on any).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, level_of
from bot.routing.table_rows import numbered_csv_rows
from bot.settings import DATA_ROOT

SECTOR_NAMES_PATH = DATA_ROOT / "routing" / "polsek_names.csv"
COLUMNS = ("polsek", "area", "source", "as_of", "note")


@dataclass(frozen=True, slots=True)
class SectorNames:
    """Each Polsek name (as `name_key` writes it) and the areas it serves."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def longest(self) -> int:
        """The most words a listed name has ("kawasan pelabuhan tanjung emas": 4)."""
        return max((len(n.split()) for n in self.names), default=0)

    def kecamatan(self, name: str) -> tuple[str, ...]:
        """The kecamatan (or kab/kota) a Polsek of this name serves; () if none."""
        return self.names.get(name, ())


def read_sector_names(tree: RegionTree, path: Path = SECTOR_NAMES_PATH) -> SectorNames:
    """The table at `path`, each row checked against the Kemendagri tree."""
    if not path.exists():
        return SectorNames()
    names: dict[str, dict[str, None]] = {}
    problems: list[str] = []
    for number, row in numbered_csv_rows(path):
        name = name_key(row.get("polsek") or "")
        code = (row.get("area") or "").strip()
        where = f"{path.name}:{number} ({row.get('polsek')!r})"
        if not name:
            problems.append(f"{where}: no name")
        elif level_of(code) not in (2, 3) or code not in tree:
            problems.append(f"{where}: {code!r} is no kecamatan or kab/kota of the tree")
        elif not (row.get("source") or "").startswith(("http://", "https://")):
            problems.append(f"{where}: no source page")
        else:
            names.setdefault(name, {})[code] = None
    return SectorNames({n: tuple(c) for n, c in names.items()}, tuple(problems))
