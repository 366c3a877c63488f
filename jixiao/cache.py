"""The result cache that makes a bulk run resumable.

One JSON file per audited file under OUT/.cache/, named by a key that changes
whenever the result could change: the file's bytes (sha256), the path it is
reported under, the program version, a hash of the extractor and rules source
(so editing a rule invalidates old results) and the options that reach the
pipeline (a password). Entries are written atomically as each file finishes,
so a run killed at any moment leaves only complete entries behind, and a rerun
redoes just the files that have none.

The sha256 in a stored key is that of the bytes the worker actually read and
parsed (`jixiao.worker`), not of a reading taken earlier; each entry carries it
and is served only when it equals the file's sha256 now (`ResultCache.get`).
Outcomes that say nothing lasting about a file (missing for a moment, a worker
killed from outside, a run interrupted) are never stored (`transient`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .outputs.atomic import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
# The code whose edits change a file's result: every extractor and rules module, the pipeline.
CODE_GLOBS = (
    "extractor/**/*.py",
    "rules/**/*.py",
    "jixiao/pipeline.py",
    "jixiao/review/fingerprint.py",
)


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def program_version() -> str:
    """The installed jixiao version ('0+unknown' when run from a bare checkout)."""
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@functools.cache
def code_hash() -> str:
    """A hash of the source that produces results: editing a rule makes old entries stale."""
    digest = hashlib.sha256()
    for pattern in CODE_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(file: str, sha256: str, options: dict[str, Any] | None = None) -> str:
    """The entry name for one file's result under the current code and options."""
    parts = {
        "file": file,
        "sha256": sha256,
        "version": program_version(),
        "code": code_hash(),
        "options": options or {},
    }
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:40]


@dataclass
class ResultCache:
    """Results of finished files, one JSON file per key in `folder`."""

    folder: Path

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str, *, sha256: str | None = None) -> dict[str, Any] | None:
        """The stored entry, or None when absent or unreadable (then it is simply redone).

        With `sha256` (the file's bytes as they are now), an entry is returned only if it
        was made from those very bytes: an old or foreign entry is never served.
        """
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, OSError):
            return None
        if not isinstance(entry, dict):
            return None
        if sha256 is not None and entry.get("sha256") != sha256:
            return None
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store an entry atomically: a crash mid-write leaves the old state, never half a file."""
        atomic_write_text(self.path(key), json.dumps(entry, ensure_ascii=False))
