"""WhatsApp webhooks through the intake process (DUMAS_INTAKE_PROCESS=true)."""

from __future__ import annotations

from tests.fakes.twilio_api import signed_webhook
from tests.reliability.test_intake_process import journal_rows, until
from tests.whatsapp.conftest import WaFactory
from tests.whatsapp.harness import PUBLIC_URL


async def test_whatsapp_through_the_intake_process(wa_factory: WaFactory) -> None:
    """Signed messages are stored by the intake process, forged ones refused there;
    delivery reports pass through to the main process with their signature intact."""
    wa = await wa_factory(env={"DUMAS_INTAKE_PROCESS": "true"})
    assert wa.runtime.intake is not None
    citizen = wa.citizen("+6281234569001")
    params = wa.factory.text(citizen.number, "Halo")
    status, _ = await wa.post(
        "/whatsapp/webhook",
        params,
        headers=signed_webhook(PUBLIC_URL + "/whatsapp/webhook", params, "wrong-token"),
    )
    assert status == 403
    assert journal_rows(wa.runtime.settings.data_dir) == 0
    for _ in range(2):  # a retried webhook is stored once
        status, text = await wa.post("/whatsapp/webhook", params)
        assert status == 200 and "<Response" in text
    await until(lambda: len(citizen.received()) == 1)
    await wa.settle()
    assert len(await wa.rows("SELECT * FROM inbox WHERE channel = 'whatsapp'")) == 1
    message = citizen.received()[0]
    assert await wa.status_callback(message, "delivered") == 204
    parts = await wa.rows("SELECT status FROM whatsapp_parts")
    assert [r["status"] for r in parts] == ["delivered"]
