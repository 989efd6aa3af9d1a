"""cite: words found by validation's own rules, and the citation it prints is one validation accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dossier.capture.cite import CiteError, find_words
from dossier.core.diagnostics import Pos
from dossier.core.model import Citation, EntityId
from dossier.core.project import load_project
from dossier.validate.citations import split_source
from dossier.validate.quotecheck import check_citation
from tests.capturekit import new_project
from tests.helpers import build_py, write_tree

TEXT = """\
By Ada Varga

The boats were seized at dawn. The boats were sold at auction later. The boats were gone.

Arrests at dawn

Officers arrested nine people. A spokesman said more arrests were likely.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = new_project(tmp_path)
    write_tree(root / "content", {"sources/courier.yml": "title: Courier\ntext: |\n"
                                  + "".join(f"  {line}\n" if line else "\n" for line in TEXT.splitlines())})
    return root


def _accepted(block: str) -> bool:
    """Whether validation's matcher finds the pasted citation once, within one paragraph."""
    fields = yaml.safe_load(block)["cite"]
    citation = Citation(EntityId(fields.get("source", "courier")), fields["quote"], Pos(""),
                        fields.get("prefix"), fields.get("suffix"))
    return check_citation(split_source(TEXT), citation)[0] is not None


def test_words_found_once_give_a_block_citation_to_paste(project):
    found = find_words(load_project(project), "courier", "Officers   arrested nine people")
    assert found.ok and "sentence" in found.message
    (where, block), = found.citations
    assert block == "cite:\n  source: courier\n  quote: Officers arrested nine people\n"
    assert _accepted(block)


def test_the_default_source_is_left_out(project):
    found = find_words(load_project(project), "harbour-gazette", "founded in 2009")
    assert found.ok and "source:" not in found.citations[0][1]


def test_words_found_several_times_get_what_settles_each_place(project):
    found = find_words(load_project(project), "courier", "The boats were")
    assert not found.ok and "occurs 3 times" in found.message
    blocks = [block for _, block in found.citations]
    assert len(blocks) == 3 and all(_accepted(block) for block in blocks)
    settled = [yaml.safe_load(block)["cite"] for block in blocks]
    assert settled[0] == {"source": "courier", "quote": "The boats were", "prefix": "Varga"}
    assert settled[1]["prefix"] == "dawn." and settled[2]["prefix"] == "later."


def test_part_of_a_word_is_said_to_be_so(project):
    found = find_words(load_project(project), "courier", "rrested nine")
    assert not found.ok and "only as part of longer words" in found.message and not found.citations


def test_words_across_a_paragraph_or_into_a_heading_are_said_to_be_so(project):
    across = find_words(load_project(project), "courier", "By Ada Varga The boats")
    assert not across.ok and "runs across a paragraph break" in across.message
    heading = find_words(load_project(project), "courier", "were gone. Arrests at dawn")
    assert not heading.ok and "heading 'Arrests at dawn'" in heading.message


def test_words_not_there_show_the_closest_passages(project):
    found = find_words(load_project(project), "courier", "Officers arested nine peple")
    assert not found.ok and "is not in source 'courier'" in found.message
    passages = found.message.split("\n  - ")[1:]
    assert len(passages) == 3 and passages[0] == "Officers arrested nine people."  # the likest first


def test_an_unknown_source_is_a_usage_error_with_a_suggestion(project):
    with pytest.raises(CiteError, match="Did you mean 'courier'"):
        find_words(load_project(project), "courrier", "boats")


def test_the_command_prints_yaml_on_standard_output_and_says_which_by_its_exit_code(project):
    once = build_py(project, "cite", "courier", "Officers arrested nine people")
    assert once.returncode == 0 and yaml.safe_load(once.stdout)["cite"]["quote"] == "Officers arrested nine people"
    several = build_py(project, "cite", "courier", "The boats were")
    assert several.returncode == 1 and several.stdout.count("cite:") == 3 and several.stdout.count("# sentence") == 3
    unknown = build_py(project, "cite", "nowhere", "x")
    assert unknown.returncode == 2 and "no source 'nowhere'" in unknown.stderr
