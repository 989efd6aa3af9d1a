"""`build.py export` and the data page: the data/ folder alone, written atomically, the same bytes as
the site's; a page listing each file with its format and size; a data dictionary naming every column."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

from dossier.export import DATA_FILES
from dossier.render.datapage import human_size
from dossier.write.linkcheck import check_links
from tests.helpers import ROOT, override
from tests.test_cli import run, tree
from tests.test_validate import edit


def test_export_writes_the_sites_data_folder_alone(minimal_project):
    assert run("--project", str(minimal_project), "build").returncode == 0
    result = run("--project", str(minimal_project), "export")
    assert result.returncode == 0, result.stderr
    exported = tree(minimal_project / "dist" / "data")
    site = tree(minimal_project / "site")
    assert exported == {path.removeprefix("data/"): data for path, data in site.items() if path.startswith("data/")}
    assert set(exported) == {f.name for f in DATA_FILES} | {"README.txt"}
    assert "exported 15 data files" in result.stderr


def test_export_to_another_folder_is_byte_identical_run_to_run(minimal_project, tmp_path):
    out = tmp_path / "my data"
    assert run("--project", str(minimal_project), "export", "--out", str(out)).returncode == 0
    first = tree(out)
    stamps = {p.stat().st_mtime for p in out.rglob("*")}
    assert run("--project", str(minimal_project), "export", "--out", str(out)).returncode == 0
    assert tree(out) == first
    assert stamps == {315532800.0}  # files and folders carry the build's fixed time, as the site's do


def test_export_refuses_a_folder_holding_other_files_and_leaves_it_alone(minimal_project, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run("--project", str(minimal_project), "export", "--out", str(out))
    assert result.returncode == 2 and "notes.txt" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == {"notes.txt": b"mine"}


def test_a_failed_export_leaves_the_previous_one_as_it_was(minimal_project):
    assert run("--project", str(minimal_project), "export").returncode == 0
    before = tree(minimal_project / "dist" / "data")
    edit(minimal_project, "people/ada-varga.yml", "target: northwind-syndicate", "target: nobody")
    result = run("--project", str(minimal_project), "export")
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert tree(minimal_project / "dist" / "data") == before


def test_export_honours_source_date_epoch_as_the_build_does(minimal_project):
    assert run_with_epoch(minimal_project, "1700000000").returncode == 0
    assert {p.stat().st_mtime for p in (minimal_project / "dist" / "data").rglob("*")} == {1700000000.0}
    assert run_with_epoch(minimal_project, "soon").returncode == 2


def run_with_epoch(project, epoch: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), "export"],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})


def test_the_data_page_lists_each_file_with_its_format_and_exact_size(minimal_site):
    files, _ = minimal_site
    page = files["data.html"].decode("utf-8")
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td><td class="size">([^<]+)</td>',
                      page)
    assert [(href, name) for href, name, _, _ in rows] == [(f"data/{f.name}", f.name) for f in DATA_FILES]
    for (href, _, form, size), data_file in zip(rows, DATA_FILES):
        assert html.unescape(form) == data_file.format
        assert size == human_size(len(files[href]))
    assert f'href="data/README.txt">data/README.txt</a> ({human_size(len(files["data/README.txt"]))})' in page


def test_the_home_page_links_to_the_data_page(minimal_site):
    assert b'href="data.html"' in minimal_site[0]["index.html"]


def test_human_sizes():
    assert [human_size(n) for n in (0, 1023, 1024, 1536, 1048576, 5 * 1024 ** 3)] == [
        "0 bytes", "1,023 bytes", "1.0 KB", "1.5 KB", "1.0 MB", "5.0 GB"]


def test_the_data_dictionary_names_every_file_and_every_column(minimal_site):
    readme = minimal_site[0]["data/README.txt"].decode("utf-8")
    for data_file in DATA_FILES:
        assert f"\n{data_file.name}  ({data_file.format})\n" in readme
        for column, _ in data_file.columns:
            assert f"\n  {column}: " in readme, (data_file.name, column)
    assert "The Northwind Syndicate." in readme and "Dataset name: the_northwind_syndicate." in readme


def test_the_link_check_covers_the_data_page(minimal_site):
    files, _ = minimal_site
    assert check_links(files) == []
    broken = check_links({path: data for path, data in files.items() if path != "data/statements.csv"})
    assert [(b.page, b.href) for b in broken] == [("data.html", "data/statements.csv")]


def test_a_project_overriding_an_older_theme_still_gets_the_data_page(minimal_project):
    """A project whose templates hold an older copy of the theme: data.html comes from the built-in one."""
    override(minimal_project, "home.html")
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 0, result.stderr
    site = tree(minimal_project / "site")
    assert "data.html" in site and "data/statements.csv" in site
