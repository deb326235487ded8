"""The data directory's permissions: private to the user Dumas runs as.

The directory holds citizens' complaints, evidence files and chat ids, so it is created
0700 (an existing one is tightened to it) and the process creates every file with umask
077, so the SQLite database (and its -wal/-shm), evidence files, imported boundaries and
caches are 0600 whatever the login's default umask (usually 022: world-readable).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077


def make_private(data_dir: Path) -> None:
    """Set the process umask to 077 and create (or tighten) `data_dir` as 0700."""
    # Process-wide on purpose: SQLite, the evidence store and the intake process (a child,
    # which inherits it) all create files, and none of them takes a mode.
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    if mode & 0o077:
        try:
            data_dir.chmod(0o700)
            log.info("data directory %s was mode %o: now 0700", data_dir, mode)
        except PermissionError:  # not ours (a shared mount): say so, keep going
            log.warning("data directory %s is mode %o and cannot be made 0700", data_dir, mode)
