# Quick start: `make demo` runs gi-extract on a bundled fixture; `make test` runs every test.
# Both create .venv and install what they need on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint golden fixtures docs template bench score clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ocr]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gi-extract fixtures/text/seed_like_2019.txt

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
	$(BIN)/python ../shared/tools/score.py ../shared/corpus --cmd '$(BIN)/gi-extract {file}'

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
