"""The demo page's HTML shell; every word comes from the catalogs (the script gets its
words in a JSON block, so it contains none of its own)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from bot.i18n import translator
from flows.texts import N_

# The templates below call _() inside f-strings, which babel cannot see on Python
# 3.11; these markers put the same strings in the catalogs.
_TEMPLATE_STRINGS = (
    N_("Dumas demo: citizen chat and staff group"),
    N_("DEMO"),
    N_("Demonstration data only: nothing here reaches the police. For emergencies call 110."),
    N_("Dumas: try it without a token"),
    N_("Transparency page"),
    N_("Citizen"),
    N_("Staff group"),
    N_("Citizen's phone"),
    N_("a citizen's chat with the bot"),
    N_("New citizen"),
    N_("Choose the place on the map"),
    N_("All provinces"),
    N_("Close"),
    N_("Or type the place, for example:"),
    N_("Attach a file"),
    N_("Share a location"),
    N_("Write a message…"),
    N_("Message"),
    N_("Send"),
    N_("the Polres staff group as officers see it on Telegram"),
    N_("Officer"),
)


def demo_page(
    lang: str,
    groups: Sequence[tuple[str, str]],
    officers: Sequence[tuple[str, str]],
    has_map: bool,
    typed_places: Sequence[str],
    lang_chosen: bool = False,
) -> str:
    tr = translator(lang)
    _ = tr.gettext
    e = html.escape
    words = {
        "send": _("Send"),
        "attach": _("Attach a file"),
        "location": _("Share a location"),
        "typing": _("Dumas is typing…"),
        "replying": _("Replying to the message above"),
        "cancel": _("Cancel"),
        "map_title": _("Choose the place on the map"),
        "map_country": _("Tap a province, then the place in it."),
        "map_province": _("Tap the place where it happened."),
        "map_back": _("All provinces"),
        "map_close": _("Close"),
        "no_map": _(
            "No boundaries are imported, so there is no map. Import them with "
            "`dumas geo import FILE.geojson` (see the README) and restart the demo; "
            "until then, type the place, for example:"
        ),
        "pin": _("📍 Location {lat}, {lon}"),
        "file": _("📎 {name}"),
        "reply": _("Reply"),
        "you": _("You"),
        "map_location": _("📍 Map pin {lat}, {lon}"),
        "sending": _("Sending…"),
        "error": _("Could not reach the demo server; trying again."),
        "placeholder": _("Write a message…"),
        "staff_placeholder": _("Write in the group (reply: tap ↩ on a message)…"),
    }
    lang_links = " ".join(
        f'<a href="/demo?lang={code}" lang="{code}"'
        f"{' aria-current=page' if code == lang else ''}>{label}</a>"
        for code, label in (("id", "Bahasa Indonesia"), ("en", "English"))
    )
    group_options = "".join(
        f'<option value="{e(chat)}">{e(name)}</option>' for chat, name in groups
    )
    officer_options = "".join(
        f'<option value="{e(uid)}">{e(name)}</option>' for uid, name in officers
    )
    places = "".join(
        f'<button type="button" class="place" data-place="{e(p)}">{e(p)}</button>'
        for p in typed_places
    )
    # lang_chosen: the page's language was picked (?lang=): the citizen's messages say
    # it, as Telegram's app language; otherwise their words do (bot/channels/web/adapter.py)
    config = {"lang": lang, "lang_chosen": lang_chosen, "words": words, "has_map": has_map}
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(_("Dumas demo: citizen chat and staff group"))}</title>
<link rel="stylesheet" href="/demo/static/demo.css"></head>
<body>
<div class="banner" role="note"><b>{e(_("DEMO"))}</b> {
        e(_("Demonstration data only: nothing here reaches the police. For emergencies call 110."))
    }
</div>
<header><h1>{e(_("Dumas: try it without a token"))}</h1>
<nav>{lang_links} <a href="/statistik?lang={lang}">{e(_("Transparency page"))}</a></nav>
</header>
<nav class="tabs" role="tablist">
<button type="button" data-tab="citizen" aria-selected="true">{e(_("Citizen"))}</button>
<button type="button" data-tab="staff" aria-selected="false">{e(_("Staff group"))}</button>
</nav>
<main class="split">
<section id="citizen" class="pane phone" aria-label="{e(_("Citizen's phone"))}">
<div class="head"><div><b>Dumas Polri</b><small>{e(_("a citizen's chat with the bot"))}</small>
</div><button type="button" id="new-citizen">{e(_("New citizen"))}</button></div>
<div id="chat" class="chat" aria-live="polite"></div>
<div id="picker" class="picker" hidden>
<div class="picker-head"><b>{e(_("Choose the place on the map"))}</b>
<button type="button" id="map-back" hidden>{e(_("All provinces"))}</button>
<button type="button" id="map-close">{e(_("Close"))}</button></div>
<p id="map-help" class="help"></p><div id="map" class="map-box"></div>
<p class="help">{e(_("Or type the place, for example:"))}</p><div class="places">{places}</div>
</div>
<form id="composer" class="composer" autocomplete="off">
<label class="icon" title="{e(_("Attach a file"))}">📎<input type="file" id="file" hidden></label>
<button type="button" class="icon" id="loc" title="{e(_("Share a location"))}">📍</button>
<input id="text" name="text" placeholder="{e(_("Write a message…"))}"
 aria-label="{e(_("Message"))}">
<button type="submit" id="send">{e(_("Send"))}</button></form>
</section>
<section id="staff" class="pane group" aria-label="{e(_("Staff group"))}">
<div class="head"><div><select id="group-select" aria-label="{e(_("Staff group"))}">{group_options}
</select><small>{e(_("the Polres staff group as officers see it on Telegram"))}</small></div>
<select id="officer" aria-label="{e(_("Officer"))}">{officer_options}</select></div>
<div id="group" class="chat" aria-live="polite"></div>
<div id="toast" class="toast" hidden></div>
<div id="replybar" class="replybar" hidden><span></span>
<button type="button" id="reply-cancel">✖</button></div>
<form id="staff-composer" class="composer" autocomplete="off">
<input id="staff-text" placeholder="{e(words["staff_placeholder"])}"
 aria-label="{e(_("Message"))}">
<button type="submit">{e(_("Send"))}</button></form>
</section>
</main>
<script id="config" type="application/json">{config_json}</script>
<script src="/demo/static/demo.js"></script>
</body></html>"""
