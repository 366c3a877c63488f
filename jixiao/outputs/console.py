"""What a person sees during a bulk run: a progress bar, then a summary table."""

from __future__ import annotations

from collections import Counter
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

from rules.model import SEVERITY_ZH

from ..batch import BatchResult, Outcome
from ..names import for_terminal


class BatchProgress:
    """A rich progress bar: files done of total, findings so far, failed files, time left.

    Use as a context manager and pass `update` as the runner's `on_done` callback.
    """

    def __init__(self, total: int, console: Console | None = None) -> None:
        self.console = console or Console()
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


def print_summary(console: Console, result: BatchResult, out: Path | None = None) -> None:
    """The closing summary: files, reports, findings by severity, the five most frequent checks."""
    counts = result.severity_counts()
    table = Table(title="审核汇总", show_header=True)
    table.add_column("项目")
    table.add_column("数量", justify="right")
    table.add_row("文件", str(len(result.outcomes)))
    table.add_row("报告/文档", str(sum(max(1, len(o.records)) for o in result.outcomes)))
    table.add_row("本次处理 / 沿用缓存", f"{result.computed} / {result.reused}")
    table.add_row("[red]无法处理的文件", str(result.failed))
    for sev, zh in SEVERITY_ZH.items():
        table.add_row(zh, str(counts.get(sev, 0)))
    table.add_row("用时（秒）", f"{result.seconds:.1f}")
    console.print(table)
    top = Counter(f["check"] for f in result.findings).most_common(5)
    if top:
        checks = Table(title="最常见的问题类别")
        checks.add_column("类别 check")
        checks.add_column("条数", justify="right")
        checks.add_column("其中错误", justify="right")
        for check, n in top:
            errors = sum(
                1 for f in result.findings if f["check"] == check and f["severity"] == "error"
            )
            checks.add_row(check, str(n), str(errors))
        console.print(checks)
    if out is not None:
        where = escape(for_terminal(str(out)))
        console.print(f"结果已写入 {where}（index.html、audit.xlsx、findings.jsonl …）")
