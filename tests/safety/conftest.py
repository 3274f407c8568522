"""Fixtures for the safety tests: a fresh database file (copied from the session's template)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.safety.helpers import TINY_FS_BYTES


@pytest.fixture
def fresh_db_file(tmp_path: Path, migrated_template: Path) -> Path:
    """A new empty workbench database file, copied from the template (no one has it open)."""
    path = tmp_path / "fresh.sqlite3"
    shutil.copyfile(migrated_template, path)
    return path




@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB file system of its own (tmpfs), so the disk really fills up."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny file system needs root; the file-size-limit test covers this")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TINY_FS_BYTES}", "tmpfs",
                           str(mount_point)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); "
                    "the file-size-limit test covers a full disk")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
