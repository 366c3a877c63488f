"""The typed model shared by every stage: a loaded Document and the Report read from it.

A Document is what a file says, laid out (lines and tables with their page and
line); a Report is what it means (scores, funds, claims), every value carrying
the Evidence a person needs to find it again in the original.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .printed import printed_step, record_number
from .units import EXACT_UNITS

if TYPE_CHECKING:
    from .budget.model import BudgetTable
    from .columntotals import ColumnTotal
    from .itemfunds import ItemFunds


@dataclass(frozen=True)
class Evidence:
    """Where a value was read: page (None for formats without pages), line and the text."""

    page: int | None
    line: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "line": self.line, "quote": self.quote}


@dataclass(frozen=True)
class Quantity:
    """A number as printed: its value in base units and the precision it was printed with.

    `scale` is the factor from the printed number to `value` (10000 for 万元), so the
    printed rounding step in base units is `10**-decimals * scale`.
    """

    value: float
    raw: str
    decimals: int = 0
    unit: str = ""
    scale: float = 1.0
    exact: bool = False  # a set value (a weight), not a rounded one

    @property
    def half_step(self) -> float:
        """Half of the last printed digit, in base units: the rounding uncertainty.

        Weights and whole counts are set values, not rounded ones: a weight of
        "7" means 7, while a score "9", "99%" or "170 万元" may be rounded.
        """
        if self.exact or (self.decimals == 0 and self.scale == 1.0 and self.unit in EXACT_UNITS):
            return 0.0
        return 0.5 * 10 ** (-self.decimals) * self.scale

    @property
    def low(self) -> float:
        return self.value - self.half_step

    @property
    def high(self) -> float:
        return self.value + self.half_step


def as_set_value(q: Quantity | None) -> Quantity | None:
    """The same quantity marked as a set value (a weight), compared exactly."""
    if q is None or q.exact:
        return q
    from dataclasses import replace

    return replace(q, exact=True)


@dataclass
class Line:
    """One line of text as read, with its 1-based page and line number."""

    text: str
    page: int | None
    number: int
    raw: str | None = None  # the text before words were re-joined ("高 高" may be two cells)
    # Set when the line is a row of a table already read (a grid the format drew, or a row typed
    # as text: pipes, padded spaces, one cell per line); [] for a line that only continues a row
    # begun on an earlier line. Prose readers take such lines as table rows, not sentences.
    cells: list[str] | None = None
    # Where the format gives positions (PDF): the line's box (x0, top, x1, bottom) in points and
    # its spans, runs of text separated by wide gaps, as (x0, x1, text).
    box: tuple[float, float, float, float] | None = None
    spans: list[tuple[float, float, str]] | None = None


@dataclass
class Row:
    """One table row: its cells as text, and where the row starts."""

    cells: list[str]
    page: int | None
    line: int | None
    # The row as its line prints ("a | b", padded spaces), when the cells were split from one.
    printed: str | None = None

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def evidence(self) -> Evidence:
        """Where the row is, quoted as printed (a pipe or space-separated line as it reads)."""
        return Evidence(self.page, self.line, (self.printed or self.text).strip())


@dataclass
class Table:
    """A table as laid out in the file: a header row and body rows, possibly over pages."""

    rows: list[Row]
    caption: str | None = None
    source: str = "grid"  # grid (pdf/docx/tsv) | spaced (cells run together) | stacked
    unplaced: list[Line] = field(default_factory=list)  # its lines no row could be made of

    @property
    def header(self) -> list[str]:
        return self.rows[0].cells if self.rows else []

    @property
    def body(self) -> list[Row]:
        return self.rows[1:]

    @property
    def page(self) -> int | None:
        return self.rows[0].page if self.rows else None


@dataclass
class Document:
    """A file read into lines and tables; what every parser works from."""

    path: str
    format: str
    pages: int
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    sha256: str = ""
    sheets: list[str] = field(default_factory=list)  # sheet names: page N is sheet N


@dataclass
class Indicator:
    """One row of a score table at any level (1 = 一级 … 3 = 三级)."""

    level: int
    name: str
    code: str | None = None
    parent: str | None = None
    weight: Quantity | None = None
    score: Quantity | None = None
    rate: Quantity | None = None
    benchmark: str | None = None
    actual: str | None = None
    rubric: str | None = None
    explanation: str | None = None
    process: str | None = None
    sub_items: list[SubItem] = field(default_factory=list)
    evidence: Evidence | None = None
    table: str | None = None
    score_from_summary: bool = False  # the detailed table printed no score; a summary table did
    # A row of a report's indicator tree (set by scoretree.build_tree): its level1/level2 are the
    # names of its ancestors, not a form's columns, and the record carries only those two of them.
    in_tree: bool = False
    # Form fields (self-assessment forms and target tables)
    level1: str | None = None
    level2: str | None = None
    operator: str | None = None
    target_value: Quantity | None = None
    unit: str | None = None
    actual_value: Quantity | None = None
    reason: str | None = None
    nature: str | None = None  # 正向 / 反向 / 定性 / 定量 as printed
    method: str | None = None  # 得分计算方法 as printed
    forecast: str | None = None  # a monitoring form's 全年预计完成 value, as printed

    def to_dict(self) -> dict[str, Any]:
        """The record's indicator: the base fields, then its ancestors (a report's tree) or
        the form's own columns (self-assessment forms and target tables)."""
        out = self._base_dict()
        if self.in_tree:
            out.update({"level1": self.level1, "level2": self.level2})
        elif any(v is not None for v in self._form_columns()):
            out.update(
                {
                    "level1": self.level1,
                    "level2": self.level2,
                    "operator": self.operator,
                    "target": self.benchmark,
                    "target_value": record_number(self.target_value),
                    "unit": self.unit,
                    "actual_value": record_number(self.actual_value),
                    "reason": self.reason,
                    "nature": self.nature,
                }
            )
        return out

    def _form_columns(self) -> tuple[Any, ...]:
        """What only a form's row has (a 定性 row may have neither level nor operator nor unit)."""
        return (self.level1, self.level2, self.operator, self.unit, self.nature, self.target_value)

    def _base_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "name": self.name,
            "parent": self.parent,
            "weight": record_number(self.weight),
            "score": record_number(self.score),
            "rate": record_number(self.rate),
            "benchmark": self.benchmark,
            "actual": self.actual,
            "rubric": self.rubric,
            "page": self.evidence.page if self.evidence else None,
            "line": self.evidence.line if self.evidence else None,
            "quote": self.evidence.quote if self.evidence else None,
        }


@dataclass
class FundsRow:
    """One row of a form's funds block, as printed (amounts in yuan, rate 0–100)."""

    label: str
    initial: Quantity | None = None
    budget: Quantity | None = None
    spent: Quantity | None = None
    weight: Quantity | None = None
    rate: Quantity | None = None
    score: Quantity | None = None
    evidence: Evidence | None = None
    rate_raw: str | None = None
    block: int = 0  # rows of one block add up to the block's total row
    parent: str | None = None  # a part listed inside another row ("其中：上级财政资金…")
    extra: dict[str, Quantity] = field(
        default_factory=dict
    )  # other amount columns (e.g. past years)
    group: str | None = None  # the header of its label column (收入来源, 按预算级次划分…)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "initial_yuan": record_number(self.initial),
            "budget_yuan": record_number(self.budget),
            "spent_yuan": record_number(self.spent),
            **{
                f"{k}_yuan_step": printed_step(getattr(self, k))
                for k in ("initial", "budget", "spent")
            },
            "weight": record_number(self.weight),
            "rate": record_number(self.rate),
            "score": record_number(self.score),
        }


@dataclass
class SubItem:
    """A scored part of an indicator (①…（2分） with its 分值 and 实际得分)."""

    text: str
    weight: Quantity | None
    score: Quantity | None


@dataclass
class ScoreTable:
    """A score table as printed: its caption, level and rows (kept apart from the tree)."""

    caption: str | None
    kind: str  # detailed | summary | items
    rows: list[Indicator]


@dataclass
class Target:
    """One row of a 绩效目标表: the indicator and its target with operator."""

    level1: str | None
    level2: str | None
    name: str
    target: str
    operator: str | None
    value: Quantity | None
    date: tuple[int, int] | None = None
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "target": self.target,
            "operator": self.operator,
            "target_value": record_number(self.value)
            if self.value
            else (f"{self.date[0]:02d}-{self.date[1]:02d}" if self.date else None),
            "unit": "date" if self.date else (self.value.unit or None) if self.value else None,
        }


@dataclass
class Claim:
    """A fact stated in prose or a key-information table, with its evidence.

    `kind` names the quantity (total_score, grade, budget, spent, execution_rate,
    issued, indicator_weight, self_assessed, …); `subject` says what it is about
    (an indicator's name, a question), when it is about something.
    """

    kind: str
    value: Quantity | None
    evidence: Evidence
    subject: str | None = None
    text: str | None = None


@dataclass
class SurveyQuestion:
    """A question's option shares as printed, with the sample size they claim."""

    question: str
    n: int | None
    shares: list[tuple[str, Quantity]]
    evidence: Evidence
    multiple_choice: bool = False


@dataclass
class DateMention:
    """A date or year in the text, with the sentence around it."""

    year: int
    month: int | None
    day: int | None
    evidence: Evidence


@dataclass
class Report:
    """Everything read from one document: identity, funds, scores, targets and claims."""

    file: str
    sha256: str
    pages: int
    format: str
    kind: str = "project"
    title: str | None = None
    project: str | None = None
    year: int | None = None
    unit: str | None = None
    department: str | None = None
    commissioner: str | None = None
    evaluator: str | None = None
    report_date: str | None = None
    total_score: Quantity | None = None
    grade: str | None = None
    grade_bands: list[tuple[str, float]] | None = None
    indicators: list[Indicator] = field(default_factory=list)
    funds_rows: list[FundsRow] = field(default_factory=list)
    weight_total: Quantity | None = None
    group_weights: list[tuple[str, Quantity, Evidence | None]] = field(default_factory=list)
    score_tables: list[ScoreTable] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    survey: list[SurveyQuestion] = field(default_factory=list)
    spending: list[tuple[str, Quantity, Evidence]] = field(default_factory=list)
    spending_total: tuple[Quantity, Evidence] | None = None
    dates: list[DateMention] = field(default_factory=list)
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    # Parts the document names (caption, column words, codes) that gave no rows: (what, where).
    unread: list[tuple[str, Evidence]] = field(default_factory=list)
    # The score table (or a form's indicator rows) was read in part or wrong (many more codes
    # printed than indicators read, rows without a name, names that are pieces of cut cells,
    # target values but no indicator): the rules that read its rows do not run.
    tree_partial: bool = False
    # A form prints its funds total row but the reader gave none: the sums that add the funds'
    # 分值 and 得分 (FORM-SCORE-SUM, FORM-WEIGHT-SUM) do not run.
    funds_partial: bool = False
    page_start: int | None = None
    page_end: int | None = None
    sheet: str | None = None
    goal: str | None = None  # a form's 年度绩效目标 / 年度总体目标 text, as printed
    declared_empty: bool = False  # the publication says this table is empty on purpose (不涉及)
    flow: Any = None  # normalize.Flow: maps positions in `text` back to lines
    statements: Any = None  # prose.Statements: what a publication's 说明 states (publications)
    # A publication's standard tables (收支总表 … 三公经费表) read as data (extractor/budget/).
    budget_tables: list[BudgetTable] = field(default_factory=list)
    item_funds: ItemFunds | None = None  # a funds table by item (reports), as data
    # Amount and count columns of numbered list tables closed by a 合计 row (extractor/columntotals).
    column_totals: list[ColumnTotal] = field(default_factory=list)
    # Years in the running text that name this project or its targets: (year, start, end).
    year_mentions: list[tuple[int, int, int]] = field(default_factory=list)
    # Tables the publication's 目录 lists that it never prints: (the 目录 line, the name).
    missing_tables: list[tuple[Line, str]] = field(default_factory=list)

    def evidence_at(self, start: int, end: int, pad: int = 15) -> Evidence:
        """Evidence for text[start:end] of the running text: its line and a quote around it."""
        quote = self.text[max(0, start - pad) : end + pad].replace("\n", " ").strip()
        if self.flow is None or not self.flow.origin:
            return Evidence(None, None, quote)
        line = self.flow.lines[self.flow.origin[min(start, len(self.flow.origin) - 1)]]
        return Evidence(line.page, line.number, quote)

    # -- views --------------------------------------------------------------
    def claims_of(self, kind: str) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind]

    def first(self, kind: str) -> Claim | None:
        found = self.claims_of(kind)
        return found[0] if found else None

    def first_value(self, kind: str) -> float | None:
        claim = self.first(kind)
        return claim.value.value if claim and claim.value else None

    def whole_value(self, kind: str) -> float | None:
        """The first statement about the whole project: one narrowed to a part (a subject such
        as "应急资金") is not the project's budget or rate while the whole is stated too."""
        claim = self.whole(kind)
        return claim.value.value if claim and claim.value else None

    def whole(self, kind: str) -> Claim | None:
        claims = self.claims_of(kind)
        return next((c for c in claims if not c.subject), claims[0] if claims else None)

    def to_dict(self) -> dict[str, Any]:
        """The record of CONTRACT.md (plus extra keys), JSON-ready (`extractor.record`)."""
        from .record import report_record

        return report_record(self)


__all__ = [
    "Claim",
    "DateMention",
    "Document",
    "Evidence",
    "Indicator",
    "Line",
    "Quantity",
    "Report",
    "Row",
    "ScoreTable",
    "SubItem",
    "SurveyQuestion",
    "Table",
    "Target",
    "asdict",
]
