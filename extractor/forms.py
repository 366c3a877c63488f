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
from .units import YUAN_ALT
from .vocabulary import FORM_TITLE

NOT_TITLE = re.compile(r"^\s*(?:表\s*\d|附件|附表)|[《》。；、，]")
FORM_START = re.compile(
    r"项目名称|主管部门|部门名称|单位名称|预算单位|部门\(单位\)|实施单位|填报单位"
)

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
    rf"项目预算金额(?:\((?:{YUAN_ALT})\))?)[:：]?$"
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
    ("说明", "reason"),
    ("是否核心指标", "core"),
]
LEVEL1 = {"产出指标", "效益指标", "满意度指标", "成本指标", "过程指标", "效果指标"}
LEVEL2 = re.compile(
    r"^(?:数量指标|质量指标|时效指标|成本指标|经济成本指标|社会成本指标|生态环境成本指标|经济效益指标|社会效益指标|"
    r"生态效益指标|可持续影响指标|服务对象满意度指标等?|社会公众满意度指标|满意度指标|过程指标)$"
)
TOTAL = re.compile(r"^(?:总分|合计|总\s*计)[:：]?$")
END = re.compile(
    r"^(?:评价结论|存在问题|改进措施|其他需要说明事项|项目负责人|偏差大或目标未完成原因分析|改进措施及结果应用方案)"
)
PLACEHOLDER = {"", "/", "—", "-", "－", "——", "无", "……", "…", "空", "\\"}
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


@dataclass
class Segment:
    """The lines of one form, from its title to the next form's title."""

    title: str
    lines: list[Line]
    sheet: str | None = None


# -- finding forms --------------------------------------------------------------------------


def title_of(text: str) -> str | None:
    """The form title a line carries, if it is one (short, not a caption or a sentence)."""
    first = next((c.strip() for c in re.split(r"\t|\|", text) if c.strip()), "")
    for candidate in (first, *first.split(" ")[:3]):
        if (
            candidate
            and len(candidate) <= 60
            and not NOT_TITLE.search(candidate)
            and FORM_TITLE.search(canon(candidate))
        ):
            return candidate
    return None


def find_forms(doc: Document) -> list[Segment]:
    """Every form in a document, in order; empty when the document holds none.

    A form starts at its title and names its project or unit within a few
    lines; a table captioned inside a report (表 1-3 …绩效目标表) is not a form.
    """
    starts = [
        i for i, ln in enumerate(doc.lines) if title_of(ln.text) and _opens_form(doc.lines, i)
    ]
    segments = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(doc.lines)
        lines = doc.lines[start:end]
        joined = canon("".join(ln.text for ln in lines))
        if not re.search(r"三级指标|指标名称|指标内容", joined):
            continue
        page = lines[0].page
        sheet = doc.sheets[page - 1] if doc.sheets and page else None
        segments.append(Segment(title_of(lines[0].text) or "", lines, sheet))
    return segments


def _opens_form(lines: list[Line], i: int) -> bool:
    before = next(
        (ln.text.strip() for ln in reversed(lines[max(0, i - 3) : i]) if ln.text.strip()), ""
    )
    if re.match(r"^\s*表\s*\d", before):
        return False
    after = "".join(ln.text for ln in lines[i : i + 9])
    return bool(FORM_START.search(canon(after)))


def preamble(doc: Document, segments: list[Segment]) -> list[Line]:
    """The lines before the first form (a publication's own text)."""
    if not segments:
        return doc.lines
    first = segments[0].lines[0].number
    return [ln for ln in doc.lines if ln.number < first]


# -- rows -----------------------------------------------------------------------------------


class FormRow(list):
    """A row of cells; `grid` when its cells keep their column positions (PDF, DOCX, sheets, HTML)."""

    grid: bool = False


def _rows(seg: Segment) -> tuple[list[FormRow], bool]:
    """The segment's cells by row, and whether rows keep their column positions."""
    rows: list[FormRow] = []
    structured = 0
    nonempty = 0
    for ln in seg.lines:
        text = ln.text
        if not text.strip():
            continue
        nonempty += 1
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
    if t in PLACEHOLDER:
        return Measure(None, None, None)
    op = operator_of(t)
    m = _MEASURE.match(t)
    if not m or (len(re.findall(r"\d+(?:\.\d+)?", t)) > 1 and not re.search(r"\d/\S", t)):
        return Measure(op, None, None)
    pre, unit = m.group("pre"), m.group("unit").strip()
    unit = unit.strip("()（）")
    unit = re.sub(r"(以上|以下|以内|及以上|以前|之前|之内)$", "", unit)
    unit = _UNIT_ALIASES.get(unit, unit)
    if len(re.sub(r"[^\p{Han}]", "", unit)) > 4:
        return Measure(op, None, None)  # a number inside a phrase ("至少1次矫正人员的集中活动")
    per = re.search(r"每([\p{Han}]{1,2})$", pre)
    if per and unit:
        unit = f"{unit}/{per.group(1)}"
    if re.search(
        r"[\p{Han}]{2,}",
        re.sub(r"(不低于|不高于|不少于|不超过|大于|小于|等于|达到|至少|每[\p{Han}]{1,2})", "", pre),
    ):
        return Measure(op, None, None)  # a number inside a sentence, not a measure
    value = quantity(m.group("num").replace(",", ""), unit or "")
    return Measure(op, value, unit or None)


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
    l1: str | None = None
    l2: str | None = None
    cost_pairs: list[tuple[int, int]] = field(default_factory=list)
    cost_extra: dict[int, str] = field(default_factory=dict)
    block: int = 0
    split_col: int | None = None
    funds_weight: Quantity | None = None
    fused_mode: bool = False
    in_indicators: bool = False
    done: bool = False


def parse_form(seg: Segment, doc: Document) -> Report:
    """One form into a Report of kind self_assessment or targets."""
    report = Report(file=doc.path, sha256=doc.sha256, pages=doc.pages, format=doc.format)
    report.title = seg.title
    report.kind = _kind(seg.title)
    report.lines = seg.lines
    report.text = "\n".join(ln.text for ln in seg.lines)
    pages = [ln.page for ln in seg.lines if ln.page is not None]
    if doc.sheets:
        report.sheet = seg.sheet
    elif pages:
        report.page_start, report.page_end = min(pages), max(pages)
    year = re.search(r"((?:19|20)\d{2})\s*年度?", report.text[:300])
    report.year = int(year.group(1)) if year else None
    rows, structured = _rows(seg)
    state = _State(report)
    if structured:
        for row in rows:
            _read_row(row, state)
    else:
        from .flatforms import read_flat

        read_flat(_flat_tokens(rows), state)
    _fused_total(report)
    if "部门整体" in report.title or ("部门" in report.title and "项目" not in report.title):
        report.unit = report.unit or report.department
        report.department = report.department or report.unit
    _derive_claims(report)
    return report


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


def _read_row(row: list[Cell], st: _State) -> None:
    texts = [c.text for c in row]
    keys = [canon(t) for t in texts]
    nonempty = [i for i, t in enumerate(texts) if t]
    if not nonempty or st.done:
        return
    first = keys[nonempty[0]]
    _identity(texts, keys, st)
    if st.in_indicators and END.match(first):
        st.done = True
        return
    if (TOTAL.match(first) or first.startswith("总分")) and (
        st.in_indicators or st.report.indicators
    ):
        _total(row, st)
        st.in_indicators = False
        return
    if not st.in_indicators and any(COST_HEADER.search(k) for k in keys):
        st.cost_pairs = _cost_pairs(keys)
        st.cost_extra = _cost_extra(keys, st.cost_pairs)
        st.unit_scale = _unit_scale(" ".join(texts), st.unit_scale)
        st.block += 1
        return
    if st.cost_pairs and not st.in_indicators:
        if texts[0].strip() and not FUND_LABEL.match(keys[0]):
            st.cost_pairs = []
        else:
            for n, (lc, ac) in enumerate(st.cost_pairs):
                label = texts[lc].strip() if lc < len(texts) else ""
                if label:
                    amount = texts[ac] if ac < len(texts) else ""
                    fr = FundsRow(
                        label,
                        budget=_amount(amount, st.unit_scale),
                        evidence=_row_evidence(row),
                        block=st.block * 10 + n,
                    )
                    for col, name in st.cost_extra.items():
                        q = _amount(texts[col], st.unit_scale) if col < len(texts) else None
                        if q is not None:
                            fr.extra[name] = q
                    st.report.funds_rows.append(fr)
            return
    if _is_indicator_header(keys):
        st.ind_roles = _roles(keys, INDICATOR_COLUMNS)
        st.in_indicators = True
        return
    if st.in_indicators and _is_subheader(keys):
        if getattr(row, "grid", False):
            st.ind_roles = _refine_subheader_at(st.ind_roles, keys)
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


def _identity(texts: list[str], keys: list[str], st: _State) -> None:
    r = st.report
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
        if value and getattr(r, attr) is None:
            setattr(r, attr, value)


def _role(key: str, table: list[tuple[str, str]]) -> str | None:
    """A header cell's role: an exact word first, then the longest word it starts with."""
    key = re.sub(r"[(（][^)）]*[)）]", "", key).lstrip("*")
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
    joined = "".join(keys)
    return bool(re.search(r"三级指标|指标名称|指标内容", joined)) and bool(
        re.search(r"指标值|目标值|实现值", joined)
    )


def _is_subheader(keys: list[str]) -> bool:
    present = {k for k in keys if k}
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


def _cost_pairs(keys: list[str]) -> list[tuple[int, int]]:
    """Columns of a cost or income/expense block: each 构成 column with the 金额 column after it."""
    pairs = []
    for i, k in enumerate(keys):
        if k.endswith("构成") and len(k) <= 4:
            amount = next((j for j in range(i + 1, len(keys)) if "金额" in keys[j]), None)
            if amount is not None:
                pairs.append((i, amount))
    return pairs


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
            if value and not lead:
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
    if "l1" in roles or "l2" in roles:
        if values.get("l1"):
            st.l1, st.l2 = _level_name(values["l1"]), None
            _group_weight(values["l1"], st, _row_evidence(row))
        if values.get("l2"):
            st.l2 = _level_name(values["l2"])
    else:
        for text in texts:
            k = canon(text)
            if _level_name(k) in LEVEL1:
                st.l1, st.l2 = _level_name(text), None
            elif LEVEL2.match(k):
                st.l2 = text.strip()
    name = values.get("name", "").strip()
    if not name and st.l2 and values.get("target", "").strip():
        _add_indicator(st, "", values, _row_evidence(row))  # a row with no indicator content
        return
    if not name or name in PLACEHOLDER or LEVEL2.match(canon(name)) or canon(name) in LEVEL1:
        return
    _add_indicator(st, name, values, _row_evidence(row))


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
    printed = (
        op_cell
        + target_raw
        + (unit_cell if unit_cell and not target_raw.endswith(unit_cell) else "")
    ).strip()
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
    ind.weight = as_set_value(_number(values.get("weight", "")))
    ind.score = _number(values.get("score", ""))
    reason = values.get("reason", "").strip()
    ind.reason = None if reason in PLACEHOLDER else reason
    ind.nature = nature or None
    ind.method = values.get("method") or None
    ind.rubric = ind.method
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


__all__ = ["find_forms", "parse_date", "parse_form", "parse_measure", "preamble", "to_int"]
