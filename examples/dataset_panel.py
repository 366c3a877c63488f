# %% [markdown]
# # 绩效评价数据集：项目 × 年度面板与两张图
#
# Run as a script (`python examples/dataset_panel.py [OUT]`) or cell by cell in an editor
# that reads `# %%` cells (VS Code, Spyder, Jupytext). Needs `pip install 'jixiao[data]'`.
# OUT is the folder of a bulk run (`jixiao audit FOLDER --out OUT`); when it holds no
# dataset yet, the corpus's seed reports and forms are audited into it first.

# %%
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt

import jixiao
from jixiao.dataset.charts import save

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "out/dataset-example")
if not (OUT / "dataset" / "documents.parquet").exists():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    jixiao.audit_paths([corpus / "reports", corpus / "forms" / "xlsx"], out=OUT)

data = jixiao.read_dataset(OUT)
print(data.run_info.T)

# %% [markdown]
# ## The panel: one row per project (`project_key`), one column per year

# %%
docs = data.documents.dropna(subset=["project_key", "year"])
panel = docs.pivot_table(
    index=["project_key"], columns="year", values="total_score", aggfunc="mean"
)
names = docs.groupby("project_key")[["unit_key", "project_name", "province"]].first()
panel = names.join(panel)
print(panel.to_string())

# %% [markdown]
# ## Indicators by canonical name: weight and score rate across documents

# %%
ind = data.indicators.dropna(subset=["canonical_name"])
by_name = ind.groupby("canonical_name").agg(
    documents=("document_id", "nunique"), mean_weight=("weight", "mean")
)
print(by_name.sort_values("documents", ascending=False).to_string())

# %% [markdown]
# ## Two charts

# %%
charts = OUT / "charts"
charts.mkdir(parents=True, exist_ok=True)


def scores_per_year(ax):
    years = docs.dropna(subset=["total_score"]).groupby("year")["total_score"]
    ax.bar([str(y) for y in years.groups], years.mean().values)
    ax.set_title("平均总分（按年度）")


def canonical_counts(ax):
    counts = by_name["documents"].sort_values()
    ax.barh(counts.index, counts.values)
    ax.set_title("规范指标名出现在几份文档中")


written = save("panel_scores_per_year", scores_per_year, charts)
written += save("panel_canonical_indicators", canonical_counts, charts)
plt.close("all")
print("\n".join(str(p) for p in written))
