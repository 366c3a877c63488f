"""Rebuild corpus/real/store/ from the repository snapshots the documents were found in.

The collected real documents are not committed (corpus/real/README.md says why);
corpus/real/sources/*.json says where each one lives: repository, commit, path and
sha256. Fetch each repository with the search tool (`fetch github:<owner>/<name>`,
which leaves a bare git directory under /work/.mirror/<owner>+<name>/), then run

    .venv/bin/python corpus/tools/restore_real.py [--mirror /work/.mirror]

Every file is taken from its commit and checked against its sha256; a mismatch or a
missing snapshot is reported and the file is skipped, never written half-right.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "corpus" / "real" / "sources"


def git_dir(mirror: Path, repo: str) -> Path | None:
    """The bare git directory of a fetched snapshot (it may sit one level down)."""
    base = mirror / repo.replace("/", "+")
    if not base.is_dir():
        return None
    for candidate in [base, *sorted(base.iterdir())]:
        if (
            candidate.is_dir()
            and (candidate / "objects").is_dir()
            and (candidate / "HEAD").exists()
        ):
            return candidate
    return None


def restore(entry: dict, mirror: Path) -> str:
    """Write one document into the store; say what happened in a word."""
    target = ROOT / entry["file"]
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]:
        return "present"
    gd = git_dir(mirror, entry["repo"])
    if gd is None:
        return f"no snapshot of {entry['repo']} (fetch github:{entry['repo']})"
    blob = subprocess.run(
        [
            "git",
            f"--git-dir={gd}",
            "-c",
            "core.quotepath=false",
            "show",
            f"{entry['commit']}:{entry['path']}",
        ],
        capture_output=True,
    )
    if blob.returncode != 0:
        return "not in that commit: " + blob.stderr.decode(errors="replace").strip()[:80]
    if hashlib.sha256(blob.stdout).hexdigest() != entry["sha256"]:
        return "sha256 differs: not written"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(blob.stdout)
    return "restored"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args(argv)
    failed = 0
    for source in sorted(SOURCES.glob("*.json")):
        for entry in json.loads(source.read_text(encoding="utf-8")):
            outcome = restore(entry, args.mirror)
            failed += outcome not in {"present", "restored"}
            print(f"{entry['name']:<60} {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
