"""Roads named after the town they lead to (bot/routing/resolver.py `_beside_the_roads_name`).

"Jalan Raya Lembang" runs from Bandung to Lembang; a complaint at "jalan raya lembang
ledeng" happened in Kel. Ledeng of Kota Bandung, not in Kec. Lembang. Session 29 generated
such texts from Kemendagri names ("jalan raya <a district or kab/kota> <a kelurahan of one
name elsewhere>"): 83 of 93 went to the road's town before the rule, 4 after.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("jalan raya lembang ledeng", "32.73"),  # Kel. Ledeng, Kota Bandung
        ("jalan raya tinombo pisangan timur", "31.75"),  # Kel. Pisangan Timur, Jakarta Timur
        ("jalan raya raren batuah jurangmangu timur", "36.74"),  # Kota Tangerang Selatan
        # a title or "parit" starts the road's name: Raden Lempuing is a person, not Kec.
        # Lempuing of Ogan Komering Ilir; "makmur" of Pontianak's Jl. Parit Makmur is no
        # Kec. Makmur of Bireuen (a news page's street and kelurahan)
        ("jl raden lempuing plarangan", "33.05"),
        ("jl parit makmur siantan hilir", "61.71"),
    ],
)
def test_the_place_beside_a_road_named_after_a_town_is_where_it_happened(
    router: Router, text: str, regency: str
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code[:5] == regency
    assert result.reason.endswith("beside_the_roads_name")


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("jalan raya jonggol", "32.01"),  # nothing else named: the road's town
        ("jl raya jonggol kab bogor", "32.01"),  # the rest agrees with the road's town
        ("jalan raya serang cilegon kagungan", "36.73"),  # a road between two towns
        ("jl sosial sentani", "91.03"),  # the town after a street's own name
        ("jl mt haryono purbalingga kulon", "33.03"),
        ("jl sultan hasanuddin makassar", "73.71"),
    ],
)
def test_a_road_named_after_a_town_keeps_the_answer_the_text_agrees_with(
    router: Router, text: str, regency: str
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code[:5] == regency


def test_an_ambiguous_name_beside_the_road_is_asked_not_the_roads_town(router: Router) -> None:
    # Kec. Lohia (Muna) names the road; Jati Karya is a kelurahan of Binjai and a village
    # elsewhere, neither in Muna: asked among them, never answered with Muna
    result = router.resolve_text("jalan raya lohia jati karya")
    assert result.status == "ambiguous", result
    offered = {c.code[:5] for c in result.candidates}
    assert "12.75" in offered
    assert "74.03" not in offered


def test_a_kelurahan_and_desa_of_one_name_beside_the_road_is_the_kelurahan(
    router: Router,
) -> None:
    # Kamonji is a kelurahan of Palu and a desa of Donggala; beside a street it is the
    # kelurahan (as "jalan wr supratman kamonji" is), not the road's Kec. Tinombo
    result = router.resolve_text("jalan raya tinombo kamonji")
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code == "72.71.02.1007"
