# Two commands for a new user: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/mujaz run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check summaries bot tests bench
	$(BIN)/ruff format --check summaries bot tests bench

bench: $(STAMP)
	$(BIN)/python bench/compare_digesters.py
	$(BIN)/python bench/pipeline_speed.py

clean:
	rm -rf $(VENV) var .pytest_cache
