"""Accuracy of the time parser on labelled phrases written independently of it.

A set is JSONL, one phrase a line: {"text", "now" (local ISO), "expect": "ok" | "future" |
"unknown", "date": "YYYY-MM-DD", "hour": int | null, "minute": int | null, "form", ...}.

Scoring: an `ok` item is right when the parser answers a time whose date matches and,
where `hour` is given, whose hour and minute match (a missing minute counts as 0); a
`future` item is right when the parser refuses the time as in the future; an `unknown`
item is right when the parser does not understand it.

Three parsers can be compared: the hand-written one (flows/when.py, the product's),
`dateparser` (only when installed: it is a test dependency, not a runtime one) and the two
combined (hand-written first, dateparser when the hand-written one does not understand).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from flows.when import FutureTimeError, parse_when

Status = Literal["ok", "future", "unknown"]
# A parser for scoring: (text, now) -> ("ok", local time) | ("future", None) | ("unknown", None)
Outcome = tuple[Status, datetime | None]
Parser = Callable[[str, datetime], Outcome]

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "eval" / "when"
SETS = ("dev", "heldout")
TARGET = 0.95
_FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    now: datetime
    expect: Status
    date: str | None
    hour: int | None
    minute: int | None
    form: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Item:
        now = datetime.fromisoformat(str(row["now"]))
        return cls(
            text=str(row["text"]),
            now=now.replace(tzinfo=None),
            expect=row.get("expect", "ok"),
            date=row.get("date"),
            hour=row.get("hour"),
            minute=row.get("minute"),
            form=str(row.get("form") or "-"),
        )


@dataclass(slots=True)
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"right": self.right, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass(slots=True)
class Score:
    overall: Tally = field(default_factory=Tally)
    by_form: dict[str, Tally] = field(default_factory=dict)
    by_expect: dict[str, Tally] = field(default_factory=dict)
    wrong: list[tuple[Item, Outcome]] = field(default_factory=list)

    def add(self, item: Item, outcome: Outcome) -> None:
        ok = is_right(item, outcome)
        self.overall.add(ok)
        self.by_form.setdefault(item.form, Tally()).add(ok)
        self.by_expect.setdefault(item.expect, Tally()).add(ok)
        if not ok:
            self.wrong.append((item, outcome))

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json(),
            "by_expect": {k: v.to_json() for k, v in sorted(self.by_expect.items())},
            "by_form": {k: v.to_json() for k, v in sorted(self.by_form.items())},
        }


def load(path: Path) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            items.append(Item.from_json(json.loads(line)))
    return items


def set_path(name: str, directory: Path = EVAL_DIR) -> Path:
    return directory / f"{name}.jsonl"


def is_right(item: Item, outcome: Outcome) -> bool:
    status, local = outcome
    if status != item.expect:
        return False
    if status != "ok":
        return True
    assert local is not None
    if item.date and local.date().isoformat() != item.date:
        return False
    if item.hour is not None:
        return (local.hour, local.minute) == (item.hour, item.minute or 0)
    return True


def score(items: Iterable[Item], parser: Parser) -> Score:
    result = Score()
    for item in items:
        result.add(item, parser(item.text, item.now))
    return result


# --- the parsers ---------------------------------------------------------------------------


def hand_written(text: str, now: datetime) -> Outcome:
    """The product's parser (flows/when.py)."""
    try:
        answer = parse_when(text, now)
    except FutureTimeError:
        return "future", None
    if answer is None:
        return "unknown", None
    return "ok", answer.local


def dateparser_available() -> bool:
    try:
        import dateparser  # noqa: F401
    except ImportError:
        return False
    return True


def with_dateparser(text: str, now: datetime) -> Outcome:
    """`dateparser` (Indonesian and English), its answer scored the same way."""
    import dateparser
    from dateparser.search import search_dates

    settings: dict[str, Any] = {
        "RELATIVE_BASE": now,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(text, languages=["id", "en"], settings=settings)
        if found is None:
            hits = search_dates(text, languages=["id", "en"], settings=settings)
            found = hits[0][1] if hits else None
    except Exception:
        found = None
    if found is None:
        return "unknown", None
    found = found.replace(tzinfo=None)
    if found > now + _FUTURE_TOLERANCE:
        return "future", None
    return "ok", found


def combined(text: str, now: datetime) -> Outcome:
    """Hand-written first; dateparser when the hand-written one does not understand."""
    outcome = hand_written(text, now)
    if outcome[0] == "unknown":
        return with_dateparser(text, now)
    return outcome


def parsers(compare: bool) -> dict[str, Parser]:
    chosen: dict[str, Parser] = {"hand-written": hand_written}
    if compare and dateparser_available():
        chosen["dateparser"] = with_dateparser
        chosen["combined"] = combined
    return chosen


# --- reports ---------------------------------------------------------------------------------


def evaluate(
    set_names: Iterable[str], compare: bool = False, directory: Path = EVAL_DIR
) -> dict[str, dict[str, Score]]:
    """{set name: {parser name: score}} for the sets that exist."""
    results: dict[str, dict[str, Score]] = {}
    for name in set_names:
        path = set_path(name, directory)
        if not path.exists():
            continue
        items = load(path)
        results[name] = {label: score(items, parser) for label, parser in parsers(compare).items()}
    return results


def report(results: dict[str, dict[str, Score]]) -> str:
    """Figures only: per set, per parser, overall, per expected status and per form."""
    lines: list[str] = []
    for set_name, by_parser in results.items():
        labels = list(by_parser)
        lines.append(f"== {set_name} ==")
        lines.append(f"{'':28}" + "".join(f"{label:>22}" for label in labels))

        def row(name: str, tallies: list[Tally]) -> str:
            cells = "".join(
                f"{t.accuracy:>10.1%} ({t.right:>3}/{t.total:<3})".rjust(22) for t in tallies
            )
            return f"{name[:28]:28}{cells}"

        lines.append(row("overall", [by_parser[label].overall for label in labels]))
        first = by_parser[labels[0]]
        for expect in sorted(first.by_expect):
            lines.append(
                row(f"expect={expect}", [by_parser[lb].by_expect[expect] for lb in labels])
            )
        for form in sorted(first.by_form):
            lines.append(row(f"form={form}", [by_parser[lb].by_form[form] for lb in labels]))
        lines.append("")
    return "\n".join(lines)


def failures(scored: Score, limit: int = 200) -> str:
    """The wrong answers of a score (only for the development set)."""
    lines = []
    for item, (status, local) in scored.wrong[:limit]:
        got = f"{status} {local:%Y-%m-%d %H:%M}" if local else status
        want = f"{item.expect} {item.date or ''} {item.hour}:{item.minute}"
        lines.append(f"[{item.form}] {item.text!r} now={item.now:%a %Y-%m-%d %H:%M}")
        lines.append(f"    want {want}   got {got}")
    return "\n".join(lines)


def parse_json(text: str, now: datetime) -> dict[str, Any]:
    """What `dumas when TEXT` prints."""
    try:
        answer = parse_when(text, now)
    except FutureTimeError:
        return {"status": "future", "local": None, "precision": None, "phrase": None}
    if answer is None:
        return {"status": "unknown", "local": None, "precision": None, "phrase": None}
    return {
        "status": "ok",
        "local": answer.local.isoformat(timespec="minutes"),
        "precision": answer.precision,
        "phrase": answer.phrase,
    }


def now_in(now: str | None, zone: str) -> datetime:
    """`--now` (local ISO) or, by default, the current wall-clock time in `zone`."""
    from zoneinfo import ZoneInfo

    if now:
        return datetime.fromisoformat(now).replace(tzinfo=None)
    return datetime.now(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)


def run_eval(which: str, compare: bool = False, directory: Path = EVAL_DIR) -> int:
    """`dumas when --eval`: print the figures; 1 when held-out accuracy is below TARGET."""
    names = SETS if which == "all" else (which,)
    results = evaluate(names, compare=compare, directory=directory)
    if not results:
        print(f"no labelled set found under {directory}")
        return 1
    print(report(results))
    if compare and not dateparser_available():
        print("(dateparser is not installed: `pip install dateparser` to compare)")
    heldout = results.get("heldout")
    if heldout is None:
        print("held-out set not scored")
        return 0 if which == "dev" else 1
    accuracy = heldout["hand-written"].overall.accuracy
    verdict = "meets" if accuracy >= TARGET else "is below"
    print(f"held-out accuracy {accuracy:.1%} {verdict} the target {TARGET:.0%}")
    return 0 if accuracy >= TARGET else 1
