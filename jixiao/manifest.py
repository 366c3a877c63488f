"""The list of files a run wrote into OUT, so that a later run removes only those.

OUT is the user's folder too: they keep notes in it, or (by mistake) point it at
a folder holding inputs. So the tool never removes a file because of its name or
place; it removes a file only when the manifest of an earlier run lists it and
the current run did not write it again (a page of a file no longer audited). It also
names the scoring profile the run's findings were judged by (`--profile`).

The manifest is updated in two steps around the writing: first it lists what
the last run wrote *and* what this run is about to write, so that a run killed
half-way still accounts for every file it may have created; then, once every
output is in place, just what this run wrote.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path

from .outputs.atomic import atomic_write_text

MANIFEST_NAME = ".jixiao-manifest.json"


def manifest_path(out: Path) -> Path:
    return Path(out) / MANIFEST_NAME


def read_manifest(out: Path) -> set[str]:
    """The paths (relative to OUT, POSIX style) earlier runs wrote; empty when there is none."""
    try:
        data = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files or [] if isinstance(f, str) and _safe(f)}


def read_profile(out: Path) -> str | None:
    """The scoring profile the last run recorded, if any (restored when a run is undone)."""
    try:
        data = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    profile = data.get("profile") if isinstance(data, dict) else None
    return profile if isinstance(profile, str) else None


def write_manifest(out: Path, files: Iterable[str], profile: str | None = None) -> None:
    """Record `files` (relative to OUT) atomically, and the scoring profile (rules/profiles.py)
    the findings in them were judged by, so that a reader of OUT knows which rules applied."""
    body: dict = {"tool": "jixiao", "files": sorted(set(files))}
    if profile is not None:
        body["profile"] = profile
    atomic_write_text(manifest_path(out), json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def relative(out: Path, paths: Iterable[Path]) -> set[str]:
    """Paths inside OUT as the manifest spells them."""
    out = Path(out)
    return {Path(p).relative_to(out).as_posix() for p in paths}


def remove_stale(out: Path, previous: set[str], current: set[str]) -> list[str]:
    """Remove what an earlier run wrote and this one did not; nothing else. Returns them."""
    removed = []
    for name in sorted(previous - current):
        path = Path(out) / name
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(name)
    return removed


def _safe(name: str) -> bool:
    """A manifest entry names a file inside OUT: no absolute path, no way up."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts
