"""/hapusdata with no closed complaint: the answer said "Selesai: data pribadi dari 0
aduan yang sudah ditutup telah dihapus, beserta 0 file bukti." before saying that the open
complaint is kept; it now says there was no closed complaint to erase."""

from __future__ import annotations

from tests.e2e.steps import answer_until
from tests.harness import Harness, texts


async def test_hapusdata_with_only_an_open_complaint_counts_no_zeroes(harness: Harness) -> None:
    citizen = harness.citizen(6215)
    await citizen.say("/start")
    await answer_until(citizen, "idle", when="when:today")
    await citizen.say("/hapusdata")
    said = texts(await citizen.press("privacy:erase"))
    assert "0 aduan" not in said and "0 file" not in said, said
    assert "Belum ada aduan Bapak/Ibu yang sudah ditutup" in said, said
    assert "1 aduan masih terbuka" in said, said
