"""docs/DATA.md, generated from the data dictionary (`python -m jixiao.dataset.docs > docs/DATA.md`).

tests/test_dataset.py fails when the file differs from what this prints, so the
document never drifts from the tables.
"""

from __future__ import annotations

from .schema import SCHEMA_VERSION, TABLE_EN, TABLE_ZH, TABLES
from .vocabulary import vocabulary

INTRO = f"""# 数据集 / The dataset

数据字典版本 / schema version **{SCHEMA_VERSION}**. 本文件由 `jixiao/dataset/schema.py` 生成
（`make docs`），请勿手改。Generated from `jixiao/dataset/schema.py` by `make docs`; do not edit.

`jixiao audit … --out OUT` 在 `OUT/dataset/` 写出下列各表（每表一个 Parquet 文件，`csv/` 下
一个带 BOM 的 UTF-8 CSV 供 Excel 打开），并写入 `OUT/audit.duckdb` 的 `dataset` 模式
（`SELECT * FROM dataset.documents`；duckdb 1.1 及以后的版本都能打开）。Python 中：
`jixiao.read_dataset(OUT)`。`jixiao export OUT --to DIR` 由 OUT 中已有的结果重建这些文件和
`DIR/charts/` 下的图表，不重读任何文件。

Each bulk run writes these tables to `OUT/dataset/` (one Parquet file per table, a UTF-8
CSV with BOM per table in `csv/` for Excel) and into schema `dataset` of `OUT/audit.duckdb`,
readable by duckdb 1.1 and later. Each Parquet file carries this dictionary in its metadata
(`jixiao.schema_version`, `jixiao.columns`, and each field's `unit` and descriptions); DuckDB
has it as the table `dataset.columns` and as column comments. DuckDB also has the view
`dataset.panel`：项目 × 年度面板 / the project × year panel (project_key, year, unit_key,
project_name, province, city, county, documents, total_score, execution_rate, budget_yuan).

## 约定 / Conventions

- 金额一律为元（float），无论原文用万元还是亿元；比率为 0–100 的百分数；得分为分。
  Amounts are in 元 as floats whatever unit was printed; rates are percentages on 0–100.
- 原文总在旁边：`*_text`、`indicator_name`、`unit_name`、`evaluator_name` 保留原样，规范化的值另列。
  The printed text is kept beside every normalised value.
- 编号稳定：`document_id` 由文件 sha256 与文档标签算出，`finding_id` 是问题内容的指纹，
  同一文件在任何一次运行、任何文件夹中都相同。Ids are stable across runs and folders.
- 层级：`indicator_level` 为 1/2/3；`level1`/`level2`/`level3` 是从一级到本行的名称；
  `code` 为原文编码（A101），原文没有编码时按层级推导（1.2.3，`code_source = derived`）。
- 地区由单位名、主管部门、标题、项目名、文件名依次推断，所用行政区划表为 cpca 包所带
  （2019 年前后的区划；之后更名的地名不识别；只写“县”“区”而无地名的单位没有地区；简称如
  “巴州”不识别）。Regions come from the gazetteer shipped by the `cpca` package; renamed
  divisions, nameless units and abbreviations are not recognised.
- 评价机构规范名去掉“有限公司”“（特殊普通合伙）”、空白与全半角差别；`project_key` 为规范化单位
  名 + 去掉年份与编码前缀的项目名的哈希，用于构建项目 × 年度的面板。
- 项目类型（`project_type`）按项目名的关键词推断（去掉单位名后），是粗分类，仅供分组。
- 每个金额列旁有 `*_step`：原文印出的精度，即末位数字的一个单位合多少元（“170万元”为 10000，
  “1,700,000.00元”为 0.01，表格文件按单元格的显示格式）；原值只在 ±step/2 内可信，比较两份文件的
  金额时按其中较粗的精度。Every amount has a `*_step` companion: one unit of its last printed
  digit in 元 (10000 for "170万元"); the value is known to ± half of it.
"""


def data_markdown() -> str:
    """The whole of docs/DATA.md."""
    lines = [INTRO]
    for table, columns in TABLES.items():
        lines += [f"## `{table}`", "", f"{TABLE_ZH[table]}。{TABLE_EN[table]}.", ""]
        lines += [
            "| 列 column | 类型 type | 单位 unit | 说明 | description |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| `{c.name}` | {c.type} | {c.unit} | {c.zh} | {c.en} |" for c in columns]
        lines.append("")
    lines += [
        "## 规范指标名 / Canonical indicator names",
        "",
        "`jixiao/dataset/data/indicator_vocabulary.tsv`；未能对应的名称见 `unmapped` 表。",
        "The vocabulary file; names it does not map are listed in the `unmapped` table.",
        "",
        "| 规范名 | 别名 aliases | 所属二级指标 level-2 |",
        "|---|---|---|",
    ]
    for entry in vocabulary():
        lines.append(
            f"| {entry.canonical} | {'、'.join(sorted(entry.aliases))} | {'、'.join(entry.categories)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(data_markdown(), end="")
