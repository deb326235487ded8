"""A village named right beside its own kecamatan or kab/kota outweighs a looser reading
elsewhere in the text, and two such addresses that disagree are asked (session 44, issue
14: bot/routing/kinship.py, the ranking's KIN_BONUS, `Router._lying_together`). Checked
on forms over places of the tree and on a fixed sample of the generated probe
(tests/routing/kinship_forms.py), routing through data/ as shipped."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.routing.resolver import Router
from tests.routing.answers import assert_decided
from tests.routing.kinship_forms import all_forms, answer


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # "tanah" said twice (Kab. Tanah Datar, Laut, Bumbu agree with each other):
        # Desa Pemuteran with its kecamatan Gerokgak (Buleleng) is the address
        ("sengketa tanah di desa pemuteran gerokgak, mafia tanah", "51.08"),
        # Desa Kebon of Kab. Serang (read in the street's area) agrees with Kab. Serang;
        # Kel. Cipare with Serang, its kecamatan and city, is the address: Kota Serang
        ("ditusuk di jalan kh abdul hadi kebon jahe kel cipare serang", "36.73"),
        # Kemiri (a candlenut) is a dictionary word and Kec. Kemiri of Purworejo holds
        # this Desa Wonosuko: the village's name is no longer asked as if typed alone
        ("motor warga hilang di desa wonosuko kemiri tadi malam", "33.06"),
    ],
)
def test_an_address_outweighs_a_looser_reading(router: Router, text: str, regency: str) -> None:
    assert_decided(router.resolve_text(text), text, regency)


@pytest.mark.parametrize(
    "text",
    [
        # Karangrejo of Kec. Borobudur (Magelang), Jatipuro of Kab. Ngawi: Ngawi no
        # longer narrows Karangrejo to the one of Ngawi, nor does the kecamatan beside
        # Karangrejo beat the kab/kota beside Jatipuro
        "desa karangrejo borobudur dan desa jatipuro ngawi",
        # Purworejo is Jatimalang's kab/kota, not a neighbour (Desa Purworejo of
        # Lumajang) of Karanganom of Kec. Pasrujambe
        "bentrok warga kel jatimalang purworejo dan ds karanganom pasrujambe",
        # Kab. Banyumas holds a Desa Purwosari, but "kec purwosari" beside Kuniran is its
        # kecamatan (Bojonegoro)
        "bentrok warga kelurahan cilongok kab banyumas dan ds kuniran kec purwosari",
    ],
)
def test_two_addresses_are_asked(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.reason, res.chosen)
    assert len({c.polres_id for c in res.candidates[:2]}) == 2


def test_the_generated_sample(router: Router) -> None:
    """Every form of 20 sampled villages: the address, or a question for two."""
    counts: Counter[str] = Counter()
    misses = []
    for form in all_forms(router.gazetteer, 20):
        got = answer(router, form)
        counts[form.frame] += 1
        if got != "right":
            misses.append((form.text, got))
    assert set(counts) == {
        "word",
        "village",
        "landmark",
        "repeat",
        "bare",
        "word_kecamatan",
        "two_pairs",
    }
    assert not misses
