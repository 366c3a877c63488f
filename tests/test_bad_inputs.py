"""Hostile and broken input (issue 5): never crash a batch, never lose a result, say what was wrong.

The bad files are made by tests/make_bad_inputs.py into a temporary folder
once per session; nothing binary is committed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import extract
from jixiao.cli import main as cli_main
from jixiao.pipeline import audit_file

from .conftest import REPORTS, extracted
from .make_bad_inputs import (
    ENCODINGS,
    OWNER_PASSWORD,
    SEED_PDF,
    USER_PASSWORD,
    BadInput,
    bombs,
    broken_inputs,
    encoded_copies,
    encrypted_pdf,
    long_pdf,
)

NOT_A_REPORT = "not a performance evaluation report"


def jixiao(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def comparable(findings: list) -> list[dict]:
    """Findings as dicts without the file name and the id (a fingerprint of the file's bytes,
    which differ between two encodings of one report), in a stable order."""
    out = []
    for f in findings:
        d = dict(f) if isinstance(f, dict) else f.to_dict()
        d.pop("file", None)
        d.pop("id", None)
        out.append(d)
    return sorted(out, key=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True))


@pytest.fixture(scope="session")
def bad(tmp_path_factory: pytest.TempPathFactory) -> list[BadInput]:
    return broken_inputs(tmp_path_factory.mktemp("bad"))


def _errors(bad: list[BadInput]) -> list[BadInput]:
    return [b for b in bad if b.unread]


# -- one file at a time ------------------------------------------------------


def test_each_bad_file_is_one_extraction_finding_with_its_reason(bad: list[BadInput]) -> None:
    for item in bad:
        result = audit_file(item.path)
        assert [f.check for f in result.findings] == ["extraction"], item.path.name
        finding = result.findings[0]
        assert finding.severity == item.severity, item.path.name
        reason = finding.evidence[0].quote
        assert item.reason in reason, (item.path.name, reason)
        assert "\n" not in reason and "\n" not in finding.message
        assert "internal error" not in reason, (item.path.name, reason)


def test_extract_says_one_line_on_stderr_and_exits_1(bad: list[BadInput]) -> None:
    for item in _errors(bad):
        out = jixiao("extract", str(item.path))
        assert out.returncode == 1, item.path.name
        assert out.stdout == ""
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, (item.path.name, out.stderr)
        assert item.reason in lines[0] and str(item.path) in lines[0]


def test_deep_nesting_is_a_clean_error_not_a_second_exception(bad: list[BadInput]) -> None:
    """pdfplumber's close() walked the broken page tree again and raised past our handler."""
    deep = next(b.path for b in bad if b.path.name == "deep_nesting.pdf")
    with pytest.raises(Exception, match="page tree unreadable") as info:
        extract(deep)
    assert info.type.__name__ == "ExtractionError"


# -- a batch of bad and good files -------------------------------------------


GOOD = {
    "焉耆 林草专项 评价报告 (副本).txt": REPORTS / "yanqi_grassland_fund_2022.txt",
    "巴州 矿山修复 2022.txt": REPORTS / "bazhou_mine_plan_2022.txt",
    "焉耆 扫描前 原件.pdf": REPORTS / "yanqi_grassland_fund_2022.pdf",
    "焉耆 报告 word 版.docx": REPORTS / "yanqi_grassland_fund_2022.docx",
}


@pytest.fixture(scope="session")
def mixed(tmp_path_factory: pytest.TempPathFactory, bad: list[BadInput]) -> Path:
    """Bad files and good ones (copies under names with spaces and Chinese) in one folder."""
    folder = tmp_path_factory.mktemp("mixed") / "批量 审核"
    folder.mkdir()
    for item in bad:
        shutil.copyfile(item.path, folder / item.path.name)
    for name, src in GOOD.items():
        shutil.copyfile(src, folder / name)
    return folder


def test_audit_of_a_mixed_folder_accounts_for_every_file(mixed: Path, bad: list[BadInput]) -> None:
    out = jixiao("audit", str(mixed), "--format", "jsonl")
    assert out.returncode == 1, out.stderr  # the seed defects are errors (bad files: warnings)
    assert "Traceback" not in out.stderr
    findings = [json.loads(line) for line in out.stdout.splitlines()]
    # The seed yanqi report is there three times (pdf, docx, txt): the later two are 重复报送.
    repeated = sorted(
        Path(f["file"]).name for f in findings if f["check"] == "duplicate_submission"
    )
    assert repeated == ["焉耆 报告 word 版.docx", "焉耆 林草专项 评价报告 (副本).txt"]
    assert all(
        f["found"].endswith("焉耆 扫描前 原件.pdf")
        for f in findings
        if f.get("found") and f["check"] == "duplicate_submission"
    )
    findings = [f for f in findings if f["check"] != "duplicate_submission"]
    for f in findings:
        f.pop("duplicate_of", None)
    by_file: dict[str, list[dict]] = {}
    for f in findings:
        by_file.setdefault(Path(f["file"]).name, []).append(f)
    for item in bad:
        got = by_file.get(item.path.name, [])
        assert [f["check"] for f in got] == ["extraction"], item.path.name
        assert item.reason in got[0]["evidence"][0]["quote"]
        assert got[0]["severity"] == item.severity
    for name, src in GOOD.items():
        assert by_file.get(name), f"{name}: no findings at all"
        assert str(mixed / name) in {f["file"] for f in by_file[name]}
        assert comparable(by_file[name]) == comparable(extracted(str(src)).findings), name


def test_table_output_of_a_mixed_folder_does_not_crash(mixed: Path) -> None:
    out = jixiao("audit", str(mixed), "--format", "table")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "审核结果" in out.stdout


def test_table_output_escapes_markup_in_file_names_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "报告 [bold] [red]副本.txt"
    path.write_text("这不是报告 [/b] 只是一段文字。\n", encoding="utf-8")
    assert cli_main(["audit", str(path), "--format", "table"]) == 0


def test_extract_of_a_chinese_file_name_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "焉耆 县 评价报告 2022 (终稿).pdf"
    shutil.copyfile(SEED_PDF, path)
    out = jixiao("extract", str(path))
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["file"] == str(path) and record["total_score"] == 96


# -- encrypted PDFs ----------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_owner_password_only_reads_normally(tmp_path: Path, algorithm: str) -> None:
    path = encrypted_pdf(
        SEED_PDF, tmp_path / "owner.pdf", user="", owner=OWNER_PASSWORD, algorithm=algorithm
    )
    assert comparable(audit_file(path).findings) == comparable(extracted(str(SEED_PDF)).findings)


def test_user_password_is_asked_for_and_can_be_given(tmp_path: Path) -> None:
    path = encrypted_pdf(
        SEED_PDF,
        tmp_path / "加密 报告.pdf",
        user=USER_PASSWORD,
        owner=OWNER_PASSWORD,
        algorithm="AES-256",
    )
    assert "a user password is needed (use --password)" in audit_file(path).error
    wrong = audit_file(path, password="guess")
    assert "the password given is not correct" in wrong.error
    out = jixiao("audit", str(path), "--format", "jsonl", "--password", USER_PASSWORD)
    assert "Traceback" not in out.stderr
    findings = [json.loads(line) for line in out.stdout.splitlines()]
    assert comparable(findings) == comparable(extracted(str(SEED_PDF)).findings)
    out = jixiao("extract", str(path), "--password", USER_PASSWORD)
    assert out.returncode == 0 and json.loads(out.stdout)["total_score"] == 96


# -- encodings ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["yanqi_grassland_fund_2022", "bazhou_mine_plan_2022"])
def test_every_encoding_gives_the_same_findings(tmp_path: Path, name: str) -> None:
    original = REPORTS / f"{name}.txt"
    want = extracted(str(original))
    copies = encoded_copies(original, tmp_path)
    assert set(copies) == set(ENCODINGS)
    for encoding, path in copies.items():
        got = audit_file(path)
        assert got.error is None, (encoding, got.error)
        assert comparable(got.findings) == comparable(want.findings), encoding
        record = dict(got.records[0], file=None, sha256=None)
        assert record == dict(want.records[0], file=None, sha256=None), encoding


# -- not a report ------------------------------------------------------------


def test_not_a_report_is_one_warning(bad: list[BadInput]) -> None:
    items = [b for b in bad if b.reason == NOT_A_REPORT]
    assert {b.path.suffix for b in items} >= {".txt", ".md", ".pdf"}
    for item in items:
        findings = audit_file(item.path).findings
        assert [(f.check, f.severity) for f in findings] == [("extraction", "warning")]


@pytest.mark.parametrize("path", sorted(REPORTS.iterdir()), ids=lambda p: p.name)
def test_corpus_reports_are_reports(path: Path) -> None:
    messages = [f.evidence[0].quote for f in extracted(str(path)).findings if f.evidence]
    assert not any(NOT_A_REPORT in m for m in messages)


# -- markup in report text ---------------------------------------------------

SCRIPT = '<script>alert("注入");document.cookie</script>'
TAGS = '<img src=x onerror="alert(1)"><iframe src="javascript:alert(2)"></iframe>'


def _with_markup(text: str) -> str:
    """The report with script and HTML lines put before each of its section headings."""
    out = []
    for line in text.split("\n"):
        if re.match(r"\s*[一二三四五六七八九十]+、", line):
            out += [SCRIPT, TAGS]
        out.append(line)
    return "\n".join(out)


def _messages(findings: list) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.severity, f.message) for f in findings)


def test_script_and_html_lines_in_a_text_report_change_no_finding(tmp_path: Path) -> None:
    src = REPORTS / "yanqi_grassland_fund_2022.txt"
    path = tmp_path / "带 <script> 的报告.txt"
    path.write_text(_with_markup(src.read_text(encoding="utf-8")), encoding="utf-8")
    got = audit_file(path)
    assert got.error is None
    assert _messages(got.findings) == _messages(extracted(str(src)).findings)
    out = jixiao("audit", str(path), "--format", "jsonl")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert all(json.loads(line) for line in out.stdout.splitlines())


def test_bulk_html_output_escapes_script_in_names_and_quotes(tmp_path: Path) -> None:
    if not _bulk_runner():
        pytest.skip("jixiao audit --out (the bulk runner) is not there yet")
    text = (REPORTS / "yanqi_grassland_fund_2022.txt").read_text(encoding="utf-8")
    marked = "分 4分，实际得分 4分。"
    assert marked in text  # a sentence a finding quotes
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "报告 <img src=x onerror=alert(1)>.txt").write_text(
        text.replace(marked, marked + SCRIPT, 1), encoding="utf-8"
    )
    out = jixiao("audit", str(folder), "--out", str(tmp_path / "out"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    quoted = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8")
    assert "<img src=x" in quoted, "the JSON keeps the file name as it is"
    for page in (tmp_path / "out").rglob("*.html"):
        html_text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html_text and "<img src=x" not in html_text, page.name


def test_script_in_an_html_report_is_not_read_as_text(tmp_path: Path) -> None:
    src = REPORTS / "yanqi_grassland_fund_2022.txt"
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in src.read_text("utf-8").split("\n"))
    page = f"<html><head><title>报告</title>{SCRIPT}<style>p{{color:red}}</style></head>"
    path = tmp_path / "网页 报告.html"
    path.write_text(f"{page}<body>{TAGS}{body}{SCRIPT}</body></html>", encoding="utf-8")
    report = extract(path)[0]
    assert "alert" not in report.text and "cookie" not in report.text
    assert report.to_dict()["total_score"] == 96


# -- parser bombs and long PDFs ----------------------------------------------


@pytest.fixture(scope="session")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus PDFs three times over: 228 pages."""
    return long_pdf(tmp_path_factory.mktemp("long") / "长 报告.pdf", copies=3)


def test_a_long_pdf_is_read_in_bounded_memory(long_report: Path) -> None:
    # The child's own peak (VmHWM of its address space since exec): ru_maxrss would carry the
    # peak of the forked pytest process, which grows with every test module collected.
    code = (
        "import re, sys; from extractor import extract; "
        "r = extract(sys.argv[1]); "
        "status = open('/proc/self/status').read(); "
        "print(r[0].pages, re.search(r'VmHWM:\\s+(\\d+)', status).group(1))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(long_report)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    pages, max_rss_kb = map(int, out.stdout.split()[-2:])
    assert pages == 228
    assert max_rss_kb < 300_000, "pages must be released as they are read"


def _bulk_runner() -> bool:
    return "--timeout" in jixiao("audit", "--help").stdout


def test_bulk_run_bounds_time_and_memory_of_bombs(
    tmp_path_factory: pytest.TempPathFactory, long_report: Path
) -> None:
    if not _bulk_runner():
        pytest.skip("jixiao audit --out/--timeout/--memory (the bulk runner) is not there yet")
    folder = tmp_path_factory.mktemp("bombs")
    files = [*bombs(folder, stream_mb=400), shutil.copyfile(long_report, folder / "long.pdf")]
    out_dir = folder / "out"
    started = time.monotonic()
    out = jixiao(
        "audit", str(folder), "--out", str(out_dir), "--timeout", "6", "--memory", "400",
        "--workers", "2", timeout=240,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert out.returncode in (1, 3), out.stderr  # 3: long.pdf stopped too, no error found
    assert "Traceback" not in out.stderr + out.stdout
    assert elapsed < 90, f"the limits did not hold: {elapsed:.0f} s"
    findings = [
        json.loads(line)
        for line in (out_dir / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for path in files:
        checks = {f["check"] for f in findings if Path(f["file"]).name == path.name}
        # Each file has its result: read in time (its findings) or stopped (an extraction finding).
        assert checks, f"{path.name}: no result"
        if path.name != "long.pdf":
            assert checks == {"extraction"}, path.name


# -- fuzzer finds ------------------------------------------------------------

CRASHES = sorted((Path(__file__).resolve().parent.parent / "fuzz" / "crashes").glob("*"))


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name)
def test_fuzz_crashes_stay_fixed(path: Path) -> None:
    """Every input the fuzzer once crashed on now reads, or fails with a one-line reason."""
    from fuzz.target import check_input

    check_input(path.read_bytes())
