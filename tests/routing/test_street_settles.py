"""A street settles a name several kab/kota share (session 36, issue 14; the resolver's
`_the_street_settles_a_shared_name`): "jalan asia afrika tanah abang" is Jakarta Pusat's
Tanah Abang, the only kab/kota with both the kecamatan and the street (Bandung's Jalan
Asia Afrika was answered). Swept over every street row of streets.csv written with its
kecamatan where other kab/kota share that kecamatan's name (tests/routing/street_forms.py).
Routing through data/ as shipped."""

from __future__ import annotations

from bot.routing.resolver import Router
from tests.routing.street_forms import audit

JAKARTA_PUSAT = "31.71"


def test_the_kab_kota_with_the_street_and_the_kecamatan(router: Router) -> None:
    res = router.resolve_text("balap mobil di jalan asia afrika tanah abang")
    assert res.status == "ok" and res.chosen is not None
    assert res.chosen.code.startswith(JAKARTA_PUSAT)


def test_the_street_alone_is_still_asked(router: Router) -> None:
    res = router.resolve_text("jalan asia afrika")
    assert res.status == "ambiguous"


def test_a_hero_street_decides_nothing(router: Router) -> None:
    """Jalan Sudirman runs through Bangko too, though streets.csv lists it for cities."""
    res = router.resolve_text("jalan sudirman bangko")
    assert res.status == "ambiguous"


def test_every_street_with_its_shared_kecamatan(router: Router) -> None:
    """217 forms; on 1613645 213 of 216 were right (Asia Afrika answered Bandung). Two are
    left: "jalan raya lembang lembang" (the street's name is the kecamatan's) and "jalan
    salak taman" (not found)."""
    counts = audit(router)
    assert sum(counts.values()) >= 200
    assert counts["wrong"] == 0
    assert counts["right"] >= sum(counts.values()) - 2
