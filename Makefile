# Two commands set everything up on a fresh machine: `make site` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site test bench browser-deps clean

site: $(STAMP)
	$(PY) build.py build --bundle

test: $(STAMP) browser-deps
	$(PY) -m pytest

bench: $(STAMP) browser-deps
	command -v hugo >/dev/null || (apt-get update && apt-get install -y hugo)
	$(PY) -m benchmarks.run

browser-deps:
	sh tools/ensure-browser.sh

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf site dist tests/output benchmarks/.work
