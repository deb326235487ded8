"""The evidence store's contract (bot/evidence/store.py), run against both backends:
the directory and S3 (on the fake S3 of conftest.py)."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.evidence import EvidenceStore
from bot.evidence.store import content_name

JPEG = b"\xff\xd8\xff\xe0" + b"foto pelaku" * 300
PDF = b"%PDF-1.4\n" + b"laporan" * 200


def test_a_file_is_kept_under_the_name_of_its_bytes(store: EvidenceStore) -> None:
    stored = store.put(JPEG, "image/jpeg")
    digest = hashlib.sha256(JPEG).hexdigest()
    assert stored.stored_name == f"{digest[:2]}/{digest}.jpg"
    assert (stored.sha256, stored.size, stored.mime_type) == (digest, len(JPEG), "image/jpeg")
    assert store.exists(stored.stored_name)
    assert store.read(stored.stored_name) == JPEG
    assert list(store.names()) == [stored.stored_name]


def test_the_same_bytes_are_kept_once(store: EvidenceStore) -> None:
    first = store.put(PDF, "application/pdf")
    again = store.put(PDF, "application/pdf")
    other = store.put(JPEG, "image/jpeg")
    assert first == again
    assert sorted(store.names()) == sorted([first.stored_name, other.stored_name])


def test_parallel_puts_of_one_file_leave_one_whole_file(store: EvidenceStore) -> None:
    """Two citizens forward the same picture at the same moment (threads, as the
    dispatcher's asyncio.to_thread calls run)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.put(JPEG, "image/jpeg"), range(16)))
    assert len({r.stored_name for r in results}) == 1
    assert list(store.names()) == [results[0].stored_name]
    assert store.read(results[0].stored_name) == JPEG


def test_delete_removes_the_file_and_reports_a_missing_one(store: EvidenceStore) -> None:
    stored = store.put(PDF, "application/pdf")
    store.delete(stored.stored_name)
    assert not store.exists(stored.stored_name)
    assert list(store.names()) == []
    with pytest.raises(FileNotFoundError):
        store.delete(stored.stored_name)
    with pytest.raises(FileNotFoundError):
        store.read(stored.stored_name)


def test_an_unknown_type_is_kept_as_bin(store: EvidenceStore) -> None:
    stored = store.put(b"raw", "application/x-unknown")
    assert stored.stored_name.endswith(".bin") and store.read(stored.stored_name) == b"raw"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "ab/../../x.jpg",
        "/etc/passwd",
        "ab/" + "0" * 64,  # no extension
        "AB/" + "A" * 64 + ".jpg",  # never produced: hex digests are lower case
        "ab/" + "0" * 64 + ".jpg/../x",
    ],
)
def test_only_names_the_store_makes_are_accepted(store: EvidenceStore, name: str) -> None:
    for call in (store.read, store.exists, store.delete):
        with pytest.raises(ValueError, match="not an evidence file name"):
            call(name)


def test_names_are_those_content_name_gives(store: EvidenceStore) -> None:
    names = {
        store.put(data, mime).stored_name
        for data, mime in [(JPEG, "image/jpeg"), (PDF, "application/pdf")]
    }
    assert names == {
        content_name(JPEG, "image/jpeg").stored_name,
        content_name(PDF, "application/pdf").stored_name,
    }
