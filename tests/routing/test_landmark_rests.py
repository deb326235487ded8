"""A landmark is keyed by the one-word rest of its name after its kind word ("kualanamu"
for Bandara Kualanamu), and such a key matches anywhere in a text. When that rest is an
everyday word ("pintar" of Taman Pintar, "santai" of Pantai Santai, "indonesia" of Plaza
Indonesia), an ordinary sentence must not become that place; the name with its kind word
("taman pintar") and the explicit aliases of data/places still do (issue 14, item 2)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import Sastrawi

from bot.routing.gazetteer import Gazetteer
from bot.routing.landmarks import PLACES_DIR
from bot.routing.place_index import NAMED_KINDS
from bot.routing.place_words import GENERIC, name_key
from bot.routing.resolver import Router


def _indonesian_roots() -> set[str]:
    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return {w.strip() for w in path.read_text(encoding="utf-8").split() if w.strip()}


def _hero_words() -> set[str]:
    with (PLACES_DIR / "streets.csv").open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if r["note"].startswith("hero")]
    return {word for row in rows for word in name_key(row["street"]).split()}


def everyday_rests(
    gazetteer: Gazetteer, words: set[str] | None = None
) -> list[tuple[str, str, str, str]]:
    """(kind word, rest, landmark name, its region code) for every landmark name
    "<kind> <rest>" whose one-word rest would be keyed alone by its shape but is one of
    `words` (by default a dictionary word); rests that some landmark is explicitly named
    by (a name or alias row) are left out, and so are landmarks with a one-word name of
    their own ("Ambassador" of Mal Ambassador): a sentence with a word one typo from it
    may rightly reach them through that name."""
    if words is None:
        words = _indonesian_roots()
    explicit = {name_key(n) for lm in gazetteer.landmarks for n in lm.names}
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for landmark in gazetteer.landmarks:
        if landmark.kind in NAMED_KINDS or any(" " not in name_key(n) for n in landmark.names):
            continue
        for written in landmark.names:
            kind, _, rest = name_key(written).partition(" ")
            if (
                kind in GENERIC
                and " " not in rest
                and len(rest) >= 6
                and rest not in GENERIC
                and rest not in gazetteer.keys
                and rest not in explicit
                and rest in words
            ):
                found.setdefault((kind, rest), (landmark.name, landmark.code))
    return sorted((kind, rest, *where) for (kind, rest), where in found.items())


def test_there_are_everyday_rests_to_check(gazetteer: Gazetteer) -> None:
    rests = {rest for _kind, rest, _name, _code in everyday_rests(gazetteer)}
    assert {"pintar", "santai", "tinggi", "indonesia", "pesona"} <= rests


def test_an_everyday_rest_in_a_sentence_is_not_the_landmark(gazetteer: Gazetteer) -> None:
    wrong = []
    for _kind, rest, name, _code in everyday_rests(gazetteer):
        result = gazetteer.search(f"ada {rest} di sini")
        if any(m.via_landmark == name for m in result.matches):
            wrong.append((rest, name))
    assert not wrong


def test_the_rest_with_its_kind_word_still_names_the_landmark(gazetteer: Gazetteer) -> None:
    """ "di taman pintar" is the landmark; "pulau kakaban" may come through the island's
    own region alias and "tanjung pendam" through the village beside the beach: the same
    place either way."""
    missed = []
    for kind, rest, name, code in everyday_rests(gazetteer):
        result = gazetteer.search(f"di {kind} {rest}")
        top = result.matches[0].code if result.matches else ""
        if result.status != "ok" or not (top.startswith(code) or code.startswith(top)):
            missed.append((kind, rest, name, code, result.status, top))
    assert not missed


def test_a_heroes_name_is_no_one_landmark(gazetteer: Gazetteer) -> None:
    """Juanda, Pattimura, Soekarno name streets in many towns (streets.csv "hero" rows):
    "ada soekarno di sini" is not Terminal Ir. Soekarno of Klaten."""
    cases = everyday_rests(gazetteer, _hero_words())
    assert {"juanda", "soekarno"} <= {rest for _kind, rest, _name, _code in cases}
    taken, lost = [], []
    for kind, rest, name, _code in cases:
        if any(m.via_landmark == name for m in gazetteer.search(f"ada {rest} di sini").matches):
            taken.append((rest, name))
        if not any(m.via_landmark == name for m in gazetteer.search(f"{kind} {rest}").matches):
            lost.append((kind, rest, name))
    assert not taken and not lost


@pytest.mark.parametrize(
    "text",
    ["anak pintar", "tempat santai", "rumah tinggi", "indonesia", "saya di indonesia"],
)
def test_everyday_sentences_are_no_place(gazetteer: Gazetteer, text: str) -> None:
    result = gazetteer.search(text)
    assert not any(m.via_landmark for m in result.matches), (text, result.matches)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("taman pintar", "34.71"),
        ("pantai santai", "81.71"),
        ("plaza indonesia", "31.71"),
        ("bandara kualanamu", "12.07"),  # a rest that is no word stays keyed alone
        ("kualanamu", "12.07"),
    ],
)
def test_landmarks_by_their_names(gazetteer: Gazetteer, text: str, code: str) -> None:
    result = gazetteer.search(text)
    assert result.status == "ok" and result.matches[0].code.startswith(code), (
        text,
        result.matches[:3],
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("turun di lempuyangan", "34.71"), ("dicopet di bungkul", "35.78")],
)
def test_one_word_names_people_use_alone_stay_as_explicit_aliases(
    router: Router, text: str, code: str
) -> None:
    """ "Lempuyangan" (the station) and "Bungkul" (the park) are dictionary words, but how
    people name those places: explicit aliases in data/places keep them."""
    chosen = router.resolve_text(text).chosen
    assert chosen is not None and chosen.code.startswith(code), text
