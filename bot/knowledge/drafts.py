"""Officers' answers saved as drafts, for review: the list `dumas kb drafts` prints, and
one draft as a TOML skeleton in the data/knowledge article format (bot/knowledge/
articles.py) that a reviewer completes, saves as data/knowledge/<topic>/<name>.toml and
commits like any other article.

The skeleton is deliberately incomplete: the article id, the English text, the sources,
the keywords and the check date are the reviewer's to write, so `dumas kb check` refuses
the file until they are (an officer's answer is not yet a checked, sourced article).
"""

from __future__ import annotations

import json

from bot.store import knowledge_drafts
from bot.store.database import Database
from bot.store.knowledge_drafts import Draft

TITLE_MAX = 80


def _line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int) -> str:
    text = _line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def list_lines(drafts: list[Draft]) -> list[str]:
    """One line per draft: id, unit (or national), question, answer, officer, date."""
    lines = []
    for d in drafts:
        unit = d.unit_id or "national"
        lines.append(
            f"#{d.id:<4} {unit:32} {d.created_at[:10]}  {_short(d.officer_name, 24)}\n"
            f"      Q: {_short(d.question, 100)}\n"
            f"      A: {_short(d.answer, 100)}"
        )
    return lines


def _basic(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _multiline(text: str) -> str:
    """A TOML multi-line basic string, easy to edit: backslashes, quote runs and control
    characters other than newline and tab escaped."""
    out = []
    for char in text.strip().replace("\r\n", "\n"):
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif (ord(char) < 0x20 and char not in "\n\t") or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"""\n' + "".join(out) + '\n"""'


def draft_toml(draft: Draft) -> str:
    """The draft as an article skeleton (see the module's docstring)."""
    scope = (
        f"unit {draft.unit_id}"
        if draft.scope == knowledge_drafts.UNIT
        else f"national, approved by supervisory group {draft.approved_by}"
    )
    return "\n".join(
        [
            f"# Draft #{draft.id} ({scope}): the answer {_line(draft.officer_name)} "
            f"(id {draft.officer_id}) gave on {draft.created_at[:10]}, "
            f"ticket id {draft.ticket_id}.",
            "# To publish: choose the id (topic/name, the topic one of data/knowledge's",
            "# folders) and save as data/knowledge/<topic>/<name>.toml; remove anything",
            "# personal from the question; write the English title and answer; add the",
            "# official source URL(s), the words citizens use (keywords, synonyms) and the",
            "# date you checked the sources; then `dumas kb check`.",
            'id = "TOPIC/NAME"',
            'topic = "TOPIC"',
            'checked = ""',
            "sources = []",
            "keywords = []",
            "synonyms = []",
            "",
            "[title]",
            f"id = {_basic(_short(draft.question, TITLE_MAX))}",
            'en = ""',
            "",
            "[answer]",
            f"id = {_multiline(draft.answer)}",
            'en = ""',
            "",
        ]
    )


async def drafts_report(db: Database) -> str:
    drafts = await knowledge_drafts.all_drafts(db)
    if not drafts:
        return "no drafts"
    return "\n".join(list_lines(drafts)) + f"\n{len(drafts)} drafts (`dumas kb drafts show ID`)"


async def draft_skeleton(db: Database, draft_id: int) -> str | None:
    draft = await knowledge_drafts.draft(db, draft_id)
    return draft_toml(draft) if draft is not None else None
