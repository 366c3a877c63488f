# Every target sets up its own virtual environment from pyproject.toml.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup demo test eval lint format corpus clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/jixiao audit corpus/reports --format table || true

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

# Rebuild the PDF and DOCX versions of the seed reports (needs LibreOffice and fonts-noto-cjk).
corpus: setup
	$(BIN)/python corpus/tools/build_formats.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
