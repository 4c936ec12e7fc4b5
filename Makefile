# HepCat: `make run` serves the demo school, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements

.PHONY: install run test lint format worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_school
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/celery -A hepcat worker --loglevel=info

# Run exactly one beat process per deployment, or scheduled work runs twice.
beat: install
	$(BIN)/celery -A hepcat beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
