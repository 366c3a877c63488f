"""Peak memory of the write phase alone: `write_outputs` over N copies of one document.

    python bench/writephase.py --n 100 500 [--source corpus/reports/x.txt]

Reads the source document once, in this process, then spools N copies of its outcome
(each its own file name, project and unit, so no 重复报送) as a bulk run would, and writes
every output from that spool in a fresh process per N. Prints, per N, the rise of the
process's peak resident memory (VmHWM) over its resident memory just before writing, in MB,
and the number of indicator and finding rows written. The first imports and templates are
paid by a small warm-up write before the measured one, so the rise is the outputs' own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "reports" / "bazhou_mine_plan_2022.txt"


def status_kb(field: str) -> int:
    """A line of /proc/self/status (VmHWM, VmRSS), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> bool:
    """Set VmHWM back to the current RSS (Linux: clear_refs 5); False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def copies(payload: dict, n: int, folder: Path):
    """A spooled BatchResult of n copies of one outcome (jixiao.spool, as run_batch makes it)."""
    from jixiao.batch import BatchResult, Outcome
    from jixiao.spool import Spool, SpooledOutcomes, mark_briefs

    spool = Spool(folder)
    text = json.dumps(payload, ensure_ascii=False)
    names = {payload["records"][0].get(k) for k in ("project", "unit")} - {None, ""}
    files = []
    for i in range(n):
        copy = text
        for name in sorted(names, key=len, reverse=True):
            copy = copy.replace(json.dumps(name, ensure_ascii=False)[1:-1], f"{name}{i:05d}")
        one = json.loads(copy)
        one["file"] = str(folder / f"doc_{i:05d}.txt")
        one["sha256"] = f"{i:064x}"
        for f in one["findings"]:
            f["file"], f["id"] = one["file"], f"{f['id']}-{i:05d}"
        spool.put(Outcome.from_payload(one, cached=True))
        files.append(one["file"])
    briefs = spool.in_order(len(files))  # as run_batch keeps them: on disk
    mark_briefs(briefs)
    return BatchResult(SpooledOutcomes(spool, briefs, Outcome.from_payload)), spool  # type: ignore[arg-type]


def measure(payload: dict, n: int, work: str, queue, chunk: tuple[int, int] | None) -> None:
    """In a fresh process: warm up, then write the outputs of n copies; put the figures.

    `chunk`: (files, rows) to set jixiao.outputs.tablefiles.CHUNK and BATCH_ROWS to: memory
    holds one chunk of files, so the peak is flat only past a chunk."""
    import jixiao.outputs.tablefiles as tablefiles
    from jixiao.outputs import write_outputs

    if chunk is not None:
        tablefiles.CHUNK, tablefiles.BATCH_ROWS = chunk

    base = Path(work)
    warm, spool = copies(payload, 3, base / "warm-in")
    write_outputs(base / "warm", warm)
    spool.close()
    result, spool = copies(payload, n, base / "in")
    import gc

    gc.collect()
    before = status_kb("VmRSS")
    exact = reset_peak()
    write_outputs(base / "out", result)
    peak = status_kb("VmHWM")
    spool.close()
    rows = {
        name: sum(1 for _ in (base / "out" / f"{name}.jsonl").open(encoding="utf-8"))
        for name in ("findings", "reports")
    }
    queue.put({"n": n, "rise_mb": round((peak - before) / 1024, 1), "exact": exact, **rows})


def write_phase(n: int, payload: dict, chunk: tuple[int, int] | None = None) -> dict:
    """The write phase's peak rise for n copies, measured in a fresh (spawned) process."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory(prefix="jixiao-writephase-") as work:
        for sub in ("warm-in", "in"):
            Path(work, sub).mkdir()
        proc = ctx.Process(target=measure, args=(payload, n, work, queue, chunk))
        proc.start()
        figures = queue.get(timeout=1800)
        proc.join()
    return figures


def source_payload(path: Path) -> dict:
    """The document's outcome as the runner stores it (records and findings)."""
    from jixiao.pipeline import audit_file

    audit = audit_file(path)
    findings = [f.to_dict() for f in audit.findings]
    return {"file": str(path), "status": "ok", "records": list(audit.records), "findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--chunk", type=int, nargs=2, metavar=("FILES", "ROWS"))
    args = parser.parse_args()
    payload = source_payload(args.source)
    for n in args.n:
        figures = write_phase(n, payload, tuple(args.chunk) if args.chunk else None)
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
