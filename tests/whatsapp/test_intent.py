"""Intent on WhatsApp: a question at idle gets its hand-off as a numbered list, and the
typed number takes it; a greeting gets the menu back."""

from __future__ import annotations

from tests.whatsapp.conftest import WaFactory


async def test_question_at_idle_and_the_typed_number_hands_it_over(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234567101", "Rudi")
    # A question no article answers (the knowledge base answers SKCK questions itself)
    sent = await citizen.say(
        "Permisi pak, mau tanya polsek kami punya program ronda bersama warga tidak?"
    )
    text = "\n".join(sent)
    assert "❓" in text and "1." in text and "2." in text
    assert "/hapusdata" not in text.lower()  # not pushed into the complaint form
    sent = await citizen.say("1")  # "Tanya petugas"
    assert "/hapusdata" in "\n".join(sent).lower()  # the intake starts with the notice


async def test_thanks_at_idle_is_answered_with_the_menu(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234567102", "Wati")
    sent = await citizen.say("terima kasih banyak pak atas bantuannya 🙏")
    text = "\n".join(sent).lower()
    assert "sama-sama" in text and "1." in text


async def test_the_menus_command_options_work_when_typed(wa_factory: WaFactory) -> None:
    """The welcome menu's "Cek aduan saya" and "Bantuan" run their commands when typed as
    their numbers, instead of answering that the button is from an earlier conversation."""
    wa = await wa_factory()
    citizen = wa.citizen("+6281234567103", "Dewi")
    await citizen.say("halo")
    sent = "\n".join(await citizen.say("3"))  # ❓ Bantuan
    assert "/aduan" in sent and "sebelumnya" not in sent
    await citizen.say("halo")
    sent = "\n".join(await citizen.say("2"))  # 🔎 Cek aduan saya
    assert "sebelumnya" not in sent and "aduan" in sent.lower()
