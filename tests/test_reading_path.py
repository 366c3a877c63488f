"""What the one reading path changes in the output: tables without ruling lines, a second PDF
producer, a publication's cover, parts said to be unread, and the real-corpus scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from extractor.backends import SUPPORTED, backend_for
from extractor.normalize import clean_line, is_page_number
from jixiao.evaluate_real import evaluate_real, match_records
from jixiao.pipeline import audit_file

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "corpus" / "layouts"
SHARED = ROOT.parent / "shared" / "corpus" / "real"


def _indicator(report, code: str):  # type: ignore[no-untyped-def]
    return next(i for i in report.indicators if i.code == code)


def test_a_pdf_without_ruling_lines_gives_its_score_tree() -> None:
    """Before the column reader this file gave 0 indicators."""
    report = extract(LAYOUTS / "unruled" / "bazhou_mine_plan_2022.pdf")[0]
    assert len(report.indicators) == 37
    b102 = _indicator(report, "B102")
    assert (b102.weight.value, b102.score.value, b102.parent) == (4, 3.98, "资金管理")
    assert _indicator(report, "C402").score.value == 4.95
    assert report.total_score.value == 98.93
    levels = {i.name: i.level for i in report.indicators if i.level == 1}
    assert set(levels) == {"项目决策", "项目过程", "项目产出", "项目效益"}


def test_a_chromium_pdf_reads_its_radicals_and_open_rows() -> None:
    """Chromium writes 项⽬ for 项目 and leaves rows a page cuts without a closing rule."""
    report = extract(LAYOUTS / "chromium" / "yanqi_grassland_fund_2022.pdf")[0]
    assert report.unit == "焉耆县自然资源局"
    assert len(report.indicators) == 31
    quality = next(i for i in report.indicators if i.name == "产出质量")
    assert (quality.weight.value, quality.parent) == (10, "产出")


def test_text_normalisation_of_other_producers() -> None:
    assert clean_line("项⽬名称 ⻩俊凯 ⾦⼭") == "项目名称 黄俊凯 金山"
    assert clean_line("表 3―1") == "表 3—1"
    assert clean_line("得\u200b分\x1b[31m 98\u00ad.93") == "得分 98.93"
    assert not is_page_number("2024") and is_page_number("第 2024 页") and is_page_number("17")


def test_one_registry_serves_loading_and_the_folder_walk() -> None:
    assert {".pdf", ".docx", ".xlsx", ".xls", ".html", ".md", ".txt"} <= SUPPORTED
    assert backend_for(Path("x.txt"), b"%PDF-1.7").name == "pdf"  # content before suffix
    assert backend_for(Path("x.docx"), b"PK\x03\x04").name == "docx"
    assert backend_for(Path("x.ofd"), b"PK\x03\x04") is None


def test_a_publication_reads_its_cover_year_and_unit() -> None:
    """The cover prints the year in a larger font beside its line ("2024" / "年度部门决算")."""
    report = extract(SHARED / "sh_putuo_finance_bureau_2024_dept_final.pdf")[0]
    assert (report.kind, report.year, report.unit) == ("publication", 2024, "上海市普陀区财政局")
    findings = audit_file(SHARED / "sh_putuo_finance_bureau_2024_dept_final.pdf").findings
    assert not any(f.check == "extraction" for f in findings)  # a publication is a document


def test_a_named_score_table_that_gives_no_rows_is_said(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "examples" / "EXTRACT-UNREAD" / "fail.txt").read_text("utf-8")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = audit_file(path)
    unread = [f for f in result.findings if f.rule == "EXTRACT-UNREAD"]
    assert [f.severity for f in unread] == ["warning"]
    assert "评分表未能读成行列" in unread[0].message
    assert not any(f.rule == "POLICY-PARTS" and "评分表" in f.message for f in result.findings)


def test_records_are_matched_by_kind_and_pages() -> None:
    gold = [
        {"page_start": 1, "page_end": 3, "record": {"kind": "publication"}},
        {"page_start": 9, "page_end": 9, "record": {"kind": "targets"}},
        {"page_start": 5, "page_end": 6, "record": {"kind": "targets"}},
    ]
    got = [
        {"kind": "targets", "page_start": 5, "page_end": 6, "id": "a"},
        {"kind": "publication", "page_start": 1, "page_end": 4, "id": "p"},
        {"kind": "targets", "page_start": 9, "page_end": 9, "id": "b"},
    ]
    assert [r["id"] for r in match_records(gold, got)] == ["p", "b", "a"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus/real is not beside the project")
def test_the_real_corpus_is_scored_apart(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold = json.loads(
        (
            ROOT / "corpus" / "real" / "gold" / "sh_putuo_finance_bureau_2024_dept_final.json"
        ).read_text("utf-8")
    )
    project = tmp_path / "p"
    (project / "corpus" / "real" / "gold").mkdir(parents=True)
    (project / "corpus" / "real" / "gold" / "one.json").write_text(json.dumps(gold), "utf-8")
    (project.parent / "shared").symlink_to(SHARED.parent.parent)
    families = evaluate_real(project)
    fam = families["publication"]
    assert (fam.documents, fam.fields.right, fam.fields.total) == (1, 3, 3)
    assert sum(fam.findings.fp.values()) == 0
    assert "false alarms" in capsys.readouterr().out


def test_a_score_table_read_in_part_is_said() -> None:
    """Eight codes printed and two indicators read: the rules see another table than the
    report's, and the auditor is told; eight read: nothing said."""
    from extractor.model import Indicator, Line, Report
    from extractor.unread import find_unread

    codes = [f"A10{n}" for n in range(1, 9)]
    lines = [Line(f"{code}\t指标{code}\t5\t4", 3, i + 1) for i, code in enumerate(codes)]

    def report(read: int) -> Report:
        indicators = [Indicator(level=3, name=f"指标{c}", code=c) for c in codes[:read]]
        return Report(
            file="x.pdf", sha256="", pages=3, format="pdf", lines=lines, indicators=indicators
        )

    ((what, where),) = find_unread(report(2))
    assert what == "评分表（文中列有 8 个指标编码，只读出 2 个三级指标）"
    assert (where.page, where.line) == (3, 1)
    assert find_unread(report(8)) == []


def test_html_text_flows_as_a_browser_lays_it_out(tmp_path: Path) -> None:
    """LibreOffice's HTML breaks its source lines mid-paragraph and splits text into <font>
    runs: a line break is a space, and runs join as printed, with no space between them (a
    space there made "40 分" of "40分" and split rows typed with spaces into lines)."""
    from extractor.load import load

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>产出（<font>40</font><font>分）</font>\n"
        "       数量指标   10</p><p>第二段<b>加粗</b></p></body></html>",
        encoding="utf-8",
    )
    assert [ln.text for ln in load(page).lines] == ["产出（40分） 数量指标 10", "第二段加粗"]


def test_word_tables_one_under_another_are_one_table(tmp_path: Path) -> None:
    """A DOCX that keeps a long table's pages as separate Word tables (each repeating its header)
    or its header row apart, with no paragraph between: one table, as the HTML it was saved
    from gives. Measured on the Henan report saved as DOCX by LibreOffice: 34/341 gold fields
    before, 322/341 (the Markdown's own) after."""
    import docx

    from extractor.load import load

    document = docx.Document()
    document.add_paragraph("表2-1：绩效评价得分情况表")
    for rows in (
        [["一级指标", "决策", "过程", "合计"]],
        [["分值", "15.00", "85.00", "100.00"], ["得分", "10.40", "70.00", "80.40"]],
    ):
        table = document.add_table(rows=len(rows), cols=4)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    document.add_paragraph("附件1：评分表")
    header = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    for part in (
        ["A决策", "A1项目立项", "A101立项依据充分性", "2", "2.00"],
        ["", "", "A102立项程序规范性", "3", "2.00"],
    ):
        table = document.add_table(rows=2, cols=5)
        for c, value in enumerate(header):
            table.cell(0, c).text = value
        for c, value in enumerate(part):
            table.cell(1, c).text = value
    path = tmp_path / "report.docx"
    document.save(str(path))
    tables = load(path).tables
    assert [[r.cells for r in t.rows] for t in tables] == [
        [
            ["一级指标", "决策", "过程", "合计"],
            ["分值", "15.00", "85.00", "100.00"],
            ["得分", "10.40", "70.00", "80.40"],
        ],
        [
            header,
            ["A决策", "A1项目立项", "A101立项依据充分性", "2", "2.00"],
            ["", "", "A102立项程序规范性", "3", "2.00"],
        ],
    ]
    assert [t.caption for t in tables] == ["表2-1：绩效评价得分情况表", "附件1：评分表"]


def test_a_pdf_whose_pages_are_stored_turned_with_rotate_reads_as_the_upright_one(
    tmp_path: Path,
) -> None:
    """A page stored on its side with /Rotate 90 to show it upright (scanners and some print
    drivers do so): pdfplumber turns its characters but not its ruling lines, and the tables
    came apart (217/341 gold fields and ten false errors). The page is turned upright first."""
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    source = Path("corpus/reports/yanqi_grassland_fund_2022.pdf")
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        page.mediabox = page.cropbox = RectangleObject([0, 0, height, width])
        page.rotate(90)
    turned = tmp_path / "turned.pdf"
    writer.write(str(turned))

    def said(path: Path) -> list[tuple[str, str]]:
        return sorted((f.rule, f.message) for f in audit_file(path).findings)

    record = audit_file(turned).records[0]
    assert len(record["indicators"]) == len(audit_file(source).records[0]["indicators"]) == 31
    assert said(turned) == said(source)


@pytest.mark.parametrize("name", ["bazhou_mine_plan_2022", "yanqi_grassland_fund_2022"])
def test_a_pdf_printed_smaller_and_off_the_origin_reads_the_same(tmp_path: Path, name: str) -> None:
    """ "Fit to page" at 80% and a media box that does not start at 0,0 (another producer's
    page set-up): the same record fields and findings, no threshold in points that breaks."""
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    from jixiao.evaluate import compare_record

    source = Path(f"corpus/reports/{name}.pdf")
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().scale(0.8, 0.8).translate(130, 260))
        page.mediabox = page.cropbox = RectangleObject([100, 200, 100 + width, 200 + height])
    moved = tmp_path / f"{name}.pdf"
    writer.write(str(moved))
    gold = json.loads(Path(f"corpus/gold/{name}.json").read_text(encoding="utf-8"))
    result = audit_file(moved)
    assert compare_record(gold["record"], result.records[0]).accuracy == 1.0
    assert sorted((f.rule, f.message) for f in result.findings) == sorted(
        (f.rule, f.message) for f in audit_file(source).findings
    )
