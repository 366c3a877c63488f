"""audit.xlsx is written in time linear in the findings (issue 16.6): 50,000 in under a minute."""

from __future__ import annotations

import time

from openpyxl import load_workbook

from jixiao.batch import BatchResult, Outcome
from jixiao.outputs.tables import build_frames
from jixiao.outputs.workbook import write_workbook

N = 50_000


def many_findings(n: int) -> BatchResult:
    outcomes = []
    for f in range(10):
        findings = [
            {
                "file": f"reports/file{f}.txt",
                "rule": "SCORE-SUM",
                "check": "score_sum",
                "severity": ("error", "warning", "info")[i % 3],
                "message": f"三级指标得分合计 {i}.5 与一级指标得分 {i} 不一致",
                "expected": i + 0.5,
                "found": i,
                "evidence": [{"page": i % 40, "line": i, "quote": f"项目产出\t40\t{i}\t97.38%"}],
            }
            for i in range(n // 10)
        ]
        outcomes.append(Outcome(file=f"reports/file{f}.txt", records=[{}], findings=findings))
    return BatchResult(outcomes)


def test_fifty_thousand_findings_are_written_in_under_a_minute(tmp_path):
    frames = build_frames(many_findings(N))
    started = time.monotonic()
    [dest] = write_workbook(tmp_path, frames)
    seconds = time.monotonic() - started
    print(f"audit.xlsx with {N} findings: {seconds:.1f} s")  # measured; asserted loosely
    assert seconds < 60
    wb = load_workbook(dest, read_only=True)
    issues = wb["问题清单"]
    rows = issues.iter_rows(min_row=1, values_only=True)
    assert next(rows)[:4] == ("文件", "类别", "级别", "问题")
    assert sum(1 for _ in rows) == N
    wb.close()
