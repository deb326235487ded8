"""The shipped triage model: data/triage/model.json.gz, read once per process.

Written by `dumas triage train` (bot/triage/training.py); read here into the pure
`TriageModel` of flows/triage_model.py, which the flows and `dumas triage` use. A missing
file is not an error: triage then runs on the word lists alone (and says so in the log),
as it did before the model existed.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from array import array
from functools import cache
from pathlib import Path

from bot.settings import DATA_ROOT
from flows.triage_model import TriageModel, WeightRows

MODEL_PATH = DATA_ROOT / "triage" / "model.json.gz"
log = logging.getLogger(__name__)


# One weight row as write_model writes it: "feature":[w,w,...] (compact separators). The
# feature is a JSON string (escapes allowed); the weights plain numbers.
_ROW = re.compile(r'"((?:[^"\\]|\\.)*)":\[([^\]\[]*)\]')
_WEIGHTS_KEY = ',"weights":{'


class SharedRows(WeightRows):
    """WeightRows whose features may share one row of the flat array: features that occur
    only in the same training messages get the same weights and idf, and 20,862 of the
    shipped model's 58,933 rows repeat another (38,071 distinct). Kept once, they take
    3.3 MB less (bench/README.md); a lookup is WeightRows' own, the floats the same."""

    __slots__ = ()

    def __init__(self, index: dict[str, int], flat: array[float], width: int) -> None:
        super().__init__({}, width)
        self._index = index
        self._flat = memoryview(flat)


def read_model(path: Path) -> TriageModel:
    """The model in `path`. The weights (a million numbers) are read row by row into flat
    arrays instead of through json: parsed whole they became a million float objects at
    once, and the memory they took stayed with the process (~50 MB of RSS, bench/
    README.md). The rest of the file, and any file not in write_model's layout, goes
    through json."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    start = text.find(_WEIGHTS_KEY)
    if start < 0 or not text.endswith("}}"):
        return TriageModel.from_json(json.loads(text))
    data = json.loads(text[:start] + "}")
    data["weights"] = {}
    index: dict[str, int] = {}
    flat = array("d")
    width = 0
    # a row's text (hashed) -> its row number: the same text is the same floats
    seen: dict[int, int] = {}
    # Each row's numbers go into the array as soon as they are read: no list of every row's
    # text in between, whose strings would stay interleaved with the features' names.
    position = begin = start + len(_WEIGHTS_KEY)
    end = len(text) - 2
    for match in _ROW.finditer(text, begin, end):
        if text[position : match.start()].strip(","):
            raise ValueError(f"{path}: unreadable weights near offset {position}")
        position = match.end()
        name = match.group(1)
        feature = json.loads(f'"{name}"') if "\\" in name else name
        numbers = match.group(2)
        row = array("d", map(float, numbers.split(",")))
        width = width or len(row)
        if len(row) != width:
            raise ValueError(f"{path}: feature {feature!r} has the wrong number of weights")
        key = hash(numbers)
        number = seen.get(key)
        # compared byte for byte: a hash can collide, and 0.0 == -0.0
        if number is None or flat[number * width : (number + 1) * width].tobytes() != (
            row.tobytes()
        ):
            number = len(flat) // width
            seen.setdefault(key, number)
            flat.extend(row)
        if feature in index:
            raise ValueError(f"{path}: feature {feature!r} appears twice")
        index[feature] = number
    if text[position:end].strip():
        raise ValueError(f"{path}: unreadable weights near offset {position}")
    if not index:
        raise ValueError(f"{path}: no weights")
    return TriageModel.from_json(data, SharedRows(index, flat, width))


def write_model(model: TriageModel, path: Path) -> None:
    """Byte-for-byte reproducible: sorted keys, no timestamp in the gzip header."""
    text = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


@cache
def load_model(path: Path = MODEL_PATH) -> TriageModel | None:
    if not path.is_file():
        log.warning("no triage model at %s: triage uses the word lists only", path)
        return None
    try:
        return read_model(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A stale or damaged file must not stop complaints: the word lists still work.
        # `dumas check` reports it as a problem.
        log.error("triage model %s unusable (%s): triage uses the word lists only", path, exc)
        return None


def model_problems(path: Path = MODEL_PATH) -> list[str]:
    """For `dumas check`: a missing or unreadable model is reported, not fatal."""
    if not path.is_file():
        return [f"{path} is missing: triage uses the word lists only (dumas triage train)"]
    try:
        read_model(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{path} is unusable: {exc}"]
    return []


__all__ = ["MODEL_PATH", "load_model", "model_problems", "read_model", "write_model"]
