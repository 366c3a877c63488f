"""A publication's standard tables as parts: present, labelled and annotated as they should be.

A 部门决算 lists its nine tables in the 目录 and must print each; a table annotated
"本表为空表" must be empty; the 经济分类 codes of the 基本支出 table are the
government's (30203 is 咨询费 everywhere), so a code printed beside another item's
name is a numbering made up by the preparer.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractor.budget.model import BASIC_ECONOMIC, GOV_FUND, STATE_CAPITAL, BudgetTable
from extractor.model import Evidence, Report
from extractor.normalize import canon

from .numeric import EPS
from .registry import PUBLICATION_KINDS, Hit, rule

EMPTY_NOTE = re.compile(r"(?:故|因此)?本表(?:为空表|无数据|数据为空)|空表")

# 支出经济分类科目 (部门预算) of 基本支出: code → name, as the classification prints them.
ECONOMIC = {
    "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30106": "伙食补助费",
    "30107": "绩效工资", "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费", "30112": "其他社会保障缴费",
    "30113": "住房公积金", "30114": "医疗费", "30199": "其他工资福利支出",
    "30201": "办公费", "30202": "印刷费", "30203": "咨询费", "30204": "手续费", "30205": "水费",
    "30206": "电费", "30207": "邮电费", "30208": "取暖费", "30209": "物业管理费",
    "30211": "差旅费", "30212": "因公出国(境)费用", "30213": "维修(护)费", "30214": "租赁费",
    "30215": "会议费", "30216": "培训费", "30217": "公务接待费", "30218": "专用材料费",
    "30224": "被装购置费", "30225": "专用燃料费", "30226": "劳务费", "30227": "委托业务费",
    "30228": "工会经费", "30229": "福利费", "30231": "公务用车运行维护费",
    "30239": "其他交通费用", "30240": "税金及附加费用", "30299": "其他商品和服务支出",
    "30301": "离休费", "30302": "退休费", "30303": "退职(役)费", "30304": "抚恤金",
    "30305": "生活补助", "30306": "救济费", "30307": "医疗费补助", "30308": "助学金",
    "30309": "奖励金", "30310": "个人农业生产补贴", "30311": "代缴社会保险费",
    "30399": "其他对个人和家庭的补助",
    "31001": "房屋建筑物购建", "31002": "办公设备购置", "31003": "专用设备购置",
    "31005": "基础设施建设", "31006": "大型修缮", "31007": "信息网络及软件购置更新",
    "31008": "物资储备", "31013": "公务用车购置", "31019": "其他交通工具购置",
    "31021": "文物和陈列品购置", "31022": "无形资产购置", "31099": "其他资本性支出",
}  # fmt: skip
CODE_OF = {name: code for code, name in ECONOMIC.items()}


def _tables(report: Report) -> list[BudgetTable]:
    return list(getattr(report, "budget_tables", None) or [])


@rule(
    "PUB-TABLE-MISSING",
    "policy",
    "error",
    "目录所列的公开表应在文中印出",
    kinds=PUBLICATION_KINDS,
)
def missing(report: Report) -> Iterator[Hit]:
    """A table the publication's 目录 lists ("三、支出决算表") and never prints: one of the
    required tables is absent. Said only when the other listed tables are all found under
    their captions, so that a caption the reader cannot recognise is not taken for a
    missing table.

    Limits: Needs a 目录 listing the tables; a publication without one is not judged.
    """
    for line, name in report.missing_tables:
        yield Hit(
            f"目录列有“{name}”，但文中未见该表",
            [Evidence(line.page, line.number, line.text.strip())],
            expected=name,
            found=None,
        )


@rule(
    "PUB-TABLE-EMPTY-NOTE",
    "policy",
    "error",
    "注明为空表的表格不应列有金额",
    kinds=PUBLICATION_KINDS,
)
def empty_note(report: Report) -> Iterator[Hit]:
    """A table whose note says it is empty ("本部门无“三公”经费预算，故本表为空表") while its
    rows print non-zero amounts: a template note left under a filled table (or a table
    filled by mistake).

    Limits: Only notes in the wording the rule knows (空表, 无此类收支) are read.
    """
    for table in _tables(report):
        note = next((n for n in table.notes if EMPTY_NOTE.search(canon(n.quote))), None)
        if note is None:
            continue
        filled = [(row, q) for row in table.rows for q in row.values.values() if abs(q.value) > EPS]
        if not filled:
            continue
        row, q = filled[0]
        yield Hit(
            f"表下注明“{note.quote[:40]}”，但表中列有金额 {q.raw}",
            [note, row.evidence],
            expected=0,
            found=q.value,
        )


OTHER_FUND = {
    GOV_FUND: ("政府性基金", "国有资本经营"),
    STATE_CAPITAL: ("国有资本经营", "政府性基金"),
}
INSTRUCTION = re.compile(
    r"仍保留该表格式|并在本表下方作下述说明|(?:请|应)(?:根据|按照)实际情况填写"
)


@rule(
    "PUB-TABLE-NOTE-KIND",
    "policy",
    "warning",
    "表下的说明应针对本表",
    kinds=PUBLICATION_KINDS,
)
def note_kind(report: Report) -> Iterator[Hit]:
    """The note under the 国有资本经营预算 table that speaks of the 政府性基金预算 (or the
    reverse): the previous table's note copied, so the table's own emptiness is not
    explained.

    Limits: Only the 国有资本经营预算 and 政府性基金预算 pair is compared.
    """
    for table in _tables(report):
        if table.kind not in OTHER_FUND:
            continue
        own, other = OTHER_FUND[table.kind]
        for note in table.notes:
            text = canon(note.quote)
            if other in text and own not in text and EMPTY_NOTE.search(text):
                yield Hit(
                    f"{own}预算表下的说明讲的是{other}预算：“{note.quote[:40]}”",
                    [note],
                    expected=own,
                    found=other,
                )
                break


@rule(
    "PUB-TABLE-INSTRUCTION",
    "policy",
    "warning",
    "表下不应保留模板的编制要求",
    kinds=PUBLICATION_KINDS,
)
def instruction(report: Report) -> Iterator[Hit]:
    """The template's instruction to the preparer printed under a table ("无…的，仍保留该表
    格式，并在本表下方作下述说明"): text meant for the preparer, not the reader. The same
    instruction under several tables is one finding.

    Limits: Only the instruction wordings the rule knows are recognised.
    """
    for table in _tables(report):
        for note in table.notes:
            if INSTRUCTION.search(canon(note.quote)):
                yield Hit(
                    "表下印有模板的编制要求（“仍保留该表格式，并在本表下方作下述说明”之类）",
                    [note],
                    expected=None,
                    found=note.quote,
                )
                break


@rule(
    "PUB-TABLE-ECON-CODE",
    "policy",
    "warning",
    "经济分类科目编码应与科目名称相符",
    kinds=PUBLICATION_KINDS,
)
def econ_code(report: Report) -> Iterator[Hit]:
    """A 基本支出 row whose economic code belongs to another item of the classification
    ("302 02 咨询费": 咨询费 is 30203, 30202 is 印刷费). Only names the classification
    knows are judged; one finding a table, listing the rows.

    Limits: Only economic codes whose names the classification table knows are judged.
    """
    for table in _tables(report):
        if table.kind != BASIC_ECONOMIC:
            continue
        wrong = []
        for row in table.coded():
            name = canon(row.name or "")
            right = CODE_OF.get(name)
            if right and row.code in ECONOMIC and row.code != right:
                wrong.append((row, right))
        if not wrong:
            continue
        listed = "、".join(f"{r.code} {canon(r.name or '')}（应为 {c}）" for r, c in wrong[:4])
        more = f"等 {len(wrong)} 处" if len(wrong) > 4 else ""
        yield Hit(
            f"基本支出表的经济分类科目编码与名称不符：{listed}{more}",
            [r.evidence for r, _ in wrong],
            expected=wrong[0][1],
            found=wrong[0][0].code,
        )


__all__ = ["econ_code", "empty_note", "instruction", "missing", "note_kind"]
