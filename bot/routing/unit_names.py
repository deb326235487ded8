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

Session 41: a sector's name is also one of data/routing/polsek_names.csv, the Polsek not
named after their kecamatan ("polsek pulau raja": Kec. Pulau Rakyat, Asahan;
bot/routing/sector_names.py), and "polsekta" (a town's Polsek, "Polsek Kota") is a sector's
word. "Polsek Metro X" and "Polres Metro X" are Polda Metro Jaya's names only: the phrase
says so (`metro`), and the resolver keeps that Polda's places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.routing.place_index import with_digits
from bot.routing.place_words import name_key
from bot.routing.regions import level_of
from bot.routing.sector_names import SectorNames
from bot.routing.table import RoutingTable, Unit

# A sector's words. "kapolsek" (its head) and "mapolsek" (its office) name it too.
SECTOR_WORDS = frozenset(
    {
        "polsek",
        "mapolsek",
        "kapolsek",
        "polsubsektor",
        "polsubsek",
        "polsekta",  # "Polsek Kota", an older name of a town's Polsek (session 41)
        "mapolsekta",
        "kapolsekta",
    }
)
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
# The words of a port's or airport's Polsek before the name of its place ("Polsek Kawasan
# Pelabuhan Laut Lembar", "Polsek KP3 ...", "Polsek Bandara ..."): read past when the name
# right after the sector word is nobody's (session 41); the port lies in that kecamatan. A
# port the text's own reading found (Pelabuhan Teluk Bayur, Padang: Kec. Teluk Bayur is
# Berau's) stays the answer (`Router._named_by_a_unit`).
_PORT_WORDS = frozenset({"kawasan", "pelabuhan", "laut", "udara", "bandara", "kp3", "kpl"})
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
    metro: bool = False  # "polsek metro X": a name of Polda Metro Jaya's units (session 41)
    port: bool = False  # read past a port's words ("polsek kawasan pelabuhan laut lembar")


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
    sectors: SectorNames | None = None,
) -> list[UnitPhrase]:
    """Every unit word of `words` whose name is known: the longest name after it that is
    a kecamatan's or a listed Polsek's (sector) or a Polres's or kab/kota's (resort)."""
    sectors = sectors or SectorNames()
    longest = max(LONGEST_NAME, sectors.longest)
    found: list[UnitPhrase] = []
    for at, word in enumerate(words):
        kind = "sector" if word in SECTOR_WORDS else "resort" if word in RESORT_WORDS else ""
        if not kind:
            continue
        first = at + 1
        while first < len(words) and words[first] in _BETWEEN:
            first += 1
        metro = "metro" in words[at + 1 : first]
        if kind == "sector":
            phrase = _sector(words, at, first, longest, keys, sectors, metro)
            if phrase is None:  # "polsek kawasan pelabuhan laut lembar": Kec. Lembar
                port = first
                while port < len(words) and words[port] in _PORT_WORDS:
                    port += 1
                if port > first:
                    phrase = _sector(words, at, port, longest, keys, sectors, metro, port=True)
            if phrase is not None:
                found.append(phrase)
            continue
        for size in range(min(LONGEST_NAME, len(words) - first), 0, -1):
            run = list(words[first : first + size])
            if "," in run:
                continue
            resort = _resort(RESORT_WORDS[word], " ".join(run), resorts, regency_codes)
            if resort is not None:
                unit, codes = resort
                found.append(UnitPhrase(kind, at, first + size, " ".join(run), codes, unit, metro))
                break
    return found


def _sector(
    words: Sequence[str],
    at: int,
    first: int,
    longest: int,
    keys: Mapping[str, tuple[str, ...]],
    sectors: SectorNames,
    metro: bool,
    port: bool = False,
) -> UnitPhrase | None:
    """The longest name from `first` on that is a kecamatan's or a listed Polsek's."""
    for size in range(min(longest, len(words) - first), 0, -1):
        run = list(words[first : first + size])
        if "," in run:
            continue
        name = " ".join(run)
        codes = _kecamatan(name, keys, sectors)
        if codes:
            return UnitPhrase("sector", at, first + size, name, codes, metro=metro, port=port)
    return None


def _kecamatan(
    name: str, keys: Mapping[str, tuple[str, ...]], sectors: SectorNames
) -> tuple[str, ...]:
    """The kecamatan bearing `name`, as written, written together ("tellu limpoe") or
    with its number in digits as the tree's keys hold it ("seberang ulu i": Kec. Seberang
    Ulu Satu, "banyuasin iii"; session 41), and those a Polsek of that name serves
    (data/routing/polsek_names.csv): a name that is a kecamatan's in one kab/kota and a
    Polsek's in another is both, and so asked."""
    forms = dict.fromkeys((name, name.replace(" ", ""), with_digits(name), _respelt(name)))
    codes = dict.fromkeys(c for k in forms for c in keys.get(k, ()) if level_of(c) == 3)
    for form in forms:
        codes.update(dict.fromkeys(sectors.kecamatan(form)))
    return tuple(codes)


# "Pulo" is how Sumatra and Jakarta say and write "pulau" (island), in names too: the tree
# has Kec. Pulo Bandring and Pulau Rakyat in one regency, Pulo Gadung and Pulau Seribu in
# one province, and news writes "Polsek Pulo Raja" for Polsek Pulau Raja (session 41).
_PULAU = {"pulo": "pulau", "pulau": "pulo"}


def _respelt(name: str) -> str:
    """`name` with its first word "pulo" written "pulau" or the other way round."""
    first, _, rest = name.partition(" ")
    return f"{_PULAU[first]} {rest}" if first in _PULAU and rest else name


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
