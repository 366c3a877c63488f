"""`jixiao audit --out OUT --scoring-sheet FILE`: the bureau's scoring sheet reaches the
第三方机构 summaries; a sheet that cannot be used is refused before any file is read."""

from __future__ import annotations

import shutil

from jixiao.cli import main

from .conftest import REPORTS


def _folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "bazhou_mine_plan_2022.txt", folder)
    return folder


def test_the_sheet_gives_each_evaluator_its_deductions(tmp_path):
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('title = "测试扣分表"\n[deductions]\n"计分错误" = 2\n', encoding="utf-8")
    out = tmp_path / "out"
    status = main(
        ["audit", str(_folder(tmp_path)), "--out", str(out), "--scoring-sheet", str(sheet)]
    )
    assert status in (0, 1)
    pages = list((out / "opinions").glob("evaluator-*.html"))
    assert pages
    text = pages[0].read_text(encoding="utf-8")
    assert "测试扣分表" in text and "计分错误 每条扣 2 分" in text and "扣分" in text


def test_a_sheet_with_an_unknown_category_is_refused(tmp_path, capsys):
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('[deductions]\n"错别字" = 1\n', encoding="utf-8")
    out = tmp_path / "out"
    status = main(
        ["audit", str(_folder(tmp_path)), "--out", str(out), "--scoring-sheet", str(sheet)]
    )
    assert status == 2
    assert "未知类别“错别字”" in capsys.readouterr().err
    assert not (out / "audit.xlsx").exists()


def test_a_sheet_without_out_is_refused(tmp_path, capsys):
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('[deductions]\n"计分错误" = 2\n', encoding="utf-8")
    assert main(["audit", str(_folder(tmp_path)), "--scoring-sheet", str(sheet)]) == 2
    assert "--scoring-sheet 需与 --out" in capsys.readouterr().err
