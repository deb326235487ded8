"""Session 30's emergency cues (flows/triage.py word lists) and the emergency policy's
choice (bot/triage/training.py): each case is a shape the session's fresh check or the
development half showed, written here in other words."""

from __future__ import annotations

import pytest

from bot.triage.training import (
    GRID,
    PRECISION_FLOOR,
    Example,
    _choose_emergency,
    _choose_policy,
)
from flows.triage import normalize, rule_verdict, triage


@pytest.mark.parametrize(
    "text",
    [
        # an age in years is not years of absence
        "putu kula umur kalih taun ical wonten ngajeng griya, ditinggal mbokne sekedap",
        "anak saya umur 4 tahun hilang di alun-alun barusan, baju biru",
        "pak anak saya 12 tahun belum pulang dari les, biasanya jam 5 sudah di rumah",
        # a child not back, in regional words
        "anak ulun kada bulik matan sekolah, biasanya jam 1 sudah di rumah, wayahini sudah magrib",
        "anak ambo alun pulang dari mangaji, lah malam, HP nyo indak aktif",
        "incu abdi can mulih ti madrasah, biasana jam 4 tos di bumi",
        "anakku durung bali seko dolan nang kali, wis peteng",
        # a child gone from where it was a moment ago
        "keponakan saya hilang di pasar malam, tadi ditinggal sebentar beli minum",
    ],
)
def test_a_child_not_back_or_gone_a_moment_ago_is_a_strong_emergency(text: str) -> None:
    emergency = triage(text).emergency
    assert emergency.flagged and emergency.strong, (normalize(text), emergency)


@pytest.mark.parametrize(
    "text",
    [
        # days of absence, in regional numerals: a search for the unit
        "bapak ambo pai ka ladang, alah ampek hari alun pulang, tolong dibantu cari",
        "simbah kula pikun ical sampun tigang dinten, dereng kondur",
        "anak saya umur 5 tahun hilang sejak 2 bulan lalu, mohon kasusnya dilanjutkan",
        # "lagi" after the missing word is "again", and the thing lost is a shoe
        "sepatu anak saya hilang lagi di masjid, ini yang ketiga kalinya",
    ],
)
def test_days_of_absence_or_a_lost_thing_are_not_a_strong_emergency(text: str) -> None:
    assert not triage(text).emergency.strong, (normalize(text), triage(text).emergency)


@pytest.mark.parametrize(
    "text",
    [
        "mohon patroli, tawuran pelajar di jalan itu sering lagi",
        "kalau laporan pengeroyokan saya ditolak, saya harus ke mana lagi",
        "korban kebakaran kontrakan tadi dirawat di rumah sakit mana ya pak?",
        "orang yang bawa celurit di terminal tadi udah diamanin polisi, makasih",
        "maling yang bobol warung semalam udah ketangkep warga",
    ],
)
def test_again_treated_and_secured_are_not_now(text: str) -> None:
    """Session 30: "lagi" as the last word is "again"; the injured "dirawat" and the
    culprit "diamanin" / "ketangkep" (chat forms of "diamankan", "ditangkap") say over."""
    assert not triage(text).emergency.flagged, (normalize(text), triage(text).emergency)


def test_lagi_before_the_verb_is_still_now() -> None:
    emergency = triage("tetangga lagi ngamuk bawa parang di depan rumah").emergency
    assert emergency.flagged, emergency


def test_a_request_to_prevent_the_next_one_is_a_group_the_model_reads() -> None:
    groups = triage("mohon dipasang papan larangan mandi di sungai itu").emergency.groups
    assert "prevention" in groups
    assert "prevention" not in triage("tolong ada anak hanyut di sungai").emergency.groups


def _example(text: str, emergency: bool) -> Example:
    return Example({"text": text, "emergency": emergency}, rule_verdict(text), [])


def test_of_the_policies_that_find_every_emergency_the_most_permissive_is_chosen() -> None:
    """Nine emergencies the model finds (P 0.9) and one false alarm it half believes (P
    0.3): every policy below 0.9 finds them all, and all keep the precision at 0.9. The
    search keeps a margin for emergencies worded unlike these: a strong word-list cue
    always stands (strong floor 0.0) and the threshold is the grid's lowest. Before
    session 30 it kept the first policy in its loop order, where a strong cue never had
    a floor of its own (1.0)."""
    batch = [_example(f"warga nomor {i} minta tolong segera datang", True) for i in range(9)]
    batch.append(_example("terima kasih pak polisi atas bantuannya kemarin", False))
    threshold, _floor, strong_floor = _choose_emergency(batch, [0.9] * 9 + [0.3])
    assert strong_floor == 0.0 and threshold == min(GRID)


def test_the_precision_floor_still_bounds_the_emergency_threshold() -> None:
    """Three false alarms at P 0.3 beside nine emergencies would take the precision to
    0.75: the threshold goes just above them."""
    batch = [_example(f"warga nomor {i} minta tolong segera datang", True) for i in range(9)]
    batch += [_example(f"terima kasih pak polisi nomor {i}", False) for i in range(3)]
    threshold, _floor, _strong = _choose_emergency(batch, [0.9] * 9 + [0.3] * 3)
    assert threshold == min(t for t in GRID if t > 0.3) and PRECISION_FLOOR > 0.75


def test_the_emergency_part_is_chosen_on_the_messages_marked_for_it() -> None:
    """`train` marks the development half's messages: the others still choose the
    harsh-language and category parts, not the emergency one."""
    dev = [_example(f"kebakaran rumah nomor {i}, orangnya di dalam", True) for i in range(4)]
    dev.append(_example("terima kasih pak polisi atas bantuannya kemarin", False))
    other = [_example(f"laporan nomor {i} soal parkir liar di pasar", False) for i in range(5)]
    batch = dev + other
    p_dev = [0.9, 0.9, 0.9, 0.35, 0.1]
    p_other = [0.4] * 5  # above the dev-half threshold: false alarms if they chose it
    intent = [{"emergency": p} for p in p_dev + p_other]
    empty: list[dict[str, float]] = [{} for _ in batch]
    on_dev = _choose_policy(batch, intent, empty, empty, [True] * 5 + [False] * 5)
    assert (on_dev.emergency_threshold, on_dev.emergency_rules_floor) == (
        _choose_emergency(dev, p_dev)[:2]
    )
    assert on_dev.emergency_threshold <= 0.35  # finds the fourth emergency
    on_all = _choose_policy(batch, intent, empty, empty)
    assert on_all.emergency_threshold > 0.4  # the others' false alarms push it up


@pytest.mark.parametrize(
    "text",
    [
        # a throat cut, told by a neighbour who hears the cries (lead, session 30: the
        # one development emergency the folds missed after the intent lines joined)
        "tetangga saya menjerit, suaminya digorok orang tak dikenal, tolong pak cepat",
        "ada yang menggorok leher penjaga warung di ujung gang, pelakunya masih di sana",
    ],
)
def test_a_throat_cut_is_an_attack_on_life_for_the_word_lists(text: str) -> None:
    emergency = rule_verdict(text).emergency
    assert emergency.flagged, (normalize(text), emergency)
