"""A form whose indicator rows were read wrong or not at all is said, and not judged.

A text copy of a PDF form (pdftotext) cuts every wrapped cell into lines: the form reader
then takes "天）", "分）" or "经济成本指" for indicators, and the rules called them duplicate
indicators or the form empty. Measured on the real corpus's PDFs copied to text: 47 errors
and warnings the PDF does not give (pdftotext) and 43 (pdftotext -layout).
"""

from __future__ import annotations

from extractor import split
from extractor.model import Document, Evidence, Indicator, Line, Report
from extractor.unread import form_rows_unread
from rules import run


def _form(names: list[str], lines: list[str] | None = None) -> Report:
    indicators = []
    for k, name in enumerate(names):
        ind = Indicator(level=3, name=name, level1="产出指标", level2="数量指标")
        ind.evidence = Evidence(2, k + 5, name)
        indicators.append(ind)
    text = [Line(t, 2, k + 1) for k, t in enumerate(lines or ["项目支出绩效目标表"])]
    report = Report(
        file="x.txt", sha256="", pages=2, format="txt", lines=text, indicators=indicators
    )
    report.kind = "targets"
    report.title = "项目支出绩效目标表"
    return report


def test_names_cut_from_wrapped_cells_are_said() -> None:
    names = ["区县外勤经费标准（元/人/", "天）", "提交审计报告（篇）", "分）", "审计整改完成率"]
    ((what, where),) = [form_rows_unread(_form(names))]
    assert what == "绩效指标（读出的 5 个指标中 3 个是折行切开的残片）"
    assert (where.page, where.line) == (2, 5)


def test_whole_names_are_not_pieces() -> None:
    """Two-character names (水费, 电费) and balanced brackets are indicators."""
    names = ["水费", "电费", "培训人次", "人均培训成本（元）", "审计报告合格率"]
    assert form_rows_unread(_form(names)) is None


def test_a_form_with_target_values_but_no_indicator_read_is_not_called_empty() -> None:
    lines = [
        "项目支出绩效目标表",
        "产出指标 数量指标 培训场次 ≥12 场",
        "质量指标 合格率 ≥95%",
        "满意度 ≥90%",
    ]
    form = _form([], lines)
    ((what, _),) = [form_rows_unread(form)]
    assert what == "绩效指标（表中列有 3 行指标值，未读出指标）"
    assert [f.rule for f in run(form) if f.rule == "FORM-EMPTY"] == ["FORM-EMPTY"]
    form.tree_partial = True
    assert [f.rule for f in run(form) if f.rule == "FORM-EMPTY"] == []


def test_an_empty_form_is_still_empty() -> None:
    form = _form([], ["项目支出绩效目标表", "一级指标 二级指标 三级指标 指标值", "合计"])
    assert form_rows_unread(form) is None
    assert [f.rule for f in run(form) if f.rule == "FORM-EMPTY"] == ["FORM-EMPTY"]


def test_the_guard_is_set_when_the_form_is_read() -> None:
    """Through split(): a form read from text with cut names gets the warning and the flag."""
    text = "\n".join(
        [
            "2026年项目支出绩效目标表",
            "项目名称\t部门专项业务经费",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t区县外勤经费标准（元/人/\t80",
            "\t\t天）\t80",
            "\t\t提交审计报告（篇）\t≥20",
            "\t\t分）\t90",
            "\t质量指标\t审计整改完成率\t≥95%",
        ]
    )
    lines = [Line(t, 1, k + 1) for k, t in enumerate(text.split("\n"))]
    doc = Document("x.txt", "txt", 1, lines)
    from extractor.tables import read_line_tables

    read_line_tables(doc)
    forms = [r for r in split(doc) if r.kind == "targets"]
    assert forms and all(f.tree_partial for f in forms)
    assert any(what.startswith("绩效指标（") for f in forms for what, _ in f.unread)


def _scored_form(funds_line: str) -> Report:
    """A self-assessment whose indicators weigh 90 of a 总分 of 100: the funds' 分值 10 is the
    rest, on the funds total row."""
    from extractor.model import Quantity
    from extractor.unread import mark_unread

    form = _form(["培训人次", "合格率"], ["项目支出绩效自评表", funds_line, "总分\t100\t95"])
    form.kind = "self_assessment"
    for ind, (w, s) in zip(form.indicators, [(50, 45), (40, 40)], strict=True):
        ind.weight = Quantity(w, str(w), 0, exact=True)
        ind.score = Quantity(s, str(s), 0, exact=True)
    form.weight_total = Quantity(100, "100", 0, exact=True)
    form.total_score = Quantity(95, "95", 0, exact=True)
    mark_unread(form)
    return form


def test_a_funds_total_row_printed_but_not_read_is_said_and_the_sums_wait() -> None:
    """The funds row ran together with a wrapped line ("年度资金总额：最高不超过分值上限"): no
    funds total was read. Without its 分值 10 the weights add up to 90, not 100; that is the
    reader's gap, not the form's, so the sums do not run and the form says what was not read."""
    form = _scored_form("年度资金总额：最高不超过分值上限\t310.21\t154.74\t10\t50%\t5")
    assert form.funds_partial
    said = {f.rule: f.message for f in run(form)}
    assert "FORM-WEIGHT-SUM" not in said and "FORM-SCORE-SUM" not in said
    assert said["EXTRACT-UNREAD"] == (
        "第 2 页的资金表（“年度资金总额”一行未能读出）未能读成行列，其中的数据未经核对："
        "“年度资金总额：最高不超过分值上限\t310.21\t154.74\t10\t50%\t5”"
    )


def test_a_form_without_a_funds_total_row_is_summed_as_printed() -> None:
    """No funds total row printed ("资金总额及构成" heads a block, it is not the row): the
    weights are judged as they are, and 90 is not 100."""
    form = _scored_form("资金总额及构成\t总额\t10606.75万元")
    assert not form.funds_partial
    assert "FORM-WEIGHT-SUM" in {f.rule for f in run(form)}


def test_pieces_of_cut_cells_are_not_duplicate_names() -> None:
    """Two rows a line break cut the same way ("率", "天）") are no two indicators of one name;
    two whole names are."""
    form = _form(["值班信息报送及时", "率", "培训人次", "率", "外勤天数（", "天）", "培训人次"])
    said = [f.message for f in run(form) if f.rule == "DUP-INDICATOR"]
    assert said == ["与指标名称相同：“培训人次”"]
