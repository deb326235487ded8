"""Session 31's emergency cues (flows/triage.py word lists): each case is a shape session
31's fresh check showed, written here in other words. Each case fails with the lists
session 31 started from, except the two that guard the new cue's edges (told later, or
no one following)."""

from __future__ import annotations

import pytest

from flows.triage import normalize, triage


@pytest.mark.parametrize(
    "text",
    [
        "pak ada cowok pake jaket item ngikutin saya dari halte, sekarang masih di belakang saya",
        "tolong, mobil putih dari tadi nempel di belakang saya di jalan tol, saya sendirian",
        "a man has been following me from the night market, I'm near the ATM",
        "saya lagi dikuntit orang bermotor dari pasar, saya masuk minimarket, dia nunggu di luar",
    ],
)
def test_someone_being_followed_now_is_a_strong_emergency(text: str) -> None:
    emergency = triage(text).emergency
    assert emergency.flagged and emergency.strong, (normalize(text), emergency)


@pytest.mark.parametrize(
    "text",
    [
        # told afterwards: a complaint
        "minggu lalu saya dibuntuti orang bermotor sampai depan kos, mohon patroli malam",
        # followed by nobody
        "acara jalan sehat itu diikuti ratusan peserta dan berlangsung meriah",
    ],
)
def test_being_followed_told_later_or_no_one_following_is_not_a_strong_emergency(
    text: str,
) -> None:
    assert not triage(text).emergency.strong, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        "bapak saya habis minum obat banyak, sekarang tidak bisa dibangunkan, napasnya pelan",
        "temen kos dipanggil ga nyaut, bibirnya biru, di kamarnya ada bungkus obat",
        "my brother won't wake up after the party, his lips are going blue",
    ],
)
def test_someone_who_does_not_answer_or_wake_is_an_emergency(text: str) -> None:
    assert triage(text).emergency.flagged, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        # a fire put out, the injured referred to a hospital, a body found
        "kebakaran gudang di RT 3 sudah dipadamkan warga, tidak ada korban jiwa",
        "lima korban keracunan nasi kotak dirujuk ke RSUD, semoga lekas sembuh",
        "korban hanyut di kali ditemukan meninggal di bendungan, dibawa ke rumah duka",
        # "masih" after "sampai sekarang": a long-standing problem
        "pria yang mengacungkan golok di pasar bulan lalu sampai sekarang masih bebas",
        # a request to prevent the next one, with the incident in the past
        "bulan lalu ada anak tenggelam di kolam galian, sekarang masih banyak anak main "
        "di situ, mohon dipasang pagar",
        # found, so "tolong" asks for something else
        "adik saya yang hanyut kemarin sudah ditemukan, tolong warga dilarang mandi di sana",
    ],
)
def test_a_danger_that_is_over_or_long_standing_is_not_flagged(text: str) -> None:
    assert not triage(text).emergency.flagged, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        # the extinguisher did not stop it: still a fire
        "kios di lantai 2 kebakaran, apar sudah disemprot tapi apinya makin besar",
        # a beating in Javanese krama
        "wonten tiyang dikroyok bocah-bocah wonten ngajeng pasar, getihen",
    ],
)
def test_a_fire_beside_an_extinguisher_and_a_beating_in_javanese_are_emergencies(
    text: str,
) -> None:
    assert triage(text).emergency.flagged, (normalize(text), triage(text).emergency)
