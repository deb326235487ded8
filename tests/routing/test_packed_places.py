"""The region tree and the gazetteer's indexes are held packed (issue 21 item 4: memory at
start) and say exactly what the plain dicts they replace said."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.routing.gazetteer import CodeIndex, Gazetteer, SortedNames
from bot.routing.regions import RegionTree, region_code, region_number

REPO = Path(__file__).resolve().parents[2]


def test_region_tree_reads_lokal_data_without_importing_the_package() -> None:
    """lokal's __init__ imports its PII detectors (15 MB, 0.2 s) the bot never uses."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from bot.routing.regions import RegionTree; tree = RegionTree();"
        "assert tree.name('32.01') == 'Kabupaten Bogor', tree.name('32.01');"
        "print(sorted(m for m in sys.modules if m == 'lokal' or m.startswith('lokal.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(REPO)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_packed_tree_says_what_lokal_wilayah_says(tree: RegionTree) -> None:
    from lokal import wilayah

    base, villages, postal = wilayah._base(), wilayah._desa(), wilayah._kodepos()
    assert list(tree.items()) == [*base.items(), *villages.items()]
    assert list(tree.items(4)) == list(villages.items())
    assert list(tree.postal_items()) == list(postal.items())
    sample = random.Random(21).sample(sorted(villages), 2000)
    # each district's villages in lokal's order, found in one pass (a scan of all
    # villages per sampled code took minutes)
    in_district: dict[str, list[str]] = {}
    for village in villages:
        in_district.setdefault(village.rsplit(".", 1)[0], []).append(village)
    for code in sample:
        assert code in tree
        assert tree.name(code) == villages[code]
        assert tree.postal_code(code) == postal.get(code)
        district = code[:8]
        assert tree.children(district) == in_district[district]
    for missing in ("32.01.01.9999", "32.01.01.200", "99.99.99.9999", "", "x"):
        assert missing not in tree
        assert tree.name(missing) is None
        assert tree.postal_code(missing) is None
    assert tree.children("32.01.99") == []


@pytest.mark.parametrize("code", ["11", "32.01", "32.01.01", "32.01.01.2001", "94.71.01.1001"])
def test_region_numbers_round_trip(code: str) -> None:
    assert region_code(region_number(code)) == code


@pytest.mark.parametrize("code", ["", "3", "01", "32.1", "32.01.01.200", "32.01.0a", "32..01"])
def test_region_number_refuses_what_is_no_code(code: str) -> None:
    with pytest.raises(ValueError):
        region_number(code)


def test_code_index_is_the_mapping_it_packs() -> None:
    plain = {
        "sukamaju": ("32.01.01.2001", "32.02", "11"),
        "bogor": ("32.01", "32.71"),
        "cilandak": ("31.74.03",),
    }
    index = CodeIndex(plain)
    assert dict(index.items()) == plain
    assert index["sukamaju"] == plain["sukamaju"]  # the order given, not sorted
    assert "bogor" in index and "bogo" not in index and 3 not in index
    assert index.get("nowhere") is None and index.get("nowhere", ()) == ()
    with pytest.raises(KeyError):
        index["nowhere"]
    assert len(index) == 3 and list(index) == sorted(plain)


def test_sorted_names_is_a_set() -> None:
    names = SortedNames(["ipoh", "amet", "mile", "amet"])
    assert len(names) == 3 and list(names) == ["amet", "ipoh", "mile"]
    assert "ipoh" in names and "ipo" not in names and None not in names


def test_gazetteer_from_its_cache_answers_as_built(gazetteer: Gazetteer) -> None:
    """The cached (pickled) packed gazetteer gives the same results as the built one."""
    cached = pickle.loads(pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
    keys = random.Random(4).sample(sorted(gazetteer.keys), 300)
    texts = [*keys, *(k[:-1] + "x" for k in keys[:100]), "12430", "kec cilandak jaksel"]
    for text in texts:
        assert cached.search(text) == gazetteer.search(text), text
    assert isinstance(cached.keys, CodeIndex) and isinstance(cached.postal, CodeIndex)
    assert cached.keys["blang cut"] == gazetteer.keys["blang cut"]


def test_landmark_keys_with_the_same_landmarks_share_one_tuple(gazetteer: Gazetteer) -> None:
    """The keys of one landmark (its names, their heads and rests) point at one tuple, in
    the built gazetteer and in its cache: a third as many tuples (bench/README.md)."""
    cached = pickle.loads(pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
    for gaz in (gazetteer, cached):
        slots = list(gaz.landmark_keys.values())
        assert len({id(s) for s in slots}) == len(set(slots)) < len(slots) / 2
