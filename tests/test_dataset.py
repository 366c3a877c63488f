"""The research dataset (jixiao.dataset): its dictionary, its values, and the files that carry it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pandas as pd
import pyarrow.parquet as pq
import pytest

import jixiao
from jixiao.batch import run_batch
from jixiao.dataset import SCHEMA_VERSION, TABLES, build_dataset
from jixiao.dataset.build import build_rows, value_text
from jixiao.dataset.cli import export
from jixiao.dataset.docs import data_markdown
from jixiao.dataset.names import evaluator_key, parse_date, project_key
from jixiao.dataset.regions import find_region
from jixiao.dataset.vocabulary import canonical
from jixiao.extras import MissingExtra, need
from jixiao.outputs import write_outputs
from jixiao.pipeline import collect

from .conftest import CORPUS, REPORTS, ROOT

FORMS = CORPUS / "forms" / "xlsx"
INPUTS = (
    REPORTS / "bazhou_mine_plan_2022.txt",
    REPORTS / "yanqi_grassland_fund_2022.txt",
    FORMS / "chizhou_tangxi_entrusted_2022.xlsx",
    FORMS / "sichuan_forms_one_sheet.xlsx",  # several documents in one file
    FORMS / "daying_repair_2023.xlsx",  # one of them again, alone: the panel's 2 documents
)
# The dictionary's (table, column, type) as of SCHEMA_VERSION: change a column, and both the
# version and this fingerprint must change (and docs/DATA.md be regenerated: make docs).
FINGERPRINTS = {"1.1": "a21733b14b0e2e25"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dataset")
    folder = tmp / "in"
    folder.mkdir()
    for path in INPUTS:
        shutil.copy(path, folder / path.name)
    result = run_batch(collect([str(folder)]), workers=2, options={"profile": "strict"})
    out = tmp / "out"
    write_outputs(out, result)
    return out, result


@pytest.fixture(scope="module")
def data(run):
    return jixiao.read_dataset(run[0])


def by_file(frame, name):
    return frame[frame["file"].str.endswith(name)]


# ---------------------------------------------------------------- the dictionary


def test_every_table_has_exactly_the_dictionarys_columns(run):
    rows = build_rows(run[1]).tables
    for table, columns in TABLES.items():
        if rows.get(table):  # the row dicts the builder makes: no key the dictionary lacks
            assert set(rows[table][0]) == {c.name for c in columns}, table
    written = pq.read_table(run[0] / "dataset" / "indicators.parquet")
    assert written.column_names == [c.name for c in TABLES["indicators"]]
    assert "level" not in written.column_names and "unit" not in written.column_names
    blob = "\n".join(f"{t}.{c.name}:{c.type}" for t, cs in TABLES.items() for c in cs)
    assert hashlib.sha256(blob.encode()).hexdigest()[:16] == FINGERPRINTS[SCHEMA_VERSION]


def test_data_md_is_generated_from_the_dictionary():
    assert (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8") == data_markdown()


def test_the_dictionary_travels_with_the_files(run, data):
    meta = pq.read_schema(run[0] / "dataset" / "documents.parquet").metadata
    assert meta[b"jixiao.schema_version"].decode() == SCHEMA_VERSION
    columns = json.loads(meta[b"jixiao.columns"])
    assert columns[0]["name"] == "document_id" and columns[0]["zh"].startswith("文档编号")
    field = pq.read_schema(run[0] / "dataset" / "funds.parquet").field("budget_yuan")
    assert field.metadata[b"unit"].decode() == "元"
    dictionary = data.columns
    row = dictionary[
        (dictionary.table_name == "indicators") & (dictionary.column_name == "measure_unit")
    ]
    assert row.description_zh.item() == "指标的计量单位（%、个、万元…）"


# ---------------------------------------------------------------- values


def test_tree_places_for_reports_and_forms(data):
    ind = data.indicators
    a101 = by_file(ind, "bazhou_mine_plan_2022.txt").query("code == 'A101'").iloc[0]
    assert (a101.indicator_level, a101.parent_code, a101.code_source) == (3, "A1", "printed")
    assert (a101.level1, a101.level2, a101.level3) == ("项目决策", "项目立项", "立项依据充分性")
    yanqi = by_file(ind, "yanqi_grassland_fund_2022.txt")  # no codes printed: derived from the tree
    first = yanqi[yanqi.indicator_name == "立项依据充分性"].iloc[0]
    assert (first.code, first.parent_code, first.code_source) == ("1.1.1", "1.1", "derived")
    assert (first.level1, first.level2) == ("决策", "项目立项")
    form = by_file(ind, "chizhou_tangxi_entrusted_2022.xlsx").iloc[0]
    assert (form.level1, form.level2, form.level3) == (
        "产出指标",
        "数量指标",
        "基建工程委托业务项目数量",
    )
    assert (form.code, form.parent_code, form.measure_unit, form.target_value) == (
        "1.1.1",
        "1.1",
        "个",
        50.0,
    )


def test_documents_typed_and_comparable(data):
    docs = data.documents
    bazhou = by_file(docs, "bazhou_mine_plan_2022.txt").iloc[0]
    assert bazhou.report_date == dt.datetime(2023, 7, 1) and bazhou.report_date_precision == "month"
    assert (bazhou.province, bazhou.city) == ("新疆维吾尔自治区", "巴音郭楞蒙古自治州")
    assert bazhou.evaluator_key == "新疆财讯睿智信息咨询" and bazhou.budget_yuan == 1700000.0
    yanqi = by_file(docs, "yanqi_grassland_fund_2022.txt").iloc[0]
    assert (yanqi.county, yanqi.region_code) == ("焉耆回族自治县", "652826")
    sichuan = by_file(docs, "sichuan_forms_one_sheet.xlsx")
    assert len(sichuan) == 4 and sichuan.document_id.is_unique
    daying = sichuan[sichuan.unit_name == "大英县司法局"]
    assert set(daying.project_type) == {"补助补贴", "基本建设"}
    assert str(docs.year.dtype) == "Int64" and str(docs.unit_name.dtype) == "string"


def test_amounts_keep_the_step_they_were_printed_to(data):
    """ "170万元" is known to 10,000 元; "89.9740" in a 万元 column to 1 元; "0" there to 10,000."""
    bazhou = by_file(data.documents, "bazhou_mine_plan_2022.txt").iloc[0]
    assert (bazhou.budget_yuan, bazhou.budget_yuan_step) == (1_700_000.0, 10_000.0)
    funds = by_file(data.funds, "chizhou_tangxi_entrusted_2022.xlsx").set_index("label")
    assert (funds.budget_yuan["本年财政拨款"], funds.budget_yuan_step["本年财政拨款"]) == (
        899_740.0,
        1.0,
    )
    assert funds.initial_budget_yuan_step["本年财政拨款"] == 1.0  # 90, shown "90.0000"
    assert funds.budget_yuan_step["年度资金总额"] == 10_000.0
    assert pd.isna(funds.received_yuan_step["本年财政拨款"])  # no such column printed


def test_findings_numbers_beside_text_and_evidence_as_a_list(data):
    f = data.findings
    rubric = f[f.expected_text == "[4, 3.882, 3.8]"].iloc[0]  # not 3.8819999999999992
    assert rubric.found_value == 3.98 and pd_isna(rubric.expected_value)
    assert rubric.evidence[0]["page"] >= 1 and isinstance(rubric.evidence[0]["quote"], str)
    assert set(f.severity_zh) <= {"错误", "警告", "提示"}
    assert value_text([4.0, 3.8819999999999992, 3.8]) == "[4, 3.882, 3.8]"
    assert value_text(1690000.0) == "1690000"


def pd_isna(value) -> bool:
    return value is None or value != value


def test_run_info_records_the_profile_and_version(data):
    info = data.run_info.iloc[0]
    assert (info.schema_version, info.profile, info.files, info.documents) == (
        SCHEMA_VERSION,
        "strict",
        5,
        8,
    )


def test_decisions_join_the_findings(run):
    @dataclass(frozen=True)
    class Decision:  # the review interface's shape
        finding_id: str
        decision: str
        note: str
        reviewer: str
        time: str

    result = run[1]
    finding = result.findings[0]
    finding.setdefault("id", "f-test-1")  # the review helper's fingerprint, until the merge
    decision = Decision(finding["id"], "不采纳", "口径不同", "张三", "2026-11-30T10:00:00+08:00")
    tables = build_dataset(result, {finding["id"]: decision})
    row = tables["findings"].to_pylist()[0]
    assert (row["finding_id"], row["decision"], row["reviewer"]) == (
        finding["id"],
        "不采纳",
        "张三",
    )
    assert row["decided_at"] == dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)
    assert tables["decisions"].num_rows == 1


def test_canonical_names_and_the_unmapped_table(data):
    assert canonical("预算执行率").method == "exact"
    satisfied = canonical("单位人员满意度", "满意度")
    assert (satisfied.canonical, satisfied.confidence, satisfied.method) == (
        "满意度",
        0.9,
        "segments",
    )
    assert canonical("社会效益").canonical == "社会效益"
    unmapped = data.unmapped
    assert "筛选子项目工程量的资金测算准确率" in set(unmapped.indicator_name)
    mapped = data.indicators.dropna(subset=["canonical_name"])
    assert set(mapped.canonical_name) >= {"预算执行率", "资金到位率", "满意度"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("焉耆县自然资源局", ("新疆维吾尔自治区", "巴音郭楞蒙古自治州", "焉耆回族自治县")),
        ("北京市朝阳区教育局", ("北京市", "北京市", "朝阳区")),  # a municipality is its own city
        ("湖北工程学院", ("湖北省", None, None)),
        ("朝阳区教育局", (None, None, None)),  # two provinces have one: not guessed
        ("县社会保险事业管理中心", (None, None, None)),  # cpca's placeholder '县' is no place
        ("巴州天山南麓生态修复", (None, None, None)),  # '山南' inside a word is no 山南市
    ],
)
def test_region_from_a_name(text, expected):
    region = find_region([("unit_name", text)])
    assert (region.province, region.city, region.county) == expected


def test_a_central_body_has_no_region_but_its_level():
    region = find_region([("unit_name", "国家信访局本级"), ("title", "北京市信访工作")])
    assert (region.province, region.level) == (None, "central")
    assert find_region([("unit_name", "大英县司法局")]).level == "county"


def test_keys_for_evaluators_projects_and_dates():
    assert evaluator_key("北京中兴华 会计师事务所（特殊普通合伙）") == evaluator_key(
        "北京中兴华会计师事务所"
    )
    assert evaluator_key("新疆财讯睿智信息咨询有限公司") == evaluator_key("新疆财讯睿智信息咨询")
    a = project_key("51092324-大英县司法局", "51092324T000010198540-2023年社区矫正中心维修改造项目")
    b = project_key("大英县 司法局", "2024年社区矫正中心维修改造项目")
    assert a == b and a != project_key("大英县司法局", "社区矫正中心运行经费")
    assert parse_date("2023年7月15日") == (dt.date(2023, 7, 15), "day")


# ---------------------------------------------------------------- the files


def test_parquet_read_back_by_pyarrow_alone(run):
    script = (
        "import sys, pyarrow.parquet as pq\n"
        "d = pq.read_table(sys.argv[1] + '/documents.parquet')\n"
        "f = pq.read_table(sys.argv[1] + '/findings.parquet')\n"
        "print(d.schema.field('report_date').type, d.schema.field('total_score').type,"
        " f.schema.field('evidence').type, sep='|')\n"
        "print('jixiao' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script, str(run[0] / "dataset")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    types, imported = done.stdout.splitlines()
    assert types == (
        "date32[day]|double|list<element: struct<page: int64, line: int64, sheet: string, quote: string>>"
    )
    assert imported == "False"


def test_csv_bundle_opens_in_excel(run):
    raw = (run[0] / "dataset" / "csv" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    header = raw[3:].decode("utf-8").splitlines()[0].split(",")
    assert header == [c.name for c in TABLES["documents"]]
    assert "巴音郭楞蒙古自治州自然资源局" in raw.decode("utf-8")


def test_duckdb_file_opens_in_duckdb_1x(run, tmp_path_factory):
    """audit.duckdb opened by duckdb 1.1.3 (installed apart with pip --target)."""
    target = tmp_path_factory.mktemp("duckdb11")
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), "duckdb==1.1.3"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if pip.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"duckdb 1.1.3 could not be installed: {pip.stderr[-500:]}")
        pytest.skip(f"duckdb 1.1.3 could not be installed (no PyPI?): {pip.stderr[-200:]}")
    script = (
        "import sys\n"
        "sys.path.insert(0, sys.argv[2])  # before the venv's own duckdb 2.x\n"
        "import duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "print(con.execute('select count(*), min(len(evidence)) from dataset.findings').fetchone())\n"
        "print(con.execute('select count(*) from findings_per_check').fetchone()[0] > 0)\n"
        "print(con.execute('select max(documents) from dataset.panel').fetchone()[0])\n"
        "print(con.execute(\"select report_date from dataset.documents where file like '%bazhou%'\").fetchone()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(run[0] / "audit.duckdb"), str(target)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    version, counts, views, panel, date = done.stdout.splitlines()
    assert version == "1.1.3"
    assert panel == "2"  # 大英县司法局's repair project, in two files of 2023
    assert counts == f"({len(run[1].findings)}, 1)"
    assert (views, date) == ("True", "2023-07-01")


def test_export_rebuilds_from_out_without_reading_documents(run, tmp_path, monkeypatch):
    import extractor

    def refuse(*args, **kwargs):
        raise AssertionError("a document was read again")

    monkeypatch.setattr(extractor, "extract", refuse)
    written = export(run[0], tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"dataset/documents.parquet", "audit.duckdb", "charts/scores_by_year.png"} <= names
    assert {"charts/execution_vs_score.svg", "charts/weights_by_category.png"} <= names
    for table in ("documents", "indicators", "findings", "funds"):
        again = pq.read_table(tmp_path / "dataset" / f"{table}.parquet")
        assert again.equals(pq.read_table(run[0] / "dataset" / f"{table}.parquet")), table
    assert (tmp_path / "charts" / "scores_by_year.png").read_bytes()[:4] == b"\x89PNG"


def test_export_command_says_what_is_missing(tmp_path, capsys):
    from jixiao.cli import main

    assert main(["export", str(tmp_path)]) == 2
    assert "不是 jixiao audit --out 的输出文件夹" in capsys.readouterr().err


def test_a_missing_extra_is_named_in_chinese():
    with pytest.raises(MissingExtra, match=r"pip install 'jixiao\[data\]'"):
        need("no_such_module_jixiao", "data")


# ---------------------------------------------------------------- scripts and the example


def test_audit_paths_from_an_unguarded_script(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import jixiao\n"
        f"reports, indicators, findings = jixiao.audit_paths([{str(INPUTS[1])!r}], workers=1)\n"
        "print(len(indicators), int((findings['check'] == 'extraction').sum()))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["31 0"]  # once, not again from every worker
    assert "if __name__" in done.stderr


def test_example_builds_the_panel_and_two_charts(run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(run[0], out)
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dataset_panel.py"), str(out)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "社区矫正中心维修改造项目" in done.stdout  # a row of the panel
    for name in ("panel_scores_per_year", "panel_canonical_indicators"):
        assert (out / "charts" / f"{name}.png").stat().st_size > 5000


def test_a_light_install_writes_the_other_outputs(run, tmp_path, monkeypatch):
    """Without the `data` extra (pyarrow, duckdb): JSONL, Excel and HTML, no Parquet, no error."""
    from jixiao import extras

    monkeypatch.setattr(extras, "have", lambda module: module not in {"pyarrow", "duckdb"})
    written = write_outputs(tmp_path, run[1])
    names = {p.name for p in written}
    assert {"findings.jsonl", "reports.jsonl", "audit.xlsx", "index.html"} <= names
    assert not [n for n in names if n.endswith((".parquet", ".duckdb", ".csv"))]
    assert not (tmp_path / "dataset").exists()


@pytest.mark.parametrize(
    ("source", "reexecutes"),
    [
        ("import jixiao\njixiao.audit_paths(['a'])\n", True),  # the notebook-style script
        ("import sys\nsys.path.insert(0, '.')\nif __name__ == '__main__':\n    main()\n", False),
        (
            "from jixiao import audit_paths\nr = audit_paths(['a'])\nif __name__ == '__main__':\n    pass\n",
            True,
        ),
        ("def f():\n    return 1\n", False),
    ],
)
def test_which_scripts_would_be_re_run(tmp_path, source, reexecutes):
    from jixiao.mainguard import _unguarded

    script = tmp_path / "s.py"
    script.write_text(source, encoding="utf-8")
    assert _unguarded(str(script)) is reexecutes


def test_export_from_an_out_written_before_the_dataset(run, tmp_path):
    """An OUT with only reports.jsonl and findings.jsonl (an older jixiao's): every file 'ok'."""
    old = tmp_path / "old"
    old.mkdir()
    for name in ("reports.jsonl", "findings.jsonl"):
        shutil.copy(run[0] / name, old / name)
    export(old, old, charts=False)
    docs = jixiao.read_dataset(old).documents
    assert len(docs) == 8 and set(docs.status) == {"ok"}
    assert list(docs.file) == list(jixiao.read_dataset(run[0]).documents.file)
    assert (old / "audit.duckdb").is_file() and not (old / "charts").exists()
