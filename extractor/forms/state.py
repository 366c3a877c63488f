"""What reading one form has gathered so far: the shared state every reader of the package writes.

A form is read row by row, and a row means what the rows above it set up: the
header's column roles, the level cells above, the funds block it is in, the
project of a table listing several. _State carries that, with the record being
filled (`report`) and the records a table listing several projects finished
before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Line, Quantity, Report
from .lists import settle


@dataclass
class _State:
    report: Report
    unit_scale: float = 1.0
    fund_roles: list[str] = field(default_factory=list)
    fund_cols: dict[int, str] = field(default_factory=dict)
    upper_fund_cols: dict[int, str] = field(default_factory=dict)  # 分值 | 得分 over the header
    ind_roles: list[str | None] = field(default_factory=list)
    ind_keys: list[str] = field(default_factory=list)  # the indicator header's words, by column
    l1: str | None = None
    l2: str | None = None
    cost_pairs: list[tuple[int, int]] = field(default_factory=list)
    cost_extra: dict[int, str] = field(default_factory=dict)
    cost_groups: list[str] = field(default_factory=list)  # each pair's label header
    cost_width: int = 0  # cells of the block's header row
    cost_section: str = ""  # the block's section label (年度重点工作任务), repeated on a new page
    block: int = 0
    split_col: int | None = None
    funds_weight: Quantity | None = None
    fused_mode: bool = False
    exec_weight: Quantity | None = None  # 执行率分值（10）: the funds total's weight
    in_indicators: bool = False
    done: bool = False
    # Tables listing several projects (lists)
    entity: dict[int, str] = field(default_factory=dict)  # column -> project/unit/amount/goal…
    list_unit: str | None = None
    list_started: bool = False
    activity: str | None = None
    fused_levels: bool = False  # 一级、二级指标 printed in the name cell ("产出指标质量指标…")
    pending: bool = False  # the current project's rows began before its name (a cut cell)
    fragments: list[str] = field(default_factory=list)  # the cut cell's scattered text
    prev_cells: set[str] = field(default_factory=set)  # entity roles the previous row filled
    row_start: tuple[int, int] = (0, 0)  # the current row's line, indicators before it
    explicit: dict[int, tuple[bool, bool]] = field(default_factory=dict)  # levels from own cells
    stray: list[Line] = field(default_factory=list)  # lines of level names cut out of their cells
    records: list[Report] = field(default_factory=list)  # projects finished before `report`
    first_line: dict[int, int] = field(default_factory=dict)  # id(report) -> its first row's line
    line: int = 0  # the line of the row being read

    def new_record(self) -> None:
        """The next project of a table listing several: a new record with the table's identity."""
        settle(self)
        old = self.report
        self.records.append(old)
        new = Report(file=old.file, sha256=old.sha256, pages=old.pages, format=old.format)
        new.title, new.kind, new.year, new.sheet = old.title, old.kind, old.year, old.sheet
        new.department = old.department
        new.unit = self.list_unit
        self.report = new
        self.first_line[id(new)] = self.line
        self.l1 = self.l2 = None
