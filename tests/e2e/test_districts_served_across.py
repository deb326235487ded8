"""A complaint in a kecamatan whose unit session 35 corrected reaches that unit, through the
fake Bot API (issue 14 item 4; data/routing/districts.csv, README "Session 35: the districts
table checked").

Kec. Dawarblandong (Kab. Mojokerto) is one of the four kecamatan north of the Brantas that
Polres Mojokerto Kota serves; Kec. Puri, which a 2012 row gave the city unit too, is
Polres Mojokerto's. Before the correction the Dawarblandong complaint was confirmed with,
and carded to, Polres Mojokerto, and the Puri one to Polres Mojokerto Kota. The citizen
must read the serving unit in the confirmation, and the card must land in that unit's
staff group, not in the regency Polres's.
"""

from __future__ import annotations

import pytest

from bot.store import staff_groups
from tests.e2e.steps import reach, said
from tests.harness import Harness

CITY_GROUP = -1001000000351  # bound to Polres Mojokerto Kota
REGENCY_GROUP = -1001000000352  # bound to Polres Mojokerto


@pytest.mark.parametrize(
    ("text", "district", "unit", "other_group"),
    [
        (
            "geng motor konvoi tiap malam di dawarblandong mojokerto",
            "Kec. Dawarblandong",
            "polres-mojokerto-kota",
            REGENCY_GROUP,
        ),
        (
            "gangster bawa pedang di jalan raya desa kintelan puri mojokerto",
            "Kec. Puri",
            "polres-mojokerto",
            CITY_GROUP,
        ),
    ],
)
async def test_the_serving_unit_is_confirmed_and_gets_the_card(
    harness: Harness, text: str, district: str, unit: str, other_group: int
) -> None:
    await staff_groups.bind(harness.db, str(CITY_GROUP), "polres-mojokerto-kota", "unit")
    await staff_groups.bind(harness.db, str(REGENCY_GROUP), "polres-mojokerto", "unit")
    own_group = CITY_GROUP if unit == "polres-mojokerto-kota" else REGENCY_GROUP
    citizen = harness.citizen(9351)
    await reach(citizen, "where")
    sent = await citizen.say(text)
    shown = said(sent)
    assert district in shown and "Kab. Mojokerto" in shown, shown
    unit_name = harness.runtime.router.unit(unit).name  # type: ignore[union-attr]
    assert unit_name in shown, shown  # the confirmation names the serving unit
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("sum:confirm")
    ticket = (await harness.rows("SELECT reference, unit_id FROM tickets"))[0]
    assert ticket["unit_id"] == unit
    await harness.settle()
    own = [c for c in harness.api.sent(own_group) if c.text and ticket["reference"] in c.text]
    assert own, "no card in the serving unit's group"
    assert not [
        c for c in harness.api.sent(other_group) if c.text and ticket["reference"] in c.text
    ]
