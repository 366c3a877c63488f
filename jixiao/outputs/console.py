"""What a person sees during a bulk run: a progress bar, then a summary table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from rules.model import CHECK_ZH, SEVERITY_ZH

from ..batch import STATUS_ZH, BatchResult, Outcome
from ..intake import DUPLICATE_CHECK
from ..names import for_terminal
from ..worker import MEMORY_NOTE, memory_cap_supported


class BatchProgress:
    """A rich progress bar: files done of total, findings so far, failed files, time left.

    Use as a context manager and pass `update` as the runner's `on_done` callback.
    """

    def __init__(self, total: int, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)  # stdout carries only the summary
        self.done = 0
        self.findings = 0
        self.failed = 0
        self.reused = 0
        self._progress = Progress(
            TextColumn("[bold]审核"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("问题 {task.fields[findings]}"),
            TextColumn("[red]失败 {task.fields[failed]}"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=self.console,
        )
        self._task = self._progress.add_task("audit", total=total, findings=0, failed=0)

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.findings += len(outcome.findings)
        self.failed += outcome.failed
        self.reused += outcome.cached
        self._progress.update(self._task, advance=1, findings=self.findings, failed=self.failed)


def print_summary(
    console: Console,
    result: BatchResult,
    out: Path | None = None,
    ignored: Sequence[Path] = (),
) -> None:
    """The closing summary: one line per file (ignored ones too), then the totals, which add
    up to the files found; a file submitted twice counts once (jixiao.intake.counted)."""
    files = _FileRows(console, len(result.outcomes) + len(ignored))
    counts: Counter = Counter()  # (severity, check) of the findings a person counts
    audited = failed = repeated = documents = 0
    for o in result.outcomes:  # once, one at a time: a spooled run is read from disk
        shown_ = shown_findings([o])
        add_file_row(files.table(), o, shown_)
        counts.update((f["severity"], f["check"]) for f in shown_)
        if o.duplicate_of is not None:
            repeated += 1
            continue
        failed += o.failed
        audited += not o.failed
        documents += len(o.records)
    _add_ignored(files.table(), ignored)
    files.flush()
    severities: Counter = Counter()
    checks: Counter = Counter()
    for (sev, check), n in counts.items():
        severities[sev] += n
        checks[check] += n
    table = Table(title="审核汇总", show_header=True)
    table.add_column("项目")
    table.add_column("数量", justify="right")
    table.add_row("找到的文件", str(len(result.outcomes) + len(ignored)))
    table.add_row("  已审核", str(audited))
    table.add_row("  [red]无法读取或格式不支持", str(failed))
    table.add_row("  重复报送（只计一次）", str(repeated))
    table.add_row("  已忽略（锁定或系统文件）", str(len(ignored)))
    table.add_row("报告/文档", str(documents))
    if result.computed or result.reused:
        table.add_row("本次处理 / 沿用缓存", f"{result.computed} / {result.reused}")
    for sev, zh in SEVERITY_ZH.items():
        table.add_row(zh, str(severities.get(sev, 0)))
    if result.seconds:
        table.add_row("用时（秒）", f"{result.seconds:.1f}")
    console.print(table)
    top = checks.most_common(5)
    if top:
        table = Table(title="最常见的问题类别")
        table.add_column("类别")
        table.add_column("条数", justify="right")
        table.add_column("其中错误", justify="right")
        for check, n in top:
            table.add_row(CHECK_ZH.get(check, check), str(n), str(counts[("error", check)]))
        console.print(table)
    if not memory_cap_supported():
        console.print(f"[yellow]{MEMORY_NOTE}")
    if out is not None:
        where = escape(for_terminal(str(out)))
        console.print(f"结果已写入 {where}（先打开 audit.xlsx 或 index.html；findings.jsonl …）")


def shown_findings(outcomes: Sequence[Outcome]) -> list[dict]:
    """The findings a person counts: those of each document once (a repeated file gives only
    its 重复报送 finding)."""
    return [
        f
        for o in outcomes
        for f in o.findings
        if o.duplicate_of is None or f["check"] == DUPLICATE_CHECK
    ]


class _FileRows:
    """The file table of the summary, printed a part at a time when the run is large.

    A rich Table keeps every cell until it is printed: at 10,000 files it held 28 MB, the
    highest the main process reached (README, Scale). Up to ROWS_AT_ONCE files it is one
    table as before; past that, parts of ROWS_AT_ONCE rows whose columns are as wide as the
    console allows (the same in every part) under one title and header.
    """

    ROWS_AT_ONCE = 500

    def __init__(self, console: Console, found: int) -> None:
        self.console, self.found, self.parts = console, found, 0
        self._table: Table | None = None

    def table(self) -> Table:
        """The table to add the next row to (the part so far printed when it is full)."""
        if self._table is not None and self._table.row_count >= self.ROWS_AT_ONCE:
            self.flush()
        if self._table is None:
            self._table = self._part()
        return self._table

    def flush(self) -> None:
        if self._table is not None:
            self.console.print(self._table)
            self.parts += 1
            self._table = None

    def _part(self) -> Table:
        if self.found <= self.ROWS_AT_ONCE:
            return file_table([], total=self.found)
        table = Table(
            title=None if self.parts else f"文件清单：{self.found} 个文件",
            show_header=not self.parts,
            expand=True,
        )
        for col, ratio in zip(
            ("文件", "状态", "错误", "警告", "说明"), (6, 2, 1, 1, 6), strict=True
        ):
            table.add_column(col, overflow="fold", ratio=ratio)
        return table


def file_table(
    outcomes: Sequence[Outcome], ignored: Sequence[Path] = (), total: int | None = None
) -> Table:
    """One line per file found: how it went, its errors and warnings (a repeated file only its
    重复报送, so the columns add up to the totals), and why when it failed."""
    found = (len(outcomes) if total is None else total) + len(ignored)
    table = Table(title=f"文件清单：{found} 个文件")
    for col in ("文件", "状态", "错误", "警告", "说明"):
        table.add_column(col, overflow="fold")
    for o in outcomes:
        add_file_row(table, o, shown_findings([o]))
    if total is None:
        _add_ignored(table, ignored)
    return table


def add_file_row(table: Table, o: Outcome, shown_: list[dict]) -> None:
    """The file table's line of one outcome (`shown_`: its findings a person counts)."""
    severities = Counter(f["severity"] for f in shown_)  # columns add up
    status = STATUS_ZH.get(o.status, o.status)
    note = ""
    if o.duplicate_of is not None:
        status, note = "重复报送", f"与 {o.duplicate_of} 相同，只计一次"
    elif o.failed:
        note = o.reason or next((f["message"] for f in o.findings), "")
    style = "red" if o.failed else ""
    table.add_row(
        _text(o.file),
        f"[{style}]{status}[/]" if style else status,
        str(severities.get("error", 0)),
        str(severities.get("warning", 0)),
        _text(note),
    )


def _add_ignored(table: Table, ignored: Sequence[Path]) -> None:
    for path in ignored:
        table.add_row(_text(str(path)), "[dim]已忽略[/]", "", "", "锁定文件或系统文件，不是报告")


def _text(text: str) -> str:
    """Text from the files shown as text, never as rich markup or a terminal escape."""
    return escape(for_terminal(text))
