"""The data directory filling up: reported clearly, nothing acknowledged, no corruption."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bot.routing.resolver import Router
from tests.harness import Clock, webhook_harness
from tests.pg_cluster import sqlite_only


@sqlite_only("the full disk is simulated with PRAGMA max_page_count")
async def test_full_store_answers_503_and_recovers(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    async with webhook_harness(tmp_path / "data", router, "secret-value-123", clock=clock) as h:
        api = h.api
        base = f"http://127.0.0.1:{h.runtime.http_port}"
        headers = {"X-Telegram-Bot-Api-Secret-Token": "secret-value-123"}
        # SQLite answers SQLITE_FULL exactly as on a full disk once the file may not grow
        pages = (await h.db.fetchone("PRAGMA page_count"))[0]
        await h.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        async with aiohttp.ClientSession() as session:
            for _ in range(30):  # enough to need a new page
                update = h.updates.text(9800, "halo " + "x" * 3000)
                async with session.post(
                    f"{base}/telegram/webhook", json=update, headers=headers
                ) as response:
                    if response.status == 503:
                        break
            assert response.status == 503  # Telegram will deliver it again later
            async with session.get(f"{base}/healthz") as health:
                assert health.status == 503
                assert (await health.json())["error"] == "storage full"
            assert (await h.db.fetchone("PRAGMA integrity_check"))[0] == "ok"

            await h.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
            async with session.post(
                f"{base}/telegram/webhook", json=update, headers=headers
            ) as response:
                assert response.status == 200
            await h.settle()
            async with session.get(f"{base}/healthz") as health:
                assert health.status == 200
        stored = await h.rows("SELECT external_id FROM inbox")
        assert str(update["update_id"]) in {r["external_id"] for r in stored}
        assert api.sent(9800)  # the citizen got an answer once space was back
        assert (await h.db.fetchone("PRAGMA integrity_check"))[0] == "ok"
