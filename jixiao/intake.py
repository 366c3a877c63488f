"""Every file of a folder accounted for: read, unsupported (with what to convert it to),
ignored (lock and system files), or the same document submitted twice; and the exit status.

A folder a unit sends in holds what Windows and Word leave behind (`~$报告.docx`,
`Thumbs.db`, `desktop.ini`) and formats no reader takes (.doc, .wps, .ofd, archives,
photos). Nothing is skipped in silence: a lock or system file is ignored and counted
as ignored; any other file is audited, and one the tool cannot read becomes a finding
that says what to convert it to.

Exit status of `jixiao audit` (README, `--help`): 0 nothing wrong found and every file
read; 1 at least one `error` finding (CONTRACT.md); 2 the command could not run (bad
arguments, an empty folder, OUT not writable); 3 no `error` finding, but some file could
not be read (unsupported, encrypted, damaged, stopped by --timeout/--memory).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.backends import SUPPORTED

from .review.fingerprint import finding_ids

if TYPE_CHECKING:
    from .batch import Outcome

EXIT_CLEAN, EXIT_ERRORS, EXIT_FAILED_TO_RUN, EXIT_UNREAD = 0, 1, 2, 3

UNSUPPORTED_RULE = "EXTRACT-FORMAT"  # a file type no reader takes (rule id of its finding)
DUPLICATE_RULE = "DUP-SUBMISSION"  # the same document submitted twice
DUPLICATE_CHECK = "duplicate_submission"

# Left behind by Word/WPS (~$), LibreOffice (.~lock…#), Windows and macOS: never a document.
SYSTEM_NAMES = frozenset({"thumbs.db", "ehthumbs.db", ".ds_store", "desktop.ini"})

_SAVE_AS_DOCX = "用 Word 或 WPS 另存为 .docx 或 PDF"
_ARCHIVE = "解压后再审核解压出的文件"
_IMAGE = "转为 PDF 后加 --ocr 审核"
ADVICE = {
    ".doc": _SAVE_AS_DOCX,
    ".wps": _SAVE_AS_DOCX,
    ".rtf": _SAVE_AS_DOCX,
    ".et": "用 WPS 或 Excel 另存为 .xlsx",
    ".ofd": "用 OFD 阅读器导出为 PDF",
    ".ppt": "另存为 PDF",
    ".pptx": "另存为 PDF",
    ".dps": "另存为 PDF",
    **dict.fromkeys((".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"), _ARCHIVE),
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".heic"), _IMAGE
    ),
}
OTHER_ADVICE = "转为 PDF、DOCX、XLSX 或 TXT 后再审核"


def ignored(path: Path) -> bool:
    """A lock or system file: `~$报告.docx`, `.~lock.报告.docx#`, Thumbs.db, .DS_Store …"""
    name = path.name
    return (
        name.startswith("~$")
        or (name.startswith(".~lock.") and name.endswith("#"))
        or name.lower() in SYSTEM_NAMES
    )


@dataclass
class Walk:
    """What the paths hold: the files to audit (in a stable order) and the ignored ones."""

    files: list[Path] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)


def walk(paths: Iterable[str | Path]) -> Walk:
    """Every file under the given paths (folders recursively): none is dropped without a word.

    A path named on the command line is audited even if it looks like a lock file (the user
    asked for it); inside a folder lock and system files go to `ignored`.
    """
    found = Walk()
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            found.files.append(path)
            continue
        # Not only regular files: a FIFO or a dangling link is reported, never skipped.
        for f in sorted(f for f in path.rglob("*") if not f.is_dir()):
            (found.ignored if ignored(f) else found.files).append(f)
    return found


def ignored_files(paths: Iterable[str | Path]) -> list[Path]:
    """`walk(paths).ignored` without a Path for every other file (a bulk run's summary needs
    only these: 10,000 Paths took 10 MB)."""
    return [
        f
        for p in paths
        if Path(p).is_dir()
        for f in sorted(f for f in Path(p).rglob("*") if ignored(f) and not f.is_dir())
    ]


def unsupported_reason(path: str | Path, head: bytes) -> str | None:
    """Why no reader takes this file, and what to convert it to; None when one does.

    The content decides first (a PDF named .doc is read as the PDF it is)."""
    suffix = Path(path).suffix.lower()
    if suffix in SUPPORTED or head.startswith(b"%PDF"):
        return None
    advice = ADVICE.get(suffix, OTHER_ADVICE)
    shown = suffix or "（无扩展名）"
    return f"不支持的文件类型 {shown}：请{advice}（unsupported file type: {suffix or 'none'}）"


# ---------------------------------------------------------------- the same document twice


def identity(outcome: Outcome) -> tuple | None:
    """Project + year + unit + kind of every document in the file, when all are known."""
    keys = []
    for r in outcome.records:
        key = tuple(r.get(k) for k in ("project", "year", "unit", "kind"))
        if not all(key):
            return None
        keys.append(key)
    return tuple(sorted(keys, key=str)) if keys else None


class Duplicates:
    """Marks each file read that repeats an earlier one (same bytes, or the same documents).

    Call `see` on the outcomes in input order; the later file gets `duplicate_of` (on the
    outcome, its records and its own findings, so any count can leave it out) and one
    重复报送 finding naming the earlier file. Seeing an outcome twice changes nothing.
    """

    def __init__(self) -> None:
        self._first: dict[Any, str] = {}

    def see(self, outcome: Outcome) -> None:
        if outcome.status != "ok":  # only documents read are compared (a crash is no copy)
            return
        keys = [k for k in (("sha256", outcome.sha256), ("identity", identity(outcome))) if k[1]]
        match = next((k for k in keys if self._first.get(k, outcome.file) != outcome.file), None)
        for k in keys:
            self._first.setdefault(k, outcome.file)
        if match is None or outcome.duplicate_of is not None:
            return
        earlier = self._first[match]
        outcome.duplicate_of = earlier
        for item in (*outcome.records, *outcome.findings):
            item["duplicate_of"] = earlier
        outcome.findings.append(
            duplicate_finding(outcome, earlier, same_bytes=match[0] == "sha256")
        )


def duplicate_finding(outcome: Outcome, earlier: str, *, same_bytes: bool) -> dict[str, Any]:
    """The one 重复报送 finding, on the later file (CONTRACT shape)."""
    how = "内容完全相同" if same_bytes else "项目、年度、单位和类型相同"
    first = Path(earlier).name
    record = outcome.records[0] if outcome.records else {}
    quote = " / ".join(str(record.get(k)) for k in ("project", "year", "unit") if record.get(k))
    finding = {
        "file": outcome.file,
        "rule": DUPLICATE_RULE,
        "check": DUPLICATE_CHECK,
        "severity": "warning",
        "message": f"重复报送：与 {first} {how}，统计时只计一次",
        "expected": None,
        "found": earlier,
        "evidence": [{"page": None, "line": None, "quote": quote or first}],
    }
    # Its id, as every finding's, holds wherever the folder lies: the earlier file by name.
    keyed = {**finding, "found": first}
    finding["id"] = finding_ids([keyed], outcome.sha256, outcome.file)[0]
    return finding


def mark_duplicates(outcomes: Sequence[Outcome]) -> None:
    """Mark every repeated file of a run (outcomes in input order)."""
    tracker = Duplicates()
    for outcome in outcomes:
        tracker.see(outcome)


def counted(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """The outcomes every statistic counts: a file submitted twice counts once."""
    return [o for o in outcomes if o.duplicate_of is None]


def exit_status(outcomes: Sequence[Outcome]) -> int:
    """0 clean, 1 an `error` finding, 3 no error but a file not read (module docstring)."""
    if any(f["severity"] == "error" for o in outcomes for f in o.findings):
        return EXIT_ERRORS
    if any(o.failed for o in outcomes):
        return EXIT_UNREAD
    return EXIT_CLEAN
