"""flows/triage.py, session 31: whose words the harsh words are, and how they are spelt.

A citizen who reports being insulted quotes the insult; the writer's own words are what
the harsh-language lists judge. And the spellings that hid a word before: "!" at a word's
end, masks inside it, regional swear words. The word lists alone (no model) are judged
here: they decide short texts and are the model's features for the rest."""

from __future__ import annotations

import pytest

from flows.triage import detect_abuse, normalize, reported_speech, rule_verdict


def _flagged(text: str) -> bool:
    return rule_verdict(text).abuse.flagged


@pytest.mark.parametrize(
    "text",
    [
        # between quotation marks: someone else's words, whatever the quotes look like
        "Pengendara itu membentak saya 'anjing lu' lalu kabur ke arah Cawang.",
        'Tetangga menulis "dasar goblok" di grup RT tentang ibu saya. Bisa dilaporkan?',
        "Di angkot saya diteriaki \u201cmonyet pulang sana\u201d oleh dua pemuda.",
        "a man yelled \u2018fuck you bule\u2019 at my daughter near the beach",
        "Suami saya setiap marah bilang 'lonte' dan 'bangsat' ke saya, mau lapor KDRT.",
        "Ada yang kirim WA 'awas kamu, tak pateni' ke istri saya jam 2 pagi.",
        # after a word for being called something
        "anak saya di sekolah dikatain goblok dan babi tiap hari",
        "waktu nagih utang saya malah dipisuhi asu sama tetangga",
        "petugas loket maki2 saya pake kata tolol, tolong ditegur",
        "my landlord called me a bastard in front of everyone",
    ],
)
def test_an_insult_the_writer_reports_is_not_the_writers(text: str) -> None:
    abuse = rule_verdict(text).abuse
    assert not abuse.flagged, abuse
    assert abuse.reported  # kept apart: the model reads it as its own signal
    assert "r:abusive_reported" in rule_verdict(text).signals


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own words outside the quotes still count
        "lapor kehilangan malah disuruh 'ikhlasin aja'. polisi bangsat",
        "dibilang 'urus sendiri' sama petugas. goblok emang",
        # "dibilang" followed by other words: the harsh word after them is the writer's
        "lapor penipuan malah dibilang salah sendiri. polisi g0bl0k emang",
        # an apostrophe between letters opens no quotation
        "don't tell me to calm down, you're all bastards",
        # the writer says it: "saya bilang" is no report of someone else's words
        "saya bilang polisi anjing, terus kenapa",
    ],
)
def test_the_writers_own_insult_beside_a_quote_still_counts(text: str) -> None:
    assert _flagged(text), normalize(text)


def test_quoted_tokens_are_the_ones_between_the_marks() -> None:
    text = "dia bilang 'anjing lu' ke saya, it's true"
    tokens = normalize(text)
    quoted = reported_speech(text)
    assert [t for i, t in enumerate(tokens) if i in quoted] == ["anjing", "kamu"]
    assert reported_speech("no quotes here, it's fine") == frozenset()
    # the officer's reply check calls detect_abuse with the tokens alone: unchanged
    assert detect_abuse(normalize("dasar anjing")).flagged


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("NYARI DUIT AJA LU SETAN!!", "setan"),
        ("mampus!", "mampus"),
        ("f*cking corrupt cops", "fucking"),
        ("isinya b*ngs*t semua", "bangsat"),
        ("polisi a****g cari duit doang", "anjing"),
        ("j****k tenan", "jancok"),
        ("presiden b*go", "bego"),
    ],
)
def test_exclamation_marks_and_masks_no_longer_hide_a_word(text: str, word: str) -> None:
    assert word in normalize(text)
    assert _flagged(text)


def test_exclamation_marks_are_punctuation_for_every_list() -> None:
    assert normalize("TOLONG!!") == ["tolong"]
    assert normalize("anj!ng") == ["anjing"]  # inside a word "!" is still an "i"
    assert normalize("p*lisi datang") == ["polisi", "datang"]  # no harsh word: masks dropped


@pytest.mark.parametrize(
    "text",
    [
        "anjiang ang polisi, karajo indak ado",  # Minang
        "polisi baruak, tilang urang se",
        "pulisi belegug, laporan teu diurus",  # Sundanese
        "cicing cai polisi, ngidih pipis di jalan",  # Balinese
        "juancuk polisi suroboyo, lapor malah dipingpong",  # Surabaya
        "pak pol memble tenan, laporanku ora digubris",  # Javanese
    ],
)
def test_regional_swear_words(text: str) -> None:
    assert _flagged(text), normalize(text)


@pytest.mark.parametrize(
    "text",
    [
        "anjiang gadang lapeh di Lapai, mangaja anak-anak pulang mangaji",
        "baruak pamanjek karambia ambo hilang dicuri urang",
        "Abdi cicing di Cibeureum, motor abdi leungit di parkiran masjid",
    ],
)
def test_regional_animal_words_used_literally_are_not(text: str) -> None:
    assert not _flagged(text)
