"""The review's part of the command line: `jixiao review import` and `audit --baseline`.

`register` adds them to the parser jixiao.cli builds; `run` runs `jixiao review …`;
`baseline_problem` checks `--baseline` before a bulk run starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .decisions import LOG, record_workbook


def register(sub: argparse._SubParsersAction, audit: argparse.ArgumentParser) -> None:
    """Add `--baseline` to `audit` and the `review` command with its `import`."""
    audit.add_argument(
        "--baseline",
        metavar="OLD_OUT",
        help="上次的输出文件夹：标出新增与已有的问题，列出已消失的问题，沿用其复核决定（需 --out）",
    )
    review = sub.add_parser("review", help="复核决定：导入他人填写后发回的审核结果工作簿")
    actions = review.add_subparsers(dest="review_command", required=True)
    imported = actions.add_parser(
        "import", help="把发回的 audit.xlsx 副本中填写的复核决定导入 OUT/decisions.jsonl"
    )
    imported.add_argument("workbook", metavar="工作簿", help="填写了复核列的 audit.xlsx 副本")
    imported.add_argument(
        "--out", required=True, metavar="OUT", help="该批审核结果所在的输出文件夹"
    )


def run(args: argparse.Namespace) -> int:
    """`jixiao review import WORKBOOK --out OUT`: 0 imported, 2 could not."""
    from ..outdir import OutError, lock_out

    workbook, out = Path(args.workbook), Path(args.out)
    if not workbook.is_file():
        return _fail(f"找不到工作簿 {workbook}")
    if not out.is_dir():
        return _fail(f"找不到输出文件夹 {out}")
    try:
        lock = lock_out(out)
    except OutError as exc:
        return _fail(str(exc))
    try:
        added = record_workbook(out, workbook, f"import:{workbook.name}")
    except (ValueError, OSError, KeyError) as exc:
        return _fail(f"无法读取 {workbook} 中的复核记录：{exc}")
    finally:
        lock.release()
    print(f"已从 {workbook.name} 导入 {len(added)} 条复核记录到 {out / LOG}")
    return 0


def baseline_problem(args: argparse.Namespace) -> str | None:
    """Why `--baseline` cannot be used as given, or None."""
    baseline = getattr(args, "baseline", None)
    if baseline is None:
        return None
    if getattr(args, "out", None) is None:
        return "--baseline 需要与 --out 一起使用"
    if not (Path(baseline) / "findings.jsonl").is_file():
        return f"{baseline} 不是 jixiao 的输出文件夹（其中没有 findings.jsonl）"
    return None


def _fail(message: str) -> int:
    print(f"jixiao: {message}", file=sys.stderr)
    return 2
