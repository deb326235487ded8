"""The 110 advice on WhatsApp: plain text, first, and the conversation goes on."""

from __future__ import annotations

from tests.whatsapp.conftest import WaFactory


async def test_emergency_advice_first_on_whatsapp(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234567099", "Sari")
    sent = await citizen.say("tolong anak saya dipukuli sekarang sama orang mabuk bawa pisau")
    assert "110" in sent[0] and "119" in sent[0]  # tap-to-call numbers as plain text
    assert "<" not in sent[0]
    assert any("1." in part for part in sent[1:])  # then the privacy notice's options
