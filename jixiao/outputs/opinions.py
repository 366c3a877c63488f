"""审核意见: a print-ready page per report and a summary per 第三方机构 (evaluator).

For each readable file, OUT/opinions/<the name of its report page> holds the report's
identity, the findings the reviewer confirmed (decision 确认) with page, quote, 应为 /
实为 and message, and space for the reviewer's signature. Before anyone has decided
on a report's findings, the page is a draft (草稿（未复核）) listing its errors and
warnings, so the first run already gives something to work from.

One page per evaluator (OUT/opinions/evaluator-<hash>.html) is the 中介机构报告质量考核
view: per report and in total, the findings its opinion lists counted in the bureau's
categories (计分错误, 数据前后不一致, 评分与等级不符, 其他) and, given a scoring sheet
(`load_sheet`: category → points deducted per finding), the deduction each would cost.
A file flagged 重复报送 (duplicate_submission) is left out of the totals: counted once.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import sqlite3
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch import BatchResult
from ..review.fingerprint import document_label
from ..spool import Paths, temporary_database
from .atomic import atomic_write_text
from .findingview import UNDECIDED, FindingView, record_of
from .site import Page, environment, evaluator_href, make_page, slim

CATEGORIES = ("计分错误", "数据前后不一致", "评分与等级不符", "其他")
CATEGORY_OF_CHECK = {
    **dict.fromkeys(
        ("score_sum", "score_over_weight", "score_rate", "weight_total", "rubric"), "计分错误"
    ),
    **dict.fromkeys(
        (
            "restated_value",
            "amount_sum",
            "execution_rate",
            "questionnaire",
            "count_claim",
            "statistic_range",
        ),
        "数据前后不一致",
    ),
    "grade": "评分与等级不符",
}
EXAMPLE_SHEET = Path(__file__).resolve().parent.parent / "templates" / "scoring_sheet.toml"
DUPLICATE = "duplicate_submission"


def category(check: str) -> str:
    """The bureau's category of a check (其他 for those it does not score apart)."""
    return CATEGORY_OF_CHECK.get(check, "其他")


@dataclass(frozen=True)
class ScoringSheet:
    """The bureau's scoring sheet: points deducted per finding of each category."""

    points: dict[str, float]
    title: str = "评分表"

    def deduction(self, counts: Mapping[str, int]) -> float:
        return round(sum(self.points.get(c, 0) * n for c, n in counts.items()), 4)


def load_sheet(path: str | Path) -> ScoringSheet:
    """A scoring sheet from TOML or JSON: `title` (optional) and `[deductions]`, category → points.

    Raises ValueError (in Chinese) for a file it cannot read, a category not in CATEGORIES
    or points not a number ≥ 0.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        raise ValueError(f"评分表 {path} 无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"评分表 {path} 缺少 deductions（类别 = 每条扣分）")
    points = data.get("deductions")
    if not isinstance(points, dict) or not points:
        raise ValueError(f"评分表 {path} 缺少 deductions（类别 = 每条扣分）")
    for name, value in points.items():
        if name not in CATEGORIES:
            raise ValueError(f"评分表 {path}：未知类别“{name}”，应为 {'、'.join(CATEGORIES)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"评分表 {path}：“{name}”的扣分应为不小于 0 的数")
    return ScoringSheet(
        {k: int(v) if float(v).is_integer() else float(v) for k, v in points.items()},  # 2, not 2.0
        str(data.get("title") or "评分表"),
    )


@dataclass
class Opinion:
    """One file's 审核意见: the findings it lists, and whether it is still a draft."""

    page: Page
    draft: bool
    listed: list[FindingView]

    @property
    def title(self) -> str:
        return "审核意见" + (" 草稿（未复核）" if self.draft else "")

    @property
    def identity(self) -> list[tuple[str, Any]]:
        """文件, 项目, 单位, 年度, 评价机构, 总分/等级, 文件指纹; of a file of several documents
        only the file's own (its documents are in `documents`)."""
        first = self.page.first
        rows = [("文件", self.page.file)]
        if self.page.documents <= 1:
            rows += [(k, v) for k, v in document_facts(first).items() if k != "文档"]
        rows.append(("文件指纹", (first.get("sha256") or "")[:12]))
        return [(k, v) for k, v in rows if v not in (None, "")]

    @property
    def documents(self) -> list[dict[str, Any]]:
        """Each document of a file of several (forms in one PDF), with its identity."""
        if self.page.documents <= 1:
            return []
        return [document_facts(r) for r in self.page.records]

    def counts(self, record: int | None = None) -> Counter:
        """The listed findings by category, of one record (or of the whole file)."""
        views = self.listed
        if record is not None:
            views = [v for v in views if (record_of(v.finding, self.page.records) or 0) == record]
        return Counter(category(v.check) for v in views)


def document_facts(record: dict[str, Any]) -> dict[str, Any]:
    """The identity of one document as the 审核意见 names it."""
    score, grade = record.get("total_score"), record.get("grade")
    return {
        "项目": record.get("project") or record.get("title"),
        "单位": record.get("unit"),
        "年度": record.get("year"),
        "评价机构": record.get("evaluator"),
        "总分/等级": " / ".join(str(v) for v in (score, grade) if v not in (None, "")),
        "文档": document_label(record),
    }


def opinion(page: Page) -> Opinion:
    """Confirmed findings once any was decided on; before that a draft of errors and warnings."""
    if any(v.decision != UNDECIDED for v in page.views):
        return Opinion(page, False, [v for v in page.views if v.decision == "确认"])
    return Opinion(page, True, [v for v in page.views if v.severity in ("error", "warning")])


@dataclass
class EvaluatorRow:
    """One report of an evaluator in the summary."""

    opinion: Opinion
    record: dict[str, Any]
    counts: Counter
    deduction: float | None


@dataclass
class EvaluatorSummary:
    """One 第三方机构's reports, counted in the bureau's categories."""

    name: str
    href: str
    rows: list[EvaluatorRow] = field(default_factory=list)
    left_out: list[Page] = field(default_factory=list)  # duplicates, counted once elsewhere

    @property
    def total(self) -> Counter:
        out: Counter = Counter()
        for row in self.rows:
            out.update(row.counts)
        return out

    @property
    def deduction(self) -> float | None:
        """The deductions of all its reports, None without a scoring sheet."""
        values = [r.deduction for r in self.rows]
        if not values or None in values:
            return None
        return round(sum(v for v in values if v is not None), 4)


def summaries(opinions: Iterable[Opinion], sheet: ScoringSheet | None) -> list[EvaluatorSummary]:
    """Each named evaluator's reports (one row per document it evaluated), by name."""
    tally = Summaries(sheet)
    for op in opinions:
        tally.add(op)
    return tally.done()


SHOWN = ("project", "title", "year")  # the fields of a record an evaluator's summary prints


class Summaries:
    """The evaluator summaries, one opinion at a time (`add`, then `done`).

    A row keeps a slim copy of its opinion (jixiao.outputs.site.slim: no findings, no
    indicators); with `db` (a bulk run's: jixiao.spool.temporary_database) the rows go to
    disk as they come (`StoredRows`), so memory holds a summary per evaluator, not a row
    per report.
    """

    def __init__(self, sheet: ScoringSheet | None, db: sqlite3.Connection | None = None) -> None:
        self.sheet = sheet
        self.by_name: dict[str, EvaluatorSummary] = {}
        self.db = db
        if db is not None:
            db.execute("CREATE TABLE item (evaluator TEXT, kind TEXT, seq INTEGER, body BLOB)")
            db.execute("CREATE INDEX item_order ON item (evaluator, kind, seq)")

    def _summary(self, name: str) -> EvaluatorSummary:
        if name not in self.by_name:
            summary = EvaluatorSummary(name, evaluator_href(name))
            if self.db is not None:
                summary.rows = StoredRows(self.db, name, "row")  # type: ignore[assignment]
                summary.left_out = StoredRows(self.db, name, "left_out")  # type: ignore[assignment]
            self.by_name[name] = summary
        return self.by_name[name]

    def add(self, op: Opinion) -> None:
        duplicate = any(v.check == DUPLICATE for v in op.page.views)
        kept: Opinion | None = None
        for i, rec in enumerate(op.page.records):
            name = rec.get("evaluator")
            if not name:
                continue
            summary = self._summary(name)
            kept = kept or Opinion(slim(op.page), op.draft, [])
            if duplicate:
                summary.left_out.append(kept.page)
                continue
            counts = op.counts(i)
            cost = self.sheet.deduction(counts) if self.sheet is not None else None
            shown = {k: rec.get(k) for k in SHOWN}  # what the summary prints of a report
            summary.rows.append(EvaluatorRow(kept, shown, counts, cost))

    def done(self) -> list[EvaluatorSummary]:
        return [self.by_name[n] for n in sorted(self.by_name)]


class StoredRows:
    """An evaluator's rows (or pages left out) in a database, appended and read in order."""

    def __init__(self, db: sqlite3.Connection, name: str, kind: str) -> None:
        self.db, self.key, self.n = db, (name, kind), 0

    def append(self, item: Any) -> None:
        body = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)  # our own objects, read back by us
        self.db.execute("INSERT INTO item VALUES (?, ?, ?, ?)", (*self.key, self.n, body))
        self.n += 1

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[Any]:
        rows = self.db.execute(
            "SELECT body FROM item WHERE evaluator = ? AND kind = ? ORDER BY seq", self.key
        )
        return (pickle.loads(body) for (body,) in rows)


def _sheet(sheet: ScoringSheet | str | Path | None) -> ScoringSheet | None:
    return load_sheet(sheet) if isinstance(sheet, str | Path) else sheet


def _readable(result: BatchResult, decisions: Mapping[str, Any] | None) -> Iterator[Page]:
    """The readable files' pages, one at a time (outcomes are read as a stream)."""
    return (p for p in (make_page(o, decisions) for o in result.outcomes) if not p.unreadable)


def write_opinions(
    out: Path,
    result: BatchResult,
    decisions: Mapping[str, Any] | None = None,
    sheet: ScoringSheet | str | Path | None = None,
) -> Paths:
    """Write OUT/opinions/: a 审核意见 page per readable file and a summary per evaluator.

    Each page is written as its file comes; an evaluator's summary keeps the counts of its
    reports and a slim copy of their pages (`Summaries`)."""
    env = environment()
    scoring = _sheet(sheet)
    written = Paths()  # on disk, a page's path a line
    with contextlib.closing(temporary_database()) as db:
        tally = Summaries(scoring, db)
        tpl = env.get_template("opinion.html.j2")
        for op in (opinion(p) for p in _readable(result, decisions)):
            dest = out / op.page.opinion_href
            atomic_write_text(dest, tpl.render(op=op))
            written.append(dest)
            tally.add(op)
        tpl = env.get_template("evaluator.html.j2")
        for summary in tally.done():
            dest = out / summary.href
            atomic_write_text(dest, tpl.render(s=summary, sheet=scoring, categories=CATEGORIES))
            written.append(dest)
    return written


def planned_opinions(result: BatchResult) -> list[str]:
    """The 审核意见 files (relative to OUT) a run of `result` writes, known before writing."""
    hrefs, names = [], set()
    for p in _readable(result, None):
        hrefs.append(p.opinion_href)
        names.update(r["evaluator"] for r in p.records if r.get("evaluator"))
    return [*hrefs, *(evaluator_href(n) for n in sorted(names))]
