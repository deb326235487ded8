"""FakeTwilio's Content API refuses what Twilio and WhatsApp refuse.

Each limit is cited in tests/fakes/twilio_api.py next to its constant:
https://www.twilio.com/docs/content/twilio-quick-reply ,
https://www.twilio.com/docs/content/twiliolist-picker ,
https://www.twilio.com/docs/content/using-variables-with-content-api ,
https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/ButtonObject .
Requests go through the real twilio client (`client.content.v1.contents.create_async`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from bot.channels.whatsapp.client import make_client
from tests.fakes.twilio_api import FakeTwilio

TO, FROM = "whatsapp:+6281234567890", "whatsapp:+14155238886"


def quick(body: str = "{{1}}", titles: list[str] | None = None) -> dict[str, Any]:
    titles = ["Ya", "Tidak"] if titles is None else titles
    actions = [{"title": t, "id": f"id{n}"} for n, t in enumerate(titles)]
    return {"twilio/quick-reply": {"body": body, "actions": actions}}


def picker(items: list[dict[str, Any]], button: str = "Pilih", body: str = "{{1}}") -> Any:
    return {"twilio/list-picker": {"body": body, "button": button, "items": items}}


def items(n: int, title: str = "Pilihan {n}") -> list[dict[str, Any]]:
    return [{"item": title.format(n=i), "id": f"x:{i}"} for i in range(n)]


async def create(client: Client, types: dict[str, Any]) -> str:
    request = ContentList.ContentCreateRequest(
        {"friendly_name": "t", "language": "id", "variables": {"1": "-"}, "types": types}
    )
    created = await client.content.v1.contents.create_async(request)
    assert created.sid is not None
    return created.sid


@pytest.fixture
async def fake_client() -> Any:
    async with FakeTwilio() as fake:
        client = make_client(fake.account_sid, fake.auth_token, fake.url, 2.0)
        try:
            yield fake, client
        finally:
            await client.http_client.close()


@pytest.mark.parametrize(
    "types",
    [
        quick(body=""),  # body required
        quick(body="x" * 1025),  # body at most 1,024
        quick(titles=[]),  # 1 to 10 actions
        quick(titles=[f"b{n}" for n in range(11)]),
        quick(titles=["x" * 21, "Tidak"]),  # titles at most 20
        quick(titles=["Ya", "Ya"]),  # unique titles
        {"twilio/quick-reply": {"body": "b", "actions": [{"title": "A", "id": "same"}] * 2}},
        picker(items(11)),  # 1 to 10 items
        picker(items(0)),
        picker(items(2, "x" * 25 + "{n}")),  # item at most 24
        picker(items(2), button=""),  # button required
        picker(items(2), button="x" * 21),  # button at most 20
        picker([{"item": "A", "id": "x"}, {"item": "B", "id": "x"}]),  # unique ids
        picker([{"item": "A", "id": "x", "description": "d" * 73}]),  # description <= 72
        {},  # a content type is required
    ],
)
async def test_content_twilio_refuses_is_refused(fake_client: Any, types: Any) -> None:
    fake, client = fake_client
    with pytest.raises(TwilioRestException) as refused:
        await create(client, types)
    assert refused.value.status == 400 and not fake.contents


async def test_a_message_shows_the_content_with_its_body_filled_in(fake_client: Any) -> None:
    fake, client = fake_client
    sid = await create(client, picker(items(10), button="Pilih"))
    assert await client.content.v1.contents(sid).fetch_async()
    message = await client.messages.create_async(
        to=TO, from_=FROM, content_sid=sid, content_variables=json.dumps({"1": "Aduan apa?"})
    )
    shown = fake.messages[0].interactive
    assert message.sid == fake.messages[0].sid and shown is not None
    assert shown.kind == "twilio/list-picker" and shown.body == "Aduan apa?"
    assert shown.titles[0] == "Pilihan 0" and shown.ids[9] == "x:9" and shown.button == "Pilih"


async def test_more_than_three_buttons_are_refused_in_session(fake_client: Any) -> None:
    fake, client = fake_client
    sid = await create(client, quick(titles=["A", "B", "C", "D"]))  # a valid content...
    with pytest.raises(TwilioRestException) as refused:  # ... but not in session
        await client.messages.create_async(
            to=TO, from_=FROM, content_sid=sid, content_variables=json.dumps({"1": "x"})
        )
    assert refused.value.status == 400 and not fake.messages


async def test_a_body_over_1024_once_filled_in_is_refused(fake_client: Any) -> None:
    fake, client = fake_client
    sid = await create(client, quick())
    for body in ("x" * 1025, " "):
        with pytest.raises(TwilioRestException):
            await client.messages.create_async(
                to=TO, from_=FROM, content_sid=sid, content_variables=json.dumps({"1": body})
            )
    assert not fake.messages


async def test_a_strict_fake_wants_an_existing_content(fake_client: Any) -> None:
    fake, client = fake_client
    approved = "HX" + "a" * 32
    fake.add_template(approved)
    with pytest.raises(TwilioRestException) as refused:
        await client.messages.create_async(to=TO, from_=FROM, content_sid="HX" + "b" * 32)
    assert refused.value.status == 400
    await client.messages.create_async(to=TO, from_=FROM, content_sid=approved)
    assert [m.content_sid for m in fake.messages] == [approved]
