# HepCat: `make run` serves the demo school, `make test` runs the whole suite.
PYTHON ?= python3
# `make run PORT=8123` serves on another port; links in mail follow it.
PORT ?= 8000
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
	SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py load_demo_school
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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
