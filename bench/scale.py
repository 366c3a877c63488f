"""Time and peak memory of `jixiao audit` over N generated documents, with 1 and 2 workers.

    python bench/scale.py --n 1000 --workers 1 2 [--json out/scale.json]

1. writes N documents under a temporary folder: copies of the bundled corpus documents
   in text formats (corpus/forms/{txt,md,html}, corpus/reports/*.txt), one long report
   (20-60 pages) for every `--report-every` one-page forms, as bureaus receive them. Each
   copy gets its own project and unit name (the copy number appended where the original
   names them) and one decimal changed, so neither the sha256 nor project + year + unit +
   kind repeat (no 重复报送 between copies);
2. runs the real command line `jixiao audit FOLDER --out OUT -j W` on it, from a snapshot
   of the code (edits to the tree during a long run change nothing), under the same
   interpreter;
3. reports wall time, documents/s, the main process's peak RSS (VmHWM of /proc/PID/status,
   read every 50 ms: the kernel's high-water mark, so no peak is missed while the process
   lives) and the largest peak RSS of any worker process (VmHWM of every descendant, read
   every 50 ms: a child that lives less than 50 ms may be missed), and the size of OUT.

Writes only under the temporary folder (removed at the end unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from batch_run import snapshot  # noqa: E402
from make_variants import read_text, vary_text  # noqa: E402

FORMS = [ROOT / "corpus" / "forms" / d for d in ("txt", "md", "html")]
REPORTS = ROOT / "corpus" / "reports"
SAMPLE = 0.05  # seconds between two readings of /proc


def originals() -> tuple[list[Path], list[Path]]:
    """The one-page forms and the long reports the copies are made from."""
    forms = sorted(p for d in FORMS for p in d.iterdir() if p.is_file() and not p.stem.isupper())
    return forms, sorted(REPORTS.glob("*.txt"))


def identities(paths: list[Path]) -> dict[Path, list[str]]:
    """The project and unit names each original states (what a copy renames)."""
    from jixiao.pipeline import audit_file

    names = {}
    for path in paths:
        records = audit_file(path).records
        found = {r.get(k) for r in records for k in ("project", "unit")}
        names[path] = sorted((n for n in found if isinstance(n, str) and len(n) >= 2), key=len)
    return names


def rename(text: str, names: list[str], copy: int) -> str:
    """Every stated project and unit name gets the copy number (longest name first)."""
    for name in reversed(names):
        text = text.replace(name, f"{name}{copy:05d}")
    return text


def generate(dest: Path, n: int, report_every: int, seed: int = 2024) -> list[Path]:
    """N documents under `dest`: forms and, every `report_every`-th, a long report."""
    rng = random.Random(seed)
    forms, reports = originals()
    names = identities(forms + reports)
    written = []
    for i in range(n):
        pool, k = (reports, i // report_every) if i % report_every == 0 else (forms, i)
        original = pool[k % len(pool)]
        text = vary_text(rename(read_text(original), names[original], i), rng)
        target = dest / f"batch{i // 500:03d}" / f"{original.stem}_{i:05d}{original.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (its children, theirs …)."""
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        try:  # a process may end between two readings
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                kids = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += kids
            stack += kids
    return found


def hwm_kb(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, in kB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(code: Path, folder: Path, out: Path, workers: int) -> dict:
    """One `jixiao audit` run, watched: wall seconds, peak RSS of main and of the largest worker."""
    cmd = [sys.executable, "-m", "jixiao.cli", "audit", str(folder), "--out", str(out),
           "--workers", str(workers)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peaks = {"main": 0, "worker": 0}

    def watch() -> None:
        while proc.poll() is None:
            peaks["main"] = max(peaks["main"], hwm_kb(proc.pid))
            try:
                for child in descendants(proc.pid):
                    peaks["worker"] = max(peaks["worker"], hwm_kb(child))
            except OSError:  # never let the watcher die: the peaks would stop there
                pass
            time.sleep(SAMPLE)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.monotonic() - started
    watcher.join()
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"run failed ({proc.returncode}): {err[-2000:]}")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts)
    return {
        "workers": workers,
        "wall_s": round(wall, 1),
        "docs_per_s": None,
        "main_peak_mb": round(peaks["main"] / 1024, 1),
        "worker_peak_mb": round(peaks["worker"] / 1024, 1),
        "out_mb": round(size / 1e6, 1),
        "cache_mb": round(sum(p.stat().st_size for p in (out / ".cache").glob("*")) / 1e6, 1),
        "exit": proc.returncode,
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[250])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--report-every", type=int, default=10)
    parser.add_argument("--json", type=Path, help="append one JSON line per run here")
    parser.add_argument("--keep", action="store_true", help="keep the folders (under /tmp)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="jixiao-scale-"))
    code = snapshot(base / "code")
    try:
        for n in args.n:
            folder = base / f"docs{n}"
            made = generate(folder, n, args.report_every)
            for workers in args.workers:
                out = base / f"out{n}-j{workers}"
                row = {"n": len(made), "commit": commit(), **run(code, folder, out, workers)}
                row["docs_per_s"] = round(len(made) / row["wall_s"], 1)
                print(json.dumps(row, ensure_ascii=False), flush=True)
                if args.json:
                    with args.json.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                if not args.keep:
                    shutil.rmtree(out)
            if not args.keep:
                shutil.rmtree(folder)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
