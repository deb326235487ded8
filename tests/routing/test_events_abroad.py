"""A migrant's home town against the place abroad where it happened
(bot/routing/events_abroad.py, and its use in bot/routing/gazetteer.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.routing.events_abroad import an_events_place, an_origin
from bot.routing.resolver import Router
from tests.routing.abroad_forms import all_forms, answer


class _Name:
    """A mention of `words[start:end]`, Indonesian (entries) or abroad (foreign)."""

    def __init__(self, start: int, end: int, foreign: str | None = None) -> None:
        self.entries = {} if foreign else {"33.02": 1.0}
        self.exact, self.street, self.foreign = True, False, foreign
        self.marked, self.landmarks = False, dict[str, str]()
        self.start, self.end = start, end


@pytest.mark.parametrize(
    ("text", "start", "foreign"),
    [
        ("abk ditahan di jeddah", 3, "SA"),
        ("tki disiksa di kota kuala lumpur", 4, "MY"),
        ("nelayan ditahan otoritas malaysia", 3, "MY"),
        ("dideportasi imigrasi malaysia", 2, "MY"),
        ("motor dicuri di klaten", 3, None),
    ],
)
def test_an_events_place(text: str, start: int, foreign: str | None) -> None:
    words = text.split()
    assert an_events_place(_Name(start, len(words), foreign), words)


@pytest.mark.parametrize(
    ("text", "start", "foreign"),
    [
        ("wna asal malaysia", 2, "MY"),
        ("pulang dari malaysia", 2, "MY"),
        ("pelaku kabur ke malaysia", 3, "MY"),
        ("polisi klaten", 1, None),  # an authority word places only a country abroad
    ],
)
def test_no_events_place(text: str, start: int, foreign: str | None) -> None:
    words = text.split()
    assert not an_events_place(_Name(start, len(words), foreign), words)


@pytest.mark.parametrize(
    "text",
    [
        "abk asal indramayu",
        "mama sy org indramayu",
        "tki indramayu",
        "nelayan indramayu",
        "pekerja migran dari kab indramayu",
    ],
)
def test_an_origin(text: str) -> None:
    words = text.split()
    assert an_origin(_Name(len(words) - 1, len(words)), words)


def test_an_address_continues_an_origin() -> None:
    words = ["tki", "asal", "desa", "semambung", "kec", "jabon"]
    village, district = _Name(3, 4), _Name(5, 6)
    assert an_origin(district, words, [village, district])
    assert not an_origin(district, words, [district])


@pytest.mark.parametrize(
    "text",
    [
        "abk asal indramayu ditahan di jeddah",
        "mama sy org sumba barat daya disekap agen di malaysia",
        "tki asal ponorogo disiksa majikan di kuala lumpur",
        "nelayan aceh timur ditahan otoritas malaysia",
        "pmi asal desa sukamaju kec pugung disekap agen di riyadh",
        "anak saya dr kab cilacap kerja di taiwan gaji tidak dibayar",
    ],
)
def test_abroad_beats_the_origin(router: Router, text: str) -> None:
    """These were placed at the home town before session 41."""
    assert router.resolve_text(text).status == "outside"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("wna asal malaysia ditangkap di batam", "21.71"),
        ("pulang dari malaysia, dirampok di klaten", "33.10"),
        ("barang dari china dijual di desa semambung kec jabon", "35.15"),
        ("isu desa tetagas lumbis hulu masuk malaysia", "65.03"),
        ("motor dicuri di desa semambung kec jabon, pelaku kabur ke malaysia", "35.15"),
    ],
)
def test_an_event_here_beats_a_foreign_word(router: Router, text: str, code: str) -> None:
    """The last three were answered "outside" before session 41."""
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code.startswith(code)


@pytest.mark.parametrize(
    "text",
    [
        "disekap agen di bandar baru klang",  # Bandar Baru is a quarter of Klang
        "suami sy ditangkap esscom di batu payung tawau",
        "kapal ikan korea terdampar di karang pulau ttukki jeju, abk meninggal",
    ],
)
def test_a_name_beside_a_town_abroad_is_no_event_here(router: Router, text: str) -> None:
    """Dev lines the first version of session 41's reading lost (an Indonesian village's
    name after "di", written against a town abroad or a dictionary word)."""
    assert router.resolve_text(text).status == "outside"


def test_the_probe_sample(router: Router) -> None:
    """A third of the generated probe (tests/routing/abroad_forms.py): session 41
    measured abroad 448/450 outside (90 before) and controls 268/270 placed (209)."""
    got: dict[str, Counter[str]] = {"abroad": Counter(), "control": Counter()}
    for form in all_forms(router.gazetteer, origins=10):
        got[form.reading][answer(router, form)] += 1
    abroad, control = got["abroad"], got["control"]
    assert abroad["outside"] >= 0.95 * sum(abroad.values())
    assert abroad["asked"] == 0
    assert control["placed"] >= 0.95 * sum(control.values())
