"""Parts a document names that the reader could not turn into rows.

A score table drawn as a picture, a layout no table reader recognises, a table
cut beyond repair: the text still names it (its caption, its column words, its
indicator codes). Saying so is the difference between "the scores add up" and
"the scores were not checked"; rules report each part as an `extraction`
finding, and no rule may call such a part missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from .model import Evidence, Line, Report, Table
from .normalize import canon
from .scorewords import column_roles
from .vocabulary import FORM_TITLE, is_name_fragment

# What names a score table: its caption, a line of its column words, or its indicator codes.
SCORE_CAPTION = re.compile(
    r"^\s*(?:表\s*[\d一二三四五六七八九十]+(?:\s*[-—－.]+\s*\d+)?|附件\s*\d+|附表\s*\d+)?\s*[：:]?.{0,30}"
    r"(?:评分表|得分表|评价指标体系|绩效评价指标体系表|指标体系及评分|评分标准表|打分表|得分情况表)"
)
SCORE_WORDS = ("一级指标", "二级指标", "三级指标", "权重", "分值", "得分")
CODE = re.compile(r"(?<![A-Za-z\d])[A-D]\d0[1-9](?!\d)")
TARGET_CAPTION = re.compile(r"绩效目标(?:申报|填报)?表")
TARGET_WORDS = ("年度指标值", "指标值", "目标值")

SCORE_TABLE = "评分表"
FORM_TABLE = "绩效目标表或自评表"
FORM_WORDS = (
    "项目名称",
    "主管部门",
    "实施单位",
    "预算单位",
    "资金金额",
    "总体目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "指标值",
    "年度目标",
)
TARGET_TABLE = "绩效目标表"
FUNDS_TABLE = "资金表"
# A form's funds total row as printed: its label first ("年度资金总额：  310.21  154.74  10 …").
_FUNDS_TOTAL_ROW = re.compile(r"^(?:年度|项目|实施期|年度预算)?资金总额(?:$|[:：\d])")
REPORT_KINDS = frozenset({"project", "department"})
FORM_KINDS = frozenset({"self_assessment", "targets", "monitoring"})


def mark_unread(report: Report, tables: Sequence[Table] = ()) -> None:
    """Set what the reader could not read (`Report.unread`), whether the score table or the
    form's indicator rows were read in part or wrong (`Report.tree_partial`, which keeps the
    rules that read them from running), judging the rows once, and whether a form's funds
    total row was printed but not read (`Report.funds_partial`)."""
    wrong = _rows_read_wrong(report)
    report.unread = _unread(report, tables, wrong)
    report.tree_partial = wrong is not None
    funds = form_funds_unread(report)
    if funds is not None:
        report.unread.append(funds)
        report.funds_partial = True


def form_funds_unread(report: Report) -> tuple[str, Evidence] | None:
    """A form that prints its funds total row ("年度资金总额 …") but gave no funds total: the
    row was cut or run together with another (a wrapped line taken for a label). Its 分值 and
    得分 are part of the form's sums, which must not be judged without them."""
    if report.kind not in FORM_KINDS:
        return None
    if any(_FUNDS_TOTAL_ROW.match(canon(r.label)) for r in report.funds_rows):
        return None
    for line in report.lines:
        first = next((c for c in line.cells or [line.text] if c.strip()), "")
        label = _FUNDS_TOTAL_ROW.match(canon(first))
        if label:
            name = label.group(0).rstrip(":：0123456789")
            return (f"{FUNDS_TABLE}（“{name}”一行未能读出）", _evidence(line))
    return None


def find_unread(report: Report, tables: Sequence[Table] = ()) -> list[tuple[str, Evidence]]:
    """The tables the document names but the reader gave no rows for, the rows it read wrong,
    and the rows of `tables` it could not split into cells: (what, where)."""
    return _unread(report, tables, _rows_read_wrong(report))


def _unread(
    report: Report, tables: Sequence[Table], wrong: tuple[str, Evidence] | None
) -> list[tuple[str, Evidence]]:
    unsplit = [_rows_unsplit(t) for t in tables if t.unplaced]
    parts = _unread_parts(report, wrong)
    if any(what.startswith(SCORE_TABLE) for what, _ in unsplit):
        # the score table's rows are said more precisely: that they would not split
        parts = [(what, where) for what, where in parts if what != SCORE_TABLE]
    return parts + unsplit


def _rows_read_wrong(report: Report) -> tuple[str, Evidence] | None:
    """A report's score table or a form's indicator rows read in part or wrong, said once."""
    if report.kind in REPORT_KINDS:
        return score_table_partly_read(report)
    if report.kind in FORM_KINDS:
        return form_rows_unread(report)
    return None


def _rows_unsplit(table: Table) -> tuple[str, Evidence]:
    """Rows whose cells only a space separates and that would not place in columns: their
    figures were not checked (a rubric table with several columns of free text, say)."""
    roles = set(column_roles(table.header))
    what = SCORE_TABLE if roles & {"score", "weight", "l3"} else "表格"
    count = len(table.unplaced)
    return (f"{what}（{count} 行的单元格之间只有空格，分不出列）", _evidence(table.unplaced[0]))


def _unread_parts(report: Report, wrong: tuple[str, Evidence] | None) -> list[tuple[str, Evidence]]:
    if report.kind == "publication":
        where = _form_named(report.lines)
        return [(FORM_TABLE, _evidence(where))] if where is not None else []
    if report.kind not in REPORT_KINDS:
        return [wrong] if wrong is not None else []
    prose = [ln for ln in report.lines if ln.cells is None and ln.text.strip()]
    out: list[tuple[str, Evidence]] = []
    if not report.indicators:
        where = _score_table_named(prose)
        if where is not None:
            out.append((SCORE_TABLE, _evidence(where)))
    elif wrong is not None:
        out.append(wrong)
    elif not any(i.level == 3 for i in report.indicators):
        # only a summary's level-1 scores were read: a detailed table named by another caption
        # or left as text (its header of 三级指标 and score words) is a table not read
        read = {canon(t.caption or "") for t in report.score_tables}
        where = next((ln for ln in prose if _another_score_table(ln.text, read)), None)
        if where is not None:
            out.append((SCORE_TABLE, _evidence(where)))
    if not report.targets:
        where = _target_table_named(prose)
        if where is not None:
            out.append((TARGET_TABLE, _evidence(where)))
    return out


def score_table_partly_read(report: Report) -> tuple[str, Evidence] | None:
    """A score table read in part or wrong: the text prints many indicator codes (A101, B203 …)
    and the reader gave fewer than half as many indicators, or many of the indicators it gave
    have no name (cells of text taken for rows). The rules then see a table that is not the
    report's, and must not be trusted silently."""
    level3 = [i for i in report.indicators if i.level == 3]
    nameless = [i for i in level3 if len(canon(i.name or "")) < 2]
    if len(level3) >= MIN_CODES_PARTLY and len(nameless) * 3 > len(level3):
        where = next((i.evidence for i in level3 if i.evidence), None)
        if where is not None:
            return (
                f"{SCORE_TABLE}（读出的 {len(level3)} 个三级指标中 {len(nameless)} 个没有名称）",
                where,
            )
    printed: dict[str, Line] = {}
    for ln in report.lines:
        for code in CODE.findall(ln.text):
            printed.setdefault(code, ln)
    read = len(level3)
    if len(printed) < MIN_CODES_PARTLY or read * 2 >= len(printed):
        return None
    first = next(iter(printed.values()))
    return (
        f"{SCORE_TABLE}（文中列有 {len(printed)} 个指标编码，只读出 {read} 个三级指标）",
        _evidence(first),
    )


MIN_CODES_PARTLY = 6
FORM_ROWS = "绩效指标"
# An indicator name a wrapped cell was cut into: one Chinese character (a bare number is a
# placeholder, FORM-VAGUE-TARGETS), a piece that closes a bracket it never opened or opens one
# it never closes, a name cut inside "指标".
MIN_FRAGMENTS = 2
FRAGMENT_SHARE = 0.15
# A target value in a form's text: an operator before a number, or a percentage.
_TARGET_VALUE = re.compile(r"(?:[≥≤＞＜]|>=|<=|不[低高少多]于)\s*\d|\d\s*%")
MIN_TARGET_VALUES = 3


def form_rows_unread(report: Report) -> tuple[str, Evidence] | None:
    """A form whose indicator rows were read wrong or not at all: many indicator names are
    pieces of cells a line break cut (a text copy of a PDF form), or no indicator was read though
    the form prints target values. Its indicators must not be judged, nor the form called
    empty."""
    names = [i for i in report.indicators if i.level == 3]
    cut = [i for i in names if is_name_fragment(canon(i.name or ""))]
    if len(cut) >= MIN_FRAGMENTS and len(cut) >= FRAGMENT_SHARE * len(names):
        where = next((i.evidence for i in cut if i.evidence), None)
        if where is not None:
            return (
                f"{FORM_ROWS}（读出的 {len(names)} 个指标中 {len(cut)} 个是折行切开的残片）",
                where,
            )
    if names or report.declared_empty:
        return None
    values = [ln for ln in report.lines if _TARGET_VALUE.search(ln.text)]
    if len(values) >= MIN_TARGET_VALUES:
        return (f"{FORM_ROWS}（表中列有 {len(values)} 行指标值，未读出指标）", _evidence(values[0]))
    return None


def _another_score_table(text: str, read: set[str]) -> bool:
    """A caption of a score table other than those read ("表 4 项目指标得分表"), or a line of a
    detailed score table's column words (三级指标 and a score word among them, no sentence)."""
    text = text.strip()
    captioned = re.match(r"(?:表\s*[\d一二三四五六七八九十]|附件|附表)", text)
    if captioned and len(text) <= 60 and SCORE_CAPTION.match(text) and canon(text) not in read:
        return True
    return (
        "三级指标" in text
        and any(word in text for word in ("权重", "分值", "得分"))
        and len(text) <= 80
        and not re.search(r"[，。；,;\d]", text)  # a sentence that counts them is no header
    )


def _score_table_named(lines: list[Line]) -> Line | None:
    for ln in lines:
        text = ln.text.strip()
        if len(text) <= 60 and SCORE_CAPTION.match(text):
            return ln
    for ln in lines:
        if sum(word in ln.text for word in SCORE_WORDS) >= 3:
            return ln
    coded = [ln for ln in lines if CODE.search(ln.text)]
    if len({m for ln in coded for m in CODE.findall(ln.text)}) >= 4:
        return coded[0]
    return None


def _target_table_named(lines: list[Line]) -> Line | None:
    for ln in lines:
        text = ln.text.strip()
        if len(text) <= 80 and text.startswith(("表", "附")) and TARGET_CAPTION.search(text):
            return ln
    for ln in lines:
        if sum(w in ln.text for w in ("一级指标", "二级指标", "三级指标")) >= 2 and any(
            w in ln.text for w in TARGET_WORDS
        ):
            return ln
    return None


def _form_named(lines: list[Line]) -> Line | None:
    """A publication whose text shows a performance form (its title, then the form's own
    words under it) that gave no form record: the forms could not be read."""
    texts = [ln for ln in lines if ln.text.strip()]
    for i, ln in enumerate(texts):
        title = canon(ln.text)
        if len(title) > 60 or not FORM_TITLE.search(title) or re.search(r"\d+$", title):
            continue  # a contents line ends with its page number
        below = " ".join(t.text for t in texts[i + 1 : i + 8])
        if sum(word in below for word in FORM_WORDS) >= 2:
            return ln
    return None


def _evidence(line: Line) -> Evidence:
    return Evidence(line.page, line.number, line.text.strip()[:120])
