"""Fixtures for the evidence store's tests: a fake S3 (moto's server, a real HTTP server
on 127.0.0.1, so boto3's requests, signatures and errors go over the wire as they would
to AWS), a fresh bucket per test, and `store`, run once per backend.

What moto checks less strictly than AWS S3 (so these tests cannot catch it):
- it does not verify x-amz-checksum-sha256 against the body (AWS answers 400 BadDigest,
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html): the tests check
  the value Dumas sends instead, read back with ChecksumMode=ENABLED;
- it accepts any access key and secret (AWS checks the SigV4 signature);
- it ignores Object Ownership and block-public-access settings; the tests check that
  the object's ACL grants nothing beyond its owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto.server import ThreadedMotoServer

from bot.evidence import DirectoryStore, EvidenceStore


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials and region for the fake, and no AWS files of the machine's user."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "dumas-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "dumas-test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bucket(s3_endpoint: str, aws_env: None) -> str:
    """A new, empty bucket on the fake S3."""
    import boto3

    name = f"dumas-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=name)
    return name


def s3_client(endpoint: str) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=endpoint)


@pytest.fixture(params=["directory", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> EvidenceStore:
    """The same tests against both backends."""
    if request.param == "directory":
        return DirectoryStore(tmp_path / "evidence")
    from bot.evidence.s3 import S3Store

    endpoint = request.getfixturevalue("s3_endpoint")
    return S3Store(request.getfixturevalue("bucket"), "dumas/evidence", endpoint)
