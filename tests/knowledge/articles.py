"""Small knowledge articles for the tests: the TOML text of one article (the format of
bot/knowledge/articles.py) and where a test writes it, so each test names only what
its article is about."""

from __future__ import annotations

import json
from pathlib import Path


def article(
    article_id: str,
    source: str,
    keywords: list[str],
    synonyms: list[str],
    title: tuple[str, str],
    answer: tuple[str, str],
    checked: str = "2026-12-01",
) -> str:
    """The TOML of an article whose topic is the first part of its id; title and answer
    are (Indonesian, English)."""

    def quoted(value: object) -> str:
        # JSON strings and lists of strings are valid TOML for the plain text used here.
        return json.dumps(value, ensure_ascii=False)

    return f"""
id = {quoted(article_id)}
topic = {quoted(article_id.split("/")[0])}
checked = {quoted(checked)}
sources = {quoted([source])}
keywords = {quoted(keywords)}
synonyms = {quoted(synonyms)}
[title]
id = {quoted(title[0])}
en = {quoted(title[1])}
[answer]
id = {quoted(answer[0])}
en = {quoted(answer[1])}
"""


def write(root: Path, rel: str, text: str) -> None:
    """Writes one article file at rel below root (its folder created)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
