"""Reading stored outlines without numpy or shapely (bot/routing/outline_files.py): the
shipped layers' arrays as numpy reads them, imported WKB as shapely wrote it, and a bot
that loads its index and answers a pin without importing either library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from bot.routing.boundaries import SHIPPED_DISTRICTS, SHIPPED_REGENCIES, read_layer
from bot.routing.outline_files import OutlineFileError, read_npz, wkb_outlines

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", [SHIPPED_REGENCIES, SHIPPED_DISTRICTS], ids=lambda p: p.name)
def test_npz_arrays_are_numpys(path: Path) -> None:
    mine = read_npz(path)
    with np.load(path, allow_pickle=False) as theirs:
        assert sorted(mine) == sorted(theirs.files)
        for name in theirs.files:
            assert list(mine[name]) == theirs[name].reshape(-1).tolist(), name


def test_shipped_outlines_make_the_geometries_read_layer_makes() -> None:
    """The web demo's map draws `BoundaryIndex.geoms`: the same outlines, coordinate for
    coordinate."""
    from bot.routing.boundaries import read_outlines

    codes, outlines = read_outlines(SHIPPED_REGENCIES)
    layer = read_layer(SHIPPED_REGENCIES)
    assert codes == layer.codes
    for made, read in zip(outlines.geometries(), layer.geoms, strict=True):
        assert shapely.equals_exact(made, read, 0.0)


def test_wkb_as_shapely_wrote_it() -> None:
    shapes = [
        box(106.0, -7.0, 107.0, -6.0),
        MultiPolygon([box(107.0, -7.0, 107.5, -6.5), box(108.0, -7.0, 108.25, -6.75)]),
        Polygon(
            [(0.0, 0.0, 5.0), (1.0, 0.0, 5.0), (1.0, 1.0, 6.0), (0.0, 0.0, 5.0)],
            [[(0.5, 0.1, 1.0), (0.9, 0.1, 1.0), (0.9, 0.5, 1.0), (0.5, 0.1, 1.0)]],
        ),
        shapely.GeometryCollection([box(1.0, 1.0, 2.0, 2.0), shapely.Point(3.0, 3.0)]),
    ]
    blobs = [shapely.to_wkb(s) for s in shapes] + [shapely.to_wkb(shapes[0], byte_order=0)]
    made = wkb_outlines(blobs).geometries()
    expected = [*shapes[:3], box(1.0, 1.0, 2.0, 2.0), shapes[0]]
    for mine, theirs in zip(made, expected, strict=True):
        assert shapely.equals_exact(mine, shapely.force_2d(theirs), 0.0) or (
            shapely.equals(mine, shapely.force_2d(theirs))
        ), (mine, theirs)


def test_truncated_wkb_is_refused() -> None:
    with pytest.raises(OutlineFileError):
        wkb_outlines([shapely.to_wkb(box(0.0, 0.0, 1.0, 1.0))[:-3]])


def test_a_pin_is_answered_without_numpy_or_shapely(tmp_path: Path) -> None:
    """The bot's process never imports them (issue 21 item 4: 14 MB of RSS)."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from bot.routing.resolver import Router; from bot.settings import load_settings;"
        "router = Router.load(load_settings({'DUMAS_DATA_DIR': sys.argv[2]}, env_file=None));"
        "kuta = router.resolve_point(-8.7180, 115.1686);"
        "assert kuta.chosen is not None and kuta.chosen.code == '51.03.01', kuta;"
        "print(sorted(m for m in ('numpy', 'shapely') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(REPO), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert out.stdout.strip() == "[]"
