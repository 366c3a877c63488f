"""OUT before a bulk run writes to it: is it a safe place, and is no other run writing there?

Two faults made OUT dangerous (issue 16): a run whose OUT holds its own inputs
(`jixiao audit reports --out .`) treated the inputs as outputs, and two runs into
one OUT left it mixed. So a run refuses an OUT that is, or holds, one of its
inputs (an OUT *inside* an input folder is fine: the folder walk leaves OUT out),
and holds a lock file in OUT for as long as it runs; a second run refuses.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".jixiao.lock"
# What jixiao.outputs.atomic leaves behind when killed: ".<name>.<8 random chars>.tmp" (mkstemp),
# and duckdb's write-ahead log beside it; `_unwritable`'s probe is ".probe-<8 random chars>".
_TEMPORARY = re.compile(r"^\.(?P<dest>.+)\.[a-z0-9_]{8}\.tmp(?:\.wal)?$")
_PROBE = re.compile(r"^\.probe-[a-z0-9_]{8}$")


class OutError(Exception):
    """OUT cannot be used for this run; the message (Chinese) says why and what to do."""


def _resolved(path: str | Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def check_out(out: str | Path, inputs: Sequence[str | Path]) -> None:
    """Raise OutError when OUT is an input folder, or holds an input file or folder."""
    own = _resolved(out)
    for given in inputs:
        path = _resolved(given)
        if path == own or path.is_relative_to(own):
            raise OutError(
                f"输出文件夹 {out} 就是或包含输入 {given}：jixiao 不会写入存放输入文件的文件夹"
                "（以免覆盖或删除它们）。请用 --out 指定另一个文件夹，"
                "例如输入文件夹之外的新文件夹，或输入文件夹下的一个子文件夹。"
            )


def lock_out(out: str | Path) -> FileLock:
    """Take OUT's lock for this run (release it with `.release()`), or raise OutError at once."""
    lock = FileLock(str(Path(out) / LOCK_NAME), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise OutError(
            f"另一个 jixiao 正在写入输出文件夹 {out}（锁文件 {LOCK_NAME}）："
            "请等它结束后再运行，或换一个 --out 文件夹。"
        ) from exc
    return lock


def sweep_temporary(out: str | Path, own: set[str]) -> list[Path]:
    """Remove the temporary files a killed run left in OUT, and only those.

    A file is removed only when its name is one the tool gives its temporary files and
    the file it stands for is one of its own: listed in `own` (the manifest, paths
    relative to OUT), or a cache entry (OUT/.cache belongs to the tool). Call it with
    OUT's lock held, so that no running run's temporary file is taken.
    """
    out = Path(out)
    removed = []
    for folder in {out, *(out / Path(name).parent for name in own), out / ".cache"}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            match = _TEMPORARY.match(name)
            if match:
                dest = (folder / match["dest"]).relative_to(out).as_posix()
                ours = dest in own or folder == out / ".cache"
            else:
                ours = folder == out and bool(_PROBE.match(name))
            path = folder / name
            if ours and path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed
