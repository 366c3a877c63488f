# Every target sets up its own virtual environment from pyproject.toml.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup demo test eval lint format corpus layouts docs snapshots clean fuzz bench killrun bench-scale

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo needs only the light install (reader, rules, Excel, HTML, JSON): no dev extras.
DEMO_STAMP := $(VENV)/.installed-demo
$(DEMO_STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	COLUMNS=$${COLUMNS:-160} $(BIN)/jixiao audit corpus/reports/bazhou_mine_plan_2022.txt corpus/reports/yanqi_grassland_fund_2022.txt --format table --min-severity warning || true

test: setup
	$(BIN)/pytest

eval: setup
	$(BIN)/python -m jixiao.evaluate corpus

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: setup
	$(BIN)/jixiao rules --format markdown > docs/RULES.md
	$(BIN)/python -m jixiao.dataset.docs > docs/DATA.md

# Rewrite rules/examples/*/expected.json from what the rules say now (after changing a
# rule's message on purpose), then the docs that quote them; review the diff before committing.
snapshots: setup
	JIXIAO_UPDATE_SNAPSHOTS=1 $(BIN)/pytest -q tests/test_rule_examples.py
	$(BIN)/jixiao rules --format markdown > docs/RULES.md

# Rebuild the PDF and DOCX versions of the seed reports (needs LibreOffice and fonts-noto-cjk).
corpus: setup
	$(BIN)/python corpus/tools/build_formats.py

# Render the seed reports and six forms in every layout of corpus/layouts/ (see its README;
# needs LibreOffice, Chromium and fonts-noto-cjk; about a minute).
layouts: setup
	$(BIN)/python corpus/tools/build_layouts.py

# Fuzz extractor.extract (and the rules) for FUZZ_SECONDS with atheris; crashes go to out/fuzz-artifacts/.
FUZZ_SECONDS ?= 300
fuzz: setup
	$(BIN)/pip install --quiet -e '.[fuzz]' || echo "atheris did not install: plain mutation loop"
	$(BIN)/python -m fuzz.fuzz_extract --seconds $(FUZZ_SECONDS)

# The whole chain beside bare pdfplumber and pdftotext, and a 1 vs 2 worker batch (a few minutes).
# BENCH_ARGS="--runs 5 --files 200 --json out/bench.json" for more; see bench/run.py.
BENCH_ARGS ?=
bench: setup
	SHARED=$(SHARED) $(BIN)/python bench/run.py $(BENCH_ARGS)

# `jixiao audit` over N generated documents (copies of the corpus forms and reports with
# their own names) with 1 and 2 workers: time, documents/s, peak RSS of the main process
# and of the largest worker (README, Scale). N=10000 takes about an hour on 2 cores.
N ?= 1000
bench-scale: setup
	$(BIN)/python bench/scale.py --n $(N) --workers 1 2

# Kill a bulk run over 100 files with SIGKILL at ten random moments; the outputs of the
# run let finish must equal a clean run's, and no process may be left (a few minutes).
killrun: setup
	$(BIN)/python bench/killrun.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
