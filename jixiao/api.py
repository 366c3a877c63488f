"""The two entry points of a bulk run: `jixiao audit --out` and `audit_paths` for notebooks.

reports, indicators, findings = audit_paths(["folder"])
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import BatchError, BatchResult, Limits, run_batch
from .cache import ResultCache
from .names import for_terminal
from .outdir import OutError, check_out, lock_out, sweep_temporary
from .outputs.tables import AuditFrames, build_frames
from .pipeline import collect
from .spool import Spool

if TYPE_CHECKING:
    from rich.console import Console


def audit_paths(
    paths: str | Path | Sequence[str | Path],
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    timeout: float = 300.0,
    memory_mb: int = 4096,
    scheduler: str | None = None,
    password: str | None = None,
    ocr: bool = False,
    profile: str | None = None,
    baseline: str | Path | None = None,
) -> AuditFrames:
    """Audit files and folders (recursively) like `jixiao audit --out`, as pandas DataFrames.

    `password`, `ocr` and `profile` are passed to jixiao.pipeline.audit_file; `baseline`
    (an earlier OUT, with `out` only) marks findings 新增 / 已有 (jixiao.review.merge).
    Returns AuditFrames(reports, indicators, findings), which also unpacks as a tuple;
    the columns are those of the Parquet files (README, "Bulk run"). With `out`, every
    output file is written there too and results are cached in OUT/.cache, so calling
    again only redoes new or changed files. Without it nothing is written to disk.
    """
    if baseline is not None and out is None:
        raise ValueError("baseline 需要与 out 一起使用（与上次结果比较的是写入 out 的结果）")
    if isinstance(paths, str | Path):
        paths = [paths]
    files = inputs([str(p) for p in paths], out)
    lock = None
    if out is not None:  # raises OutError (Chinese message) for an unsafe or busy OUT
        check_out(out, [str(p) for p in paths])
        Path(out).mkdir(parents=True, exist_ok=True)
        lock = lock_out(out)
        from .manifest import read_manifest

        sweep_temporary(out, read_manifest(Path(out)))
    try:
        cache = ResultCache(Path(out) / ".cache") if out is not None else None
        result = run_batch(
            files,
            cache=cache,
            limits=Limits(timeout=timeout, memory_mb=memory_mb),
            workers=workers,
            scheduler=scheduler,
            options=pipeline_options(password=password, ocr=ocr, profile=profile),
        )
        if out is not None:
            from .outputs import write_outputs

            write_outputs(out, result, baseline=baseline)
    finally:
        if lock is not None:
            lock.release()
    return build_frames(result)


def audit_to_folder(
    paths: Sequence[str],
    out: str | Path,
    *,
    workers: int | None = None,
    timeout: float = 300.0,
    memory_mb: int = 4096,
    scheduler: str | None = None,
    password: str | None = None,
    ocr: bool = False,
    profile: str | None = None,
    baseline: str | Path | None = None,
    sheet: str | Path | None = None,
) -> int:
    """`jixiao audit PATH... --out OUT`: progress bar, all outputs, summary; the exit status.

    `sheet` is the bureau's scoring sheet for the 审核意见 (jixiao.outputs.opinions.load_sheet).
    0 no error finding, 1 at least one, 3 none but some file not read, 2 the run could not start or could not write its
    outputs (OUT unsafe, busy or not writable, disk full, scheduler unreachable; the previous
    outputs are left as they were), 130 interrupted (finished files stay cached: rerun).
    """
    from rich.console import Console

    console = Console()
    out = Path(out)
    try:
        check_out(out, paths)
    except OutError as exc:
        say(f"jixiao: {exc}")
        return 2
    problem = _unwritable(out)
    if problem:
        say(f"jixiao: 无法写入输出文件夹 {out}（cannot write to {out}: {problem}）")
        return 2
    try:
        lock = lock_out(out)
    except OutError as exc:
        say(f"jixiao: {exc}")
        return 2
    options = pipeline_options(password=password, ocr=ocr, profile=profile)
    try:
        return _run_into(
            console,
            list(paths),
            out,
            workers,
            timeout,
            memory_mb,
            scheduler,
            options,
            baseline,
            sheet,
        )
    finally:
        lock.release()


def _run_into(
    console: Console,
    paths: list[str],
    out: Path,
    workers: int | None,
    timeout: float,
    memory_mb: int,
    scheduler: str | None,
    options: dict[str, object],
    baseline: str | Path | None = None,
    sheet: str | Path | None = None,
) -> int:
    """The locked part of `audit_to_folder`: run, write every output, print the summary."""
    from .manifest import read_manifest
    from .outputs.console import BatchProgress

    sweep_temporary(out, read_manifest(out))  # what a killed run left; we hold the lock
    # As strings: a Path per file, held all run long, took about 1 kB (README, Scale).
    files = [str(f) for f in inputs(paths, out)]
    cache = ResultCache(out / ".cache")
    # Outcomes go to disk as they finish, every output is written from that stream: memory
    # holds a few kB per file, not its findings (jixiao.spool; README, Scale).
    spool = Spool(cache.folder)
    progress = BatchProgress(len(files))  # on stderr
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:  # `kill PID` stops the run as cleanly as Ctrl-C
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with progress:
            result = run_batch(
                files,
                cache=cache,
                limits=Limits(timeout=timeout, memory_mb=memory_mb),
                workers=workers,
                scheduler=scheduler,
                options=options,
                on_done=progress.update,
                spool=spool,
            )
    except BatchError as exc:
        say(f"jixiao: {exc}")
        return 2
    except OSError as exc:  # the cache could not be written: a full disk, most likely
        say(_write_failed(out, exc))
        return 2
    except KeyboardInterrupt:
        say(
            f"jixiao: 已中断：{len(files)} 个文件中已完成 {progress.done} 个，结果保存在 "
            f"{cache.folder}；重新运行同一命令即可继续（interrupted: run the same command "
            "again to resume）"
        )
        return 130
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    with contextlib.closing(spool):
        return _write_all(console, out, result, paths, baseline, sheet)


def _write_all(
    console: Console,
    out: Path,
    result: BatchResult,
    paths: list[str],
    baseline: str | Path | None,
    sheet: str | Path | None,
) -> int:
    """Write every output of a finished run and print the summary; the exit status."""
    from .intake import EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREAD, exit_status, ignored_files
    from .outputs import write_outputs
    from .outputs.console import print_summary

    try:
        write_outputs(out, result, baseline=baseline, sheet=sheet)
    except OSError as exc:
        say(_write_failed(out, exc))
        return 2
    except KeyboardInterrupt:
        say(
            f"jixiao: 写入输出时被中断：{out} 中之前的输出未被改动；所有文件的结果已保存在 "
            f"{out / '.cache'}，重新运行同一命令即可写出"
        )
        return 130
    print_summary(console, result, out, ignored=ignored_files(paths))
    if result.spooled:  # the same answer from what memory holds of each file
        return EXIT_ERRORS if result.any_error else EXIT_UNREAD if result.failed else EXIT_CLEAN
    return exit_status(result.outcomes)  # 0, 1, or 3 some file not read (jixiao.intake)


def _write_failed(out: Path, exc: OSError) -> str:
    """The message for an output that could not be written (ENOSPC above all)."""
    why = "磁盘空间不足" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "无法写入"
    return (
        f"jixiao: {why}（{exc.strerror or exc}），写入 {out} 失败：之前的输出未被改动，"
        f"已完成文件的结果保存在 {out / '.cache'}；腾出空间或修正权限后重新运行同一命令即可。"
    )


def pipeline_options(**given: object) -> dict[str, object]:
    """The audit_file options actually set (None and False left out, so that a run with
    the defaults shares its cache with older runs); they are part of the cache key."""
    return {k: v for k, v in given.items() if v not in (None, False)}


def inputs(paths: Sequence[str], out: str | Path | None) -> list[Path]:
    """The files to audit: every supported file under `paths`, except our own outputs
    (OUT may lie inside an input folder, and its pages are HTML)."""
    files = collect(list(paths))
    if out is None:
        return files
    own = Path(out).resolve()
    return [f for f in files if not f.resolve().is_relative_to(own)]


def say(message: str) -> None:
    """A message to the user on stderr, with nothing a terminal would take as a command."""
    print(for_terminal(message), file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _unwritable(out: Path) -> str | None:
    """Why OUT cannot take the outputs, or None when it can (checked before any work)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    if not os.access(out, os.W_OK):
        return "permission denied"
    return None
