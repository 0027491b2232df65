# Cap IA — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv finds Python 3.11+ on the machine and never downloads an interpreter.
export UV_PYTHON_DOWNLOADS := never
# Use the system's certificate store (needed behind TLS-inspecting proxies, harmless elsewhere).
export UV_SYSTEM_CERTS := 1
ifneq ($(wildcard /etc/ssl/certs/ca-certificates.crt),)
export SSL_CERT_FILE ?= /etc/ssl/certs/ca-certificates.crt
endif
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PYTEST_ARGS ?=

.PHONY: help uv install run test lint typecheck bench system-deps clean

help:
	@echo "make run    install and start Cap IA on http://127.0.0.1:8000 (ingests the knowledge base)"
	@echo "make test   install and run the whole test suite (offline)"
	@echo "make lint   ruff + mypy;  make bench  run the benchmarks"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
	  || python3 -m pip install --quiet --user --break-system-packages uv

install: uv
	$(UV) sync --frozen

run: install
	$(UV) run --frozen cap-ia serve

# Debian's Chromium drives the end-to-end tests (Playwright never downloads a browser here), and Debian's
# PostgreSQL runs the database tests a second time on a throwaway server (scripts/test-postgres.sh).
system-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium chromium-driver"; \
	compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: missing Debian packages ($$missing): browser or PostgreSQL tests will be skipped"; fi; \
	fi

test: install system-deps
	@set +e; scripts/test-postgres.sh $(UV) run --frozen pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check assistant
	$(UV) run --frozen mypy assistant

bench: install
	$(UV) run --frozen python bench/run_all.py

clean:
	rm -rf .venv data .pytest_cache .mypy_cache .ruff_cache test-artifacts
