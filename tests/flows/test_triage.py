"""flows/triage.py: the word lists, the combination with the model, and bad input."""

from __future__ import annotations

import dataclasses

import pytest

from bot.catalog import load_categories
from bot.triage.model_file import load_model
from flows.intent import Intent
from flows.triage import normalize, triage
from flows.triage_model import Policy
from tests.fakes.triage_model import hand_model


@pytest.mark.parametrize(
    "text",
    [
        "anjiiing",
        "4nj1ng",
        "a n j i n g",
        "b.a.n.g.s.a.t",
        "ANJING!!!",
        "bangsatnya",
        "g0bl0k",
        "anj\u200bing",
        "b\u200ca\u200dngsat",
    ],
)
def test_spelling_tricks_are_undone(text: str) -> None:
    assert triage(text).abuse.flagged, normalize(text)


@pytest.mark.parametrize(
    "text",
    [
        "polisi lambat",
        "minta uang damai 200 ribu",
        "petugas kasar dan membentak",
        "ada pungli di pos polisi",
        "digigit anjing tetangga",
        "someone stole my phone on the bus",
        "setang motor saya dicuri",
    ],
)
def test_criticism_and_literal_words_are_not_abuse(text: str) -> None:
    assert not triage(text).abuse.flagged


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("tolong ada begal", {"110"}),
        ("dia bawa golok", {"110"}),
        ("rumah tetangga kebakaran", {"110", "113"}),
        ("anak saya dipukuli sekarang", {"110", "119"}),
    ],
)
def test_emergencies_and_their_numbers(text: str, numbers: set[str]) -> None:
    result = triage(text).emergency
    assert result.flagged and numbers <= set(result.numbers) and result.numbers[0] == "110"


@pytest.mark.parametrize(
    "text", ["motor saya dicuri kemarin", "saya dibegal minggu lalu", "tolong ditindak parkir liar"]
)
def test_past_events_and_polite_requests_are_not_emergencies(text: str) -> None:
    assert not triage(text).emergency.flagged


BAD_INPUT = [
    "",
    "   ",
    "🙏🙏🙏",
    "😡😡😡🔥",
    "\u200b\u200b",
    "?",
    "!!!",
    "1234567890",
    "x" * 4000,
    ("motor saya dicuri di pasar " * 160)[:4000],
    "тест проверка полиция",
    "警察 帮助",
    "مرحبا الشرطة",
    "tolong 🚨🚨 ada maling\u200b di rumah",
    "\x00\x01\x02",
    "a\u0301\u0301\u0301\u0301",
    "\ufeffhalo pak",
    "ＴＯＬＯＮＧ ＡＤＡ ＭＡＬＩＮＧ",
]


@pytest.mark.parametrize("text", BAD_INPUT)
@pytest.mark.parametrize("with_model", [False, True])
def test_bad_input_gets_a_verdict_never_an_error(text: str, with_model: bool) -> None:
    model = load_model() if with_model else None
    result = triage(text, load_categories(), model)
    assert isinstance(result.intent.label, Intent)
    assert 0.0 <= result.intent.score <= 1.0
    result.to_json()  # serialisable for `dumas triage`


def test_fullwidth_and_zero_width_letters_still_read() -> None:
    assert triage("ＴＯＬＯＮＧ ＡＤＡ ＭＡＬＩＮＧ").emergency.flagged
    assert triage("tolong ada mal\u200bing di rumah").emergency.flagged


def test_nothing_to_read_is_other_not_a_complaint() -> None:
    for text in ("", "🔥🔥", "\u200b"):
        assert triage(text, load_categories(), load_model()).intent.label is Intent.OTHER


def test_the_category_evidence_is_the_models_words_when_no_keyword_matched() -> None:
    model = hand_model(feature="w:zorblat", category="drugs")
    result = triage("tetangga saya tiap malam zorblat di gang belakang", load_categories(), model)
    assert result.suggestion.category == "drugs"
    assert result.suggestion.words == ("zorblat",)


@pytest.mark.parametrize(
    "text",
    [
        "temen2 kami keseret ombak di pantai, 3 orang ga keliatan lagi",
        "kami 6 KK bertahan di atap rumah, air udah sedada",
        "ada mbak2 duduk di pinggir jembatan tol dari tadi nangis2",
        "adik saya kelelep pas mandi di kali, belum muncul",
        "teman saya kirim pesan pamit lalu hpnya mati",
    ],
)
def test_people_carried_off_trapped_or_at_the_edge_are_strong_emergencies(text: str) -> None:
    """Spoken forms ("keseret", "kelelep") and indirect cues ("di pinggir jembatan",
    "pesan pamit") that the lists missed on the session-27 fresh check."""
    emergency = triage(text).emergency
    assert emergency.flagged and emergency.strong, (normalize(text), emergency)


@pytest.mark.parametrize(
    "text",
    [
        "bapak tua tergeletak di tengah jalan, ga gerak, yang nabrak kabur",
        "pengendara kejepit di bawah truk di tanjakan",
        "rumah sebelah kobong, apine gede",
    ],
)
def test_injuries_and_fire_in_chat_and_regional_words(text: str) -> None:
    emergency = triage(text).emergency
    assert emergency.flagged and not emergency.strong  # strong: the precise groups only


@pytest.mark.parametrize(
    "text",
    [
        "anak saya kemarin sempat keseret ombak tapi sudah diselamatkan petugas",
        "minggu lalu kami bertahan di atap rumah waktu banjir, untung dievakuasi tim sar",
        "kakak saya 34 tahun belum pulang sejak rabu, hp tidak aktif",
    ],
)
def test_the_same_cues_told_as_over_or_without_danger_are_not(text: str) -> None:
    assert not triage(text).emergency.flagged


@pytest.mark.parametrize(
    "text",
    [
        "gw udah capek, malem ini semua selesai, obatnya udah gw telen semua",
        "adik saya nulis jangan cari aku lagi, terus hpnya mati",
        "my brother says he wants to die and he has the pills with him",
        "mate got pulled out past the flags, we lost sight of him",
        "pak saya dibawa paksa ke mobil, ga tau mau ke mana",
    ],
)
def test_self_harm_the_sea_and_abduction_told_without_the_obvious_words(text: str) -> None:
    """Session 28's fresh check: pills and a farewell without "bunuh diri", a swimmer
    carried off told in a tourist's English, someone taken against their will."""
    emergency = triage(text).emergency
    assert emergency.flagged and emergency.strong, (normalize(text), emergency)


@pytest.mark.parametrize(
    "text",
    [
        "nenek kami yang pikun sudah ketemu di taman, terima kasih semuanya",
        "teman kami yang terseret ombak sudah ditemukan selamat oleh tim sar",
        "pelaku yang bawa golok di pasar sudah diamankan warga",
    ],
)
def test_found_caught_or_safe_is_over(text: str) -> None:
    assert not triage(text).emergency.flagged, normalize(text)


def test_a_strong_word_list_emergency_wins_unless_the_model_is_all_but_sure() -> None:
    """Policy.emergency_strong_floor: below the model's threshold, a strong list flag
    stands down to its own floor; an ordinary one needs the general floor."""
    strong = "teman kami keseret ombak di pantai, belum kelihatan"
    ordinary = "tolong ada begal di depan gang rumah saya"
    model = hand_model(emergency_bias=-3.0)  # P(emergency) = 0.047 for every message
    assert triage(strong).emergency.strong and triage(ordinary).emergency.flagged
    lists_never = dataclasses.replace(model, policy=Policy(0.5, 0.5, 0.0))
    assert not triage(strong, load_categories(), lists_never).emergency.flagged
    strong_wins = dataclasses.replace(
        model, policy=Policy(0.5, 0.5, 0.0, emergency_strong_floor=0.01)
    )
    verdict = triage(strong, load_categories(), strong_wins)
    assert verdict.emergency.flagged and verdict.intent.label is Intent.EMERGENCY
    assert not triage(ordinary, load_categories(), strong_wins).emergency.flagged
    above_floor = dataclasses.replace(
        model, policy=Policy(0.5, 0.5, 0.0, emergency_strong_floor=0.1)
    )
    assert not triage(strong, load_categories(), above_floor).emergency.flagged


@pytest.mark.parametrize(
    "text",
    [
        "temen sy sms 'kesasar, badai' dari gunung, habis itu ga bisa dihubungi",
        "tiga pendaki kami hilang kontak sejak tanggal 18, terakhir di jalur puncak",
        "anak saya belum pulang dari kemarin siang, umur 8 taun",
        "ibu saya demensia keluar rumah jam 9 pagi dan belum kembali",
        "my son went to the mosque and never came back, it's been 3 hours",
        "mbah kula pikun, medal saking griya jam 7 enjing dereng wangsul",
        "saya di ojol, drivernya belok2 ke jalan sepi dekat makam, saya takut",
        "the grab driver is going the wrong way and won't stop, I don't know this area",
    ],
)
def test_people_lost_out_of_reach_or_vulnerable_and_not_back_are_strong(text: str) -> None:
    """Session 29: hikers lost or out of contact (whatever the hour), a child or an elderly
    person with dementia not back while it is hours, a passenger driven off the route (the
    fresh check's two misses and the development half's 5-fold misses)."""
    emergency = triage(text).emergency
    assert emergency.flagged and emergency.strong, (normalize(text), emergency)


@pytest.mark.parametrize(
    "text",
    [
        "anak saya 14 tahun sudah 13 hari tidak pulang, mohon dibantu pencariannya",
        "bapak saya pikun pergi dari rumah hari senin, sampai hari ini belum ditemukan",
        "ibu saya yang demensia kemarin keluar rumah dan nyasar, sudah ditemukan petugas",
        "hp anak saya dijambret, sudah lapor tapi tidak ada kabar sama sekali",
        "kemarin malam adik saya diajak lewat jalan sepi sama driver ojol, untung sampai rumah",
        "kakek kami sering tersesat, sudah 3 hari belum ketemu sejak naik travel, "
        "mohon bantuan polsek sepanjang jalur itu",
    ],
)
def test_a_search_of_days_or_someone_found_is_not(text: str) -> None:
    assert not triage(text).emergency.flagged, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        "mate got pulled out past the flags, we lost sight of him 10 mins ago, who do we call??",
        "kaca mobil saya dipecah, pelakunya 2 orang boncengan motor masih di sekitar pasar",
        "ada yg ngetok2 jendela kamar jam 2 pagi, orangnya masih di luar",
    ],
)
def test_minutes_ago_and_whoever_did_it_still_there_are_now(text: str) -> None:
    assert triage(text).emergency.flagged, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        "pak, dulu adik saya pernah mau loncat dari jpo, sekarang sudah dirawat. ada konseling?",
        "jembatan ambruk kena banjir bandang tahun lalu dan sampai sekarang belum diperbaiki",
        "semalam ada tawuran, kaca rumah saya pecah. sekarang udah bubar, mohon patroli",
        "truk sound sistem mandeg ning ngarep omah, wong-wong ngeroyok bapakku, saiki wis bubar",
    ],
)
def test_until_now_and_now_already_say_it_is_over(text: str) -> None:
    """ "sampai sekarang" is a long-standing problem and "sekarang sudah" a resolution:
    neither keeps a past danger going (session 29)."""
    assert not triage(text).emergency.flagged, (normalize(text), triage(text).emergency)
