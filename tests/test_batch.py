"""The bulk runner: isolation of bad files, resume after an interrupt, dask, the CLI's --out."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from jixiao import batch
from jixiao.batch import Limits, run_batch
from jixiao.cache import ResultCache
from jixiao.cli import main
from jixiao.pipeline import audit_file, collect

from .conftest import CORPUS, REPORTS

HOOK = "tests.test_batch:hooked_audit"


def hooked_audit(path: str, **options):
    """The pipeline, except for test files whose name asks for trouble (runs in the child)."""
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("slow"):
        time.sleep(1.5)
    if name.startswith("segv"):
        ctypes.string_at(0)  # reads address 0: SIGSEGV
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("hog"):
        bytearray(3 * 1024**3)  # 3 GB, far over the test's cap
    return audit_file(path, **options)


def small_folder(tmp: Path, n_forms: int = 6) -> Path:
    """Seed reports (txt, docx) and a few text forms: a realistic mix that runs in seconds."""
    folder = tmp / "in"
    (folder / "forms").mkdir(parents=True)
    for name in ("bazhou_mine_plan_2022", "yanqi_grassland_fund_2022"):
        for ext in ("txt", "docx"):
            shutil.copy(REPORTS / f"{name}.{ext}", folder / f"{name}.{ext}")
    for form in sorted((CORPUS / "forms" / "txt").glob("*.txt"))[:n_forms]:
        shutil.copy(form, folder / "forms" / form.name)
    return folder


def test_bad_files_become_extraction_findings_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (REPORTS / "yanqi_grassland_fund_2022.txt").read_bytes()
    for name in ("good", "hang", "segv", "exit", "hog"):
        (folder / f"{name}.txt").write_bytes(text)
    files = collect([str(folder)])
    started = time.monotonic()
    result = run_batch(files, limits=Limits(timeout=4, memory_mb=768), workers=2, work=HOOK)
    assert time.monotonic() - started < 30  # the hung file was stopped, not waited for
    by_name = {Path(o.file).name: o for o in result.outcomes}
    assert [Path(o.file).name for o in result.outcomes] == [Path(f).name for f in files]

    expected = audit_file(str(folder / "good.txt"))
    assert by_name["good.txt"].status == "ok"
    assert by_name["good.txt"].findings == [f.to_dict() for f in expected.findings]
    assert by_name["good.txt"].records[0]["total_score"] == 96

    reasons = {
        "hang.txt": ("timeout", "timed out after 4 s"),
        "segv.txt": ("crashed", "worker process died (signal SIGSEGV)"),
        "exit.txt": ("crashed", "worker process exited with status 3 before finishing"),
        "hog.txt": ("memory", "memory limit of 768 MB exceeded"),
    }
    for name, (status, reason) in reasons.items():
        outcome = by_name[name]
        assert outcome.status == status, name
        assert outcome.records == []
        [finding] = outcome.findings
        assert finding["check"] == "extraction"
        assert finding["severity"] == "warning"  # not read is no inconsistency: exit status 3
        assert finding["file"] == str(folder / name)
        assert reason in finding["message"]
        assert finding["evidence"][0]["quote"] == outcome.reason  # Chinese, then (reason)
        assert outcome.reason.endswith(f"（{reason}）") and not outcome.reason[0].isascii()
    assert result.failed == 4
    assert result.any_error  # good.txt's own errors


def test_subprocess_transport_gives_the_same_payload(tmp_path):
    """Inside a daemonic dask worker the child is a `python -m jixiao.batch` process instead."""
    path = str(REPORTS / "yanqi_grassland_fund_2022.txt")
    limits = Limits(timeout=60)
    forked = batch._in_child_process(path, limits, {}, batch.DEFAULT_WORK, None)
    spawned = batch._in_subprocess(path, limits, {}, batch.DEFAULT_WORK)
    assert spawned.pop("cpu_seconds") > 0 and forked.pop("cpu_seconds") > 0
    assert spawned == forked
    assert spawned["status"] == "ok"
    assert len(spawned["findings"]) == len(audit_file(path).findings)


def test_resume_after_interrupt_redoes_only_unfinished_files(tmp_path):
    folder = small_folder(tmp_path)
    files = collect([str(folder)])
    assert len(files) == 10
    cache = ResultCache(tmp_path / "out" / ".cache")

    seen = []

    def interrupt_after_three(outcome):
        seen.append(outcome.file)
        if len(seen) == 3:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a run

    with pytest.raises(KeyboardInterrupt):
        run_batch(files, cache=cache, workers=2, on_done=interrupt_after_three)
    assert len(list(cache.folder.glob("*.json"))) == 3  # finished files only, none half-written
    assert not list(cache.folder.glob("*.tmp"))

    resumed = run_batch(files, cache=cache, workers=2)
    assert (resumed.reused, resumed.computed) == (3, 7)
    assert {o.file for o in resumed.outcomes if o.cached} == set(seen)

    fresh = run_batch(files, cache=None, workers=1)
    assert [o.findings for o in resumed.outcomes] == [o.findings for o in fresh.outcomes]
    assert [o.records for o in resumed.outcomes] == [o.records for o in fresh.outcomes]

    again = run_batch(files, cache=cache, workers=2)
    assert (again.reused, again.computed) == (10, 0)

    changed = folder / "yanqi_grassland_fund_2022.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("96", "95"), encoding="utf-8")
    after_edit = run_batch(files, cache=cache, workers=2)
    assert (after_edit.reused, after_edit.computed) == (9, 1)
    [redone] = [o for o in after_edit.outcomes if not o.cached]
    assert redone.file == str(changed)


def test_a_cached_failure_is_redone_only_under_more_generous_limits(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "yanqi_grassland_fund_2022.txt", folder / "slow.txt")
    files = collect([str(folder)])
    cache = ResultCache(tmp_path / ".cache")
    first = run_batch(files, cache=cache, limits=Limits(timeout=0.5), work=HOOK)
    assert first.outcomes[0].status == "timeout"
    same = run_batch(files, cache=cache, limits=Limits(timeout=0.5), work=HOOK)
    assert (same.reused, same.outcomes[0].status) == (1, "timeout")
    longer = run_batch(files, cache=cache, limits=Limits(timeout=30), work=HOOK)
    assert (longer.computed, longer.outcomes[0].status) == (1, "ok")
    assert longer.outcomes[0].records[0]["total_score"] == 96


def test_dask_local_cluster_gives_the_local_pool_findings(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = small_folder(tmp_path, n_forms=3)
    files = collect([str(folder)])
    local = run_batch(files, workers=2)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
    ):
        remote = run_batch(files, scheduler=cluster.scheduler_address)
    assert remote.computed == len(files)
    assert [o.file for o in remote.outcomes] == [str(f) for f in files]
    assert [o.findings for o in remote.outcomes] == [o.findings for o in local.outcomes]
    assert [o.records for o in remote.outcomes] == [o.records for o in local.outcomes]
    assert sum(len(o.findings) for o in remote.outcomes) > 20


def test_unreachable_scheduler_is_exit_status_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", "1s")
    code = main(
        [
            "audit",
            str(REPORTS / "yanqi_grassland_fund_2022.txt"),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    assert code == 2
    assert "scheduler" in capsys.readouterr().err


def test_cli_out_writes_everything_and_reruns_identically(tmp_path, capsys):
    folder = small_folder(tmp_path, n_forms=2)
    out = tmp_path / "out"
    args = ["audit", str(folder), "--out", str(out), "--workers", "2"]
    assert main(args) == 1  # the seeds have provable errors
    shown = capsys.readouterr().out
    assert "审核汇总" in shown and "最常见的问题类别" in shown
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            ".cache",
            ".jixiao-manifest.json",  # what the run wrote: the only files a later run may remove
            ".jixiao.lock",
            "audit.duckdb",
            "audit.xlsx",
            "findings.html",
            "dataset",  # the research dataset (jixiao.dataset): Parquet, CSV, files.json
            "findings.jsonl",
            "findings.parquet",
            "index.html",
            "indicators.parquet",
            "opinions",
            "reports",
            "reports.jsonl",
            "reports.parquet",
        ]
    )
    first = {n: (out / n).read_bytes() for n in ("findings.jsonl", "reports.jsonl", "index.html")}
    assert main(args) == 1
    assert "0 / 6" in capsys.readouterr().out  # computed now / reused from the cache
    for name, data in first.items():
        assert (out / name).read_bytes() == data, name
    findings = [json.loads(line) for line in first["findings.jsonl"].decode().splitlines()]
    files = [f["file"] for f in findings]
    assert files == sorted(files, key=[str(p) for p in collect([str(folder)])].index)


def test_out_inside_the_input_folder_is_not_audited(tmp_path, capsys):
    folder = small_folder(tmp_path, n_forms=0)
    out = folder / "results"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    capsys.readouterr()
    assert main(["audit", str(folder), "--out", str(out)]) == 1  # now OUT holds HTML pages
    assert "0 / 4" in capsys.readouterr().out  # nothing new: its own pages were not collected
    files = {json.loads(line)["file"] for line in (out / "reports.jsonl").open(encoding="utf-8")}
    assert len(files) == 4 and not any("results" in f for f in files)


def test_cli_out_not_writable_is_exit_status_2(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    report = str(REPORTS / "yanqi_grassland_fund_2022.txt")
    assert main(["audit", report, "--out", str(blocker / "out")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["audit", report, "--workers", "2"]) == 2
    assert main(["audit", report, "--out", str(tmp_path / "o"), "--timeout", "0"]) == 2


def test_pipeline_options_are_passed_on_and_part_of_the_cache_key(tmp_path):
    files = [REPORTS / "yanqi_grassland_fund_2022.txt"]
    cache = ResultCache(tmp_path / ".cache")
    plain = run_batch(files, cache=cache)
    assert run_batch(files, cache=cache).reused == 1
    profiled = run_batch(files, cache=cache, options={"profile": "national"})
    assert profiled.computed == 1  # another option, another result: not taken from the cache
    assert profiled.outcomes[0].findings == plain.outcomes[0].findings
    bad = run_batch(files, options={"no_such_option": 1})
    assert bad.outcomes[0].status == "crashed"
    assert "no_such_option" in bad.outcomes[0].findings[0]["message"]
