"""Sensitive cases (categories with `sensitive: true` in data/categories.json, e.g.
violence against women and children) stay hidden from the whole group until an officer
claims them: on the card, in /cari results, in the citizen's relayed follow-ups and files,
and in /tiket history. Every reveal is an audited ticket event; a unit may bind a separate
PPA group (`dumas staff link --role ppa`) that receives the sensitive cards (issue 16)."""

from __future__ import annotations

from bot.officers.binding import new_code
from tests.harness import TgCitizen
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, OFFICER_2, Desk

PPA_GROUP = -1001000000055
STORY = "Anak tetangga saya dicabuli oleh pamannya, umurnya 7 tahun"
MARKER = "kasus sensitif"


async def _sensitive(desk: Desk, citizen: TgCitizen) -> str:
    return await desk.file(citizen, description=STORY, category="violence_women_children")


def _said(calls: list) -> str:  # type: ignore[type-arg]
    return "\n".join(c.text or "" for c in calls if c.method == "sendMessage")


async def test_search_does_not_reveal_an_unclaimed_sensitive_case(desk: Desk) -> None:
    ref = await _sensitive(desk, desk.h.citizen(7501))
    found = _said(await desk.say(OFFICER, "/cari pamannya"))
    assert ref not in found and "dicabuli" not in found  # its words do not find it
    found = _said(await desk.say(OFFICER, f"/cari {ref}"))
    assert ref in found and MARKER in found and "dicabuli" not in found

    await desk.press(OFFICER, f"t:claim:{(await desk.ticket(ref))['id']}")
    found = _said(await desk.say(OFFICER_2, "/cari pamannya"))
    assert ref in found and "dicabuli" in found  # claimed: shown as any other
    views = [e for e in await desk.events(ref) if e["kind"] == "details_viewed"]
    assert [(v["actor_id"], '"via": "/cari"' in v["detail"]) for v in views] == [
        (str(OFFICER), False),  # the claim
        (str(OFFICER_2), True),  # the search that showed its text
    ]


async def test_follow_ups_and_history_stay_hidden_until_the_claim(desk: Desk) -> None:
    citizen = desk.h.citizen(7502)
    ref = await _sensitive(desk, citizen)
    before = len(desk.api.calls)
    await citizen.say("Pelakunya bernama Budi, rumahnya di gang mawar")
    relayed = _said(desk.api.calls[before:])
    assert MARKER in relayed and "Budi" not in relayed
    history = _said(await desk.say(OFFICER, f"/tiket {ref}"))
    assert "Budi" not in history and "dicabuli" not in history and MARKER in history
    assert not [e for e in await desk.events(ref) if e["kind"] == "details_viewed"]

    tid = (await desk.ticket(ref))["id"]
    await desk.press(OFFICER, f"t:claim:{tid}")
    history = _said(await desk.say(OFFICER, f"/tiket {ref}"))
    assert "Budi" in history and "dicabuli" in history
    views = [e for e in await desk.events(ref) if e["kind"] == "details_viewed"]
    assert [v["actor_id"] for v in views] == [str(OFFICER), str(OFFICER)]  # claim, /tiket


async def test_a_file_sent_before_the_claim_follows_the_claim(desk: Desk) -> None:
    citizen = desk.h.citizen(7503)
    ref = await _sensitive(desk, citizen)
    photo = desk.h.updates.photo(7503)
    file_id = photo["message"]["photo"][-1]["file_id"]
    desk.api.add_file(file_id, b"\xff\xd8jpeg", "photos/file_1.jpg")
    await desk.h.deliver(photo)
    shown = [c for c in desk.group_calls() if c.method in ("sendPhoto", "sendDocument")]
    assert shown == []
    await desk.press(OFFICER, f"t:claim:{(await desk.ticket(ref))['id']}")
    shown = [c for c in desk.group_calls() if c.method in ("sendPhoto", "sendDocument")]
    assert shown, "the held file was not posted after the claim"


async def test_a_ppa_group_receives_the_sensitive_cards_of_its_unit(desk: Desk) -> None:
    code = await new_code(desk.h.db, JAKSEL, "ppa", hours=24)
    desk.api.set_member(PPA_GROUP, OFFICER, "member")
    bound = _said(await desk.say(OFFICER, f"/daftar {code}", chat=PPA_GROUP))
    assert "PPA" in bound
    groups = await desk.h.rows("SELECT chat_id, role FROM staff_groups ORDER BY chat_id")
    assert (str(PPA_GROUP), "ppa") in [tuple(g) for g in groups]

    sensitive = await _sensitive(desk, desk.h.citizen(7504))
    ordinary = await desk.file(desk.h.citizen(7505))
    assert desk.card_of(sensitive, PPA_GROUP)
    assert not [c for c in desk.group_calls(GROUP) if sensitive in (c.text or "")]
    assert desk.card_of(ordinary, GROUP)
    assert not [c for c in desk.group_calls(PPA_GROUP) if ordinary in (c.text or "")]
