"""The demo's API answers only its own page in a session the page started: a session
cookie (HttpOnly, SameSite=Strict), the demo's own Host and Origin, and the right
Content-Type; anything else gets 403 or 415 with a short reason (bot/channels/web/guard.py).
"""

from __future__ import annotations

import aiohttp

from bot.app import Runtime
from bot.channels.web.guard import COOKIE

CITIZEN = {"user": "guard-test", "text": "halo", "language": "id"}


async def _session(http: aiohttp.ClientSession, base: str) -> str:
    async with http.get(f"{base}/demo") as response:
        assert response.status == 200
        header = response.headers.getone("Set-Cookie")
    assert "HttpOnly" in header and "SameSite=Strict" in header, header
    assert "expires" not in header.lower() and "max-age" not in header.lower()  # a session
    return response.cookies[COOKIE].value


async def test_the_api_needs_the_session_the_origin_and_the_content_type(demo: Runtime) -> None:
    base = f"http://127.0.0.1:{demo.http_port}"
    api = f"{base}/demo/api/citizen"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        token = await _session(http, base)
        other = await _session(http, base)
        assert token != other  # one per browser session

        async def post(headers: dict[str, str], **kwargs: object) -> tuple[int, str]:
            async with http.post(api, headers=headers, **kwargs) as response:  # type: ignore[arg-type]
                return response.status, await response.text()

        good = {"Cookie": f"{COOKIE}={token}", "Origin": base}
        assert (await post(good, json=CITIZEN))[0] == 200
        # no session, a forged one, a session of an earlier run
        assert (await post({"Origin": base}, json=CITIZEN))[0] == 403
        forged = {**good, "Cookie": f"{COOKIE}={token.split('.')[0]}.{'0' * 64}"}
        assert (await post(forged, json=CITIZEN))[0] == 403
        # another site, no Origin on a post, a DNS-rebound name
        assert (await post({**good, "Origin": "http://evil.example"}, json=CITIZEN))[0] == 403
        status, text = await post({"Cookie": good["Cookie"]}, json=CITIZEN)
        assert status == 403 and len(text) < 80
        rebound = {**good, "Host": f"evil.example:{demo.http_port}"}
        assert (await post(rebound, json=CITIZEN))[0] == 403
        # a form post (what another site can send without a preflight)
        status, text = await post(good, data="user=x&text=halo")
        assert status == 415 and "application/json" in text
        status, _text = await post(
            {**good, "Content-Type": "text/plain"}, data='{"user": "x", "text": "halo"}'
        )
        assert status == 415
        async with http.post(
            f"{base}/demo/api/upload", headers=good, json={"user": "x"}
        ) as response:
            assert response.status == 415

        async with http.get(f"{base}/demo/api/state?wait=0") as response:
            assert response.status == 403
        async with http.get(
            f"{base}/demo/api/state?wait=0", headers={"Cookie": good["Cookie"]}
        ) as response:
            assert response.status == 200
        async with http.get(
            f"{base}/demo/api/state?wait=0",
            headers={"Cookie": good["Cookie"], "Origin": "http://evil.example"},
        ) as response:
            assert response.status == 403
