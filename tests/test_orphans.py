"""Nothing outlives a killed run (issue 16.4): after `kill -9` of the command while a worker is
stuck on a file, no worker, forkserver or resource tracker is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LOOPING_PDF = Path(__file__).parent / "hostile" / "self_referencing_contents.pdf"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def alive_in_session(sid: int) -> dict[int, tuple[int, str]]:
    """Processes of session `sid` that still run (zombies are dead already): parent, command."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        state, ppid, _pgrp, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == sid and state != "Z":
            found[int(entry)] = (int(ppid), cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["audit", str(LOOPING_PDF), "--out", "{out}", "--timeout", "600"],
        ["audit", str(LOOPING_PDF), "--format", "jsonl", "--timeout", "600"],
        ["extract", str(LOOPING_PDF), "--timeout", "600"],
    ],
    ids=["bulk", "audit", "extract"],
)
def test_kill_9_of_the_command_leaves_no_process_behind(tmp_path, command):
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao.cli", *args],
        start_new_session=True,  # its own session: every process it starts is found by sid
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sid = proc.pid
    try:
        deadline = time.monotonic() + 90
        # A worker is a grandchild of the command: the forkserver (its child) forks it.
        while time.monotonic() < deadline:
            alive = alive_in_session(sid)
            if any(ppid not in (sid, 1) and ppid in alive for ppid, _ in alive.values()):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"no worker started: {alive_in_session(sid)}")
        time.sleep(1.0)  # the worker is inside the looping parser now
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while alive_in_session(sid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive_in_session(sid) == {}
    finally:
        for pid in alive_in_session(sid):
            os.kill(pid, signal.SIGKILL)
