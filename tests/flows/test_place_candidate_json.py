"""`PlaceCandidate.to_json` is `dataclasses.asdict`'s dict, key for key and in order
(written out in session 32 for speed): a field added to the class and not to the dict
fails here."""

from __future__ import annotations

from dataclasses import asdict, fields

from flows.ports import PlaceCandidate


def test_to_json_is_asdict() -> None:
    full = PlaceCandidate(
        code="31.74.06",
        level="district",
        name="Cilandak",
        path="Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta",
        score=97.5,
        polres_id="polres-jaksel",
        polres_name="Polres Metro Jakarta Selatan",
        polda_id="polda-metro",
        polda_name="Polda Metro Jaya",
        timezone="Asia/Jakarta",
        site="bandara",
    )
    bare = PlaceCandidate(
        code="31.74", level="regency", name="Jakarta Selatan", path="x", score=0.0
    )
    for candidate in (full, bare):
        made = candidate.to_json()
        assert made == asdict(candidate)
        assert list(made) == [f.name for f in fields(PlaceCandidate)]
        assert PlaceCandidate.from_json(made) == candidate
