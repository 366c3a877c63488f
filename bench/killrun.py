"""Kill the bulk run with SIGKILL at random moments and check that nothing is lost (issue 16).

A folder of 100 files (the corpus's reports and forms in every format, and a PDF
whose contents refer to themselves, on which pdfminer loops forever) is audited
once cleanly. Then the same folder is audited into a second OUT, and the parent
process is killed with SIGKILL at ten random moments, each run starting where the
last left off (its cache, its manifest, its temporary files). After each kill:
no process of the run is left, and OUT holds either nothing or complete outputs
(what an earlier run had written is still there, whole or replaced).
Last, one run is let finish: its outputs must equal the clean run's (byte for
byte, a workbook cell for cell and a database row for row, since those two carry
the time they were written): the cache must not have served anything stale.

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
    """Every output file (not the cache, the lock, nor a killed run's temporary files, which
    the next run sweeps), by content: a workbook by its cells and a database by its rows,
    since both carry the time they were written."""
    if not out.exists():
        return {}
    return {
        p.relative_to(out).as_posix(): content(p)
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name not in IGNORED and not _temporary(p)
    }


def _temporary(path: Path) -> bool:
    """A file an output is written to before it is renamed into place (and its WAL)."""
    return path.name.startswith(".") and ".tmp" in path.name


def content(path: Path) -> bytes:
    """What a file says: its bytes, a workbook's cell values, a database's tables' rows."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        rows = [
            (sheet.title, tuple(row))
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        return repr(rows).encode()
    if path.suffix == ".duckdb":
        import duckdb

        with duckdb.connect(str(path), read_only=True) as db:
            names = [
                r[0]
                for r in db.execute(
                    "select table_name from information_schema.tables order by 1"
                ).fetchall()
            ]
            rows = [
                (n, sorted(map(repr, db.execute(f'select * from "{n}"').fetchall()))) for n in names
            ]
        return repr(rows).encode()
    return path.read_bytes()


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
        last = duration
        k = attempts = 0
        while k < args.kills and attempts < args.kills * 4:
            attempts += 1
            before = set(snapshot(killed))
            fresh = k % 3 == 2  # every third run without its cache: killed while it reads files
            if fresh:
                shutil.rmtree(killed / ".cache", ignore_errors=True)
            began = time.monotonic()
            proc = subprocess.Popen(
                command(folder, killed),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            delay = rng.uniform(0.2, max(0.3, (duration if fresh else last) * 0.9))
            time.sleep(delay)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must follow
            proc.wait()
            if proc.returncode >= 0:  # finished first (the cache makes later runs short)
                last = time.monotonic() - began
                continue
            k += 1
            deadline = time.monotonic() + 10
            left = session_processes(proc.pid)
            while left and time.monotonic() < deadline:
                time.sleep(0.2)
                left = session_processes(proc.pid)
            missing = sorted(before - set(snapshot(killed)))  # a kill must not lose what was there
            print(
                f"kill {k}: after {delay:.1f} s{' (no cache)' if fresh else ''}; {len(left)} processes left"
            )
            if left:
                failures.append(f"kill {k}: processes left {left}")
                for pid in left:
                    os.kill(pid, signal.SIGKILL)
            if missing:
                failures.append(f"kill {k}: outputs lost {missing[:5]}")
        subprocess.run(command(folder, killed), env=env, capture_output=True, check=False)
        got = snapshot(killed)
        left_over = [p.name for p in killed.rglob("*") if _temporary(p)]
        if left_over:
            failures.append(f"temporary files left after the final run: {left_over[:5]}")
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
