"""index.html and one page per file: a static site that opens from disk, no server.

Everything is in the pages themselves (inline CSS and a few lines of plain JS for
the severity and check filters), so OUT can be zipped and mailed. All report
text goes through jinja2 autoescaping: a `<script>` in a report shows as text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader

from rules.model import SEVERITY_ZH

from ..batch import BatchResult, Outcome
from .atomic import atomic_write_text

PAGES_DIR = "reports"


@dataclass
class Page:
    """One file's page: its records and findings, and what the index shows of it."""

    file: str
    href: str
    status: str
    reason: str | None
    records: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    counts: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def first(self) -> dict[str, Any]:
        return self.records[0] if self.records else {}

    @property
    def project(self) -> str | None:
        return self.first.get("project") or self.first.get("title")

    @property
    def evaluator(self) -> str | None:
        return self.first.get("evaluator")

    @property
    def year(self) -> Any:
        return self.first.get("year")

    @property
    def score(self) -> Any:
        return self.first.get("total_score")

    @property
    def grade(self) -> str | None:
        return self.first.get("grade")

    @property
    def documents(self) -> int:
        return len(self.records)

    @property
    def errors(self) -> int:
        return self.counts["error"]

    @property
    def warnings(self) -> int:
        return self.counts["warning"]

    @property
    def infos(self) -> int:
        return self.counts["info"]

    @property
    def checks(self) -> list[tuple[str, int]]:
        return sorted(Counter(f["check"] for f in self.findings).items())


def page_href(file: str) -> str:
    """A stable, file-system-safe page name: the file's name (ASCII part) and a hash of its path."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(file).name).strip("_.")[:60] or "report"
    digest = hashlib.sha1(file.encode("utf-8")).hexdigest()[:8]
    return f"{PAGES_DIR}/{stem}-{digest}.html"


def _page(outcome: Outcome) -> Page:
    return Page(
        file=outcome.file,
        href=page_href(outcome.file),
        status=outcome.status,
        reason=outcome.reason,
        records=outcome.records,
        findings=outcome.findings,
        counts=Counter(f["severity"] for f in outcome.findings),
    )


def facts(record: dict[str, Any]) -> list[tuple[str, Any]]:
    """The headline facts of a record, labelled in Chinese, skipping what the report lacks."""
    funds = record.get("funds") or {}
    rows = [
        ("项目", record.get("project")),
        ("年度", record.get("year")),
        ("实施单位", record.get("unit")),
        ("主管部门", record.get("department")),
        ("委托单位", record.get("commissioner")),
        ("评价机构", record.get("evaluator")),
        ("总分", record.get("total_score")),
        ("等级", record.get("grade")),
        ("预算（元）", _money(funds.get("budget_yuan"))),
        ("支出（元）", _money(funds.get("spent_yuan"))),
        ("预算执行率（%）", funds.get("execution_rate")),
    ]
    return [(label, value) for label, value in rows if value not in (None, "")]


def _money(value: Any) -> str | None:
    return f"{value:,.2f}" if isinstance(value, int | float) else None


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jixiao", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(severity_zh=SEVERITY_ZH, facts=facts)
    return env


def write_site(out: Path, result: BatchResult) -> list[Path]:
    """Write index.html (files ranked by errors) and reports/<name>.html per file."""
    env = environment()
    pages = [_page(o) for o in result.outcomes]
    ranked = sorted(pages, key=lambda p: (-p.errors, -p.warnings, -p.infos, p.file))
    totals = Counter()
    for p in pages:
        totals.update(p.counts)
    top = Counter(f["check"] for f in result.findings).most_common(5)
    written = []
    report_tpl = env.get_template("report.html.j2")
    for page in pages:
        dest = out / page.href
        atomic_write_text(dest, report_tpl.render(page=page))
        written.append(dest)
    index = out / "index.html"
    atomic_write_text(
        index,
        env.get_template("index.html.j2").render(
            pages=ranked,
            n_reports=sum(max(1, p.documents) for p in pages),
            totals={k: totals[k] for k in SEVERITY_ZH},
            failed=result.failed,
            top_checks=top,
        ),
    )
    return [index, *written]


def planned_pages(result: BatchResult) -> list[str]:
    """The site's files (relative to OUT) a run of `result` writes, known before writing."""
    return ["index.html", *(page_href(o.file) for o in result.outcomes)]
