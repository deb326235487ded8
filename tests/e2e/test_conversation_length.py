"""Issue 17's targets for a typical complaint, on both channels and in both languages.

The walks of tests/e2e/walk.py (the same ones bench/bench_conversation.py prints): three
typical complaints per language, each opened from the menu and told straight away, on
Telegram and on WhatsApp. These are counts of actions and characters, not timings.
"""

from __future__ import annotations

from tests.e2e.walk import medians, walk_all
from tests.harness import Harness
from tests.whatsapp.harness import WaHarness


async def test_a_typical_complaint_is_short_on_every_channel_and_language(
    harness: Harness, wa: WaHarness
) -> None:
    results = await walk_all(harness, wa)
    assert all(r.ticket for r in results)
    figures = medians(results)
    assert set(figures) == {
        ("telegram", "id"),
        ("telegram", "en"),
        ("whatsapp", "id"),
        ("whatsapp", "en"),
    }
    for key, m in figures.items():
        assert m["actions"] <= 10, (key, m)
        assert m["characters"] <= 1600, (key, m)
    longest = max(results, key=lambda r: r.longest)
    assert longest.longest <= 450, (longest.channel, longest.language, longest.story)


async def test_english_walks_read_english(harness: Harness, wa: WaHarness) -> None:
    """A tourist (English app on Telegram, English words on WhatsApp) reads no Indonesian
    prompt: the words every Indonesian prompt of the walk uses never appear."""
    results = [r for r in await walk_all(harness, wa) if r.language == "en"]
    indonesian = ("Bapak/Ibu", "Kategori", "kejadian", "Balas dengan", "Lewati", "/hapusdata")
    for r in results:
        text = "\n".join(r.messages + r.confirmation)
        assert not [w for w in indonesian if w in text], (r.channel, r.story, r.opener, text)
