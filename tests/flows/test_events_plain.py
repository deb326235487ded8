"""flows/events.py `to_dict` / `Draft.to_json` / `Draft.copy`: hand-written for speed,
they give what `dataclasses.asdict` gives once through JSON (tuples as lists), and a
copy shares nothing mutable with its draft."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from flows.events import Draft, Option, Reply, to_dict


def _through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


DRAFT = Draft(
    category="crime",
    description="Dompet dicopet — “tolong” 🙏",
    latitude=-6.29,
    place_candidates=[{"code": "31.74.08", "path": "Cilandak", "score": 0.93, "tags": ["a"]}],
    evidence=[{"kind": "photo", "stored_name": "ab.jpg", "size": 1234, "caption": None}],
    editing=True,
    history=["consent", "category"],
    last_options=[["place:yes", "Ya"], ["place:no", "Bukan"]],
    when_misses=2,
)
REPLY = Reply(
    "Kapan?",
    options=(Option("when:now", "Baru saja"), Option("when:yesterday", "Kemarin")),
    columns=2,
    location=(-6.2, 106.8),
    media=(("photo", "F1"),),
    links=(("110", "tel:110"),),
)


def test_draft_to_json_is_asdict_through_json() -> None:
    assert DRAFT.to_json() == _through_json(asdict(DRAFT))
    assert json.dumps(DRAFT.to_json()) == json.dumps(_through_json(asdict(DRAFT)))


def test_reply_to_dict_is_asdict_through_json() -> None:
    assert to_dict(REPLY) == {"type": "Reply", **_through_json(asdict(REPLY))}


def test_a_copy_shares_nothing_mutable() -> None:
    copy = DRAFT.copy()
    assert copy == DRAFT
    copy.history.append("when")
    copy.place_candidates[0]["tags"].append("b")
    copy.last_options[0][1] = "Iya"
    assert DRAFT.history == ["consent", "category"]
    assert DRAFT.place_candidates[0]["tags"] == ["a"]
    assert DRAFT.last_options[0][1] == "Ya"


def test_a_copy_is_what_json_gives_back() -> None:
    assert DRAFT.copy() == Draft.from_json(_through_json(DRAFT.to_json()))


def test_a_copy_of_a_fresh_draft_has_lists_of_its_own() -> None:
    """`copy` makes the empty lists itself (session 29): new ones, not the draft's."""
    draft = Draft(history=[], prefilled=[])
    copy = draft.copy()
    assert copy == draft
    lists = [name for name, value in vars_of(draft).items() if isinstance(value, list)]
    assert len(lists) >= 10
    for name in lists:
        assert getattr(copy, name) is not getattr(draft, name), name


def vars_of(draft: Draft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in draft.__dataclass_fields__}
