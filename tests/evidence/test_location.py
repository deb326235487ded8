"""DUMAS_EVIDENCE_URL: which store it selects (bot/evidence/location.py), the one line a
bad value stops start-up with, and boto3 left unloaded on the default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.evidence import DirectoryStore
from bot.evidence.s3 import S3Store
from bot.settings import SettingsError, load_settings
from tests.evidence.conftest import s3_client

REPO = Path(__file__).resolve().parents[2]


def _settings(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    return load_settings({"DUMAS_DATA_DIR": str(tmp_path / "data"), **env}, env_file=None)


def test_unset_is_the_data_directory(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert isinstance(settings.evidence, DirectoryStore)
    assert settings.evidence.root == tmp_path / "data" / "evidence" == settings.evidence_dir
    assert settings.evidence is settings.evidence  # opened once


@pytest.mark.parametrize("url", ["/srv/shared/evidence", "file:///srv/shared/evidence"])
def test_a_shared_directory(tmp_path: Path, url: str) -> None:
    settings = _settings(tmp_path, DUMAS_EVIDENCE_URL=url)
    assert isinstance(settings.evidence, DirectoryStore)
    assert settings.evidence.root == Path("/srv/shared/evidence") == settings.evidence_dir


def test_s3_with_an_endpoint(tmp_path: Path, bucket: str, s3_endpoint: str) -> None:
    settings = _settings(
        tmp_path, DUMAS_EVIDENCE_URL=f"s3://{bucket}/polda/", DUMAS_S3_ENDPOINT_URL=s3_endpoint
    )
    store = settings.evidence
    assert isinstance(store, S3Store) and str(store) == f"s3://{bucket}/polda/"
    stored = store.put(b"%PDF-1.4 x", "application/pdf")
    keys = [o["Key"] for o in s3_client(s3_endpoint).list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [f"polda/{stored.stored_name}"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("evidence", "an absolute directory"),
        ("s3:///prefix", "names no bucket"),
        ("https://bucket.s3.amazonaws.com/x", "s3://bucket/prefix"),
    ],
)
def test_a_bad_value_stops_with_one_line_naming_it(tmp_path: Path, url: str, says: str) -> None:
    with pytest.raises(SettingsError) as raised:
        _settings(tmp_path, DUMAS_EVIDENCE_URL=url)
    message = str(raised.value)
    assert message.startswith(f"DUMAS_EVIDENCE_URL={url!r} is invalid") and says in message
    assert "\n" not in message


def test_the_default_never_loads_boto3(tmp_path: Path) -> None:
    """boto3 and botocore cost memory at start; only S3 needs them."""
    code = (
        "import sys; import bot.app, bot.cli;"
        "from bot.settings import load_settings;"
        f"s = load_settings({{'DUMAS_DATA_DIR': {str(tmp_path)!r}}}, env_file=None);"
        "s.evidence.put(b'x', 'text/plain');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
