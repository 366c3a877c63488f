"""Bulk audit: many files, each in a child process of its own, results cached as they finish.

Why a fresh child per file: a parser can hang on a malformed PDF, exhaust memory
or crash the interpreter in C code. The child runs under a memory cap
(RLIMIT_AS); the parent waits for it with a deadline and notices when it dies.
Whatever happens becomes that file's `extraction` finding and the run goes on.

`audit_isolated` is the per-file function. The local pool runs it in N threads
(each only waits on its child process, so threads cost nothing); with a dask
scheduler the very same function is submitted to the cluster's workers.

Every finished file is stored in the `ResultCache` at once, so an interrupted
run (Ctrl-C, SIGKILL, power cut) is resumed by running it again. What runs in the
child (read the bytes once, hash, parse them) is `jixiao.worker`. A FIFO, socket or
device is never opened: it becomes its file's finding at once.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_ready
from pathlib import Path
from typing import Any

from extractor.load import not_regular

from .cache import ResultCache, cache_key, file_sha256
from .intake import mark_duplicates
from .mainguard import main_reexecutes
from .names import shown
from .review.fingerprint import fill_ids
from .spool import Brief, Spool, SpooledOutcomes, mark_briefs
from .worker import _child_main, failure_payload, portable

DEFAULT_WORK = "jixiao.pipeline:audit_file"
STATUSES = ("ok", "timeout", "memory", "crashed", "unreadable", "unsupported")
# What the terminal, the workbook and the site call each status.
STATUS_ZH = {
    "ok": "已审核",
    "unreadable": "无法读取",
    "unsupported": "格式不支持",
    "timeout": "超时",
    "memory": "内存超限",
    "crashed": "进程异常退出",
}
CONNECT_TIMEOUT = "10s"  # how long to try reaching a dask scheduler before giving up


class BatchError(Exception):
    """The bulk run cannot start (e.g. the dask scheduler cannot be reached)."""


@dataclass(frozen=True)
class Limits:
    """What one file may take: wall-clock seconds and address space in MB."""

    timeout: float = 300.0
    memory_mb: int = 4096


@dataclass
class Outcome:
    """One file's result: its records and findings (CONTRACT shapes) and how the run went."""

    file: str
    status: str = "ok"  # ok | timeout | memory | crashed | unreadable | unsupported
    records: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    reason: str | None = None
    cached: bool = False
    sha256: str | None = None  # of the bytes read (None when none could be read)
    duplicate_of: str | None = None  # the earlier file of the same document (jixiao.intake)

    @property
    def failed(self) -> bool:
        """The file could not be audited (killed, crashed, unreadable or unsupported)."""
        return self.status != "ok"

    @classmethod
    def from_payload(cls, payload: dict[str, Any], *, cached: bool = False) -> Outcome:
        fill_ids(payload)  # a finding the runner made (timeout, crash) gets its id here
        return cls(
            file=payload["file"],
            status=payload["status"],
            records=payload["records"],
            findings=payload["findings"],
            seconds=payload.get("seconds", 0.0),
            reason=payload.get("reason"),
            cached=cached,
            sha256=payload.get("sha256") or None,
        )


@dataclass
class BatchResult:
    """All outcomes in input order, and how many were computed now versus taken from the cache."""

    outcomes: list[Outcome]
    computed: int = 0
    reused: int = 0
    seconds: float = 0.0
    # The scoring profile the rules were given (OUT's manifest records it).
    profile: str = "national"
    options: dict[str, Any] = field(default_factory=dict)  # as given to run_batch (run_info)

    @property
    def findings(self) -> list[dict]:
        return [f for o in self.outcomes for f in o.findings]

    @property
    def records(self) -> list[dict]:
        return [r for o in self.outcomes for r in o.records]

    @property
    def failed(self) -> int:
        return sum(o.failed for o in self._briefs())

    def severity_counts(self) -> Counter:
        return (
            sum((b.severities for b in self.briefs), Counter())
            if self.spooled
            else Counter(f["severity"] for f in self.findings)
        )

    @property
    def spooled(self) -> bool:
        """The outcomes lie on disk (run_batch's `spool`): read them once, as a stream."""
        return isinstance(self.outcomes, SpooledOutcomes)

    @property
    def briefs(self) -> Sequence[Brief]:
        """What is kept of each file of a spooled run (jixiao.spool.Brief; read from disk)."""
        return self.outcomes.briefs if isinstance(self.outcomes, SpooledOutcomes) else []

    def _briefs(self) -> Sequence[Brief | Outcome]:
        return self.briefs if self.spooled else self.outcomes

    @property
    def any_error(self) -> bool:
        return self.severity_counts()["error"] > 0


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the runner


def run_batch(
    paths: Sequence[str | Path],
    *,
    cache: ResultCache | None = None,
    limits: Limits = Limits(),
    workers: int | None = None,
    scheduler: str | None = None,
    options: dict[str, Any] | None = None,
    work: str = DEFAULT_WORK,
    on_done: Callable[[Outcome], None] | None = None,
    spool: Spool | None = None,
) -> BatchResult:
    """Audit every path, reusing cached results; outcomes come back in the order given.

    `options` are passed to the work function (e.g. `password`) and are part of the
    cache key; `work` is "module:function" taking (path, **options) -> FileResult.
    `on_done` is called in this thread for every file, cached ones first; raising
    KeyboardInterrupt from it stops the run like Ctrl-C (finished files stay cached).
    With `spool` each outcome and its Brief go to disk as it arrives and memory keeps
    nothing of it (jixiao.spool); the result's outcomes are then read back one at a time.
    """
    started = time.monotonic()
    options = dict(options or {})
    files = list(dict.fromkeys(str(p) for p in paths))
    done: dict[str, Outcome] = {}  # without a spool (with one, memory keeps nothing of a file)
    shas: dict[str, str] = {}
    place = {file: i for i, file in enumerate(files)}  # where the spool puts its Brief
    pending: list[str] = []
    reused = 0

    def keep(file: str, outcome: Outcome) -> None:
        """Tell `on_done`, then keep the outcome: in `done`, or on disk (the spool)."""
        if on_done is not None:
            on_done(outcome)
        if spool is not None:
            spool.put(outcome, place[file])
        else:
            done[file] = outcome

    def key(file: str, sha256: str) -> str:
        # The resolved absolute path: `inbox`, `../inbox` and /abs/inbox share their entries.
        return cache_key(shown(os.path.realpath(file)), sha256, {"work": work, **options})

    for file in files:
        problem = not_regular(file)  # a FIFO or a device: never opened (it could block forever)
        try:
            shas[file] = file_sha256(file) if problem is None else ""
        except OSError as exc:  # missing or locked for now: reported, not cached
            problem = f"cannot read ({exc.strerror or exc})"
        if problem is not None:
            keep(file, Outcome.from_payload(failure_payload(file, "unreadable", problem, True)))
            continue
        # Served only if it was made from these very bytes (its sha256 is checked, not trusted).
        entry = cache.get(key(file, shas[file]), sha256=shas[file]) if cache else None
        if entry is not None and _reusable(entry, limits):
            keep(file, Outcome.from_payload(relabel(entry, file), cached=True))
            reused += 1
        else:
            pending.append(file)

    def finish(file: str, payload: dict[str, Any]) -> None:
        payload = relabel(payload, file)
        payload["limits"] = {"timeout": limits.timeout, "memory_mb": limits.memory_mb}
        # The key of the bytes the worker read (they may differ from those hashed above).
        sha256 = payload.setdefault("sha256", shas[file])
        if cache is not None and not payload.get("transient"):
            cache.put(key(file, sha256), payload)
        keep(file, Outcome.from_payload(payload))

    # Largest first: a big PDF started last would leave the other workers idle at the end.
    pending.sort(key=lambda f: -_size(f))
    if pending and scheduler:
        _run_dask(pending, scheduler, limits, options, work, finish)
    elif pending:
        _run_local(pending, workers or default_workers(), limits, options, work, finish)
    # The same document twice: 重复报送, counted once.
    if spool is not None:
        briefs = spool.in_order(len(files))  # read from disk, a page at a time
        mark_briefs(briefs)
        outcomes: Sequence[Outcome] = SpooledOutcomes(spool, briefs, Outcome.from_payload)
    else:
        mark_duplicates([done[f] for f in files])
        outcomes = [done[f] for f in files]
    return BatchResult(
        outcomes,  # type: ignore[arg-type]  (a list, or the spooled sequence)
        computed=len(pending),
        reused=reused,
        seconds=time.monotonic() - started,
        profile=str(options.get("profile") or "national"),
        options=options,
    )


def _size(file: str) -> int:
    try:
        return os.path.getsize(file)
    except OSError:
        return 0


def _reusable(entry: dict[str, Any], limits: Limits) -> bool:
    """A cached success is always reused; a failure only if the limits are no more generous now."""
    if entry.get("status") == "ok":
        return True
    old = entry.get("limits") or {}
    return limits.timeout <= old.get("timeout", 0) and limits.memory_mb <= old.get("memory_mb", 0)


def relabel(payload: dict[str, Any], file: str) -> dict[str, Any]:
    """Report the file under the path the user gave (workers were given an absolute path),
    as users see it (`jixiao.names.shown`: undecodable bytes of a name escaped)."""
    file = shown(file)
    payload["file"] = file
    for item in (*payload["records"], *payload["findings"]):
        item["file"] = file
    return payload


class _Supervisor:
    """The children of one local run, so an interrupt can stop them all at once."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._running: set[Any] = set()
        self._lock = threading.Lock()

    def add(self, proc: Any) -> None:
        with self._lock:
            if self.stop.is_set():
                proc.kill()
            self._running.add(proc)

    def discard(self, proc: Any) -> None:
        with self._lock:
            self._running.discard(proc)

    def cancel(self) -> None:
        with self._lock:
            self.stop.set()
            for proc in self._running:
                with contextlib.suppress(Exception):
                    proc.kill()


class _Cancelled(Exception):
    """A child was stopped because the whole run was interrupted: not the file's fault."""


def _run_local(
    files: list[str],
    workers: int,
    limits: Limits,
    options: dict[str, Any],
    work: str,
    finish: Callable[[str, dict[str, Any]], None],
) -> None:
    supervisor = _Supervisor()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jixiao-batch")
    queue, futures = iter(files), {}

    def submit(n: int) -> None:
        # Two files a worker ahead, not every file at once: a waiting future took 1.9 kB,
        # 18 MB for 10,000 files (README, Scale). The pool still starts them in this order.
        for f in itertools.islice(queue, n):
            futures[pool.submit(audit_isolated, f, limits, options, work, supervisor)] = f

    try:
        submit(2 * workers)
        while futures:
            done, _ = wait_futures(futures, return_when=FIRST_COMPLETED)
            for future in done:
                file = futures.pop(future)  # a finished future holds its payload: let it go
                try:
                    payload = future.result()
                except Exception as exc:  # a bug in the runner itself: not the file's fault
                    payload = failure_payload(
                        file, "crashed", f"运行器出错（runner error: {exc!r}）", True
                    )
                finish(file, payload)
            submit(len(done))
    except BaseException:
        supervisor.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run_dask(
    files: list[str],
    scheduler: str,
    limits: Limits,
    options: dict[str, Any],
    work: str,
    finish: Callable[[str, dict[str, Any]], None],
) -> None:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:  # a light install: dask is the `cluster` extra
        raise BatchError(
            f"--scheduler 需要 dask.distributed，请安装：pip install 'jixiao[cluster]'（{exc}）"
        ) from exc
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"无法连接 dask 调度器 {scheduler}（cannot reach the dask scheduler: {exc}）"
        ) from exc
    with client:
        # Workers may run elsewhere, in another folder: give them absolute paths.
        futures = client.map(
            audit_isolated,
            [os.path.abspath(f) for f in files],
            limits=limits,
            options=options,
            work=work,
            pure=False,
        )
        owner = {future.key: f for future, f in zip(futures, files, strict=True)}
        try:
            for future in dask_completed(futures):
                file = owner[future.key]
                try:
                    payload = future.result()
                except Exception as exc:  # the worker died several times (KilledWorker) etc.
                    payload = failure_payload(
                        file, "crashed", f"dask 任务失败（dask task failed: {exc!r}）", True
                    )
                finish(file, payload)
        except BaseException:
            client.cancel(futures)
            raise


# ---------------------------------------------------------------- one file, isolated


def audit_isolated(
    path: str,
    limits: Limits = Limits(),
    options: dict[str, Any] | None = None,
    work: str = DEFAULT_WORK,
    supervisor: _Supervisor | None = None,
) -> dict[str, Any]:
    """Audit one file in a fresh child process under `limits`; never raises for the file.

    Returns the JSON-ready payload: file, status (ok | timeout | memory | crashed),
    reason, seconds, records and findings (CONTRACT shapes). A file that hangs,
    exceeds the memory cap or kills its process gets one `extraction` finding saying so.
    """
    options = dict(options or {})
    started = time.monotonic()
    if multiprocessing.current_process().daemon or main_reexecutes():
        # A daemonic process (a dask nanny's worker) may not fork multiprocessing children;
        # an unguarded script would be re-run by each child (jixiao.mainguard).
        payload = _in_subprocess(path, limits, options, work)
    else:
        payload = _in_child_process(path, limits, options, work, supervisor)
    payload["seconds"] = round(time.monotonic() - started, 3)
    return payload


_PRELOAD = ["jixiao.pipeline", "extractor.pdf", "docx", "openpyxl", "xlrd", "bs4"]


@functools.cache
def _context() -> Any:
    """forkserver where available: each child is a cheap fork of a clean, preloaded server
    (forking the parent itself is unsafe, it runs threads); spawn elsewhere (Windows, and
    with JIXIAO_PORTABLE=1, which tests that path on Linux: jixiao.worker.portable)."""
    if "forkserver" in multiprocessing.get_all_start_methods() and not portable():
        ctx = multiprocessing.get_context("forkserver")
        # The readers too: importing pdfplumber, docx, openpyxl and bs4 again in every
        # child cost ~0.1-0.3 s a file. The forkserver skips a module that fails to import.
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _in_child_process(
    path: str,
    limits: Limits,
    options: dict[str, Any],
    work: str,
    supervisor: _Supervisor | None,
) -> dict[str, Any]:
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child_main,
        args=(sender, path, limits.memory_mb, options, work),
        name=f"jixiao-audit:{Path(path).name}",
        daemon=True,
    )
    proc.start()
    sender.close()
    if supervisor is not None:
        supervisor.add(proc)
    data: bytes | None = None
    timed_out = False
    try:
        deadline = time.monotonic() + limits.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                proc.kill()
                break
            ready = wait_ready([receiver, proc.sentinel], timeout=remaining)
            if receiver in ready or (ready and receiver.poll(0)):
                with contextlib.suppress(EOFError, OSError):
                    data = receiver.recv_bytes()
                break
            if ready:  # the child ended without a word
                break
        proc.join()
    finally:
        if supervisor is not None:
            supervisor.discard(proc)
        receiver.close()
    if supervisor is not None and supervisor.stop.is_set():
        raise _Cancelled(path)
    if data is not None:
        return json.loads(data)
    if timed_out:
        return failure_payload(path, "timeout", _timed_out(limits))
    return _died(path, proc.exitcode)


def _in_subprocess(path: str, limits: Limits, options: dict[str, Any], work: str) -> dict[str, Any]:
    request = {"path": path, "memory_mb": limits.memory_mb, "options": options, "work": work}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        out, _ = proc.communicate(json.dumps(request).encode(), timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return failure_payload(path, "timeout", _timed_out(limits))
    if proc.returncode == 0 and out.strip():
        return json.loads(out)
    return _died(path, proc.returncode)


# Signals that come from outside (a user, the OOM killer, a shutdown), not from the file.
# (SIGKILL and SIGHUP do not exist on Windows: only the signals this platform has.)
OUTSIDE_SIGNALS = frozenset(
    getattr(signal, name)
    for name in ("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP")
    if hasattr(signal, name)
)


def _died(path: str, exitcode: int | None) -> dict[str, Any]:
    """A worker that ended without a result; killed from outside, it is not cached."""
    outside = exitcode is not None and exitcode < 0 and -exitcode in OUTSIDE_SIGNALS
    return failure_payload(path, "crashed", _death(exitcode), outside)


def _timed_out(limits: Limits) -> str:
    return f"超时：{limits.timeout:g} 秒内未读完（timed out after {limits.timeout:g} s）"


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return f"读取进程意外退出（worker process died (signal {name})）"
    return f"读取进程未读完即退出（worker process exited with status {exitcode} before finishing）"
