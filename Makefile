# Two commands a newcomer needs: `make demo` (install everything, run on the example) and
# `make test`. Everything installs into .venv/ from the package registry; nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/troops-europe-2022
SERVE ?= yes

.PHONY: demo test setup lint bench clean

demo: setup
	$(BIN)/parallax articles $(EXAMPLE)
	$(BIN)/parallax articles $(EXAMPLE) -o out/troops-europe-2022.articles.json
	$(BIN)/parallax annotate $(EXAMPLE) -o out/troops-europe-2022.annotations.json
	$(BIN)/parallax stories $(EXAMPLE)
	$(BIN)/parallax analyze $(EXAMPLE) -o out/troops-europe-2022.analysis.json
	$(BIN)/parallax analyze $(EXAMPLE) -o out/troops-europe-2022.html
	$(BIN)/parallax analyze $(EXAMPLE) --summary-sentences 4
	$(BIN)/parallax ingest $(EXAMPLE) --db out/parallax.db
ifeq ($(SERVE),yes)
	$(BIN)/parallax serve --db out/parallax.db
endif

test: setup lint
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Parallax needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and exactly this CPU build: a looser pin pulls gigabytes of CUDA.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/parallax check
	@touch $(STAMP)

lint: setup
	$(BIN)/ruff check src tests bench training

# One table, Parallax against each peer, written to bench/RESULTS.md: ~6 min on 2 cores, then the
# batch runs up to 100k articles (~2.7 h, 100k alone 2.4 h; `bench/run_all.py --batch-sizes 1000 10000` stops at 10k).
# `make bench QUICK=1`: small samples, a fast check (~9 min), RESULTS.md left alone.
# `make bench RESUME=1`: goes on with the batch runs of a stopped `make bench` (bench/README.md).
bench: setup
	$(BIN)/python bench/run_all.py $(if $(QUICK),--quick) $(if $(RESUME),--resume)

clean:
	rm -rf $(VENV) out .pytest_cache
