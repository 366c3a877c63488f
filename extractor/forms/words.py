"""The words a form is read by: identity labels, funds labels, header words and their roles.

Forms name the same column differently (年度指标值, 本年绩效指标值, 目标值 are all
the target), so a header cell is read as a role, never by its position. The
labels of the identity, funds and total rows, the marks of an empty cell
(PLACEHOLDER) and the grades are here too: every other module of the package
reads cells against these.
"""

from __future__ import annotations

import regex as re

from ..normalize import canon
from ..units import YUAN_ALT

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
    # Fujian's 部门整体绩效自评表: ① 年初部门预算安排金额 + ② 年中调整金额 = ③ 小计, ④ 年度拨付金额,
    # ⑤ 支出实现率 = ④/③
    ("年初部门预算安排金额", "initial"),
    ("小计③=①+②", "budget"),
    ("年度拨付金额", "spent"),
    ("支出实现率", "rate"),
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
    r"^(?:其中[:：])?\s*(?:[①-⑳]\s*)?(?:财政资金小计|其他资金小计|中央财政资金|省级财政资金|地方财政资金|年度资金总额|年度总金额|资金总额|项目资金总额|年度资金申请总额|总额|年度财政资金总额|"
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
    ("指标分值", "weight"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("指标得分", "score"),
    ("自评得分", "score"),
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


TOTAL = re.compile(r"^(?:总分|合计|总\s*计)[:：]?$")
END = re.compile(
    r"^(?:评价结论|存在问题|改进措施|其他需要说明事项|项目负责人|偏差大或目标未完成原因分析|改进措施及结果应用方案"
    r"|保障绩效目标实现措施|主管部门审核意见|单位公章)"
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


GOAL_LABEL = re.compile(
    r"^(?:年度总体目标|整体绩效目标|年度绩效目标|当年绩效目标|总体目标|年度目标)$"
)


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
