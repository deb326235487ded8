"""The demo in real headless Chromium: a citizen files a complaint by clicking through the
simulator, an officer claims, replies and resolves it in the staff panel, the citizen sees
the reply and the status, and the transparency page counts it. Screenshots of every page
(phone-sized and desktop) go to test-artifacts/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.app import Runtime
from tests.web.conftest import ARTIFACTS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.is_file() and shutil.which("chromium") is None,
        reason="Chromium is not installed (apt-get install chromium "
        "chromium-driver); CI installs it",
    ),
]
async_api = pytest.importorskip(
    "playwright.async_api", reason="playwright for Python is not installed (test extras)"
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


async def _stats_received(page, base: str, unit: str) -> str:
    await page.goto(f"{base}/statistik.json?period=365&level=polres")
    data = await page.evaluate("() => JSON.parse(document.body.innerText)")
    return next((str(r["received"]) for r in data["rows"] if r["id"] == unit), "0")


async def test_complaint_through_the_browser(demo: Runtime) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"http://127.0.0.1:{demo.http_port}"
    unit = "polres-metro-jakarta-selatan"
    async with async_api.async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")),
            args=ARGS,
            headless=True,
        )
        try:
            context = await browser.new_context(viewport=DESKTOP)
            context.set_default_timeout(TIMEOUT_MS)
            page = await context.new_page()
            before = await _stats_received(page, base, unit)

            await page.goto(f"{base}/demo")
            chat = page.locator("#chat")

            async def press(choice: str) -> None:
                await chat.locator(f'[data-choice="{choice}"]').last.click()

            async def say(text: str) -> None:
                await page.fill("#text", text)
                await page.press("#text", "Enter")

            await say("/aduan")
            await press("consent:yes")
            await press("cat:crime")
            await say("Motor saya dicuri di parkiran pasar oleh dua orang")
            await press("when:yesterday")
            # the place: the location button opens the picker (typed places without a map)
            await chat.locator("button.key.loc").last.click()
            await page.locator("#picker").wait_for(state="visible")
            await page.screenshot(path=ARTIFACTS / "demo-desktop-picker.png")
            await page.locator('.place[data-place="kec cilandak jaksel"]').click()
            await press("place:yes")
            await chat.locator('[data-choice="ev:skip"]').last.wait_for()
            await page.set_input_files(
                "#file", {"name": "bukti.png", "mimeType": "image/png", "buffer": PNG}
            )
            await press("ev:done")
            await press("sum:confirm")
            await chat.get_by_text(re.compile(r"DMS-[0-9A-Z]{4}-[0-9A-Z]{4}")).last.wait_for()
            reference = re.search(r"DMS-[0-9A-Z]{4}-[0-9A-Z]{4}", await chat.inner_text()).group(0)  # type: ignore[union-attr]
            stored = await demo.db.fetchone("SELECT COUNT(*) FROM evidence WHERE sha256 != ''")
            assert stored[0] == 1

            # the officers' panel: the same card as in the Telegram group
            group = page.locator("#group")
            card = group.locator(".msg.card", has_text=reference)
            await card.wait_for()
            await page.screenshot(path=ARTIFACTS / "demo-desktop-card.png")
            claim = card.locator('[data-callback^="t:claim:"]')
            if await claim.count() == 0:
                pytest.skip("the officers' handler gives the card no buttons in this tree")
            await claim.click()
            await card.locator('[data-callback^="t:claim:"]').wait_for(state="detached")
            await card.locator('[data-callback^="t:reply:"]').click()
            await page.locator("#replybar").wait_for(state="visible")
            await page.fill("#staff-text", "Terima kasih, kami sedang memeriksa CCTV pasar.")
            await page.press("#staff-text", "Enter")
            await chat.get_by_text("memeriksa CCTV pasar").wait_for()
            await card.locator('[data-callback^="t:done:"]').click()
            await page.locator("#replybar").wait_for(state="visible")
            await page.fill("#staff-text", "Motor ditemukan dan dikembalikan kepada pelapor.")
            await page.press("#staff-text", "Enter")
            await chat.get_by_text("Motor ditemukan dan dikembalikan").wait_for()
            await card.locator('[data-callback^="t:done:"]').wait_for(state="detached")
            row = await demo.db.fetchone(
                "SELECT status FROM tickets WHERE reference = ?", (reference,)
            )
            assert row[0] == "resolved"
            # the citizen asks for the status and sees it resolved
            await say(f"/status {reference}")
            await chat.locator(".msg.bot").last.wait_for()
            await page.wait_for_function(
                "() => document.querySelector('#chat').innerText.split('/status').pop()"
                ".match(/Selesai|Resolved|Ditangani|resolved/i)"
            )
            await page.screenshot(path=ARTIFACTS / "demo-desktop-resolved.png")

            # the transparency page counts the new complaint
            demo_stats_cache_off(demo)
            after = await _stats_received(page, base, unit)
            assert before != after and int(after) == int(before) + 1
            await page.goto(f"{base}/statistik?period=365")
            await page.screenshot(path=ARTIFACTS / "statistik-desktop.png", full_page=True)
            await context.close()

            # phone-sized: the demo page (both tabs) and the transparency page
            phone = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            phone.set_default_timeout(TIMEOUT_MS)
            mobile = await phone.new_page()
            await mobile.goto(f"{base}/demo?lang=en")
            await mobile.fill("#text", "/start")
            await mobile.press("#text", "Enter")
            await mobile.locator("#chat .msg.bot").first.wait_for()
            await mobile.screenshot(path=ARTIFACTS / "demo-phone-citizen.png")
            await mobile.locator('.tabs [data-tab="staff"]').click()
            await mobile.locator("#group .msg.card").last.wait_for()
            await mobile.screenshot(path=ARTIFACTS / "demo-phone-staff.png")
            await mobile.goto(f"{base}/statistik?period=90&lang=en&polda=polda-metro-jaya")
            await mobile.screenshot(path=ARTIFACTS / "statistik-phone.png", full_page=True)
            await phone.close()
        finally:
            await browser.close()


def demo_stats_cache_off(runtime: Runtime) -> None:
    """The page caches reports for a minute; the test wants the new figure now."""
    for route in runtime.http.app.router.routes() if runtime.http else ():  # type: ignore[attr-defined]
        handler = getattr(route, "handler", None)
        cell = getattr(handler, "__closure__", None) or ()
        for c in cell:
            stats = c.cell_contents
            if hasattr(stats, "_cache"):
                stats._cache.clear()
