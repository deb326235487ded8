"""The rows of data/places/landmarks/regional.csv checked on a public page (session 38,
issue 14): each corrected row resolves where its page puts it, and every row whose note says
"checked" cites a page instead of a kab/kota article built from a title.

data/routing/README.md "Session 38: regional.csv confirmed" lists the pages read.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.routing.resolver import Router

TABLE = Path(__file__).resolve().parents[2] / "data" / "places" / "landmarks" / "regional.csv"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the kab/kota was wrong: the complaint went to another Polres before
        ("wisatawan tenggelam di air terjun ayuhulalo", "75.02.04"),  # Tilamuta, Boalemo
        ("air terjun curug sembilan", "17.03.09"),  # Padang Jaya, Bengkulu Utara
        ("pengunjung hanyut di air terjun sembilan tingkat", "17.03.09"),  # its other name
        ("air terjun tansaran bidin", "11.17.04"),  # Bandar, Bener Meriah, not Aceh Tengah
        ("danau kaolin air bara", "19.03.03"),  # Airgegas, Bangka Selatan, not Bangka Tengah
        # session 39, second round: Pulau Tengah, Keliling Danau, Kerinci, not Merangin
        ("air terjun pancuran rayo", "15.01.08"),
        # the kecamatan was wrong (same Polres, another Polsek)
        ("air terjun temam", "16.73.03"),  # Lubuk Linggau Selatan I
        ("air terjun bidadari lahat", "16.04.08"),  # Pulau Pinang
        ("air terjun wera", "72.10.11"),  # Dolo Barat, Sigi
        ("air terjun lematang indah", "16.72.04"),  # Dempo Selatan, Pagar Alam
        ("air terjun piala", "72.01.20"),  # Kel. Hanga Hanga, Luwuk Selatan
        ("danau laet", "61.03.11"),  # Desa Subah, Tayan Hilir, not Parindu
        ("pemandian air panas suban", "17.02.17"),  # Talang Ulu, Curup Timur
        # session 39 (rows flagged by tools/flag_landmark_rows.py): the kecamatan was wrong
        ("pantai minanga", "75.05.01"),  # Desa Kotajin Utara, Atinggola, not Kwandang
        ("vihara avalokitesvara pematangsiantar", "12.72.04"),  # Kel. Simalungun, Siantar Selatan
        ("rumah adat dulohupa", "75.71.02"),  # Kel. Limba U II, Kota Selatan, not Kota Barat
        ("pantai amban", "92.02.12"),  # the Amban area of Manokwari Barat, not Manokwari Utara
        ("pantai batu gong", "74.02.36"),  # Desa Batu Gong, Lalonggasumeeto, not Soropia
        ("lanal bangka belitung", "19.01.02"),  # Jl. Tanjung Gudang, Belinyu, not Sungailiat
        # the page's name of the market, asked among the Pasir Gintung villages of Banten before
        ("pasar pasir gintung", "18.71.06"),  # Tanjungkarang Pusat, Kota Bandar Lampung
    ],
)
def test_regional_rows_follow_their_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    assert result.chosen.code.startswith(code), (text, result.chosen.code)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # session 39: a bridge over a kab/kota border has a row on each side, so the bare
        # name is asked (Kota Banjarmasin and Kab. Barito Kuala: okezone.com, republika.co.id)
        ("jembatan sungai alalak", {"63.71.04", "63.04.05"}),
        ("macet di jembatan alalak", {"63.71.04", "63.04.05"}),
    ],
)
def test_regional_rows_on_a_border_are_asked(router: Router, text: str, codes: set[str]) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous", (text, result.status)
    assert codes <= {c.code for c in result.candidates}, (text, result.candidates)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # ... and the kab/kota typed with it settles which side
        ("jembatan alalak barito kuala", "63.04.05"),
        ("jembatan sungai alalak banjarmasin", "63.71.04"),
    ],
)
def test_a_border_row_with_its_kab_kota(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    assert result.chosen.code == code, (text, result.chosen.code)


def test_a_kecamatan_its_page_contradicts_is_emptied(router: Router) -> None:
    # harianjayapos.com puts Pasar Muaralabuh in Sungai Pagu and Pasar Padang Aro in the
    # capital without a kecamatan: the row keeps Kab. Solok Selatan and no longer says Sungai Pagu
    result = router.resolve_text("pasar padang aro")
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code == "13.11", result.chosen.code


def test_a_checked_row_cites_a_page_not_an_article_title() -> None:
    rows = list(csv.DictReader(io.StringIO(TABLE.read_text(encoding="utf-8"))))
    checked = [row for row in rows if row["note"].startswith("checked")]
    assert len(checked) >= 61  # 20 before session 38, 32 in its batches, 9+ in session 39
    unsourced = [
        row["name"]
        for row in checked
        if "id.wikipedia.org/wiki/Kabupaten_" in row["source"]
        or "id.wikipedia.org/wiki/Kota_" in row["source"]
        or "not confirmed on the page" in row["note"]
    ]
    assert unsourced == []
