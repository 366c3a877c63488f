"""The data dictionary: every table and column of the research dataset, in one place.

Each column has a name (what it holds, never a word like `level` that shadows a
pandas attribute or collides across tables), a type, a unit, a Chinese and an
English description. Parquet, DuckDB, the CSV bundle, `read_dataset` and
docs/DATA.md are all built from this table, and `tests/test_dataset.py` fails
when a built table's columns differ from it. Raise SCHEMA_VERSION when a column
is added, removed, renamed or changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = "1.1"  # 1.1: each amount in 元 has its printed step (`*_yuan_step`)

# Types, as named in the dictionary; jixiao.dataset.arrow maps them to Arrow types.
TYPES = ("string", "int64", "float64", "date", "timestamp", "evidence")


@dataclass(frozen=True)
class Column:
    """One column: its name, type, unit ('' when none) and what it holds, in two languages."""

    name: str
    type: str
    unit: str
    zh: str
    en: str


def _cols(*rows: tuple[str, str, str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


S, I, F = "string", "int64", "float64"  # noqa: E741 (the three types, short for the table)
YUAN, PCT, PTS = "元", "%（0–100）", "分"


def _amount(name: str, zh: str, en: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """An amount in 元 and its companion: the step it was printed to (extractor.printed)."""
    return (
        (name, F, YUAN, zh, en),
        (
            f"{name}_step",
            F,
            YUAN,
            f"{zh}的印出精度：末位数字一个单位合多少元（“170万元”为 10000，“1,700,000.00元”为 0.01）",
            f"printed precision of {name}: one unit of its last printed digit, in yuan",
        ),
    )


_WHERE = (
    ("document_id", S, "", "所属文档编号", "id of the document (documents.document_id)"),
    ("file", S, "", "文件路径（按运行时给出的写法）", "file path as given to the run"),
    (
        "document",
        S,
        "",
        "文档标签（一个文件含多份文档时）",
        "document label within a multi-document file",
    ),
)

DOCUMENTS = _cols(
    (
        "document_id",
        S,
        "",
        "文档编号：文件 sha256 与文档标签的哈希（前 16 位），各次运行相同",
        "stable id: hash of the file's sha256 and the document label (16 hex digits)",
    ),
    ("file", S, "", "文件路径（按运行时给出的写法）", "file path as given to the run"),
    (
        "document",
        S,
        "",
        "文档标签（一个文件含多份文档时）",
        "document label within a multi-document file",
    ),
    (
        "status",
        S,
        "",
        "读取结果：ok、timeout、memory、crashed、unreadable",
        "how reading went: ok, timeout, memory, crashed, unreadable",
    ),
    ("sha256", S, "", "文件内容的 sha256", "sha256 of the file's bytes"),
    ("file_format", S, "", "文件格式（pdf、docx、xlsx、txt…）", "file format"),
    (
        "kind",
        S,
        "",
        "文档类别：project、department、self_assessment、targets、monitoring、publication",
        "document kind",
    ),
    ("title", S, "", "标题", "title"),
    ("project_name", S, "", "项目名称（原文）", "project name as printed"),
    (
        "project_key",
        S,
        "",
        "项目键：规范化的单位名 + 项目名，跨年度同一项目相同",
        "normalised unit + project name: one key per project across years",
    ),
    (
        "project_type",
        S,
        "",
        "项目类型（由项目名关键词推断，见 docs/DATA.md）",
        "project type inferred from keywords of the project name",
    ),
    ("year", I, "年", "评价或预算年度", "year evaluated or budgeted"),
    (
        "unit_name",
        S,
        "",
        "项目实施单位 / 预算单位（原文）",
        "implementing or budget unit as printed",
    ),
    (
        "unit_key",
        S,
        "",
        "规范化的单位名（去掉编码前缀与空白）",
        "normalised unit name (code prefix and spaces removed)",
    ),
    ("department_name", S, "", "主管部门（原文）", "supervising department as printed"),
    ("commissioner_name", S, "", "委托单位（原文）", "commissioning body as printed"),
    ("evaluator_name", S, "", "评价机构（原文）", "evaluating organisation as printed"),
    (
        "evaluator_key",
        S,
        "",
        "规范化的评价机构名（去掉有限公司、（特殊普通合伙）、空白等）",
        "normalised evaluator (legal-form suffixes and spaces removed)",
    ),
    (
        "province",
        S,
        "",
        "省级行政区（由单位名、部门名、标题推断）",
        "province, inferred from the unit, department and title",
    ),
    (
        "city",
        S,
        "",
        "地级行政区（直辖市的区县为直辖市本身）",
        "prefecture-level city (a municipality for its districts)",
    ),
    ("county", S, "", "县级行政区", "county-level division"),
    (
        "admin_level",
        S,
        "",
        "行政层级：central（中央）、province、city、county（所认出的最细一级）",
        "government level: central, province, city or county (the finest division found)",
    ),
    (
        "region_code",
        S,
        "",
        "行政区划代码（最细一级）",
        "administrative division code of the finest level found",
    ),
    (
        "region_source",
        S,
        "",
        "地区取自哪个字段（unit_name、department_name、title、project_name、file）",
        "which field the region was read from",
    ),
    (
        "report_date",
        "date",
        "",
        "报告日期（只印到月的取当月 1 日，见 report_date_precision）",
        "report date (first day of the month or year when printed coarser)",
    ),
    ("report_date_text", S, "", "报告日期（原文写法）", "report date as recorded"),
    (
        "report_date_precision",
        S,
        "",
        "报告日期精度：day、month、year",
        "precision of the printed date: day, month, year",
    ),
    ("total_score", F, PTS, "总分", "total score"),
    ("grade", S, "", "等级（优、良、中、差）", "grade"),
    ("pages", I, "页", "文件页数", "pages of the file"),
    ("page_start", I, "页", "文档起始页（多文档文件）", "first page of the document in its file"),
    ("page_end", I, "页", "文档结束页", "last page of the document in its file"),
    ("sheet", S, "", "工作表名（表格文件）", "worksheet name"),
    *_amount("initial_budget_yuan", "年初预算数", "initial budget"),
    *_amount("budget_yuan", "全年预算数（调整后）", "full-year budget"),
    *_amount("received_yuan", "到位资金", "funds received"),
    *_amount("spent_yuan", "执行数（实际支出）", "funds spent"),
    ("execution_rate", F, PCT, "预算执行率", "budget execution rate"),
    ("arrival_rate", F, PCT, "资金到位率", "funds arrival rate"),
    ("questionnaire_issued", I, "份", "问卷发放数", "questionnaires issued"),
    ("questionnaire_recovered", I, "份", "问卷回收数", "questionnaires recovered"),
    ("questionnaire_valid", I, "份", "有效问卷数", "valid questionnaires"),
    ("satisfaction", F, PCT, "满意度", "satisfaction"),
    ("indicator_count", I, "条", "指标条数（各级）", "indicators read, all levels"),
    ("finding_errors", I, "条", "错误级问题数", "findings of severity error"),
    ("finding_warnings", I, "条", "警告级问题数", "findings of severity warning"),
    ("finding_infos", I, "条", "提示级问题数", "findings of severity info"),
)

INDICATORS = _cols(
    (
        "indicator_id",
        S,
        "",
        "指标编号：文档编号 + 指标在文档中的序号",
        "stable id: document id and position",
    ),
    *_WHERE,
    ("position", I, "", "在文档中的序号（从 0 起）", "order within the document, from 0"),
    ("indicator_level", I, "级", "指标层级：1、2、3", "level in the score tree: 1, 2, 3"),
    (
        "code",
        S,
        "",
        "指标编码（原文的 A101，或按层级推导的 1.2.3，见 code_source）",
        "code as printed (A101) or derived from the tree (1.2.3)",
    ),
    ("code_source", S, "", "编码来源：printed（原文）或 derived（推导）", "printed or derived"),
    ("parent_code", S, "", "上级指标编码", "code of the parent indicator"),
    ("indicator_name", S, "", "指标名称（原文）", "indicator name as printed"),
    ("parent_name", S, "", "上级指标名称", "parent indicator name"),
    ("level1", S, "", "一级指标名称", "level-1 ancestor (or itself)"),
    ("level2", S, "", "二级指标名称", "level-2 ancestor (or itself)"),
    ("level3", S, "", "三级指标名称", "level-3 name (itself, for level-3 rows)"),
    (
        "canonical_name",
        S,
        "",
        "规范指标名（docs/DATA.md 所列词表；未能对应为空）",
        "canonical indicator name from the shipped vocabulary",
    ),
    ("canonical_confidence", F, "0–1", "对应的置信度", "confidence of the mapping"),
    ("canonical_method", S, "", "对应方式：exact、alias、segments、none", "how it was mapped"),
    ("weight", F, PTS, "分值（权重）", "weight (points)"),
    ("score", F, PTS, "得分", "score"),
    ("score_rate", F, PCT, "得分率", "score as a share of the weight"),
    ("benchmark", S, "", "评价标准 / 目标值（原文）", "benchmark as printed"),
    ("operator", S, "", "目标值运算符（≥ ≤ = ＞ ＜）", "target operator"),
    ("target_text", S, "", "目标值（原文）", "target as printed"),
    ("target_value", F, "见 measure_unit", "目标值（数值）", "target value"),
    (
        "measure_unit",
        S,
        "",
        "指标的计量单位（%、个、万元…）",
        "unit of measure of the target and actual",
    ),
    ("actual_text", S, "", "实际完成值（原文）", "actual as printed"),
    ("actual_value", F, "见 measure_unit", "实际完成值（数值）", "actual value"),
    ("rubric", S, "", "评分标准", "scoring rule"),
    ("reason", S, "", "偏差原因 / 未完成原因", "reason given for a deviation"),
    ("nature", S, "", "指标性质（正向、反向、定性…）", "indicator nature as printed"),
    ("page", I, "页", "所在页", "page"),
    ("line", I, "行", "所在行", "line"),
    ("quote", S, "", "原文摘录", "quote"),
)

FUNDS = _cols(
    ("fund_id", S, "", "资金行编号：文档编号 + 序号", "stable id: document id and position"),
    *_WHERE,
    ("position", I, "", "序号（从 0 起）", "order within the document, from 0"),
    (
        "source",
        S,
        "",
        "来源：form_row（表格的资金行）或 record（报告的资金概况）",
        "form_row (a form's funds row) or record (a report's funds summary)",
    ),
    ("label", S, "", "资金行名称（年度资金总额、本年财政拨款…）", "funds row label as printed"),
    *_amount("initial_budget_yuan", "年初预算数", "initial budget"),
    *_amount("budget_yuan", "全年预算数", "full-year budget"),
    *_amount("received_yuan", "到位资金", "funds received"),
    *_amount("spent_yuan", "执行数", "funds spent"),
    ("execution_rate", F, PCT, "执行率", "execution rate"),
    ("arrival_rate", F, PCT, "到位率", "arrival rate"),
    ("weight", F, PTS, "分值", "weight"),
    ("score", F, PTS, "得分", "score"),
)

FINDINGS = _cols(
    (
        "finding_id",
        S,
        "",
        "问题编号：问题内容的指纹，各次运行相同（复核决定按它记录）",
        "content fingerprint of the finding, the same in every run",
    ),
    *_WHERE,
    ("rule", S, "", "规则编号", "rule id"),
    ("check", S, "", "问题类别（英文词）", "check word"),
    ("check_zh", S, "", "问题类别（中文）", "check, in Chinese"),
    ("severity", S, "", "级别：error、warning、info", "severity"),
    ("severity_zh", S, "", "级别（中文）", "severity, in Chinese"),
    ("message", S, "", "问题说明", "message"),
    ("expected_text", S, "", "应为（原样文本）", "expected value as text"),
    (
        "expected_value",
        F,
        "",
        "应为（数值；不是单个数时为空）",
        "expected value when it is one number",
    ),
    ("found_text", S, "", "实为（原样文本）", "found value as text"),
    ("found_value", F, "", "实为（数值；不是单个数时为空）", "found value when it is one number"),
    ("page", I, "页", "第一条证据所在页", "page of the first evidence"),
    ("line", I, "行", "第一条证据所在行", "line of the first evidence"),
    ("quote", S, "", "第一条证据的原文", "quote of the first evidence"),
    (
        "evidence",
        "evidence",
        "",
        "全部证据：页、行、工作表、原文的列表",
        "all evidence: list of page, line, sheet, quote",
    ),
    ("decision", S, "", "复核决定：确认、不采纳、待核（未复核为空）", "review decision, if any"),
    ("decision_note", S, "", "复核说明", "review note"),
    ("reviewer", S, "", "复核人", "reviewer"),
    ("decided_at", "timestamp", "", "复核时间", "time of the decision"),
)

DECISIONS = _cols(
    ("finding_id", S, "", "问题编号", "finding id"),
    ("decision", S, "", "复核决定：确认、不采纳、待核", "decision"),
    ("decision_note", S, "", "复核说明", "note"),
    ("reviewer", S, "", "复核人", "reviewer"),
    ("decided_at", "timestamp", "", "复核时间", "time of the decision"),
)

RUN_INFO = _cols(
    ("schema_version", S, "", "本数据字典的版本", "version of this data dictionary"),
    ("jixiao_version", S, "", "生成数据的 jixiao 版本", "jixiao version that produced the data"),
    (
        "code_hash",
        S,
        "",
        "读取与规则代码的哈希（结果随代码变化）",
        "hash of the extractor and rules source",
    ),
    ("profile", S, "", "评分口径（--profile；默认 national）", "scoring profile"),
    ("options", S, "", "影响结果的其他选项（JSON）", "other options that change results, as JSON"),
    ("python_version", S, "", "Python 版本", "Python version"),
    ("files", I, "个", "文件数", "files"),
    ("files_failed", I, "个", "未能读取的文件数", "files that could not be read"),
    ("documents", I, "份", "文档数", "documents"),
    ("indicators", I, "条", "指标数", "indicators"),
    ("findings", I, "条", "问题数", "findings"),
)

UNMAPPED = _cols(
    (
        "indicator_name",
        S,
        "",
        "未能对应到规范词表的指标名",
        "indicator name not mapped to the vocabulary",
    ),
    ("level2", S, "", "其二级指标", "its level-2 category"),
    ("occurrences", I, "次", "出现次数", "how often it occurs"),
    ("best_guess", S, "", "最接近的规范名", "closest canonical name"),
    (
        "best_confidence",
        F,
        "0–1",
        "最接近者的置信度（低于阈值）",
        "its confidence (below the threshold)",
    ),
)

COLUMNS = _cols(
    ("table_name", S, "", "表名", "table"),
    ("column_name", S, "", "列名", "column"),
    ("data_type", S, "", "类型", "type"),
    ("unit", S, "", "单位", "unit"),
    ("description_zh", S, "", "中文说明", "description in Chinese"),
    ("description_en", S, "", "英文说明", "description in English"),
    ("schema_version", S, "", "数据字典版本", "schema version"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENTS,
    "indicators": INDICATORS,
    "funds": FUNDS,
    "findings": FINDINGS,
    "decisions": DECISIONS,
    "run_info": RUN_INFO,
    "unmapped": UNMAPPED,
    "columns": COLUMNS,
}

TABLE_ZH = {
    "documents": "文档：每份文档一行（未能读取的文件也有一行）",
    "indicators": "指标：各级评分指标与绩效目标，每条一行",
    "funds": "资金：表格的资金行与报告的资金概况",
    "findings": "问题：每条审核发现一行，附复核决定",
    "decisions": "复核决定：每条已复核的问题一行",
    "run_info": "运行信息：生成数据的版本、口径与计数（一行）",
    "unmapped": "未对应的指标名：用于扩充规范词表",
    "columns": "数据字典：每列一行",
}
TABLE_EN = {
    "documents": "one row per document (a file that could not be read still has one)",
    "indicators": "score-tree indicators and performance targets, one row each",
    "funds": "funds rows of forms and funds summaries of reports",
    "findings": "one row per finding, with its review decision",
    "decisions": "one row per reviewed finding",
    "run_info": "version, options and counts of the run that produced the data (one row)",
    "unmapped": "indicator names the vocabulary does not map yet",
    "columns": "the data dictionary, one row per column",
}


def dictionary_rows() -> list[dict[str, str]]:
    """The `columns` table: one row per column of every table."""
    return [
        {
            "table_name": table,
            "column_name": c.name,
            "data_type": c.type,
            "unit": c.unit,
            "description_zh": c.zh,
            "description_en": c.en,
            "schema_version": SCHEMA_VERSION,
        }
        for table, columns in TABLES.items()
        for c in columns
    ]
