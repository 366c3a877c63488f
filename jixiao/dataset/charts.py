"""Charts of the dataset as PNG and SVG (matplotlib, Agg backend: no display, offline).

scores_by_year, grades_by_region, scores_by_evaluator, execution_vs_score,
findings_by_check and weights_by_category, each as <name>.png and <name>.svg in one folder (OUT/charts/
by `jixiao export`). Labels are Chinese, drawn with a CJK font when one is
installed (Noto Sans CJK, WenQuanYi, SimHei…). Files are the same bytes for the
same data (no date in the SVG, a fixed id salt).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import extras

if TYPE_CHECKING:
    import pandas as pd

    from .arrow import Dataset

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
)
GRADES = ("优", "良", "中", "差")


@functools.cache
def _pyplot() -> Any:
    matplotlib = extras.need("matplotlib", "data")
    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in CJK_FONTS if f in installed]
    plt.rcParams.update(
        {
            "font.sans-serif": [*fonts, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.hashsalt": "jixiao",
            "figure.dpi": 100,
        }
    )
    return plt


# Each chart's file name and its caption on the dashboard page.
CAPTIONS = {
    "scores_by_year": "各年度评价得分",
    "grades_by_region": "各地区评价等级",
    "scores_by_evaluator": "各评价机构评价得分",
    "execution_vs_score": "预算执行率与评价得分",
    "findings_by_check": "最常见的问题类别",
    "weights_by_category": "一级指标权重分布",
}


def draw_charts(data: Dataset, folder: str | Path) -> list[Path]:
    """Every chart of `data` as PNG and SVG in `folder`; the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    docs = data.documents
    written = []
    for name, draw in (
        ("scores_by_year", lambda ax: scores_by(ax, docs, "year", "年度")),
        ("grades_by_region", lambda ax: grades_by_region(ax, docs)),
        ("scores_by_evaluator", lambda ax: scores_by(ax, docs, "evaluator_key", "评价机构")),
        ("execution_vs_score", lambda ax: execution_vs_score(ax, docs)),
        ("findings_by_check", lambda ax: findings_by_check(ax, data.findings)),
        ("weights_by_category", lambda ax: weights_by_category(ax, data.indicators)),
    ):
        written += save(name, draw, folder)
    return written


def write_dashboard(folder: str | Path, title: str) -> Path:
    """dashboard.html beside charts/: every chart's SVG with its caption, a page of the site
    (index.html links to it once it exists), offline like the rest of it."""
    from ..outputs.atomic import atomic_write_text
    from ..outputs.site import environment

    page = Path(folder) / "dashboard.html"
    html = (
        environment()
        .get_template("dashboard.html.j2")
        .render(title=title, charts=list(CAPTIONS.items()))
    )
    atomic_write_text(page, html)
    return page


def save(name: str, draw: Any, folder: Path) -> list[Path]:
    """Draw one chart with `draw(ax)` and save it as PNG and SVG."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    try:
        draw(ax)
        fig.tight_layout()
        paths = [folder / f"{name}.png", folder / f"{name}.svg"]
        fig.savefig(paths[0], metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return paths


def _empty(ax: Any, title: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def scores_by(ax: Any, docs: pd.DataFrame, by: str, label: str) -> None:
    """Total score by year (or evaluator): each document a dot, the mean a bar."""
    title = f"总分（按{label}）"
    rows = docs.dropna(subset=["total_score", by])
    if rows.empty:
        return _empty(ax, title)
    groups = rows.groupby(by)["total_score"]
    means = groups.mean().sort_index()
    names = [str(k) for k in means.index]
    ax.bar(names, means.values, color="#c8d7ea", label="平均")
    for i, key in enumerate(means.index):
        values = groups.get_group(key)
        ax.scatter([i] * len(values), values, color="#1f4e8c", s=14, zorder=3)
    ax.set_ylim(max(0, rows["total_score"].min() - 10), 100)
    ax.set_title(title)
    ax.set_ylabel("总分")
    ax.tick_params(axis="x", labelrotation=30 if by != "year" else 0)
    return None


def grades_by_region(ax: Any, docs: pd.DataFrame) -> None:
    """How many documents of each grade, per province."""
    rows = docs.dropna(subset=["grade", "province"])
    if rows.empty:
        return _empty(ax, "等级（按省份）")
    table = rows.pivot_table(
        index="province", columns="grade", values="document_id", aggfunc="count"
    )
    table = table.reindex(columns=[g for g in GRADES if g in table.columns]).fillna(0)
    bottom = None
    for grade in table.columns:
        ax.bar(table.index.astype(str), table[grade], bottom=bottom, label=grade)
        bottom = table[grade] if bottom is None else bottom + table[grade]
    ax.set_title("等级（按省份）")
    ax.set_ylabel("文档数")
    ax.legend(title="等级")
    return None


def execution_vs_score(ax: Any, docs: pd.DataFrame) -> None:
    """Budget execution rate (x) against total score (y), one dot per document."""
    rows = docs.dropna(subset=["execution_rate", "total_score"])
    if rows.empty:
        return _empty(ax, "预算执行率与总分")
    ax.scatter(rows["execution_rate"], rows["total_score"], color="#1f4e8c")
    ax.set_title("预算执行率与总分")
    ax.set_xlabel("预算执行率（%）")
    ax.set_ylabel("总分")
    return None


def findings_by_check(ax: Any, findings: pd.DataFrame, top: int = 12) -> None:
    """The commonest findings by check, errors and warnings apart."""
    rows = findings[findings["severity"].isin(["error", "warning"])]
    if rows.empty:
        return _empty(ax, "最常见的问题类别")
    table = rows.pivot_table(
        index="check_zh", columns="severity_zh", values="rule", aggfunc="count"
    )
    table = table.fillna(0)
    table = table.loc[table.sum(axis=1).sort_values().index[-top:]]
    left = None
    for severity in [s for s in ("错误", "警告") if s in table.columns]:
        ax.barh(table.index.astype(str), table[severity], left=left, label=severity)
        left = table[severity] if left is None else left + table[severity]
    ax.set_title("最常见的问题类别（错误与警告）")
    ax.set_xlabel("问题数")
    ax.legend()
    return None


def weights_by_category(ax: Any, indicators: pd.DataFrame, top: int = 10) -> None:
    """The mean weight a document gives each level-1 category (its level-3 weights summed)."""
    rows = indicators[(indicators["indicator_level"] == 3)].dropna(subset=["weight", "level1"])
    if rows.empty:
        return _empty(ax, "各一级指标的分值")
    per_doc = rows.groupby(["document_id", "level1"])["weight"].sum()
    means = per_doc.groupby("level1").mean().sort_values().iloc[-top:]
    ax.barh(means.index.astype(str), means.values, color="#1f4e8c")
    ax.set_title("各一级指标的平均分值（每份文档其三级指标分值之和）")
    ax.set_xlabel("分值")
    return None
