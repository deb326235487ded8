"""Every kab/kota's nickname (session 41, issue 14): data/places/aliases_mottos.csv and the
audit tests/routing/nickname_forms.py.

The table's rows are mottos and julukan each read on a public page; like the other alias
tables, every code exists, no alias is repeated, a name another table gives to a different
kab/kota is shared on purpose (so it is asked), and no row takes over a place of the tree. The
audit's scoring runs here over every row of the table, and over every name several kab/kota
claim in any alias table: none of them may be guessed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.routing.place_words import name_key
from bot.routing.region_names import REGENCY
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.nickname_forms import (
    MOTTOS,
    SENTENCE,
    TABLES,
    Nickname,
    coverage,
    innermost,
    nicknames,
    score,
    tree_clashes,
)


def _motto_rows() -> list[dict[str, str]]:
    with MOTTOS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _motto_names() -> list[Nickname]:
    keys = {name_key(row["alias"]) for row in _motto_rows()}
    return [n for n in nicknames() if n.key in keys]


def test_every_row_is_a_nickname_read_on_a_page(tree: RegionTree) -> None:
    rows = _motto_rows()
    assert len(rows) >= 40
    for row in rows:
        assert list(row) == ["alias", "code", "kind", "source", "note"], row
        assert row["kind"] == "nickname", row
        assert tree.get(row["code"]) is not None, row  # a province or kab/kota code
        assert row["source"].startswith("http"), row
        assert row["note"].startswith("checked: the ") and "not confirmed" not in row["note"], row
        assert len(name_key(row["alias"])) >= 3, row


def test_no_alias_is_repeated_or_a_region_name(tree: RegionTree) -> None:
    # a name several kab/kota bear on the pages read has one row per claimant (Nuca Lale,
    # Kota Nanas: session 43), so only the same name for the same code is a repeat
    pairs = [(name_key(row["alias"]), row["code"]) for row in _motto_rows()]
    assert len(pairs) == len(set(pairs))
    keys = {key for key, _code in pairs}
    regions = {name_key(name) for _code, name in tree.items(REGENCY)}
    assert not keys & regions


def test_every_row_resolves_alone_and_in_a_sentence(router: Router) -> None:
    """Typed alone or as the place of a complaint, a motto gives its kab/kota (a name two of
    them bear, such as Kota Gaplek of Trenggalek and Wonogiri, is asked)."""
    missed = []
    for nick in _motto_names():
        for text in (nick.key, SENTENCE.format(nick.key)):
            outcome, shown = score(router, text, nick.codes)
            if outcome not in ("right", "asked_ok"):
                missed.append(f"{text!r} {sorted(nick.codes)} -> {outcome}: {shown}")
    assert not missed, missed


def test_no_row_takes_a_place_of_the_tree(tree: RegionTree) -> None:
    """No motto is exactly a kecamatan or village of another kab/kota, and none holds
    another kab/kota's name ("Bumi Bahari" is a village of Pohuwato: left out)."""
    assert tree_clashes(tree, _motto_names()) == []


def test_a_name_several_kab_kota_claim_is_asked(router: Router) -> None:
    """Over every alias table: a nickname with rows for two kab/kota that do not hold one
    another (Kota Angin, Kota Wali, Kota Idaman, Kota Gaplek) is asked, never guessed."""
    shared = [n for n in nicknames(TABLES) if len(innermost(n.codes)) > 1]
    assert {"kota angin", "kota gaplek"} <= {n.key for n in shared}
    for nick in shared:
        outcome, shown = score(router, nick.key, nick.codes)
        assert outcome == "asked_ok", (nick.key, sorted(nick.codes), shown)


def test_a_province_and_its_kab_kota_sharing_a_name_give_the_kab_kota() -> None:
    assert innermost(frozenset({"21", "21.04"})) == frozenset({"21.04"})
    assert innermost(frozenset({"35.18", "32.10"})) == frozenset({"35.18", "32.10"})


def test_the_audit_counts_the_kab_kota_without_a_nickname(tree: RegionTree, tmp_path: Path) -> None:
    table = tmp_path / "aliases_test.csv"
    table.write_text(
        "alias,code,kind,source,note\n"
        "Kota Gaplek,35.03,nickname,https://example.org,checked: the page says so\n"
        "Trenggalek,35.03,short_form,https://example.org,checked: the page says so\n"
        "Bumi Reog,35.02,nickname,https://example.org,checked: the page says so\n",
        encoding="utf-8",
    )
    having, missing = coverage(tree, [table])
    assert having == 2
    assert "35.03" not in missing and "35.01" in missing
    assert len(missing) == len(list(tree.items(REGENCY))) - 2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bumi menak sopal", "35.03"),  # Trenggalek
        ("ada jambret di somahe kai kehage", "71.03"),  # Kepulauan Sangihe
        ("motor hilang di bumi junjung besaoh", "19.03"),  # Bangka Selatan
        ("bunda tanah melayu", "21.04"),  # Lingga (the province's name too)
    ],
)
def test_mottos_read_on_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.chosen is not None and result.chosen.code.startswith(code), result.chosen


def test_an_alias_in_old_spelling_is_kept_when_the_text_is_respelt(router: Router) -> None:
    """Session 41 (found by the audit): "Bumoe Breuh Sigupai" (Aceh Barat Daya, Acehnese
    "oe") was read again in today's spelling, "bumu breuh sigupai", and sent to Desa Bumu
    of Asmat (Papua Selatan). An alias is now also indexed respelt (place_index.py)."""
    for text in ("bumoe breuh sigupai", "ada jambret di bumoe breuh sigupai"):
        result = router.resolve_text(text)
        assert result.status == "ok", (text, result.status, result.reason)
        assert result.chosen is not None and result.chosen.code == "11.12", result.chosen
