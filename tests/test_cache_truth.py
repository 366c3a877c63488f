"""The cache serves a result only for the bytes it was made from, and never a passing
mishap (issue 16.2)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
from pathlib import Path

from jixiao import batch
from jixiao.batch import run_batch
from jixiao.cache import ResultCache
from jixiao.pipeline import audit_file

from .conftest import REPORTS

YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"
KILL_MARKER = ".kill-me-once"


def killed_once(path: str, **options):
    """Runs in the worker: the first time, the worker is killed from outside (SIGKILL)."""
    marker = Path(path).parent / KILL_MARKER
    if marker.exists():
        marker.unlink()
        os.kill(os.getpid(), signal.SIGKILL)
    return audit_file(path, **options)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    original = YANQI.read_bytes()
    edited = original.replace("综合得分为 96 分".encode(), "综合得分为 95 分".encode())
    assert edited != original
    path = tmp_path / "in" / "report.txt"
    path.parent.mkdir()
    path.write_bytes(original)
    return path, original, edited


def test_a_file_edited_while_queued_then_reverted_is_not_served_the_edit(tmp_path, monkeypatch):
    path, original, edited = report(tmp_path)
    cache = ResultCache(tmp_path / ".cache")
    real_sha = batch.file_sha256

    def hash_then_edit(file):
        digest = real_sha(file)
        Path(file).write_bytes(edited)  # the user saves an edit right after the hash was taken
        return digest

    monkeypatch.setattr(batch, "file_sha256", hash_then_edit)
    first = run_batch([path], cache=cache, workers=1)
    assert first.outcomes[0].records[0]["sha256"] == sha(edited)  # what the worker read
    monkeypatch.setattr(batch, "file_sha256", real_sha)

    path.write_bytes(original)  # reverted
    again = run_batch([path], cache=cache, workers=1)
    assert again.computed == 1 and again.reused == 0
    [record] = again.outcomes[0].records
    assert record["sha256"] == sha(original)
    assert record["total_score"] == 96

    path.write_bytes(edited)  # the edit's own result was stored under the edit's bytes
    edit = run_batch([path], cache=cache, workers=1)
    assert (edit.reused, edit.outcomes[0].records[0]["sha256"]) == (1, sha(edited))


def test_a_file_missing_for_a_moment_is_not_cached_as_missing(tmp_path, monkeypatch):
    path, original, _ = report(tmp_path)
    cache = ResultCache(tmp_path / ".cache")
    real_sha = batch.file_sha256

    def hash_then_move_away(file):
        digest = real_sha(file)
        Path(file).unlink()  # a sync client replaces the file: gone for a moment
        return digest

    monkeypatch.setattr(batch, "file_sha256", hash_then_move_away)
    first = run_batch([path], cache=cache, workers=1)
    assert first.outcomes[0].status == "unreadable"
    assert first.outcomes[0].findings[0]["check"] == "extraction"
    assert not list(cache.folder.glob("*.json"))
    monkeypatch.setattr(batch, "file_sha256", real_sha)

    path.write_bytes(original)
    again = run_batch([path], cache=cache, workers=1)
    assert (again.computed, again.outcomes[0].status) == (1, "ok")
    assert again.outcomes[0].records[0]["total_score"] == 96


def test_a_path_missing_at_the_start_is_reported_and_not_cached(tmp_path):
    cache = ResultCache(tmp_path / ".cache")
    gone = tmp_path / "gone.txt"
    result = run_batch([gone], cache=cache)
    assert result.outcomes[0].status == "unreadable"
    assert not list(cache.folder.glob("*.json"))


def test_a_worker_killed_from_outside_is_not_cached_as_crashed(tmp_path):
    path, _, _ = report(tmp_path)
    (path.parent / KILL_MARKER).write_text("")
    cache = ResultCache(tmp_path / ".cache")
    work = "tests.test_cache_truth:killed_once"
    first = run_batch([path], cache=cache, workers=1, work=work)
    assert first.outcomes[0].status == "crashed"
    assert "SIGKILL" in first.outcomes[0].reason
    again = run_batch([path], cache=cache, workers=1, work=work)
    assert (again.computed, again.outcomes[0].status) == (1, "ok")


def test_an_entry_not_made_from_these_bytes_is_not_served(tmp_path):
    path, _, _ = report(tmp_path)
    cache = ResultCache(tmp_path / ".cache")
    run_batch([path], cache=cache, workers=1)
    [entry_path] = cache.folder.glob("*.json")
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["sha256"] = "0" * 64  # a damaged or foreign entry under this key
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    again = run_batch([path], cache=cache, workers=1)
    assert (again.computed, again.reused) == (1, 0)
