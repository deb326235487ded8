"""`dumas routing resolve` and Router.load with its cache (argparse wiring via a parser)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.routing.commands import add_routing_commands
from bot.routing.resolver import Router
from bot.routing.table import RoutingTableError
from bot.settings import load_settings


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dumas")
    add_routing_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


@pytest.fixture
def data_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("DUMAS_DATA_DIR", str(data_dir))  # the session's cache is reused
    monkeypatch.chdir(tmp_path)  # no stray .env
    return data_dir


def test_resolve_text_command(data_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["routing", "resolve", "kec cilandak jaksel"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "ok"
    assert out["polres"] == "Polres Metro Jakarta Selatan"
    assert out["polda"] == "Polda Metro Jaya"
    assert out["candidates"][0]["path"] == "Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta"

    assert _run(["routing", "resolve", "bogor"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "ambiguous" and out["chosen"] is None
    assert {c["code"] for c in out["candidates"][:2]} == {"32.01", "32.71"}


def test_resolve_point_command(
    data_env: Path, boundaries: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["routing", "resolve", "--lat", "-6.1754", "--lon", "106.8272"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["chosen"]["code"] == "31.71"
    assert out["polres"] == "Polres Metro Jakarta Pusat"
    assert _run(["routing", "resolve", "--lat", "35.6", "--lon", "139.7"]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "outside"


def test_resolve_needs_text_or_point(data_env: Path) -> None:
    assert _run(["routing", "resolve"]) == 2
    assert _run(["routing", "resolve", "--lat", "1.0"]) == 2


def test_router_load_uses_cache_and_refuses_bad_table(data_env: Path, tmp_path: Path) -> None:
    settings = load_settings(env_file=None)
    router = Router.load(settings)
    assert list((data_env / "cache").glob("gazetteer-*.pickle"))
    assert router.resolve_text("jaksel").status == "ok"
    bad = tmp_path / "units.csv"
    bad.write_text("id,name,kind,polda_id,timezone,covers\n", encoding="utf-8")
    with pytest.raises(RoutingTableError):
        Router.load(settings, bad)


def test_check_reports_the_place_tables(data_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["routing", "check"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("places: "))
    assert int(line.split()[1]) >= 3000  # landmarks
    assert "airport" in line and "foreign names" in line
    assert "places problem" not in out  # every shipped row resolves to a real code
    line = next(ln for ln in out.splitlines() if ln.startswith("polsek names: "))
    assert int(line.split()[2]) >= 10  # data/routing/polsek_names.csv (session 41)
    assert "polsek names problem" not in out
    line = next(ln for ln in out.splitlines() if ln.startswith("province offices: "))
    assert int(line.split()[2]) >= 35  # data/routing/province_offices.csv (session 43)
    assert "province offices problem" not in out


def test_check_names_a_province_office_row_it_left_out(
    data_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bad row of province_offices.csv is skipped when the router loads (never fatal);
    `routing check` is where its maintainer learns of it, with the file's line."""
    table = tmp_path / "province_offices.csv"
    table.write_text(
        "province,office,regency,district,source,note\n"
        "35,gubernur,35.78,,https://example.org/a,ok\n"
        "35,walikota,35.78,,https://example.org/b,no such office\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("bot.routing.commands.PROVINCE_OFFICES_PATH", table)
    assert _run(["routing", "check"]) == 0
    out = capsys.readouterr().out
    assert "province offices: 1 rows (province_offices.csv)" in out
    assert "province offices problem: province_offices.csv:3: office 'walikota'" in out


def test_eval_command_measures_the_development_half(
    data_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The development half through the command (the suite's one pass over it: the
    figures go to the CI log; tests/routing/test_eval.py measures the held-out half)."""
    code = _run(["routing", "eval", "--set", "dev", "--json"])
    assert code == 0  # only the held-out half decides the exit code
    report = json.loads(capsys.readouterr().out)[0]
    assert report["half"] == "dev" and report["by_expect"]["place"]["total"] > 3_000
    with capsys.disabled():
        print(
            "\n  dev: "
            + ", ".join(
                f"{kind} {row['right']}/{row['total']}" for kind, row in report["by_expect"].items()
            )
        )


def test_eval_command_measures_a_labelled_file_and_lists_its_misses(
    data_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--file` scores a fresh set written like dev.jsonl: per expectation and form, its
    misses listed with --failures (the line asked instead of resolved is one)."""
    lines = [
        {"expect": "place", "form": "kecamatan", "text": "kec cilandak jaksel", "regency": "31.74"},
        {"expect": "place", "form": "regency", "text": "bandung", "regency": "32.73"},
        {"expect": "refuse", "why": "abroad", "text": "kuala lumpur malaysia"},
    ]
    fresh = tmp_path / "fresh_test.jsonl"
    fresh.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert _run(["routing", "eval", "--file", str(fresh), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)[0]
    assert report["half"] == "fresh_test"
    assert report["by_expect"]["place"] == {"right": 1, "total": 2, "share": 0.5}
    assert report["by_expect"]["refuse"]["right"] == 1
    assert report["by_form"]["regency"]["right"] == 0
    assert _run(["routing", "eval", "--file", str(fresh), "--failures"]) == 0
    out = capsys.readouterr().out
    assert "== fresh_test ==" in out and "MISS 'bandung'" in out
    assert "cilandak" not in out


def test_eval_command_will_not_read_the_held_out_half_as_a_file(
    data_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.evaluation.places import set_paths

    assert _run(["routing", "eval", "--file", str(set_paths("places", "heldout"))]) == 2
    assert "held-out" in capsys.readouterr().err


def test_every_table_of_data_places_is_part_of_the_cache_key() -> None:
    """A table missing from the key is read once and then never again (a stale cache)."""
    from bot.routing.landmarks import CHECKED_DIR, PLACES_DIR, place_files

    listed = set(place_files())
    checked = {*CHECKED_DIR.glob("landmarks_*.csv"), *CHECKED_DIR.glob("aliases_*.csv")}
    assert checked  # the tables of places checked on pages (data/routing/README.md)
    assert set(PLACES_DIR.rglob("*.csv")) | checked == listed


def test_every_module_the_index_is_built_with_is_part_of_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module place_index.py builds keys with, changed, must rebuild the cache (session
    40: name_spacing.py's glued short forms are keys); read from its imports, not listed."""
    import ast
    import importlib

    from bot.routing import place_index
    from bot.routing.resolver import gazetteer_cache_key

    tree = ast.parse(Path(str(place_index.__file__)).read_text())
    names = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("bot.routing.")
    }
    assert "bot.routing.name_spacing" in names
    before = gazetteer_cache_key()
    for name in sorted(names):
        module = importlib.import_module(name)
        changed = tmp_path / f"{name}.py"
        changed.write_bytes(Path(str(module.__file__)).read_bytes() + b"\n# changed\n")
        with monkeypatch.context() as patch:
            patch.setattr(module, "__file__", str(changed))
            assert gazetteer_cache_key() != before, name


def test_the_story_words_audit_exits_0_without_defects(
    data_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Session 38: the story audit's status is its defects (bot/evaluation/story_words.py
    `StoryAuditResult.defects`); on a sample it has none, while it still lists guesses
    of names that may be meant."""
    assert _run(["routing", "audit-story-words", "--part", "story", "--every", "40"]) == 0
    out = capsys.readouterr().out
    assert "defects (a field's name guessed, or another place than the village beside it): 0" in out
    assert "guessed or wrong: 0" not in out
