"""Assertions on a resolver's answer that several rule modules of tests/routing share
(session 35's and 36's asking rules check the same two outcomes; six modules read the
chosen code alike)."""

from __future__ import annotations

from bot.routing.resolver import Router
from flows.ports import PlaceResolution


def assert_asked_first(res: PlaceResolution, text: str, kecamatan: str) -> None:
    """Asked, `kecamatan` the first button, among candidates of more than one unit."""
    assert res.status == "ambiguous", (text, res.reason, res.chosen)
    assert res.candidates[0].code == kecamatan
    assert len({c.polres_id for c in res.candidates}) > 1


def assert_decided(res: PlaceResolution, text: str, code: str) -> None:
    """Resolved to a place whose code starts with `code`."""
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(code)


def chosen_code(router: Router, text: str) -> str:
    """The code of the place `text` resolves to; fails when it is asked or not found."""
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    return res.chosen.code
