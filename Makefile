# HepCat: `make run` serves the demo school, `make test` runs the whole suite.
PYTHON ?= python3
# `make run PORT=8123` serves on another port; links in mail follow it.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements

.PHONY: install run test lint format worker beat bench clean

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

# `make bench [MODE=pages|rush|account|reports] [OFFERS=N STUDENTS=M] [VISITORS=200 SEATS=20] [WORKERS=2|4]`: a fresh PostgreSQL
# database on 127.0.0.1:5432 (user postgres, trust auth) and Redis database 14 on 127.0.0.1:6379; see README.
MODE ?= pages
OFFERS ?= 0
STUDENTS ?= 0
VISITORS ?= 200
SEATS ?= 20
WORKERS ?=
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python bench/run.py --mode $(MODE) --offers $(OFFERS) --students $(STUDENTS) \
		--visitors $(VISITORS) --seats $(SEATS) $(if $(WORKERS),--workers $(WORKERS))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
