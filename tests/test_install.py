"""A real install, as a new user makes it: `pip install <checkout>` into a fresh virtual environment
outside the checkout gives a `dossier` command that runs every subcommand, with the built-in theme
carried in the package.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT

STYLE = "/* dossier-theme 2 */\nbody { color: #123456; }\n"  # a file of today's theme says so (docs/theming.md)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the package installed from the checkout (not editable)."""
    venv = tmp_path_factory.mktemp("install") / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    result = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(ROOT)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return venv, env


def test_the_installed_package_carries_the_theme_and_no_part_of_the_checkout(installed):
    venv, env = installed
    code = "import dossier.render.theme as t; print(t.__file__); print(t.builtin_theme_dir())"
    result = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=venv.parent,
                            capture_output=True, text=True, env=env)
    module, theme = map(Path, result.stdout.split())
    assert venv in module.parents and theme == module.parent.parent / "theme"
    assert tree(theme) == tree(ROOT / "templates")


def test_an_installed_dossier_makes_builds_bundles_and_serves_a_new_project(installed, tmp_path):
    venv, env = installed
    work = tmp_path / "work"  # outside the checkout
    work.mkdir()

    def dossier(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "dossier"), *args], cwd=work, capture_output=True, text=True,
                              env=env)

    made = dossier("new", "x")
    assert made.returncode == 0, made.stderr
    assert "dossier --project x build" in made.stderr
    assert list(tree(work / "x" / "templates")) == ["README.md"]
    checked = dossier("--project", "x", "validate")
    assert checked.returncode == 0 and "0 error(s), 0 warning(s)" in checked.stderr
    first = dossier("--project", "x", "build")
    assert first.returncode == 0 and "warning" not in first.stderr, first.stderr
    site = tree(work / "x" / "site")
    assert site["assets/style.css"] == (ROOT / "templates" / "assets" / "style.css").read_bytes()

    # The same project built from the checkout: the packaged theme draws the same site.
    from_checkout = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(work / "x"), "build"],
                                   capture_output=True, text=True)
    assert from_checkout.returncode == 0, from_checkout.stderr
    assert tree(work / "x" / "site") == site

    (work / "x" / "templates" / "assets").mkdir()
    (work / "x" / "templates" / "assets" / "style.css").write_text(STYLE)
    assert dossier("--project", "x", "build").returncode == 0
    assert (work / "x" / "site" / "assets" / "style.css").read_text() == STYLE
    bundled = dossier("--project", "x", "bundle")
    assert bundled.returncode == 0, bundled.stderr
    assert (work / "x" / "dist" / "dossier-offline" / "assets" / "style.css").read_text() == STYLE

    server = subprocess.Popen([str(venv / "bin" / "dossier"), "--project", "x", "serve", "--port", "0"], cwd=work,
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stderr is not None
        line = ""
        while "serving" not in line:
            line = server.stderr.readline()
            assert line, "serve stopped before serving"
        address = line.split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(address + "assets/style.css", timeout=30) as response:
            assert response.read().decode() == STYLE
        with urllib.request.urlopen(address + "index.html", timeout=30) as response:
            assert b"New dossier" in response.read()
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 130  # interrupted, as the README says
