"""Keeping the gettext catalogs in step with the code: extract, merge, check.

`update_catalogs` extracts every marked string (`_`, `gettext`, `ngettext`, `N_`, and
`self._`/`tr.gettext` calls) from bot/ and flows/ into locales/dumas.pot and merges it
into each language's .po; `catalog_problems` is what CI runs: a string in the code that
a catalog lacks, an Indonesian entry left untranslated or fuzzy, or a plural header other
than Indonesian's single form, is a problem.
"""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.settings import LOCALES_ROOT, REPO_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
SOURCE_DIRS = ("flows", "bot")
POT = LOCALES_ROOT / "dumas.pot"
PLURALS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def extract() -> Catalog:
    catalog = Catalog(project="dumas", domain="dumas", charset="utf-8")
    for directory in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            REPO_ROOT / directory,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            catalog.add(
                message,
                locations=[(f"{directory}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def _po_path(locale: str):
    return LOCALES_ROOT / locale / "LC_MESSAGES" / "dumas.po"


def update_catalogs() -> list[str]:
    template = extract()
    POT.parent.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True)
    report = [f"{POT}: {len(template)} messages"]
    for locale in PLURALS:
        path = _po_path(locale)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            catalog = Catalog(locale=locale, domain="dumas", project="dumas")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.plural_forms  # noqa: B018 - babel derives it from the locale
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=True)
        _fix_plural_header(path, locale)
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        report.append(f"{path}: {len(catalog)} messages, {untranslated} untranslated")
    return report


def _fix_plural_header(path, locale: str) -> None:
    """babel writes two plural forms for id; Indonesian has one (nplurals=1; plural=0;)."""
    text = path.read_text(encoding="utf-8")
    lines = [
        f'"Plural-Forms: {PLURALS[locale]}\\n"' if line.startswith('"Plural-Forms:') else line
        for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def catalog_problems() -> list[str]:
    template = extract()
    problems = []
    for locale in PLURALS:
        path = _po_path(locale)
        if not path.exists():
            problems.append(f"{path} is missing (run `dumas i18n update`)")
            continue
        text = path.read_text(encoding="utf-8")
        if f"Plural-Forms: {PLURALS[locale]}" not in text:
            problems.append(f"{path}: plural header must be {PLURALS[locale]}")
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            if entry is None:
                problems.append(
                    f"{path}: missing {_short(message.id)} (run `dumas i18n update` and translate)"
                )
            elif not _translated(entry.string) or entry.fuzzy:
                # English too: an untranslated entry shows the source text, whose examples
                # and commands are Indonesian ("2 hari lalu", /hapusdata).
                problems.append(f"{path}: untranslated or fuzzy {_short(message.id)}")
            elif locale == "en" and (found := _INDONESIAN_COMMANDS.findall(str(entry.string))):
                problems.append(
                    f"{path}: {_short(message.id)} names {', '.join(sorted(set(found)))}; "
                    "English text uses the English commands (/mydata, /erasemydata, /new...)"
                )
    return problems


# Citizens' commands have English aliases (flows/complaint.py _on_command); officers'
# commands in staff groups (/antrian, /tiket...) stay Indonesian in both languages.
_INDONESIAN_COMMANDS = re.compile(r"/(dataku|hapusdata|aduan|batal|bahasa|bantuan)\b")


def _translated(value: object) -> bool:
    if isinstance(value, tuple | list):
        return all(value)
    return bool(value)


def _short(message_id: object) -> str:
    text = message_id[0] if isinstance(message_id, tuple | list) else str(message_id)
    return repr(text[:60] + ("…" if len(text) > 60 else ""))
