"""A run that cannot finish writing leaves OUT as the last complete run left it (issue 16.9):
a full disk or Ctrl-C while writing is a clear message and a documented exit status, and
temporary files a killed run left are swept by the next one."""

from __future__ import annotations

import errno
import shutil

import pytest

from jixiao.cli import main
from jixiao.outputs import site

from .conftest import REPORTS

YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"
BAZHOU = REPORTS / "bazhou_mine_plan_2022.txt"


def snapshot(out):
    """Every file of OUT except the cache and the lock, with its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != ".jixiao.lock"
    }


@pytest.fixture
def finished(tmp_path, capsys):
    """OUT after one complete run over one report; the input folder then gains a second."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / YANQI.name)
    out = tmp_path / "out"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    before = snapshot(out)
    shutil.copy(BAZHOU, folder / BAZHOU.name)
    capsys.readouterr()
    return folder, out, before


def fail_in_site(monkeypatch, exc: BaseException) -> None:
    """The site is written late: by then every other output but the 审核意见 has been written
    (to a temp file)."""

    def broken(out, result, *args):
        raise exc

    monkeypatch.setattr(site, "write_site", broken)


def test_a_full_disk_while_writing_keeps_the_previous_outputs(finished, monkeypatch, capsys):
    folder, out, before = finished
    fail_in_site(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    assert main(["audit", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "之前的输出未被改动" in err
    assert "Traceback" not in err
    assert snapshot(out) == before  # not one output replaced: no mix of two runs
    assert not [p for p in out.rglob("*.tmp")]
    monkeypatch.undo()
    assert main(["audit", str(folder), "--out", str(out)]) == 1  # space again: it completes
    assert snapshot(out) != before


def test_ctrl_c_while_writing_keeps_the_previous_outputs(finished, monkeypatch, capsys):
    folder, out, before = finished
    fail_in_site(monkeypatch, KeyboardInterrupt())
    assert main(["audit", str(folder), "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "中断" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*.tmp")]


def test_temporary_files_a_killed_run_left_are_swept_by_the_next(finished, capsys):
    folder, out, _ = finished
    left = [
        out / ".findings.jsonl.k2x9_ab1.tmp",  # as atomic_path names them (mkstemp)
        out / ".audit.duckdb.a1b2c3d4.tmp.wal",
        out / ".cache" / ".0123abcd.json.zz11yy22.tmp",
        out / ".probe-x1y2z3w4",
    ]
    for path in left:
        path.write_bytes(b"half")
    mine = [out / ".my-notes.tmp", out / "draft.tmp", out / ".notes.html.k2x9_ab1.tmp"]
    for path in mine:
        path.write_bytes(b"mine")
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    assert not any(p.exists() for p in left)
    assert all(p.read_bytes() == b"mine" for p in mine)  # not named like one of the tool's own
