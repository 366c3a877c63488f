"""The limits every command runs a file under, and the runners that apply them outside a bulk run.

A malformed file can make a parser loop forever (a PDF whose content stream is a
reference to itself) or take all memory. So every command that reads a file
(`jixiao extract`, `jixiao audit` with or without `--out`) reads it in a child
process of its own under the same limits as the bulk run: `--timeout` seconds
(default 300) and `--memory` MB of address space (default 4096). A FIFO, socket or
device is never opened (reading a FIFO waits for a writer forever): it is that
file's finding at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from extractor.load import not_regular

from .batch import DEFAULT_WORK, Limits, Outcome, audit_isolated, relabel, run_batch
from .intake import Duplicates
from .names import shown
from .worker import failure_payload

DEFAULT_TIMEOUT = Limits().timeout
DEFAULT_MEMORY_MB = Limits().memory_mb
EXTRACT_WORK = "jixiao.pipeline:extract_file"


def limits_problem(timeout: float, memory_mb: int) -> str | None:
    """Why these limits cannot be used, or None."""
    if timeout <= 0 or memory_mb < 64:
        return "--timeout 须大于 0，--memory 须不小于 64（MB）"
    return None


def run_one(
    path: str, limits: Limits, options: dict[str, Any], work: str = DEFAULT_WORK
) -> dict[str, Any]:
    """One file in a child process under `limits`: its payload (see jixiao.worker)."""
    problem = not_regular(path)
    if problem is not None:
        return relabel(failure_payload(path, "unreadable", problem, True), path)
    return relabel(audit_isolated(path, limits, options, work), path)


def run_in_order(
    files: Sequence[str | Path],
    limits: Limits,
    options: dict[str, Any],
    emit: Callable[[Outcome], None],
) -> list[Outcome]:
    """Audit `files` in child processes (one per core), calling `emit` in the order given as
    soon as each file and all before it are done (so JSONL output streams, in a stable order)."""
    position = {shown(str(f)): i for i, f in enumerate(files)}
    ready: dict[int, Outcome] = {}
    emitted: list[Outcome] = []
    duplicates = Duplicates()  # in input order, so the later copy is the one marked

    def done(outcome: Outcome) -> None:
        ready[position[outcome.file]] = outcome
        while len(emitted) in ready:
            emitted.append(ready.pop(len(emitted)))
            duplicates.see(emitted[-1])
            emit(emitted[-1])

    run_batch(files, limits=limits, options=options, on_done=done)
    return emitted
