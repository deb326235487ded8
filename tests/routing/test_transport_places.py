"""The rows of data/places/landmarks/transport.csv checked on a public page (session 39,
issue 14): each settled row resolves where its page puts it, and every row whose note says
"checked" cites a page instead of an article built from a title.

data/routing/README.md "Session 39: transport.csv and civic.csv confirmed" lists the pages
read; tools/flag_landmark_rows.py chose which rows to check first.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.checked_rows import LANDMARKS, checked_rows_without_a_page

TABLE = LANDMARKS / "transport.csv"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the kecamatan was wrong (same Polres Lombok Timur, another Polsek)
        ("antri kapal di pelabuhan kayangan", "52.03.08"),  # Desa Labuhan Lombok, Pringgabaya
        # the page names the kecamatan the row lacked
        ("stasiun karangasem", "35.10.15"),  # Kel. Bakungan, Glagah, Banyuwangi
        ("stasiun banyuwangi kota", "35.10.15"),  # the same station since December 2019
        ("bandara karel sadsuitubun", "81.02.01"),  # Desa Ibra, Kei Kecil, Maluku Tenggara
        ("stasiun cipeundeuy", "32.05.14"),  # Desa Cinagara, Malangbong, Garut
        ("stasiun labuhan ratu", "18.71.14"),  # the page's spelling; Kec. Labuhan Ratu
        ("gudang di marunda center kebobolan", "32.16.01"),  # Tarumajaya, Kab. Bekasi
        ("terminal tawang alun", "35.09.13"),  # Rambipuji, Jember
        ("bandara lagaligo", "73.17.08"),  # Bua, Luwu (the village Lagaligo is in Palopo)
        ("pelabuhan tanjung buton", "14.08.02"),  # Sungai Apit, Siak
        ("stasiun langen", "32.79.04"),  # Kel. Muktisari, Langensari, Kota Banjar
        ("stasiun tanjungbalai", "12.74.04"),  # Teluk Nibung, Kota Tanjungbalai
        ("bandara stevanus rumbewas", "91.05.06"),  # Kampung Kamanap, Distrik Kosiwo, Yapen
        ("bandara yia", "34.01.01"),  # Kecamatan Temon, Kulon Progo
        ("bandara tampa padang", "76.02.03"),  # Kel. Sinyonyoi Selatan, Kalukku, Mamuju
        ("kek galang batang", "21.01.04"),  # Desa Galang Batang, Gunung Kijang, Bintan
        ("bandara haliwen", "53.04.12"),  # Kel. Manumutin, Kota Atambua, Belu
        ("kawasan industri medan star", "12.07.02"),  # Tanjung Morawa, Deli Serdang
        ("terminal giri adipura", "33.12.11"),  # Desa Singodutan, Selogiri, Wonogiri
        ("pelabuhan badas", "52.04.18"),  # Kecamatan Labuhan Badas, Sumbawa
        ("kek tanjung kelayang", "19.02.04"),  # Kecamatan Sijuk, Belitung
        ("terminal sumer payung", "52.04.18"),  # Karang Dima, Labuhan Badas, Sumbawa
    ],
)
def test_transport_rows_follow_their_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    assert result.chosen.code.startswith(code), (text, result.chosen.code)


def test_a_checked_transport_row_cites_a_page() -> None:
    # the rows checked before session 39, then those of its batches
    assert checked_rows_without_a_page(TABLE, at_least=14 + 39 + 5 + 5) == []
