"""A publication's wording against its own year and against the template it was written from.

A 部门预算 is written each spring from last year's file and a template: the
leftovers are years that belong to last year ("比2026年预算增加" in the 2026
budget, a 2024 决算 whose 说明 is titled 2023年度), the template's own
instructions and alternatives ("XX局", "增加（减少）", "主要原因是。" with no
reason), subject names retired years ago, and passages pasted twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.model import Evidence, Report
from extractor.prose import Span, at, evidence, squeezed

from .pubchange import statements, tables_read
from .registry import PUBLICATION_KINDS, Hit, rule

COMPARED = re.compile(
    r"(?:比|较|与)(?P<y>(?:19|20)\d\d)年度?(?:当年)?(?:预算|决算|执行|相比|同期|一致|持平)"
)
PART_TITLE = re.compile(
    r"(?P<y>(?:19|20)\d\d)年度?(?:区级|市级|县级|省级)?(?:部门|单位)"
    r"(?P<kind>预算编制说明|预算情况说明|决算情况说明)"
)
CUTOFF = re.compile(r"截[至止](?P<y>(?:19|20)\d\d)年12月31日")
PLANNED = re.compile(r"拟(?:从|自|于)(?P<y>(?:19|20)\d\d)年(?:起|开始)")
PERIOD = re.compile(
    r"实施周期[:：]?(?P<y1>(?:19|20)\d\d)年\d{1,2}月\d{1,2}日?[-—至~～](?P<y2>(?:19|20)\d\d)年\d{1,2}月"
)
EMPTY_REASON = "未写原因"
TEMPLATE = {
    "占位符": re.compile(
        r"(?<![A-Za-z])(?:[XＸ]{2,}|××+)(?:局|委|办|单位|部门|区|县|市|街道|镇|乡|中心|公司)"
    ),
    "编辑提示": re.compile(r"[(（]增加内容[)）]"),
    "模板备选词": re.compile(
        r"(?:增加|减少|增长|下降|上升|降低)[(（](?:增加|减少|增长|下降|上升|降低)[)）]"
    ),
    EMPTY_REASON: re.compile(r"主要原因(?:是|为)?[:：]?[。；;]"),
    "模板的填写说明": re.compile(r"部门应根据实际情况|根据实际情况进行解释和增减|此处填写"),
}
TABLE_INSTRUCTION = re.compile(r"仍保留该表格式|在本表下方作下述说明")
FINAL_WORDING = re.compile(r"部门预算(?:包括|由)[^。]{0,80}?决算")
RETIRED_SUBJECTS = {
    "医疗卫生与计划生育支出": ("卫生健康支出", 2019),
    "国土资源气象等支出": ("自然资源海洋气象等支出", 2019),
    "归口管理的行政单位离退休": ("行政单位离退休", 2019),
}
REASON = re.compile(r"[。，,；;]?主要原因(?:是|为)?[:：]?(?P<why>[^。；;]{2,60})")
UP_WORDS = re.compile(r"增加|增长|提高|上涨")
DOWN_WORDS = re.compile(r"减少|下降|降低|压减|调减|缩减|减员|取消")


def _is_final(report: Report) -> bool:
    """A 决算 (accounts of a year gone by), not a 预算."""
    head = report.title or report.text[:400]
    return "决算" in head and "预算" not in head.replace("预算数", "")


def _merged(report: Report, spans: list[Span], message: str, **kw: object) -> Hit:
    return Hit(message, [evidence(report, s) for s in spans[:6]], **kw)  # type: ignore[arg-type]


@rule(
    "PUB-YEAR",
    "year",
    "error",
    "说明中的年份应与公开文件所属年度相符",
    kinds=PUBLICATION_KINDS,
)
def publication_year(report: Report) -> Iterator[Hit]:
    """A budget for year Y compares with Y−1 or earlier ("比2026年预算增加" in the 2026 budget is
    last year's sentence with this year's number typed in); a 决算 of Y titles its 说明 "Y年度",
    reports its assets at 31 December Y; a budget's project runs into Y, not only before it.

    Limits: Only the comparisons, titles and asset dates the rule knows are judged; another year
    mentioned on purpose is left alone.
    """
    year = report.year
    if not year:
        return
    sq = squeezed(report)
    final = _is_final(report)
    by_year: dict[int, list[Span]] = {}
    for m in COMPARED.finditer(sq.text):
        y = int(m.group("y"))
        if y >= year:
            by_year.setdefault(y, []).append(at(sq, m.start(), m.end()))
    for y, spans in sorted(by_year.items()):
        yield _merged(
            report,
            spans,
            f"{year} 年{'决算' if final else '预算'}却与 {y} 年比较（共 {len(spans)} 处）",
            expected=f"{year - 1} 年或以前",
            found=y,
        )
    for m in PART_TITLE.finditer(sq.text):
        y = int(m.group("y"))
        if y != year and ("决算" in m.group("kind")) == final:
            yield Hit(
                f"{year} 年度文件的说明标题写作 {y} 年度",
                [evidence(report, at(sq, m.start(), m.end()))],
                expected=year,
                found=y,
            )
    if final:
        for m in CUTOFF.finditer(sq.text):
            y = int(m.group("y"))
            if y != year:
                yield Hit(
                    f"{year} 年度决算的资产截止日写作 {y} 年 12 月 31 日",
                    [evidence(report, at(sq, m.start(), m.end()))],
                    expected=f"{year}年12月31日",
                    found=f"{y}年12月31日",
                )
    else:
        for m in PLANNED.finditer(sq.text):
            y = int(m.group("y"))
            if y < year - 1:
                yield Hit(
                    f"{year} 年预算仍写“{m.group(0)}”：计划起始年份早于本年度",
                    [evidence(report, at(sq, m.start(), m.end()))],
                    expected=f"{year} 年或以后",
                    found=y,
                    severity="warning",
                )
        for m in PERIOD.finditer(sq.text):
            y2 = int(m.group("y2"))
            if y2 < year:
                yield Hit(
                    f"{year} 年预算项目的实施周期在 {y2} 年即已结束",
                    [evidence(report, at(sq, m.start(), m.end()))],
                    expected=f"含 {year} 年",
                    found=m.group(0),
                )


@rule(
    "PUB-TEMPLATE",
    "policy",
    "warning",
    "公开文件中保留了模板占位符、备选词或填写说明",
    kinds=PUBLICATION_KINDS,
)
def template_leftovers(report: Report) -> Iterator[Hit]:
    """What the template tells the preparer is not for publication: "XX局" in a heading,
    "（增加内容）", both alternatives of "增加（减少）", "主要原因是。" with the reason left
    out, "无…的，仍保留该表格式，并在本表下方作下述说明"; and a 预算 that still describes
    its units in the words of the 决算 it was copied from ("部门预算包括：…本级决算").

    Why: Text meant for the preparer, published, shows the document was not finished.

    Limits: Only the template wordings the rule knows are recognised.
    """
    sq = squeezed(report)
    patterns = dict(TEMPLATE)
    if not tables_read(report):  # else PUB-TABLE-INSTRUCTION reads the notes under the tables
        patterns["表下的填写说明"] = TABLE_INSTRUCTION
    if not _is_final(report):
        patterns["决算的措辞"] = FINAL_WORDING
    for what, pattern in patterns.items():
        found = list(pattern.finditer(sq.text))
        if found:
            first = found[0].group(0)
            shown = first if len(first) <= 16 else first[:14] + "…"
            spans = [at(sq, m.start(), m.end()) for m in found]
            said = f"“{shown}”后未写原因" if what == EMPTY_REASON else f"保留了{what}“{shown}”"
            yield _merged(
                report,
                spans,
                f"{said}（共 {len(spans)} 处）",
                expected="删除",
                found=first,
            )


@rule(
    "PUB-OLD-SUBJECT",
    "policy",
    "warning",
    "说明使用了已停用的功能分类科目名称",
    kinds=PUBLICATION_KINDS,
)
def retired_subject(report: Report) -> Iterator[Hit]:
    """Class 210 has been 卫生健康支出 since the 2019 classification; a later publication that
    still says 医疗卫生与计划生育支出 was copied from an old one.

    Limits: Only class names renamed in the 2019 classification are known.
    """
    if not report.year or tables_read(report):
        return  # with the tables read, PUB-TEXT-SUBJECT-NAME compares every name with them
    sq = squeezed(report)
    for old, (new, since) in RETIRED_SUBJECTS.items():
        if report.year < since:
            continue
        spans = [at(sq, m.start(), m.end()) for m in re.finditer(re.escape(old), sq.text)]
        if spans:
            yield _merged(
                report,
                spans,
                f"{report.year} 年文件仍用旧科目名称“{old}”（应为“{new}”，共 {len(spans)} 处）",
                expected=new,
                found=old,
            )


@rule(
    "PUB-REASON-DIRECTION",
    "policy",
    "warning",
    "增减原因应与增减方向相符",
    kinds=PUBLICATION_KINDS,
)
def reason_direction(report: Report) -> Iterator[Hit]:
    """ "比2023年预算执行数减少2.98%。主要原因是：…经费增加": a fall explained only by a rise
    (or the reverse) explains another item; the reason was copied.

    Limits: Only reasons that speak of a single direction (增加 or 减少 alone) are judged.
    """
    for change in statements(report).changes:
        if change.direction == 0:
            continue
        tail = re.sub(r"\s+", "", report.text[change.span.end : change.span.end + 120])
        m = REASON.match(tail)
        if not m:
            continue
        why = m.group("why")
        if re.search(r"但|虽|尽管|然而", why):
            continue  # a reason that weighs one thing against another
        up, down = bool(UP_WORDS.search(why)), bool(DOWN_WORDS.search(why))
        if (change.direction < 0 and up and not down) or (change.direction > 0 and down and not up):
            said = "减少" if change.direction < 0 else "增加"
            yield Hit(
                f"金额{said}，所述原因却是“{why}”",
                [evidence(report, Span(change.span.start, change.span.end), pad=40)],
                expected=f"{said}的原因",
                found=why,
            )


@rule(
    "PUB-REPEATED-TEXT",
    "policy",
    "warning",
    "同一段文字连续重复出现",
    kinds=PUBLICATION_KINDS,
)
def repeated_text(report: Report) -> Iterator[Hit]:
    """Two or more long sentences printed again right after themselves (主要职能 items (六) to
    (十) twice in a row) are a paste made twice, not a statement made twice.

    Limits: Only long sentences repeated right after themselves; a passage repeated pages apart is
    not flagged.
    """
    sentences = _sentences(report.text)
    seen: dict[str, int] = {}
    k = 0
    while k < len(sentences):
        text, _, _ = sentences[k]
        first = seen.get(text)
        if first is not None and len(text) >= LONG and k - first <= 40:
            run = 0
            while (
                k + run < len(sentences)
                and first + run < k
                and sentences[first + run][0] == sentences[k + run][0]
            ):
                run += 1
            copied = sentences[k : k + run]
            adjacent = k - (first + run) <= 2  # only a page header or footer between the copies
            distinct = {
                t for t, _, _ in copied if len(t) >= LONG
            }  # not one table note over and over
            if adjacent and len(distinct) >= 2:
                head = Span(copied[0][1], min(copied[min(5, run - 1)][2], copied[0][1] + QUOTE))
                tail = Span(copied[-1][1], copied[-1][2])
                yield Hit(
                    f"连续 {run} 句文字重复出现（自“{text[:12]}…”至“{copied[-1][0][:12]}…”）",
                    [evidence(report, head, pad=0), evidence(report, tail, pad=0)],
                    expected="出现一次",
                    found="重复",
                )
                k += run
                continue
        seen.setdefault(text, k)
        k += 1


LONG = 20  # a sentence long enough that printing it twice is no coincidence
SENTENCE_END = re.compile(
    r"[。；;]|\n(?=\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、．]))"
)
QUOTE = 160  # characters quoted from the start of the repeated passage


def _sentences(text: str) -> list[tuple[str, int, int]]:
    """Prose sentences (whitespace removed) with where each starts and ends in `text`."""
    out = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        raw = text[start : m.end()]
        squeezed = re.sub(r"\s+", "", raw)
        if len(squeezed) >= 6 and "\t" not in raw:
            out.append((squeezed, start + len(raw) - len(raw.lstrip()), m.end()))
        start = m.end()
    return out


EMPTY_NOTE = re.compile(
    r"(?:注|说明)[:：][^。]{0,40}?(?:无|没有)(?P<what>[^。]{2,40}?)[，,]故本表(?:为空表|无数据)"
)
STATED = {
    "“三公”经费": re.compile(
        r"[“\"]三公[”\"]经费(?:财政拨款)?(?:支出)?(?:预算数|预算|决算数|决算)?为?(?P<v>\d[\d,]*(?:\.\d+)?)万元"
    ),
    "机关运行经费": re.compile(
        r"机关运行经费(?:财政拨款)?(?:支出)?(?:预算数|预算|决算数)?为?(?P<v>\d[\d,]*(?:\.\d+)?)万元"
    ),
    "政府性基金": re.compile(
        r"政府性基金(?:预算)?(?:拨款)?(?:支出|收入)(?:预算)?为?(?P<v>\d[\d,]*(?:\.\d+)?)万元"
    ),
}


@rule(
    "PUB-EMPTY-NOTE",
    "policy",
    "error",
    "表下注明“无此项、本表为空表”，说明却列出了该项金额",
    kinds=PUBLICATION_KINDS,
)
def empty_note(report: Report) -> Iterator[Hit]:
    """ "注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表" under a table that the
    说明 itself fills ("“三公”经费预算数为47.91万元"): the note was copied from a year or a
    unit that had none. With the tables read, PUB-TABLE-EMPTY-NOTE checks the table itself.

    Limits: Compares the note with figures the 说明 gives; with the tables read, PUB-TABLE-EMPTY-NOTE
    says it instead.
    """
    if report.budget_tables:
        return
    sq = squeezed(report)
    for note in EMPTY_NOTE.finditer(sq.text):
        named = re.sub(r"[“”\"]", "", note.group("what"))
        said = []
        for what, stated in STATED.items():
            if re.sub(r"[“”\"]", "", what) not in named:
                continue
            m = next(
                (m for m in stated.finditer(sq.text) if float(m.group("v").replace(",", "")) > 0),
                None,
            )
            if m is not None:
                said.append((what, m))
        if said:
            listed = "、".join(f"{what} {m.group('v')} 万元" for what, m in said)
            yield Hit(
                f"表下注明无{'、'.join(w for w, _ in said)}，说明中却列出{listed}",
                [evidence(report, at(sq, note.start(), note.end()), pad=0)]
                + [evidence(report, at(sq, m.start(), m.end())) for _, m in said],
                expected="删除该注或补列金额",
                found=note.group(0)[:40],
            )


CUTOFF_ANY = re.compile(r"截[至止](?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


@rule(
    "PUB-CUTOFF-FUTURE",
    "date_order",
    "warning",
    "预算说明的资产截止日不应晚于预算编制时",
    kinds=PUBLICATION_KINDS,
)
def cutoff_in_the_future(report: Report) -> Iterator[Hit]:
    """A 预算 for year Y is written before Y begins: "截至2026年12月31日，本单位共有车辆0辆"
    in the 2026 budget reports assets at a date that has not come (the 2025 year-end or an
    earlier date is meant).

    Limits: Only asset dates in the wording 截至…的 are read.
    """
    if not report.year or _is_final(report):
        return
    sq = squeezed(report)
    for m in CUTOFF_ANY.finditer(sq.text):
        if int(m.group("y")) >= report.year:
            yield Hit(
                f"{report.year} 年预算的资产截止日写作 {m.group('y')} 年 {m.group('m')} 月 {m.group('d')} 日，"
                "晚于预算编制时",
                [evidence(report, at(sq, m.start(), m.end()))],
                expected=f"{report.year - 1} 年或以前",
                found=m.group(0),
            )


UNIT_HEADING = re.compile(
    r"^(?P<unit>[\p{Han}（）()]{4,40}?(?:局|委员会|办公室|中心|院|馆|站|队|部|厅|街道办事处))"
    r"(?:19|20)\d\d年度?(?:区级|市级)?部门(?:决算|预算)(?:表|情况说明|编制说明)?$"
)


@rule(
    "PUB-FOREIGN-UNIT",
    "foreign_text",
    "warning",
    "标题中的单位名称与公开单位不符",
    kinds=PUBLICATION_KINDS,
)
def foreign_unit(report: Report) -> Iterator[Hit]:
    """A part heading "上海市规划和自然资源局 2024 年度部门决算表" inside the 普陀区 bureau's
    决算 names another unit: the heading was taken from another publication.

    Limits: Needs the publication's own unit name; a heading naming a unit by an abbreviation is not
    judged.
    """
    own = re.sub(r"\s+", "", report.unit or "")
    if not own:
        return
    for line in report.lines:
        text = re.sub(r"\s+", "", line.text)
        m = UNIT_HEADING.match(text)
        if not m or "XX" in text.upper():
            continue
        unit = re.sub(r"^第[一二三四五六七八九十]+部分", "", m.group("unit"))
        if unit in own or own in unit:
            continue
        yield Hit(
            f"标题写作“{unit}”，与公开单位“{own}”不符",
            [Evidence(line.page, line.number, line.text.strip())],
            expected=own,
            found=unit,
        )


NO_SUBORDINATES = re.compile(r"下属0家(?:预算|事业)?单位|下属(?:预算)?单位0家")
SUBORDINATES_SAID = re.compile(r"(?:本级|本部)(?:及|和|与)(?:其)?(?:所属|下属)(?:各)?单位")


@rule(
    "PUB-NO-SUBORDINATES",
    "foreign_text",
    "warning",
    "没有下属单位的部门，说明却称“本级及所属单位”",
    kinds=PUBLICATION_KINDS,
)
def no_subordinates(report: Report) -> Iterator[Hit]:
    """A department that is "本部以及下属0家预算单位" has no 所属单位: "主要用于局本级及所属单位
    人员经费" is template wording from a department that has some. Reported once, with every
    place.

    Limits: Needs the department's statement that it has 0 下属单位.
    """
    sq = squeezed(report)
    none = NO_SUBORDINATES.search(sq.text)
    if none is None:
        return
    said = list(SUBORDINATES_SAID.finditer(sq.text))
    if said:
        yield Hit(
            f"部门下属 0 家单位，说明却称“{said[0].group(0)}”（共 {len(said)} 处）",
            [evidence(report, at(sq, m.start(), m.end())) for m in said[:4]]
            + [evidence(report, at(sq, none.start(), none.end()))],
            expected="本级",
            found=said[0].group(0),
        )
