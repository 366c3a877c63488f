"""What a publication's 说明 states, as data: changes, outturns, shares and item amounts.

The record side of extractor.statements (which reads them from the text): the
rules see these and the report, never the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Evidence, Quantity, Report

if TYPE_CHECKING:
    from .normalize import Squeezed


@dataclass
class Span:
    """A place in the report's running text, kept to give evidence later."""

    start: int
    end: int


@dataclass
class Change:
    """A stated change between two years' amounts (万元), or between a current amount and
    a stated increase or decrease."""

    span: Span
    current: Quantity
    base: Quantity | None = None  # printed base (PAIR); None when only the change is given
    step: Quantity | None = None  # printed 增加/减少 amount (万元)
    rate: Quantity | None = None  # printed percentage
    direction: int = 0  # +1 增加, -1 减少, 0 持平
    base_year: int | None = None
    current_year: int | None = None
    heading: Quantity | None = None  # the amount its item's heading gives, when in an item
    whole: Quantity | None = None  # the total a "其中：" list before `current` breaks down
    subject: str = ""  # what the amount is of, as printed just before it ("财政拨款收入")

    def currents(self) -> list[Quantity]:
        """What the change may speak of: the amount before it, or the total of its 其中 list."""
        return [self.current] + ([self.whole] if self.whole is not None else [])


@dataclass
class Outturn:
    """A 决算 against its budget: amounts, the stated completion rate and the verdict."""

    span: Span
    budget: Quantity
    outturn: Quantity
    full_budget: Quantity | None = None  # 全年预算, when printed beside 年初预算
    rate: Quantity | None = None
    rate_of: str | None = None  # 年初 / 全年 / None (as printed)
    verdict: str | None = None  # 大于 / 小于 / 等于 / 持平
    verdict_of: str | None = None  # 年初 / 全年 / None
    verdict_span: Span | None = None
    budget_label: str = "年初预算"  # what the text calls `budget`


@dataclass
class Share:
    """A part of a stated total with its printed share ("2106.66万元，占71.73%")."""

    span: Span
    part: Quantity
    rate: Quantity
    total: Quantity
    total_span: Span
    parts: list[Quantity] | None = None  # the total is the sum of these (no total printed)

    def total_range(self) -> tuple[float, float]:
        """The values the total may have: its printed interval, or the parts' summed ones."""
        if self.parts:
            return sum(p.low for p in self.parts), sum(p.high for p in self.parts)
        return self.total.low, self.total.high


@dataclass
class ItemAmount:
    """A subject item's heading amount against the 预算安排 its own text gives."""

    heading: Quantity
    heading_span: Span
    planned: Quantity
    planned_span: Span


@dataclass
class Statements:
    """Everything the 说明 states in these shapes, in text order."""

    changes: list[Change] = field(default_factory=list)
    outturns: list[Outturn] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    items: list[ItemAmount] = field(default_factory=list)
    squeezed: Any = None  # normalize.Squeezed of the report's text, kept for the rules


def evidence(report: Report, span: Span, pad: int = 15) -> Evidence:
    """The report's evidence for a statement's span."""
    return report.evidence_at(span.start, span.end, pad)


def squeezed(report: Report) -> Squeezed:
    """The report's text without whitespace, made once per report: the statement reader's when
    it made one, else made now and kept on the report for the next rule that reads prose."""
    from .normalize import Squeezed

    kept = report.statements.squeezed if report.statements is not None else None
    if kept is None or kept.source is not report.text:
        kept = report.__dict__.get("_squeezed")
    if kept is None or kept.source is not report.text:
        kept = Squeezed(report.text)
        report.__dict__["_squeezed"] = kept
    return kept


def at(sq: Squeezed, start: int, end: int) -> Span:
    """The span in the report's text of the squeezed text's [start, end)."""
    return Span(*sq.span(start, end))
