"""Every file of a folder accounted for, the exit statuses the README documents, Chinese
help and reasons, options that would do nothing refused, the portable (spawn) path (issue 13)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from extractor import extract
from extractor.errors import ExtractionError
from jixiao import batch
from jixiao.batch import Limits, Outcome, run_batch
from jixiao.cli import main
from jixiao.intake import Duplicates, ignored_files, unsupported_reason, walk
from jixiao.pipeline import audit_file
from jixiao.worker import MEMORY_NOTE
from rules.model import CHECK_ZH, CHECKS

from .conftest import CORPUS, REPORTS

FORMS = CORPUS / "forms"
CLEAN_XLSX = FORMS / "xlsx" / "hbeu_student_aid_2021.xlsx"  # no error, no warning
CLEAN_TXT = FORMS / "txt" / "daying_anke_2023_lines.txt"  # no error, no warning
ERRORS_TXT = FORMS / "txt" / "zhongjiang_water_gauge_2022_pipe.txt"  # two errors
CLEAN_PDF = FORMS / "pdf" / "guangshui_govoffice_dept_targets_2021.pdf"
WARNING_DOCX = FORMS / "docx" / "ningxiang_batang_infra_targets_2021.docx"

UNSUPPORTED = ("旧版报告.doc", "报告.wps", "电子公文.ofd", "材料.zip", "扫描件.jpg")
IGNORED = ("~$报告.docx", "Thumbs.db", ".DS_Store")


def _folder(tmp: Path, *files: tuple[str, Path | bytes]) -> Path:
    folder = tmp / "inbox"
    folder.mkdir(parents=True)
    for name, source in files:
        dest = folder / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            dest.write_bytes(source)
        else:
            shutil.copy(source, dest)
    return folder


def _every_type(tmp: Path) -> Path:
    """One of every file type of issue 13, small files only."""
    truncated = CLEAN_PDF.read_bytes()[: CLEAN_PDF.stat().st_size // 3]
    return _folder(
        tmp,
        ("a目标表.pdf", CLEAN_PDF),
        ("b目标表.docx", WARNING_DOCX),
        ("c自评表.txt", ERRORS_TXT),
        ("d自评表.xlsx", CLEAN_XLSX),
        ("e自评表（副本）.txt", ERRORS_TXT),  # the same report twice
        ("f损坏.pdf", truncated),
        *((name, b"\xd0\xcf\x11\xe0" + name.encode()) for name in UNSUPPORTED),
        *((f"sub/{name}", b"lock") for name in IGNORED),
    )


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, so that no file name is folded over two lines of the summary."""
    monkeypatch.setenv("COLUMNS", "300")


# -- the folder walk ---------------------------------------------------------------


def test_walk_ignores_lock_and_system_files_and_keeps_every_other_file(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        ("a.pdf", b"%PDF"),
        ("b.doc", b"x"),
        ("c", b"x"),
        ("sub/~$a.docx", b"x"),
        ("sub/.~lock.a.docx#", b"x"),
        ("Thumbs.db", b"x"),
        ("desktop.ini", b"x"),
        (".DS_Store", b"x"),
    )
    found = walk([folder])
    assert [p.name for p in found.files] == ["a.pdf", "b.doc", "c"]
    assert sorted(p.name for p in found.ignored) == sorted(
        [".DS_Store", ".~lock.a.docx#", "Thumbs.db", "desktop.ini", "~$a.docx"]
    )
    # A lock file named on the command line is audited: the user asked for it.
    assert walk([folder / "sub" / "~$a.docx"]).files == [folder / "sub" / "~$a.docx"]
    # The summary's list of them, without a Path for every other file: the same, in order.
    assert ignored_files([folder, folder / "a.pdf"]) == found.ignored


def test_a_large_run_prints_its_file_table_a_part_at_a_time(monkeypatch) -> None:
    """Every file is listed once, under one title and one header, in parts of ROWS_AT_ONCE."""
    from rich.console import Console

    from jixiao.batch import BatchResult
    from jixiao.outputs import console as shown

    monkeypatch.setattr(shown._FileRows, "ROWS_AT_ONCE", 3)
    printed: list[object] = []
    out = Console(record=True, width=100)
    monkeypatch.setattr(out, "print", lambda *a, **k: printed.append(a[0]))
    outcomes = [
        Outcome.from_payload({"file": f"f{i}.txt", "status": "ok", "records": [], "findings": []})
        for i in range(7)
    ]
    shown.print_summary(out, BatchResult(outcomes), ignored=[Path("~$x.docx")])
    parts = [t for t in printed if getattr(t, "title", "") != "审核汇总" and hasattr(t, "rows")]
    assert [len(t.rows) for t in parts] == [3, 3, 2]  # 7 files and the ignored one
    assert [t.title for t in parts] == ["文件清单：8 个文件", None, None]
    assert [t.show_header for t in parts] == [True, False, False]


def test_each_unsupported_type_says_what_to_convert_it_to() -> None:
    expected = {
        "a.doc": "另存为 .docx 或 PDF",
        "a.wps": "另存为 .docx 或 PDF",
        "a.et": "另存为 .xlsx",
        "a.ofd": "导出为 PDF",
        "a.zip": "解压后再审核",
        "a.rar": "解压后再审核",
        "a.7z": "解压后再审核",
        "a.JPG": "转为 PDF 后加 --ocr",
        "a.tif": "转为 PDF 后加 --ocr",
        "a.xyz": "转为 PDF、DOCX、XLSX 或 TXT",
    }
    for name, advice in expected.items():
        reason = unsupported_reason(name, b"\xd0\xcf\x11\xe0")
        assert reason is not None and advice in reason, name
        assert f"（unsupported file type: {Path(name).suffix.lower()}）" in reason
    assert unsupported_reason("a.docx", b"PK") is None
    assert unsupported_reason("scan.doc", b"%PDF-1.7") is None  # a PDF misnamed .doc is read


# -- the done-when run: every type, one line each, counts that add up ----------------


def test_every_file_type_is_one_line_of_the_bulk_summary(tmp_path: Path, capsys, wide) -> None:
    folder = _every_type(tmp_path)
    out = tmp_path / "out"
    code = main(["audit", str(folder), "--out", str(out), "--workers", "2"])
    shown = capsys.readouterr()
    assert code == 1  # c自评表.txt has two provable errors (README: exit status 1)
    assert "剩余" not in shown.out  # the progress bar is on stderr, stdout holds the summary
    lines = shown.out.splitlines()
    names = [p.name for p in folder.rglob("*") if p.is_file()]
    assert len(names) == 14
    cells = [line.split("│") for line in lines if line.count("│") == 6]  # the file list
    for name in names:
        rows = [c for c in cells if c[1].strip().endswith(f"/{name}")]
        assert len(rows) == 1, (name, rows)
    row = {name: next("│".join(c) for c in cells if c[1].strip().endswith(name)) for name in names}
    for name in UNSUPPORTED:
        assert "格式不支持" in row[name]
    for name in IGNORED:
        assert "已忽略" in row[name]
    assert "无法读取" in row["f损坏.pdf"] and "PDF 文件" in row["f损坏.pdf"]
    assert "重复报送" in row["e自评表（副本）.txt"] and "c自评表.txt" in row["e自评表（副本）.txt"]
    assert "已审核" in row["a目标表.pdf"] and "已审核" in row["d自评表.xlsx"]

    def count(label: str) -> int:
        totals = [line.split("│") for line in lines if line.count("│") == 3]
        return int(next(c[2] for c in totals if c[1].strip() == label))

    assert count("找到的文件") == 14
    assert (count("已审核"), count("无法读取或格式不支持"), count("重复报送（只计一次）")) == (
        4,
        6,
        1,
    )
    assert count("已忽略（锁定或系统文件）") == 3
    assert count("报告/文档") == 4
    assert count("错误") == 2  # the repeated report's two errors are counted once
    errors_column = sum(int(c[3]) for c in cells if c[3].strip().isdigit())
    assert errors_column == 2 and row["e自评表（副本）.txt"].split("│")[3].strip() == "0"

    findings = [json.loads(x) for x in (out / "findings.jsonl").read_text("utf-8").splitlines()]
    [duplicate] = [f for f in findings if f["check"] == "duplicate_submission"]
    assert duplicate["file"].endswith("e自评表（副本）.txt")
    assert duplicate["found"].endswith("c自评表.txt") and "重复报送" in duplicate["message"]
    repeated = [f for f in findings if f.get("duplicate_of")]
    assert len(repeated) == 2 and all(f["file"].endswith("（副本）.txt") for f in repeated)
    unsupported = [f for f in findings if f["rule"] == "EXTRACT-FORMAT"]
    assert sorted(Path(f["file"]).name for f in unsupported) == sorted(UNSUPPORTED)
    assert {f["severity"] for f in unsupported} == {"warning"}
    assert not any("~$" in f["file"] or "Thumbs" in f["file"] for f in findings)


# -- exit statuses (README, "Exit status") ------------------------------------------


def test_exit_statuses_are_those_the_readme_documents(tmp_path: Path, capsys) -> None:
    cases = {
        "clean": ([("a.xlsx", CLEAN_XLSX), ("b.txt", CLEAN_TXT), ("Thumbs.db", b"x")], 0),
        "errors": ([("a.txt", ERRORS_TXT), ("b.doc", b"x")], 1),
        "unreadable": ([("a.xlsx", CLEAN_XLSX), ("b.ofd", b"x"), ("c.pdf", b"%PDF-1.4\n")], 3),
        "lock only": ([("~$报告.docx", b"x"), (".DS_Store", b"x")], 2),
    }
    for case, (files, status) in cases.items():
        folder = _folder(tmp_path / case.replace(" ", "_"), *files)
        assert main(["audit", str(folder)]) == status, case
    err = capsys.readouterr().err
    assert "只有 2 个锁定文件或系统文件" in err and "没有可审核的文件" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["audit", str(empty), "--format", "jsonl"]) == 2
    assert "中没有文件" in capsys.readouterr().err
    (empty / "out" / ".cache").mkdir(parents=True)  # only a former run's outputs inside
    (empty / "out" / ".cache" / "x.json").write_text("{}")
    assert main(["audit", str(empty), "--out", str(empty / "out")]) == 2
    assert "中没有文件" in capsys.readouterr().err
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    documented = re.findall(r"^\| `(\d)` \| (.+?) \|$", readme, re.M)
    assert [d[0] for d in documented] == ["0", "1", "2", "3"]


def test_a_word_lock_file_is_no_error_and_no_exit_status_1(tmp_path: Path, capsys, wide) -> None:
    folder = _folder(tmp_path, ("报告.txt", CLEAN_TXT), ("~$报告.docx", b"\x00lock"))
    assert main(["audit", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "已忽略" in out and "~$报告.docx" in out
    assert main(["audit", str(folder), "--format", "jsonl"]) == 0
    shown = capsys.readouterr()
    assert "~$" not in shown.out  # stdout: the JSON findings only
    assert "已忽略 1 个锁定或系统文件：~$报告.docx" in shown.err


# -- the same document twice ---------------------------------------------------------


def _outcome(file: str, sha: str, **record) -> Outcome:
    rec = {"file": file, "sha256": sha, **record}
    return Outcome(file, records=[rec], findings=[{"file": file, "check": "grade"}], sha256=sha)


def test_the_same_document_twice_is_flagged_once_on_the_later_file() -> None:
    ident = {"project": "学生资助", "year": 2021, "unit": "某学院", "kind": "self_assessment"}
    first = _outcome("a.pdf", "1", **ident)
    same_doc = _outcome("b.docx", "2", **ident)  # another format of it
    same_bytes = _outcome("c.pdf", "1", **ident)
    other_year = _outcome("d.pdf", "3", **{**ident, "year": 2022})
    unknown_unit = _outcome("e.pdf", "4", **{**ident, "unit": None})
    tracker = Duplicates()
    for o in (first, same_doc, same_bytes, other_year, unknown_unit, same_doc):  # seen twice
        tracker.see(o)
    assert [o.duplicate_of for o in (first, same_doc, same_bytes, other_year, unknown_unit)] == [
        None,
        "a.pdf",
        "a.pdf",
        None,
        None,
    ]
    flagged = [f for f in same_doc.findings if f["check"] == "duplicate_submission"]
    assert len(flagged) == 1 and "项目、年度、单位和类型相同" in flagged[0]["message"]
    assert "内容完全相同" in same_bytes.findings[-1]["message"]
    assert same_doc.records[0]["duplicate_of"] == "a.pdf"
    assert same_doc.findings[0]["duplicate_of"] == "a.pdf"
    assert "duplicate_of" not in flagged[0]  # the 重复报送 finding itself is counted
    assert "duplicate_submission" in CHECKS and CHECK_ZH["duplicate_submission"] == "重复报送"


# -- Chinese where the auditor looks --------------------------------------------------


def test_help_and_argument_errors_are_chinese(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：jixiao") and "选项" in out and "显示本帮助并退出" in out
    assert "退出状态" in out and "usage:" not in out and "show this help" not in out
    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    assert "文件或文件夹" in out and "批量审核" in out and "  3  " in out
    assert main(["audit", "x", "--timeout", "abc"]) == 2
    assert "错误：参数 --timeout 须为数字" in capsys.readouterr().err
    assert main(["audit"]) == 2
    assert "缺少参数：路径" in capsys.readouterr().err
    assert main(["audti"]) == 2
    assert (
        "错误：没有命令 'audti'（可用的命令：'extract', 'audit', 'rules', 'review', 'export'）"
        in capsys.readouterr().err
    )
    assert main([]) == 2
    assert "缺少命令（extract、audit 或 rules）" in capsys.readouterr().err
    assert main(["audit", "x", "--format", "xml"]) == 2
    assert "参数 --format 的值 'xml' 无效（可选：'jsonl', 'table'）" in capsys.readouterr().err
    assert main(["audit", "no/such/folder"]) == 2
    assert "找不到文件或文件夹：no/such/folder" in capsys.readouterr().err


def test_reasons_are_chinese_with_the_technical_detail_in_brackets() -> None:
    cases = {
        "encrypted PDF: a user password is needed (use --password)": "文件已加密，需要密码",
        "damaged PDF: the file ends too early (truncated?)": "PDF 文件不完整",
        "scanned PDF: no text layer; run with --ocr": "扫描件，没有文字层",
        "something new": "无法读取",
    }
    for english, chinese in cases.items():
        assert str(ExtractionError(english)).startswith(chinese)
        assert str(ExtractionError(english)).endswith(f"（{english}）")
    assert str(ExtractionError("已是中文")) == "已是中文"
    result = audit_file(CLEAN_PDF, data=CLEAN_PDF.read_bytes()[:5000])
    [finding] = result.findings
    assert finding.severity == "warning" and finding.message.startswith("文件无法读取：PDF 文件")


def test_evaluator_beside_another_field_on_one_line(tmp_path: Path) -> None:
    head = "\n".join((REPORTS / "bazhou_mine_plan_2022.txt").read_text("utf-8").splitlines()[:40])
    apart = "委托单位：巴音郭楞蒙古自治州财政局\n\n评价机构：新疆财讯睿智信息咨询有限公司"
    assert apart in head
    for gap in ("  ", "\t", "\u3000"):
        path = tmp_path / "r.txt"
        path.write_text(head.replace(apart, apart.replace("\n\n", gap)), "utf-8")
        [report] = extract(path)
        assert report.commissioner == "巴音郭楞蒙古自治州财政局", repr(gap)
        assert report.evaluator == "新疆财讯睿智信息咨询有限公司", repr(gap)


# -- options that would do nothing, and the portable path -----------------------------


def test_terminal_options_with_out_are_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    for extra in (["--format", "jsonl"], ["--min-severity", "error"], ["--format", "table"]):
        assert main(["audit", str(CLEAN_TXT), "--out", str(out), *extra]) == 2
        err = capsys.readouterr().err
        assert "只作用于终端输出，不能与 --out 一起使用" in err and extra[0] in err
    assert not out.exists()
    assert main(["audit", str(CLEAN_TXT), "--workers", "2"]) == 2
    assert "需与 --out" in capsys.readouterr().err


def test_the_bulk_run_works_with_spawn_and_no_resource_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, wide
) -> None:
    """What a Windows office PC has: no fork, no `resource` (forced on Linux)."""
    monkeypatch.setenv("JIXIAO_PORTABLE", "1")
    batch._context.cache_clear()
    try:
        assert batch._context().get_start_method() == "spawn"
        result = run_batch([str(ERRORS_TXT)], limits=Limits(timeout=120), workers=1)
        [outcome] = result.outcomes
        assert outcome.status == "ok"
        assert outcome.findings == [f.to_dict() for f in audit_file(ERRORS_TXT).findings]
        folder = _folder(tmp_path, ("a.txt", CLEAN_TXT))
        assert main(["audit", str(folder), "--out", str(tmp_path / "out")]) == 0
        shown = capsys.readouterr()
        assert MEMORY_NOTE in shown.err and MEMORY_NOTE in shown.out.replace("\n", "")
    finally:
        monkeypatch.delenv("JIXIAO_PORTABLE")
        batch._context.cache_clear()
