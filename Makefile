# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
# The first Python >= 3.12 on the PATH (pyenv reads .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# What `check --deploy` sees: a production environment with every secret set.
DEPLOY_ENV := DEBUG=false HTTPS=true ALLOWED_HOSTS=ce.example.edu.cn \
	SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	MAIL_HOST=smtp.example.edu.cn ID_NUMBER_HASH_KEY=deploy-check-hash-key \
	ID_NUMBER_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')

.PHONY: run test setup system lint types checks pytest messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 or python3.13 on the PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e ".[dev]"
	@$(PY) -c 'import magic' 2>/dev/null || { echo "libmagic is missing: install it with 'sudo apt-get install libmagic1' (Debian/Ubuntu) or 'brew install libmagic' (macOS)."; exit 1; }
	@touch $@

setup: $(VENV)/.installed

# Certificate PDFs (WeasyPrint) need Pango, HarfBuzz's subsetter and a CJK font (fonts-noto-cjk,
# embedded in every PDF). As root on Debian/Ubuntu they are installed; otherwise `make` says how.
SYSTEM_NEEDS = $(strip \
	$(if $(shell ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 && echo y),,libpango-1.0-0 libpangoft2-1.0-0) \
	$(if $(shell ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 && echo y),,libharfbuzz-subset0) \
	$(if $(shell fc-list 2>/dev/null | grep -qi 'noto.*cjk' && echo y),,fonts-noto-cjk))
system:
	@if [ -n "$(SYSTEM_NEEDS)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing $(SYSTEM_NEEDS)"; apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_NEEDS) >/dev/null; \
		else \
			echo "Certificate PDFs need: sudo apt-get install $(SYSTEM_NEEDS)"; exit 1; \
		fi; \
	fi

messages: setup
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

run: setup system messages
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py seed_demo
	@$(PY) manage.py seed_demo_work
	@$(PY) manage.py number_people -v0
	@echo "Serving the portal on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: setup
	$(VENV)/bin/mypy .

checks: setup messages
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# The suite runs on the embedded SQLite, and again on PostgreSQL when DATABASE_URL names one.
pytest: setup messages
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "Again on PostgreSQL ($${DATABASE_URL%%\?*})"; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	fi

test: lint types checks pytest

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache test-artifacts
