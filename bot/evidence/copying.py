"""Copying every evidence file from one store to another (`dumas evidence copy`, and the
evidence half of `dumas db copy`)."""

from __future__ import annotations

import logging

from bot.evidence.kinds import mime_of_extension
from bot.evidence.store import CorruptEvidence, EvidenceStore, content_name

log = logging.getLogger(__name__)


def copy_all(source: EvidenceStore, target: EvidenceStore) -> int:
    """Copy the files `target` lacks; returns how many were copied. Safe to run again
    after an interruption: files already there are skipped (names are content hashes,
    so a file of the same name is the same file).

    Each file's bytes are named again before they are stored: a name that comes out
    different means the source's bytes no longer match their SHA-256, and the copy stops
    with CorruptEvidence naming the file rather than spread a damaged one.
    """
    copied = 0
    for name in source.names():
        if target.exists(name):
            continue
        data = source.read(name)
        mime_type = mime_of_extension(name.rsplit(".", 1)[-1])
        if content_name(data, mime_type).stored_name != name:
            raise CorruptEvidence(f"{name} in {source} does not match its SHA-256")
        target.put(data, mime_type)
        copied += 1
    log.info("copied %d evidence files from %s to %s", copied, source, target)
    return copied
