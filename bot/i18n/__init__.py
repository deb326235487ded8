"""Catalog loading, per-citizen locale choice, and date/time rendering in WIB/WITA/WIT.

Catalogs are the gettext files under locales/<lang>/LC_MESSAGES/dumas.po. They are
compiled in memory when first used (babel reads the .po and writes the .mo into a
buffer), so a stale or missing compiled file can never show an old wording; `dumas i18n
check` (run in CI) verifies the catalogs match the code.
"""

from __future__ import annotations

import gettext
import io
from datetime import datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.settings import LOCALES_ROOT

DOMAIN = "dumas"
LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    po_path = LOCALES_ROOT / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pick_locale(chosen: str | None, platform_code: str | None, default: str) -> str:
    """The citizen's /bahasa choice wins; then the app's language; then the default."""
    if chosen in LOCALES:
        return chosen
    if platform_code:
        base = platform_code.replace("_", "-").split("-")[0].lower()
        if base in LOCALES:
            return base
        if base in {"jv", "su", "ms"}:  # Javanese, Sundanese, Malay readers: Indonesian
            return "id"
    return default


class Translator:
    """gettext for one locale plus dates in a Polres's zone (satisfies flows.ports.Translator)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in LOCALES else DEFAULT_LOCALE
        self._t = _translations(self.locale)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def format_datetime(self, moment: datetime, tz: str) -> str:
        """E.g. "23 Nov 2026, 14.05 WIB": the zone is always the Indonesian abbreviation
        (WIB/WITA/WIT), which English readers in Indonesia know too, never "+0700"."""
        # The text shows minutes: every moment of one minute reads the same, so a burst's
        # notices and cards (deadlines seconds apart) format each minute once.
        return _format_minute(moment.replace(second=0, microsecond=0), tz, self.locale)

    def format_date(self, moment: datetime, tz: str) -> str:
        return babel_format_datetime(
            moment, "EEEE, d MMMM y", tzinfo=ZoneInfo(tz), locale=self.locale
        )


@lru_cache(maxsize=4096)
def _format_minute(moment: datetime, tz: str, locale: str) -> str:
    zone = ZoneInfo(tz)
    local = babel_format_datetime(moment, "d MMM y, HH.mm", tzinfo=zone, locale=locale)
    abbreviation = babel_format_datetime(moment, "zzz", tzinfo=zone, locale="id")
    return f"{local} {abbreviation}"


@cache
def translator(locale: str) -> Translator:
    return Translator(locale)
