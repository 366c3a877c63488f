"""The static site and the 审核意见 as a person uses them: headless Chromium opens OUT from disk.

Needs Debian's chromium (`apt-get install chromium`, done by .ci/run) and the
playwright Python package; playwright's own browser download is never used.
Without them the test is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.batch import BatchResult, Outcome, run_batch
from jixiao.outputs import write_outputs
from jixiao.outputs.opinions import EXAMPLE_SHEET, category, load_sheet
from jixiao.outputs.site import evaluator_href, page_href
from jixiao.pipeline import collect

from .conftest import CORPUS, REPORTS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOT = os.environ.get("JIXIAO_SCREENSHOT")  # where to keep the screenshot, to look at it
BAZHOU = "巴州 矿山方案.pdf"  # a Chinese name with a space: the file:// link must escape both
FORMS = "appendix_project_self_assessment_forms.pdf"  # eleven self-assessment forms
SHEET = "sichuan_forms_one_sheet.xlsx"


@dataclass(frozen=True)
class Decision:
    """What jixiao.review.decisions.Decision carries (the site reads only these attributes)."""

    finding_id: str
    decision: str
    note: str = ""
    reviewer: str = ""
    time: str = "2026-01-05T09:00:00"


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs /usr/bin/chromium and playwright for the browser test")
        pytest.skip("needs Debian's chromium (/usr/bin/chromium) and playwright")
    return sync_playwright


def _with_ids(result: BatchResult) -> None:
    """Give each finding an id where the pipeline did not (the review step adds them)."""
    for outcome in result.outcomes:
        for i, f in enumerate(outcome.findings):
            text = json.dumps([f["file"], i, f["rule"], f["message"]], ensure_ascii=False)
            f.setdefault("id", hashlib.sha1(text.encode()).hexdigest()[:16])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    folder = tmp / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "bazhou_mine_plan_2022.pdf", folder / BAZHOU)
    shutil.copy(REPORTS / "yanqi_grassland_fund_2022.txt", folder / "yanqi.txt")
    shutil.copy(CORPUS / "forms" / "pdf" / FORMS, folder / FORMS)
    shutil.copy(CORPUS / "forms" / "xlsx" / SHEET, folder / SHEET)
    (folder / "broken.pdf").write_bytes(b"\x00\x01 not a pdf")
    result = run_batch(collect([str(folder)]), workers=2)
    evil = Outcome(
        file=str(folder / "zz_evil.txt"),
        records=[{"project": '<script>alert("xss")</script>', "indicators": []}],
        findings=[
            {
                "file": str(folder / "zz_evil.txt"),
                "rule": "X",
                "check": "foreign_text",
                "severity": "warning",
                "message": "<img src=x onerror=alert(1)>",
                "evidence": [{"page": 1, "line": 1, "quote": '<script>alert("xss")</script>'}],
            }
        ],
    )
    result = BatchResult([*result.outcomes, evil])
    _with_ids(result)
    bazhou = outcome(result, BAZHOU)
    errors = [f for f in bazhou.findings if f["severity"] == "error"]
    confirmed, dismissed = errors[0], errors[1]
    decisions = {
        confirmed["id"]: Decision(confirmed["id"], "确认", "请评价机构更正", "张三"),
        dismissed["id"]: Decision(dismissed["id"], "不采纳", "口径不同", "张三"),
    }
    out = tmp / "out"
    write_outputs(out, result, decisions=decisions, sheet=EXAMPLE_SHEET)
    return out, result, confirmed, dismissed


def outcome(result: BatchResult, name: str) -> Outcome:
    return next(o for o in result.outcomes if Path(o.file).name == name)


def _launch(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def _names(page) -> list[str]:
    return page.locator("#reports tr.report:visible td:nth-child(2)").all_inner_texts()


def test_index_search_filters_and_sort(site):
    sync_playwright = _browser_or_skip()
    out, result, *_ = site
    with_check = {
        Path(o.file).name
        for o in result.outcomes
        if any(f["check"] == "questionnaire" for f in o.findings)
    }
    assert BAZHOU in with_check and FORMS not in with_check
    with_info = {
        Path(o.file).name
        for o in result.outcomes
        if any(f["severity"] == "info" for f in o.findings) and not o.file.endswith("broken.pdf")
    }
    assert 0 < len(with_info) < 5
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((out / "index.html").as_uri())
            assert page.title() == "绩效评价报告审核结果"
            # five audited files ranked; the unreadable one in a block of its own
            assert page.locator("#reports tr.report").count() == 5
            assert page.locator("#unreadable tr.unreadable").count() == 1
            assert "broken.pdf" in page.locator("#unreadable").inner_text()
            assert "broken.pdf" not in page.locator("#reports").inner_text()
            assert page.locator("#shown-count").inner_text() == "显示 5 / 5 条"

            page.fill("#search", "焉耆")  # the yanqi report's project, not its file name
            assert _names(page) == ["yanqi.txt"]
            assert page.locator("#shown-count").inner_text() == "显示 1 / 5 条"
            page.fill("#search", "")
            assert len(_names(page)) == 5

            page.select_option('select[data-filter="kind"]', "self_assessment")
            assert sorted(_names(page)) == sorted([FORMS, SHEET])
            page.select_option('select[data-filter="kind"]', "")
            page.select_option('select[data-filter="check"]', "questionnaire")
            assert set(_names(page)) == with_check
            page.select_option('select[data-filter="check"]', "")
            page.select_option('select[data-filter="severity"]', "info")
            assert set(_names(page)) == with_info
            page.select_option('select[data-filter="severity"]', "")
            page.select_option('select[data-filter="decision"]', "不采纳")
            assert _names(page) == [BAZHOU]
            page.select_option('select[data-filter="decision"]', "")
            labels = page.locator('select[data-filter="check"] option').all_inner_texts()
            assert "问卷数据矛盾" in labels and "questionnaire" not in labels

            page.click("#reports th:has-text('总分')")
            scores = page.locator("#reports tr.report td:nth-child(7)").all_inner_texts()
            numbers = [float(s) for s in scores if s]
            assert numbers == sorted(numbers) and len(numbers) == 4 and scores[0] == ""
            page.click("#reports th:has-text('总分')")
            again = page.locator("#reports tr.report td:nth-child(7)").all_inner_texts()
            assert again == scores[::-1]
        finally:
            browser.close()


def test_all_findings_page_filters_and_links_to_the_file_page(site):
    sync_playwright = _browser_or_skip()
    out, result, confirmed, _ = site
    total = len(result.findings)
    errors = sum(f["severity"] == "error" for f in result.findings)
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((out / "index.html").as_uri())
            page.click("#all-findings")
            page.wait_for_url("**/findings.html")
            rows = page.locator("#all-findings tr.finding")
            assert rows.count() == total
            page.select_option('select[data-filter="severity"]', "error")
            visible = page.locator("#all-findings tr.finding:visible")
            assert visible.count() == errors
            assert page.locator("#shown-count").inner_text() == f"显示 {errors} / {total} 条"
            page.select_option('select[data-filter="decision"]', "确认")
            assert visible.evaluate_all("rs => rs.map(r => r.dataset.id)") == [confirmed["id"]]
            visible.first.locator("td a").first.click()
            bazhou = outcome(result, BAZHOU)
            page.wait_for_url(f"**/{page_href(bazhou.file)}#f-{confirmed['id']}")
            row = page.locator(f'tr[data-id="{confirmed["id"]}"]')
            assert row.locator(".decision").inner_text() == "确认"
        finally:
            browser.close()


def test_file_pages_group_by_document_and_link_to_the_source_page(site, tmp_path):
    sync_playwright = _browser_or_skip()
    out, result, confirmed, _ = site
    bazhou = outcome(result, BAZHOU)
    n_all = len(bazhou.findings)
    n_errors = sum(f["severity"] == "error" for f in bazhou.findings)
    first_page = confirmed["evidence"][0]["page"]
    expected_href = Path(bazhou.file).as_uri() + f"#page={first_page}"
    assert "%20" in expected_href and "%E5%B7%B4" in expected_href  # 巴 and the space, escaped
    forms = outcome(result, FORMS)
    per_document = Counter(f.get("document") for f in forms.findings)
    assert len(forms.records) == 11 and None not in per_document
    sheet = outcome(result, SHEET)
    cell = sheet.findings[0]["evidence"][0]

    dialogs = []
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto((out / "index.html").as_uri())
            page.click(f"#reports a:text-is('{BAZHOU}')")
            page.wait_for_url("**/" + page_href(bazhou.file))
            assert page.locator("tr.finding").count() == n_all
            assert page.locator("#shown-count").inner_text() == f"显示 {n_all} / {n_all} 条"
            link = page.locator(f'tr[data-id="{confirmed["id"]}"] a.src').first
            assert link.get_attribute("href") == expected_href
            assert link.inner_text() == f"第 {first_page} 页"
            assert page.locator("#source").get_attribute("href") == expected_href.split("#")[0]
            indicator = next(i for i in bazhou.records[0]["indicators"] if i.get("page"))
            ind_link = page.locator("details td.num a.src").first  # the 指标 table's 页码
            assert (
                ind_link.get_attribute("href")
                == f"{Path(bazhou.file).as_uri()}#page={indicator['page']}"
            )

            page.uncheck('input[name="severity"][value="warning"]')
            page.uncheck('input[name="severity"][value="info"]')
            visible = page.locator("tr.finding:visible")
            assert visible.count() == n_errors
            assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.severity)")) == {"error"}

            shot = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000

            page.check('input[name="severity"][value="warning"]')
            page.check('input[name="severity"][value="info"]')
            with page.expect_navigation():
                link.click()  # Chromium opens the source PDF at that page
            assert page.url == expected_href

            # eleven forms: each form's findings under its own heading, in page order
            page.goto((out / page_href(forms.file)).as_uri())
            sections = page.locator("section.document")
            assert sections.count() == 11
            for i, record in enumerate(forms.records):
                section = sections.nth(i)
                assert section.locator("h2").inner_text().startswith(record["project"])
                label = f"{record['project']} p.{record['page_start']}"
                assert section.locator("tr.finding").count() == per_document[label]

            # a spreadsheet finding: the sheet and row, not 页 1
            page.goto((out / page_href(sheet.file)).as_uri())
            place = page.locator(f'tr[data-id="{sheet.findings[0]["id"]}"] a.src').first
            assert place.inner_text() == f"工作表“部门预算项目支出绩效自评表”第 {cell['line']} 行"
            assert place.get_attribute("href") == Path(sheet.file).as_uri()

            page.goto((out / page_href(result.outcomes[-1].file)).as_uri())
            assert page.locator("h1").inner_text() == '<script>alert("xss")</script>'
            assert page.locator("td.message").inner_text() == "<img src=x onerror=alert(1)>"
        finally:
            browser.close()
    assert dialogs == []  # no injected script ran


def test_opinion_holds_the_confirmed_finding_and_prints(site):
    sync_playwright = _browser_or_skip()
    from pypdf import PdfReader

    out, result, confirmed, dismissed = site
    bazhou = outcome(result, BAZHOU)
    yanqi = outcome(result, "yanqi.txt")
    serious = [f for f in yanqi.findings if f["severity"] in ("error", "warning")]
    evaluator = bazhou.records[0]["evaluator"]
    cost = load_sheet(EXAMPLE_SHEET).points[category(confirmed["check"])]
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page()
            page.goto((out / "index.html").as_uri())
            page.locator("#reports tr.report", has_text=BAZHOU).locator("a.opinion").click()
            assert page.locator("h1").inner_text() == "审核意见"
            rows = page.locator("#confirmed tr.confirmed")
            assert rows.count() == 1
            assert rows.first.get_attribute("data-id") == confirmed["id"]
            text = page.locator("body").inner_text()
            assert confirmed["message"] in text and dismissed["message"] not in text
            assert "复核备注：请评价机构更正" in text and "审核人：" in text
            assert bazhou.records[0]["sha256"][:12] in text
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
            assert len(pdf.pages) >= 1
            assert confirmed["message"][:8] in pdf.pages[0].extract_text().replace("\n", "")

            page.goto((out / "opinions" / Path(page_href(yanqi.file)).name).as_uri())
            assert page.locator("h1").inner_text() == "审核意见 草稿（未复核）"
            assert page.locator("#confirmed tr.confirmed").count() == len(serious) > 0

            page.goto((out / evaluator_href(evaluator)).as_uri())
            assert page.locator("#evaluator").inner_text() == evaluator
            row = page.locator("#summary tr.evaluated")
            assert row.count() == 1 and "已复核" in row.inner_text()
            assert page.locator("#total td.num").all_inner_texts()[-2:] == ["1", str(cost)]
        finally:
            browser.close()


def test_dashboard_shows_every_chart_and_the_index_links_it(tmp_path):
    """`jixiao export OUT` draws the charts and dashboard.html; the next run's index links it."""
    sync_playwright = _browser_or_skip()
    from jixiao.cli import main
    from jixiao.dataset.charts import CAPTIONS

    reports = [
        str(REPORTS / f"{n}.txt") for n in ("bazhou_mine_plan_2022", "yanqi_grassland_fund_2022")
    ]
    out = tmp_path / "out"
    assert main(["audit", *reports, "--out", str(out)]) in (0, 1)
    assert "运行 jixiao export" in (out / "index.html").read_text(encoding="utf-8")
    assert main(["export", str(out)]) == 0
    assert main(["audit", *reports, "--out", str(out)]) in (0, 1)
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page()
            page.goto((out / "index.html").as_uri())
            page.click("#dashboard")
            assert page.url.endswith("/dashboard.html")
            assert page.locator("figure.chart h2").all_inner_texts() == list(CAPTIONS.values())
            widths = page.eval_on_selector_all(
                "figure.chart img", "els => els.map(e => e.naturalWidth)"
            )
            assert len(widths) == len(CAPTIONS) and all(w > 0 for w in widths)
        finally:
            browser.close()
