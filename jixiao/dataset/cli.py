"""`jixiao export OUT [--to DIR]`: the dataset rebuilt from a bulk run's outputs, and its charts.

Reads OUT's records, findings and OUT/dataset/files.json (never a document), and
writes to DIR (default OUT): DIR/dataset/ (Parquet, CSV), DIR/audit.duckdb (the
three tables, their views and the dataset, in duckdb 1.1's storage format) and
DIR/charts/ (PNG and SVG). Useful after an upgrade of jixiao (a new schema
version) or to hand the dataset over without the documents. Wired into
jixiao.cli by:

    from .dataset.cli import add_export_parser, run_export
    add_export_parser(sub)
    if args.command == "export": return run_export(args)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..extras import MissingExtra


def add_export_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `export` subcommand (help in Chinese)."""
    parser = sub.add_parser(
        "export",
        help="由 --out 输出文件夹重建数据集（Parquet、CSV、DuckDB）与图表，不重读文件",
        description="由 jixiao audit --out 的输出文件夹重建研究数据集与图表，不重新读取任何文件。",
    )
    parser.add_argument("out", metavar="OUT", help="jixiao audit --out 写出的文件夹")
    parser.add_argument("--to", metavar="DIR", help="写到哪个文件夹（默认 OUT 本身）")
    parser.add_argument("--no-charts", action="store_true", help="不画图表")
    return parser


def run_export(args: argparse.Namespace) -> int:
    """Run `jixiao export`; 0 done, 2 when OUT holds no run or an extra is missing."""
    try:
        written = export(args.out, args.to or args.out, charts=not args.no_charts)
    except (FileNotFoundError, MissingExtra) as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return 2
    print(f"已写出 {len(written)} 个文件到 {args.to or args.out}")
    return 0


def export(out: str | Path, to: str | Path, *, charts: bool = True) -> list[Path]:
    """Rebuild the dataset, audit.duckdb and the charts of OUT into TO; the paths written."""
    from ..outputs.atomic import staged
    from ..outputs.database import write_duckdb
    from ..outputs.tables import build_frames
    from .arrow import frames
    from .outputs import dataset_tables, rebuild_result, write_dataset_files

    result = rebuild_result(out)
    built = dataset_tables(out, result)
    if built is None:
        raise MissingExtra("需要可选依赖 pyarrow，请安装：pip install 'jixiao[data]'")
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    with staged():
        written = write_dataset_files(to, built)
        written += write_duckdb(to, build_frames(result), built)
    if charts:
        from .charts import draw_charts, write_dashboard

        written += draw_charts(frames(built.tables), to / "charts")
        written.append(write_dashboard(to, f"{len(result.outcomes)} 个文件"))
    return written
