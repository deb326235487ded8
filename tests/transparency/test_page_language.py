"""The transparency page speaks one language throughout, over HTTP on the demo runtime:
the charts write numbers as the page's tables do, and name categories, never their ids."""

from __future__ import annotations

import html
import re

import aiohttp

from bot.app import Runtime
from bot.catalog import load_categories


async def _page(demo: Runtime, query: str) -> str:
    url = f"http://127.0.0.1:{demo.http_port}/statistik?{query}"
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200
        return html.unescape(await resp.text())


def _share_chart(page: str) -> str:
    charts = re.findall(r'<svg[^>]*aria-label="([^"]*)"[^>]*>(.*?)</svg>', page, re.S)
    shares = [body for label, body in charts if label.startswith("Persentase")]
    assert len(shares) == 1
    return shares[0]


async def test_the_share_chart_writes_decimals_as_the_indonesian_table_does(
    demo: Runtime,
) -> None:
    page = await _page(demo, "period=90")
    # the Polda table: name, received, share claimed in time, ...
    table = dict(
        re.findall(r"<tr><td><a [^>]*>([^<]+)</a></td><td>[^<]*</td><td>([^<]*)</td>", page)
    )
    chart = _share_chart(page)
    shown = dict(re.findall(r"<title>([^<:]+): ([^<]+)</title>", chart))
    assert shown and set(shown) == set(table)
    assert any("," in figure for figure in table.values())  # a share with a decimal
    for polda, figure in table.items():
        assert shown[polda] == figure, (polda, shown[polda], figure)  # 55.6% was shown
        assert f">{figure}</text>" in chart


async def test_category_bars_are_named_by_their_labels(demo: Runtime) -> None:
    page = await _page(demo, "period=90")
    tips = re.findall(r"<title>([^<:]+): [^<]*</title>", page)
    labels = {c.label("id") for c in load_categories()}
    ids = {c.id for c in load_categories()}
    assert labels & set(tips)
    assert not ids & set(tips)  # "crime: <5" was the tip of "Kejahatan (curi, rampok)"


async def test_the_weekly_chart_tips_write_dates_as_the_page_does(demo: Runtime) -> None:
    # The tips wrote ISO dates ("Minggu mulai 2026-09-07") beside the page's "7 Sep 2026".
    for query, prefix, months in (
        ("period=90", "Minggu mulai", "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des"),
        ("period=90&lang=en", "Week of", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    ):
        page = await _page(demo, query)
        tips = re.findall(rf"<title>{prefix} ([^<:]+)", page)
        assert len(tips) >= 12, (query, tips)
        for tip in tips:
            assert re.fullmatch(rf"\d{{1,2}} ({months.replace(' ', '|')}) 20\d\d", tip), tip
