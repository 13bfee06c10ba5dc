# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
DEMO_ENV := APP_ENV=development MESSAGE_TRANSPORT=console

.PHONY: demo test install lint test-sqlite test-postgresql browser-deps clean

$(BIN)/.installed: pyproject.toml setup.py $(wildcard locales/*/LC_MESSAGES/*.po)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

## Run the product on its embedded default: SQLite, console transport, demo data.
demo: install
	$(DEMO_ENV) $(BIN)/feedback-bot db upgrade
	$(DEMO_ENV) $(BIN)/feedback-bot seed demo
	@echo "Open http://127.0.0.1:$(PORT)/simulator to take the poll as a resident."
	$(DEMO_ENV) $(BIN)/feedback-bot run --host 127.0.0.1 --port $(PORT)

## Lint, then the whole suite on SQLite and on PostgreSQL.
test: install browser-deps lint test-sqlite test-postgresql

## Debian's Chromium for the browser tests, installed only when missing (never a downloaded one).
browser-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: install
	FEEDBACK_BOT_TEST_DB=sqlite $(BIN)/pytest

test-postgresql: install
	FEEDBACK_BOT_TEST_DB=postgresql $(BIN)/pytest

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
