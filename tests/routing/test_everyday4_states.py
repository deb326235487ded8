"""Session 44 (issue 14), the resolver's `_a_verb_or_time_after` with `_a_state_befallen`:
a chat word after the people's word ("warga sampe": sampai, Desa Sampe of Sumbawa) before
what befell them, ke- + a root + -an ("ketakutan", "kemalingan"), is the sentence's word,
as before a verb (session 43); before a root ("warga dapet resah"), after "desa" or before
a level word the village is kept."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router, _a_state_befallen

SUMBAWA = "52.04"  # Desa Sampe, Kec. Rhee


@pytest.mark.parametrize("text", ["warga sampe ketakutan", "warga sampe kemalingan tiap malam"])
def test_a_chat_word_before_a_state_names_nothing(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), [
        c.code for c in result.candidates
    ]


@pytest.mark.parametrize(
    "text", ["desa sampe kebanjiran", "warga sampe kecamatan rhee", "warga sampe resah"]
)
def test_the_village_is_kept_where_the_text_places_it(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    held = {c.code[:5] for c in result.candidates}
    if result.chosen is not None:
        held.add(result.chosen.code[:5])
    assert SUMBAWA in held


def test_which_words_tell_a_state() -> None:
    for word in ("ketakutan", "kemalingan", "kebanjiran", "kehilangan"):
        assert _a_state_befallen(word), word
    # level words and kinds of places built the same way, and words of no root
    for word in ("kecamatan", "kelurahan", "kebun", "kemantan"):
        assert not _a_state_befallen(word), word
