# Two commands set everything up on a fresh machine: `make site` and `make test`.
# `make site` installs only what building needs (requirements.txt); `make test` and
# `make bench` add the developers' tools (requirements-dev.txt) to the same .venv.
VENV      := .venv
PY        := $(VENV)/bin/python
PIP       := $(PY) -m pip install --quiet --disable-pip-version-check
SITE_DEPS := $(VENV)/.installed-site
DEV_DEPS  := $(VENV)/.installed-dev

.PHONY: site test bench browser-deps clean

site: $(SITE_DEPS)
	$(PY) build.py build --bundle

test: $(DEV_DEPS) browser-deps
	$(PY) -m pytest

bench: $(DEV_DEPS) browser-deps
	command -v hugo >/dev/null || (apt-get update && apt-get install -y hugo)
	$(PY) -m benchmarks.run

browser-deps:
	sh tools/ensure-browser.sh

$(SITE_DEPS): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

# Made after the site's set (and again whenever it is remade), so switching from
# `make site` to `make test` in one checkout adds the tools and reinstalls nothing.
# FollowTheMoney's pyicu (a test-only package) compiles against Debian's libicu-dev.
$(DEV_DEPS): $(SITE_DEPS) requirements-dev.txt
	pkg-config --exists icu-uc 2>/dev/null || (apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config)
	$(PIP) -r requirements-dev.txt
	touch $@

clean:
	rm -rf site dist .dossier-cache tests/output benchmarks/.work
