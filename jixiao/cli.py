"""The commands of CONTRACT.md: extract, audit, rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import rules
from extractor import ExtractionError, extract
from rules.model import SEVERITY_RANK, Finding
from rules.profiles import PROFILES

from .names import for_terminal, shown
from .pipeline import audit_file, collect

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jixiao", description="预算绩效评价报告与自评表审核工具")
    sub = parser.add_subparsers(dest="command", required=True)

    p_extract = sub.add_parser("extract", help="read one file into JSON records (one per document)")
    p_extract.add_argument("file")
    p_extract.add_argument("--password", help="password of an encrypted PDF")
    p_extract.add_argument("--ocr", action="store_true", help="read scanned PDF pages with OCR")
    p_extract.add_argument("--pretty", action="store_true", help="indented JSON")

    p_audit = sub.add_parser("audit", help="extract and check files or folders")
    p_audit.add_argument("paths", nargs="+")
    p_audit.add_argument("--format", choices=["jsonl", "table"], default="table")
    p_audit.add_argument("--password", help="password of encrypted PDFs")
    p_audit.add_argument("--ocr", action="store_true", help="read scanned PDF pages with OCR")
    p_audit.add_argument("--min-severity", choices=["error", "warning", "info"], default="info")
    p_audit.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="national",
        help=(
            "scoring rules for forms: "
            + "; ".join(f"{p.name} = {p.title}" for p in PROFILES.values())
        ).replace("%", "%%"),
    )
    bulk = p_audit.add_argument_group("bulk run (jixiao.api.audit_to_folder)")
    bulk.add_argument("--out", metavar="DIR", help="write every output to DIR (resumable)")
    bulk.add_argument("--workers", type=int, metavar="N", help="parallel files (default: cores)")
    bulk.add_argument("--timeout", type=float, default=300.0, metavar="S", help="seconds per file")
    bulk.add_argument("--memory", type=int, default=4096, metavar="MB", help="memory cap per file")
    bulk.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on a dask cluster")

    p_rules = sub.add_parser("rules", help="list every rule")
    p_rules.add_argument("--format", choices=["table", "markdown", "json"], default="table")

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code not in (0, None) else 0
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "audit":
            return _audit(args)
        return _rules(args)
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0


def _extract(args: argparse.Namespace) -> int:
    try:
        reports = extract(args.file, password=args.password, ocr=args.ocr)
    except ExtractionError as exc:
        print(for_terminal(f"jixiao: {args.file}: {exc}"), file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for a bad file
        reason = f"{exc.__class__.__name__}: {exc}"
        print(for_terminal(f"jixiao: {args.file}: cannot read ({reason})"), file=sys.stderr)
        return 1
    for report in reports:
        record = report.to_dict()
        record["file"] = shown(record["file"])
        print(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None))
    return 0


def _audit(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(
            for_terminal(f"jixiao: no such file or folder: {', '.join(missing)}"), file=sys.stderr
        )
        return 2
    if args.out is not None or args.scheduler or args.workers is not None:
        return _audit_bulk(args)
    files = collect(args.paths)
    floor = SEVERITY_RANK[args.min_severity]
    any_error = False
    console = Console()
    all_findings: list[Finding] = []
    for path in files:
        result = audit_file(path, password=args.password, ocr=args.ocr, profile=args.profile)
        shown = [f for f in result.findings if SEVERITY_RANK[f.severity] <= floor]
        any_error |= any(f.severity == "error" for f in result.findings)
        if args.format == "jsonl":
            for f in shown:
                sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            all_findings.extend(shown)
    if args.format == "table":
        _print_table(console, all_findings, len(files))
    return 1 if any_error else 0


def _audit_bulk(args: argparse.Namespace) -> int:
    """The bulk run of CONTRACT.md (`--out DIR`): see jixiao.api.audit_to_folder."""
    if args.out is None:
        print("jixiao: --workers and --scheduler need --out DIR", file=sys.stderr)
        return 2
    if (args.workers is not None and args.workers < 1) or args.timeout <= 0 or args.memory < 64:
        print("jixiao: --workers ≥ 1, --timeout > 0 and --memory ≥ 64 are needed", file=sys.stderr)
        return 2
    from .api import audit_to_folder

    return audit_to_folder(
        args.paths,
        args.out,
        workers=args.workers,
        timeout=args.timeout,
        memory_mb=args.memory,
        scheduler=args.scheduler,
        password=getattr(args, "password", None),
        ocr=getattr(args, "ocr", False),
        profile=getattr(args, "profile", None),
    )


def _print_table(console: Console, findings: list[Finding], n_files: int) -> None:
    table = Table(title=f"审核结果：{n_files} 个文件，{len(findings)} 条问题", show_lines=True)
    for col in ("文件", "级别", "类别", "问题", "页/行", "原文"):
        table.add_column(col, overflow="fold")
    for f in findings:
        ev = f.evidence[0] if f.evidence else None
        where = ""
        if ev is not None:
            where = "/".join(str(x) for x in (ev.page, ev.line) if x is not None)
        # Text from the documents is shown as text, never read as rich markup, and never
        # reaches the terminal as an escape sequence (a file name may hold one).
        table.add_row(
            _safe(f.file.rsplit("/", 1)[-1] + (f"\n{f.document}" if f.document else "")),
            f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_ZH[f.severity]}[/]",
            f.check,
            _safe(f.message),
            where,
            _safe(ev.quote[:80] if ev else ""),
        )
    console.print(table)


def _safe(text: str) -> str:
    return escape(for_terminal(text))


def _rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "check": r.check,
                        "severity": r.severity,
                        "title": r.title,
                        "rationale": r.rationale,
                    }
                    for r in rules.RULES
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if args.format == "markdown":
        sys.stdout.write(rules_markdown())
        return 0
    table = Table(title=f"{len(rules.RULES)} 条规则")
    for col in ("id", "check", "severity", "title"):
        table.add_column(col)
    for r in rules.RULES:
        table.add_row(r.id, r.check, r.severity, r.title)
    Console().print(table)
    return 0


def rules_markdown() -> str:
    """The rule reference, generated from the registry (docs/RULES.md is this output)."""
    lines = [
        "# Rules",
        "",
        "Generated by `jixiao rules --format markdown` from the registry; do not edit by hand.",
        "",
    ]
    lines += ["| id | check | severity | title |", "|---|---|---|---|"]
    lines += [f"| {r.id} | `{r.check}` | {r.severity} | {r.title} |" for r in rules.RULES]
    for r in rules.RULES:
        lines += [
            "",
            f"## {r.id}: {r.title}",
            "",
            f"check `{r.check}`, severity `{r.severity}`",
            "",
            r.rationale,
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
