"""OUT is shared with the user: the tool removes only what it wrote, never an input (issue 16.1)."""

from __future__ import annotations

import json
import shutil

from filelock import FileLock

from jixiao.cli import main
from jixiao.outdir import LOCK_NAME
from jixiao.pipeline import collect

from .conftest import REPORTS

YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"
BAZHOU = REPORTS / "bazhou_mine_plan_2022.txt"


def test_a_users_own_file_in_out_reports_survives_every_run(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    notes = out / "reports" / "notes.html"
    notes.write_text("<p>我的笔记</p>", encoding="utf-8")
    assert main(["audit", str(YANQI), "--out", str(out)]) == 1
    assert notes.read_text(encoding="utf-8") == "<p>我的笔记</p>"
    assert main(["audit", str(YANQI), "--out", str(out)]) == 1
    assert notes.exists()


def test_pages_the_tool_wrote_are_still_removed_when_their_file_leaves_the_run(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / YANQI.name)
    shutil.copy(BAZHOU, folder / BAZHOU.name)
    out = tmp_path / "out"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    assert len(list((out / "reports").glob("*.html"))) == 2
    (folder / BAZHOU.name).unlink()
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    [page] = (out / "reports").glob("*.html")
    assert "yanqi" in page.name
    manifest = json.loads((out / ".jixiao-manifest.json").read_text(encoding="utf-8"))
    assert f"reports/{page.name}" in manifest["files"]


def test_out_holding_an_input_folder_is_refused_and_inputs_stay(tmp_path, capsys, monkeypatch):
    """`jixiao audit reports --out .` once deleted the folder's HTML inputs."""
    monkeypatch.chdir(tmp_path)
    inputs = tmp_path / "reports"
    inputs.mkdir()
    page = inputs / "report.html"
    page.write_text("<html><body><p>绩效评价报告</p></body></html>", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["audit", "reports", "--out", "."]) == 2
    err = capsys.readouterr().err
    assert "输出文件夹" in err and "输入" in err
    assert page.exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written at all


def test_out_that_is_the_input_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / YANQI.name)
    assert main(["audit", str(folder), "--out", str(folder)]) == 2
    assert "输出文件夹" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == [YANQI.name]
    assert main(["audit", str(folder / YANQI.name), "--out", str(folder)]) == 2


def test_out_inside_an_input_folder_is_allowed_because_the_walk_excludes_it(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / YANQI.name)
    out = folder / "results"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    assert (out / "index.html").exists()
    assert collect([str(folder)])  # the walk itself still sees OUT's pages; the run does not


def test_a_second_run_into_a_locked_out_refuses_clearly(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK_NAME)):  # what a concurrent run holds
        assert main(["audit", str(YANQI), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "正在" in err and str(out) in err
    assert not (out / "findings.jsonl").exists()
    assert main(["audit", str(YANQI), "--out", str(out)]) == 1  # free again
