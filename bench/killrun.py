"""Kill the bulk run with SIGKILL at random moments and check that nothing is lost (issue 16).

A folder of 100 files (the corpus's reports and forms in every format, and a PDF
whose contents refer to themselves, on which pdfminer loops forever) is audited
once cleanly. Then the same folder is audited into a second OUT, and the parent
process is killed with SIGKILL at ten random moments, each run starting where the
last left off (its cache, its manifest, its temporary files). After each kill:
no process of the run is left, and OUT holds either nothing or complete outputs
(what an earlier run had written is still there, whole or replaced).
Last, one run is let finish: its outputs must equal the clean run's, byte for
byte (the cache must not have served anything stale).

    make killrun            # or: python bench/killrun.py [--kills 10] [--seed 1]

Exit status 0 when every check holds; the failures are printed otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIXIAO = [sys.executable, "-m", "jixiao.cli"]
SOURCES = [
    *sorted((ROOT / "corpus" / "reports").glob("*.*")),
    *sorted((ROOT / "corpus" / "forms").glob("*/*.*")),
]
LOOPING = ROOT / "tests" / "hostile" / "self_referencing_contents.pdf"
IGNORED = {".jixiao.lock"}


def build_folder(folder: Path, count: int) -> None:
    """`count` files: copies of the corpus files under distinct names, and the looping PDF."""
    folder.mkdir(parents=True)
    shutil.copy(LOOPING, folder / LOOPING.name)
    sources = [p for p in SOURCES if _document(p)]
    for k in range(count - 1):
        src = sources[k % len(sources)]
        shutil.copy(src, folder / f"{k:03d}_{src.name}")


def _document(path: Path) -> bool:
    """A corpus document (not a README, a SOURCES list or a gold file)."""
    if not path.is_file() or path.suffix == ".json":
        return False
    return path.suffix != ".md" or path.parent.name == "md"


def command(folder: Path, out: Path) -> list[str]:
    return [*JIXIAO, "audit", str(folder), "--out", str(out), "--timeout", "5", "--workers", "2"]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file (not the cache, the lock or the manifest's own bookkeeping)."""
    if not out.exists():
        return {}
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name not in IGNORED
    }


def session_processes(sid: int) -> list[int]:
    """Processes still alive in the killed run's session (its workers, forkserver, tracker)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="jixiao-killrun-") as tmp:
        folder, clean, killed = Path(tmp) / "in", Path(tmp) / "clean", Path(tmp) / "killed"
        build_folder(folder, args.files)
        start = time.monotonic()
        subprocess.run(command(folder, clean), env=env, capture_output=True, check=False)
        duration = time.monotonic() - start
        print(f"clean run: {args.files} files in {duration:.1f} s")
        expected = snapshot(clean)
        for k in range(args.kills):
            before = set(snapshot(killed))
            proc = subprocess.Popen(
                command(folder, killed),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            delay = rng.uniform(0.3, duration * 0.9)
            time.sleep(delay)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must follow
            proc.wait()
            deadline = time.monotonic() + 10
            left = session_processes(proc.pid)
            while left and time.monotonic() < deadline:
                time.sleep(0.2)
                left = session_processes(proc.pid)
            missing = sorted(before - set(snapshot(killed)))  # a kill must not lose what was there
            state = "finished" if proc.returncode >= 0 else "killed"
            print(f"kill {k + 1}: after {delay:.1f} s ({state}); left {len(left)} processes")
            if left:
                failures.append(f"kill {k + 1}: processes left {left}")
                for pid in left:
                    os.kill(pid, signal.SIGKILL)
            if missing:
                failures.append(f"kill {k + 1}: outputs lost {missing[:5]}")
        subprocess.run(command(folder, killed), env=env, capture_output=True, check=False)
        got = snapshot(killed)
        strays = [n for n in got if n not in expected]
        lost = [n for n in expected if n not in got]
        differ = [n for n in expected if n in got and got[n] != expected[n]]
        for what, names in (("left behind", strays), ("lost", lost), ("different", differ)):
            if names:
                failures.append(f"final outputs: {len(names)} {what}: {names[:5]}")
        print(f"final run: {len(got)} files, {len(expected)} in the clean run")
    for line in failures:
        print("FAIL", line)
    print("all checks hold" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
