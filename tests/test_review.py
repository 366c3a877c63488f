"""The bureau's review (issue 13): decisions typed in audit.xlsx survive reruns, added
files and moved folders; a returned workbook can be imported; a baseline marks what is new."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao import audit_paths
from jixiao.batch import BatchResult, Outcome
from jixiao.cli import main
from jixiao.outputs.tables import build_frames
from jixiao.outputs.workbook import write_workbook
from jixiao.review.decisions import LOG, load_decisions, read_log

from .conftest import CORPUS

FORMS = CORPUS / "forms" / "txt"
KEPT = ("jishan_public_health_2021_spaces.txt", "zhongjiang_water_gauge_2022_pipe.txt")
MOVED = "lingling_forestry_dept_2021_lines.txt"
ADDED = "yinchuan_school_funds_2021_lines.txt"


def folder_of(tmp: Path, names: tuple[str, ...]) -> Path:
    folder = tmp / "in"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(FORMS / name, folder / name)
    return folder


def issues(workbook: Path) -> dict[str, dict[str, object]]:
    """问题清单's rows by finding_id, as {header: value}."""
    wb = load_workbook(workbook, read_only=True)
    rows = wb["问题清单"].iter_rows(values_only=True)
    header = next(rows)
    found = {row[header.index("finding_id")]: dict(zip(header, row, strict=True)) for row in rows}
    wb.close()
    return found


def type_decisions(workbook: Path, typed: dict[str, tuple[object, object, object]]) -> None:
    """Edit the workbook as a user would: open it, type into the review columns, save."""
    wb = load_workbook(workbook)
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    at = {
        name: header.index(name) + 1 for name in ("finding_id", "复核", "复核意见/备注", "复核人")
    }
    for row in range(2, ws.max_row + 1):
        fid = ws.cell(row, at["finding_id"]).value
        if fid in typed:
            for name, value in zip(("复核", "复核意见/备注", "复核人"), typed[fid], strict=True):
                ws.cell(row, at[name]).value = value
    wb.save(workbook)


def ids_of(frame, name: str) -> list[str]:
    return list(frame[frame.file.str.endswith(name)].finding_id)


def test_decisions_stay_with_their_findings_across_an_added_and_a_moved_file(tmp_path):
    folder = folder_of(tmp_path, (*KEPT, MOVED))
    out = tmp_path / "out"
    _, _, first = audit_paths([str(folder)], out, workers=2)
    confirmed, dismissed = ids_of(first, KEPT[0])[0], ids_of(first, KEPT[1])[1]
    noted = ids_of(first, MOVED)[0]
    assert len(set(first.finding_id)) == len(first) == 7 + 2 + 3
    type_decisions(
        out / "audit.xlsx",
        {
            confirmed: ("确认", "合计确有错误，已通知单位", "王审"),
            dismissed: ("不采纳", None, "李审"),
            noted: (None, "待单位补充说明", None),
        },
    )

    shutil.copy(FORMS / ADDED, folder / ADDED)  # a file added
    (folder / "sub").mkdir()
    shutil.move(folder / MOVED, folder / "sub" / MOVED)  # and one moved
    _, _, second = audit_paths([str(folder)], out, workers=2)

    assert set(first.finding_id) < set(second.finding_id)  # every old id is found again
    assert len(second) == len(first) + 5
    assert ids_of(second, "sub/" + MOVED) == ids_of(first, MOVED)
    decisions = load_decisions(out)
    assert set(decisions) == {confirmed, dismissed, noted}
    assert (decisions[confirmed].decision, decisions[confirmed].note) == (
        "确认",
        "合计确有错误，已通知单位",
    )
    assert decisions[confirmed].reviewer == "王审"
    assert (decisions[dismissed].decision, decisions[dismissed].reviewer) == ("不采纳", "李审")
    assert (decisions[noted].decision, decisions[noted].note) == ("", "待单位补充说明")
    assert decisions[noted].reviewer  # who: the login name when the column was left empty
    rows = issues(out / "audit.xlsx")
    assert rows[confirmed]["复核"] == "确认"
    assert rows[confirmed]["复核意见/备注"] == "合计确有错误，已通知单位"
    assert rows[dismissed]["复核"] == "不采纳"
    assert rows[noted]["复核意见/备注"] == "待单位补充说明"
    assert rows[noted]["文件"].endswith("sub/" + MOVED)
    assert sum(1 for r in rows.values() if r["复核"] or r["复核意见/备注"]) == 3

    # A third run types nothing new: the log is not written again; an erasure is logged.
    audit_paths([str(folder)], out, workers=2)
    assert len(read_log(out)) == 3
    type_decisions(out / "audit.xlsx", {dismissed: (None, None, None)})
    audit_paths([str(folder)], out, workers=2)
    log = read_log(out)
    assert len(log) == 4 and log[-1].finding_id == dismissed and log[-1].blank
    assert set(load_decisions(out)) == {confirmed, noted}
    assert issues(out / "audit.xlsx")[dismissed]["复核"] is None


def test_the_workbook_offers_the_decisions_and_prints_on_the_page_width(tmp_path):
    folder = folder_of(tmp_path, KEPT)
    out = tmp_path / "out"
    audit_paths([str(folder)], out, workers=2)
    wb = load_workbook(out / "audit.xlsx")
    ws = wb["问题清单"]
    [choice] = ws.data_validations.dataValidation
    assert choice.formula1 == '"确认,不采纳,待核"'
    assert str(choice.sqref) == "I2:I10"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row["网页"].hyperlink.target.startswith("reports/")
    assert row["原文件"].hyperlink.target == "../in/" + Path(row["文件"].value).name
    assert row["项目"].value and row["年度"].value
    listed = issues(out / "audit.xlsx").values()
    assert ("各项得分之和 110 与总分 100 不一致", 110, 100) in {
        (r["问题"], r["应为"], r["实为"]) for r in listed
    }  # numbers as numbers
    assert wb["复核原值"].sheet_state == "hidden"
    summary = wb["汇总"]
    assert [c.value for c in summary[1]][2] == "类型"
    assert {r[2] for r in summary.iter_rows(min_row=2, values_only=True)} <= {
        "绩效自评表",
        "绩效目标表",
        "部门整体支出绩效评价报告",
        "项目支出绩效评价报告",
    }


def test_a_returned_workbook_is_imported_once(tmp_path, capsys):
    folder = folder_of(tmp_path, KEPT)
    out = tmp_path / "out"
    _, _, findings = audit_paths([str(folder)], out, workers=2)
    returned = tmp_path / "退回" / "audit-复核.xlsx"
    returned.parent.mkdir()
    shutil.copy(out / "audit.xlsx", returned)
    first, second = findings.finding_id[0], findings.finding_id[1]
    type_decisions(
        returned, {first: ("待核", "请第三方机构复算", "张科长"), second: ("确认", "", "")}
    )

    assert main(["review", "import", str(returned), "--out", str(out)]) == 0
    assert "导入 2 条" in capsys.readouterr().out
    decisions = load_decisions(out)
    assert (decisions[first].decision, decisions[first].reviewer) == ("待核", "张科长")
    assert decisions[first].source == "import:audit-复核.xlsx"
    assert decisions[second].decision == "确认"
    assert main(["review", "import", str(returned), "--out", str(out)]) == 0
    assert len(read_log(out)) == 2  # the same workbook again adds nothing

    # The next run shows the imported decisions in OUT's workbook and keeps them.
    audit_paths([str(folder)], out, workers=2)
    assert issues(out / "audit.xlsx")[first]["复核"] == "待核"
    assert set(load_decisions(out)) == {first, second}
    assert main(["review", "import", str(tmp_path / "none.xlsx"), "--out", str(out)]) == 2


def test_a_baseline_marks_new_findings_lists_gone_ones_and_carries_decisions(tmp_path, capsys):
    old_folder = folder_of(tmp_path / "2023", (*KEPT, MOVED))
    old_out = tmp_path / "2023" / "out"
    _, _, old = audit_paths([str(old_folder)], old_out, workers=2)
    kept, gone = ids_of(old, KEPT[0])[0], ids_of(old, MOVED)[0]
    type_decisions(
        old_out / "audit.xlsx",
        {kept: ("确认", "去年已整改", "王审"), gone: ("不采纳", "", "王审")},
    )

    new_folder = folder_of(tmp_path / "2024", (*KEPT, ADDED))
    out = tmp_path / "2024" / "out"
    _, _, new = audit_paths([str(new_folder)], out, workers=2, baseline=old_out)

    lines = [json.loads(x) for x in (out / "findings.jsonl").read_text("utf-8").splitlines()]
    status = {f["id"]: f["baseline_status"] for f in lines}
    assert {status[i] for i in ids_of(new, ADDED)} == {"新增"}
    assert {status[i] for i in ids_of(new, KEPT[0]) + ids_of(new, KEPT[1])} == {"已有"}
    rows = issues(out / "audit.xlsx")
    assert rows[kept]["对比上次"] == "已有" and rows[kept]["复核"] == "确认"
    decisions = load_decisions(out)
    assert decisions[kept].note == "去年已整改"
    assert decisions[kept].source == f"baseline:{old_out}"
    wb = load_workbook(out / "audit.xlsx", read_only=True)
    gone_rows = list(wb["已消失的问题"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in gone_rows} == set(ids_of(old, MOVED))
    assert next(r for r in gone_rows if r[0] == gone)[4] == "不采纳"
    wb.close()
    assert (old_out / LOG).exists() is False  # the baseline is only read
    # The list opens on the new findings: filtered on 对比上次 = 新增, the others hidden.
    ws = load_workbook(out / "audit.xlsx")["问题清单"]
    [shown] = ws.auto_filter.filterColumn
    assert (shown.colId, shown.filters.filter) == (11, ["新增"])
    visible = {
        ws.cell(r, 21).value for r in range(2, ws.max_row + 1) if not ws.row_dimensions[r].hidden
    }
    assert visible == set(ids_of(new, ADDED))
    said = capsys.readouterr().err
    assert "新增 5 条，已有 9 条，已消失 3 条" in said and "沿用 2 条" in said


def test_a_baseline_that_cannot_be_used_is_refused(tmp_path, capsys):
    folder = folder_of(tmp_path, KEPT[:1])
    assert main(["audit", str(folder), "--baseline", str(tmp_path)]) == 2
    assert "--baseline 需要与 --out 一起使用" in capsys.readouterr().err
    out, none = tmp_path / "out", tmp_path / "none"
    assert main(["audit", str(folder), "--out", str(out), "--baseline", str(none)]) == 2
    assert "没有 findings.jsonl" in capsys.readouterr().err
    assert not out.exists()


def test_a_workbook_that_cannot_be_read_is_kept_aside_not_replaced_blindly(tmp_path, capsys):
    folder = folder_of(tmp_path, KEPT[:1])
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.xlsx").write_bytes(b"not a workbook: typed notes of another tool")
    audit_paths([str(folder)], out, workers=1)
    [kept] = out.glob("audit.未读取.*.xlsx")
    assert kept.read_bytes() == b"not a workbook: typed notes of another tool"
    assert "原文件已另存为" in capsys.readouterr().err
    assert len(issues(out / "audit.xlsx")) == 7


def test_the_run_says_how_many_decisions_it_recorded(tmp_path, capsys):
    folder = folder_of(tmp_path, KEPT[:1])
    out = tmp_path / "out"
    _, _, findings = audit_paths([str(folder)], out, workers=1)
    type_decisions(out / "audit.xlsx", {findings.finding_id[0]: ("确认", "", "王审")})
    capsys.readouterr()
    audit_paths([str(folder)], out, workers=1)
    assert "本次从 audit.xlsx 记下 1 条" in capsys.readouterr().err


def test_the_evaluator_sheet_counts_a_report_once_whatever_its_copies(tmp_path):
    def outcome(file: str, sha256: str, evaluator: str | None, errors: int) -> Outcome:
        record = {"sha256": sha256, "kind": "project", "evaluator": evaluator, "total_score": 90}
        finding = {"file": file, "rule": "R", "check": "grade", "severity": "error"}
        findings = [{**finding, "message": f"问题{i}", "evidence": []} for i in range(errors)]
        return Outcome(file=file, records=[record], findings=findings, sha256=sha256)

    result = BatchResult(
        [
            outcome("a/报告.pdf", "1" * 64, "某某评价咨询有限公司", 2),
            outcome("b/报告-副本.pdf", "1" * 64, "某某评价咨询有限公司", 2),  # the same bytes
            outcome("c/另一份.pdf", "2" * 64, "某某评价咨询有限公司", 1),
            outcome("d/无机构.pdf", "3" * 64, None, 0),
        ]
    )
    [dest] = write_workbook(tmp_path, build_frames(result))
    wb = load_workbook(dest, read_only=True)
    rows = list(wb["第三方机构"].iter_rows(values_only=True))
    wb.close()
    assert rows == [
        ("评价机构", "报告数", "错误数", "警告数", "平均总分"),
        ("某某评价咨询有限公司", 2, 3, 0, 90),
        ("（未注明）", 1, 0, 0, 90),
    ]


def test_the_command_carries_a_baseline(tmp_path, capsys):
    folder = folder_of(tmp_path, KEPT[1:])
    old, new = tmp_path / "old", tmp_path / "new"
    assert main(["audit", str(folder), "--out", str(old)]) == 1  # zhongjiang has errors
    shutil.copy(FORMS / KEPT[0], folder / KEPT[0])
    assert main(["audit", str(folder), "--out", str(new), "--baseline", str(old)]) == 1
    lines = [json.loads(x) for x in (new / "findings.jsonl").read_text("utf-8").splitlines()]
    status = {Path(f["file"]).name: set() for f in lines}
    for f in lines:
        status[Path(f["file"]).name].add(f["baseline_status"])
    assert status == {KEPT[0]: {"新增"}, KEPT[1]: {"已有"}}
    assert "新增 7 条，已有 2 条，已消失 0 条" in capsys.readouterr().err


def test_audit_paths_refuses_a_baseline_without_out(tmp_path):
    with pytest.raises(ValueError, match="baseline 需要与 out 一起使用"):
        audit_paths([str(tmp_path)], baseline=tmp_path)
