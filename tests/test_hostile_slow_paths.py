"""Paths a hostile or careless file could make slow are bounded by what is done, not by a clock.

Times are measured in the benchmark, never asserted; these tests check the
bounds themselves: a note made mostly of Markdown marks is refused before any
parser sees it, the closest passage is looked for a fixed number of times per
run, candidates come from an index of the source's words rather than a scan of
every sentence, and the search index strips link targets in one pass.
"""

from __future__ import annotations

import heapq
import random
import re

from dossier.build.read import read_dossier
from dossier.load.notetext import MAX_MARKS
from dossier.render.searchwords import without_link_targets
from dossier.validate.citations import split_source
from dossier.validate.values import CLOSEST_PASSAGES
from tests.helpers import diagnostics_of, write_tree

NOTE = "groups/northwind-syndicate.md"


def write_note(project, text: str) -> None:
    (project / "content" / NOTE).write_text(text, encoding="utf-8")


def test_a_note_made_mostly_of_markdown_marks_is_refused_unparsed(minimal_project):
    """128 KiB of `[a](` took seconds to parse, three times a build; now it is one error, found by counting."""
    write_note(minimal_project, "[a](" * 32_768)
    dossier, diagnostics = read_dossier(minimal_project / "content")
    [d] = diagnostics.errors
    assert d.code == "note.too-complex" and str(d.pos) == NOTE
    assert "65,536 Markdown marks" in d.message and f"up to {MAX_MARKS:,}" in d.message
    assert dossier.notes.get("northwind-syndicate") is None  # never handed to a parser


def test_a_note_at_the_limit_of_marks_is_read_and_one_past_it_is_not(minimal_project):
    write_note(minimal_project, "word-" * MAX_MARKS)
    assert diagnostics_of(minimal_project / "content").errors == []
    write_note(minimal_project, "word-" * MAX_MARKS + "!")
    assert [d.code for d in diagnostics_of(minimal_project / "content").errors] == ["note.too-complex"]


def test_closest_passages_are_looked_for_a_fixed_number_of_times_per_run(minimal_project):
    """Each look-up costs milliseconds against a long source: 2,000 wrong quotes took half a minute."""
    missing = CLOSEST_PASSAGES + 10
    aliases = "".join(f"  - value: Alias {n}\n    cite: Varga sold {n} boats to the harbour police\n"
                      for n in range(missing))
    write_tree(minimal_project / "content", {"people/many-quotes.yml": (
        f"name: Many Quotes\nsummary: {{value: x, editorial: y}}\naliases:\n{aliases}")})
    found = [d for d in diagnostics_of(minimal_project / "content").errors if d.code == "cite.not-in-source"]
    assert len(found) == missing
    with_passage = [d for d in found if "the closest passage is" in d.message]
    without = [d for d in found if f"closest passages are shown for the first {CLOSEST_PASSAGES} only" in d.message]
    assert (len(with_passage), len(without)) == (CLOSEST_PASSAGES, 10)
    assert max(d.pos for d in with_passage) < min(d.pos for d in without)  # the first ones in the file get them


def test_the_index_of_words_finds_the_candidates_that_comparing_every_sentence_finds():
    rng = random.Random(3)
    vocabulary = ["the", "group", "moved", "base", "leader", "killed", "border", "in", "a", "of", "2015", "Ghazi"]
    text = "\n\n".join(" ".join(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 12))).capitalize()
                                + "." for _ in range(5)) for _ in range(40))
    source = split_source(text)
    for _ in range(50):
        quote = " ".join(rng.choice(vocabulary + ["unseen"]) for _ in range(rng.randint(1, 10)))
        words = set(quote.casefold().split())
        every = heapq.nlargest(8, range(len(source.sentences)),
                               key=lambda i: len(words & set(source.sentences[i].text.casefold().split())))
        assert source.closest(quote).text in {source.sentences[i].text for i in every}


def test_link_targets_leave_the_search_text_as_the_regex_did_in_one_pass():
    """`\\]\\([^)]*\\)` rescanned the rest of the note from each unclosed `](`: quadratic in a hostile note."""
    regex = re.compile(r"\]\([^)]*\)")
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(["](", ")", "[", "a", "\n", " "]) for _ in range(rng.randint(0, 20)))
        assert without_link_targets(text) == regex.sub(" ", text), text
    assert without_link_targets("[a](" * 3 + "[b](x) end") == "[a  end"  # one target: from the first ]( to )
