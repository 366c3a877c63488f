"""Benchmark and kill-test the bulk run on a big generated folder (writes only under /tmp).

    python bench/batch_run.py --copies 4

1. makes the variant folder (tests/make_variants.py);
2. runs `jixiao audit FOLDER --out OUT` with 1 and with 2 workers, timing each;
3. starts a 2-worker run, interrupts it part-way with SIGINT (Ctrl-C to the whole
   process group), reruns it, and compares every output with the uninterrupted run;
4. the same with SIGTERM, and with SIGKILL of the main process (no chance to clean
   up), also checking that no worker process outlives it.

The code is first copied to a snapshot folder, so that edits to the working tree
during the benchmark cannot change results (or invalidate the cache) half-way.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from make_variants import make_variants  # noqa: E402


def snapshot(dest: Path) -> Path:
    """Copy the code (not the corpus) so the benchmark runs one fixed version of it."""
    if dest.exists():
        shutil.rmtree(dest)
    for package in ("extractor", "rules", "jixiao"):
        shutil.copytree(
            ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return dest


def command(code: Path, folder: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "jixiao.cli", "audit", str(folder), "--out", str(out),
            "--workers", str(workers)]  # fmt: skip


def timed_run(code: Path, folder: Path, out: Path, workers: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds the files took (summed over their children), exit status.

    The machine may be shared: CPU time says what the work costs whatever the load.
    """
    started = time.monotonic()
    proc = subprocess.run(
        command(code, folder, out, workers), cwd=code, capture_output=True, text=True
    )
    wall = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = sum(
        json.loads(p.read_text(encoding="utf-8")).get("cpu_seconds", 0.0)
        for p in (out / ".cache").glob("*.json")
    )
    return wall, cpu, proc.returncode


def session_processes(sid: int) -> list[int]:
    """Processes still alive in a session (the run's children, if any escaped)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def interrupted_run(code: Path, folder: Path, out: Path, after: int, sig: int) -> dict:
    """Start a 2-worker run, send `sig` once `after` files are done, then rerun to the end."""
    proc = subprocess.Popen(
        command(code, folder, out, 2),
        cwd=code,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # a benchmark started in the background inherits SIGINT ignored: give the run Ctrl-C back
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    while len(list((out / ".cache").glob("*.json"))) < after and proc.poll() is None:
        time.sleep(0.2)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    else:
        os.kill(proc.pid, sig)  # kill -9 of the main process only
    _, err = proc.communicate()
    time.sleep(1.0)
    leftover = session_processes(proc.pid)
    cached = len(list((out / ".cache").glob("*.json")))
    partial_tmp = [p.name for p in out.rglob("*.tmp")]
    started = time.monotonic()
    rerun = subprocess.run(command(code, folder, out, 2), cwd=code, capture_output=True, text=True)
    return {
        "signal": signal.Signals(sig).name,
        "sent_after_files": after,
        "exit_status": proc.returncode,
        "message": err.strip().splitlines()[-1] if err.strip() else "",
        "cached_at_kill": cached,
        "tmp_files_left": partial_tmp,
        "processes_left": leftover,
        "rerun_s": round(time.monotonic() - started, 1),
        "rerun_status": rerun.returncode,
        "rerun_summary": [ln for ln in rerun.stdout.splitlines() if "沿用缓存" in ln],
    }


def same_outputs(a: Path, b: Path) -> dict[str, bool]:
    """Compare every output of two runs: bytes where they are deterministic, else content."""
    result = {}
    for name in ("findings.jsonl", "reports.jsonl", "index.html"):
        result[name] = (a / name).read_bytes() == (b / name).read_bytes()
    pages_a = sorted(p.name for p in (a / "reports").glob("*.html"))
    pages_b = sorted(p.name for p in (b / "reports").glob("*.html"))
    result["reports/*.html"] = pages_a == pages_b and all(
        (a / "reports" / n).read_bytes() == (b / "reports" / n).read_bytes() for n in pages_a
    )
    for name in ("reports", "indicators", "findings"):
        fa, fb = (pd.read_parquet(d / f"{name}.parquet") for d in (a, b))
        result[f"{name}.parquet"] = fa.equals(fb)
    wa, wb = load_workbook(a / "audit.xlsx"), load_workbook(b / "audit.xlsx")
    result["audit.xlsx"] = all(
        list(wa[s].values) == list(wb[s].values) for s in ("汇总", "问题清单", "指标")
    )
    tables = []
    for d in (a, b):
        con = duckdb.connect(str(d / "audit.duckdb"), read_only=True)
        tables.append(
            [
                con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("reports", "findings", "findings_per_check")
            ]
        )
        con.close()
    result["audit.duckdb"] = tables[0] == tables[1]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per worker count")
    parser.add_argument("--no-kill", action="store_true", help="time the runs only")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "jixiao-bench")
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "in"
    files = make_variants(folder, args.copies)
    code = snapshot(work / "code")
    report: dict = {"files": len(files), "cores": os.cpu_count()}
    for _repeat in range(args.repeat):
        for workers in (1, 2):
            out = work / f"out{workers}"
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu, status = timed_run(code, folder, out, workers)
            run = {"workers": workers, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}
            run["exit"], run["load_avg_1min"] = status, round(os.getloadavg()[0], 2)
            report.setdefault("runs", []).append(run)
            print(json.dumps(run), flush=True)
    reference = work / "out2"
    cached_rerun, _, _ = timed_run(code, folder, reference, 2)
    report["rerun_all_cached_s"] = round(cached_rerun, 1)
    report["same_1_vs_2_workers"] = same_outputs(work / "out1", reference)
    for sig in () if args.no_kill else (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        out = work / f"out-{signal.Signals(sig).name}"
        shutil.rmtree(out, ignore_errors=True)
        info = interrupted_run(code, folder, out, after=len(files) // 2, sig=sig)
        info["same_as_uninterrupted"] = same_outputs(out, reference)
        report[signal.Signals(sig).name] = info
        print(json.dumps(info, ensure_ascii=False), flush=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
