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
	# compat: the .pth holds a path, not an import finder that loads pathlib, urllib and re at
	# every interpreter start-up (35 ms, during which Ctrl-C is a fatal error in Python itself)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
		--config-settings editable_mode=compat -e .
	touch $(STAMP)

clean:
	rm -rf site dist tests/output benchmarks/.work
