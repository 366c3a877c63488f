"""A file name that is not UTF-8 (GBK bytes, as unzipped from a Windows archive) is processed
and shown with its undecodable bytes escaped, never a traceback (issue 16.3)."""

from __future__ import annotations

import json
import os
import shutil

from jixiao.cli import main
from jixiao.names import shown

from .conftest import REPORTS

YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"
GBK_NAME = "报告".encode("gbk") + b".txt"  # b"\xb1\xa8\xb8\xe6.txt": not UTF-8
ESCAPED = "\\xb1\\xa8\\xb8\\xe6.txt"


def gbk_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as fh:
        fh.write(YANQI.read_bytes())
    shutil.copy(YANQI, folder / "plain.txt")
    return folder


def test_shown_escapes_only_what_cannot_be_decoded():
    assert shown(os.fsdecode(b"/a/" + GBK_NAME)) == "/a/" + ESCAPED
    assert shown("/a/报告.txt") == "/a/报告.txt"
    assert shown(b"/a/" + GBK_NAME) == "/a/" + ESCAPED


def test_bulk_run_processes_and_shows_a_gbk_file_name(tmp_path, capsys):
    folder = gbk_folder(tmp_path)
    out = tmp_path / "out"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    capsys.readouterr()
    reports = [json.loads(line) for line in (out / "reports.jsonl").open(encoding="utf-8")]
    files = sorted(r["file"] for r in reports)
    assert files == sorted([str(folder / ESCAPED), str(folder / "plain.txt")])
    findings = [json.loads(line) for line in (out / "findings.jsonl").open(encoding="utf-8")]
    odd = [f for f in findings if f["file"].endswith(ESCAPED)]
    plain = [f for f in findings if f["file"].endswith("plain.txt")]
    # Read exactly like the same bytes under a plain name, and flagged as their 重复报送.
    [repeated] = [f for f in odd if f["check"] == "duplicate_submission"]
    assert repeated["found"] == str(folder / "plain.txt")
    assert len(odd) == len(plain) + 1 and len(plain) > 0
    assert ESCAPED.replace("\\", "&#92;") in (out / "index.html").read_text(
        encoding="utf-8"
    ) or ESCAPED in (out / "index.html").read_text(encoding="utf-8")
    assert main(["audit", str(folder), "--out", str(out)]) == 1  # the cache takes it too
    assert "0 / 2" in capsys.readouterr().out


def test_audit_and_extract_without_out_show_a_gbk_file_name(tmp_path, capsys):
    folder = gbk_folder(tmp_path)
    assert main(["audit", str(folder), "--format", "jsonl"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(json.loads(line)["file"].endswith(ESCAPED) for line in lines)
    assert main(["audit", str(folder), "--format", "table"]) == 1
    assert "\\xb1\\xa8" in capsys.readouterr().out  # the table folds long names over lines
    path = os.fsdecode(os.path.join(os.fsencode(folder), GBK_NAME))
    assert main(["extract", path]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["file"].endswith(ESCAPED) and record["total_score"] == 96
