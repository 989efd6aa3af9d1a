"""Quote matching in a source's text: whole words, every occurrence, prefix and suffix, headings."""

from __future__ import annotations

from dossier.core.diagnostics import Pos
from dossier.core.model import Citation, EntityId
from dossier.validate.citations import split_source
from dossier.validate.quotecheck import check_citation

TEXT = """By Ann Writer

The ring met in Tashkent. Tashkent-based analysts watched it.

Quiet years in Tashkent

The ring met in Tashkent again. "It's over," he said.
"""


def cite(quote: str, prefix: str | None = None, suffix: str | None = None) -> Citation:
    return Citation(EntityId("s"), quote, Pos("x.yml", 1), prefix, suffix)


def test_a_quote_matches_whole_words_only():
    split = split_source(TEXT)
    assert split.find("Tashkent") and split.find("The ring met")
    assert split.find("ashken") == () and split.find("The rin") == () and split.find("he ring") == ()
    assert split.occurrences("Tashkent").starts == split.occurrences("Tashkent").selected
    assert len(split.occurrences("Tashkent").starts) == 4  # 'Tashkent-based' counts: a hyphen ends a word


def test_quotes_starting_or_ending_in_punctuation_need_no_boundary_there():
    split = split_source(TEXT)
    assert split.find('"It\'s over,"') and split.find("Tashkent-")


def test_every_occurrence_is_found_and_a_prefix_or_suffix_selects_one():
    split = split_source(TEXT)
    both = split.occurrences("The ring met in Tashkent")
    assert len(both.starts) == 2 and both.selected == both.starts
    first = split.occurrences("The ring met in Tashkent", suffix=". Tashkent-based")
    second = split.occurrences("The ring met in Tashkent", prefix="Quiet years in Tashkent")
    assert first.selected == both.starts[:1] and second.selected == both.starts[1:]
    assert split.occurrences("The ring met in Tashkent", suffix="again.").selected == both.starts[1:]
    assert split.occurrences("The ring met in Tashkent", prefix="nothing like this").selected == ()


def test_a_citation_resolves_to_the_sentences_of_the_occurrence_it_means():
    split = split_source(TEXT)
    checked, code, _ = check_citation(split, cite("The ring met in Tashkent", prefix="in Tashkent"))
    assert code == "" and checked is not None and checked.start > 0
    sentences = split.locate(checked.quote, start=checked.start)
    assert [s.text for s in sentences] == ["The ring met in Tashkent again."]
    assert split.locate("The ring met in Tashkent", prefix="in Tashkent") == sentences
    assert split.find("The ring met in Tashkent")[0].text == "The ring met in Tashkent."


def test_a_short_line_between_paragraphs_without_final_punctuation_is_a_heading():
    split = split_source(TEXT)
    assert [s.text for s in split.sentences if s.heading] == ["Quiet years in Tashkent"]
    assert not split.sentences[0].heading  # the byline is the first paragraph


def test_a_long_or_punctuated_line_is_not_a_heading():
    split = split_source("First.\n\n" + " ".join(["word"] * 13) + "\n\nA line that ends with a stop.\n\nLast.")
    assert not any(s.heading for s in split.sentences)


def test_an_ambiguous_quote_names_every_place_and_suggests_a_prefix():
    _, code, message = check_citation(split_source(TEXT), cite("The ring met in Tashkent"))
    assert code == "cite.ambiguous"
    assert "occurs 2 times" in message and "sentence 2 (" in message and "sentence 5 (" in message
    assert "prefix: 'Writer'" in message


def test_a_quote_across_a_heading_or_a_paragraph_break_is_refused():
    split = split_source(TEXT)
    _, code, message = check_citation(split, cite("watched it. Quiet years"))
    assert code == "cite.spans-boundary" and "heading 'Quiet years in Tashkent'" in message
    _, code, message = check_citation(split_source("One two.\n\nThree four."), cite("two. Three"))
    assert code == "cite.spans-boundary" and "paragraph break" in message
    assert check_citation(split, cite("The ring met in Tashkent. Tashkent-based"))[1] == ""  # two sentences, one paragraph


def test_a_quote_inside_longer_words_says_so():
    _, code, message = check_citation(split_source(TEXT), cite("ashken"))
    assert code == "cite.not-in-source" and "only inside longer words" in message and "[ashken]" in message


def test_a_prefix_that_matches_no_occurrence_is_an_error_naming_the_places():
    _, code, message = check_citation(split_source(TEXT), cite("The ring met in Tashkent", prefix="Loud years"))
    assert code == "cite.not-in-source" and "not with prefix 'Loud years'" in message and "sentence 2" in message


def test_the_source_words_of_any_stretch_are_its_own_characters_laid_out_for_reading():
    """A stretch with nothing to even out is given as the form has it; every other stretch is the
    source's own characters with line breaks and runs of spaces made one space, as before."""
    from dossier.validate.matchtext import MatchText, layout
    text = "It\u2019s  here --\nsaid\u00a0the  \u201cman\u201d.\u200b Then plain words end it"
    form = MatchText.of(text)
    for at in range(len(form.normalised)):
        for length in range(1, len(form.normalised) - at + 1):
            expected = layout(text[form.text_offset(at):form.text_end(at + length)])
            assert form.original(at, length) == expected, (at, length)
    assert form.original(form.normalised.index("Then"), 10) == "Then plain"


def test_layout_spaces_are_every_whitespace_character_but_the_space():
    """The class the matching form looks for holds every character `str.isspace` (and the regex \\s)
    finds, but the space, which alone is left as it is."""
    import re

    from dossier.validate.matchtext import LAYOUT_SPACES
    spaces = re.compile(f"[{LAYOUT_SPACES}]")
    for code in range(0x110000):
        char = chr(code)
        assert bool(spaces.match(char)) == (char.isspace() and char != " "), f"U+{code:04X}"


def test_the_next_stretch_to_normalise_is_found_where_one_pattern_for_all_of_them_finds_it():
    """Special characters are searched for as one class and two spaces apart: together they find the
    place a pattern with both as alternatives finds, in any stretch of any text."""
    import random
    import re

    from dossier.validate.matchtext import _QUOTES, DASHES, INVISIBLE, _next_special
    both = re.compile(f"[^\\S ]|  |[{INVISIBLE}{re.escape(DASHES)}{''.join(_QUOTES)}]")
    pick = random.Random(3)
    alphabet = "ab .,\n\t  -\u2014\u2013\u2010'\u2019\"\u201c\u201d\u2026\u00ad\u200b\u00a0\u2028\u3000x\u00e9"
    for _ in range(50_000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randrange(0, 14)))
        at, end = pick.randrange(0, len(text) + 1), pick.randrange(0, len(text) + 1)
        found = both.search(text, at, end)
        assert _next_special(text, at, end) == (found.start() if found else -1), (text, at, end)


def test_a_quote_is_normalised_as_its_whole_matching_form_whatever_its_characters():
    """The quick forms of `normalise` (ASCII, and any text without a dash, a quote mark or a layout
    space: accented names) give what the matching form of the whole text gives."""
    import random

    from dossier.validate.matchtext import MatchText, normalise
    pick = random.Random(7)
    alphabet = ["a", "b", " ", "  ", "é", "Ö", "ß", ".", ",", "'", '"', "\u2019", "\u201c", "\u2014", "-", "--",
                "\u00a0", "\n", "\t", "\u200b", "\u00ad", "\u2026", "\u3000", "\u0130", "\u212a"]
    for _ in range(50_000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randrange(0, 12)))
        assert normalise(text) == MatchText.of(text).normalised, repr(text)


def test_a_quote_found_once_is_made_its_citation_with_its_place_sentences_and_words():
    """A quote found once (the usual case) is made its citation there, with the place it was cited at,
    its offset, its sentences and the source's words; cited again, it is the same citation from what
    the first look-up found. Ambiguous or missing quotes give their codes and no citation."""
    from dossier.validate.quotecheck import check_quote
    split, at = split_source(TEXT), Pos("people/x.yml", 7, 9)
    for _ in range(2):
        checked, code, message = check_quote(split, EntityId("s"), "It's over,\"  he said", at)
        assert (code, message) == ("", "") and checked is not None
        assert (checked.source, checked.quote, checked.pos, checked.prefix, checked.suffix) == (
            "s", "It's over,\"  he said", at, None, None)
        assert checked.start == split.normalised.index("It's over") and checked.sentences == (6,)
        assert checked.verbatim == "It's over,\" he said"
    assert check_quote(split, EntityId("s"), "Tashkent-based", at)[0].sentences == (3,)
    assert check_quote(split, EntityId("s"), "The ring met in Tashkent", at)[:2] == (None, "cite.ambiguous")
    assert check_quote(split, EntityId("s"), "Samarkand", at, nearest=False)[:2] == (None, "cite.not-in-source")
