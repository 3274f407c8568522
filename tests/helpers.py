"""Small helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make a file or folder unwritable even for root (immutable flag), or by mode bits."""
    if os.geteuid() != 0:
        original = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(original)
        return
    if not shutil.which("chattr"):
        pytest.skip("running as root without chattr: cannot make a path read-only")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


# The names the tests read best with.
read_only_folder = unwritable
immutable_file = unwritable


def run_command(db_path: Path | str, *argv: str) -> int:
    """Run one `workbench` command through the real parser (its own commands and those the
    UI registers through entry points), letting a `KnownError` reach the test instead of
    turning it into an exit code as `workbench.cli.main` does."""
    from workbench.cli import Context, build_parser

    args = build_parser().parse_args(["--db", str(db_path), *argv])
    context = Context(db_target=args.db)
    try:
        return int(args.handler(args, context) or 0)
    finally:
        context.close()
