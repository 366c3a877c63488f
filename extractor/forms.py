"""Self-assessment forms (绩效自评表) and target tables (绩效目标表): one record per form.

A form is found by its title and read by its header words, not by a fixed
layout: the national form, the provincial variants and the department-wide
form name their columns differently but mean the same things. A file may hold
many forms (a 决算 publication, a workbook); each becomes its own record with
its page range or sheet.

Two readings of the cells: rows with column positions (PDF, DOCX, XLSX, HTML,
text with "|"), and a flat stream of cells (one per line, or run together with
spaces), where merged and empty cells are gone and values are placed by type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from .formfind import Segment, find_forms, outside, preamble, title_of
from .model import (
    Claim,
    Document,
    Evidence,
    FundsRow,
    Indicator,
    Line,
    Quantity,
    Report,
    as_set_value,
)
from .normalize import canon, clean_line
from .numbers import AMOUNT_SCALE, operator_of, parse_date, quantity, to_int
from .publication import Cover
from .units import YUAN_ALT

# -- vocabulary -------------------------------------------------------------------------------

IDENTITY = {
    "项目名称": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "主管预算部门": "department",
    "实施单位": "unit",
    "实施单位（盖章）": "unit",
    "项目实施单位": "unit",
    "项目单位": "unit",
    "一级预算单位名称": "unit",
    "市县主管部门": "department",
    "部门（单位）名称": "unit",
    "部门名称": "unit",
    "单位名称": "unit",
}
IDENTITY = {canon(k): v for k, v in IDENTITY.items()}
FUND_COLUMNS = [
    ("年初预算数", "initial"),
    ("年初预算", "initial"),
    ("全年预算数", "budget"),
    ("全年（调整）预算数", "budget"),
    ("调整后预算数", "budget"),
    ("调整预算数", "budget"),
    ("预算数", "budget"),
    ("全年执行数", "spent"),
    ("全年预计执行数", "forecast"),
    ("预算执行数", "spent"),
    ("执行数", "spent"),
    ("执行率权重", "weight"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("执行率得分", "score"),
    ("预算执行率", "rate"),
    ("执行率", "rate"),
    ("得分计算方法", "method"),
    ("得分", "score"),
    ("原因", "reason"),
]
FUND_LABEL = re.compile(
    r"^(?:其中[:：])?\s*(?:年度资金总额|年度总金额|资金总额|项目资金总额|年度资金申请总额|总额|年度财政资金总额|"
    r"当年财政拨款|本年财政拨款|本年一般公共预算拨款|一般公共预算拨款|财政拨款|财政资金|上年结转资金|上年结转|其他资金|"
    r"财政专户管理资金|单位资金|基本支出|项目支出|自有资金|其他|上级财政资金|本级财政|一般公共预算|政府性基金拨款|"
    r"纳入专户管理的非税收入拨款|中央补助|自治区补助|省级补助|市县资金|市级资金|县级资金|"
    rf"项目预算金额(?:\((?:{YUAN_ALT})\))?|当年预算|市级支出|补助区县|实施期资金总额|年度预算资金总额)[:：]?$"
)
EXPENSE_LABELS = {"基本支出", "项目支出"}
FUND_FUSED = re.compile(
    r"^(?:其中[:：])?\s*(?P<label>一般公共预算|政府性基金拨款|纳入专户管理的非税收入拨款|其他资金|基本支出|项目支出|财政拨款|"
    rf"上级财政资金|本级财政|当年财政拨款|上年结转资金)[:：]\s*(?P<amount>-?[\d,]+(?:\.\d+)?\s*(?:{YUAN_ALT})?)?$"
)
COST_HEADER = re.compile(r"成本构成|收入构成|支出构成")
INDICATOR_COLUMNS = [
    ("一级指标", "l1"),
    ("二级指标", "l2"),
    ("三级指标", "name"),
    ("指标名称", "name"),
    ("指标内容", "name"),
    ("指标解释", "explanation"),
    ("指标值说明", "note"),
    ("计算符号", "nature"),
    ("当年预期实现值", "target"),
    ("目标值", "target"),
    ("指标", "l1"),
    ("指标性质", "nature"),
    ("年度指标值", "target"),
    ("年度(/项目)指标值", "target"),
    ("年初指标值", "target"),
    ("年初目标值", "target"),
    ("调整指标值", "adjusted"),
    ("指标值", "target"),
    ("度量单位", "unit"),
    ("计量单位", "unit"),
    ("实际完成值", "actual"),
    ("全年完成值", "actual"),
    ("全年实际值", "actual"),
    ("完成值", "actual"),
    ("得分系数", "coef"),
    ("指标权重", "weight"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("指标得分", "score"),
    ("得分计算方法", "method"),
    ("得分", "score"),
    ("偏差原因", "reason"),
    ("未完成原因", "reason"),
    ("原因分析", "reason"),
    ("原因说明", "reason"),
    ("说明", "reason"),
    ("是否核心指标", "core"),
    ("是否核心", "core"),
    ("执行数", "actual"),
    ("全年预计执行数", "forecast"),
    ("完成目标可能性", "likelihood"),
    ("绩效指标性质", "nature"),
    ("指标值类型", "nature"),
    ("本年绩效指标值", "target"),
    ("实施周期指标值", "target_midterm"),
    ("绩效度量单位", "unit"),
    ("指标值内容", "explanation"),
    ("评分标准", "rubric"),
    ("扣分标准", "rubric"),
    ("分值权重", "weight"),
    ("备注", "remark"),
]
LEVEL1 = {"产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "效果指标"}
LEVEL2_WORDS = (
    r"(?:数量指标|质量指标|时效指标|成本指标|经济成本指标|社会成本指标|生态环境成本指标|经济效益指标|社会效益指标|"
    r"生态效益指标|可持续影响指标|服务对象满意度指标等?|社会公众满意度指标|满意度指标|过程指标)"
)
LEVEL2 = re.compile(rf"^{LEVEL2_WORDS}$")
FUSED_LEVELS = re.compile(
    rf"^(?P<l1>产出指标|效益指标|满意度指标|成本指标)(?P<l2>{LEVEL2_WORDS})(?P<name>.+)$"
)
TOTAL = re.compile(r"^(?:总分|合计|总\s*计)[:：]?$")
END = re.compile(
    r"^(?:评价结论|存在问题|改进措施|其他需要说明事项|项目负责人|偏差大或目标未完成原因分析|改进措施及结果应用方案)"
)
PLACEHOLDER = {
    "",
    "/",
    "—",
    "-",
    "－",
    "——",
    "无",
    "……",
    "…",
    "空",
    "\\",
    "不适用",
    "不涉及",
    "暂无",
    "无此项",
}
GRADES = {
    "优": "优",
    "优秀": "优",
    "良": "良",
    "良好": "良",
    "中": "中",
    "合格": "中",
    "差": "差",
    "不合格": "差",
}


@dataclass
class Cell:
    text: str
    page: int | None
    line: int | None


# -- rows -----------------------------------------------------------------------------------


class FormRow(list):
    """A row of cells; `grid` when its cells keep their column positions (PDF, DOCX, sheets, HTML)."""

    grid: bool = False
    structured: bool = False  # cells in their columns: a grid row or a text copy's "|" row
    source: Line | None = None  # the line it was read from


def _rows(seg: Segment) -> tuple[list[FormRow], bool]:
    """The segment's cells by row, and whether rows keep their column positions."""
    rows: list[FormRow] = []
    structured = 0
    nonempty = 0
    ruled = any(ln.cells and ln.box is None for ln in seg.lines)
    for ln in seg.lines:
        text = ln.text
        if not text.strip():
            continue
        nonempty += 1
        if ruled and ln.cells is None and ln.box is not None and "\t" in text:
            # A line of text between the rows of a ruled table whose pieces stand apart (a
            # merged cell's text a page break cut out: "标\t标"): text, not a row.
            text = text.replace("\t", " ")
        grid = "\t" in text
        if grid:
            cells = text.split("\t")
            structured += 1
        elif "|" in text:
            cells = [c.strip() for c in text.split("|")]
            structured += 1
        else:
            cells = [(ln.raw or text).strip()]
        row = FormRow(
            Cell(clean_line(c).strip() if grid or "|" in text else c, ln.page, ln.number)
            for c in cells
        )
        row.grid = grid
        row.structured = grid or "|" in text
        row.source = ln
        rows.append(row)
    return rows, structured >= max(3, nonempty // 3)


def _flat_tokens(rows: list[list[Cell]]) -> list[Cell]:
    """A flat stream: every non-empty cell, spaces splitting cells run together."""
    out: list[Cell] = []
    for row in rows:
        for cell in row:
            for part in re.split(r"\s+", cell.text.strip()):
                part = clean_line(part).strip()
                if part:
                    out.append(Cell(part, cell.page, cell.line))
    return out


# -- values ---------------------------------------------------------------------------------

_MEASURE = re.compile(r"^(?P<pre>.*?)(?P<num>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>[^\d]*?)\s*$")
_UNIT_ALIASES = {"百分比": "%", "％": "%", "(%)": "%", "（%）": "%", "百分点": "个百分点"}


# A deadline or a period, not a quantity: "7月底前", "12月31日前", "次年2月份前", "3个月内", "24小时内".
DEADLINE = re.compile(
    r"\d{1,2}\s*月(?:份)?(?:\s*\d{1,2}\s*日)?\s*(?:底)?\s*(?:前|之前|以前)|"
    r"\d+\s*(?:个月|小时|天|日|工作日|周)\s*内(?:完成)?$"
)


@dataclass
class Measure:
    operator: str | None
    value: Quantity | None
    unit: str | None


def parse_measure(text: str | None) -> Measure:
    """ "≥50个" → (≥, 50, 个); "=100.00(%)" → (=, 100.00, %); "每亩300元" → (None, 300, 元/亩); "有效" → (None, None, None)."""
    if not text:
        return Measure(None, None, None)
    t = clean_line(text).strip()
    if t in PLACEHOLDER or DEADLINE.search(t):
        return Measure(None, None, None)
    op = operator_of(t)
    m = _MEASURE.match(t)
    if not m or (len(re.findall(r"\d+(?:\.\d+)?", t)) > 1 and not re.search(r"\d/\S", t)):
        return _same_measures(t) or Measure(op, None, None)
    pre, unit = m.group("pre"), m.group("unit").strip()
    if re.fullmatch(r"[(（].*[)）]", unit):
        unit = unit[1:-1]
    unit = re.sub(r"(以上|以下|以内|及以上|以前|之前|之内)$", "", unit)
    unit = _UNIT_ALIASES.get(unit, unit)
    if any(len(re.sub(r"[^\p{Han}]", "", part)) > 4 for part in unit.split("/")):
        return Measure(op, None, None)  # a number inside a phrase ("至少1次矫正人员的集中活动")
    per = re.search(r"每([\p{Han}]{1,2})$", pre)
    if per and unit:
        unit = f"{unit}/{per.group(1)}"
    if re.search(
        r"[\p{Han}]{2,}",
        re.sub(
            r"(不低于|不高于|不少于|不超过|大于|小于|等于|达到|至少|全年|年度|累计|每[\p{Han}]{1,2})",
            "",
            pre,
        ),
    ):
        return Measure(op, None, None)  # a number inside a sentence, not a measure
    value = quantity(m.group("num").replace(",", ""), unit or "")
    return Measure(op, value, unit or None)


_PART_MEASURE = re.compile(
    r"(?P<op>[≥≤=＞＜<>]|不低于|不少于|不高于|不超过)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[\p{Han}%]{1,3})"
)


def _same_measures(text: str) -> Measure | None:
    """Several targets in one cell that all say the same ("项目立项数量≥400个；项目终验数量≥400个"):
    that one measure."""
    parts = {
        (operator_of(m.group("op")), m.group("num"), m.group("unit"))
        for m in _PART_MEASURE.finditer(text)
    }
    if len(parts) != 1 or len(re.findall(r"\d+(?:\.\d+)?", text)) != len(
        _PART_MEASURE.findall(text)
    ):
        return None
    op, num, unit = parts.pop()
    return Measure(op, quantity(num, unit), unit)


def _number(text: str) -> Quantity | None:
    t = clean_line(text).strip().replace(",", "")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", t):
        return quantity(t)
    return None


def _percent(text: str) -> Quantity | None:
    t = clean_line(text).strip()
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%", t)
    return quantity(m.group(1), "%") if m else None


def _is_value(text: str) -> bool:
    t = clean_line(text).strip()
    return t in PLACEHOLDER or bool(re.fullmatch(rf"-?[\d,]+(?:\.\d+)?\s*(?:%|{YUAN_ALT})?", t))


# -- the form -------------------------------------------------------------------------------


@dataclass
class _State:
    report: Report
    unit_scale: float = 1.0
    fund_roles: list[str] = field(default_factory=list)
    fund_cols: dict[int, str] = field(default_factory=dict)
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
    # Tables listing several projects (extractor/formlists.py)
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
        from .formlists import settle

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


def parse_forms(seg: Segment, doc: Document, cover: Cover | None = None) -> list[Report]:
    """The records of one form segment: one form, or one per project of a table listing several."""
    report = Report(file=doc.path, sha256=doc.sha256, pages=doc.pages, format=doc.format)
    report.title = seg.title
    report.kind = _kind(seg.title)
    report.year = form_year(seg, cover)
    if doc.sheets:
        report.sheet = seg.sheet
    rows, structured = _rows(seg)
    state = _State(report, unit_scale=_stated_scale(seg, cover))
    state.first_line[id(report)] = seg.lines[0].number
    if structured:
        heads = _headers(rows)
        for i, row in enumerate(rows):
            state.line = row[0].line or 0 if row else 0
            head = heads.get(i, ())
            if isinstance(head, ColumnFunds):
                _read_column_funds(head, rows, state)
                continue
            _read_row(row, state, head)
    else:
        from .flatforms import read_flat

        read_flat(_flat_tokens(rows), state)
    if state.stray:
        _stray_levels(state)
    if state.entity:
        from .formlists import settle

        settle(state)
    records = [*state.records, state.report]
    for rec in records:
        _backfill_levels(rec, state)
        _finish(rec, seg, state, doc, records)
        _give_exec_weight(rec, state.exec_weight)
    return records


def _backfill_levels(rec: Report, st: _State) -> None:
    """The first rows of a table with no level cells, before the first row that has them: a
    merged level cell whose text the PDF printed at its middle row. They are of that level."""
    inds = rec.indicators
    k = next((i for i, ind in enumerate(inds) if ind.level1 or ind.level2), None)
    if not k or not st.explicit.get(id(inds[k]), (False, False))[0]:
        return
    for ind in inds[:k]:
        ind.level1, ind.level2 = inds[k].level1, inds[k].level2
        ind.parent = ind.level2 or ind.level1


def _stated_scale(seg: Segment, cover: Cover | None) -> float:
    """The money unit the form states above its indicators ("资金金额(万元)", "单位：万元"), which
    may be printed a row below its first amount (a merged label cell centred on its rows);
    else the publication's."""
    head = []
    for ln in seg.lines:
        if re.search(r"三级指标|指标名称", ln.text):
            break
        head.append(ln.text)
    text = canon(" ".join(head))
    if re.search(r"\(万元\)|单位:万元", text):
        return 1e4
    if re.search(r"\(元\)|单位:元", text):
        return 1.0
    return (cover.money_scale if cover else None) or 1.0


TOTAL_FUNDS = {
    "年度资金总额",
    "实施期资金总额",
    "年度预算资金总额",
    "资金总额",
    "项目资金总额",
    "金额合计",
    "合计",
    "总额",
}


def _give_exec_weight(rec: Report, weight: Quantity | None) -> None:
    """The 执行率分值 printed beside the funds is the weight of the funds total row."""
    if weight is None or not rec.funds_rows:
        return
    total = next(
        (f for f in rec.funds_rows if canon(f.label).rstrip(":") in TOTAL_FUNDS),
        rec.funds_rows[0],
    )
    if total.weight is None:
        total.weight = weight


def parse_form(seg: Segment, doc: Document, cover: Cover | None = None) -> Report:
    """One form into a Report of kind self_assessment or targets (the first, for a table
    listing several projects)."""
    return parse_forms(seg, doc, cover)[0]


def _finish(rec: Report, seg: Segment, st: _State, doc: Document, records: list[Report]) -> None:
    """A record's lines, text, pages and derived facts, once all its rows are read."""
    if len(records) == 1:
        rec.lines = seg.lines
    else:
        # The title and header lines, then the record's own rows.
        start = st.first_line[id(rec)]
        k = records.index(rec)
        end = st.first_line[id(records[k + 1])] if k + 1 < len(records) else None
        head_end = st.first_line[id(records[0])] if k else start
        rec.lines = [
            ln
            for ln in seg.lines
            if ln.number < head_end or (ln.number >= start and (end is None or ln.number < end))
        ]
    rec.text = "\n".join(ln.text for ln in rec.lines)
    pages = [ln.page for ln in rec.lines if ln.page is not None]
    if not doc.sheets and pages:
        own = [
            ln.page
            for ln in rec.lines
            if ln.page is not None and ln.number >= st.first_line[id(rec)]
        ]
        rec.page_start, rec.page_end = min(own or pages), max(own or pages)
    _fused_total(rec)
    title = rec.title or ""
    if "部门整体" in title or ("部门" in title and not re.search(r"项目|专项", title)):
        rec.unit = rec.unit or rec.department
        rec.department = rec.department or rec.unit
    _derive_claims(rec)


def _headers(rows: list[FormRow]) -> dict[int, list[str] | ColumnFunds | None]:
    """Indicator headers printed over several rows, merged (see formlists.stacked_headers),
    and funds printed as columns under a two-row header (see ColumnFunds)."""
    from .formlists import stacked_headers

    keys = [[canon(c.text) for c in row] for row in rows]
    grid = [getattr(r, "structured", False) for r in rows]
    out: dict[int, list[str] | ColumnFunds | None] = dict(
        stacked_headers(keys, grid, _is_indicator_header, _labelled_row)
    )
    for r in range(len(rows) - 1):
        if r in out or not grid[r] or not grid[r + 1]:
            continue
        block = _column_funds(keys, r)
        if block is not None:
            out[r] = block
            out[r + 1] = None
            if block.values is not None:
                out[block.values] = None
    return out


def _labelled_row(keys: list[str]) -> bool:
    """A row of the form's identity, goal or money block ("部门名称 | …", "整体绩效目标 | …",
    "总体资金情况（万元） | 预算支出总额 | …"): never part of the indicator header."""
    first = next((k for k in keys if k), "")
    return bool(
        IDENTITY.get(first.rstrip(":："))
        or GOAL_LABEL.match(first)
        or re.search(r"资金情况|项目资金|资金金额", first)
    )


COLUMN_FUND_WORDS = {"预算支出总额", "资金总额", "年度资金总额", "财政拨款", "其他资金"}
COLUMN_FUND_SUB = {"合计", "基本支出", "项目支出"}


@dataclass
class ColumnFunds:
    """Funds printed as columns (Beijing 部门整体支出绩效目标表): a row of kinds of money
    (预算支出总额 | 财政拨款 | 其他资金), a row under it splitting each (合计 | 基本支出 | 项目支出),
    and the amounts in the row below (absent or empty when the form was left blank)."""

    labels: dict[int, tuple[str, str | None]]  # column -> (label, the kind it is part of)
    values: int | None  # the row of amounts
    header: int  # the row of kinds


def _column_funds(keys: list[list[str]], r: int) -> ColumnFunds | None:
    """A ColumnFunds block whose kinds row is `r`, if there is one."""
    top, sub = keys[r], keys[r + 1]
    if sum(1 for k in top if k in COLUMN_FUND_WORDS) < 2:
        return None
    subs = [k for k in sub if k]
    if len(subs) < 2 or not set(subs) <= COLUMN_FUND_SUB:
        return None
    labels: dict[int, tuple[str, str | None]] = {}
    kind = None
    for c in range(max(len(top), len(sub))):
        word = top[c] if c < len(top) else ""
        if word in COLUMN_FUND_WORDS:
            kind = word
        elif word:
            kind = None
        below = sub[c] if c < len(sub) else ""
        if kind and below in COLUMN_FUND_SUB and below != "合计":
            labels[c] = (f"{kind} {below}", kind)
        elif kind and (word == kind):
            labels[c] = (kind, None)
    values = r + 2 if r + 2 < len(keys) and any(_number(k) for k in keys[r + 2] if k) else None
    return ColumnFunds(labels, values, r)


def _read_column_funds(block: ColumnFunds, rows: list[FormRow], st: _State) -> None:
    """A ColumnFunds block's rows: each column's amount under its label (None when blank)."""
    head = rows[block.header]
    scale = _unit_scale(" ".join(c.text for c in head), st.unit_scale)
    values = rows[block.values] if block.values is not None else None
    ev = _row_evidence(values if values is not None else head)
    for col, (label, part_of) in sorted(block.labels.items()):
        raw = values[col].text if values is not None and col < len(values) else ""
        st.report.funds_rows.append(
            FundsRow(label, budget=_amount(raw, scale), evidence=ev, parent=part_of)
        )


YEAR_LINE = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*(?:年度|[(（]\s*年度\s*[)）]|年)\s*[)）]?")
QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|[(（][^)）]{0,6}\d{4}[)）]\s*\d+\s*号")


def form_year(seg: Segment, cover: Cover | None = None) -> int | None:
    """The year a form is for: the year line under its title ("（2026年度）"), its title's (which
    may name a project of another year: "2019年…资金绩效目标表" over "(2020年度)"), the
    publication's, else the first year near its top that is not quoted from a policy's title or
    number (《…2021年…办法》, 〔2021〕12号) and is not a date (2024年8月); last, the year its
    text names most."""
    for ln in seg.lines[1:4]:
        first = next((c.strip() for c in ln.text.split("\t") if c.strip()), "")
        m = YEAR_LINE.fullmatch(canon(first))
        if m:
            return int(m.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年", seg.title)
    if m:
        return int(m.group(1))
    if cover is not None and cover.year:
        return cover.year
    head = QUOTED.sub("", "\n".join(ln.text for ln in seg.lines)[:300])
    m = re.search(r"((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", head)
    if m:
        return int(m.group(1))
    from .publication import likeliest_year

    return likeliest_year(seg.lines)  # a form naming its year only in its text


def _kind(title: str) -> str:
    if "自评" in title:
        return "self_assessment"
    if "监控" in title:
        return "monitoring"
    return "targets"


def _row_evidence(row: list[Cell]) -> Evidence:
    text = " | ".join(c.text for c in row if c.text)
    first = row[0] if row else Cell("", None, None)
    return Evidence(first.page, first.line, text)


def _read_row(row: list[Cell], st: _State, head: tuple | list[str] | None = ()) -> None:
    """One row of a form; `head` is the merged header when the row is an indicator header
    printed over several rows, None for the other rows of such a header."""
    if head is None:
        return
    if head:
        _set_header(list(head), st)
        return
    if st.entity and st.in_indicators and not getattr(row, "structured", False):
        from .formlists import stray_line

        stray_line(" ".join(c.text for c in row), st)
        return
    line_text = " ".join(c.text for c in row)
    if (
        st.in_indicators
        and not getattr(row, "grid", False)
        and st.report.format == "pdf"
        and STRAY_LEVEL.match(line_text)
    ):
        if getattr(row, "source", None) is not None:
            st.stray.append(row.source)
        return
    if st.stray:
        _stray_levels(st)
    if st.in_indicators and getattr(row, "grid", False) and st.report.format == "pdf":
        row = _aligned(row, st)
    texts = [c.text for c in row]
    keys = [canon(t) for t in texts]
    nonempty = [i for i, t in enumerate(texts) if t]
    if not nonempty or st.done:
        return
    first = keys[nonempty[0]]
    if _is_indicator_header(keys):
        _set_header(keys, st)
        return
    _identity(texts, keys, st)
    if st.in_indicators and END.match(first):
        st.done = True
        return
    if st.entity and st.in_indicators and TOTAL.match(first):
        return  # the 合计 row of a table listing projects
    if (TOTAL.match(first) or first.startswith("总分")) and (
        st.in_indicators or st.report.indicators
    ):
        _total(row, st)
        st.in_indicators = False
        return
    if not st.in_indicators and (
        any(COST_HEADER.search(k) for k in keys)
        or (getattr(row, "structured", False) and _cost_pairs(keys))
    ):
        st.cost_pairs = _cost_pairs(keys)
        st.cost_groups = [keys[lc] for lc, _ in st.cost_pairs]
        st.cost_extra = _cost_extra(keys, st.cost_pairs)
        st.cost_width, st.cost_section = len(keys), keys[0]
        _exec_weight(texts, st)
        st.unit_scale = _unit_scale(" ".join(texts), st.unit_scale)
        st.block += 1
        return
    if st.cost_pairs and not st.in_indicators:
        _exec_weight(texts, st)
        if all(PAIR_SUBHEAD.fullmatch(k) for k in keys if k):
            return  # 总额 | 财政拨款 | 其他资金 printed under the amount column's header
        continued = bool(keys[0]) and keys[0] == st.cost_section  # the section label repeated
        if texts[0].strip() and not FUND_LABEL.match(keys[0]) and not continued:
            st.cost_pairs = []
        else:
            pairs = st.cost_pairs
            if len(keys) != st.cost_width and len(pairs) == 1:
                pairs = _shifted_pair(texts) or pairs  # a table continued on the next page
            for n, (lc, ac) in enumerate(pairs):
                label = texts[lc].strip() if lc < len(texts) else ""
                if label:
                    amount = texts[ac] if ac < len(texts) else ""
                    fr = FundsRow(
                        label,
                        budget=_amount(amount, st.unit_scale),
                        evidence=_row_evidence(row),
                        block=st.block * 10 + n,
                        group=st.cost_groups[n] if n < len(st.cost_groups) else None,
                    )
                    for col, name in st.cost_extra.items():
                        q = _amount(texts[col], st.unit_scale) if col < len(texts) else None
                        if q is not None:
                            fr.extra[name] = q
                    st.report.funds_rows.append(fr)
            return
    if st.in_indicators and _is_subheader(keys):
        if getattr(row, "grid", False):
            st.ind_roles = _refine_subheader_at(st.ind_roles, keys)
            st.ind_keys = [
                k or (keys[i] if i < len(keys) else "") for i, k in enumerate(st.ind_keys)
            ]
        else:
            st.ind_roles = _refine_subheader(st.ind_roles, keys)
        return
    if sum(1 for k in keys if _role(k, FUND_COLUMNS)) >= 3 and not st.in_indicators:
        st.fund_roles = [r for k in keys if (r := _role(k, FUND_COLUMNS))]
        st.fund_cols = {i: r for i, k in enumerate(keys) if (r := _role(k, FUND_COLUMNS))}
        st.unit_scale = _unit_scale(" ".join(texts), st.unit_scale)
        if "weight" not in st.fund_roles:
            m = re.search(r"(\d+(?:\.\d+)?)\s*分", " ".join(texts))
            st.funds_weight = as_set_value(quantity(m.group(1), "分")) if m else None
        return
    if (
        re.search(r"[（(](?:单位[:：])?\s*万元\s*[)）]|万元", " ".join(texts[:3]))
        and not st.in_indicators
    ):
        st.unit_scale = 1e4 if "万元" in " ".join(texts[:3]) else st.unit_scale
    fused = [
        (i, m.group("label"), m.group("amount"))
        for i, t in enumerate(texts)
        if (m := FUND_FUSED.match(canon(t).replace(":", "：")))
    ]
    if fused and any(a for _, _, a in fused) and not st.in_indicators:
        st.fused_mode = True
    label_idx = next((i for i in nonempty if FUND_LABEL.match(keys[i])), None)
    if not st.in_indicators:
        _exec_weight(texts, st)
    if label_idx is not None and not st.in_indicators and not (fused and st.fused_mode):
        _funds_row(row, label_idx, st)
        return
    if fused and not st.in_indicators:
        for _col, label, amount in fused:
            block = 101 if label in EXPENSE_LABELS else 100  # a breakdown by expense, or by income
            st.report.funds_rows.append(
                FundsRow(
                    label,
                    budget=_amount(amount or "", st.unit_scale),
                    evidence=_row_evidence(row),
                    block=block,
                )
            )
        return
    if st.in_indicators:
        _indicator_row(row, st)


def _set_header(keys: list[str], st: _State) -> None:
    """The indicator header: each column's role, and the entity columns of a table that
    lists projects (formlists)."""
    from .formlists import entity_columns

    st.ind_roles = _roles(keys, INDICATOR_COLUMNS)
    st.ind_keys = list(keys)
    if "name" not in st.ind_roles and "绩效指标" in keys:
        st.ind_roles[keys.index("绩效指标")] = "name"
        st.fused_levels = True
    st.entity = entity_columns(keys, st.ind_roles)
    for col in st.entity:
        st.ind_roles[col] = None
    st.in_indicators = True


def _aligned(row: list[Cell], st: _State) -> list[Cell]:
    """A PDF grid row placed under the indicator header when it has another number of cells.

    (Sheets drop trailing empty cells; a PDF table row has one cell per column.) A table continued on the next page is a new table to the PDF reader, often
    without the header's empty spacer columns or without its leading label
    column ("绩效指标"): a row with as many cells as the header has worded
    columns goes under those; a shorter row is aligned on the right (its last
    cells are the last columns).
    """
    m = len(st.ind_roles)
    if not m or len(row) == m:
        return row
    blank = row[0] if row else Cell("", None, None)
    out = FormRow(Cell("", blank.page, blank.line) for _ in range(m))
    out.grid = True
    worded = [i for i, k in enumerate(st.ind_keys) if k]
    if len(row) == len(worded) and len(worded) < m:
        for cell, i in zip(row, worded, strict=True):
            out[i] = cell
        return out
    if len(row) < m:
        out[m - len(row) :] = list(row)
        return out
    return row


FUSED_IDENTITY = re.compile(
    r"(?P<label>资金主管部门|主管部门|单位名称|部门名称|预算单位|实施单位)\s*[:：]\s*(?P<value>[^\s:：]{2,40})"
)


def _fused_identity(text: str, st: _State) -> None:
    """Identity written into a line above the table ("单位名称：重庆市水利局",
    "资金主管部门：重庆市水利局 单位：万元")."""
    for m in FUSED_IDENTITY.finditer(text):
        attr = "department" if "主管" in m.group("label") else "unit"
        if getattr(st.report, attr) is None:
            setattr(st.report, attr, m.group("value"))


GOAL_LABEL = re.compile(
    r"^(?:年度总体目标|整体绩效目标|年度绩效目标|当年绩效目标|总体目标|年度目标)$"
)


def _identity(texts: list[str], keys: list[str], st: _State) -> None:
    r = st.report
    words = [t for t in texts if t.strip()]
    if len(words) == 1 and not st.in_indicators and not st.report.indicators:
        _fused_identity(words[0], st)
    if not st.in_indicators and words and GOAL_LABEL.match(canon(words[0])):
        goal = next((w for w in words[1:] if not GOAL_LABEL.match(canon(w))), None)
        if goal and not re.fullmatch(r"预期目标|实际完成情况|中期目标", canon(goal)):
            r.goal = r.goal or goal.strip()
    for i, key in enumerate(keys):
        attr = IDENTITY.get(key.strip("*").rstrip(":："))
        if attr is None:
            if key.startswith("自评总分") and r.total_score is None:
                value = next((t for t in texts[i + 1 :] if t), "")
                r.total_score = _number(value)
                if r.total_score is not None:
                    r.claims.append(
                        Claim(
                            "total_score",
                            r.total_score,
                            Evidence(None, None, f"{texts[i]} {value}"),
                        )
                    )
            continue
        value = next(
            (
                t
                for j, t in enumerate(texts)
                if j > i and t and canon(t).strip("*").rstrip(":：") not in IDENTITY
            ),
            None,
        )
        if (
            value
            and getattr(r, attr) is None
            and not _column_word(canon(value))
            and not LABEL_VALUE.match(canon(value))
        ):
            setattr(r, attr, value)


# Other labels of a form's identity block: never the value of the label before them.
LABEL_VALUE = re.compile(
    r"^(?:实施期限|实施周期|项目属性|项目类别|资金金额|项目资金|执行率分值|项目期)"
)


def _column_word(key: str) -> bool:
    """A header word (项目总额, 年度资金总额(万元)…): the header of a table listing projects,
    not a value beside an identity label."""
    from .formlists import entity_word

    return entity_word(key) is not None


def _role(key: str, table: list[tuple[str, str]]) -> str | None:
    """A header cell's role: an exact word first, then the longest word it starts with. A
    monitoring form's period ("1-7月执行数") is dropped: its 执行数 is the value so far."""
    key = re.sub(r"[(（][^)）]*[)）]", "", key).lstrip("*")
    key = re.sub(r"^\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月(?=执行)", "", key)
    for word, role in table:
        if key == canon(word):
            return role
    best: tuple[str, str] | None = None
    for word, role in table:
        w = canon(word)
        if len(w) > 2 and key.startswith(w) and (best is None or len(w) > len(best[0])):
            best = (w, role)
    return best[1] if best else None


def _roles(keys: list[str], table: list[tuple[str, str]]) -> list[str | None]:
    return [_role(k, table) if k else None for k in keys]


def _is_indicator_header(keys: list[str]) -> bool:
    """The row of column words over the indicators: a name column and a value column, or
    a 绩效指标 column (level, level and name in one cell) beside 指标值."""
    joined = "".join(keys)
    if re.search(r"三级指标|指标名称|指标内容", joined):
        return bool(re.search(r"指标值|目标值|实现值", joined))
    return "绩效指标" in keys and "指标值" in keys and "一级指标" not in keys


# A monitoring form's 偏差原因分析 and 完成目标可能性 columns, split in the row below: the reason
# is written under 原因说明, the others hold ticks.
MONITOR_SUB = {
    "经费保障": None,
    "制度保障": None,
    "人员保障": None,
    "硬件条件保障": None,
    "其他": None,
    "原因说明": "reason",
    "确定能": None,
    "有可能": None,
    "完全不可能": None,
}


def _is_subheader(keys: list[str]) -> bool:
    """A row under the indicator header that splits its columns (指标性质 | 指标值 | 度量单位,
    or a monitoring form's 经费保障 … 原因说明 | 确定能 …)."""
    present = {k for k in keys if k}
    if len(present) >= 3 and present <= set(MONITOR_SUB):
        return True
    return (
        bool(present)
        and present <= {"指标性质", "指标值", "度量单位", "计量单位"}
        and len(present) >= 2
    )


def _refine_subheader(roles: list[str | None], keys: list[str]) -> list[str | None]:
    """年度指标值 split into 指标性质 | 指标值 | 度量单位 in the row below."""
    out = list(roles)
    sub = [k for k in keys if k]
    try:
        at = out.index("target")
    except ValueError:
        return out
    mapped = [
        {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}[k]
        for k in sub
    ]
    return out[:at] + mapped + out[at + 1 :]


# Label columns of a block of label | amount columns: a cost or income/expense composition, the
# Guangdong 部门预算支出 | 收入来源 | 事业发展性支出 | 按预算级次划分 pairs, a list of tasks with
# the money put in each (任务名称 | 预算金额, 名称 | 拟投入的资金).
PAIR_LABEL = re.compile(r"部门预算支出|收入来源|事业发展性支出|按预算级次划分|任务名称|名称")
PAIR_AMOUNT = re.compile(r"金额|拟投入的资金")
PAIR_SUBHEAD = re.compile(
    r"年度主要任务|总额|合计|财政拨款|其他资金|执行率分值(?:\(\d+(?:\.\d+)?分?\))?"
)


def _cost_pairs(keys: list[str]) -> list[tuple[int, int]]:
    """Columns of a cost or income/expense block: each 构成 (or other label) column with the
    金额 column after it."""
    pairs = []
    for i, k in enumerate(keys):
        if (k.endswith("构成") and len(k) <= 4) or PAIR_LABEL.fullmatch(k):
            amount = next((j for j in range(i + 1, len(keys)) if PAIR_AMOUNT.search(keys[j])), None)
            if amount is not None and not any(p[1] == amount for p in pairs):
                pairs.append((i, amount))
    return pairs


def _shifted_pair(texts: list[str]) -> list[tuple[int, int]]:
    """The label and amount columns of a row of a one-pair block whose table has other
    columns on this page: the first text cell after the first column, the first amount after it."""
    label = next(
        (i for i in range(1, len(texts)) if texts[i].strip() and _amount(texts[i], 1.0) is None),
        None,
    )
    if label is None:
        return []
    amount = next(
        (i for i in range(label + 1, len(texts)) if _amount(texts[i], 1.0) is not None), None
    )
    return [(label, amount)] if amount is not None else []


EXEC_WEIGHT = re.compile(r"执行率分值\s*[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]")


def _exec_weight(texts: list[str], st: _State) -> None:
    """ "执行率分值（10分）" printed beside the funds: the weight of budget execution, given to
    the funds block's total row when the form is finished."""
    for t in texts:
        m = EXEC_WEIGHT.search(clean_line(t))
        if m:
            st.exec_weight = as_set_value(quantity(m.group(1), "分"))


def _cost_extra(keys: list[str], pairs: list[tuple[int, int]]) -> dict[int, str]:
    """Other amount columns of a cost block (执行数 of past years), when the block has one pair."""
    if len(pairs) != 1:
        return {}
    used = {pairs[0][0], pairs[0][1]}
    return {
        i: k
        for i, k in enumerate(keys)
        if i not in used and i > pairs[0][1] and re.search(r"执行数|金额|实际", k)
    }


def _refine_subheader_at(roles: list[str | None], keys: list[str]) -> list[str | None]:
    """Grid rows: the sub-header's words replace the roles of the columns they stand in."""
    words = {"指标性质": "nature", "指标值": "target", "度量单位": "unit", "计量单位": "unit"}
    out = list(roles) + [None] * max(0, len(keys) - len(roles))
    for i, k in enumerate(keys):
        if k in words:
            out[i] = words[k]
        elif k in MONITOR_SUB:
            out[i] = MONITOR_SUB[k]
    return out


def _unit_scale(text: str, default: float) -> float:
    if "万元" in text:
        return 1e4
    if re.search(r"[（(]元[)）]|单位[:：]元", text):
        return 1.0
    return default


# -- funds -----------------------------------------------------------------------------------


def _funds_row(row: list[Cell], label_idx: int, st: _State) -> None:
    texts = [c.text for c in row]
    label = re.sub(r"^其中[:：]\s*|[:：]$", "", texts[label_idx].strip())
    if not st.fund_roles:
        # Target forms: label / amount pairs ("项目资金总额 | 4,100,000.00 | 年度资金申请总额 | …").
        scale = _unit_scale(texts[label_idx], st.unit_scale)
        labels_here = [i for i in range(label_idx, len(texts)) if FUND_LABEL.match(canon(texts[i]))]
        if st.split_col is None and len(labels_here) >= 2:
            st.split_col = labels_here[1]
        for i in range(label_idx, len(texts)):
            if not FUND_LABEL.match(canon(texts[i])):
                continue
            lab = re.sub(rf"^其中[:：]\s*|[:：]$|[(（](?:{YUAN_ALT})[)）]$", "", texts[i].strip())
            value = next((t for t in texts[i + 1 :] if t), "")
            if value and FUND_LABEL.match(canon(value)):
                value = ""
            lead = re.match(rf"\s*(-?[\d,]+(?:\.\d+)?\s*(?:{YUAN_ALT})?)", value)
            if value and not lead and clean_line(value).strip() not in PLACEHOLDER:
                continue
            ev = _row_evidence(row)
            block = 1 if st.split_col is not None and i >= st.split_col else 0
            st.report.funds_rows.append(
                FundsRow(
                    lab,
                    budget=_amount(lead.group(1) if lead else "", scale),
                    evidence=ev,
                    block=block,
                )
            )
            for part, num, unit in re.findall(
                rf"([\p{{Han}}]{{2,10}}?)\s*(-?[\d,]+(?:\.\d+)?)\s*({YUAN_ALT})",
                value[lead.end() :] if lead else "",
            ):
                st.report.funds_rows.append(
                    FundsRow(
                        part,
                        budget=_amount(num + unit, scale),
                        evidence=ev,
                        block=block,
                        parent=lab,
                    )
                )
        return
    if getattr(row, "grid", False) and st.fund_cols and label_idx < min(st.fund_cols):
        ordered = sorted(st.fund_cols)
        values = [texts[i] if i < len(texts) else "" for i in ordered]
        _assign_funds(
            label,
            values,
            st,
            _row_evidence(row),
            positional=True,
            roles=[st.fund_cols[i] for i in ordered],
        )
        return
    values = [t for t in texts[label_idx + 1 :]]
    while values and not values[-1]:
        values.pop()
    n = len(st.fund_roles)
    while len(values) > n and values[0] == "":
        values.pop(0)
    _assign_funds(
        label, values[:n] if len(values) >= n else values, st, _row_evidence(row), positional=True
    )


def _assign_funds(
    label: str,
    values: list[str],
    st: _State,
    ev: Evidence,
    *,
    positional: bool,
    roles: list[str] | None = None,
) -> None:
    roles = roles or st.fund_roles
    if not positional and len(values) < len(roles):
        values = _align_by_type(values, roles)
    fr = FundsRow(label, evidence=ev)
    for role, raw in zip(roles, values, strict=False):
        raw = raw.strip()
        if not raw or raw in PLACEHOLDER:
            continue
        if role in {"initial", "budget", "spent"}:
            setattr(fr, role, _amount(raw, st.unit_scale))
        elif role == "rate":
            fr.rate = _rate(raw)
            fr.rate_raw = raw
        elif role == "weight":
            fr.weight = as_set_value(_number(raw))
        elif role == "forecast" and (q := _amount(raw, st.unit_scale)) is not None:
            fr.extra["全年预计执行数"] = q
        elif role == "score":
            fr.score = _number(raw)
    if (
        fr.weight is None
        and st.funds_weight is not None
        and not st.report.funds_rows
        and fr.score is not None
    ):
        fr.weight = st.funds_weight
    st.report.funds_rows.append(fr)


def _align_by_type(values: list[str], roles: list[str]) -> list[str]:
    """Place values that lost their empty cells: rates where a rate goes, amounts right-aligned."""
    kinds = []
    for v in values:
        t = clean_line(v).strip()
        if t in PLACEHOLDER:
            kinds.append("any")
        elif "%" in t:
            kinds.append("rate")
        else:
            kinds.append("num")
    out = [""] * len(roles)
    vi = len(values) - 1
    for ri in range(len(roles) - 1, -1, -1):
        if vi < 0:
            break
        role = roles[ri]
        kind = kinds[vi]
        fits = (
            kind == "any"
            or (role == "rate") == (kind == "rate")
            or (role == "rate" and kind == "num")
        )
        if role in {"method", "reason"} and kind != "any":
            continue
        if fits:
            out[ri] = values[vi]
            vi -= 1
    return out


def _amount(text: str, scale: float) -> Quantity | None:
    t = clean_line(text).strip().replace(",", "")
    m = re.fullmatch(rf"(-?\d+(?:\.\d+)?)\s*({YUAN_ALT})?", t)
    if not m:
        return None
    unit_scale = AMOUNT_SCALE[m.group(2)] if m.group(2) else scale
    return quantity(m.group(1), "元", unit_scale)


def _rate(text: str) -> Quantity | None:
    pct = _percent(text)
    if pct is not None:
        return pct
    n = _number(text)
    if n is None:
        return None
    if n.value <= 1.0 and n.decimals <= 4:
        # A rate exported as a fraction (1 = 100%).
        return Quantity(round(n.value * 100, 10), text, max(0, n.decimals - 2), "%", 1.0)
    return Quantity(n.value, text, n.decimals, "%")


# -- indicators ------------------------------------------------------------------------------


def _indicator_row(row: list[Cell], st: _State) -> None:
    roles = st.ind_roles
    texts = [c.text for c in row]
    if getattr(row, "grid", False):
        texts = texts + [""] * max(0, len(roles) - len(texts))
    if st.entity:
        from .formlists import list_row

        if list_row(texts, st, _row_evidence(row)):
            return
        roles = st.ind_roles
    while texts and not texts[-1] and len(texts) > len(roles):
        texts.pop()
    if len(texts) < len(roles):
        # Leading merged cells were dropped in the copy: align on the right.
        texts = [""] * (len(roles) - len(texts)) + texts
    values: dict[str, str] = {}
    for role, text in zip(roles, texts, strict=False):
        if role and text and role not in values:
            values[role] = text
        elif role and text and role in {"target", "actual"}:
            values[role] = values[role] + text
    # Level cells: by their column when the header has one, else by their words.
    explicit = (False, False)
    if "l1" in roles and not values.get("l1"):
        values["l1"] = _stray_level1(texts, roles)
    if "l1" in roles or "l2" in roles:
        if values.get("l1"):
            name1, kind = complete_level(_level_name(values["l1"]), LEVEL1_NAMES)
            if kind != "tail":
                if kind != "prefix" or name1 != st.l1:
                    st.l2 = None
                st.l1 = name1
                explicit = (True, False)
                _group_weight(values["l1"], st, _row_evidence(row))
        if values.get("l2"):
            name2, kind = complete_level(_level_name(values["l2"]), LEVEL2_NAMES)
            if kind != "tail":
                st.l2 = name2
                explicit = (explicit[0], True)
    else:
        for text in texts:
            k = canon(text)
            if _level_name(k) in LEVEL1:
                st.l1, st.l2 = _level_name(text), None
            elif LEVEL2.match(k):
                st.l2 = text.strip()
    name = values.get("name", "").strip()
    fused = FUSED_LEVELS.match(name) if st.fused_levels else None
    if fused:
        st.l1, st.l2, name = fused.group("l1"), fused.group("l2"), fused.group("name")
    if not name and st.l2 and values.get("target", "").strip():
        _add_indicator(st, "", values, _row_evidence(row))  # a row with no indicator content
    elif not name or name in PLACEHOLDER or LEVEL2.match(canon(name)) or canon(name) in LEVEL1:
        return
    else:
        _add_indicator(st, name, values, _row_evidence(row))
    st.explicit[id(st.report.indicators[-1])] = explicit


def _stray_level1(texts: list[str], roles: list[str | None]) -> str:
    """A 一级指标 (or its cut first part, "效益指") that the PDF reader put in the unlabelled
    column left of the 一级指标 column (a merged cell cut by a page break)."""
    first = roles.index("l1")
    for i in range(first):
        if roles[i] is None and texts[i].strip():
            name, kind = complete_level(texts[i], LEVEL1_NAMES)
            if kind == "prefix" or (kind == "full" and name in LEVEL1_NAMES):
                return texts[i]
    return ""


LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "效果指标")
LEVEL2_NAMES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众满意度指标",
    "满意度指标",
    "过程指标",
)


def complete_level(text: str, names: tuple[str, ...]) -> tuple[str, str]:
    """A level cell as read, completed when a page break cut it: (name, kind), kind "full"
    (a level name, or any other text as printed), "prefix" ("效益指" → 效益指标, "产出" →
    产出指标) or "tail" (the cut-off end, "标", "指标": the level goes on)."""
    key = canon(text)
    if key in names or not key:
        return text.strip(), "full"
    longer = [n for n in names if n.startswith(key)]
    cut = len(key) == 2 or key.endswith("指")  # "产出", "效益指": a word cut, not a short name
    if len(key) >= 2 and longer and cut:
        return min(longer, key=len), "prefix"
    if len(key) <= 2 and any(n.endswith(key) for n in names):
        return text.strip(), "tail"
    return text.strip(), "full"


STRAY_LEVEL = re.compile(
    r"^[产出效益满意度成本数量质量时效经济社会生态环境可持续影响服务对象公众过程指标年绩\s]+$"
)
MAX_STRAY_RUN = 4  # rows a stray level name is given back to, at most


def _stray_levels(st: _State) -> None:
    """Level names a page break cut out of their merged cells: the PDF reader gives them as
    lines between the rows ("效益指 社会效益指" / "标标", "产出指标 数量指标"). Their pieces are
    joined column by column (by position); a name found applies to the rows after it, and
    to the last rows before it that had no level cell of their own (at most four: a longer
    run is not certainly the merged cell's)."""
    lines, st.stray = st.stray, []
    columns: list[list] = []  # [x0, x1, first line index, text]
    for k, ln in enumerate(lines):
        spans = ln.spans or ([(ln.box[0], ln.box[2], ln.text)] if ln.box else [])
        for x0, x1, text in spans:
            col = next((c for c in columns if x0 < c[1] and c[0] < x1), None)
            if col is None:
                columns.append([x0, x1, k, canon(text)])
            else:
                col[0], col[1], col[3] = min(col[0], x0), max(col[1], x1), col[3] + canon(text)
    found: dict[str, tuple[str, int]] = {}
    for _x0, _x1, first, text in columns:
        for level, names in (("l1", LEVEL1_NAMES), ("l2", LEVEL2_NAMES)):
            name, kind = complete_level(text, names)
            if kind in {"full", "prefix"} and name in names and (kind == "full" or len(text) >= 3):
                found.setdefault(level, (name, first))
    if not found:
        return
    inds = st.report.indicators
    run2 = _run_since_explicit(inds, st, 1)
    if "l2" in found:
        if 0 < len(run2) <= MAX_STRAY_RUN:
            for ind in run2:
                ind.level2 = ind.parent = found["l2"][0]
        st.l2 = found["l2"][0]
    if "l1" in found:
        same_line = "l2" in found and found["l1"][1] == found["l2"][1]
        run1 = run2 if same_line else _run_since_explicit(inds, st, 0)
        if 0 < len(run1) <= MAX_STRAY_RUN:
            for ind in run1:
                ind.level1 = found["l1"][0]
        if st.l1 != found["l1"][0] and "l2" not in found:
            st.l2 = None
        st.l1 = found["l1"][0]


def _run_since_explicit(inds: list[Indicator], st: _State, level: int) -> list[Indicator]:
    """The last indicators that took their level (0: 一级, 1: 二级) from a row above."""
    run: list[Indicator] = []
    for ind in reversed(inds):
        if st.explicit.get(id(ind), (True, True))[level]:
            break
        run.append(ind)
    return run[::-1]


def _group_weight(text: str, st: _State, ev: Evidence) -> None:
    """A level-1 cell that prints its weight ("产出指标（50分）")."""
    m = re.search(r"[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$", text.strip())
    if m:
        st.report.group_weights.append(
            (_level_name(text), as_set_value(quantity(m.group(1), "分")), ev)
        )


def _level_name(text: str) -> str:
    """ "产出指标（50分）" → "产出指标"."""
    return re.sub(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$", "", text.strip())


def _add_indicator(st: _State, name: str, values: dict[str, str], ev: Evidence) -> None:
    target_raw = values.get("target", "").strip()
    unit_cell = values.get("unit", "").strip()
    nature = values.get("nature", "").strip()
    op_cell = nature if operator_of(nature) and len(nature) <= 4 else ""
    if unit_cell in PLACEHOLDER:
        unit_cell = ""
    joins_unit = unit_cell and not target_raw.endswith(unit_cell) and re.search(r"\d", target_raw)
    printed = (op_cell + target_raw + (unit_cell if joins_unit else "")).strip()
    measure = parse_measure(printed)
    actual_raw = values.get("actual", "").strip()
    actual = parse_measure(actual_raw)
    ind = Indicator(level=3, name=name, evidence=ev)
    ind.level1, ind.level2 = st.l1, st.l2
    ind.parent = st.l2 or st.l1
    ind.benchmark = printed or None
    ind.operator = measure.operator or (op_cell and operator_of(op_cell)) or None
    ind.target_value = measure.value
    ind.unit = measure.unit or (unit_cell or None)
    if ind.unit in {"—", "-"}:
        ind.unit = None
    ind.actual = actual_raw or None
    ind.actual_value = actual.value
    weight = values.get("weight", "")
    if not weight and "weight" not in st.ind_roles:
        weight = values.get("remark", "")  # a 备注 column that holds the weights (Hunan)
    ind.weight = as_set_value(_number(weight))
    ind.score = _number(values.get("score", ""))
    reason = values.get("reason", "").strip()
    ind.reason = None if reason in PLACEHOLDER else reason
    ind.nature = nature or None
    ind.forecast = values.get("forecast") or None
    ind.method = values.get("method") or None
    ind.rubric = values.get("rubric") or ind.method
    ind.explanation = values.get("explanation") or None
    st.report.indicators.append(ind)


def _total(row: list[Cell], st: _State) -> None:
    texts = [c.text for c in row]
    roles = st.ind_roles
    numbers = [(i, _number(t)) for i, t in enumerate(texts) if _number(t) is not None]
    grade = next((GRADES[t.strip()] for t in texts if t.strip() in GRADES), None)
    r = st.report
    weight = score = None
    if roles and (len(texts) == len(roles) or getattr(row, "grid", False)):
        for i, q in numbers:
            if i >= len(roles):
                continue
            if roles[i] == "weight":
                weight = q
            elif roles[i] == "score":
                score = q
    if weight is None and score is None and numbers:
        if len(numbers) >= 2:
            weight, score = numbers[0][1], numbers[1][1]
        else:
            q = numbers[0][1]
            weights = [i.weight.value for i in r.indicators if i.weight] + [
                f.weight.value for f in r.funds_rows if f.weight
            ]
            if (
                abs(q.value - 100) < 1e-9
                and sum(weights)
                and abs(sum(weights) - 100) < 1e-6
                and r.kind != "targets"
            ):
                weight = q
            else:
                score = q
    ev = _row_evidence(row)
    r.weight_total = as_set_value(weight)
    if score is not None:
        r.total_score = score
        r.claims.append(Claim("total_score", score, ev))
    if grade:
        r.grade = grade
        r.claims.append(Claim("grade", None, ev, text=grade))
    if weight is not None:
        r.claims.append(Claim("weight_total", weight, ev))


def _fused_total(report: Report) -> None:
    """A total written into a heading line ("总分：99.2分")."""
    if report.total_score is not None:
        return
    m = re.search(r"(?:自评)?总分[:：]\s*(\d+(?:\.\d+)?)\s*分?", report.text)
    if m:
        report.total_score = quantity(m.group(1), "分")
        report.claims.append(
            Claim("total_score", report.total_score, Evidence(None, None, m.group(0)))
        )


def _derive_claims(report: Report) -> None:
    """The form's funds as claims, so report-level rules (caps, ranges) read forms too."""
    total = next((f for f in report.funds_rows if f.rate is not None or f.weight is not None), None)
    if total and total.rate is not None and total.evidence:
        report.claims.append(Claim("execution_rate", total.rate, total.evidence))


__all__ = [
    "Segment",
    "find_forms",
    "form_year",
    "outside",
    "parse_date",
    "parse_form",
    "parse_forms",
    "parse_measure",
    "preamble",
    "title_of",
    "to_int",
]
