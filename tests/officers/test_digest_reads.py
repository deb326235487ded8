"""bot/officers/digests.py: a digest is drawn again each time a ticket joins it (up to
30); its tickets are read in one statement, not one each (bench/README.md session 31),
and only the columns its lines show, not whole tickets (session 32); the text and
buttons are those of the tickets in the digest's order, and a redraw shows each ticket
as it is now, whoever changed it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.catalog import load_categories
from bot.officers.groups import STAFF_LOCALE
from bot.officers.sensitive import SENSITIVE_MARKER
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store.database import open_store
from tests.harness import Harness, stored_ticket
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, POLDA
from tests.pg_cluster import sqlite_only

_TICKET_READ = "FROM tickets WHERE id"


@sqlite_only("counts statements with SQLite's statement trace")
async def test_a_digest_reads_its_tickets_once(harness: Harness) -> None:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    async with harness.db.transaction() as conn:
        made = [
            await stored_ticket(
                conn,
                unit="polres-a",
                polda="polda-x",
                at=at,
                citizen=str(5100 + n),
                place_text=f"pasar {n}",
            )
            for n in range(5)
        ]
    reads = [0]

    def trace(sql: str) -> None:
        reads[0] += _TICKET_READ in sql

    order = [made[3][0], made[0][0], made[4][0], 999_999, made[1][0]]
    await harness.db.conn.set_trace_callback(trace)
    try:
        async with harness.db.reading() as conn:
            digest = await harness.runtime.officers.digests.message(conn, order)
    finally:
        await harness.db.conn.set_trace_callback(None)
    assert reads[0] == 1  # was one per ticket (5)
    references = [made[3][1], made[0][1], made[4][1], made[1][1]]  # the unknown id left out
    assert [b.label for row in digest.buttons for b in row] == references
    lines = digest.text.splitlines()[3:]
    assert [line.split("</code>")[0].split("<code>")[1] for line in lines] == references
    assert all(
        f"pasar {n}" in line or SENSITIVE_MARKER in line
        for n, line in zip((3, 0, 4, 1), lines, strict=True)
    )


SENSITIVE = "violence_women_children"  # data/categories.json: "sensitive": true


def _label(category: str) -> str:
    return next(c for c in load_categories() if c.id == category).label(STAFF_LOCALE)


async def test_a_digest_decodes_no_whole_ticket(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A redraw reads the six columns its lines show: no `Ticket` of 31 fields (four
    times parsed) per listed ticket (bench/README.md "Session 32: the staff digest's
    redraw"). Before: one `tickets._ticket` per ticket found, 4 here."""
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    async with harness.db.transaction() as conn:
        ids = [
            (await stored_ticket(conn, unit=JAKSEL, polda=POLDA, at=at, citizen=str(5300 + n)))[0]
            for n in range(4)
        ]
    decoded = [0]
    whole = ticket_store._ticket

    def counted(row: object) -> object:
        decoded[0] += 1
        return whole(row)  # type: ignore[arg-type]

    monkeypatch.setattr(ticket_store, "_ticket", counted)
    async with harness.db.reading() as conn:
        digest = await harness.runtime.officers.digests.message(conn, ids)
    assert decoded[0] == 0
    assert len([b for row in digest.buttons for b in row]) == 4


async def test_a_digest_line_shows_the_ticket_as_a_card_would(harness: Harness) -> None:
    """Each line: number, category label, and the place label, else the place as typed,
    else "-"; an unclaimed sensitive case shows the marker, a claimed one its place;
    text escaped and cut as before. Both dialects."""
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    long_place = "jalan " + "panjang " * 12
    async with harness.db.transaction() as conn:
        cases = [
            await stored_ticket(
                conn,
                unit=JAKSEL,
                polda=POLDA,
                at=at,
                citizen=str(5400 + n),
                **fields,
            )
            for n, fields in enumerate(
                [
                    {"place_text": "psr minggu", "place_label": "Kec. Pasar Minggu"},
                    {"place_text": "gang <mawar> & melati"},
                    {},
                    {"category": SENSITIVE, "place_text": "rumah korban"},
                    {"category": SENSITIVE, "place_text": "kos putri", "holder_id": "9001"},
                    {"category": "traffic", "place_text": long_place},
                ]
            )
        ]
    ids = [ticket_id for ticket_id, _ in cases]
    refs = [reference for _, reference in cases]
    digests = harness.runtime.officers.digests
    async with harness.db.reading() as conn:
        digest = await digests.message(conn, [ids[5], *ids[:5]])
    marker = digests.groups.tr.gettext(SENSITIVE_MARKER)
    crime, sensitive, traffic = _label("crime"), _label(SENSITIVE), _label("traffic")
    expected = [
        f"• <code>{refs[5]}</code> – {traffic[:40]} – {long_place[:60]}",
        f"• <code>{refs[0]}</code> – {crime} – Kec. Pasar Minggu",
        f"• <code>{refs[1]}</code> – {crime} – gang &lt;mawar&gt; &amp; melati",
        f"• <code>{refs[2]}</code> – {crime} – -",
        f"• <code>{refs[3]}</code> – {sensitive} – {marker}",
        f"• <code>{refs[4]}</code> – {sensitive} – kos putri",
    ]
    assert digest.text.splitlines()[3:] == expected
    assert digest.text.splitlines()[0] == "<b>🗂 6 tiket baru</b>"
    assert [[b.label for b in row] for row in digest.buttons] == [
        [refs[5], refs[0], refs[1]],
        [refs[2], refs[3], refs[4]],
    ]
    assert [b.action.pack() for row in digest.buttons for b in row] == [
        f"t:card:{i}" for i in [ids[5], *ids[:5]]
    ]
    assert digest.ticket_ids == (ids[5], *ids[:5])


@pytest.mark.settings(DUMAS_DIGEST_WINDOW_SECONDS="600")
async def test_a_redrawn_digest_shows_a_claim_made_by_another_instance(
    harness: Harness,
) -> None:
    """A sensitive case claimed through another store connection (another `dumas run`
    on the same database) while its digest waits: the digest drawn again when the next
    ticket joins shows its place, not the marker, and the fake Bot API receives that
    text. Nothing kept between redraws may hide the change."""
    digests = harness.runtime.officers.digests
    await staff_groups.bind(harness.db, str(GROUP), JAKSEL)
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    async with harness.db.transaction() as conn:
        hidden, hidden_ref = await stored_ticket(
            conn,
            unit=JAKSEL,
            polda=POLDA,
            at=at,
            citizen="5501",
            category=SENSITIVE,
            place_text="rumah korban",
        )
        later, later_ref = await stored_ticket(
            conn, unit=JAKSEL, polda=POLDA, at=at, citizen="5502", place_text="pasar baru"
        )
        await digests.add(conn, hidden, str(GROUP))
    async with harness.db.reading() as conn:
        drawn = await digests.message(conn, [hidden])
    assert "rumah korban" not in drawn.text  # unclaimed: hidden
    settings = harness.runtime.settings
    claimed = at + timedelta(minutes=5)
    other = open_store(settings.database_url, settings.db_path)  # another instance's store
    async with other, other.transaction() as conn:
        await ticket_store.update(
            conn,
            hidden,
            now=claimed,
            holder_id=str(OFFICER),
            holder_name="Budi",
            claimed_at=claimed,
        )
    async with harness.db.transaction() as conn:
        await digests.add(conn, later, str(GROUP))
        # the digest window is not waited out here
        await conn.execute(
            "UPDATE outbox SET not_before = created_at WHERE kind = 'digest' AND status = 'pending'"
        )
    harness.runtime.wake_outbox()
    await harness.settle()
    sent = [
        c
        for c in harness.api.sent(GROUP)
        if c.method == "sendMessage" and any(d.startswith("t:card:") for d in c.callback_data())
    ]
    assert len(sent) == 1, sent
    assert sent[0].callback_data() == [f"t:card:{hidden}", f"t:card:{later}"]
    lines = (sent[0].text or "").splitlines()[3:]
    assert lines[0].endswith(" – rumah korban") and hidden_ref in lines[0], lines
    assert lines[1].endswith(" – pasar baru") and later_ref in lines[1], lines
