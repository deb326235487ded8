"""The S3 backend's own rules (bot/evidence/s3.py), on the fake S3: the checksum sent,
private objects, the key prefix, a versioned bucket, and an unreachable store."""

from __future__ import annotations

import base64
import hashlib
import logging

import pytest

from bot.evidence import EvidenceUnavailable
from bot.evidence.s3 import S3Store
from tests.evidence.conftest import s3_client

JPEG = b"\xff\xd8\xff\xe0" + b"foto" * 100
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def test_the_object_carries_its_sha256_type_and_no_public_grant(
    bucket: str, s3_endpoint: str
) -> None:
    stored = S3Store(bucket, "kantor/", s3_endpoint).put(JPEG, "image/jpeg")
    client = s3_client(s3_endpoint)
    key = f"kantor/{stored.stored_name}"
    got = client.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    # x-amz-checksum-sha256 is the base64 of the raw digest (API_PutObject.html)
    assert got["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(JPEG).digest()).decode()
    assert got["ContentType"] == "image/jpeg"
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner alone
    assert all(g["Grantee"].get("URI") != ALL_USERS for g in grants)


def test_a_prefix_keeps_the_store_to_its_own_keys(bucket: str, s3_endpoint: str) -> None:
    ours = S3Store(bucket, "/dumas/evidence/", s3_endpoint)
    theirs = S3Store(bucket, "other-app", s3_endpoint)
    kept = ours.put(JPEG, "image/jpeg")
    theirs.put(b"theirs", "text/plain")
    s3_client(s3_endpoint).put_object(Bucket=bucket, Key="dumas/evidence/README", Body=b"x")
    assert list(ours.names()) == [kept.stored_name]
    assert str(ours) == f"s3://{bucket}/dumas/evidence/"


def test_a_delete_on_a_versioned_bucket_is_reported(
    bucket: str, s3_endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    """DeleteObject on a versioned bucket only adds a delete marker
    (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html): the bytes of
    an erased citizen's file would stay, so it is logged as an error."""
    s3_client(s3_endpoint).put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}
    )
    store = S3Store(bucket, "", s3_endpoint)
    stored = store.put(JPEG, "image/jpeg")
    with caplog.at_level(logging.ERROR, logger="bot.evidence.s3"):
        store.delete(stored.stored_name)
    assert "versioned" in caplog.text and stored.stored_name in caplog.text


def test_an_unreachable_store_fails_like_a_full_disk(aws_env: None) -> None:
    # nothing listens on the discard port: connection refused at once
    store = S3Store("dumas-evidence", "", "http://127.0.0.1:9")
    name = "ab/" + "0" * 64 + ".jpg"
    with pytest.raises(EvidenceUnavailable, match="could not keep"):
        store.put(JPEG, "image/jpeg")
    with pytest.raises(EvidenceUnavailable, match="could not read"):
        store.read(name)
    with pytest.raises(EvidenceUnavailable):
        store.exists(name)
    with pytest.raises(EvidenceUnavailable):
        store.delete(name)
    with pytest.raises(EvidenceUnavailable):
        list(store.names())


def test_a_missing_bucket_is_unavailable_not_missing_files(s3_endpoint: str, aws_env: None) -> None:
    store = S3Store("dumas-no-such-bucket", "", s3_endpoint)
    with pytest.raises(EvidenceUnavailable):
        store.put(JPEG, "image/jpeg")
