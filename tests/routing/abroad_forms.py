"""Generated probe: a migrant worker's home town against the place abroad where it happened.

Migrant workers detained, trafficked or scammed abroad are a frequent complaint ("abk
asal indramayu ditahan di jeddah", "tki asal ponorogo disiksa majikan di kuala lumpur",
"nelayan aceh timur ditahan otoritas malaysia"). The Indonesian name is the person's
origin; the event is abroad and the citizen must be told so (the resolver answers
"outside"), not sent to the home town's Polres. The controls name the event in
Indonesia and a foreign word as origin, goods or journey ("wna asal malaysia ditangkap
di batam", "pulang dari malaysia, dirampok di klaten"): they must stay placed.

Readings (frames over a fixed sample of the tree and of the foreign tables):
- `abroad`: origin (asal/dari/dr/org/warga/TKI asal/PMI asal + kab/kota, or "desa V kec
  K") and an event abroad (di/ditahan di/disekap di/kerja di/dipenjara di + a town or
  country of data/places/foreign*.csv, or an authority: otoritas/polisi/imigrasi +
  country): the answer must be "outside";
- `control`: the event in Indonesia, the foreign name as origin, goods or a journey's
  start: the answer must be the Indonesian place (or inside it).

Run it (a minute): `python -m tests.routing.abroad_forms [--failures N]`; it prints, per
frame, how many texts were refused as abroad, placed, asked or refused as no place.
`tests/routing/test_abroad_forms.py` scores a fixed sample with floors.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name, is_within, level_of
from bot.routing.resolver import Router
from tests.routing.reading_forms import _unique_regencies, hashed_sample

# Countries migrant workers go to (BP2MI's main destinations) and those that detain
# Indonesian fishermen; their towns and names are drawn from the foreign tables.
DESTINATIONS = ("MY", "SA", "AE", "QA", "HK", "TW", "SG", "KR", "JP", "BN", "TH", "AU", "PH")

# {o}: an Indonesian origin (kab/kota or "desa V kec K"); {f}: a town abroad; {c}: a country.
ABROAD_FRAMES = (
    "abk asal {o} ditahan di {f}",
    "tki asal {o} disiksa majikan di {f}",
    "pmi asal {o} disekap agen di {f}",
    "mama sy org {o} disekap agen di {c}",
    "warga {o} dipenjara di {c}",
    "anak saya dr {o} kerja di {f} gaji tidak dibayar",
    "nelayan {o} ditahan otoritas {c}",
    "pekerja migran dari {o} ditangkap polisi {c}",
    "tkw asal {o} hilang kontak di {c}",
    "buruh migran asal {o} ditahan imigrasi {c}",
)
CONTROL_FRAMES = (
    "wna asal {c} ditangkap di {o}",
    "barang dari {c} dijual di {o}",
    "pulang dari {f}, dirampok di {o}",
    "motor dicuri di {o}, pelaku kabur ke {c}",
    "tki dari {c} ditipu calo di {o}",
    "isu {o} masuk {c}",
)


@dataclass(frozen=True)
class Form:
    """One generated text, its frame, its reading and the Indonesian code named in it."""

    reading: str  # "abroad" or "control"
    frame: str
    text: str
    code: str


def foreign_names(gaz: Gazetteer) -> tuple[list[str], list[str]]:
    """(towns, countries) abroad of DESTINATIONS whose key no Indonesian region or
    landmark shares (a shared one may mean either, typed alone)."""
    towns: list[str] = []
    countries: list[str] = []
    for key, country in gaz.foreign.items():
        if country not in DESTINATIONS or key in gaz.keys or key in gaz.landmark_keys:
            continue
        if len(key) < 4 or not key.replace(" ", "").isalpha():
            continue
        (countries if key in gaz.countries else towns).append(key)
    return sorted(towns), sorted(countries)


def _origins(tree: RegionTree, count: int) -> list[tuple[str, str]]:
    """(text, code): kab/kota named by a bare name only they bear, and villages named
    with their kecamatan ("desa V kec K")."""
    regencies = hashed_sample(_unique_regencies(tree), count, "abroad-origin")
    out = [(name_key(bare_regency_name(tree.name(c) or "")), c) for c in regencies]
    villages = hashed_sample([c for c, _ in tree.items(4)], count // 2, "abroad-village")
    for code in villages:
        district = name_key(tree.name(code[:8]) or "")
        out.append((f"desa {name_key(tree.name(code) or '')} kec {district}", code))
    return out


def all_forms(gaz: Gazetteer, origins: int = 30) -> Iterator[Form]:
    """Every frame over `origins` kab/kota (and half as many villages), each with its
    own town and country abroad from the fixed samples."""
    towns, countries = foreign_names(gaz)
    places = _origins(gaz.tree, origins)
    towns = hashed_sample(towns, len(places), "abroad-town")
    countries = hashed_sample(countries, len(places), "abroad-country")
    for k, (origin, code) in enumerate(places):
        town, country = towns[k % len(towns)], countries[k % len(countries)]
        for reading, frames in (("abroad", ABROAD_FRAMES), ("control", CONTROL_FRAMES)):
            for frame in frames:
                text = frame.format(o=origin, f=town, c=country)
                yield Form(reading, frame, text, code)


def answer(router: Router, form: Form) -> str:
    """outside / placed / wrong (placed elsewhere) / asked / none (refused, no place)."""
    result = router.resolve_text(form.text)
    if result.status == "outside":
        return "outside"
    if result.status == "ok" and result.chosen is not None:
        chosen = result.chosen.code
        inside = is_within(chosen, form.code) or (
            is_within(form.code, chosen) and level_of(chosen) >= 2
        )
        return "placed" if inside else "wrong"
    if result.status == "ambiguous":
        return "asked"
    return "none"


def score(router: Router, form: Form) -> bool:
    """Whether the resolver reads `form` as its reading says."""
    return answer(router, form) == ("outside" if form.reading == "abroad" else "placed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--origins", type=int, default=30, help="kab/kota sampled")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    counts: dict[tuple[str, str], Counter[str]] = {}
    shown: Counter[str] = Counter()
    for form in all_forms(router.gazetteer, args.origins):
        got = answer(router, form)
        counts.setdefault((form.reading, form.frame), Counter())[got] += 1
        if not score(router, form) and shown[form.frame] < args.failures:
            shown[form.frame] += 1
            print(f"  MISS {form.reading}: {form.text!r} -> {got}")
    totals: dict[str, Counter[str]] = {}
    for (reading, frame), c in counts.items():
        totals.setdefault(reading, Counter()).update(c)
        print(f"{reading:8} {frame:50} " + " ".join(f"{k}={v}" for k, v in sorted(c.items())))
    for reading, c in totals.items():
        right = c["outside" if reading == "abroad" else "placed"]
        print(f"{reading:8} total {right}/{sum(c.values())} " + str(dict(sorted(c.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
