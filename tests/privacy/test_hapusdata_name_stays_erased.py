"""/hapusdata with an open complaint erases the citizen's name at once (README, "Personal
data"), but Telegram sends the profile name with every message, and the next message
stored it again: the citizens row held "Siti Rahma" after any message that followed the
erasure. Once a citizen has asked for erasure, the name the platform sends is not stored
for that account again (`citizens.name_erased_at`, migration 0021); the chat account
stays for the officers while the complaint is open, as before."""

from __future__ import annotations

from tests.e2e.steps import answer_until
from tests.harness import Harness, texts
from tests.whatsapp.harness import WaHarness
from tests.whatsapp.test_complaint import file_quick_complaint

NAME = "Siti Rahma"


async def _names(harness: Harness, user_id: int) -> list[object]:
    rows = await harness.rows(
        "SELECT display_name FROM citizens WHERE channel = 'telegram' AND external_id = ?",
        str(user_id),
    )
    return [row[0] for row in rows]


async def test_the_name_is_not_stored_again_after_hapusdata(harness: Harness) -> None:
    user_id = 6231
    harness.updates.user(user_id, "Siti", last_name="Rahma")  # sent with every update
    citizen = harness.citizen(user_id)
    await citizen.say("/start")
    await answer_until(citizen, "idle", when="when:today")
    assert await _names(harness, user_id) == [NAME]  # the platform's name, stored

    await citizen.say("/hapusdata")
    said = texts(await citizen.press("privacy:erase"))
    assert "1 aduan masih terbuka" in said, said
    assert "Nama Bapak/Ibu sudah dihapus dan tidak akan disimpan lagi" in said, said
    assert await _names(harness, user_id) == [None]

    # the next messages carry the profile name again: a command, text, a button
    await citizen.say("/status")
    await citizen.say("Apakah aduan saya sudah ditangani?")
    await citizen.say("/hapusdata")
    await citizen.press("privacy:keep")
    assert await _names(harness, user_id) == [None]  # one row, still the same account
    shown = texts(await citizen.say("/dataku"))
    assert NAME not in shown and "Siti" not in shown, shown


async def test_the_whatsapp_profile_name_is_not_stored_again(wa: WaHarness) -> None:
    number = "+6281234567231"
    await file_quick_complaint(wa, number)  # as "Warga", Twilio's ProfileName
    names = "SELECT display_name FROM citizens WHERE external_id = ?"
    assert [tuple(r) for r in await wa.rows(names, number)] == [("Warga",)]
    citizen = wa.citizen(number)
    await citizen.say("/erasemydata")
    said = "\n".join(await citizen.choose("🗑️ Yes, erase my data"))
    assert "Nama Bapak/Ibu sudah dihapus dan tidak akan disimpan lagi" in said, said
    await citizen.say("Is my complaint being handled?")  # ProfileName sent again
    assert [tuple(r) for r in await wa.rows(names, number)] == [(None,)]
