"""The support check's reading of numbers and dates: digits and words, cardinals and ordinals."""

from __future__ import annotations

import pytest

from dossier.core.dates import DateValue, parse_date
from dossier.validate.support import missing_date_parts, missing_numbers, numbers, unsupported


@pytest.mark.parametrize("text, expected", [
    ("the fourth emir", {("4", True)}),
    ("the 4th emir", {("4", True)}),
    ("four emirs", {("4", False)}),
    ("in 1993, then 2000", {("1993", False), ("2000", False)}),
    ("1,500 fighters", {("1500", False)}),
    ("twenty-five men", {("25", False)}),
    ("one hundred and two boats", {("102", False)}),
    ("the 1990s", {("1990", False)}),
    ("2.5 tonnes", {("2.5", False)}),
    ("no one came", set()),
    ("one two three", {("1", False), ("2", False), ("3", False)}),
    ("the fourth and fifth", {("4", True), ("5", True)}),
    ("five hundred thousand", {("500000", False)}),
    ("a standing army", set()),
])
def test_numbers_are_read_in_digits_and_in_words(text, expected):
    assert set(numbers(text)) == expected


def test_a_text_with_no_number_word_gives_its_digits_in_order_as_written():
    """Without a number word a text's numbers are its digits alone (read by one search): each once,
    as first written, ordinals and decimals told apart, a word that only holds letters of one
    ('someone', 'often') not one."""
    found = numbers("In 1997 someone, often 1,500 strong, took the 4th; 1500 again, 2.5 and 4")
    assert list(found.items()) == [(("1997", False), "1997"), (("1500", False), "1,500"), (("4", True), "4th"),
                                   (("2.5", False), "2.5"), (("4", False), "4")]
    assert list(numbers("Four of the 4th").items()) == [(("4", False), "Four"), (("4", True), "4th")]


def test_a_number_is_reported_as_the_fact_writes_it():
    quoted = numbers("In 2012, Usman Ghazi became the fourth emir")
    assert missing_numbers("The IMU's fourth emir, from 2012.", quoted) == []
    assert missing_numbers("The IMU's 4th emir, from two thousand and twelve", quoted) == []
    assert missing_numbers("The IMU's fifth emir, from 2013", quoted) == ["fifth", "2013"]
    assert missing_numbers("its four emirs", quoted) == ["four"]  # 4 is not 4th


def test_the_issues_own_examples_are_caught():
    quoted = numbers("it has approximately 500 members")
    assert missing_numbers("unlikely to have more than 100 members", quoted) == ["100"]
    founded = unsupported(["The IMU was founded in Kandahar"], [], [("date", parse_date("1998"))])
    assert [(w, code) for w, code, _ in founded] == [("date", "cite.unsupported-date")]
    assert "the year 1998" in founded[0][2]


@pytest.mark.parametrize("date, quote, missing", [
    ("2015-08", "in August 2015", []),
    ("2015-08", "in Aug. 2015", []),
    ("2015-08", "in 2015", ["the month (August)"]),
    ("2015-05", "it may be 2015", ["the month (May)"]),
    ("2015-12-11", "on December 11, 2015", []),
    ("2015-12-11", "on 11th December 2015", []),
    ("2015-12-11", "in December 2015", ["the day (11)"]),
    ("2016", "in 2015", ["the year 2016"]),
    ("2016", "in 20160", ["the year 2016"]),
    ("2016", "in two thousand and sixteen", []),
    ("2015-12-11", "on the eleventh of December 2015", []),
])
def test_a_date_needs_its_year_month_and_day_in_a_quote(date, quote, missing):
    assert missing_date_parts(parse_date(date), [quote]) == missing


def test_a_part_of_a_month_needs_its_word():
    date = DateValue(2016, 7, None, "mid")
    assert missing_date_parts(date, ["In mid-July 2016"]) == []
    assert missing_date_parts(date, ["In July 2016"]) == ["the part of the month (mid)"]


def test_an_inferred_date_is_not_checked_and_a_said_date_only_for_its_wording():
    inferred = DateValue(2000, approximate=True, inferred="Born in 1970, he moved at age 30.")
    said = DateValue(2015, 12, 11, said="last December 11", inferred="year from the source's date")
    assert unsupported(["moved at age 30", "in a battle Last  December 11."], [], [("a", inferred), ("b", said)]) == []


def test_a_said_date_whose_wording_no_quote_gives_is_unsupported():
    """The date of a renunciation 'in August' cited only to the words renouncing: the month is nowhere."""
    said = DateValue(2016, 8, said="in August", inferred="year from the source's date")
    [(where, code, message)] = unsupported(["After a year in ISIL, I saw the group commit many evil deeds"], [],
                                           [("on", said)])
    assert (where, code) == ("on", "cite.unsupported-date") and "'in August'" in message
    assert unsupported(["said in a video posted on YouTube in August"], [], [("on", said)]) == []
    assert missing_date_parts(said, ["in Augusta"]) == ["its wording 'in August'"]
