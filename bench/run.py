"""Benchmark the whole jixiao chain beside bare pdfplumber and pdftotext (GitHub issue 6).

    make bench                                   # the defaults: 3 runs, 200-file batch
    python bench/run.py --runs 5 --files 200     # more runs, steadier medians
    python bench/run.py --no-batch --json out.json

Inputs: the corpus PDFs (corpus/reports, corpus/forms/pdf, SHARED/corpus/real if
present) and one long PDF made by joining them until it has --long-pages pages
(built once into --cache with pypdf, or pdfunite; never committed).

Every measurement runs in a fresh subprocess, so its peak memory (ru_maxrss)
is its own and nothing is warm from the one before. For each run, in turn:

- jixiao: the whole chain per file, timed per stage: load (PDF parsing: text
  and tables), split (finding the documents in the file), parse (building the
  records), rules, outputs (records and findings to JSON);
- pdfplumber: page.extract_text() and page.extract_tables() on every page;
- pdftotext: `pdftotext -layout FILE -`, one process per file.

The table shows medians over the runs, in CPU seconds (what the work costs on
one core, whatever else the machine runs) and wall seconds, and the ratios
jixiao / pdfplumber and jixiao / pdftotext, the figures that survive a noisy
machine.

The batch benchmark copies corpus files (every format; PDFs get a trailing
comment so their bytes differ) into --files files in a temporary folder and
audits them with `jixiao audit DIR --out OUT --workers N` for 1 and 2 workers
(a multiprocessing.Pool over audit_file if the CLI has no --workers), sampling
the process tree's memory; then audits them one after the other in a single
process and reads its peak RSS after 50 files and after all of them, to show
memory does not grow with the number of files.

Nothing here asserts a timing: it measures and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure the tree this script sits in, not an installed copy
STAGES = ("load", "split", "parse", "rules", "outputs")
TOOLS = ("jixiao", "pdfplumber", "pdftotext")
FORMATS = {".pdf", ".txt", ".docx", ".md", ".html", ".xlsx", ".xls"}


# -- inputs ----------------------------------------------------------------------


def corpus_pdfs(shared: Path) -> list[Path]:
    pdfs = sorted((ROOT / "corpus" / "reports").glob("*.pdf"))
    pdfs += sorted((ROOT / "corpus" / "forms" / "pdf").glob("*.pdf"))
    pdfs += sorted((shared / "corpus" / "real").glob("*.pdf"))
    return pdfs


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def long_pdf(pdfs: list[Path], pages: int, cache: Path) -> Path:
    """The corpus PDFs joined, in turn, until the result has at least `pages` pages (built once)."""
    key = hashlib.sha256(str(pages).encode())
    for p in pdfs:
        key.update(p.name.encode() + hashlib.sha256(p.read_bytes()).digest())
    out = cache / f"long-{pages}-{key.hexdigest()[:12]}.pdf"
    if out.exists():
        return out
    cache.mkdir(parents=True, exist_ok=True)
    parts, total = [], 0
    for p in itertools.cycle(pdfs):
        parts.append(p)
        total += page_count(p)
        if total >= pages:
            break
    tmp = out.with_suffix(".tmp")
    try:
        from pypdf import PdfWriter

        writer = PdfWriter()
        for p in parts:
            writer.append(str(p))
        with open(tmp, "wb") as fh:
            writer.write(fh)
    except ImportError:
        subprocess.run(["pdfunite", *map(str, parts), str(tmp)], check=True)
    tmp.replace(out)
    return out


# -- one measurement (runs in its own process) -------------------------------------


class Clock:
    """CPU and wall seconds per stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.wall: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    def add(self, stage: str, cpu: float, wall: float) -> None:
        self.cpu[stage] += cpu
        self.wall[stage] += wall


def _jixiao(files: list[str], clock: Clock) -> None:
    import extractor
    import extractor.pdf  # imported here, as the other tools import pdfplumber, before the clock
    import rules
    from extractor.load import load
    from jixiao.pipeline import looks_like_report

    parse = [0.0, 0.0]

    def timed(fn):  # build_report and parse_forms, called by extractor.split
        def inner(*args, **kwargs):
            c, w = time.process_time(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                parse[0] += time.process_time() - c
                parse[1] += time.perf_counter() - w

        return inner

    extractor.build_report = timed(extractor.build_report)
    extractor.parse_forms = timed(extractor.parse_forms)
    for path in files:
        c, w = time.process_time(), time.perf_counter()
        doc = load(path)
        clock.add("load", time.process_time() - c, time.perf_counter() - w)
        parse[:] = [0.0, 0.0]
        c, w = time.process_time(), time.perf_counter()
        reports = extractor.split(doc)
        clock.add("split", time.process_time() - c - parse[0], time.perf_counter() - w - parse[1])
        clock.add("parse", parse[0], parse[1])
        c, w = time.process_time(), time.perf_counter()
        findings = []  # as jixiao.pipeline.audit_file
        for report in reports:
            if looks_like_report(report):
                findings.extend(rules.run(report))
        if len(reports) > 1:
            findings.extend(rules.run_file(reports))
        clock.add("rules", time.process_time() - c, time.perf_counter() - w)
        c, w = time.process_time(), time.perf_counter()
        json.dumps([r.to_dict() for r in reports], ensure_ascii=False)
        json.dumps([f.to_dict() for f in findings], ensure_ascii=False)
        clock.add("outputs", time.process_time() - c, time.perf_counter() - w)


def _pdfplumber(files: list[str], clock: Clock) -> None:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    for path in files:
        c, w = time.process_time(), time.perf_counter()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()  # as jixiao does: memory bounded by one page
        clock.add("load", time.process_time() - c, time.perf_counter() - w)


def _pdftotext(files: list[str], clock: Clock) -> None:
    for path in files:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        clock.add("load", cpu, time.perf_counter() - w)


def measure(tool: str, files: list[str]) -> dict:
    clock = Clock()
    {"jixiao": _jixiao, "pdfplumber": _pdfplumber, "pdftotext": _pdftotext}[tool](files, clock)
    who = resource.RUSAGE_CHILDREN if tool == "pdftotext" else resource.RUSAGE_SELF
    return {
        "tool": tool,
        "cpu": clock.cpu,
        "wall": clock.wall,
        "maxrss_mb": resource.getrusage(who).ru_maxrss / 1024,
    }


def spawn(tool: str, files: list[Path]) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", tool, "--", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{tool} measurement failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the single-file table -----------------------------------------------------------


def run_sets(sets: dict[str, tuple[list[Path], int]], runs: int, tools: list[str], say) -> dict:
    results: dict[str, dict[str, list[dict]]] = {name: {t: [] for t in tools} for name in sets}
    for r in range(runs):
        for name, (files, _pages) in sets.items():
            for tool in tools:  # interleaved, so a slow moment of the machine hits every tool
                say(f"run {r + 1}/{runs}: {name}: {tool}")
                results[name][tool].append(spawn(tool, files))
    return results


def summarise(results: dict, sets: dict) -> dict:
    summary: dict = {}
    for name, per_tool in results.items():
        pages = sets[name][1]
        summary[name] = {"pages": pages, "files": len(sets[name][0]), "tools": {}}
        for tool, runs in per_tool.items():
            if not runs:
                continue
            cpu_total = [sum(r["cpu"].values()) for r in runs]
            wall_total = [sum(r["wall"].values()) for r in runs]
            summary[name]["tools"][tool] = {
                "stages_cpu": {s: statistics.median(r["cpu"][s] for r in runs) for s in STAGES},
                "cpu": statistics.median(cpu_total),
                "wall": statistics.median(wall_total),
                "pages_per_s_cpu": pages / statistics.median(cpu_total),
                "pages_per_s_wall": pages / statistics.median(wall_total),
                "maxrss_mb": statistics.median(r["maxrss_mb"] for r in runs),
                "runs": len(runs),
            }
        tools = summary[name]["tools"]
        if "jixiao" in tools:
            for base in ("pdfplumber", "pdftotext"):
                if base in tools:
                    summary[name][f"jixiao/{base}"] = {
                        "cpu": tools["jixiao"]["cpu"] / tools[base]["cpu"],
                        "wall": tools["jixiao"]["wall"] / tools[base]["wall"],
                    }
    return summary


def print_table(summary: dict, runs: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(140, shutil.get_terminal_size((140, 40)).columns))
    table = Table(title=f"jixiao chain vs bare pdfplumber vs pdftotext (median of {runs} runs)")
    for col in ("input", "tool", *STAGES, "CPU s", "wall s", "pages/s", "peak MB"):
        table.add_column(col, justify="left" if col in ("input", "tool") else "right")
    for name, s in summary.items():
        first = True
        for tool, t in s["tools"].items():
            stages = [
                f"{t['stages_cpu'][st]:.2f}" if (tool == "jixiao" or st == "load") else ""
                for st in STAGES
            ]
            label = f"{name} ({s['files']} files, {s['pages']} p.)" if first else ""
            table.add_row(
                label,
                tool,
                *stages,
                f"{t['cpu']:.2f}",
                f"{t['wall']:.2f}",
                f"{t['pages_per_s_cpu']:.1f}",
                f"{t['maxrss_mb']:.0f}",
            )
            first = False
        table.add_section()
    console.print(table)
    ratios = Table(title="ratios (time of jixiao's whole chain / time of the other tool)")
    for col in ("input", "vs", "CPU", "wall", "jixiao is"):
        ratios.add_column(col, justify="left" if col in ("input", "vs", "jixiao is") else "right")
    for name, s in summary.items():
        for base in ("pdfplumber", "pdftotext"):
            r = s.get(f"jixiao/{base}")
            if r:
                verdict = (
                    f"{1 / r['cpu']:.2f}x faster" if r["cpu"] < 1 else f"{r['cpu']:.2f}x slower"
                )
                ratios.add_row(name, base, f"{r['cpu']:.2f}", f"{r['wall']:.2f}", verdict)
    console.print(ratios)
    for name, s in summary.items():
        jx = s["tools"].get("jixiao")
        if jx:
            share = jx["stages_cpu"]["rules"] / jx["cpu"] * 100
            console.print(f"{name}: rules take {share:.1f}% of jixiao's CPU time")


# -- the batch ------------------------------------------------------------------------


def batch_sources(shared: Path) -> list[Path]:
    files = [
        p
        for src in (ROOT / "corpus" / "reports", ROOT / "corpus" / "forms")
        for p in sorted(src.rglob("*"))
        if p.is_file()
        and p.suffix.lower() in FORMATS
        and "src" not in p.relative_to(src).parts
        and not p.stem.isupper()  # README.md, SOURCES.md
    ]
    files += sorted(
        p for p in (shared / "corpus" / "real").glob("*") if p.suffix.lower() in FORMATS
    )
    return files


def make_batch(dest: Path, n: int, sources: list[Path]) -> list[Path]:
    """`n` files copied in turn from `sources`; PDFs get a trailing comment so their bytes differ."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    out = []
    for i, src in zip(range(n), itertools.cycle(sources), strict=False):
        target = dest / f"{i:04d}_{src.name}"
        data = src.read_bytes()
        if src.suffix.lower() == ".pdf":
            data += f"\n% jixiao bench copy {i}\n".encode()
        target.write_bytes(data)
        out.append(target)
    return out


def _children(root: int) -> list[int]:
    """`root` and every process below it."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def _memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; PSS shares the pages forked processes have in common."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return rss, pss


class Sampler(threading.Thread):
    """Polls a process tree: peak PSS of the whole tree, peak RSS of the main process and of any
    other process (a worker), and both as they were when `marks` files were done."""

    def __init__(self, pid: int, done, marks: tuple[int, ...]) -> None:
        super().__init__(daemon=True)
        self.pid, self.done, self.marks = pid, done, marks
        self.stop = threading.Event()
        self.tree_pss = self.main_rss = self.worker_rss = 0.0
        self.workers_seen: set[int] = set()
        self.at: dict[int, dict[str, float]] = {}
        self.started = time.perf_counter()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _children(self.pid)
            total = main_now = 0.0
            for pid in pids:
                rss, pss = _memory(pid)
                total += pss
                if pid == self.pid:
                    main_now = rss
                    self.main_rss = max(self.main_rss, rss)
                else:
                    self.worker_rss = max(self.worker_rss, rss)
                    self.workers_seen.add(pid)
            self.tree_pss = max(self.tree_pss, total)
            n = self.done()
            for mark in self.marks:
                if n >= mark and mark not in self.at:
                    self.at[mark] = {
                        "seconds": time.perf_counter() - self.started,
                        "main_rss_now_mb": main_now,
                        "main_rss_mb": self.main_rss,
                        "worker_rss_mb": self.worker_rss,
                        "tree_pss_mb": self.tree_pss,
                    }
            time.sleep(0.05)


def _cli_has_workers() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "audit", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if "--workers" in proc.stdout:
        return True
    cli = ROOT / "jixiao" / "cli.py"  # the help itself may fail to print
    return cli.exists() and '"--workers"' in cli.read_text(encoding="utf-8")


def batch_cli(folder: Path, out: Path, workers: int, n: int, marks: tuple[int, ...]) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "jixiao.cli", "audit", str(folder), "--out", str(out)]
    cmd += ["--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cache = out / ".cache"

    def done() -> int:
        try:
            return sum(1 for _ in cache.glob("*.json"))
        except OSError:
            return 0

    sampler = Sampler(proc.pid, done, marks)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"jixiao audit failed ({code}): {err[-2000:]}")
    files_cpu = 0.0  # what the per-file processes report having used
    for entry in cache.glob("*.json"):
        with contextlib.suppress(OSError, ValueError):
            files_cpu += json.loads(entry.read_text(encoding="utf-8")).get("cpu_seconds") or 0.0
    return {
        "mode": "jixiao audit --out --workers",
        "workers": workers,
        "files": n,
        "done": done(),
        "wall_s": wall,
        "files_done_s": sampler.at.get(n, {}).get("seconds"),
        "files_cpu_s": files_cpu,
        "main_cpu_s": usage.ru_utime + usage.ru_stime,
        "load_avg_before": load_before,
        "largest_process_maxrss_mb": usage.ru_maxrss / 1024,
        "main_peak_rss_mb": sampler.main_rss,
        "worker_peak_rss_mb": sampler.worker_rss,
        "tree_peak_pss_mb": sampler.tree_pss,
        "processes": len(sampler.workers_seen),
        "at": sampler.at,
    }


def _pool_child(path: str) -> float:
    from jixiao.pipeline import audit_file

    result = audit_file(path)
    json.dumps([*result.records, *(f.to_dict() for f in result.findings)], ensure_ascii=False)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_pool(files: list[Path], workers: int) -> dict:
    """Fallback when the CLI has no --workers: a multiprocessing.Pool over audit_file."""
    import multiprocessing

    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rss = pool.map(_pool_child, map(str, files), chunksize=1)
    return {
        "mode": "multiprocessing.Pool over audit_file",
        "workers": workers,
        "files": len(files),
        "done": len(rss),
        "wall_s": time.perf_counter() - started,
        "worker_peak_rss_mb": max(rss),
        "at": {},
    }


def _sequential(files: list[str], marks: list[int]) -> dict:
    """Runs in its own process: audit_file on every file in turn; peak RSS at each mark."""
    from jixiao.pipeline import audit_file

    def rss_now() -> float:
        return (
            int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE") / 2**20
        )

    out: dict = {"start": {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}
    out["start"]["now_mb"] = rss_now()
    started = time.process_time()
    for i, path in enumerate(files, start=1):
        result = audit_file(path)
        json.dumps([*result.records, *(f.to_dict() for f in result.findings)], ensure_ascii=False)
        if i in marks:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            out[str(i)] = {"peak_mb": peak, "now_mb": rss_now()}
    out["cpu_s"] = time.process_time() - started
    return out


def run_batch(args, say) -> dict:
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-batch-"))
    try:
        sources = batch_sources(args.shared)
        files = make_batch(work / "in", args.files, sources)
        n = len(files)
        pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
        report: dict = {"files": n, "pdf_files": len(pdfs), "cores": os.cpu_count()}
        # 50 files, then every full pass over the sources (the same mix of files each time)
        marks = tuple(sorted({m for m in (50, len(sources), 2 * len(sources), n) if 0 < m <= n}))
        report["marks"], report["sources"] = marks, len(sources)
        use_cli = _cli_has_workers()
        runs = []
        for workers in (1, 2):
            say(f"batch: {n} files, {workers} worker(s)")
            if use_cli:
                runs.append(batch_cli(work / "in", work / f"out{workers}", workers, n, marks))
            else:
                runs.append(batch_pool(files, workers))
        report["runs"] = runs
        report["speedup"] = runs[0]["wall_s"] / runs[1]["wall_s"]
        if not args.no_sequential:
            say(f"batch: {n} files one after the other in one process")
            cmd = [sys.executable, __file__, "--sequential", ",".join(map(str, marks)), "--"]
            proc = subprocess.run(
                [*cmd, *map(str, files)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if proc.returncode != 0:
                raise SystemExit(f"sequential run failed:\n{proc.stderr[-3000:]}")
            report["sequential"] = json.loads(proc.stdout.strip().splitlines()[-1])
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_batch(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(140, shutil.get_terminal_size((140, 40)).columns))
    n, marks = report["files"], report["marks"]
    first = report["runs"][0]
    table = Table(
        title=f"batch: {n} files ({report['pdf_files']} PDF) made from {report['sources']} corpus "
        f"files, {report['cores']} cores, {first['mode']}"
    )
    cols = ["workers", "wall s", "files done s", "files CPU s", "speed-up", "load avg before"]
    cols += ["main peak RSS MB", "per-file process peak RSS MB", "tree peak PSS MB"]
    cols += [f"main RSS after {m} files" for m in marks]
    for col in cols:
        table.add_column(col, justify="right")
    base = first["wall_s"]

    def fmt(v, spec=".1f"):
        return "" if v is None else format(v, spec)

    for r in report["runs"]:
        at = {int(k): v for k, v in r.get("at", {}).items()}
        table.add_row(
            str(r["workers"]),
            fmt(r["wall_s"]),
            fmt(r.get("files_done_s")),
            fmt(r.get("files_cpu_s")),
            f"{base / r['wall_s']:.2f}x",
            fmt(r.get("load_avg_before"), ".2f"),
            fmt(r.get("main_peak_rss_mb"), ".0f"),
            fmt(r.get("worker_peak_rss_mb"), ".0f"),
            fmt(r.get("tree_peak_pss_mb"), ".0f"),
            *(fmt(at.get(m, {}).get("main_rss_now_mb"), ".0f") for m in marks),
        )
    console.print(table)
    seq = report.get("sequential")
    if seq:
        parts = [f"start {seq['start']['now_mb']:.0f} MB"]
        parts += [
            f"after {k} files {seq[k]['now_mb']:.0f} MB (peak {seq[k]['peak_mb']:.0f})"
            for k in seq
            if k.isdigit()
        ]
        console.print(
            f"one process, audit_file on each file in turn ({seq['cpu_s']:.1f} CPU s), "
            f"RSS: {', '.join(parts)}"
        )


# -- main -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--files", type=int, default=200, help="files in the batch benchmark")
    parser.add_argument("--long-pages", type=int, default=300, help="pages of the long PDF")
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("SHARED", ROOT.parent / "shared"))
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jixiao-bench",
        help="where the long PDF is built once",
    )
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    parser.add_argument("--no-long", action="store_true", help="skip the long PDF")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch benchmark")
    parser.add_argument(
        "--no-sequential", action="store_true", help="skip the one-process memory growth run"
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--measure", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--sequential", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # a child: one measurement
        print(json.dumps(measure(args.measure, args.paths)))
        return
    if args.sequential:
        marks = [int(m) for m in args.sequential.split(",")]
        print(json.dumps(_sequential(args.paths, marks)))
        return

    def say(msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    tools = [t for t in args.tools.split(",") if t]
    if "pdftotext" in tools and not shutil.which("pdftotext"):
        say("pdftotext not found (poppler-utils): left out")
        tools.remove("pdftotext")
    pdfs = corpus_pdfs(args.shared)
    sets = {"corpus": (pdfs, sum(page_count(p) for p in pdfs))}
    if not args.no_long:
        big = long_pdf(pdfs, args.long_pages, args.cache)
        sets["long PDF"] = ([big], page_count(big))
        say(f"long PDF: {big} ({sets['long PDF'][1]} pages)")
    results = run_sets(sets, args.runs, tools, say)
    summary = summarise(results, sets)
    print_table(summary, args.runs)
    everything = {"summary": summary, "raw": results}
    if not args.no_batch:
        batch = run_batch(args, say)
        print_batch(batch)
        everything["batch"] = batch
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
