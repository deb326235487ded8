"""A citizen's file is hashed once on its way into the store: the dispatcher names it
(its SHA-256) to claim it before storing, and the store keeps it under that name without
reading all its bytes through SHA-256 a second time (a 20 MB video costs ~40 ms a pass)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import bot.evidence.store
from bot.routing.resolver import Router
from tests.e2e.steps import answer_until
from tests.harness import Clock, telegram_harness

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"foto motor yang hilang" * 400


async def test_a_photo_is_hashed_once_from_download_to_store(
    tmp_path: Path, router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes: list[int] = []

    def counted_sha256(data: bytes = b"", **kwargs: Any) -> Any:
        if bytes(data) == JPEG:
            passes.append(len(data))
        return hashlib.sha256(data, **kwargs)

    monkeypatch.setattr(bot.evidence.store, "hashlib", SimpleNamespace(sha256=counted_sha256))
    clock = Clock(datetime.now(UTC))
    async with telegram_harness(tmp_path / "data", router, clock=clock) as h:
        citizen = h.citizen(6401)
        await citizen.say("/start")
        await answer_until(citizen, "evidence", when="when:today")
        h.api.add_file("IMG-ONCE", JPEG)
        await citizen.send(
            h.updates.document(
                citizen.user_id,
                file_id="IMG-ONCE",
                file_name="IMG_motor.jpg",
                mime_type="image/jpeg",
                file_size=len(JPEG),
            )
        )
        await citizen.press("ev:done")
        await citizen.press("sum:confirm")
        stored = await h.rows("SELECT stored_name, sha256 FROM evidence")
    assert [(str(r[0]), str(r[1])) for r in stored] == [
        (
            f"{hashlib.sha256(JPEG).hexdigest()[:2]}/{hashlib.sha256(JPEG).hexdigest()}.jpg",
            hashlib.sha256(JPEG).hexdigest(),
        )
    ]
    assert passes == [len(JPEG)]
