"""Peak memory of each writer of OUT, from the payloads a bulk run left in its cache.

    python bench/phases.py OUT/.cache [--n 1000] [--trace] [--out DIR]

Reads every entry of a result cache (a kept `bench/scale.py --keep` run: one JSON payload per
file), spools the first N in the order of their file names as `run_batch` would (no document
is read again, whatever the code version that made the entries), then writes every output to
a temporary OUT. Before each writer the process's peak resident memory (VmHWM) is reset to
its resident memory (clear_refs 5, Linux); after it, prints the writer's seconds, RSS before,
peak and RSS after, in MB. With --trace, also what tracemalloc still holds after each writer
and its own peak (Python objects only; slow). Prints one JSON line per writer.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITERS = (
    ("review.merge", "prepare"),
    ("outputs.jsonl", "write_jsonl"),
    ("outputs.tablefiles", "write_tables"),
    ("outputs.database", "write_duckdb"),
    ("outputs.workbook", "write_workbook"),
    ("outputs.site", "write_site"),
    ("outputs.opinions", "write_opinions"),
)


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise KeyError(field)


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def spooled(cache: Path, n: int | None, folder: Path):
    """A spooled BatchResult of the cache's payloads, in file-name order (as a run makes it)."""
    from jixiao.batch import BatchResult, Outcome
    from jixiao.spool import Spool, SpooledOutcomes, mark_briefs

    newest: dict[str, tuple[float, Path]] = {}  # a file cached by several code versions: once
    for path in cache.glob("*.json"):
        payload = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(payload, dict) and "file" in payload:
            seen = newest.get(payload["file"])
            if seen is None or path.stat().st_mtime > seen[0]:
                newest[payload["file"]] = (path.stat().st_mtime, path)
    payloads = sorted((file, path) for file, (_, path) in newest.items())
    spool = Spool(folder)
    for _, path in payloads[:n]:
        payload = json.loads(path.read_text(encoding="utf-8"))
        spool.put(Outcome.from_payload(payload, cached=True))
    briefs = spool.in_order(len(payloads[:n]))
    mark_briefs(briefs)
    return BatchResult(SpooledOutcomes(spool, briefs, Outcome.from_payload)), spool  # type: ignore[arg-type]


def watch(trace: bool) -> None:
    """Wrap each writer: reset the peak before it, print its figures after."""
    import importlib

    for module, name in WRITERS:
        mod = importlib.import_module(f"jixiao.{module}")
        original = getattr(mod, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            before = status_mb("VmRSS")
            if trace:
                tracemalloc.reset_peak()
            reset_peak()
            started = time.monotonic()
            result = _original(*args, **kwargs)
            row = {"writer": _name, "s": round(time.monotonic() - started, 1), "rss_before": before,
                   "peak": status_mb("VmHWM"), "rss_after": status_mb("VmRSS")}  # fmt: skip
            if trace:
                held, top = tracemalloc.get_traced_memory()
                row |= {"py_held": round(held / 2**20, 1), "py_peak": round(top / 2**20, 1)}
            print(json.dumps(row), flush=True)
            return result

        setattr(mod, name, spy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path)
    parser.add_argument("--n", type=int)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--top", type=int, default=0, help="with --trace: the N largest holders")
    parser.add_argument("--out", type=Path, help="write OUT here (kept), not in a temporary folder")
    args = parser.parse_args()
    from jixiao.outputs import write_outputs

    with tempfile.TemporaryDirectory(prefix="jixiao-phases-") as work:
        result, spool = spooled(args.cache, args.n, Path(work))
        import gc

        gc.collect()
        print(json.dumps({"files": len(result.outcomes), "rss_spooled": status_mb("VmRSS"),
                          "peak_so_far": status_mb("VmHWM")}), flush=True)  # fmt: skip
        watch(args.trace)
        if args.trace:
            tracemalloc.start(8)
        write_outputs(args.out or Path(work) / "out", result)
        print(json.dumps({"writer": "all", "peak_overall": status_mb("VmHWM")}), flush=True)
        if args.trace and args.top:
            for stat in tracemalloc.take_snapshot().statistics("traceback")[: args.top]:
                print(f"{stat.size / 2**20:.1f} MB {stat.count}", *stat.traceback.format()[-6:])
        spool.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
