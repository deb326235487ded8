"""Local places told inside a story (session 31, issue 14): markets, schools, mosques,
hospitals, hamlets and streets as incident news and citizens write them, the rules that
the fresh set of tests/eval/places (notes "s31 fresh:") missed before they existed. Each
rule on the text of the page it came from and, where the reference data allows, as a
sweep over every name it is about. Routing through data/ as shipped."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.landmarks import load_places
from bot.routing.place_index import everyday_word, regency_prefixes
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code

SANGGENG = "92.02.12.1002"  # Kel. Sanggeng, Manokwari Barat, Kab. Manokwari


def _one_word_regency_names(gazetteer: Gazetteer) -> list[str]:
    names = {name_key(bare_regency_name(n)) for _c, n in gazetteer.tree.items(2)}
    return sorted(n for n in names if " " not in n and n not in GENERIC)


# --- the word after "saling" / "perang" is no place ----------------------------------


def test_saling_serang_is_no_city(router: Router) -> None:
    """Kota Serang was answered; Sanggeng and Wosi are kelurahan of Manokwari Barat."""
    assert chosen_code(router, "warga sanggeng dan wosi saling serang")[:8] == "92.02.12"


def test_perang_batu_is_no_city(router: Router) -> None:
    """A stone fight at a crossroads of Makassar, not Kota Batu."""
    assert (
        chosen_code(router, "perang batu di perempatan jl gunung bawakaraeng karebosi")[:5]
        == "73.71"
    )


def test_every_regency_after_saling_or_perang_is_a_word(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: no one-word regency name after "saling" or "perang" moves a story told of
    Kel. Sanggeng elsewhere."""
    names = _one_word_regency_names(gazetteer)
    assert len(names) > 250
    wrong = [
        text
        for name in names
        for text in (f"warga sanggeng saling {name}", f"perang {name} di sanggeng")
        if router.resolve_text(text).chosen is None
        or router.resolve_text(text).chosen.code != SANGGENG  # type: ignore[union-attr]
    ]
    assert not wrong, wrong[:20]


def test_saling_alone_still_leaves_the_place(router: Router) -> None:
    assert chosen_code(router, "kec serang") == "36.73.01"


# --- "tgl" is Tegal, "tgl 5" a date ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("maling mobil jl cucuk urang pekauman tgl", "33.76"),  # Kota Tegal
        ("tempat sampah dicuri di city walk tgl", "33.76"),
        ("pencurian di rumah daerah mgl", None),  # asked: Kota or Kab. Magelang
        ("tawuran remaja di tgl", None),
    ],
)
def test_chat_short_forms_of_pair_cities(router: Router, text: str, code: str | None) -> None:
    res = router.resolve_text(text)
    if code is None:
        assert res.status == "ambiguous" and len({c.code[:5] for c in res.candidates}) == 2
    else:
        assert res.status == "ok" and res.chosen is not None
        assert res.chosen.code.startswith(code), (text, res.chosen.code)


def test_tgl_before_a_number_is_a_date(router: Router) -> None:
    """ "tgl 5" names no Tegal: the village named beside it decides alone."""
    assert chosen_code(router, "tgl 5 motor ilang di desa pematang lumut") == "15.06.04.2001"


# --- a dictionary word that only starts regencies' names ---------------------------------


def test_tulang_belulang_is_no_regency(router: Router) -> None:
    """Tulang Bawang and Tulang Bawang Barat (Lampung) were offered beside the village."""
    text = "tulang belulang di kebun sawit dusun kampung tengah desa pematang lumut"
    assert chosen_code(router, text) == "15.06.04.2001"


def test_every_everyday_regency_prefix_gives_way(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: every first word of several regencies' names that is a dictionary word
    ("tanah", "tulang") gives way to a village named with its level word elsewhere, and
    alone is still asked among those regencies."""
    prefixes = regency_prefixes(gazetteer.tree, dict(gazetteer.keys.items()))
    words = sorted(k for k in prefixes if " " not in k and everyday_word(k))
    assert words, "no everyday prefixes left to test"
    wrong = []
    for word in words:
        alone = router.resolve_text(word)
        if alone.status != "ambiguous" or {c.code for c in alone.candidates} != set(prefixes[word]):
            wrong.append(word)
        for village, code in (("pematang lumut", "15.06.04.2001"), ("sanggeng", SANGGENG)):
            got = router.resolve_text(f"{word} di desa {village}")
            if got.chosen is None or got.chosen.code != code:
                wrong.append(f"{word} di desa {village}")
    assert not wrong, wrong


# --- a regency's name after a building named after home towns ---------------------------


def test_pasar_buton_is_in_balikpapan(router: Router) -> None:
    assert chosen_code(router, "ringroad arah pasar buton balikpapan") == "64.71"


def test_every_regency_named_market_of_another_town(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: "pasar <a one-word regency name> balikpapan" is a market of Balikpapan, for
    every regency of another province; "pasar buton" alone still names Buton."""
    names = [
        n
        for n in _one_word_regency_names(gazetteer)
        if not any(c.startswith("64") for c in gazetteer.keys.get(n, ()))
        # a market of that name in its own town ("Pasar Mukomuko") is a real conflict
        and f"pasar {n}" not in gazetteer.keys
        and f"pasar {n}" not in gazetteer.landmark_keys
    ]
    assert len(names) > 150
    wrong = []
    for name in names:
        res = router.resolve_text(f"ringroad arah pasar {name} balikpapan")
        if res.chosen is None or res.chosen.code != "64.71":
            wrong.append(name)
    assert not wrong, wrong[:20]
    assert chosen_code(router, "pasar buton") != "64.71"


# --- a kind of place before a longer name starting inside the first one -----------------


def test_market_of_a_village_whose_name_starts_a_pasar_village(router: Router) -> None:
    """Desa Batu Rakit of Kec. Bayan (Lombok Utara), not the village Pasar Batu and Kec.
    Rakit of Banjarnegara."""
    assert chosen_code(router, "dijambret mau ke pasar batu rakit bayan") == "52.08.04.2012"


# --- a hamlet's name is not the town a road runs through -------------------------------


def test_jorong_name_is_not_the_roads_town(router: Router) -> None:
    """Kec. Kinali (Pasaman Barat), not Kec. IV Koto of Agam named after "jorong"."""
    assert chosen_code(router, "laka di jalan raya kinali jorong iv koto")[:8] == "13.12.05"


# --- a fuzzy guess keeps no dictionary word as a village; initials of a person ---------


def test_rsud_aw_syahranie(router: Router) -> None:
    """RSUD Abdul Wahab Sjahranie of Samarinda, typed with initials and today's spelling;
    "lewat" (through) is no Desa Lewat of Flores Timur."""
    assert chosen_code(router, "maling lewat plafon rsud aw syahranie") == "64.72.03"
    assert chosen_code(router, "rsud aw sjahranie") == "64.72.03"
    assert chosen_code(router, "rsud abdul wahab syahranie") == "64.72.03"
    assert "rsud" in GENERIC


def test_every_person_named_landmark_by_its_initials(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: a landmark named after a person with two or three given names ("RSUD Abdul
    Wahab Sjahranie") is found typed with their initials, with its kind word, wherever
    its full name is found and the short form names no other landmark."""
    from bot.routing.place_index import PERSON_NAMED_KINDS, _person_variants

    seen: dict[str, set[str]] = {}
    full: dict[str, str] = {}
    for landmark in gazetteer.landmarks:
        for written in landmark.names:
            words = name_key(written).split()
            if len(words) < 4 or words[0] not in PERSON_NAMED_KINDS:
                continue
            for variant in _person_variants(words):
                if variant.split()[1].isalpha() and len(variant.split()[1]) in (2, 3):
                    seen.setdefault(variant, set()).add(landmark.code)
                    full[variant] = " ".join(words)
    unique = {v: next(iter(c)) for v, c in seen.items() if len(c) == 1}
    assert len(unique) > 50
    wrong = []
    for variant, code in sorted(unique.items()):
        whole = router.resolve_text(full[variant])
        if whole.chosen is None or whole.chosen.code != code:
            continue  # not found by its full name either: no business of this rule
        got = router.resolve_text(variant)
        if got.chosen is None or got.chosen.code != code:
            wrong.append(variant)
    assert not wrong, wrong[:20]


# --- stones thrown; a former regency name in full ---------------------------------------


def test_lempar_batu_is_no_city(router: Router) -> None:
    """Stones thrown at the Sei Rampah toll gate, not Kota Batu (a development line)."""
    text = "geng motor lempar batu di simpang pintu tol sei rampah"
    assert chosen_code(router, text) == "12.18.04"


def test_every_former_regency_name_in_full(router: Router, tree: RegionTree) -> None:
    """Sweep: every former name "Kabupaten X" of one regency (data/places and
    data/routing alias tables) is that regency, also where X starts the names of others
    ("kabupaten kutai": Kutai Kartanegara, not Kutai Barat or Timur)."""
    book = load_places(tree)
    claims: dict[str, set[str]] = {}
    for alias in book.aliases:
        key = name_key(alias.alias)
        if alias.kind == "former_name" and key.startswith("kabupaten ") and len(alias.code) == 5:
            claims.setdefault(key, set()).add(alias.code)
    names = {k: next(iter(c)) for k, c in claims.items() if len(c) == 1}
    assert "kabupaten kutai" in names and len(names) >= 5
    wrong = [
        k
        for k, code in names.items()
        if router.resolve_text(k).chosen is None or router.resolve_text(k).chosen.code != code
    ]  # type: ignore[union-attr]
    assert not wrong, wrong


# --- a building's own name, then the place it stands in (session 37) ----------------------

RAPPOJAWA = "73.71.07.1004"  # Kel. Rappojawa, Kec. Tallo, Kota Makassar


def test_mosque_named_like_a_kecamatan_stands_in_the_kelurahan_after_it(router: Router) -> None:
    """Masjid Darul Falah of Rappojawa (Makassar), not Kec. Darul Falah of Aceh Timur."""
    assert chosen_code(router, "kotak amal masjid darul falah rappojawa dibobol maling") == (
        RAPPOJAWA
    )


def test_market_named_like_a_kecamatan_stands_in_the_kecamatan_after_it(router: Router) -> None:
    """Pasar Bang Mego of Curup (Rejang Lebong), not Kec. Mego of Sikka; Pasar Bawang of
    Kertak Baru Ilir (Banjarmasin), not Kec. Bawang of Banjarnegara or Batang."""
    assert chosen_code(router, "pospam pasar bang mego curup")[:5] == "17.02"
    assert chosen_code(
        router, "toko di pasar bawang jalan pasar baru kertak baru ilir terbakar"
    ).startswith("63.71")


def test_a_building_named_after_its_own_place_keeps_it(router: Router) -> None:
    """The name after the kind is kept where the place after it agrees (Pasar Banjarsari
    of Ciamis), is one kelurahan addressed by its kecamatan's short name (Tegal Parang,
    Mampang Prapatan), or is followed only by a kab/kota it was split from (Porsea, Toba:
    part of Tapanuli Utara until 1998)."""
    assert chosen_code(router, "pasar banjarsari ciamis")[:5] == "32.07"
    assert chosen_code(router, "masjid al hurriyah tegal parang mampang") == "31.74.03.1004"
    assert chosen_code(router, "ribut pelajar depan spbu porsea tapanuli utara")[:5] == "12.12"


def test_every_kecamatan_named_mosque_of_rappojawa(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: "masjid <a kecamatan's name> rappojawa" is a mosque of Rappojawa for every
    kecamatan name that no regency, no place of Makassar and no mosque of the gazetteer
    bears. Left out: names read as hamlets ("huta bargot") and Miri, a Malaysian city."""
    names = sorted(
        {
            key
            for _code, name in gazetteer.tree.items(3)
            if (key := name_key(name)).split()[0] not in GENERIC
            and not everyday_word(key)
            and not any(c.startswith("73.71") or len(c) <= 5 for c in gazetteer.keys.get(key, ()))
            and f"masjid {key}" not in gazetteer.landmark_keys
            and "huta" not in key.split()
            and key != "miri"
        }
    )
    assert len(names) > 5000
    wrong = [
        name
        for name in names
        if (res := router.resolve_text(f"kotak amal masjid {name} rappojawa dibobol")).chosen
        is None
        or res.chosen.code != RAPPOJAWA
    ]
    assert not wrong, wrong[:20]
