"""A real report printed to PDF as a user would: no false alarm, and what was not read is said.

The Henan report in ../shared/corpus/real is Markdown with HTML tables, one table per page
of its original (a PDF-to-Markdown copy). Printed by Chromium with its tables ruled or
without rules, its score table comes out as tables drawn one under another with other
columns, rows cut by the pages, text cells run together: before `extractor/gridsplit.py` and
the score-table guard it read 31/341 and 18/341 gold fields with 6 and 9 false findings.
This test prints it at test time (the shared file is not copied) and skips where Chromium or
a Chinese font is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from extractor.normalize import canon
from jixiao.pipeline import audit_file

ROOT = Path(__file__).resolve().parents[1]
REPORT = (
    ROOT.parent
    / "shared"
    / "corpus"
    / "real"
    / "henan_vocational_skills_contest_funds_2021_2024_perf_eval_report.md"
)
CSS = (
    '@page{size:210mm 297mm;margin:18mm} body{font-family:"Noto Serif CJK SC",serif;'
    "font-size:10.5pt;line-height:1.5} table{border-collapse:collapse}"
)
RULED = " td,th{border:1px solid #000;padding:2px 4px}"
UNRULED = " td,th{border:none;padding:2px 4px}"


def _chromium() -> str | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    fonts = shutil.which("fc-list")
    if exe is None or fonts is None:
        return None
    listed = subprocess.run([fonts, ":lang=zh"], capture_output=True, text=True).stdout
    return exe if listed.strip() else None


def _print(css: str, folder: Path) -> Path:
    from markdown_it import MarkdownIt

    body = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .render(REPORT.read_text(encoding="utf-8"))
    )
    html = folder / "report.html"
    html.write_text(
        f'<html><head><meta charset="utf-8"><style>{css}</style></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    pdf = folder / "report.pdf"
    exe = _chromium()
    assert exe is not None
    subprocess.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return pdf


def _said(path: Path) -> set[tuple[str, str]]:
    return {
        (f.rule, canon(f.message))
        for f in audit_file(path).findings
        if f.severity in {"error", "warning"}
    }


@pytest.mark.skipif(not REPORT.exists(), reason="../shared/corpus/real is not beside the repo")
@pytest.mark.skipif(_chromium() is None, reason="needs Chromium and a Chinese font")
@pytest.mark.parametrize("rules", [RULED, UNRULED], ids=["ruled", "unruled"])
def test_a_real_report_printed_by_chromium_raises_no_false_alarm(
    rules: str, tmp_path: Path
) -> None:
    """Every error or warning of the print is one the Markdown itself gives (which has no false
    alarm against its gold, `make eval`), but the one that says the score table was read in
    part or wrong."""
    printed = _said(_print(CSS + rules, tmp_path))
    extra = printed - _said(REPORT)
    assert [rule for rule, _ in extra] == ["EXTRACT-UNREAD"]
    (message,) = [m for _, m in extra]
    assert "评分表" in message and "未能读成行列" in message
