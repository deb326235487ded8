"""The knowledge base as JSON Lines and back: `dumas kb export` and `dumas kb import`.

The articles live as reviewed TOML files (bot/knowledge/articles.py); this module moves
them in and out in one file, one article per line, for work that is easier on a single
file: translation or proof-reading in another tool, a copy for another deployment, a
batch of articles written elsewhere. A line holds what a file holds:

    {"id": "sim/perpanjang", "topic": "sim", "checked": "2026-12-05",
     "sources": [...], "keywords": [...], "synonyms": [...],
     "title": {"id": ..., "en": ...}, "answer": {"id": ..., "en": ...},
     "unit_facts": [{"unit": ..., "address": ..., "phone": ..., "hours": ...,
                     "source": ...}]}

Import is all or nothing: every line must parse and every article must pass the same
check as `dumas kb check` (both languages, a source URL, keywords, a check date within a
year) before any file is written. It adds and updates files, never deletes one (an
article missing from the file stays), and leaves a file untouched when its content is
already the same, so an export imported back changes nothing and keeps the hand layout
of the reviewed files.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.knowledge.articles import LANGUAGES, Article, article_problems

# topic/name: lower-case words, so an id is always a path inside the knowledge root.
ARTICLE_ID = re.compile(r"^[a-z0-9_]+/[a-z0-9_]+$")
LIST_FIELDS = ("sources", "keywords", "synonyms")
TEXT_FIELDS = ("title", "answer")
FACT_FIELDS = ("unit", "address", "phone", "hours", "source", "as_of", "checked", "note")


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` says why (nothing was written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(slots=True)
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def article_record(article: Article) -> dict[str, Any]:
    """What one article file holds, as plain data (the order of a file)."""
    record: dict[str, Any] = {
        "id": article.id,
        "topic": article.topic,
        "checked": article.checked,
        "sources": list(article.sources),
        "keywords": list(article.keywords),
        "synonyms": list(article.synonyms),
        "title": dict(article.title),
        "answer": dict(article.answer),
    }
    if article.unit_facts:
        record["unit_facts"] = [
            {k: getattr(fact, k) for k in FACT_FIELDS if getattr(fact, k)}
            for fact in article.unit_facts
        ]
    return record


def export_lines(articles: Iterable[Article]) -> Iterator[str]:
    """One JSON object per article, in id order."""
    for article in sorted(articles, key=lambda a: a.id):
        yield json.dumps(article_record(article), ensure_ascii=False)


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string (the same escapes; JSON never writes
    # the "\/" TOML lacks).
    return json.dumps(value, ensure_ascii=False)


def _text(value: str) -> str:
    """A multi-line TOML string when the text has lines (answers read as written)."""
    if "\n" not in value.strip("\n") or any(
        ord(c) < 32 and c not in "\n\t" or ord(c) == 127 for c in value
    ):
        return _string(value)
    body = value.replace("\\", "\\\\").replace('"""', '""\\"')
    if body.endswith('"'):
        body = body[:-1] + '\\"'  # a quote next to the closing delimiter would join it
    # The newline after the opening delimiter is not part of the string (TOML 1.0).
    return f'"""\n{body}"""' if body.endswith("\n") else f'"""\n{body}\\\n"""'


def _list(values: list[str]) -> str:
    if not values:
        return "[]"
    return "[\n" + "".join(f"  {_string(v)},\n" for v in values) + "]"


def article_toml(record: dict[str, Any]) -> str:
    """The TOML file for one record, in the layout of the reviewed files."""
    lines = [
        f"id = {_string(record['id'])}",
        f"topic = {_string(record['topic'])}",
        f"checked = {_string(record['checked'])}",
    ]
    lines += [f"{name} = {_list(record[name])}" for name in LIST_FIELDS]
    for part in TEXT_FIELDS:
        lines.append(f"\n[{part}]")
        texts: dict[str, str] = record[part]
        ordered = [k for k in LANGUAGES if k in texts] + sorted(set(texts) - set(LANGUAGES))
        lines += [f"{language} = {_text(texts[language])}" for language in ordered]
    for fact in record.get("unit_facts", []):
        lines.append("\n[[unit_facts]]")
        lines += [f"{k} = {_string(fact[k])}" for k in FACT_FIELDS if fact.get(k)]
    return "\n".join(lines) + "\n"


def _record(line: str, number: int) -> tuple[dict[str, Any] | None, list[str]]:
    """The record on one line, in canonical form, or the reasons it is not one."""
    where = f"line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [f"{where}: not JSON: {exc.msg}"]
    if not isinstance(data, dict):
        return None, [f"{where}: not an object"]
    problems = []
    article_id = data.get("id")
    if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
        return None, [f"{where}: id {article_id!r} is not topic/name in lower-case words"]
    where = f"line {number} ({article_id})"
    unknown = set(data) - {"id", "topic", "checked", *LIST_FIELDS, *TEXT_FIELDS, "unit_facts"}
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    for name in ("topic", "checked"):
        if not isinstance(data.get(name, ""), str):
            problems.append(f"{where}: {name} is not a string")
    for name in LIST_FIELDS:
        values = data.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(f"{where}: {name} is not a list of strings")
    for name in TEXT_FIELDS:
        texts = data.get(name, {})
        if not isinstance(texts, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in texts.items()
        ):
            problems.append(f"{where}: {name} is not an object of language -> text")
    facts = data.get("unit_facts", [])
    if not isinstance(facts, list) or not all(
        isinstance(f, dict)
        and set(f) <= set(FACT_FIELDS)
        and all(isinstance(v, str) for v in f.values())
        and f.get("unit")
        for f in facts
    ):
        problems.append(f"{where}: unit_facts is not a list of {{unit, address, ...}}")
    if problems:
        return None, problems
    record = {
        "id": article_id,
        "topic": data.get("topic", ""),
        "checked": data.get("checked", ""),
        **{name: list(data.get(name, [])) for name in LIST_FIELDS},
        **{name: dict(data.get(name, {})) for name in TEXT_FIELDS},
    }
    if facts:
        record["unit_facts"] = [{k: f[k] for k in FACT_FIELDS if f.get(k)} for f in facts]
    return record, []


def _same(path: Path, record: dict[str, Any]) -> bool:
    """Whether the file at `path` already holds exactly this record."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return data == tomllib.loads(article_toml(record))


def import_lines(
    lines: Iterable[str], root: Path, today: date | None = None, dry_run: bool = False
) -> ImportReport:
    """Write the articles on `lines` under `root`; raises ImportRefused, writing
    nothing, when any line is not a valid article."""
    records: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record, line_problems = _record(line, number)
        problems += line_problems
        if record is None:
            continue
        if record["id"] in records:
            problems.append(f"line {number}: {record['id']} appears twice")
        records[record["id"]] = record
    if not records and not problems:
        problems.append("no articles in the file")
    if not problems:
        # The same check as `dumas kb check`, on the files as they would be written.
        with tempfile.TemporaryDirectory() as staging:
            for article_id, record in records.items():
                path = Path(staging) / f"{article_id}.toml"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(article_toml(record), encoding="utf-8")
            problems += article_problems(Path(staging), today=today)
    if problems:
        raise ImportRefused(problems)
    report = ImportReport()
    for article_id, record in sorted(records.items()):
        path = root / f"{article_id}.toml"
        if path.exists() and _same(path, record):
            report.unchanged.append(article_id)
            continue
        (report.updated if path.exists() else report.created).append(article_id)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(article_toml(record), encoding="utf-8")
    return report
