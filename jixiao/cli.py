"""The commands of CONTRACT.md: extract, audit, rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import rules
from rules.model import CHECK_ZH, SEVERITY_RANK, SEVERITY_ZH
from rules.profiles import PROFILES

from .batch import BatchResult, Limits, Outcome
from .cliparse import ChineseParser
from .intake import exit_status, walk
from .limits import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    EXTRACT_WORK,
    limits_problem,
    run_in_order,
    run_one,
)
from .names import for_terminal
from .outputs.console import print_summary, shown_findings
from .review import cli as review_cli
from .worker import MEMORY_NOTE, memory_cap_supported

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


EXIT_HELP = """退出状态：
  0  未发现“错误”级问题，所有文件都已读取
  1  至少有一条“错误”级问题
  2  命令未能运行（参数不对、文件夹为空或只有锁定/系统文件、输出文件夹不可写）
  3  没有“错误”级问题，但有文件未能读取（格式不支持、加密、损坏、超时或内存超限）"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
        if args.command == "review":
            return review_cli.run(args)
        if args.command == "export":
            from .dataset.cli import run_export

            return run_export(args)
        return _rules(args)
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: the children are stopped, no traceback
        print("jixiao: 已中断（Ctrl-C），未完成的文件没有结果", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The commands of CONTRACT.md, with help and errors in Chinese (jixiao.cliparse)."""
    parser = ChineseParser(
        prog="jixiao",
        description="预算绩效评价报告、自评表、目标表与部门预决算的审核工具",
        epilog=EXIT_HELP,
    )
    parser.add_argument(
        "--version", action="version", version=f"jixiao {_version()}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", required=True, title="命令")

    p_extract = sub.add_parser(
        "extract", help="读取一个文件，每份文档输出一行 JSON 记录", description="读取一个文件"
    )
    p_extract.add_argument("file", metavar="文件", help="PDF、DOCX、XLSX、XLS、HTML 或 TXT")
    p_extract.add_argument("--password", metavar="密码", help="加密 PDF 的密码")
    p_extract.add_argument("--ocr", action="store_true", help="用 OCR 读取扫描页（无文字层）")
    p_extract.add_argument("--pretty", action="store_true", help="JSON 缩进排版")
    _limit_arguments(p_extract)

    p_audit = sub.add_parser(
        "audit",
        help="读取并审核文件或文件夹",
        description="读取并审核文件或文件夹（文件夹含子文件夹）",
        epilog=EXIT_HELP,
    )
    p_audit.add_argument("paths", nargs="+", metavar="路径", help="文件或文件夹")
    shown = p_audit.add_argument_group("终端输出（不带 --out 时）")
    shown.add_argument(
        "--format",
        choices=["jsonl", "table"],
        help="table：表格（默认）；jsonl：每行一条问题的 JSON",
    )
    shown.add_argument(
        "--min-severity",
        choices=["error", "warning", "info"],
        help="只显示此级别及以上：error 错误、warning 警告、info 提示（默认）",
    )
    p_audit.add_argument("--password", metavar="密码", help="加密 PDF 的密码")
    p_audit.add_argument("--ocr", action="store_true", help="用 OCR 读取扫描页（无文字层）")
    p_audit.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="national",
        help=(
            "自评表的评分规则（默认 national）："
            + "；".join(f"{p.name} = {p.title}" for p in PROFILES.values())
        ).replace("%", "%%"),
    )
    _limit_arguments(p_audit)
    bulk = p_audit.add_argument_group("批量审核（写入输出文件夹）")
    bulk.add_argument(
        "--out",
        metavar="文件夹",
        help="所有结果写入此文件夹：audit.xlsx、index.html、findings.jsonl …（可断点续跑）",
    )
    bulk.add_argument("--workers", type=int, metavar="N", help="同时处理的文件数（默认：CPU 核数）")
    bulk.add_argument("--scheduler", metavar="tcp://主机:端口", help="在 dask 集群上运行")
    bulk.add_argument(
        "--scoring-sheet",
        metavar="文件",
        help="中介机构报告质量考核的扣分表（TOML 或 JSON，见 jixiao/templates/scoring_sheet.toml）",
    )

    p_rules = sub.add_parser("rules", help="列出全部审核规则", description="列出全部审核规则")
    p_rules.add_argument(
        "--format", choices=["table", "markdown", "json"], default="table", help="输出格式"
    )
    review_cli.register(sub, p_audit)  # `review import` and `audit --baseline` (jixiao.review)
    from .dataset.cli import add_export_parser

    add_export_parser(sub)  # `export OUT --to DIR` (jixiao.dataset)
    return parser


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
        help=f"每个文件最多用时（秒，默认 {DEFAULT_TIMEOUT:g}）",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"每个文件的内存上限（MB，默认 {DEFAULT_MEMORY_MB}；Windows 上不生效）",
    )


def _extract(args: argparse.Namespace) -> int:
    """One file's records, read in a child process under --timeout/--memory (jixiao.limits)."""
    from .api import pipeline_options

    options = pipeline_options(password=args.password, ocr=args.ocr)
    payload = run_one(args.file, Limits(args.timeout, args.memory), options, EXTRACT_WORK)
    if payload["status"] != "ok" or not payload["records"]:
        finding = payload["findings"][0] if payload["findings"] else {}
        reason = finding.get("message") or payload.get("reason") or "无法读取"
        print(for_terminal(f"jixiao: {args.file}: {reason}"), file=sys.stderr)
        return 1
    for record in payload["records"]:
        print(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None))
    return 0


def _audit(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        return _refuse(f"找不到文件或文件夹：{'、'.join(missing)}")
    if problem := review_cli.baseline_problem(args):
        return _refuse(problem)
    if problem := _sheet_problem(args):
        return _refuse(problem)
    bulk = args.out is not None or args.scheduler or args.workers is not None
    if bulk:
        problem = _bulk_problem(args)
        if problem:
            return _refuse(problem)
    found = walk(args.paths)
    if bulk:  # OUT may lie inside an input folder (not audited), never hold an input
        from .api import inputs
        from .outdir import OutError, check_out

        try:
            check_out(args.out, args.paths)
        except OutError as exc:
            return _refuse(str(exc))
        found.files = inputs(args.paths, args.out)
    if not found.files:
        return _refuse(_nothing_to_audit(args.paths, found.ignored))
    if not memory_cap_supported():
        print(f"jixiao: {MEMORY_NOTE}", file=sys.stderr)
    if bulk:
        # The run lists the files again: a Path per file held here all along (about 1 kB
        # each) grew the run with the number of files (README, Scale).
        del found
        return _audit_bulk(args)
    floor = SEVERITY_RANK[args.min_severity or "info"]
    shown: list[dict] = []

    def emit(outcome: Outcome) -> None:
        kept = [f for f in outcome.findings if SEVERITY_RANK[f["severity"]] <= floor]
        if args.format == "jsonl":
            for f in kept:
                sys.stdout.write(json.dumps(f, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:  # a file submitted twice shows only its 重复报送 finding
            shown.extend(f for f in shown_findings([outcome]) if f in kept)

    from .api import pipeline_options

    options = pipeline_options(password=args.password, ocr=args.ocr, profile=args.profile)
    outcomes = run_in_order(found.files, Limits(args.timeout, args.memory), options, emit)
    if args.format == "jsonl":
        for o in outcomes:  # scripts read stdout; what was not read is said on stderr
            if o.failed:
                print(for_terminal(f"jixiao: 未能读取 {o.file}：{o.reason}"), file=sys.stderr)
        if found.ignored:
            names = "、".join(p.name for p in found.ignored)
            say = f"jixiao: 已忽略 {len(found.ignored)} 个锁定或系统文件：{names}"
            print(for_terminal(say), file=sys.stderr)
    else:
        console = Console()
        _print_table(console, shown, len(found.files))
        print_summary(console, BatchResult(outcomes), ignored=found.ignored)
    return exit_status(outcomes)


def _refuse(message: str) -> int:
    """A command that cannot run: its reason on stderr, exit status 2."""
    print(for_terminal(f"jixiao: {message}"), file=sys.stderr)
    return 2


def _sheet_problem(args: argparse.Namespace) -> str | None:
    """Why --scoring-sheet cannot be used: without --out (nothing would use it), or a sheet
    that cannot be read (said before any file is read)."""
    if getattr(args, "scoring_sheet", None) is None:
        return None
    if args.out is None:
        return "--scoring-sheet 需与 --out 文件夹 一起使用（扣分写在 审核意见 中）"
    from .outputs.opinions import load_sheet

    try:
        load_sheet(args.scoring_sheet)
    except ValueError as exc:
        return str(exc)
    return None


def _bulk_problem(args: argparse.Namespace) -> str | None:
    """Why these bulk options cannot be used together, or None.

    --format and --min-severity choose what the terminal shows; with --out every finding goes
    to the output files, which are the record of the run and are never filtered. Ignoring
    the options would let the user believe the workbook holds only errors, so they are refused.
    """
    if args.out is None:
        return "--workers 和 --scheduler 需与 --out 文件夹 一起使用"
    given = [
        name for name in ("--format", "--min-severity") if getattr(args, name[2:].replace("-", "_"))
    ]
    if given:
        return (
            f"{' 和 '.join(given)} 只作用于终端输出，不能与 --out 一起使用：--out 文件夹中"
            "写入全部问题（在 audit.xlsx 或 index.html 中按级别筛选）"
        )
    if args.workers is not None and args.workers < 1:
        return "--workers 须不小于 1"
    return None


def _nothing_to_audit(paths: Sequence[str], ignored: Sequence[Path]) -> str:
    where = "、".join(paths)
    if ignored:
        return (
            f"{where} 中没有可审核的文件：只有 {len(ignored)} 个锁定文件或系统文件"
            "（如 ~$*.docx、Thumbs.db），已忽略"
        )
    return f"{where} 中没有文件"


def _audit_bulk(args: argparse.Namespace) -> int:
    """The bulk run of CONTRACT.md (`--out DIR`): see jixiao.api.audit_to_folder."""
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
        baseline=getattr(args, "baseline", None),
        sheet=getattr(args, "scoring_sheet", None),
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
            CHECK_ZH.get(f["check"], f["check"]),
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
    for col in ("规则 id", "类别", "级别", "说明"):
        table.add_column(col)
    for r in rules.RULES:
        table.add_row(r.id, CHECK_ZH.get(r.check, r.check), SEVERITY_ZH[r.severity], r.title)
    Console().print(table)
    return 0


def rules_markdown() -> str:
    """The rule reference (docs/RULES.md is this output): rules.docs builds it."""
    from rules.docs import markdown

    return markdown()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
