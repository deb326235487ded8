"""Former names, nicknames and short forms of kab/kota from public lists (session 33, issue 14).

data/places/lists/public_names.tsv is the list (each row citing the page or article it comes
from) with a `status` per row: resolved before, added (to data/places/aliases_public.csv) or
left out with the reason (an everyday word, another place's name, a name several places
claim). The whole list is swept here: every row not left out must name its kab/kota, alone
and inside a complaint sentence; a row left out must not silently name the listed place.
Routing through data/ as shipped.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.routing.landmarks import alias_files
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router

DATA = Path(__file__).resolve().parents[2] / "data" / "places"
LIST = DATA / "lists" / "public_names.tsv"
PUBLIC_ALIASES = DATA / "aliases_public.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t" if path.suffix == ".tsv" else ","))


def _named(router: Router, text: str, code: str) -> bool:
    """Right for a list row: a kab/kota chosen; a province (no dot in the code) asked
    inside it; a regency since split ("15.08;15.09") asked between its parts."""
    res = router.resolve_text(text)
    chosen = res.chosen.code if res.chosen else ""
    if ";" in code:
        offered = {c.code[:5] for c in res.candidates}
        return res.status == "ambiguous" and set(code.split(";")) <= offered
    if "." not in code:
        inside = all(c.code.startswith(code) for c in res.candidates)
        return chosen.startswith(code) or (res.status == "ambiguous" and inside)
    return res.status == "ok" and chosen.startswith(code)


def test_every_listed_name_names_its_place(router: Router) -> None:
    """Every name kept (172 of 183): 41 of them did not resolve before aliases_public.csv
    ("Kabupaten Teluk Cenderawasih", "Bonthain", "Kota Tentara", "Kota Seribu Biara",
    "Hongkong van Borneo" was refused as Hong Kong...), and "Kabupaten Bungo Tebo" was
    answered as Tebo alone."""
    kept = [r for r in _rows(LIST) if not r["status"].startswith("left out")]
    assert len(kept) >= 150
    missed = [
        (row["alias"], text)
        for row in kept
        for text in (row["alias"], f"motor saya dicuri di {row['alias'].lower()}")
        if not _named(router, text, row["code"])
    ]
    assert missed == []


def test_left_out_names_do_not_name_the_listed_place(router: Router) -> None:
    """Everyday words and names several places claim are not aliases: "bon" (a receipt),
    "matra", "pnj" (Politeknik Negeri Jakarta), "Kota Idaman" (Palopo and Banjarbaru)."""
    left = [r for r in _rows(LIST) if r["status"].startswith("left out")]
    assert {"bon", "Matra", "pnj", "Kota Idaman"} <= {r["alias"] for r in left}
    for row in left:
        res = router.resolve_text(f"saya ditipu di {row['alias'].lower()}")
        chosen = res.chosen.code if res.chosen else ""
        assert not (res.status == "ok" and chosen.startswith(row["code"])), row["alias"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("muara tebo kabupaten bungo tebo", "15.09"),  # Tebo's seat settles the old name
        ("kecamatan bangko kabupaten sarolangun bangko", "15.02"),
        ("tahuna kabupaten sangihe talaud", "71.03"),
    ],
)
def test_a_split_regency_is_settled_by_a_place_in_one_part(
    router: Router, text: str, code: str
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(code)


def test_public_aliases_are_sourced_known_and_new(tree: RegionTree) -> None:
    """Every row of aliases_public.csv cites a page, names a known region, and is not an
    alias another aliases file already has (one name, one place of record)."""
    rows = _rows(PUBLIC_ALIASES)
    assert rows
    others: set[str] = set()
    for path in alias_files():
        if path.name != PUBLIC_ALIASES.name:
            # (hand-edited files may hold "#" comment lines: read as rows without an alias)
            others.update(name_key(a) for r in _rows(path) if (a := r.get("alias") or ""))
    for row in rows:
        assert row["source"].startswith("http"), row
        assert row["code"] in tree, row
        assert name_key(row["alias"]) not in others, row
