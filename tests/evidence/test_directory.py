"""The directory backend's own behaviour (bot/evidence/directory.py): atomic writes, a
full disk, and listing only finished evidence files."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from bot.evidence import DirectoryStore, DiskFullError, EvidenceUnavailable

JPEG = b"\xff\xd8\xff\xe0" + b"foto" * 100


def test_a_full_disk_is_reported_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DirectoryStore(tmp_path / "evidence")

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFullError) as raised:
        store.put(JPEG, "image/jpeg")
    assert isinstance(raised.value, EvidenceUnavailable)  # what the dispatcher catches
    assert [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()] == []


def test_listing_skips_writes_under_way_and_foreign_files(tmp_path: Path) -> None:
    store = DirectoryStore(tmp_path / "evidence")
    stored = store.put(JPEG, "image/jpeg")
    shard = (tmp_path / "evidence" / stored.stored_name).parent
    (shard / f".{stored.sha256}.host.1.2.3.part").write_bytes(b"half")  # a crashed write
    (shard / "notes.txt").write_text("not evidence")
    (tmp_path / "evidence" / "README").write_text("not evidence")
    assert list(store.names()) == [stored.stored_name]


def test_an_absent_directory_holds_nothing(tmp_path: Path) -> None:
    store = DirectoryStore(tmp_path / "never-created")
    assert list(store.names()) == []
    assert not store.exists("ab/" + "0" * 64 + ".jpg")
