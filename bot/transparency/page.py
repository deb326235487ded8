"""The /statistik page: plain HTML and inline CSS, SVG charts, readable on a phone."""

from __future__ import annotations

import html
from datetime import date
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date

from bot.catalog import load_categories
from bot.i18n import Translator
from bot.transparency.charts import bar_chart, column_chart
from bot.transparency.stats import PERIODS, Report
from bot.transparency.suppression import PRIMARY
from flows.texts import N_

# The templates below call _() inside f-strings, which babel cannot see on Python
# 3.11; these markers put the same strings in the catalogs.
_TEMPLATE_STRINGS = (
    N_("Indonesia"),
    N_("Share claimed within the deadline"),
    N_("DEMO: figures from the demonstration data only."),
    N_("Dumas: how complaints are answered"),
    N_("How complaints are answered"),
    N_("Public complaints to the Indonesian National Police through Dumas"),
    N_("Period"),
    N_("Complaints received per week"),
    N_("Hatched bars: fewer than 5 complaints, or hidden."),
    N_("Complaints by category"),
    N_("Open data:"),
)


CSS = """
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,sans-serif;color:#1d2731;background:#f4f6f8}
header{background:#0f3d5e;color:#fff;padding:14px 16px}header a{color:#fff}
header h1{margin:0;font-size:1.3rem}header p{margin:4px 0 0;opacity:.85;font-size:.9rem}
.bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
main{max-width:1040px;margin:0 auto;padding:12px 14px 40px}
nav.periods a,nav.lang a{display:inline-block;padding:6px 10px;border-radius:16px;
background:#e3e9ef;color:#1d2731;text-decoration:none;margin:2px;font-size:.9rem}
nav.periods a[aria-current],nav.lang a[aria-current]{background:#1f5f8b;color:#fff}
header nav.lang a{background:rgba(255,255,255,.15);color:#fff}
.crumbs{font-size:.9rem;margin:10px 0}.crumbs a{color:#1f5f8b}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.tile{background:#fff;border-radius:10px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.tile b{display:block;font-size:1.5rem}.tile span{font-size:.85rem;color:#4b5863}
section{background:#fff;border-radius:10px;padding:12px;margin-top:14px;
box-shadow:0 1px 2px rgba(0,0,0,.08)}section h2{font-size:1.05rem;margin:0 0 8px}
.chart{width:100%;max-width:640px;height:auto;display:block}.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:6px 8px;border-bottom:1px solid #e3e7eb;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left;white-space:normal}
td a{color:#1f5f8b}.muted{color:#5b6670;font-size:.85rem}
.demo{background:#fff3cd;color:#5c4400;padding:8px 16px;font-size:.9rem;text-align:center}
footer{font-size:.85rem;color:#4b5863;margin-top:16px}
"""


def _link(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "/statistik" + ("?" + urlencode(merged) if merged else "")


def render(
    tr: Translator, report: Report, scope_key: str, params: dict[str, Any], demo: bool
) -> str:
    _ = tr.gettext
    e = html.escape
    locale = tr.locale
    if scope_key not in report.scopes:
        scope_key = "national"
    scope = report.scopes[scope_key]
    m = report.metrics(scope_key)
    hidden_text = _("hidden")

    def show(value: Any, suffix: str = "") -> str:
        if value is None:
            return "–"
        if value == PRIMARY:
            return "&lt;5"
        if isinstance(value, str):
            return e(hidden_text)
        if isinstance(value, float):
            return e(f"{value:g}{suffix}".replace(".", "," if locale == "id" else "."))
        return e(f"{value}{suffix}")

    def hours(value: float | None, minutes: bool = False) -> str:
        if value is None:
            return "–"
        if minutes:
            return e(_("{n} min").format(n=f"{value:.0f}"))
        return e(_("{n} h").format(n=f"{value:.1f}".replace(".", "," if locale == "id" else ".")))

    periods = " ".join(
        f'<a href="{e(_link(params, period=p))}"'
        f"{' aria-current=page' if p == report.period_days else ''}>"
        + e(_("{n} days").format(n=p))
        + "</a>"
        for p in PERIODS
    )
    langs = " ".join(
        f'<a href="{e(_link(params, lang=code))}"'
        f'{" aria-current=page" if code == locale else ""} lang="{code}">{label}</a>'
        for code, label in (("id", "Bahasa Indonesia"), ("en", "English"))
    )
    crumbs = [f'<a href="{e(_link(params, polda=None, unit=None))}">{e(_("Indonesia"))}</a>']
    if scope.level in ("polda", "polres") and scope.polda_id:
        polda = report.scopes.get(f"polda:{scope.polda_id}")
        if polda:
            crumbs.append(
                f'<a href="{e(_link(params, polda=polda.id, unit=None))}">{e(polda.name)}</a>'
            )
    if scope.level == "polres":
        crumbs.append(e(scope.name))
    tiles = [
        (show(m["received"]), _("complaints received")),
        (show(m["claimed_within_deadline_pct"], "%"), _("claimed within the deadline")),
        (hours(m["median_minutes_to_claim"], minutes=True), _("median time to claim")),
        (hours(m["median_hours_to_resolve"]), _("median time to resolve")),
        (show(m["resolved_pct"], "%"), _("resolved")),
        (
            show(m["average_rating"]) + (" / 5" if m["average_rating"] is not None else ""),
            _("average citizen rating"),
        ),
    ]
    tile_html = "".join(
        f'<div class="tile"><b>{v}</b><span>{e(label)}</span></div>' for v, label in tiles
    )
    # Questions, apart from the complaints: answered from the knowledge base, passed to
    # the officers, and how long those waited for an officer's first answer.
    question_tiles = [
        (show(m["questions_answered"]), _("questions answered automatically")),
        (show(m["questions_handed_off"]), _("questions passed to officers")),
        (hours(m["median_hours_to_first_answer"]), _("median time to an officer's answer")),
    ]
    questions_title = _("Questions")
    question_html = (
        f'<section><h2>{e(questions_title)}</h2><div class="tiles" id="questions">'
        + "".join(
            f'<div class="tile"><b>{v}</b><span>{e(label)}</span></div>'
            for v, label in question_tiles
        )
        + "</div>"
    )
    categories = {c.id: c for c in load_categories()}
    week_bars = [
        (
            w[8:10] + "/" + w[5:7],
            report.count(scope_key, "week", w),
            # the tip writes the date as the page's period line does ("7 Sep 2026")
            _("Week of {date}").format(
                date=format_date(date.fromisoformat(w), "d MMM y", locale=locale)
            ),
        )
        for w in report.weeks
    ]
    cat_bars = [
        (label, report.count(scope_key, "category", c), label)  # the tip names it too
        for c in report.categories
        for label in [categories[c].label(locale) if c in categories else c]
    ]
    week_chart = column_chart(week_bars, _("Complaints received per week"), hidden_text)
    cat_chart = bar_chart(cat_bars, _("Complaints by category"))
    children = [report.scopes[k] for k in scope.children]
    children.sort(key=lambda s: s.name)
    rows = []
    child_share_bars = []
    for child in children:
        cm = report.metrics(f"{child.level}:{child.id}")
        target = (
            _link(params, polda=child.id, unit=None)
            if child.level == "polda"
            else _link(params, polda=child.polda_id, unit=child.id)
        )
        rows.append(
            f'<tr><td><a href="{e(target)}">{e(child.name)}</a></td>'
            f"<td>{show(cm['received'])}</td>"
            f"<td>{show(cm['claimed_within_deadline_pct'], '%')}</td>"
            f"<td>{hours(cm['median_minutes_to_claim'], minutes=True)}</td>"
            f"<td>{hours(cm['median_hours_to_resolve'])}</td>"
            f"<td>{show(cm['resolved_pct'], '%')}</td>"
            f"<td>{show(cm['average_rating'])}</td></tr>"
        )
        child_share_bars.append(
            (
                child.name,
                cm["claimed_within_deadline_pct"]
                if cm["claimed_within_deadline_pct"] is not None
                else "–",
                child.name,
            )
        )
    child_title = _("Polda") if scope.level == "national" else _("Units")
    question_rows = []
    for child in children:
        cm = report.metrics(f"{child.level}:{child.id}")
        question_rows.append(
            f"<tr><td>{e(child.name)}</td><td>{show(cm['questions_answered'])}</td>"
            f"<td>{show(cm['questions_handed_off'])}</td>"
            f"<td>{hours(cm['median_hours_to_first_answer'])}</td></tr>"
        )
    if question_rows:
        question_head = "".join(
            f"<th>{e(h)}</th>"
            for h in (
                child_title,
                _("Answered automatically"),
                _("Passed to officers"),
                _("Median to an officer's answer"),
            )
        )
        question_html += (
            f"<div class=scroll><table><thead><tr>{question_head}</tr></thead>"
            f"<tbody>{''.join(question_rows)}</tbody></table></div>"
        )
    question_html += (
        '<p class="muted">'
        + e(
            _(
                "Questions answered automatically: answered with an article of the knowledge "
                "base; counted for a unit only when the unit was known, always in the national "
                "figure. Passed to officers: the citizen chose “Ask an officer”; these are not "
                "counted as complaints. An officer's answer: the first reply to the citizen, or "
                "the resolution."
            )
        )
        + "</p></section>"
    )
    table = ""
    if rows:
        head = "".join(
            f"<th>{e(h)}</th>"
            for h in (
                child_title,
                _("Received"),
                _("Claimed in time"),
                _("Median to claim"),
                _("Median to resolve"),
                _("Resolved"),
                _("Rating"),
            )
        )
        table = (
            f"<section><h2>{e(child_title)}</h2><div class=scroll><table><thead><tr>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            + (
                f"<h2>{e(_('Share claimed within the deadline'))}</h2>"
                + bar_chart(
                    child_share_bars,
                    _("Share claimed within the deadline"),
                    "%",
                    100.0,
                    decimal_mark="," if locale == "id" else ".",
                )
                if child_share_bars
                else ""
            )
            + "</section>"
        )
    level = "polda" if scope.level == "national" else "polres"
    downloads = " · ".join(
        f'<a href="/{fmt}?{e(urlencode({"period": report.period_days, "level": lvl}))}">'
        f"{e(label)}</a>"
        for fmt, lvl, label in (
            (
                "statistik.csv",
                level,
                _("CSV for all {level}").format(
                    level=_("Polda") if level == "polda" else _("units")
                ),
            ),
            (
                "statistik.json",
                level,
                _("JSON for all {level}").format(
                    level=_("Polda") if level == "polda" else _("units")
                ),
            ),
            ("statistik.csv", "national", _("CSV national")),
        )
    )
    banner = (
        f'<div class="demo">{e(_("DEMO: figures from the demonstration data only."))}</div>'
        if demo
        else ""
    )
    period_text = _("Complaints received from {start} to {end}").format(
        start=tr.format_date(report.since, "Asia/Jakarta"),
        end=tr.format_date(report.until, "Asia/Jakarta"),
    )
    notes = (
        _(
            "Counts under 5 are shown as <5, and further counts are hidden where the totals "
            "would let someone work a small count out, so that no person can be identified. "
            "Shares, medians and ratings are shown only when they rest on at least 5 "
            "complaints."
        ),
        _(
            'Claimed: an officer took the complaint on (its first "being handled"). Time '
            "to resolve: from receipt to the first resolution. Weeks start on Monday (WIB)."
        ),
    )
    return f"""<!doctype html>
<html lang="{locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(_("Dumas: how complaints are answered"))}</title><style>{CSS}</style></head>
<body>{banner}<header><div class="bar"><div><h1>{e(_("How complaints are answered"))}</h1>
<p>{e(_("Public complaints to the Indonesian National Police through Dumas"))}</p></div>
<nav class="lang">{langs}</nav></div></header>
<main><nav class="periods" aria-label="{e(_("Period"))}">{periods}</nav>
<p class="crumbs">{" › ".join(crumbs)}</p>
<p class="muted">{e(period_text)}</p>
<div class="tiles" id="tiles">{tile_html}</div>
{question_html}
<section><h2>{e(_("Complaints received per week"))}</h2>{week_chart}
<p class="muted">{e(_("Hatched bars: fewer than 5 complaints, or hidden."))}</p></section>
<section><h2>{e(_("Complaints by category"))}</h2>{cat_chart}</section>
{table}
<footer><p>{e(notes[0])}</p><p>{e(notes[1])}</p>
<p>{e(_("Open data:"))} {downloads}</p></footer></main></body></html>"""
