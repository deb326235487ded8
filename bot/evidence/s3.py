"""Evidence in S3-compatible object storage (AWS S3, MinIO, Ceph RGW, ...), through boto3.

Selected by DUMAS_EVIDENCE_URL=s3://bucket/prefix; DUMAS_S3_ENDPOINT_URL names a store
other than AWS. Region and credentials come from the usual AWS variables and files
(AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ~/.aws/config, an instance role),
read by boto3 itself. This module is imported only when S3 is selected, so an
installation on the default directory never loads boto3 (measured: 10 MB to import it,
15 MB more for the client).

What the code relies on, by the S3 API reference:
- Objects are written without an ACL: since April 2023 new buckets have ACLs disabled
  ("bucket owner enforced") and every object is private to the bucket's account
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
- PutObject carries x-amz-checksum-sha256, the base64 of the SHA-256 the name already
  holds: S3 recomputes it and refuses the upload (400 BadDigest) when the bytes arrived
  different (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
- HeadObject of a missing key answers 404 with no body, so botocore reports the code
  "404" rather than "NoSuchKey" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
- DeleteObject answers 204 whether or not the key existed, and on a versioned bucket it
  only adds a delete marker: the bytes stay in an older version
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html). Erasure
  (/hapusdata, the retention purge) must remove the bytes, so the bucket must not be
  versioned; a delete that leaves a marker is logged as an error.
- ListObjectsV2 returns at most 1,000 keys per page; the paginator follows the
  continuation token (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from bot.evidence.store import (
    EvidenceUnavailable,
    StoredFile,
    check_name,
    content_name,
    is_evidence_name,
)

log = logging.getLogger(__name__)

_MISSING = {"404", "NoSuchKey", "NotFound"}

# An unreachable store must fail the citizen's step within seconds (the polite "could not
# keep the file"), not after botocore's default 60 s connect timeout and 5 attempts.
_CLIENT_CONFIG = Config(
    connect_timeout=5,
    read_timeout=30,
    retries={"max_attempts": 3, "mode": "standard"},
)


def _missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING


class S3Store:
    """The evidence store of one bucket and key prefix."""

    def __init__(
        self, bucket: str, prefix: str = "", endpoint_url: str = "", client: Any = None
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # boto3 clients are thread-safe (sessions are not): one client serves every
        # asyncio.to_thread call (https://docs.aws.amazon.com/boto3/latest/guide/clients.html)
        self.client = client or boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, config=_CLIENT_CONFIG
        )

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, name: str) -> str:
        return self.prefix + check_name(name)

    def _unavailable(self, action: str, name: str, exc: Exception) -> EvidenceUnavailable:
        return EvidenceUnavailable(f"could not {action} {name} in {self}: {exc}")

    def put(self, data: bytes, mime_type: str, named: StoredFile | None = None) -> StoredFile:
        stored = named or content_name(data, mime_type)
        try:
            if self._head(stored.stored_name):
                return stored
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(stored.stored_name),
                Body=data,
                ContentType=mime_type or "application/octet-stream",
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=base64.b64encode(bytes.fromhex(stored.sha256)).decode("ascii"),
            )
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable("keep", stored.stored_name, exc) from exc
        return stored

    def read(self, name: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
            return bytes(response["Body"].read())
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(name) from exc
            raise self._unavailable("read", name, exc) from exc
        except BotoCoreError as exc:
            raise self._unavailable("read", name, exc) from exc

    def delete(self, name: str) -> None:
        try:
            if not self._head(name):
                raise FileNotFoundError(name)
            response = self.client.delete_object(Bucket=self.bucket, Key=self._key(name))
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable("delete", name, exc) from exc
        if response.get("DeleteMarker"):
            log.error(
                "%s is versioned: %s got a delete marker and its bytes remain in an older "
                "version; erasure needs a bucket without versioning",
                self,
                name,
            )

    def exists(self, name: str) -> bool:
        try:
            return self._head(name)
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable("look up", name, exc) from exc

    def names(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    name = str(item["Key"])[len(self.prefix) :]
                    if is_evidence_name(name):
                        yield name
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable("list", "the files", exc) from exc

    def _head(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True
