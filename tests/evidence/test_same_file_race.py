"""Two citizens sending the same file at the same moment (a forwarded picture).

Files are stored by their SHA-256, so both messages name one file. One step may end
without keeping its copy (a photo sent under the privacy notice, before the consent) and
delete the file "no evidence row names"; the other step, between its download and its
commit, is about to write the row that names it. The clean-up must not delete a file
that a step still being handled holds (bot/store/evidence_claims.py).

The steps are held by gates, not sleeps: the keeper's step waits after its file is kept
and before its row is written, while the other citizen's message is handled in full."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.steps import answer_until
from tests.harness import Harness

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"foto yang diteruskan di grup RT" * 100
KEEPER, STRANGER = 6411, 6412


async def _lane_done(h: Harness, lane: str) -> None:
    """Until the lane's messages are handled and its task (clean-up included) ended."""
    dispatcher = h.runtime.dispatcher
    for _ in range(500):
        counts = await h.rows(
            "SELECT COUNT(*), COUNT(processed_at) FROM inbox WHERE lane = ?", lane
        )
        stored, handled = counts[0]
        if stored and stored == handled and lane not in dispatcher._running:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"lane {lane} was not handled")


async def test_a_clean_up_keeps_the_file_another_step_is_about_to_name(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    keeper = h.citizen(KEEPER)
    await keeper.say("/start")
    await answer_until(keeper, "evidence", when="when:today")
    h.api.add_file("SAME-KEEPER", JPEG)
    h.api.add_file("SAME-STRANGER", JPEG)

    dispatcher = h.runtime.dispatcher
    reached, release = asyncio.Event(), asyncio.Event()
    original = dispatcher._step

    async def held_step(row: Any, event: Any, *args: Any, **kwargs: Any) -> bool:
        if event.user_id == str(KEEPER):  # its file is downloaded and kept; no row yet
            reached.set()
            await release.wait()
        return await original(row, event, *args, **kwargs)

    monkeypatch.setattr(dispatcher, "_step", held_step)
    h.api.push_update(h.updates.photo(KEEPER, "SAME-KEEPER", file_size=len(JPEG)))
    await asyncio.wait_for(reached.wait(), 10)

    # a new citizen forwards the same picture: under the privacy notice it is not kept,
    # and its step's clean-up runs while the keeper's step is held
    h.api.push_update(h.updates.photo(STRANGER, "SAME-STRANGER", file_size=len(JPEG)))
    await _lane_done(h, f"tg:{STRANGER}")

    release.set()
    await h.settle()
    assert h.api.sent(STRANGER)  # answered (the privacy notice)
    named = [str(r[0]) for r in await h.rows("SELECT stored_name FROM evidence")]
    assert len(named) == 1  # the keeper's row; the stranger's copy was not kept
    evidence = h.runtime.settings.evidence
    assert evidence.exists(named[0]), "the keeper's row names a file the clean-up deleted"
    assert evidence.read(named[0]) == JPEG
