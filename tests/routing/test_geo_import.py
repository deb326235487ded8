"""Importing boundary files: the shared public file, and property mapping by code and name."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.routing.boundaries import (
    BoundaryError,
    BoundaryIndex,
    import_boundaries,
    save_boundaries,
)
from bot.routing.commands import cmd_geo_import
from bot.routing.regions import RegionTree


def test_shared_file_imports_with_every_feature_matched(
    shared_geojson: Path, tree: RegionTree
) -> None:
    geoms, report = import_boundaries(
        shared_geojson, tree, name_property="WADMKK", province_property="WADMPR"
    )
    assert report.features == 507
    assert report.unmatched == []
    assert len(geoms) == 507  # one feature per regency, no two features on one code
    assert all(len(ix) == 1 for ix in report.matched.values())
    spelled = {code for _i, _label, code, _score in report.fuzzy}
    assert "12.77" in spelled  # "Kota Padang Sidempuan" -> Kota Padangsidimpuan
    assert len(report.missing) == 514 - 507
    assert "31.01" in report.missing  # Kepulauan Seribu has no feature in this file
    # prefixes understood: the regency and the city of the same name are told apart
    assert "32.01" in geoms and "32.71" in geoms
    assert "61.02" in geoms and "61.71" in geoms  # Mempawah and Kota Pontianak


def _collection(features: list[dict[str, object]]) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": features}


def _square(lon: float, lat: float, props: dict[str, object]) -> dict[str, object]:
    d = 0.05
    ring = [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
    ]
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_import_by_code_and_by_other_names(tmp_path: Path, tree: RegionTree) -> None:
    path = tmp_path / "custom.geojson"
    path.write_text(
        json.dumps(
            _collection(
                [
                    _square(106.8, -6.6, {"KODE": "3201", "NAMA": "whatever"}),
                    _square(106.8, -6.2, {"KODE": "31.74"}),
                    _square(107.6, -6.9, {"KODE": "9999"}),
                ]
            )
        ),
        encoding="utf-8",
    )
    geoms, report = import_boundaries(path, tree, code_property="KODE")
    assert set(geoms) == {"32.01", "31.74"}
    assert [u[0] for u in report.unmatched] == [2]

    path.write_text(
        json.dumps(
            _collection(
                [
                    _square(106.8, -6.6, {"kab": "Kabupaten Bogor", "prov": "Jawa Barat"}),
                    _square(106.8, -6.5, {"kab": "Kota Bogor", "prov": "Jawa Barat"}),
                    _square(
                        106.8,
                        -6.2,
                        {"kab": "Kota Administrasi Jakarta Selatan", "prov": "DKI Jakarta"},
                    ),
                    _square(106.9, -6.1, {"kab": "Kota Adm. Jakarta Utara", "prov": "Dki Jakarta"}),
                    _square(
                        119.5,
                        -4.8,
                        {"kab": "Kab. Pangkajene dan Kepulauan", "prov": "Sulawesi Selatan"},
                    ),
                    _square(100.0, 2.5, {"kab": "Toba Samosir", "prov": "Sumatera Utara"}),
                    _square(110.0, -7.0, {"kab": "Atlantis", "prov": "Jawa Tengah"}),
                    _square(110.0, -7.0, {"kab": "Semarang", "prov": "Narnia"}),
                ]
            )
        ),
        encoding="utf-8",
    )
    geoms, report = import_boundaries(path, tree, name_property="kab", province_property="prov")
    assert set(geoms) == {"32.01", "32.71", "31.74", "31.72", "73.10", "12.12"}
    assert {u[0] for u in report.unmatched} == {6, 7}


def test_bad_files(tmp_path: Path, tree: RegionTree) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BoundaryError):
        import_boundaries(path, tree)
    path.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    with pytest.raises(BoundaryError):
        import_boundaries(path, tree)


def test_save_and_load(tmp_path: Path, tree: RegionTree) -> None:
    assert BoundaryIndex.load(tmp_path / "geo") is None
    path = tmp_path / "one.geojson"
    path.write_text(
        json.dumps(
            _collection(
                [
                    _square(
                        106.8,
                        -6.2,
                        {"WADMKK": "Kota Administrasi Jakarta Selatan", "WADMPR": "DKI Jakarta"},
                    ),
                ]
            )
        ),
        encoding="utf-8",
    )
    geoms, _ = import_boundaries(path, tree)
    save_boundaries(tmp_path / "geo", geoms, path.name)
    index = BoundaryIndex.load(tmp_path / "geo")
    assert index is not None
    hit = index.locate(-6.2, 106.8, 10)
    assert hit is not None and hit.codes == ("31.74",)


def test_geo_import_command(
    shared_geojson: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DUMAS_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(
        file=shared_geojson,
        name_property="WADMKK",
        province_property="WADMPR",
        code_property=None,
        dry_run=False,
    )
    assert cmd_geo_import(args) == 0
    out = capsys.readouterr().out
    assert "0 unmatched" in out
    assert BoundaryIndex.load(tmp_path / "geo") is not None
