"""copy_all (bot/evidence/copying.py) between the two backends, and `dumas evidence copy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evidence import CorruptEvidence, DirectoryStore, copy_all
from bot.evidence.s3 import S3Store

REPO = Path(__file__).resolve().parents[2]
FILES = [
    (b"\xff\xd8\xff\xe0" + b"foto" * 100, "image/jpeg"),
    (b"%PDF-1.4\n" + b"laporan" * 100, "application/pdf"),
    (b"OggS" + b"suara" * 50, "audio/ogg"),
    (b"RIFF....WAVE", "audio/x-wav"),  # stored as .wav, like audio/wav
    (b"\x00\x01 unknown", "application/x-unknown"),  # stored as .bin
]


def test_directory_to_s3_and_back(tmp_path: Path, bucket: str, s3_endpoint: str) -> None:
    directory = DirectoryStore(tmp_path / "evidence")
    names = sorted(directory.put(data, mime).stored_name for data, mime in FILES)
    s3 = S3Store(bucket, "evidence", s3_endpoint)
    assert copy_all(directory, s3) == len(FILES)
    assert sorted(s3.names()) == names
    for data, mime in FILES:
        stored = directory.put(data, mime)
        assert s3.read(stored.stored_name) == data
    assert copy_all(directory, s3) == 0  # run again: nothing left to copy

    back = DirectoryStore(tmp_path / "restored")
    assert copy_all(s3, back) == len(FILES)
    assert sorted(back.names()) == names


def test_an_interrupted_copy_resumes(tmp_path: Path, bucket: str, s3_endpoint: str) -> None:
    directory = DirectoryStore(tmp_path / "evidence")
    for data, mime in FILES:
        directory.put(data, mime)
    s3 = S3Store(bucket, "", s3_endpoint)
    s3.put(*FILES[0])  # the first copy stopped after one file
    assert copy_all(directory, s3) == len(FILES) - 1
    assert len(list(s3.names())) == len(FILES)


def test_a_damaged_file_stops_the_copy_naming_it(
    tmp_path: Path, bucket: str, s3_endpoint: str
) -> None:
    directory = DirectoryStore(tmp_path / "evidence")
    stored = directory.put(*FILES[1])
    (tmp_path / "evidence" / stored.stored_name).write_bytes(b"%PDF-1.4 bit rot")
    s3 = S3Store(bucket, "", s3_endpoint)
    with pytest.raises(CorruptEvidence, match=stored.stored_name):
        copy_all(directory, s3)
    assert list(s3.names()) == []


def test_the_command_copies_to_s3(tmp_path: Path, bucket: str, s3_endpoint: str) -> None:
    data_dir = tmp_path / "data"
    directory = DirectoryStore(data_dir / "evidence")
    for data, mime in FILES:
        directory.put(data, mime)
    env = {**os.environ, "DUMAS_DATA_DIR": str(data_dir), "DUMAS_S3_ENDPOINT_URL": s3_endpoint}
    env.pop("DUMAS_EVIDENCE_URL", None)
    command = [sys.executable, "-m", "bot.cli", "evidence", "copy", "--to", f"s3://{bucket}/ev"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"copied {len(FILES)} evidence files" in done.stdout
    assert sorted(S3Store(bucket, "ev", s3_endpoint).names()) == sorted(directory.names())

    refused = subprocess.run(
        [*command[:-1], "evidence"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "--to must be" in refused.stderr

    gone = {**env, "DUMAS_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    failed = subprocess.run(command, cwd=REPO, env=gone, capture_output=True, text=True)
    assert failed.returncode == 1
    last_line = failed.stderr.strip().splitlines()[-1]  # after botocore's own log lines
    assert last_line.startswith("dumas evidence copy: could not look up")
    assert "Traceback" not in failed.stderr
