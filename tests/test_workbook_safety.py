"""audit.xlsx holds the documents' text as text: no formula, however a quote begins (issue 16.5)."""

from __future__ import annotations

from openpyxl import load_workbook

from jixiao.batch import BatchResult, Outcome
from jixiao.outputs.tables import build_frames
from jixiao.outputs.workbook import write_workbook

HOSTILE = [
    '=HYPERLINK("http://example.invalid","点击")',
    "=1+1",
    "＝SUM(A1:A3)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+2",
]


def finding(i: int, text: str) -> dict:
    return {
        "file": text,
        "rule": text,
        "check": "extraction",
        "severity": "error",
        "message": text,
        "expected": text,
        "found": text,
        "document": text,
        "evidence": [{"page": 1, "line": i, "quote": text}],
    }


def hostile_result() -> BatchResult:
    record = {
        "file": HOSTILE[0],
        "project": HOSTILE[1],
        "unit": HOSTILE[2],
        "evaluator": HOSTILE[3],
        "title": HOSTILE[4],
        "indicators": [
            {"name": t, "rubric": t, "target": t, "actual": t, "quote": t} for t in HOSTILE
        ],
    }
    outcome = Outcome(
        file=HOSTILE[0],
        records=[record],
        findings=[finding(i, t) for i, t in enumerate(HOSTILE)],
    )
    return BatchResult([outcome])


def test_no_cell_of_audit_xlsx_is_a_formula(tmp_path):
    [dest] = write_workbook(tmp_path, build_frames(hostile_result()))
    wb = load_workbook(dest)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for text in HOSTILE:
        assert text in texts  # kept as the document printed it, not altered
    issues = wb["问题清单"]
    message = issues.cell(row=2, column=4)
    assert message.value == HOSTILE[0] and message.quotePrefix  # Excel shows it as typed text
