"""Writing the rep's files whole or not at all: a full disk never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench import errors


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; on success it replaces `path`.

    For writers that need a file name (Qt's image and PDF writers); plain bytes or
    text go through `write_atomically`.
    """
    path = Path(path)
    folder = path.resolve().parent
    if path.is_dir():
        raise errors.InvalidInput(f"{path} is a folder; give a file name.")
    if not folder.is_dir():
        raise errors.InvalidInput(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.",
                                    suffix=path.suffix or ".tmp")
    except OSError as exc:
        raise errors.KnownError(f"Cannot write {path}: {exc.strerror}.") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if tmp.stat().st_size == 0:
            raise errors.KnownError(f"Cannot write {path} (is the disk full?).")
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise errors.KnownError(f"Cannot write {path}: {exc.strerror}.") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, content: bytes | str) -> None:
    """Write `content` (text is written as UTF-8) to `path` whole or not at all."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
