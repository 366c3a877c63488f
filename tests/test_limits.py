"""`jixiao audit` and `jixiao extract` without --out run each file under the bulk run's limits,
and never open a FIFO, socket or device (issue 16.7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.cli import main

from .conftest import REPORTS

HOSTILE = Path(__file__).parent / "hostile"
LOOPING_PDF = HOSTILE / "self_referencing_contents.pdf"  # its /Contents is a reference to itself
YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"


def jixiao(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command in a process of its own, so that a hang fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        errors="replace",
    )


def test_audit_without_out_stops_a_looping_pdf_at_the_time_limit():
    started = time.monotonic()
    done = jixiao("audit", str(LOOPING_PDF), "--format", "jsonl", "--timeout", "3")
    assert time.monotonic() - started < 60
    assert done.returncode == 3  # no error finding, but a file not read (README)
    [finding] = [json.loads(line) for line in done.stdout.splitlines()]
    assert finding["check"] == "extraction" and "timed out after 3 s" in finding["message"]
    assert finding["message"].startswith("文件无法读取：超时：3 秒内未读完")
    assert "未能读取" in done.stderr and "超时" in done.stderr  # stdout holds only the JSON


def test_extract_stops_a_looping_pdf_at_the_time_limit():
    done = jixiao("extract", str(LOOPING_PDF), "--timeout", "3")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "超时" in done.stderr and "timed out after 3 s" in done.stderr


def test_timeout_and_memory_are_accepted_everywhere(capsys):
    assert main(["extract", str(YANQI), "--timeout", "120", "--memory", "2048"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["total_score"] == 96 and record["file"] == str(YANQI)
    assert main(["audit", str(YANQI), "--format", "jsonl", "--timeout", "120"]) == 1
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert findings and all(f["file"] == str(YANQI) for f in findings)
    assert main(["extract", str(YANQI), "--timeout", "0"]) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_or_a_device_is_a_finding_and_never_opened(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    done = jixiao("audit", str(fifo), "--format", "jsonl", timeout=60)
    assert done.returncode == 3  # not read, no error found (README)
    [finding] = [json.loads(line) for line in done.stdout.splitlines()]
    assert finding["check"] == "extraction" and "FIFO" in finding["message"]
    assert jixiao("extract", str(fifo), timeout=60).returncode == 1
    out = tmp_path / "out"
    assert jixiao("audit", str(fifo), "--out", str(out), timeout=60).returncode == 3
    assert "FIFO" in (out / "findings.jsonl").read_text(encoding="utf-8")
    device = jixiao("audit", "/dev/zero", "--format", "jsonl", timeout=60)
    assert "character device" in device.stdout
