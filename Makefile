# Two commands: `make run` (the service on SQLite with demo data) and `make test` (every test, both backends).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gov serve

test: $(STAMP)
	bash .ci/ensure-postgres
	bash .ci/ensure-chromium
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=20  # two workers; a file's tests share one (module fixtures)

bench: $(STAMP)
	bash .ci/ensure-postgres
	$(BIN)/python -m bench.run --backend sqlite
	$(BIN)/python -m bench.run --backend postgres
	$(BIN)/python -m bench.fanout --backend sqlite
	$(BIN)/python -m bench.fanout --backend postgres
	$(BIN)/python -m bench.audit --backend sqlite
	$(BIN)/python -m bench.audit --backend postgres
	$(BIN)/python -m bench.privacy --backend sqlite
	$(BIN)/python -m bench.privacy --backend postgres
	$(BIN)/python -m bench.self_audit --backend sqlite
	$(BIN)/python -m bench.self_audit --backend postgres
	$(BIN)/python -m bench.view_privacy --backend sqlite
	$(BIN)/python -m bench.view_privacy --backend postgres
	$(BIN)/python -m bench.pages --backend sqlite
	$(BIN)/python -m bench.pages --backend postgres
	$(BIN)/python -m bench.assessment --backend postgres
	$(BIN)/python -m bench.registry_scale --backend sqlite
	$(BIN)/python -m bench.registry_scale --backend postgres

clean:
	rm -rf $(VENV) var
