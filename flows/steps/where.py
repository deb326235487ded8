"""Where it happened: a place typed or a location shared, resolved to the Kemendagri region
and the unit that serves it (the runtime's PlaceResolver). One clear place is confirmed
(where_confirm), several are offered (where_pick)."""

from __future__ import annotations

from flows.events import InboundBody, Location, Text
from flows.intake import Intake, Step
from flows.ports import PlaceResolution
from flows.texts import N_

# The three place steps move between each other with these.
PLACE_TRIGGERS = {
    "pick_place": "where_pick",
    "confirm_place": "where_confirm",
    "retype_place": "where",
}


def prompt(intake: Intake) -> None:
    _ = intake._
    # How to share a location is the channel's to say (a 📍 button on Telegram, the
    # 📎 menu on WhatsApp): `request_location` asks for it, the text only for a name.
    intake.say(
        _("Where did it happen? Type the place (e.g. “Kec. Cilandak, Jakarta Selatan”)."),
        request_location=intake.location_label(),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    if isinstance(body, Location):
        intake.draft.latitude, intake.draft.longitude = body.latitude, body.longitude
        resolution = intake.ctx.places.resolve_point(body.latitude, body.longitude)
        if body.address:
            intake.draft.place_text = body.address[:300]
        await apply_resolution(intake, resolution, from_pin=True)
    elif isinstance(body, Text):
        intake.draft.place_text = body.text.strip()[:300]
        resolution = intake.ctx.places.resolve_text(body.text[:500])
        await apply_resolution(intake, resolution, from_pin=False)
    else:
        intake.not_understood()


async def apply_resolution(intake: Intake, resolution: PlaceResolution, from_pin: bool) -> None:
    _ = intake._
    status = resolution.status
    if status == "ok" and resolution.chosen is not None:
        intake.draft.place_candidates = [resolution.chosen.to_json()]
        intake.draft.place_code = resolution.chosen.code
        await intake.trigger("confirm_place")
    elif status == "ambiguous" and resolution.candidates:
        intake.draft.place_candidates = [c.to_json() for c in resolution.candidates[:6]]
        intake.draft.place_code = None
        await intake.trigger("pick_place")
    elif status == "outside":
        # Session 41: most texts refused as abroad are migrant workers detained, trafficked
        # or cheated abroad, told by their families; a bare "outside Indonesia" left them
        # with nowhere to go. Where help is: the Foreign Ministry's Safe Travel app, whose
        # emergency button reaches the nearest KBRI/KJRI (suara.com 14 Apr 2018,
        # sindonews 1295570), and the migrant workers' 24-hour complaint line 0800-1000,
        # free, +62 21 29244800 from abroad (antaranews 286409; still given in Dec 2025 by
        # lintasatlantik.com "sanksi bagi PJTKI"). The recruiter at home is a police
        # matter (trafficking, TPPO), so the place in Indonesia is still asked for.
        intake.say(
            _(
                "That location is outside Indonesia. Dumas can only take complaints "
                "about incidents in Indonesia. For help abroad, contact the nearest "
                "Indonesian embassy or consulate (KBRI/KJRI), for example with the "
                "emergency button of the Foreign Ministry's Safe Travel app. Migrant "
                "workers and their families can call the 24-hour migrant worker "
                "complaint line 0800-1000 (free), or +62 21 29244800 from abroad. If "
                "part of it happened in Indonesia (for example the recruiter or agent "
                "who sent them), please share or type that place."
            ),
            request_location=intake.location_label(),
        )
    elif status == "no_boundaries" or (from_pin and status == "not_found"):
        intake.say(
            _(
                "Thank you, your location is saved. To send the complaint to the right "
                "police office, please also type the district and regency or city, "
                "for example “Kec. Cilandak, Jakarta Selatan”."
            )
        )
    elif status == "invalid":
        intake.say(
            _(
                "Please type the name of the place (village, district, regency or "
                "city), for example “Kec. Cilandak, Jakarta Selatan”, or share your "
                "location."
            ),
            request_location=intake.location_label(),
        )
    else:
        intake.say(
            _(
                "Sorry, we could not find that place. Please type the district "
                "(kecamatan) and the regency or city, for example “Kec. Cilandak, "
                "Jakarta Selatan” or “Kec. Cibinong, Kab. Bogor”."
            ),
            request_location=intake.location_label(),
        )


STEP = Step(
    name="where",
    prompt=prompt,
    handle=handle,
    hint=N_("Please share your location or type the name of the place."),
    back="when",
    triggers=PLACE_TRIGGERS,
    from_story=True,
    free_text=True,
    edit_label=N_("Where"),
)
