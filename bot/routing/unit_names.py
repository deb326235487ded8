"""Police units named in a place text: "polsek X" (a sector: a kecamatan) and "polres X" (a
resort: its kab/kota), as complaints and news write them (session 35, issue 14).

Owns: finding the unit words ("polsek", "mapolsek", "kapolsek", "polsubsektor";
"polres", "polresta", "polrestabes", "kapolres", "mapolres"...) and the name after them,
and reading that name as the unit's area: after a sector's word, the kecamatan of that
name (a Polsek serves a kecamatan: PP 23/2007 on the police's areas, art. 4); after a
resort's word, the Polres of that name in data/routing/units.csv ("polres magelang" is
Polres Magelang, the regency's; "polres magelang kota" the city's), or the kab/kota the
name is an alias of ("polres matra": Kabupaten Matra, Mamuju Utara, now Pasangkayu). The
resolver decides what the reading changes (`Router._named_by_a_unit`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import level_of
from bot.routing.table import RoutingTable, Unit

# A sector's words. "kapolsek" (its head) and "mapolsek" (its office) name it too.
SECTOR_WORDS = frozenset({"polsek", "mapolsek", "kapolsek", "polsubsektor", "polsubsek"})
# A resort's words, each read as the kind it names ("kapolresta": a Polresta's head).
RESORT_WORDS: Mapping[str, str] = {
    "polres": "polres",
    "mapolres": "polres",
    "kapolres": "polres",
    "polresta": "polresta",
    "mapolresta": "polresta",
    "kapolresta": "polresta",
    "polrestabes": "polrestabes",
    "mapolrestabes": "polrestabes",
    "kapolrestabes": "polrestabes",
}
# Words between the unit word and its name: "Polsek Metro Tanah Abang", "Polres Metro
# Jakarta Selatan" (Polda Metro Jaya's units), "Polsek Kawasan Pelabuhan" is a name.
_BETWEEN = frozenset({"metro"})
LONGEST_NAME = 4  # words: "polres metro jakarta selatan", "polsek medan area selatan"
# What a unit's own name starts with in units.csv, longest first.
_UNIT_PREFIXES = ("polres metro ", "polrestabes ", "polresta ", "polres ")


@dataclass(frozen=True, slots=True)
class UnitPhrase:
    """A unit word and the name after it, as words of the text [start, end)."""

    kind: str  # "sector" or "resort"
    start: int
    end: int
    name: str  # the name after the unit word, as typed (its words joined by spaces)
    codes: tuple[str, ...]  # kecamatan of that name (sector), or the kab/kota (resort)
    unit: Unit | None = None  # the Polres a resort's name names


def resort_names(table: RoutingTable) -> dict[str, list[Unit]]:
    """Each Polres by the keys a text writes it with: its name ("polres magelang kota",
    "polrestabes medan") and its name after any resort word ("magelang kota", "medan")."""
    names: dict[str, list[Unit]] = {}
    for unit in table.units("polres"):
        key = name_key(unit.name)
        names.setdefault(key, []).append(unit)
        for prefix in _UNIT_PREFIXES:
            if key.startswith(prefix):
                names.setdefault(key[len(prefix) :], []).append(unit)
                break
    return names


def unit_phrases(
    words: Sequence[str],
    keys: Mapping[str, tuple[str, ...]],
    resorts: Mapping[str, list[Unit]],
    regency_codes: Callable[[str], tuple[str, ...]],
) -> list[UnitPhrase]:
    """Every unit word of `words` whose name is known: the longest name after it that is
    a kecamatan's (sector) or a Polres's or kab/kota's (resort)."""
    found: list[UnitPhrase] = []
    for at, word in enumerate(words):
        kind = "sector" if word in SECTOR_WORDS else "resort" if word in RESORT_WORDS else ""
        if not kind:
            continue
        first = at + 1
        while first < len(words) and words[first] in _BETWEEN:
            first += 1
        for size in range(min(LONGEST_NAME, len(words) - first), 0, -1):
            run = list(words[first : first + size])
            if "," in run:
                continue
            name = " ".join(run)
            if kind == "sector":
                codes = _kecamatan(name, keys)
                if codes:
                    found.append(UnitPhrase(kind, at, first + size, name, codes))
                    break
                continue
            phrase = _resort(RESORT_WORDS[word], name, resorts, regency_codes)
            if phrase is not None:
                unit, codes = phrase
                found.append(UnitPhrase(kind, at, first + size, name, codes, unit))
                break
    return found


def _kecamatan(name: str, keys: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The kecamatan bearing `name`, as written or written together ("tellu limpoe")."""
    codes = dict.fromkeys(
        c for k in (name, name.replace(" ", "")) for c in keys.get(k, ()) if level_of(c) == 3
    )
    return tuple(codes)


def _resort(
    kind: str,
    name: str,
    resorts: Mapping[str, list[Unit]],
    regency_codes: Callable[[str], tuple[str, ...]],
) -> tuple[Unit | None, tuple[str, ...]] | None:
    """The Polres a resort's word and `name` say, and the kab/kota it serves there: its
    full name first ("polresta bogor kota"), then its name after any resort word (people
    write "polres" for a Polresta), then a kab/kota's name or alias ("polres matra")."""
    for key in (f"{kind} {name}", name):
        units = [u for u in resorts.get(key, []) if u.covers]  # a port's unit: its port
        if len(units) == 1:
            unit = units[0]
            regencies = tuple(c for c in unit.covers if level_of(c) == 2)
            return unit, regencies or tuple(unit.covers)
        if len(units) > 1:
            # two units of one name ("polres banjar": Kota Banjar's and Kab. Banjar's)
            return None, tuple(c for u in units for c in u.covers if level_of(c) == 2)
    codes = regency_codes(name)
    if codes:
        return None, codes
    return None
