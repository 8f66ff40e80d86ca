# Quick start: `make demo` runs gi-extract on a bundled fixture; `make test` runs every test.
# Both create .venv and install what they need on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME := $(VENV)/.installed-runtime
DEMO := fixtures/docx/arith_error.docx

.PHONY: demo test lint golden fixtures docs template bench score clean

# A Python of 3.11 or later with venv, or a one-line reason why not.
$(BIN)/python:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gi-extract needs Python >= 3.11 (its patterns use possessive quantifiers); run: make PY=python3.x ...")'
	@$(PY) -m venv $(VENV) || { echo "python venv module missing: apt install python3-venv (or use PY=...)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

# The demo needs only the package itself; the tests need the development tools and every extra.
$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,ocr]'
	touch $(STAMP) $(RUNTIME)

demo: $(RUNTIME)
	@echo "== gi-extract check $(DEMO): the reviewer's report"
	$(BIN)/gi-extract check $(DEMO)
	@mkdir -p demo
	$(BIN)/gi-extract $(DEMO) -o demo/arith_error.json
	@echo "== gi-extract $(DEMO) -o demo/arith_error.json: the data (first lines)"
	@head -n 24 demo/arith_error.json

test: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy --strict src
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy --strict src

# Regenerate the fixtures from their scripts, then the golden expected JSON beside them.
fixtures: $(STAMP)
	$(BIN)/python scripts/make_text_fixtures.py
	$(BIN)/python scripts/make_docx_fixtures.py
	$(BIN)/python scripts/make_html_fixtures.py
	$(BIN)/python scripts/make_glued_fixtures.py
	if command -v soffice >/dev/null; then $(BIN)/python scripts/make_pdf_fixtures.py; \
	$(BIN)/python scripts/make_pagebreak_fixtures.py; \
	else echo "soffice (LibreOffice) not found: PDF fixtures left as committed"; fi
	$(BIN)/python scripts/make_textshape_fixtures.py

# Rewrite the documentation blocks generated from the registries (warnings, exit codes, template).
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

# Validate the template files with pydantic and record their digests (after editing an edition).
template: $(STAMP)
	$(BIN)/python scripts/validate_template.py

golden: $(STAMP)
	$(BIN)/python scripts/update_golden.py

score: $(STAMP)
	@test -d ../shared/corpus || { echo "make score needs ../shared/corpus beside the clone (the real reports); it is not there"; exit 1; }
	$(BIN)/python ../shared/tools/score.py ../shared/corpus --cmd '$(BIN)/gi-extract {file}'

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache demo
