"""Nicknames of the remaining kab/kota (session 43, issue 14): the rows added to
data/places/aliases_mottos.csv for kab/kota that had no nickname row, and the collision
decisions taken with them.

test_nickname_forms.py already scores every row of the table alone and in a sentence; this
module pins what session 43 decided: the kab/kota now covered, the names several kab/kota
bear on the pages read (asked with a button for each), and a name kept apart from a
different one another table holds.
"""

from __future__ import annotations

import csv

import pytest

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.nickname_forms import MOTTOS, SENTENCE, coverage, nicknames, score

# kab/kota that had no nickname row before session 43 and got one from a page read then,
# one or two per province searched
COVERED_IN_SESSION_43 = (
    "11.04",  # Aceh Tengah: Keramat Mupakat
    "11.16",  # Aceh Tamiang: Bumi Muda Sedia
    "12.04",  # Nias: Datatuwu
    "12.18",  # Serdang Bedagai: Tanah Bertuah Negeri Beradat
    "15.04",  # Batanghari: Bumi Serentak Bak Regam
    "16.74",  # Prabumulih: Seinggok Sepemunyian
    "17.07",  # Lebong: Swarang Patang Stumang
    "19.04",  # Bangka Tengah: Selawang Segantang
    "33.11",  # Sukoharjo: Kota Makmur
    "53.13",  # Lembata: Taan Tou
    "72.08",  # Parigi Moutong: Songu Lara Mombangu
    "74.10",  # Buton Utara: Lipu Tinadeakono Sara
    "82.72",  # Tidore Kepulauan: Toma Loa Se Banari
)
# kab/kota with a nickname row after session 42 (test_nickname_forms_nicknames2.py)
HAVING_AFTER_SESSION_42 = 309


def _motto_rows() -> list[dict[str, str]]:
    with MOTTOS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_kab_kota_covered_in_session_43_have_a_motto_row(tree: RegionTree) -> None:
    codes = {row["code"] for row in _motto_rows()}
    having, missing = coverage(tree)
    for code in COVERED_IN_SESSION_43:
        assert code in codes, code
        assert code not in missing, code
    # a row removed by mistake shows here
    assert having >= HAVING_AFTER_SESSION_42 + len(COVERED_IN_SESSION_43)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bumi muda sedia", "11.16"),  # Aceh Tamiang
        ("ada jambret di bumi serentak bak regam", "15.04"),  # Batanghari
        ("motor hilang di seinggok sepemunyian", "16.74"),  # Prabumulih
        ("toma loa se banari", "82.72"),  # Tidore Kepulauan
        ("ada jambret di bumi hibualamo", "82.03"),  # Halmahera Utara
        ("lipu tinadeakono sara", "74.10"),  # Buton Utara
        ("kota makmur", "33.11"),  # Sukoharjo
    ],
)
def test_nicknames_read_in_session_43(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.chosen is not None and result.chosen.code.startswith(code), result.chosen


@pytest.mark.parametrize(
    ("key", "codes"),
    [
        # the Manggarai region under three Pemda (PostNTT): one button each
        ("nuca lale", {"53.10", "53.15", "53.19"}),
        # detikSumbagsel: Subang and Prabumulih both bear it
        ("kota nanas", {"16.74", "32.13"}),
    ],
)
def test_a_name_several_kab_kota_bear_on_pages_is_asked(
    router: Router, key: str, codes: set[str]
) -> None:
    (nick,) = [n for n in nicknames() if n.key == key]
    assert nick.codes == frozenset(codes)
    for text in (nick.key, SENTENCE.format(nick.key)):
        outcome, shown = score(router, text, nick.codes)
        assert outcome == "asked_ok", (text, shown)


def test_salatiga_motto_is_kept_apart_from_balikpapan_s(router: Router) -> None:
    """Hati Beriman (Salatiga's semboyan) is a different name from Kota Beriman, which
    aliases.csv gives to Balikpapan: each keeps its own kab/kota."""
    assert name_key("Kota Beriman") not in {name_key(row["alias"]) for row in _motto_rows()}
    for text, code in (("hati beriman", "33.73"), ("kota beriman", "64.71")):
        result = router.resolve_text(text)
        assert result.status == "ok", (text, result.status, result.reason)
        assert result.chosen is not None and result.chosen.code.startswith(code), result.chosen
