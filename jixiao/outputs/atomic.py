"""Atomic file writes: a reader (or an interrupted run) never sees a half-written file.

Everything is first written to a temporary file in the destination's own folder
(same file system, so the rename is atomic), flushed to disk, then moved over
the destination with `os.replace`.

Inside `staged()`, the renames wait until every file of the block has been
written: a full disk, an error or Ctrl-C half-way leaves every destination as it
was (the temporary files are removed), so OUT never mixes two runs' outputs. The
renames themselves run with Ctrl-C held back until the last one is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# (temporary, destination) pairs waiting for the end of the current `staged()` block.
_STAGE: list[tuple[Path, Path]] | None = None


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
        if _STAGE is not None:
            _STAGE.append((tmp_path, dest))
            return
        os.replace(tmp_path, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise
    finally:
        if _STAGE is None:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()


@contextlib.contextmanager
def staged() -> Iterator[None]:
    """Hold back every `atomic_path` rename of the block until all its files are written.

    On a clean exit the renames are done together (Ctrl-C waits for them); on any
    exception every temporary file is removed and no destination was touched.
    """
    global _STAGE
    if _STAGE is not None:  # already inside a staged block: it decides
        yield
        return
    _STAGE = pending = []
    try:
        yield
    except BaseException:
        _STAGE = None
        for tmp, _dest in pending:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    _STAGE = None
    with _interrupts_held():
        for tmp, dest in pending:
            os.replace(tmp, dest)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C (and SIGTERM) during the block takes effect when it ends, not half-way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        caught.append(signum)

    previous = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if caught:
        raise KeyboardInterrupt


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
