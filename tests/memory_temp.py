"""Where the tests keep their files: in memory (`/dev/shm`) where the machine has room.

A test writes a database or a server's data folder, uses it for a second and throws it
away, and on these machines' virtual disk each file opened and each commit made waits on
it: a PostgreSQL test database copied from its template opened about 4,000 files at
0.35 ms each, and the server spent 22 s of system time on one test file of 21 tests
against 2.7 s with its data in memory; the SQLite tests of three files ran 25 s against
19 s. Nothing a test checks depends on the disk under it (a full disk is a file size
limit, `tests/safety`). A machine without a RAM-backed /dev/shm, or with too little room
in it, or a run told where to put its files (TMPDIR), keeps the usual temporary folder.
"""

from __future__ import annotations

import os
import shutil

MEMORY = "/dev/shm"
# Room the suite's files need at most (three runs' temporary folders are kept).
NEEDED_BYTES = 4 << 30


def _is_tmpfs(path: str) -> bool:
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            return any(line.split()[1:3] == [path, "tmpfs"] for line in mounts)
    except OSError:
        return False


def memory_root() -> str | None:
    """`/dev/shm` where it is memory with room to spare and nobody chose a folder, else None."""
    if os.environ.get("TMPDIR") or not _is_tmpfs(MEMORY) or not os.access(MEMORY, os.W_OK):
        return None
    try:
        if shutil.disk_usage(MEMORY).free < NEEDED_BYTES:
            return None
    except OSError:
        return None
    return MEMORY


def use_memory_for_tmp_path() -> None:
    """Point pytest's `tmp_path` folders at memory (its documented
    PYTEST_DEBUG_TEMPROOT; the three latest runs are kept, older ones removed)."""
    root = memory_root()
    if root is not None:
        os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", root)
