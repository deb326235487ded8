"""A village whose name has two parts, typed as one word in a story ("bumbun" for Desa
Bum-bun in the Kemendagri tree): the rule that drops a village
named like a word of the story (`Router._told_village_dropped`, session 29) found the
joined word and then looked for the spaced name in the text, and raised ValueError; a
citizen's message then ended in an internal error (session 35: "air terjun bumbun" before
the nature table named the waterfall)."""

from __future__ import annotations

from bot.routing.gazetteer import Match
from bot.routing.resolver import Router


def test_a_joined_two_part_village_name_in_a_story_is_read_without_an_error(
    router: Router,
) -> None:
    codes = router.gazetteer.keys.get("bum bun", ())
    assert codes, "the tree no longer has a village Bum-bun: pick another two-part name"
    for code in codes:
        chosen = router.candidate(Match(code, 4, 100.0))
        for text in (
            "air terjun bumbun",
            "kemarin motor saya hilang dicuri orang di bumbun",
            "tadi malam warga melihat air terjun bumbun meluap deras sekali",
        ):
            res = router._told_village_dropped(text.split(), chosen)
            assert res is None or res.status in ("ok", "ambiguous", "not_found", "outside")
    # and through the whole resolver
    res = router.resolve_text("tadi malam warga melihat air terjun bumbun meluap deras sekali")
    assert res.status in ("ok", "ambiguous", "not_found", "outside")
