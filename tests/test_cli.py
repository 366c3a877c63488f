"""The commands of CONTRACT.md, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPORTS


def jixiao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_extract_prints_one_json_record():
    out = jixiao("extract", str(REPORTS / "yanqi_grassland_fund_2022.txt"))
    assert out.returncode == 0
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 1
    assert records[0]["total_score"] == 96
    assert records[0]["funds"]["budget_yuan"] == 100000


def test_unreadable_file_is_one_line_and_nonzero(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    out = jixiao("extract", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_audit_jsonl_and_exit_status():
    out = jixiao("audit", str(REPORTS / "bazhou_mine_plan_2022.txt"), "--format", "jsonl")
    assert out.returncode == 1  # the seed has provable errors
    findings = [json.loads(line) for line in out.stdout.splitlines()]
    assert {"file", "rule", "check", "severity", "message", "evidence"} <= set(findings[0])
    assert any(
        f["check"] == "questionnaire" and "46" in f["message"] and "30" in f["message"]
        for f in findings
    )


def test_audit_of_a_missing_path_is_a_usage_error():
    assert jixiao("audit", "/no/such/folder").returncode == 2


def test_rules_lists_every_rule():
    out = jixiao("rules", "--format", "json")
    rules = json.loads(out.stdout)
    assert {"SCORE-SUM", "RUBRIC-SCORE", "SURVEY-GRIM", "EXEC-RATE"} <= {r["id"] for r in rules}
    assert all(r["rationale"] for r in rules)


def test_rule_docs_are_generated_from_the_registry():
    from pathlib import Path

    from jixiao.cli import rules_markdown

    committed = (Path(__file__).resolve().parent.parent / "docs" / "RULES.md").read_text(
        encoding="utf-8"
    )
    assert committed == rules_markdown(), "run `make docs` to regenerate docs/RULES.md"


def test_version_is_printed_and_exits_0(capsys) -> None:  # type: ignore[no-untyped-def]
    from jixiao.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "jixiao 0.1.0"
