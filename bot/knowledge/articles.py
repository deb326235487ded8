"""The knowledge base's articles: reviewed TOML files under data/knowledge/<topic>/<name>.toml.

One file per article so that each is reviewed like code (a diff per change, a source per
fact). `load_articles` reads them all; `article_problems` lists what `dumas kb check`
(and CI) refuses: an id that does not match its path, a missing language, no source, a
check date older than a year or in the future.

Facts of one unit (its address, phone, service hours) sit in data/knowledge/
unit_facts.csv, one row per unit with the public page that states them
(`load_unit_facts`); `unit_fact_problems` refuses a unit unknown to data/routing, a row
without a source URL or without any fact, and a check date older than a year.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from bot.settings import DATA_ROOT

KNOWLEDGE_ROOT = DATA_ROOT / "knowledge"
UNIT_FACTS_PATH = KNOWLEDGE_ROOT / "unit_facts.csv"
UNITS_PATH = DATA_ROOT / "routing" / "units.csv"
LANGUAGES = ("id", "en")
MAX_AGE = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """Where one unit differs or is specific: its address, phone, hours (with a source)."""

    unit: str
    address: str = ""
    phone: str = ""
    hours: str = ""
    source: str = ""
    as_of: str = ""  # the date the source page gives, if any
    checked: str = ""  # when the source was last read
    note: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    id: str  # "sim/perpanjang"
    topic: str  # "sim"
    title: dict[str, str]
    answer: dict[str, str]
    keywords: tuple[str, ...]
    synonyms: tuple[str, ...]
    sources: tuple[str, ...]
    checked: str  # ISO date the sources were last checked
    path: Path
    unit_facts: tuple[UnitFacts, ...] = field(default_factory=tuple)

    def text(self, part: str, locale: str) -> str:
        texts = self.title if part == "title" else self.answer
        return (texts.get(locale) or texts.get("id") or "").strip()


def _article(path: Path, root: Path) -> Article:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    facts = tuple(
        UnitFacts(**{k: str(v) for k, v in item.items() if k in UnitFacts.__dataclass_fields__})
        for item in data.get("unit_facts", ())
    )
    return Article(
        id=str(data.get("id", "")),
        topic=str(data.get("topic", "")),
        title={k: str(v) for k, v in dict(data.get("title", {})).items()},
        answer={k: str(v) for k, v in dict(data.get("answer", {})).items()},
        keywords=tuple(str(k) for k in data.get("keywords", ())),
        synonyms=tuple(str(k) for k in data.get("synonyms", ())),
        sources=tuple(str(s) for s in data.get("sources", ())),
        checked=str(data.get("checked", "")),
        path=path,
        unit_facts=facts,
    )


def article_files(root: Path = KNOWLEDGE_ROOT) -> list[Path]:
    return sorted(root.rglob("*.toml")) if root.is_dir() else []


@cache
def load_articles(root: Path = KNOWLEDGE_ROOT) -> tuple[Article, ...]:
    """Every article (files that do not parse are reported by `article_problems`)."""
    articles = []
    for path in article_files(root):
        try:
            articles.append(_article(path, root))
        except (tomllib.TOMLDecodeError, TypeError, ValueError):
            continue
    return tuple(articles)


def article_problems(root: Path = KNOWLEDGE_ROOT, today: date | None = None) -> list[str]:
    today = today or date.today()
    problems = []
    seen: set[str] = set()
    for path in article_files(root):
        where = str(path.relative_to(root))
        try:
            article = _article(path, root)
        except (tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
            problems.append(f"{where}: does not parse: {exc}")
            continue
        expected = str(path.relative_to(root).with_suffix("")).replace("\\", "/")
        if article.id != expected:
            problems.append(f"{where}: id {article.id!r} should be {expected!r}")
        if article.id in seen:
            problems.append(f"{where}: duplicate id {article.id!r}")
        seen.add(article.id)
        if article.topic != article.id.split("/")[0]:
            problems.append(f"{where}: topic {article.topic!r} is not the id's first part")
        for language in LANGUAGES:
            if not article.title.get(language, "").strip():
                problems.append(f"{where}: no title in {language}")
            if not article.answer.get(language, "").strip():
                problems.append(f"{where}: no answer in {language}")
        if not [s for s in article.sources if s.startswith(("https://", "http://"))]:
            problems.append(f"{where}: no source URL")
        if not article.keywords:
            problems.append(f"{where}: no keywords")
        try:
            checked = date.fromisoformat(article.checked)
        except ValueError:
            problems.append(f"{where}: checked {article.checked!r} is not a date")
        else:
            if checked > today:
                problems.append(f"{where}: checked {checked} is in the future")
            elif today - checked > MAX_AGE:
                problems.append(f"{where}: sources last checked {checked}, over a year ago")
    return problems


def _rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file whose first lines may be # comments."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(body)]


@cache
def load_unit_facts(path: Path = UNIT_FACTS_PATH) -> dict[str, UnitFacts]:
    """The facts of each unit that has a row (none when the file is absent)."""
    if not path.is_file():
        return {}
    fields = UnitFacts.__dataclass_fields__
    facts = {}
    for row in _rows(path):
        if row.get("unit"):
            facts[row["unit"]] = UnitFacts(**{k: v for k, v in row.items() if k in fields})
    return facts


def unit_fact_problems(
    path: Path = UNIT_FACTS_PATH, units_path: Path = UNITS_PATH, today: date | None = None
) -> list[str]:
    """What `dumas kb check` refuses in unit_facts.csv."""
    if not path.is_file():
        return []
    today = today or date.today()
    known = {row.get("id", "") for row in _rows(units_path)} if units_path.is_file() else set()
    problems = []
    seen: set[str] = set()
    for number, row in enumerate(_rows(path), start=1):
        where = f"{path.name} row {number} ({row.get('unit', '')})"
        unit = row.get("unit", "")
        if unit not in known:
            problems.append(f"{where}: unit not in data/routing/units.csv")
        if unit in seen:
            problems.append(f"{where}: a second row for the unit")
        seen.add(unit)
        if not row.get("source", "").startswith(("https://", "http://")):
            problems.append(f"{where}: no source URL")
        if not any(row.get(k) for k in ("address", "phone", "hours")):
            problems.append(f"{where}: no address, phone or hours")
        for name in ("as_of", "checked"):
            value = row.get(name, "")
            if not value and name == "as_of":
                continue  # an undated page
            try:
                day = date.fromisoformat(value)
            except ValueError:
                problems.append(f"{where}: {name} {value!r} is not a date")
                continue
            if day > today:
                problems.append(f"{where}: {name} {day} is in the future")
            elif name == "checked" and today - day > MAX_AGE:
                problems.append(f"{where}: source last checked {day}, over a year ago")
    return problems
