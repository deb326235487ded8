"""`dumas kb export` / `dumas kb import`: the articles as JSON Lines and back
(bot/knowledge/interchange.py)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.articles import KNOWLEDGE_ROOT, load_articles
from bot.knowledge.interchange import (
    ImportRefused,
    article_record,
    export_lines,
    import_lines,
)
from tests.test_cli import run

TODAY = date(2026, 12, 5)


def record(article_id: str = "sim/coba", **changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": article_id,
        "topic": article_id.split("/")[0],
        "checked": "2026-12-01",
        "sources": ["https://korlantas.polri.go.id/"],
        "keywords": ["coba sim"],
        "synonyms": [],
        "title": {"id": "Coba", "en": "Try"},
        "answer": {"id": "Baris satu.\nBaris dua.\n", "en": "Line one.\nLine two.\n"},
    }
    return {**base, **changes}


def lines(*records: dict[str, object]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def test_the_shipped_articles_go_out_and_back_unchanged(tmp_path: Path) -> None:
    exported = list(export_lines(load_articles()))
    assert len(exported) == len(load_articles()) >= 40
    # Into an empty directory: every article is created and reads back the same.
    report = import_lines(exported, tmp_path / "kb", today=TODAY)
    assert len(report.created) == len(exported) and not report.updated
    again = [article_record(a) for a in load_articles.__wrapped__(tmp_path / "kb")]
    assert [json.loads(line) for line in exported] == again
    # Into a copy of the reviewed files: nothing to write, their layout is kept.
    copy = tmp_path / "copy"
    shutil.copytree(KNOWLEDGE_ROOT, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*.toml")}
    report = import_lines(exported, copy, today=TODAY)
    assert len(report.unchanged) == len(exported) and not report.created + report.updated
    assert {p: p.read_bytes() for p in copy.rglob("*.toml")} == before


def test_awkward_text_survives_the_toml_it_is_written_to(tmp_path: Path) -> None:
    awkward = {
        "id": 'Kutip "tiga": """ dan garis miring \\ di tengah, tanpa baris akhir "x"',
        "en": 'Ends in a quote "',
    }
    r = record(
        answer=awkward,
        title={"id": "Tab\tdan kontrol \x07", "en": "Ümlaut — dash"},
        unit_facts=[{"unit": "polres-batu", "phone": "(0341) 591-110", "source": "https://x.id"}],
    )
    import_lines(lines(r), tmp_path, today=TODAY)
    (article,) = load_articles.__wrapped__(tmp_path)
    assert article_record(article) == r


def test_an_edit_updates_only_its_file(tmp_path: Path) -> None:
    import_lines(lines(record("sim/a"), record("sim/b")), tmp_path, today=TODAY)
    edited = record("sim/b", keywords=["coba sim", "sim baru"])
    report = import_lines(lines(record("sim/a"), edited), tmp_path, today=TODAY)
    assert (report.updated, report.unchanged, report.created) == (["sim/b"], ["sim/a"], [])
    report = import_lines(lines(record("sim/c")), tmp_path, today=TODAY, dry_run=True)
    assert report.created == ["sim/c"] and not (tmp_path / "sim" / "c.toml").exists()
    assert (tmp_path / "sim" / "a.toml").exists()  # absent from the file: kept


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (record("../etc/x"), "is not topic/name"),
        (record("sim/x", answer={"id": "Hanya bahasa Indonesia."}), "no answer in en"),
        (record("sim/x", sources=["korlantas"]), "no source URL"),
        (record("sim/x", checked="2025-01-01"), "over a year ago"),
        (record("sim/x", topic="skck"), "is not the id's first part"),
        (record("sim/x", keywords="sim"), "keywords is not a list"),
        (record("sim/x", colour="blue"), "unknown fields"),
    ],
)
def test_one_bad_article_refuses_the_whole_file(tmp_path: Path, bad: object, reason: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_lines([*lines(record("sim/ok")), json.dumps(bad)], tmp_path, today=TODAY)
    assert reason in "\n".join(refused.value.problems)
    assert not list(tmp_path.rglob("*.toml"))  # nothing written, not even the good one


def test_not_json_and_duplicates_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="line 2: not JSON"):
        import_lines([*lines(record()), "{id: sim/x"], tmp_path, today=TODAY)
    with pytest.raises(ImportRefused, match="appears twice"):
        import_lines(lines(record(), record()), tmp_path, today=TODAY)
    with pytest.raises(ImportRefused, match="no articles"):
        import_lines(["", "  "], tmp_path, today=TODAY)


def test_the_commands(tmp_path: Path) -> None:
    out = tmp_path / "kb.jsonl"
    assert run("kb", "export", str(out)).returncode == 0
    assert len(out.read_text("utf-8").splitlines()) == len(load_articles())
    result = run("kb", "import", str(out), "--root", str(tmp_path / "kb"), "--dry-run")
    assert result.returncode == 0 and "would be created" in result.stdout
    assert not (tmp_path / "kb").exists()
    result = run("kb", "import", str(out), "--root", str(tmp_path / "kb"))
    assert result.returncode == 0, result.stderr
    assert f"{len(load_articles())} were created" in result.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record("sim/x", sources=[])) + "\n", encoding="utf-8")
    result = run("kb", "import", str(bad), "--root", str(tmp_path / "kb"))
    assert result.returncode == 1 and "no source URL" in result.stderr
    assert "nothing imported" in result.stderr
