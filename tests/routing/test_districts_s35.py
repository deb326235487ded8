"""The districts table checked against public sources in session 35 (issue 14 item 4,
data/routing/districts.csv; sources in each row and in data/routing/README.md, "Session 35:
the districts table checked").

- rows added: Kec. Dawarblandong (Kab. Mojokerto) to Polres Mojokerto Kota; Junjung Sirih,
  Bukit Sundi and X Koto Diatas (Kab. Solok) to Polres Solok Kota; six Padang Pariaman
  kecamatan to Polres Pariaman; Grati (Kab. Pasuruan) to Polres Pasuruan Kota;
- a row removed: Kec. Puri (Kab. Mojokerto) is back with Polres Mojokerto (the city unit's
  part of the regency is the four kecamatan north of the Brantas);
- kept, with newer sources: Tongas (Polres Probolinggo Kota), Kosambi (Polres Metro
  Tangerang Kota);
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from bot.routing.table import RoutingTable

# (district, serving unit, its Polda)
SERVED = [
    ("35.16.17", "polres-mojokerto-kota", "polda-jatim"),  # Dawarblandong
    ("35.16.16", "polres-mojokerto-kota", "polda-jatim"),  # Jetis
    ("35.16.14", "polres-mojokerto-kota", "polda-jatim"),  # Gedeg
    ("35.16.15", "polres-mojokerto-kota", "polda-jatim"),  # Kemlagi
    ("35.16.11", "polres-mojokerto", "polda-jatim"),  # Puri: no longer the city unit's
    ("13.02.13", "polres-solok-kota", "polda-sumbar"),  # Junjung Sirih
    ("13.02.08", "polres-solok-kota", "polda-sumbar"),  # Bukit Sundi
    ("13.02.12", "polres-solok-kota", "polda-sumbar"),  # X Koto Diatas
    ("13.02.07", "polres-solok", "polda-sumbar"),  # Gunung Talang stays
    ("13.02.10", "polres-solok", "polda-sumbar"),  # Kubung stays
    ("13.05.08", "polres-pariaman", "polda-sumbar"),  # Sungai Limau
    ("13.05.06", "polres-pariaman", "polda-sumbar"),  # V Koto (Kampung Dalam)
    ("13.05.14", "polres-pariaman", "polda-sumbar"),  # V Koto Timur
    ("13.05.07", "polres-pariaman", "polda-sumbar"),  # Sungai Garinggiang
    ("13.05.13", "polres-pariaman", "polda-sumbar"),  # Batang Gasan
    ("13.05.09", "polres-pariaman", "polda-sumbar"),  # IV Koto Aua Malintang
    ("13.05.02", "polres-padang-pariaman", "polda-sumbar"),  # Batang Anai stays
    ("35.13.23", "polres-probolinggo-kota", "polda-jatim"),  # Tongas
    ("36.03.14", "polres-metro-tangerang-kota", "polda-metro-jaya"),  # Kosambi
    ("35.14.20", "polres-pasuruan-kota", "polda-jatim"),  # Grati
    ("35.14.19", "polres-pasuruan", "polda-jatim"),  # Winongan stays
]


@pytest.mark.parametrize(("code", "polres", "polda"), SERVED)
def test_the_serving_unit_and_its_polda(
    table: RoutingTable, code: str, polres: str, polda: str
) -> None:
    unit = table.polres_for(code)
    assert unit is not None and unit.id == polres, (code, unit)
    polda_unit = table.polda_for(code)
    assert polda_unit is not None and polda_unit.id == polda


def test_every_row_names_a_source_and_its_date(table: RoutingTable) -> None:
    rows = [r for r in table.sourced_rows() if r.file == "districts.csv"]
    added = {"35.16.17", "13.02.13", "13.02.08", "13.02.12", "13.05.08", "13.05.14", "35.14.20"}
    assert added <= {r.key for r in rows}
    for row in rows:
        if row.key in added:
            assert row.source.startswith("https://"), row


@pytest.mark.parametrize(
    ("text", "polres"),
    [
        ("geng motor konvoi di dawarblandong mojokerto", "polres-mojokerto-kota"),
        ("kec dawarblandong", "polres-mojokerto-kota"),
        ("gangster di desa kintelan puri mojokerto", "polres-mojokerto"),
        ("pencurian di kecamatan junjung sirih kab solok", "polres-solok-kota"),
        ("nagari dilam kec bukik sundi", "polres-solok-kota"),
        ("kec x koto diatas solok", "polres-solok-kota"),
        ("kec kubung solok", "polres-solok"),
        ("lapor kehilangan motor di batang gasan padang pariaman", "polres-pariaman"),
        ("kec sungai limau padang pariaman", "polres-pariaman"),
        ("kec batang anai padang pariaman", "polres-padang-pariaman"),
        ("kec grati pasuruan", "polres-pasuruan-kota"),
    ],
)
def test_a_typed_district_goes_to_its_unit(router: Router, text: str, polres: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.polres_id == polres, (text, res.chosen.code, res.chosen.polres_id)


@pytest.mark.parametrize(
    ("text", "polres"),
    [
        # a port whose kecamatan is another unit's (Cilincing: Polres Metro Jakarta Utara)
        ("parkir liar di pelabuhan marunda", "polres-pelabuhan-tanjung-priok"),
        # a street-level split inside a kecamatan: the industrial estate's own row
        ("gudang terbakar di kim mabar", "polres-pelabuhan-belawan"),
        ("kawasan industri medan", "polres-pelabuhan-belawan"),
    ],
)
def test_a_site_row_routes_its_area_to_its_unit(router: Router, text: str, polres: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.polres_id == polres, (text, res.chosen.name, res.chosen.polres_id)
