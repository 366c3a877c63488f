"""Finding and report ids from content, the same in every run (CONTRACT.md, "A finding").

A decision typed against a finding must find it again next run, whatever files were
added beside it and wherever the folder was moved. So an id is a hash of what the
finding *is*, never of where it sits in a run:

- the document's identity: the sha256 of the file's bytes, plus the document label
  within the file (a file of eleven forms holds eleven documents);
- the rule;
- the subject: the evidence quotes with all whitespace removed (what the finding is
  about, in the document's own words; page and line numbers are left out, the
  message too, so rewording a message keeps every id);
- expected and found;
- an occurrence counter, so that findings identical in all of the above within one
  document still get ids of their own.

Why the sha256 and not project + year + unit: those fields are often missing (a form
names no evaluator, a publication no project) or shared by documents that are not the
same (a project's 目标表 and its 自评表 of the same year), and a false match would attach
one document's decision to another's finding — worse than asking again. The same report
resubmitted as DOCX after PDF is read differently (pages, quotes) and its findings differ
anyway; a corrected resubmission is new content and deserves a fresh review. Spotting
such resubmissions is the duplicate check's task (重复报送), not the id's.

Two byte-identical files (one report submitted twice) are one document and give the same
ids: a decision on one holds for the other. A file with no bytes read (missing, not a regular file) falls back to its base name, never
its folder, so that moving the folder keeps the id.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

ID_LENGTH = 16  # hex characters of sha256: 64 bits, no collision among millions of findings
_SPACE = re.compile(r"\s+")


def document_label(record: Mapping[str, Any]) -> str:
    """The `document` the findings of one document of a multi-document file carry: its
    project (or title) and first page, so a reader finds it in the file."""
    project = record.get("project") or ""
    if record.get("page_start"):
        return f"{project or record.get('title') or ''} p.{record['page_start']}"
    return project


def document_identity(sha256: str | None, file: str, document: str | None = None) -> str:
    """What a document is, independent of the folder it lies in."""
    base = f"sha256:{sha256}" if sha256 else f"name:{os.path.basename(file)}"
    return f"{base}|{document or ''}"


def report_id(sha256: str | None, file: str, document: str | None = None) -> str:
    """The id of one document of a file (a row of the reports table)."""
    return _digest(document_identity(sha256, file, document))


def subject(finding: dict[str, Any]) -> list[str]:
    """What a finding is about: its evidence quotes, whitespace removed, in order."""
    return [_SPACE.sub("", str(ev.get("quote") or "")) for ev in finding.get("evidence") or []]


def finding_key(finding: dict[str, Any], sha256: str | None, file: str) -> str:
    """Everything the id depends on except the occurrence counter, as one string."""
    parts = [
        document_identity(sha256, file, finding.get("document")),
        finding.get("rule"),
        subject(finding),
        finding.get("expected"),
        finding.get("found"),
    ]
    return json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)


def finding_ids(findings: Iterable[dict[str, Any]], sha256: str | None, file: str) -> list[str]:
    """The ids of a file's findings (CONTRACT dicts), in order; unique within the file."""
    seen: Counter[str] = Counter()
    ids = []
    for finding in findings:
        key = finding_key(finding, sha256, file)
        ids.append(_digest(f"{key}#{seen[key]}"))
        seen[key] += 1
    return ids


def fill_ids(payload: dict[str, Any]) -> dict[str, Any]:
    """Give every finding of a worker payload its `id` if one lacks it (a file that timed
    out or could not be read gets its finding from the runner, not from the pipeline).

    The ids are those the pipeline gives: same content, same order, same sha256.
    """
    findings = payload.get("findings") or []
    if all(f.get("id") for f in findings):
        return payload
    ids = finding_ids(findings, payload.get("sha256"), payload.get("file", ""))
    for finding, fid in zip(findings, ids, strict=True):
        finding["id"] = fid
    return payload


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]
