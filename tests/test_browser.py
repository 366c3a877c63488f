"""The static site as a person uses it: headless Chromium opens index.html from disk.

Needs Debian's chromium (`apt-get install chromium`, done by .ci/run) and the
playwright Python package; playwright's own browser download is never used.
Without them the test is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jixiao.batch import BatchResult, Outcome, run_batch
from jixiao.outputs import write_outputs
from jixiao.outputs.site import page_href
from jixiao.pipeline import collect

from .conftest import REPORTS

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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    folder = tmp / "in"
    folder.mkdir()
    for name in ("bazhou_mine_plan_2022.txt", "yanqi_grassland_fund_2022.txt"):
        shutil.copy(REPORTS / name, folder / name)
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
    out = tmp / "out"
    write_outputs(out, result)
    return out, result


def test_index_report_page_and_severity_filter(site, tmp_path):
    sync_playwright = _browser_or_skip()
    out, result = site
    bazhou = result.outcomes[0]
    assert bazhou.file.endswith("bazhou_mine_plan_2022.txt")
    n_all = len(bazhou.findings)
    n_errors = sum(f["severity"] == "error" for f in bazhou.findings)
    n_questionnaire = sum(f["check"] == "questionnaire" for f in bazhou.findings)
    assert 0 < n_errors < n_all and n_questionnaire > 0

    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto((out / "index.html").as_uri())
            assert page.title() == "绩效评价报告审核结果"
            rows = page.locator("tr.report")
            assert rows.count() == 3
            # ranked by errors: bazhou (most errors) first, the injected file last
            assert "bazhou_mine_plan_2022.txt" in rows.nth(0).inner_text()
            assert '<script>alert("xss")</script>' in rows.nth(2).inner_text()

            page.click("text=bazhou_mine_plan_2022.txt")
            page.wait_for_url("**/" + page_href(bazhou.file))
            findings = page.locator("tr.finding")
            assert findings.count() == n_all
            assert page.locator("#shown-count").inner_text() == f"显示 {n_all} / {n_all} 条"

            page.uncheck('input[name="severity"][value="warning"]')
            page.uncheck('input[name="severity"][value="info"]')
            visible = page.locator("tr.finding:visible")
            assert visible.count() == n_errors
            assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.severity)")) == {"error"}
            assert page.locator("#shown-count").inner_text() == f"显示 {n_errors} / {n_all} 条"

            page.check('input[name="severity"][value="warning"]')
            page.check('input[name="severity"][value="info"]')
            page.select_option("#check-filter", "questionnaire")
            assert page.locator("tr.finding:visible").count() == n_questionnaire
            page.select_option("#check-filter", "")
            first = page.locator("tr.finding").first
            assert first.locator(".quote").first.inner_text().strip() != ""

            shot = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000

            page.goto((out / page_href(result.outcomes[-1].file)).as_uri())
            assert page.locator("h1").inner_text() == '<script>alert("xss")</script>'
            assert page.locator("td.message").inner_text() == "<img src=x onerror=alert(1)>"
        finally:
            browser.close()
    assert dialogs == []  # no injected script ran
