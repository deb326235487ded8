"""bot/knowledge: the article files, their check, and the search (on small test articles;
the shipped articles are measured by tests/knowledge/test_eval.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.knowledge.articles import article_problems, load_articles
from bot.knowledge.search import KnowledgeIndex, terms
from tests.knowledge.articles import article, write

SIM = article(
    "sim/perpanjang",
    "https://korlantas.polri.go.id/",
    keywords=["perpanjang sim", "masa berlaku sim", "renew driving licence"],
    synonyms=["sim mati", "sim habis"],
    title=("Memperpanjang SIM", "Renewing a driving licence"),
    answer=(
        "Bawa KTP dan SIM lama ke Satpas atau SIM keliling.",
        "Bring your ID and old licence to a Satpas office.",
    ),
)
SKCK = article(
    "skck/baru",
    "https://skck.polri.go.id/",
    keywords=["skck", "surat keterangan catatan kepolisian", "police certificate"],
    synonyms=["sk kelakuan baik", "skkb"],
    title=("Membuat SKCK", "Getting a police certificate (SKCK)"),
    answer=(
        "Daftar di skck.polri.go.id, lalu datang ke Polres dengan KTP, KK, akta dan pas foto.",
        "Register online, then bring your ID to the Polres.",
    ),
)


def index_of(tmp_path: Path) -> KnowledgeIndex:
    write(tmp_path, "sim/perpanjang.toml", SIM)
    write(tmp_path, "skck/baru.toml", SKCK)
    return KnowledgeIndex(load_articles.__wrapped__(tmp_path), threshold=0.3)


def test_stemming_and_fillers() -> None:
    assert terms("Pak, mau tanya cara memperpanjang SIM gimana ya?") == ["panjang", "sim"]
    assert terms("kehilangan dompet") == ["hilang", "dompet"]


def test_questions_find_their_article(tmp_path: Path) -> None:
    index = index_of(tmp_path)
    for text, expected in [
        ("syarat perpanjangan sim apa aja pak", "sim/perpanjang"),
        ("sim saya sudah mati, gimana", "sim/perpanjang"),
        ("how do I renew my driving licence", "sim/perpanjang"),
        ("skck?", "skck/baru"),
        ("mau bikin surat kelakuan baik", "skck/baru"),
        ("perpanjng sim", "sim/perpanjang"),  # a typo
        ("bikin skkc dimana", "skck/baru"),  # a typo
    ]:
        match = index.ask(text, "id")
        assert match.article_id == expected, (text, match)
        assert match.status == "answered", (text, match)
    match = index.ask("how do I renew my driving licence", "en")
    assert match.title == "Renewing a driving licence"


def test_nothing_to_say_goes_to_the_officers(tmp_path: Path) -> None:
    index = index_of(tmp_path)
    for text in ("", "pak mau tanya", "tagihan listrik saya naik", "🙏"):
        assert index.ask(text, "id").status == "handoff", text


def test_check_refuses_a_broken_article(tmp_path: Path) -> None:
    write(tmp_path, "sim/perpanjang.toml", SIM)
    write(tmp_path, "sim/salah.toml", SIM)  # its id names another file
    write(
        tmp_path,
        "skck/tua.toml",
        SKCK.replace("skck/baru", "skck/tua")
        .replace('checked = "2026-12-01"', 'checked = "2024-01-01"')
        .replace('en = "Register online, then bring your ID to the Polres."', ""),
    )
    write(tmp_path, "etle/rusak.toml", "id = ")
    problems = "\n".join(article_problems(tmp_path, today=date(2026, 12, 5)))
    assert "sim/salah.toml: id 'sim/perpanjang' should be 'sim/salah'" in problems
    assert "skck/tua.toml: no answer in en" in problems
    assert "over a year ago" in problems
    assert "etle/rusak.toml: does not parse" in problems
    assert "perpanjang.toml" not in problems.replace("sim/salah.toml", "")
