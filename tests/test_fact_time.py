"""A fact can say when it held (`as_of` a date, or for a `period`), and an occurrence's `by` takes
the ids of people or groups, shown as links, or the source's words, never an id printed raw."""

from __future__ import annotations

from pathlib import Path

from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import diagnostics_of
from tests.test_validate import edit


def test_a_fact_holds_as_of_a_date_or_for_a_period(minimal_project: Path):
    edit(minimal_project, "people/ada-varga.yml", "  value: unknown\n",
         "  value: unknown\n  as_of: \"2021-04\"\n")
    page = build_files(load_project(minimal_project)).files["people/ada-varga.html"].decode()
    assert '<span class="held">as of <time datetime="2021-04">April 2021</time></span>' in page


def test_as_of_and_period_together_is_an_error(minimal_project: Path):
    edit(minimal_project, "people/ada-varga.yml", "  value: unknown\n",
         "  value: unknown\n  as_of: \"2021\"\n  period:\n    from: \"2020\"\n")
    [error] = diagnostics_of(minimal_project / "content").errors
    assert error.code == "date.form" and "either `as_of` a date or for a `period`" in error.message


def test_by_takes_ids_shown_as_links_and_an_unknown_id_is_an_error(minimal_project: Path):
    group = (minimal_project / "content/groups/northwind-syndicate.yml").read_text()
    assert "founded:" in group
    edit(minimal_project, "groups/northwind-syndicate.yml", "founded:\n  - date:", "founded:\n  - by: ada-varga\n    date:")
    result = build_files(load_project(minimal_project))
    page = result.files["groups/northwind-syndicate.html"].decode()
    assert ', by <a href="../people/ada-varga.html" class="ref ref-person">Ada Varga</a>' in page
    assert any(m.how == "founded, by" for m in result.dossier.mentions["ada-varga"])
    edit(minimal_project, "groups/northwind-syndicate.yml", "by: ada-varga", "by: ada-vargas")
    [error] = diagnostics_of(minimal_project / "content").errors
    assert error.code == "ref.unknown-entity" and "Did you mean 'ada-varga'?" in error.message


def test_by_in_words_stays_words(minimal_project: Path):
    edit(minimal_project, "groups/northwind-syndicate.yml", "founded:\n  - date:",
         "founded:\n  - by: three harbour pilots\n    date:")
    page = build_files(load_project(minimal_project)).files["groups/northwind-syndicate.html"].decode()
    assert ", by three harbour pilots" in page
