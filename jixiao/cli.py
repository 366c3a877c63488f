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
from rules.model import SEVERITY_RANK, SEVERITY_ZH
from rules.profiles import PROFILES

from .batch import Limits, Outcome
from .limits import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    EXTRACT_WORK,
    limits_problem,
    run_in_order,
    run_one,
)
from .names import for_terminal
from .pipeline import collect

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jixiao", description="预算绩效评价报告与自评表审核工具")
    parser.add_argument(
        "--version", action="version", version=f"jixiao {_version()}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_extract = sub.add_parser("extract", help="read one file into JSON records (one per document)")
    p_extract.add_argument("file")
    p_extract.add_argument("--password", help="password of an encrypted PDF")
    p_extract.add_argument("--ocr", action="store_true", help="read scanned PDF pages with OCR")
    p_extract.add_argument("--pretty", action="store_true", help="indented JSON")
    _limit_arguments(p_extract)

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
    _limit_arguments(p_audit)
    bulk = p_audit.add_argument_group("bulk run (jixiao.api.audit_to_folder)")
    bulk.add_argument("--out", metavar="DIR", help="write every output to DIR (resumable)")
    bulk.add_argument("--workers", type=int, metavar="N", help="parallel files (default: cores)")
    bulk.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on a dask cluster")

    from .dataset.cli import add_export_parser, run_export

    add_export_parser(sub)
    p_rules = sub.add_parser("rules", help="list every rule")
    p_rules.add_argument("--format", choices=["table", "markdown", "json"], default="table")

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code not in (0, None) else 0
    if args.command in {"extract", "audit"}:
        problem = limits_problem(args.timeout, args.memory)
        if problem:
            print(f"jixiao: {problem}", file=sys.stderr)
            return 2
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "export":
            return run_export(args)
        return _rules(args)
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: the children are stopped, no traceback
        print("jixiao: 已中断（Ctrl-C），未完成的文件没有结果", file=sys.stderr)
        return 130


def _version() -> str:
    """The installed package's version (pyproject.toml), or "unknown" when run from a tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "unknown"


def _limit_arguments(parser: argparse.ArgumentParser) -> None:
    """--timeout and --memory: every command reads each file in a child process under them."""
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds per file (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"memory cap per file (default {DEFAULT_MEMORY_MB})",
    )


def _extract(args: argparse.Namespace) -> int:
    """One file's records, read in a child process under --timeout/--memory (jixiao.limits)."""
    from .api import pipeline_options

    options = pipeline_options(password=args.password, ocr=args.ocr)
    payload = run_one(args.file, Limits(args.timeout, args.memory), options, EXTRACT_WORK)
    if payload["status"] != "ok" or not payload["records"]:
        finding = payload["findings"][0] if payload["findings"] else {}
        reason = finding.get("message") or payload.get("reason") or "cannot read"
        print(for_terminal(f"jixiao: {args.file}: {reason}"), file=sys.stderr)
        return 1
    for record in payload["records"]:
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
    all_findings: list[dict] = []

    def emit(outcome: Outcome) -> None:
        kept = [f for f in outcome.findings if SEVERITY_RANK[f["severity"]] <= floor]
        if args.format == "jsonl":
            for f in kept:
                sys.stdout.write(json.dumps(f, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            all_findings.extend(kept)

    from .api import pipeline_options

    options = pipeline_options(password=args.password, ocr=args.ocr, profile=args.profile)
    outcomes = run_in_order(files, Limits(args.timeout, args.memory), options, emit)
    if args.format == "table":
        _print_table(Console(), all_findings, len(files))
    return 1 if any(f["severity"] == "error" for o in outcomes for f in o.findings) else 0


def _audit_bulk(args: argparse.Namespace) -> int:
    """The bulk run of CONTRACT.md (`--out DIR`): see jixiao.api.audit_to_folder."""
    if args.out is None:
        print("jixiao: --workers and --scheduler need --out DIR", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("jixiao: --workers ≥ 1 is needed", file=sys.stderr)
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


def _print_table(console: Console, findings: list[dict], n_files: int) -> None:
    table = Table(title=f"审核结果：{n_files} 个文件，{len(findings)} 条问题", show_lines=True)
    for col in ("文件", "级别", "类别", "问题", "页/行", "原文"):
        table.add_column(col, overflow="fold")
    for f in findings:
        ev = (f.get("evidence") or [None])[0]
        where = ""
        if ev is not None:
            where = "/".join(str(x) for x in (ev.get("page"), ev.get("line")) if x is not None)
        # Text from the documents is shown as text, never read as rich markup, and never
        # reaches the terminal as an escape sequence (a file name may hold one).
        table.add_row(
            _safe(
                f["file"].rsplit("/", 1)[-1] + (f"\n{f['document']}" if f.get("document") else "")
            ),
            f"[{SEVERITY_STYLE[f['severity']]}]{SEVERITY_ZH[f['severity']]}[/]",
            f["check"],
            _safe(f["message"]),
            where,
            _safe((ev.get("quote") or "")[:80] if ev else ""),
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
