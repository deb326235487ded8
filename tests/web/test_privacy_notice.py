"""The privacy notice and /dataku on the web demo name who carries the citizen's messages:
the Polres's own server, no third party (they said Telegram, the default of a table
that had no "web" row)."""

from __future__ import annotations

import aiohttp

from bot.app import Runtime
from tests.web.test_demo_language import _answers, _as_the_page_sends, _page, _say


async def test_the_notice_and_dataku_name_the_polres_server_not_telegram(demo: Runtime) -> None:
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        token, config = await _page(http, base, "")
        story = {"user": "notice-web", "text": "hp saya dicuri di pasar tadi malam"}
        await _say(http, base, token, _as_the_page_sends(config, story))
        notice = (await _answers(http, base, token, "notice-web", 1))[-1]
        assert "Setuju?" in notice, notice
        assert "server Polres" in notice and "tanpa pihak ketiga" in notice, notice
        assert "Telegram" not in notice and "luar negeri" not in notice, notice

        await _say(http, base, token, {"user": "notice-web", "text": "/dataku"})
        # the notice is asked again, then /dataku's answer
        said = await _answers(http, base, token, "notice-web", 3)
        shown = next(s for s in said if s.startswith("Data Bapak/Ibu yang disimpan Dumas"))
        assert "server Polres" in shown and "Telegram" not in shown, shown
        assert "Akun Bapak/Ibu: notice-web (demo web)" in shown, shown  # not "web notice-web"

        # English on the same page: the same truth in English
        english = {"user": "notice-web-en", "text": "my phone was stolen at the market"}
        await _say(http, base, token, _as_the_page_sends(config, english))
        notice = (await _answers(http, base, token, "notice-web-en", 1))[-1]
        assert "Do you agree?" in notice, notice
        assert "Polres's own server" in notice and "Telegram" not in notice, notice
