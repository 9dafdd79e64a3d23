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

# `make run` installs only what running needs (project.dependencies); `make test` adds the dev
# extra (test tools, linters, Playwright, moto). The project itself is not built: pip installs the
# listed requirements straight from pyproject.toml.
REQUIREMENTS = $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + sum((p["optional-dependencies"][x] for x in sys.argv[1:]), [])))'

# The pip of the Python that makes the venv installs into it when it can: a venv without its own
# copy of pip is made in a second instead of half a minute. `make test` adds pip to the venv.
VENV_PIP = $(shell $(PYTHON) -m pip --version >/dev/null 2>&1 \
	&& echo "$(PYTHON) -m pip --python $(PY)" || echo "$(PY) -m pip")
PIP_INSTALL = --quiet --disable-pip-version-check --no-compile

.PHONY: run test setup setup-dev system lint types checks pytest messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 or python3.13 on the PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(if $(findstring --python,$(VENV_PIP)),--without-pip) $(VENV)
	@$(REQUIREMENTS) > $(VENV)/requirements.txt
	@$(VENV_PIP) install $(PIP_INSTALL) -r $(VENV)/requirements.txt
	@$(PY) -c 'import magic' 2>/dev/null || { echo "libmagic is missing: install it with 'sudo apt-get install libmagic1' (Debian/Ubuntu) or 'brew install libmagic' (macOS)."; exit 1; }
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --default-pip >/dev/null
	@$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	@$(PY) -m pip install $(PIP_INSTALL) -r $(VENV)/requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

# Compiled only when a catalogue changed (the .mo is committed for machines without gettext).
MO := locale/zh_Hans/LC_MESSAGES/django.mo
messages: setup $(MO)

$(MO): $(wildcard locale/*/LC_MESSAGES/*.po)
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0 && touch $@; fi

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

# The dev server and a background worker beside it; Ctrl-C stops both.
run: setup system messages
	@$(PY) manage.py shell -v0 -c 'from django.core.management import call_command as run; \
	run("migrate", interactive=False, verbosity=0); run("seed_demo"); run("seed_demo_work"); \
	run("number_people", verbosity=0)'
	@echo "Serving the portal on http://$(HOST):$(PORT)/ with a background worker (Ctrl-C stops both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=true nice $(PY) manage.py db_worker --no-reload --no-startup-delay -v0 & worker=$$!; \
	DEBUG=true $(PY) manage.py runserver --skip-checks $(HOST):$(PORT)


lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: setup-dev
	$(VENV)/bin/mypy .

# Both on the embedded SQLite: Django's checks of a GeneratedField ask the database for its
# version, and the database DATABASE_URL names need not exist yet (the tests create their own).
checks: setup-dev messages
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	env -u DATABASE_URL $(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# The suite runs on the embedded SQLite, and again on PostgreSQL when DATABASE_URL names one.
pytest: setup-dev messages
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "Again on PostgreSQL ($${DATABASE_URL%%\?*})"; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	fi

test: lint types checks pytest

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache test-artifacts
