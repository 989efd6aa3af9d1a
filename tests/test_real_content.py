"""The real dossier in content/: it builds cleanly, covers the article, and every citation checks out."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dossier.citations import split_source
from dossier.project import load_project
from dossier.site import build_files, read_dossier
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def dossier():
    model, diagnostics = read_dossier(ROOT / "content")
    assert diagnostics.errors == [], "\n".join(map(str, diagnostics.errors))
    return model


@pytest.fixture(scope="module")
def files():
    return build_files(load_project(ROOT)).files


def test_real_content_has_no_errors_or_warnings():
    _, diagnostics = read_dossier(ROOT / "content")
    assert [str(d) for d in diagnostics.sorted()] == []


@pytest.mark.parametrize("entity", ["imu", "isil", "isil-khorasan", "imam-bukhari-jamaat", "afghan-taliban",
                                    "usman-ghazi", "abu-dher-azzam", "abu-bakr-al-baghdadi", "valerii-khan",
                                    "viktor-mikhailov", "maksim-yeniseyev"])
def test_every_named_group_and_person_has_a_profile(dossier, files, entity):
    kind = dossier.entities[entity].kind
    assert f"{'groups' if kind == 'group' else 'people'}/{entity}.html" in files


def test_every_quote_in_content_occurs_verbatim_in_its_source(dossier):
    quotes = []
    for entity in dossier.entities.values():
        facts = [f for _, fs in entity.fields for f in fs] + list(entity.summary) + list(entity.aliases)
        quotes += [c for f in facts for c in f.cites]
        quotes += [c for r in entity.relations for c in r.cites]
        quotes += [(q.source, q.text) for q in entity.quotes]
    quotes += [c for e in dossier.events for c in e.cites]
    assert len(quotes) > 80
    for item in quotes:
        source, text = (item.source, item.quote) if hasattr(item, "quote") else item
        assert split_source(dossier.sources[source].text).find(text), text


def test_every_dated_event_of_the_article_is_in_the_chronology(dossier):
    labels = [e.date.text for e in dossier.events]
    for expected in ["1993", "1996", "1999", "2012", "August 2015", "11 December 2015 (year inferred)",
                     "14 June 2016 (year inferred)", "mid-July 2016 (year inferred)",
                     "19 July 2016 (year inferred)", "August 2016 (year inferred)"]:
        assert expected in labels


def test_a_fate_the_article_calls_unknown_stays_unknown(dossier):
    [fate] = dossier.entities["usman-ghazi"].field("fate")
    assert fate.value == "unknown" and "unknown to the outside world" in fate.cites[0].quote


def test_every_citation_link_resolves_to_a_highlighted_sentence(files):
    marks = 0
    for page, data in files.items():
        for source, anchor in re.findall(rb'<a id="c-\d+" href="(?:\.\./)*sources/([\w-]+)\.html#(s-\d+)"', data):
            marks += 1
            assert f'<span class="cited" id="{anchor.decode()}"'.encode() in files[f"sources/{source.decode()}.html"], page
    assert marks > 150


def test_mkdocs_build_strict_gives_the_same_pages(tmp_path, files):
    out = tmp_path / "mkdocs-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for page in ("index.html", "chronology.html", "people/usman-ghazi.html"):
        assert (out / page).read_bytes() == files[page]


def test_dossier_package_does_not_import_mkdocs():
    code = "import sys, dossier.site, dossier.cli; print(any(m.startswith('mkdocs') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "False"
