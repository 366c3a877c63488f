"""A real dask cluster: a scheduler and two worker processes started as a user would
(`dask scheduler`, `dask worker`), and a folder audited through `jixiao audit --scheduler`."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_batch import small_folder

pytest.importorskip("distributed")
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the nanny's worker too
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _wait_for_workers(address: str, n: int, timeout: float = 90) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(n, timeout=timeout)


def test_a_folder_through_a_real_scheduler_and_two_workers(tmp_path):
    folder = small_folder(tmp_path, n_forms=2)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", ":0"],
        tmp_path / "scheduler.log",
    )  # fmt: skip
    workers = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.5)
        workers = [
            _start(
                [
                    str(BIN / "dask"),
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--name",
                    f"w{i}",
                    "--dashboard-address",
                    ":0",
                    "--local-directory",
                    str(tmp_path / f"w{i}"),
                ],
                tmp_path / f"worker{i}.log",
            )
            for i in range(2)
        ]
        _wait_for_workers(address, 2)
        out = tmp_path / "out"
        done = subprocess.run(
            [sys.executable, "-m", "jixiao.cli", "audit", str(folder), "--out", str(out),
             "--scheduler", address],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        for proc in [*workers, scheduler]:
            _stop(proc)
    assert done.returncode == 1, done.stderr  # the seed reports have provable errors
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    assert not [f for f in findings if f["check"] == "extraction" and f["severity"] == "error"]
    records = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    bazhou = next(r for r in records if r["file"].endswith("bazhou_mine_plan_2022.txt"))
    assert bazhou["total_score"] == 98.93
    assert len(records) == 6  # two seed reports in txt and docx, two forms
