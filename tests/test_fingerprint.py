"""Finding and report ids are content fingerprints (CONTRACT.md, "A finding"): the same in
every run, with files added beside them, and wherever the folder lies; and the result cache
is keyed by the resolved path, so `inbox`, `../inbox` and its absolute path share entries."""

from __future__ import annotations

import shutil
from pathlib import Path

from jixiao.batch import run_batch
from jixiao.cache import ResultCache
from jixiao.outputs.tables import build_frames
from jixiao.pipeline import audit_file, collect
from jixiao.review.fingerprint import fill_ids, finding_ids, report_id

from .conftest import CORPUS

FORMS = CORPUS / "forms" / "txt"
NAMES = ("jishan_public_health_2021_spaces.txt", "zhongjiang_water_gauge_2022_pipe.txt")
EXTRA = "yinchuan_school_funds_2021_lines.txt"


def ids_by_file(folder: Path) -> dict[str, list[str]]:
    result = run_batch(collect([str(folder)]), workers=2)
    return {Path(o.file).name: [f["id"] for f in o.findings] for o in result.outcomes}


def reports_by_file(folder: Path) -> dict[str, list[str]]:
    frames = build_frames(run_batch(collect([str(folder)]), workers=2))
    return {Path(f).name: list(g.report_id) for f, g in frames.reports.groupby("file")}


def test_ids_are_the_same_across_runs_moves_renames_and_added_files(tmp_path):
    first = tmp_path / "2024年" / "报送"
    first.mkdir(parents=True)
    for name in NAMES:
        shutil.copy(FORMS / name, first / name)
    before = ids_by_file(first)
    assert len(before[NAMES[0]]) == 7 and len(before[NAMES[1]]) == 2
    assert ids_by_file(first) == before  # a second run

    moved = tmp_path / "归档" / "renamed"
    moved.parent.mkdir()
    shutil.move(first, moved)
    shutil.copy(FORMS / EXTRA, moved / EXTRA)
    (moved / "sub").mkdir()
    shutil.move(moved / NAMES[1], moved / "sub" / NAMES[1])
    after = ids_by_file(moved)
    assert {k: after[k] for k in NAMES} == before
    assert len(after[EXTRA]) == 5 and not set(after[EXTRA]) & set(before[NAMES[0]])
    ids = [i for v in after.values() for i in v]
    assert len(ids) == len(set(ids)) == 14
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)


def test_report_ids_come_from_the_document_not_the_row(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copy(FORMS / NAMES[1], folder / NAMES[1])
    alone = reports_by_file(folder)
    shutil.copy(FORMS / NAMES[0], folder / ("0_" + NAMES[0]))  # sorts first: rows shift
    together = reports_by_file(folder)
    assert together[NAMES[1]] == alone[NAMES[1]]
    assert together["0_" + NAMES[0]] != alone[NAMES[1]]


def test_the_pipeline_and_the_runner_give_the_same_ids():
    path = FORMS / NAMES[0]
    direct = [f.id for f in audit_file(str(path)).findings]
    [outcome] = run_batch([str(path)], workers=1).outcomes
    assert [f["id"] for f in outcome.findings] == direct
    assert all(f.to_dict()["id"] == f.id for f in audit_file(str(path)).findings)


def finding(message: str = "合计 10 与各项之和 9 不一致", **extra) -> dict:
    return {
        "rule": "FORM-FUNDS-SUM",
        "message": message,
        "expected": 10,
        "found": 9,
        "evidence": [{"page": 1, "line": 7, "quote": "合计  10 | 9"}],
        **extra,
    }


def test_what_an_id_depends_on():
    [base] = finding_ids([finding()], "ab" * 32, "in/a.txt")
    same = {
        "message reworded": finding("合计数 10 不等于分项之和 9"),
        "another page and line": finding(evidence=[{"page": 3, "line": 70, "quote": "合计 10|9"}]),
    }
    for why, f in same.items():
        assert finding_ids([f], "ab" * 32, "elsewhere/a.txt") == [base], why
    different = {
        "another file's bytes": ([finding()], "cd" * 32),
        "another document in the file": ([finding(document="项目二 p.5")], "ab" * 32),
        "another found": ([finding(found=8)], "ab" * 32),
        "another quote": (
            [finding(evidence=[{"page": 1, "line": 7, "quote": "合计 11"}])],
            "ab" * 32,
        ),
    }
    for why, (findings, sha) in different.items():
        assert finding_ids(findings, sha, "in/a.txt") != [base], why
    twice = finding_ids([finding(), finding()], "ab" * 32, "in/a.txt")
    assert twice[0] == base and twice[1] != base  # identical findings: an occurrence counter
    assert report_id("ab" * 32, "x/a.txt", None) == report_id("ab" * 32, "y/b.txt", None)
    assert report_id("ab" * 32, "x/a.txt", "项目一 p.1") != report_id("ab" * 32, "x/a.txt", None)


def test_a_finding_the_runner_made_gets_an_id_from_the_file_name_when_no_bytes_were_read():
    payload = {"file": "/mnt/a/报告.pdf", "findings": [finding()], "records": []}
    moved = {"file": "/mnt/b/报告.pdf", "findings": [finding()], "records": []}
    assert fill_ids(payload)["findings"][0]["id"] == fill_ids(moved)["findings"][0]["id"]


def test_the_cache_is_shared_by_relative_and_absolute_spellings_of_a_folder(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in NAMES:
        shutil.copy(FORMS / name, inbox / name)
    (tmp_path / "work").mkdir()
    cache = ResultCache(tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    first = run_batch(collect(["inbox"]), cache=cache, workers=2)
    assert (first.computed, first.reused) == (2, 0)
    monkeypatch.chdir(tmp_path / "work")
    for spelling in ("../inbox", str(inbox)):
        again = run_batch(collect([spelling]), cache=cache, workers=2)
        assert (again.computed, again.reused) == (0, 2), spelling
        assert [o.file for o in again.outcomes] == [str(Path(spelling) / n) for n in NAMES]
        assert {f["file"] for o in again.outcomes for f in o.findings} == {
            str(Path(spelling) / n) for n in NAMES
        }
        assert [f["id"] for f in again.findings] == [f["id"] for f in first.findings]
