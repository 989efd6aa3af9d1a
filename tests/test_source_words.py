"""The source's own words: a quote is matched in a form that ignores what cannot be told apart
by eye (dashes, invisible characters, typographic quotes), and everything a reader is shown
(the source page, each citation, the exports) is the source's text as the source has it.
Also: the closest passage named for a quote not found, the capital-letters hint, "cited by"
counting facts, and `according_to` naming an outlet.
"""

from __future__ import annotations

import csv
import io
import random
import re

import pytest
import yaml

from dossier.build.site import build_files
from dossier.core.diagnostics import Pos
from dossier.core.model import Citation, EntityId
from dossier.core.project import load_project
from dossier.validate.citations import normalise, split_source
from dossier.validate.quotecheck import check_citation
from tests.helpers import ROOT, diagnostics_of
from tests.test_validate import edit


def cite(quote: str) -> Citation:
    return Citation(EntityId("s"), quote, Pos("x.yml", 1))


def found(text: str, quote: str) -> Citation:
    checked, code, message = check_citation(split_source(text), cite(quote))
    assert checked is not None, message
    return checked


# -- matching ---------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_the_source_does_not_stop_a_quote_matching(char):
    text = f"Opening line.\n\nThe ring moved its coun{char}terfeit goods at night.\n\nClosing line."
    checked = found(text, "moved its counterfeit goods")
    assert checked.verbatim == f"moved its coun{char}terfeit goods"  # shown as the source has it
    assert checked.sentences == (2,)


@pytest.mark.parametrize("source, typed", [
    ("DAMASCUS \u2014 Members met.", "DAMASCUS -- Members met"),       # an em dash typed as --
    ("DAMASCUS\u2014Members met.", "DAMASCUS--Members met"),
    ("DAMASCUS\u2014Members met.", "DAMASCUS -- Members met"),         # spaces round the dash or not
    ("DAMASCUS -- Members met.", "DAMASCUS \u2014 Members met"),       # and the other way round
    ("From 1990\u20132000 it grew.", "From 1990-2000 it grew"),        # an en dash typed as a hyphen
    ("A well\u2011known ring.", "A well-known ring"),                  # the non-breaking hyphen U+2011
    ("A well\u2010known ring.", "A well-known ring"),                  # the hyphen U+2010
    ("It fell \u22125 degrees.", "It fell -5 degrees"),                 # the minus sign
])
def test_dash_variants_match_each_other(source, typed):
    text = f"Opening line.\n\n{source}\n\nClosing line."
    assert found(text, typed).verbatim == source.rstrip(".")


def test_a_zero_width_space_between_two_sentences_keeps_them_two():
    for joint in ("\u200b", "\u200b ", " \u200b"):
        split = split_source(f"Opening line.\n\nHe left the group.{joint}They stayed in Kabul.\n\nClosing line.")
        assert [s.text for s in split.paragraphs[1]] == ["He left the group.", "They stayed in Kabul."], repr(joint)
        assert found(split.form.text, "They stayed in Kabul").sentences == (3,)


def test_typographic_quotes_and_ellipses_match_what_is_typed_and_show_as_the_source_has_them():
    text = "Opening line.\n\n\u201cThe group\u2019s work\u2026 is done,\u201d he said.\n\nClosing line."
    checked = found(text, "\"The group's work... is done,\" he said")
    assert checked.verbatim == "\u201cThe group\u2019s work\u2026 is done,\u201d he said"
    split = split_source(text)
    assert split.sentence_text(split.sentences[1]) == "\u201cThe group\u2019s work\u2026 is done,\u201d he said."
    assert split.sentences[1].text == "\"The group's work... is done,\" he said."  # the form matching uses


# -- the closest passage ------------------------------------------------------------------

SEED_TEXT = yaml.safe_load((ROOT / "content/sources/caravanserai-imu-cuts-ties-with-isil.yml").read_text())["text"]
MISSES = [  # a mistyped quote, and the opening words of the sentence it was taken from
    ("Tashkent-based political scientist Valerii Kahn said", '"Today isn\'t 1999,"'),
    ("the IMU is urging Muslims in Central Asia to refuse the propaganda", "In a sign of disunity"),
    ("which trapped the IMU in Zabul Province and decimated it", "The news infuriated"),
    ("Ghazi made the fatal decision in August 2015", "Ghazi made the fateful"),
    ("swore allegiance to the Taliban on July 19", "Another militant organisation"),      # a long sentence
    ("coalition forces relentlessly hunted its members", "IMU's casualties were high"),
    ("the border with Afghanistan is too secure for the IMU to breech", "Uzbekistani authorities are"),
    ("He moved to Tajikistan at age 30", '"He ... moved to Tajikistan'),
    ("used to fight with ISIL in Idlib Province", "Another militant organisation"),       # a long sentence
    ("is no caliph of the Muslims, he's only the leader of ISIL", "The self-identified IMU survivors"),
]


@pytest.mark.parametrize("quote, sentence", MISSES)
def test_the_closest_passage_is_the_sentence_the_quote_was_taken_from(quote, sentence):
    closest = split_source(SEED_TEXT).closest(quote)
    assert closest is not None and closest.text.startswith(sentence), closest


def test_the_message_shows_the_part_of_a_long_sentence_the_quote_lines_up_with():
    _, code, message = check_citation(split_source(SEED_TEXT), cite("swore allegiance to the Taliban on July 19"))
    assert code == "cite.not-in-source"
    assert "the closest passage is in sentence 7: '…Syria, swore allegiance to the Taliban July 19, as…'" in message
    assert "they part at '…to the Taliban on July 19…' against '…to the Taliban July 19, as Car…'" in message


def test_a_quote_that_differs_only_in_capital_letters_is_told_so():
    _, code, message = check_citation(split_source(SEED_TEXT), cite("a video posted on Youtube in August"))
    assert code == "cite.not-in-source"
    assert ("only the capital letters differ; the source has 'a video posted on YouTube in August'" in message
            and "closest" not in message)


# -- what readers are shown ---------------------------------------------------------------

CURLY = "The ring\u2019s \u201cwarehouses\u201d \u2014 three of them \u2014 were raided\u2026 on March 3."


@pytest.fixture
def curly_project(minimal_project):
    """The minimal dossier, its gazette's last paragraph in curly quotes and dashes, and a fact
    citing it typed in straight ones."""
    edit(minimal_project, "sources/harbour-gazette.yml",
         "  Harbour police raided the syndicate's warehouses on March 3.",
         f"  {CURLY}\n\n  Harbour police raided the syndicate's warehouses on March 3.")
    edit(minimal_project, "groups/harbour-police.yml", "summary:\n",
         'aliases:\n  - value: the raiders\n    cite: The ring\'s "warehouses" -- three of them -- were raided\n'
         "summary:\n")
    return minimal_project


def test_the_source_page_and_the_citation_show_the_source_characters(curly_project):
    files = build_files(load_project(curly_project), jobs=1).files
    source = files["sources/harbour-gazette.html"].decode()
    assert "The ring\u2019s \u201cwarehouses\u201d \u2014 three of them \u2014 were raided\u2026" in source
    police = files["groups/harbour-police.html"].decode()
    shown = "The ring\u2019s \u2018warehouses\u2019 \u2014 three of them \u2014 were raided"  # quotes within a quote
    assert shown in police and "The ring's" not in police and "--" not in police


def test_the_exports_give_the_quote_in_the_source_characters(curly_project):
    files = build_files(load_project(curly_project), jobs=1).files
    verbatim = "The ring\u2019s \u201cwarehouses\u201d \u2014 three of them \u2014 were raided"
    citations = list(csv.DictReader(io.StringIO(files["data/citations.csv"].decode())))
    assert [r["quote"] for r in citations if r["entity_id"] == "harbour-police" and r["field"] == "aliases"] == [verbatim]
    statements = list(csv.DictReader(io.StringIO(files["data/statements.csv"].decode())))
    row = next(r for r in statements if r["entity_id"] == "harbour-police" and r["prop"] == "alias")
    assert row["quote"] == verbatim
    assert (row["quote_prefix"], row["quote_suffix"]) == ("id customs analyst Tomas Brell. ",  # 32 characters
                                                          "\u2026 on March 3. Harbour police rai")


# -- cited by -----------------------------------------------------------------------------

def test_cited_by_counts_facts_not_the_pages_showing_them(seed_site):
    files, dossier = seed_site
    page = files["sources/caravanserai-imu-cuts-ties-with-isil.html"].decode()
    (citers,) = dossier.cited_by.values()  # the seed has one source
    for number, facts in enumerate(citers, start=1):
        if not facts:
            continue
        places = [url for fact in facts for url in (fact.url, *(u for u, _ in fact.also))]
        assert len(places) == len(set(places))  # every page showing a fact, once
        counted = re.search(rf'aria-label="Sentence {number}, cited by (\d+) facts?"', page)
        assert counted and int(counted.group(1)) == len(facts)
    # "Ghazi made the fateful decision ... to align the IMU with ISIL Khorasan Province": one relation,
    # shown on both profiles and the map, and one event, shown on the chronology and two timelines
    sentence = next(s for s in split_source(dossier.sources["caravanserai-imu-cuts-ties-with-isil"].text).sentences
                    if s.text.startswith("Ghazi made the fateful decision"))
    facts = dossier.citers("caravanserai-imu-cuts-ties-with-isil", sentence.number)
    assert any(fact.also for fact in facts)
    assert len(facts) < sum(1 + len(fact.also) for fact in facts)


# -- according to an outlet -----------------------------------------------------------------

def test_according_to_may_name_a_sources_outlet(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "  according_to: tomas-brell\n",
         "  according_to: harbour gazette\n")
    assert diagnostics_of(minimal_project / "content").errors == []
    built = build_files(load_project(minimal_project), jobs=1)
    strength = built.dossier.entities["northwind-syndicate"].field("strength")[0]
    assert (strength.according_to, strength.according_to_outlet) == (None, "Harbour Gazette")
    assert '<span class="attribution">according to Harbour Gazette</span>' in \
        built.files["groups/northwind-syndicate.html"].decode()
    rows = csv.DictReader(io.StringIO(built.files["data/statements.csv"].decode()))
    assert {r["according_to"] for r in rows if r["prop"] == "strength" or r["field"] == "strength"} == {"Harbour Gazette"}


def test_according_to_an_unknown_name_suggests_an_outlet(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "  according_to: tomas-brell\n",
         "  according_to: Harbour Gazete\n")
    [error] = diagnostics_of(minimal_project / "content").errors
    assert error.code == "ref.unknown-entity"
    assert "unknown person/group or outlet 'Harbour Gazete'" in error.message
    assert error.message.endswith("Did you mean 'Harbour Gazette'?")


def test_the_way_back_gives_the_words_that_match_again():
    """Round trip on random text full of what matching evens out: the source's characters for any
    sentence or word of the matching form match that very sentence or word."""
    rng = random.Random(11)
    pieces = ["word", "Ring", "1990", " ", " ", "  ", "\n", "\u00a0", "-", "--", " -- ", "\u2014", " \u2013 ",
              "\u2011", "\u00ad", "\u200b", "\u2060", "\u2019", "\u201c", "\u201d", "\u2026", ". ", ".\u200b", "\t"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        split = split_source(f"Opening line.\n\n{text}\n\nClosing line.")
        for sentence in split.sentences:
            assert normalise(split.sentence_text(sentence)) == sentence.text, repr(text)
        at = 0
        for word in split.normalised.split(" "):
            assert normalise(split.verbatim(at, len(word))) == word, (repr(text), word)
            at += len(word) + 1
