"""A 部门整体 form's funds score is scored by the province's own bands, which the form does not
print: the national 分值 × 执行率 is not applied to it (Fujian's platform: 88.75% of 10 scores 7)."""

from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import audit_file

EXAMPLE = Path(__file__).resolve().parent.parent / "rules" / "examples" / "FORM-FUNDS-SCORE"


def _funds_score_findings(path: Path) -> list[str]:
    return [f.message for f in audit_file(path).findings if f.rule == "FORM-FUNDS-SCORE"]


def test_a_project_form_is_held_to_the_national_formula():
    assert _funds_score_findings(EXAMPLE / "fail.txt")


def test_the_same_funds_row_on_a_department_wide_form_is_left_to_its_province(tmp_path):
    text = (EXAMPLE / "fail.txt").read_text(encoding="utf-8")
    department = tmp_path / "department.txt"
    department.write_text(
        text.replace("项目支出绩效自评表", "部门整体支出绩效自评表"), encoding="utf-8"
    )
    assert _funds_score_findings(department) == []
