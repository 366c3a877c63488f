"""index.html, findings.html and one page per file: a static site that opens from disk, no server.

A work surface for the auditor: the index ranks the files by errors with a search
box, sortable columns and filters (type, year, evaluator, severity, category,
decision), unreadable and skipped files in a block of their own; findings.html lists
every finding of the run with the same tools; a file's page puts each document's
findings under its heading, each page number a link to the source at that page.
Everything is in the pages (inline CSS and the plain JS of templates/worksurface.js),
so OUT can be zipped and mailed. All report text goes through jinja2 autoescaping:
a `<script>` in a report shows as text. Nothing varies between reruns of the same
results (no clock), so the pages are byte-identical.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader

from extractor.vocabulary import KIND_ZH
from rules.model import CHECK_ZH, CHECKS, SEVERITY_RANK, SEVERITY_ZH

from ..batch import STATUS_ZH, BatchResult, Outcome
from ..spool import Paths, temporary_database
from .atomic import atomic_path, atomic_write_text
from .findingview import (
    DECISIONS,
    FindingView,
    page_uri,
    record_of,
    source_uri,
    view,
)

PAGES_DIR = "reports"
OPINIONS_DIR = "opinions"
FINDINGS_PAGE = "findings.html"


@dataclass
class Section:
    """A document of a file (or the file as a whole) and the findings about it."""

    title: str
    record: dict[str, Any] | None
    findings: list[FindingView]


@dataclass
class Page:
    """One file's page: its records and findings, and what the index shows of it."""

    file: str
    href: str
    status: str
    reason: str | None
    records: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    views: list[FindingView] = field(default_factory=list)
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
    def unreadable(self) -> bool:
        """Not audited: the run failed on it, or all it got is extraction errors or warnings
        (the file could not be read, or is not a report at all)."""
        if self.status != "ok":
            return True
        serious = [f for f in self.findings if f["severity"] != "info"]
        return bool(serious) and all(f["check"] == "extraction" for f in serious)

    @property
    def state_zh(self) -> str:
        """Why the file is not in the ranking, in a word or two."""
        if self.status != "ok":
            return STATUS_ZH.get(self.status, self.status)
        if any(f["severity"] == "error" for f in self.findings):
            return "未能读取"
        return "已跳过"  # read, but not a report, form or target table

    @property
    def opinion_href(self) -> str:
        return opinion_href(self.file)

    def tokens(self, key: str) -> str:
        """The filter values of this file for `key`, joined by | (the pages' JS splits them)."""
        values: list[Any]
        if key == "kind":
            values = [r.get("kind") for r in self.records]
        elif key == "year":
            values = [r.get("year") for r in self.records]
        elif key == "evaluator":
            values = [r.get("evaluator") for r in self.records]
        elif key == "severity":
            values = [f["severity"] for f in self.findings]
        elif key == "check":
            values = [f["check"] for f in self.findings]
        else:
            values = [v.decision for v in self.views]
        return "|".join(sorted({str(v) for v in values if v not in (None, "")}))

    @property
    def sections(self) -> list[Section]:
        """Each document with its own findings, then the findings about the whole file."""
        by_record: dict[int | None, list[FindingView]] = {}
        for v in self.views:
            by_record.setdefault(record_of(v.finding, self.records), []).append(v)
        out = [
            Section(rec.get("project") or rec.get("title") or "文档", rec, by_record.get(i, []))
            for i, rec in enumerate(self.records)
        ]
        if None in by_record or not out:
            out.append(Section("整个文件", None, by_record.get(None, [])))
        return out


def page_href(file: str) -> str:
    """A stable, file-system-safe page name: the file's name (ASCII part) and a hash of its path."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(file).name).strip("_.")[:60] or "report"
    digest = hashlib.sha1(file.encode("utf-8")).hexdigest()[:8]
    return f"{PAGES_DIR}/{stem}-{digest}.html"


def opinion_href(file: str) -> str:
    """The 审核意见 page of a file: opinions/<the same name as its report page>."""
    return f"{OPINIONS_DIR}/{Path(page_href(file)).name}"


def make_page(outcome: Outcome, decisions: Mapping[str, Any] | None = None) -> Page:
    """The Page of one outcome, each finding viewed with its decision."""
    href = page_href(outcome.file)
    views = [view(f, outcome.file, href, outcome.records, decisions) for f in outcome.findings]
    return Page(
        file=outcome.file,
        href=href,
        status=outcome.status,
        reason=outcome.reason,
        records=outcome.records,
        findings=outcome.findings,
        views=views,
        counts=Counter(f["severity"] for f in outcome.findings),
    )


def facts(record: dict[str, Any]) -> list[tuple[str, Any]]:
    """The headline facts of a record, labelled in Chinese, skipping what the report lacks."""
    funds = record.get("funds") or {}
    rows = [
        ("类型", KIND_ZH.get(record.get("kind") or "", record.get("kind"))),
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


@functools.cache
def environment() -> Environment:
    """The pages' jinja2 environment, one per process: each template is compiled once."""
    env = Environment(
        loader=PackageLoader("jixiao", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        severity_zh=SEVERITY_ZH,
        severity_rank=SEVERITY_RANK,
        kind_zh=KIND_ZH,
        facts=facts,
    )
    return env


FILTERS = ("kind", "year", "evaluator", "severity", "check", "decision")


def filter_options(
    pages: Iterable[Page], tokens: Mapping[str, set[str]] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """The values each filter offers (value, label), from what the run holds, in a fixed order
    (`tokens`: every page's filter values by key, when gathered already: `PageIndex`)."""
    present = tokens if tokens is not None else _tokens(pages)
    checks = present["check"]
    return {
        "kind": [(k, KIND_ZH.get(k, k)) for k in sorted(present["kind"])],
        "year": [(y, y) for y in sorted(present["year"])],
        "evaluator": [(e, e) for e in sorted(present["evaluator"])],
        "severity": [(s, SEVERITY_ZH[s]) for s in SEVERITY_ZH if s in present["severity"]],
        "check": [(c, CHECK_ZH.get(c, c)) for c in (*CHECKS, *sorted(checks - set(CHECKS)))]
        if checks
        else [],
        "decision": [(d, d) for d in DECISIONS if d in present["decision"]],
    }


def _tokens(pages: Iterable[Page], into: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Every filter value of `pages`, by key (added to `into` when given)."""
    present = into if into is not None else {key: set() for key in FILTERS}
    for p in pages:
        for key in FILTERS:
            present[key].update(t for t in p.tokens(key).split("|") if t)
    return present


def write_site(out: Path, result: BatchResult, decisions: Mapping[str, Any] | None = None) -> Paths:
    """Write index.html (files ranked by errors), findings.html and reports/<name>.html per file.

    The outcomes are read as a stream: each file's page is written as it comes and a slim
    copy of it goes to disk for the index (`PageIndex`); findings.html reads them again."""
    env = environment()
    pages = PageIndex()
    checks: Counter = Counter()
    written = Paths()  # on disk, a page's path a line
    report_tpl = env.get_template("report.html.j2")
    for page in (make_page(o, decisions) for o in result.outcomes):
        dest = out / page.href
        atomic_write_text(
            dest,
            report_tpl.render(
                page=page,
                options=filter_options([page]),
                source=source_uri(page.file),
                at=functools.partial(page_uri, page.file),
            ),
        )
        written.append(dest)
        checks.update(f["check"] for f in page.findings)
        pages.add(slim(page))
    top = [(CHECK_ZH.get(c, c), n) for c, n in checks.most_common(5)]
    options = filter_options((), pages.tokens)
    index = out / "index.html"
    try:
        _write_stream(
            index,
            env.get_template("index.html.j2").generate(
                pages=pages.ranked(),
                unreadable=pages.unreadable(),
                n_reports=pages.reports,
                totals={k: pages.totals[k] for k in SEVERITY_ZH},
                failed=result.failed,
                top_checks=top,
                evaluators=[(name, evaluator_href(name)) for name in sorted(pages.evaluators)],
                options=options,
                dashboard=(out / "dashboard.html").exists(),  # drawn by `jixiao export OUT`
            ),
        )
    finally:
        pages.close()
    listing = out / FINDINGS_PAGE
    _write_stream(
        listing,
        env.get_template("findings.html.j2").generate(
            pages=_Pages(result, decisions), total=sum(checks.values()), options=options
        ),
    )
    written.extend([index, listing])
    return written


def _write_stream(dest: Path, parts: Iterator[str]) -> None:
    """A page written as jinja2 renders it, piece by piece (never the whole text at once)."""
    with atomic_path(dest) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(parts)


_SLIM_RECORD = ("kind", "year", "evaluator", "project", "title", "total_score", "grade")


class PageIndex:
    """The index's slim pages on disk (jixiao.spool.temporary_database), ranked by errors by
    SQLite (ORDER BY), and what the index sums over them, kept as they come: memory holds the
    totals and the distinct filter values and evaluators, not a line per file."""

    def __init__(self) -> None:
        self.db = temporary_database()
        self.db.execute(
            "CREATE TABLE page (seq INTEGER PRIMARY KEY, unreadable INTEGER, errors INTEGER,"
            " warnings INTEGER, infos INTEGER, file BLOB, body TEXT)"
        )
        self.n = 0
        self.totals: Counter = Counter()
        self.reports = 0  # documents, a file of none counted as one
        self.tokens: dict[str, set[str]] = {key: set() for key in FILTERS}
        self.evaluators: set[str] = set()  # named in the readable files

    def add(self, page: Page) -> None:
        """A slim page (`slim`), in input order."""
        body = {
            **{k: getattr(page, k) for k in ("file", "href", "status", "reason", "records")},
            "findings": page.findings,
            "decisions": [v.decision for v in page.views],
            "counts": dict(page.counts),
        }
        # The file's name as UTF-8 bytes: SQLite compares them as Python compares the str.
        key = page.file.encode("utf-8", "surrogatepass")
        self.db.execute(
            "INSERT INTO page VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                self.n,
                page.unreadable,
                page.errors,
                page.warnings,
                page.infos,
                key,
                json.dumps(body),
            ),
        )
        self.n += 1
        self.totals.update(page.counts)
        self.reports += max(1, page.documents)
        _tokens([page], self.tokens)
        if not page.unreadable:
            self.evaluators.update(r["evaluator"] for r in page.records if r.get("evaluator"))

    def ranked(self) -> _Rows:
        """The readable files, most errors first (then warnings, notices, the file's name)."""
        order = "errors DESC, warnings DESC, infos DESC, file"
        return _Rows(self.db, "unreadable = 0", order)

    def unreadable(self) -> _Rows:
        """The files not audited, in input order."""
        return _Rows(self.db, "unreadable = 1", "seq")

    def close(self) -> None:
        self.db.close()


class _Rows:
    """Pages of a PageIndex, read one at a time (a template may ask their number first)."""

    def __init__(self, db: Any, where: str, order: str) -> None:
        self.db, self.where, self.order = db, where, order

    def __len__(self) -> int:
        return self.db.execute(f"SELECT count(*) FROM page WHERE {self.where}").fetchone()[0]

    def __iter__(self) -> Iterator[Page]:
        rows = self.db.execute(f"SELECT body FROM page WHERE {self.where} ORDER BY {self.order}")
        for (body,) in rows:
            fields = json.loads(body)
            decisions, counts = fields.pop("decisions"), Counter(fields.pop("counts"))
            views = [_Decided(d) for d in decisions]
            yield Page(**fields, views=views, counts=counts)  # type: ignore[arg-type]


def slim(page: Page) -> Page:
    """What the index and the filters read of a page: the kinds of its findings (severity
    and check, once each) and every reading failure with its message (the index prints
    them), its decisions once each; no quotes, evidence or views. The counts stay whole."""
    findings: dict[Any, dict[str, Any]] = {}
    for i, f in enumerate(page.findings):
        if f["check"] == "extraction" and f["severity"] != "info":
            findings[i] = {"severity": f["severity"], "check": f["check"], "message": f["message"]}
        else:
            kind = (f["severity"], f["check"])
            findings.setdefault(kind, {"severity": kind[0], "check": kind[1], "message": None})
    return Page(
        file=page.file,
        href=page.href,
        status=page.status,
        reason=page.reason,
        records=[{k: r.get(k) for k in _SLIM_RECORD} for r in page.records],
        findings=list(findings.values()),
        views=[_Decided(d) for d in dict.fromkeys(v.decision for v in page.views)],  # type: ignore[misc]
        counts=page.counts,
    )


@dataclass(frozen=True)
class _Decided:
    decision: str  # all `Page.tokens("decision")` reads of a view


class _Pages:
    """Every file's page, made again from the outcomes as findings.html is written."""

    def __init__(self, result: BatchResult, decisions: Mapping[str, Any] | None) -> None:
        self.result, self.decisions = result, decisions

    def __len__(self) -> int:
        return len(self.result.outcomes)

    def __iter__(self) -> Iterator[Page]:
        return (make_page(o, self.decisions) for o in self.result.outcomes)


def evaluator_href(name: str) -> str:
    """The 第三方机构 summary page of an evaluator (a hash: names may not suit a file system)."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return f"{OPINIONS_DIR}/evaluator-{digest}.html"


def planned_pages(result: BatchResult) -> list[str]:
    """The site's files (relative to OUT) a run of `result` writes, known before writing."""
    files = [b.file for b in result.briefs] if result.spooled else [o.file for o in result.outcomes]
    return ["index.html", FINDINGS_PAGE, *(page_href(f) for f in files)]
