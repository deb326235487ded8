"""Session 43 (issue 14), bot/routing/persons.py read by the gazetteer and the resolver:
a kecamatan or village named like a person by trade or age ("penarik" a puller: Kec.
Penarik of Mukomuko; "pemuda": Desa Pemuda of Kab. Banjar) where a sentence puts a person
is no place named; a level word after a count ("bentrok 2 desa ...") marks no village,
so a chat word after it ("sampe": sampai, Desa Sampe of Sumbawa) is the sentence's."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router

# Desa Kalapacung, Kec. Kertanegara, Kab. Purbalingga: one village of that name
KALAPACUNG = "33.03"


@pytest.mark.parametrize(
    "text",
    [
        "penarik gerobak sampah ditemuin meninggal",  # opening the text, before its object
        "5 penarik dihajar orang ga dikenal",  # after a number, before its verb
        "para penarik becak ribut sama preman",  # after "para"
    ],
)
def test_a_person_named_like_a_place_names_nothing(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), result.reason


@pytest.mark.parametrize(
    "text",
    [
        "penarik gerobak ditemuin meninggal di kalapacung",
        "5 penarik dihajar orang ga dikenal di kalapacung",
        "5 pemenang dihajar orang ga dikenal di kalapacung",  # Kec. Pemenang of Lombok Utara
        # a chat word after a counted level word, then the village stated
        "bentrok 2 desa sampe jalan raya desa kalapacung, 1 tewas",
    ],
)
def test_the_place_stated_beside_the_person_or_chat_word_is_the_answer(
    router: Router, text: str
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, result.reason
    assert result.chosen.code[:5] == KALAPACUNG


@pytest.mark.parametrize(
    "text",
    [
        # a level word counted: "sampe" after it is "sampai"
        "tawuran antar desa sampe subuh tadi malam",
        # a chat word after the people's word and before a verb built from a root
        "dikeroyok warga sampe meninggal",
    ],
)
def test_a_chat_word_where_a_sentence_puts_it_names_nothing(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), result.reason


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("motor hilang di penarik", "17.06.10"),  # after "di": Kec. Penarik
        ("penarik", "17.06.10"),  # alone
        ("warga penarik resah", "17.06.10"),  # the people of Penarik
        ("desa pemuda", "63.01.03.2029"),  # after its level word
        ("desa sampe", "52.04.21.2002"),
        ("warga desa sampe resah", "52.04.21.2002"),
        ("warga sampe resah", "52.04.21.2002"),  # a root after it: the people of Sampe
        ("motor hilang di dapet", "35.25.02.2009"),
        ("pemalang banjir", "33.27"),  # a kab/kota's name is the kab/kota
    ],
)
def test_the_names_themselves_are_still_found(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, result.reason
    assert result.chosen.code == code
