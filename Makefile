# Two commands set everything up on a fresh machine: `make serve` and `make test`.
# Writers' commands take their arguments as variables:
#   make serve PORT=8001 HOST=0.0.0.0
#   make new TITLE="Administrative courts open" DATE=2021-07-01 CATEGORY=administrative-justice
#   make new TITLE="Заголовок" TRANSLATION=ru SLUG=administrative-courts-open
#   make check
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock | sha256sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve new build check test bench lock clean

# Every runtime and test package, pinned and hashed (pyproject.toml names them; `make lock` resolves them).
$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(STAMP)
	SITEGEN_MAKE_SERVE=1 $(PY) build.py serve --host "$(HOST)" --port "$(PORT)"

# Values given on make's command line reach the shell as variables, so quotes in a title stay as typed.
new: $(STAMP)
	@test -n "$$TITLE" || { echo 'make new: give a title, e.g. make new TITLE="Administrative courts open" DATE=2021-07-01 CATEGORY=administrative-justice' >&2; exit 2; }
	@$(PY) build.py new "$$TITLE" $(if $(DATE),--date "$$DATE") $(foreach slug,$(CATEGORY),--category $(slug)) \
		$(if $(TRANSLATION),--lang "$$TRANSLATION") $(if $(SLUG),--slug "$$SLUG")

build: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

test: $(STAMP) node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

# After a change of the dependencies in pyproject.toml: resolve and hash them again (asks PyPI).
lock: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check pip-tools==7.4.1
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--extra dev --output-file requirements.lock pyproject.toml

clean:
	rm -rf output .cache test-artifacts
