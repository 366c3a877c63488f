"""The main process holds no document's findings during a bulk run (issue 14.7): outcomes go
to disk as they finish (jixiao.spool) and every output is written from that stream, a chunk
of files at a time (jixiao.outputs.tablefiles). Measured with tracemalloc in the main process
(the documents are read in child processes), over 20 and over 100 one-page forms: the peak
grows by a few kB per form, far less than one form's findings and records take."""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest

import jixiao.outputs.tablefiles as tablefiles
from jixiao.batch import run_batch
from jixiao.cache import ResultCache
from jixiao.outputs import write_outputs
from jixiao.spool import Spool

from .conftest import ROOT

FORM = ROOT / "corpus" / "forms" / "txt" / "yongde_nutrition_2022_pipe.txt"
SMALL, LARGE = 20, 100
# Bytes the main process's Python objects may grow by per form, at their peak (measured
# 2.4 kB at 06cad32, 2.6 kB at b50ea2d: no longer a Brief, an index line, a link per file).
PER_FORM = 8_000


def forms(folder, n):
    """n copies of a one-page form, each its own project and unit (no 重复报送)."""
    text = FORM.read_text(encoding="utf-8")
    folder.mkdir()
    files = []
    for i in range(n):
        copy = text.replace("义务教育营养改善计划专项资金", f"营养改善计划专项资金{i:04d}")
        copy = copy.replace("永德县明朗中学", f"永德县明朗中学{i:04d}")
        path = folder / f"form_{i:04d}.txt"
        path.write_text(copy, encoding="utf-8")
        files.append(path)
    return files


def audited(files, cache, out):
    """Peak traced bytes of the main process over run + outputs, and the bytes one outcome
    takes in memory (what a run that keeps its outcomes grows by, at the least)."""
    spool = Spool(cache.folder)
    gc.collect()
    tracemalloc.start()
    try:
        result = run_batch(files, cache=cache, workers=2, spool=spool)
        write_outputs(out, result)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        held = list(result.outcomes)
        payload = tracemalloc.get_traced_memory()[0] / len(files)
        del held
    finally:
        tracemalloc.stop()
        spool.close()
    return peak, payload


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 10 files and read-backs of 50 rows: past those the peak must not grow."""
    monkeypatch.setattr(tablefiles, "CHUNK", 10)
    monkeypatch.setattr(tablefiles, "BATCH_ROWS", 50)


def test_main_process_memory_is_flat_in_the_number_of_documents(tmp_path, small_chunks):
    files = forms(tmp_path / "in", LARGE)
    cache = ResultCache(tmp_path / "cache")
    run_batch(files, cache=cache, workers=2)  # the children parse once; the runs below reuse it
    audited(files[:3], cache, tmp_path / "warm")  # first imports are not the documents' doing
    small, _ = audited(files[:SMALL], cache, tmp_path / "small")
    large, payload = audited(files, cache, out := tmp_path / "large")
    per_form = (large - small) / (LARGE - SMALL)
    # One form's findings and records in memory (~30 kB): what a run holding its outcomes
    # grows by at the least. The spooled run keeps less than a third of that.
    assert payload > 3 * PER_FORM, f"{payload:.0f} bytes per outcome"
    assert per_form < PER_FORM, f"{per_form:.0f} bytes more per form (an outcome: {payload:.0f})"
    # The run was complete: every form is in the outputs, with its indicators.
    reports = [json.loads(line) for line in (out / "reports.jsonl").open(encoding="utf-8")]
    assert len(reports) == LARGE
    assert {r["project"] for r in reports} == {f"营养改善计划专项资金{i:04d}" for i in range(LARGE)}
    assert all(len(r["indicators"]) == 9 for r in reports)


def test_spooled_and_in_memory_runs_write_the_same_outputs(tmp_path, monkeypatch):
    """A spooled run written in chunks of 10 files, read back 50 rows at a time, gives the
    outputs a run held in memory gives in one chunk: every line, cell and row."""
    import pandas as pd
    from openpyxl import load_workbook

    files = forms(tmp_path / "in", 25)
    runs = {}
    for name, spool, chunk, rows in (("spooled", Spool(), 10, 50), ("held", None, 1000, 10**6)):
        monkeypatch.setattr(tablefiles, "CHUNK", chunk)
        monkeypatch.setattr(tablefiles, "BATCH_ROWS", rows)
        result = run_batch(files, workers=2, spool=spool)
        assert result.spooled == (spool is not None)
        write_outputs(tmp_path / name, result)
        runs[name] = tmp_path / name
    a, b = runs["spooled"], runs["held"]
    for name in ("findings.jsonl", "reports.jsonl", "index.html", "findings.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("reports", "indicators", "findings", "dataset/documents", "dataset/findings"):
        assert pd.read_parquet(a / f"{name}.parquet").equals(pd.read_parquet(b / f"{name}.parquet"))
    assert (a / "dataset/csv/indicators.csv").read_bytes() == (
        b / "dataset/csv/indicators.csv"
    ).read_bytes()
    wa, wb = load_workbook(a / "audit.xlsx"), load_workbook(b / "audit.xlsx")
    for sheet in ("汇总", "问题清单", "指标", "第三方机构"):
        assert list(wa[sheet].values) == list(wb[sheet].values), sheet
    assert len(list(wa["指标"].values)) == 25 * 9 + 1


WRITE_SMALL, WRITE_LARGE = 40, 440
WRITE_PER_DOCUMENT = 50_000  # bytes; an outcome of this report takes 267 kB in memory


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is read from /proc")
def test_write_phase_peak_does_not_grow_by_a_document_per_document(monkeypatch):
    """The peak resident memory of writing every output (native memory included: duckdb's
    buffer pool, pyarrow's, openpyxl's links; tracemalloc sees none of them), measured in a
    fresh process per size over 40 and 440 copies of a 37-indicator, 14-finding report
    (bench/writephase.py), with chunks of 10 files so that both sizes pass a chunk.

    A writer that kept each document's records or findings (the 审核意见 summary kept whole
    records, duckdb's pool every table loaded) grows by about one outcome in memory per
    document: 242 kB a document here at 2bab876, 16-30 kB at b50ea2d. Nothing is kept per
    file now (jixiao.spool, README, Scale); what is left as the documents grow is
    memory growing to its caps (duckdb's 16 MB, a row group of 8,192 indicators, SQLite's
    page caches) and a Parquet footer line per chunk of 10 files: 23-34 kB a document over
    five runs on a loaded machine between 40 and 240 documents (README, Scale), up to 51 kB
    on a machine loaded more; 26-28 kB between 40 and 440, the span measured now, whose
    noise is half as large a document. The bound: the first figure and half again."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import writephase

    payload = writephase.source_payload(writephase.SOURCE)
    tracemalloc.start()
    held = json.loads(json.dumps(payload))
    outcome = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del held
    small = writephase.write_phase(WRITE_SMALL, payload, chunk=(10, 50))
    large = writephase.write_phase(WRITE_LARGE, payload, chunk=(10, 50))
    assert (small["reports"], large["reports"]) == (WRITE_SMALL, WRITE_LARGE)
    assert large["findings"] == 14 * WRITE_LARGE
    per_document = (large["rise_mb"] - small["rise_mb"]) * 2**20 / (WRITE_LARGE - WRITE_SMALL)
    assert outcome > 200_000, f"{outcome} bytes per outcome"  # the scale the bound is set on
    assert per_document < WRITE_PER_DOCUMENT, f"{per_document:.0f} bytes more per document"
