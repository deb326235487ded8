"""Typed places in the forms people type them: abbreviations, level words, fillers, typos,
postal codes; cities versus regencies of the same name; ambiguous and unknown places."""

from __future__ import annotations

import pytest

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

# (text, expected status, expected code of the chosen / first candidate)
OK_PLACES: list[tuple[str, str]] = [
    # districts and regencies with hints, the way people type them
    ("kec cilandak jaksel", "31.74.06"),
    ("Kec. Cilandak, Jakarta Selatan", "31.74.06"),
    ("KEC CILANDAK", "31.74.06"),
    ("dekat pasar minggu jaksel", "31.74.04"),
    ("di daerah pasar minggu, jakarta", "31.74.04"),
    ("sekitar kebayoran baru", "31.74.07"),
    ("depan kebayoran lama jaksel", "31.74.05"),
    ("tj priok", "31.72.02"),
    ("tanjung priok jakut", "31.72.02"),
    ("koja jakarta utara", "31.72.03"),
    ("kelapa gading", "31.72.06"),
    ("menteng jakpus", "31.71.06"),
    ("gambir", "31.71.01"),
    ("tanah abang jakarta pusat", "31.71.07"),
    ("cengkareng jakbar", "31.73.01"),
    ("kembangan jakarta barat", "31.73.08"),
    ("jatinegara jaktim", "31.75.03"),
    ("jaksel", "31.74"),
    ("jakbar", "31.73"),
    ("jakut", "31.72"),
    ("jaktim", "31.75"),
    ("jakpus", "31.71"),
    ("Jakarta Selatan", "31.74"),
    ("kota adm jakarta timur", "31.75"),
    ("kepulauan seribu", "31.01"),
    ("tangsel", "36.74"),
    ("ciputat tangsel", "36.74.04"),
    ("serpong", "36.74.01"),
    ("kota bogor", "32.71"),
    ("kab bogor", "32.01"),
    ("kabupaten bogor", "32.01"),
    ("Kota Bogor, Jawa Barat", "32.71"),
    ("cibinong kab bogor", "32.01.01"),
    ("kota bandung", "32.73"),
    ("kab bandung", "32.04"),
    ("kota bekasi", "32.75"),
    ("kab. bekasi", "32.16"),
    ("kota tangerang", "36.71"),
    ("kabupaten tangerang", "36.03"),
    ("kota malang", "35.73"),
    ("kab malang", "35.07"),
    ("kota cirebon", "32.74"),
    ("kota sukabumi", "32.72"),
    ("kota semarang", "33.74"),
    ("kota serang", "36.73"),
    ("kota madiun", "35.77"),
    ("kota kediri", "35.71"),
    ("kota blitar", "35.72"),
    ("kota pekalongan", "33.75"),
    ("kota tegal", "33.76"),
    ("kota magelang", "33.71"),
    ("kota mojokerto", "35.76"),
    ("kota probolinggo", "35.74"),
    ("kota pasuruan", "35.75"),
    ("kota tasikmalaya", "32.78"),
    ("kota kupang", "53.71"),
    ("kota solok", "13.72"),
    ("kota bima", "52.72"),
    ("kota gorontalo", "75.71"),
    ("kota sorong", "96.71"),
    ("kota jayapura", "91.71"),
    ("depok", "32.76"),
    ("kota depok", "32.76"),
    ("beji depok", "32.76.06"),
    ("margonda depok", "32.76.06"),  # Simpang Margonda, Kec. Beji (data/places civic.csv)
    # civic.csv had it in Kab. Muaro Jambi; it spans Pelayangan and Jambi Timur (session 37)
    ("jembatan batanghari ii jambi", "15.71"),
    ("cimahi", "32.77"),
    # abbreviations of big cities
    ("jogja", "34.71"),
    ("jogjakarta", "34.71"),
    ("yogya", "34.71"),
    ("Yogyakarta", "34.71"),
    ("smg", "33.74"),
    ("sby", "35.78"),
    ("bdg", "32.73"),
    ("mks", "73.71"),
    ("plg", "16.71"),
    ("medan", "12.71"),
    ("solo", "33.72"),
    ("surakarta", "33.72"),
    ("surabaya", "35.78"),
    ("makassar", "73.71"),
    ("palembang", "16.71"),
    ("denpasar", "51.71"),
    ("batam", "21.71"),
    ("pekanbaru", "14.71"),
    ("balikpapan", "64.71"),
    ("samarinda", "64.72"),
    ("manado", "71.71"),
    ("ambon", "81.71"),
    ("sleman", "34.04"),
    ("bantul", "34.02"),
    ("gunungkidul", "34.03"),
    ("kulon progo", "34.01"),
    ("badung bali", "51.03"),
    ("kuta badung", "51.03.01"),
    ("ubud gianyar", "51.04.05"),
    ("medan belawan", "12.71.08"),
    ("mimika", "94.04"),
    ("jayawijaya", "95.01"),
    ("merauke", "93.01"),
    ("raja ampat", "96.03"),
    ("sidoarjo", "35.15"),
    ("banyuwangi", "35.10"),
    ("cianjur jawa barat", "32.03"),
    ("garut, jabar", "32.05"),
    ("kudus jateng", "33.19"),
    ("jember jatim", "35.09"),
    ("lombok tengah ntb", "52.02"),
    ("manggarai barat ntt", "53.15"),
    # typos
    # "cilandk" alone is asked like "cilandak" (Kec. Cilandak, Jakarta Selatan, and
    # villages Cilandak of Indramayu and Purwakarta), session 29
    ("kec cilandk", "31.74.06"),
    ("kebayoran bru", "31.74.07"),
    ("surabya", "35.78"),
    ("makassr", "73.71"),
    ("kec makasar jaktim", "31.75.08"),
    ("yogyakrta", "34.71"),
    ("pasar mingu", "31.74.04"),
    ("balikpapn", "64.71"),
    ("samarinda kaltim", "64.72"),
    ("bnayuwangi", "35.10"),
    ("sidoarjoo", "35.15"),
    # postal codes
    ("12430", "31.74.06"),
    ("kode pos 12430", "31.74.06"),
    ("12430 cilandak", "31.74.06"),
    # villages with district/regency hints
    ("kel. karet semanggi, setiabudi, jakarta selatan", "31.74.02.1002"),
    ("Jl. Sudirman No 5, Karet Semanggi, Setiabudi, Jakarta Selatan", "31.74.02.1002"),
    ("kel cipete utara kebayoran baru", "31.74.07.1010"),
    ("kelurahan menteng, kec menteng, jakpus", "31.71.06.1001"),
    ("desa sukamaju kec jonggol kab bogor", "32.01.06.2001"),
    # several villages of that name, all in Kab. Bogor: one Polres, no need to ask
    ("ds sukamaju kab bogor", "32.01"),
    ("kemiri muka beji depok", "32.76.06.1004"),
    # a district of that name elsewhere gives way to the city the citizen named (Kec.
    # Kemang is in Kab. Bogor; Kemang the neighbourhood is in Jakarta Selatan)
    ("kemang jaksel", "31.74"),
]

AMBIGUOUS: list[tuple[str, set[str]]] = [
    # a city and a regency of the same name: never pick one
    ("bogor", {"32.01", "32.71"}),
    ("bandung", {"32.04", "32.73"}),
    ("bekasi", {"32.16", "32.75"}),
    ("tangerang", {"36.03", "36.71"}),
    ("malang", {"35.07", "35.73"}),
    ("serang", {"36.04", "36.73"}),
    ("semarang", {"33.22", "33.74"}),
    ("kediri", {"35.06", "35.71"}),
    ("gorontalo", {"75.01", "75.71"}),
    ("kupang", {"53.01", "53.71"}),
    # a village name found in many places
    ("sumberagung", set()),
    ("mekar jaya", set()),
    ("desa sukamaju", set()),
    ("kel menteng", set()),
    ("kota baru", set()),
]

NOT_FOUND_OR_INVALID: list[str] = [
    "",
    "   ",
    "🙂🙂🙂",
    "🚓",
    "x" * 5000,
    "'; DROP TABLE tickets; --",
    "<script>alert(1)</script>",
    "<b></b>",
    "SELECT * FROM users",
    "saya mau lapor polisi",
    "qwxzv",
    "12",
    "00000",
    "99999",
    "...",
    "\x00\x01",
    "lorem ipsum dolor sit amet",
    "zzzzzzzzzz",
    "https://example.com/?q=1",
    "+62 812 3456 7890",
]


@pytest.mark.parametrize(("text", "code"), OK_PLACES, ids=[t for t, _ in OK_PLACES])
def test_ok_places(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.reason, [c.code for c in result.candidates[:4]])
    assert result.chosen is not None and result.chosen.code == code
    assert result.chosen.polres_id and result.chosen.polda_id and result.chosen.timezone
    assert result.chosen.path


@pytest.mark.parametrize(("text", "codes"), AMBIGUOUS, ids=[t for t, _ in AMBIGUOUS])
def test_ambiguous_places(router: Router, text: str, codes: set[str]) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous", (text, result)
    assert result.chosen is None
    assert len(result.candidates) >= 2
    if codes:
        top = {c.code for c in result.candidates[: len(codes)]}
        assert top == codes


@pytest.mark.parametrize("text", NOT_FOUND_OR_INVALID)
def test_bad_input_never_raises(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert result.status in {"invalid", "not_found"}, (text, result)
    assert result.chosen is None


def test_non_text_input(router: Router) -> None:
    assert router.resolve_text(None).status == "invalid"  # type: ignore[arg-type]
    assert router.resolve_text(12430).status == "invalid"  # type: ignore[arg-type]


def test_hint_narrows_village(router: Router) -> None:
    """A village in the named regency beats same-named villages elsewhere."""
    plain = router.resolve_text("sukamaju")
    hinted = router.resolve_text("ds sukamaju kab bogor")
    assert len({c.code[:5] for c in plain.candidates}) > 1
    # the villages all lie in Kab. Bogor, served by Polres Bogor: resolved to the regency
    assert hinted.status == "ok" and hinted.reason.endswith("same_polres")
    assert hinted.chosen is not None and hinted.chosen.code == "32.01"
    tied = [c for c in hinted.candidates[1:] if c.score >= hinted.candidates[0].score - 1]
    assert len(tied) >= 2 and all(c.code.startswith("32.01.") for c in tied)


def test_candidate_shape(router: Router) -> None:
    chosen = router.resolve_text("kec cilandak jaksel").chosen
    assert chosen is not None
    assert chosen.level == "district" and chosen.name == "Cilandak"
    assert chosen.path == "Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta"
    assert chosen.polres_name == "Polres Metro Jakarta Selatan"
    assert chosen.polda_name == "Polda Metro Jaya"
    assert chosen.timezone == "Asia/Jakarta"
    postal = router.resolve_text("12430").chosen
    assert postal is not None and postal.level == "postal_code" and postal.name == "12430"


def test_port_district_routes_to_port_polres(router: Router) -> None:
    chosen = router.resolve_text("kec tanjung priok").chosen
    assert chosen is not None and chosen.polres_id == "polres-pelabuhan-tanjung-priok"


def test_propam_routing(router: Router) -> None:
    chosen = router.resolve_text("kec cilandak jaksel").chosen
    assert chosen is not None
    assert router.unit_for(chosen, "polres").id == "polres-metro-jakarta-selatan"
    assert router.unit_for(chosen, "propam").id == "propam-polda-metro-jaya"
    assert router.unit("polda-metro-jaya") is not None
    assert router.unit("nope") is None
    with pytest.raises(ValueError):
        router.unit_for(chosen, "somewhere")


def _province_cases() -> list[tuple[str, str]]:
    tree = RegionTree()
    return [(name, code) for code, name in tree.items(1)]


PROVINCES = _province_cases()


@pytest.mark.parametrize(("name", "code"), PROVINCES, ids=[n for n, _ in PROVINCES])
def test_all_38_provinces(router: Router, name: str, code: str) -> None:
    """A province alone is not enough to route: its regencies come back to choose from,
    unless a city bears its name (Jambi, Bengkulu): then that city."""
    result = router.resolve_text(name)
    assert result.candidates, name
    first = result.candidates[0]
    if result.status == "ok":
        assert first.code.startswith(code + "."), (name, first)
    else:
        assert result.status == "ambiguous"
        assert first.code == code or first.code.startswith(code + "."), (name, first)
        assert first.polda_id is not None


def _regency_with_province_cases() -> list[tuple[str, str]]:
    """One regency per province whose bare name is unique, typed as "kab X, Province"."""
    tree = RegionTree()
    regencies = list(tree.items(2))
    counts: dict[str, int] = {}
    for _code, name in regencies:
        key = name_key(bare_regency_name(name))
        counts[key] = counts.get(key, 0) + 1
    cases: dict[str, tuple[str, str]] = {}
    for code, name in regencies:
        key = name_key(bare_regency_name(name))
        if code[:2] in cases or counts[key] > 1 or not name.startswith("Kabupaten"):
            continue
        province = tree.name(code[:2]) or ""
        cases[code[:2]] = (f"kab {bare_regency_name(name).lower()}, {province}", code)
    return list(cases.values())


REGENCIES = _regency_with_province_cases()


@pytest.mark.parametrize(("text", "code"), REGENCIES, ids=[t for t, _ in REGENCIES])
def test_regency_in_every_province(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.reason)
    assert result.chosen is not None and result.chosen.code == code


def test_case_count() -> None:
    total = (
        len(OK_PLACES)
        + len(AMBIGUOUS)
        + len(NOT_FOUND_OR_INVALID)
        + len(PROVINCES)
        + len(REGENCIES)
    )
    assert total >= 200


@pytest.mark.parametrize(
    ("text", "district"),
    [("cilandak", "31.74.06"), ("cakung", "31.75.06"), ("cibinong", "32.01.01")],
)
def test_a_bare_district_name_borne_by_villages_elsewhere_is_asked(
    router: Router, text: str, district: str
) -> None:
    """Typed alone or with connecting words only ("dekat", "di daerah"), a district's name
    that villages of other kab/kota (other units) also bear is asked, the district offered
    first; with a level word or another place it is resolved."""
    for typed in (text, f"dekat {text}", f"di daerah {text}", f"deket {text}"):
        result = router.resolve_text(typed)
        assert result.status == "ambiguous" and result.reason == "district_or_villages", typed
        assert result.candidates[0].code == district
    named = router.resolve_text(f"kec {text}")
    assert named.status == "ok" and named.chosen is not None
    assert named.chosen.code == district


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # session 38: markets read on city pages (data/places/landmarks/places.csv)
        ("copet di pasar bunga kayoon", "35.78"),
        ("kebakaran pasar dupak rukun", "35.78"),
        ("pasar wan sri beni", "21.71"),
        ("maling di pasar cipinang kebembem", "31.75"),
        ("pasar pemedilan", "51.71"),
        ("jambret di pasar jatayu", "32.73"),
    ],
)
def test_a_market_read_on_a_city_page(router: Router, text: str, regency: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    assert result.chosen.code[:5] == regency
