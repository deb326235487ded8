"""The rows of data/places/landmarks/civic.csv checked on a public page (session 39, issue
14): each settled row resolves where its page puts it, and every row whose note says
"checked" cites a page instead of a kab/kota article built from a title.

data/routing/README.md "Session 39: transport.csv and civic.csv confirmed" lists the pages
read; tools/flag_landmark_rows.py chose which rows to check first.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.checked_rows import LANDMARKS, checked_rows_without_a_page

TABLE = LANDMARKS / "civic.csv"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the kecamatan was wrong (same Polrestabes Medan, another Polsek)
        ("kecelakaan di flyover jamin ginting", "12.71.11"),  # Kel. Kwala Bekala, Medan Johor
        ("rsud dr. h. slamet martodirdjo", "35.28.01"),  # Desa Panglegur, Tlanakan, Pamekasan
        # the page names the kecamatan the row lacked
        ("rsud kota madiun", "35.77.02"),  # Kel. Sogaten, Manguharjo
        ("rsud kardinah", "33.76.03"),  # Kel. Randugunting, Tegal Selatan
        ("rsud kepulauan seribu", "31.01.01"),  # Pulau Pramuka, Kepulauan Seribu Utara
        # confirmed as the row had it
        ("macet parah di simpang bitung", "36.03.17"),  # Bitung, Kec. Curug, Kab. Tangerang
        ("rsud nyi ageng serang", "34.01.06"),  # Sentolo, Kulon Progo
    ],
)
def test_civic_rows_follow_their_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    assert result.chosen.code.startswith(code), (text, result.chosen.code)


def test_a_checked_civic_row_cites_a_page() -> None:
    # the rows checked before session 39, then those of its batches
    assert checked_rows_without_a_page(TABLE, at_least=174 + 29 + 3) == []
