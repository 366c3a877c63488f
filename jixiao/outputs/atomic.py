"""Atomic file writes: a reader (or an interrupted run) never sees a half-written file.

Everything is first written to a temporary file in the destination's own folder
(same file system, so the rename is atomic), flushed to disk, then moved over
the destination with `os.replace`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(dest: str | Path) -> Iterator[Path]:
    """A temporary path beside `dest`; on a clean exit it replaces `dest`, else it is removed.

    For libraries that insist on writing to a path themselves (pyarrow, openpyxl, duckdb).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield tmp_path
        _fsync(tmp_path)
        os.replace(tmp_path, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def atomic_write_bytes(dest: str | Path, data: bytes) -> None:
    """Write `data` to `dest` all at once or not at all."""
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(dest: str | Path, text: str) -> None:
    """Write UTF-8 `text` to `dest` all at once or not at all."""
    atomic_write_bytes(dest, text.encode("utf-8"))


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
