"""Dates: parsing, calendar checks, yearless wording resolved against the source, display and order."""

import pytest

from dossier.core.dates import DateError, DateValue, Period, parse_date, parse_said, resolve_said


@pytest.mark.parametrize("text, precision", [("1996", "year"), ("2015-08", "month"), ("2015-12-11", "day")])
def test_iso_dates_keep_their_precision(text, precision):
    assert parse_date(text).precision == precision


@pytest.mark.parametrize("text", ["2015-13-45", "2016-02-30", "2015-02-29", "sometime", "15-12-2015", "0000", "2015-00"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_leap_day_is_a_real_date():
    assert parse_date("2016-02-29").day == 29


@pytest.mark.parametrize("said, expected", [
    ("last December 11", "2015-12-11"),
    ("July 19", "2016-07-19"),
    ("June 14", "2016-06-14"),
    ("in August", "2016-08"),
    ("February 10", "2016-02-10"),
    ("11 December", "2015-12-11"),
])
def test_yearless_wording_takes_the_latest_year_on_or_before_the_source(said, expected):
    resolved = resolve_said(parse_said(said), parse_date("2016-08"), "The source")
    assert resolved.iso == expected
    assert resolved.qualifier == "year inferred"
    assert said in resolved.inferred and "The source" in resolved.inferred


def test_a_year_counted_from_an_inferred_source_date_says_that_date_is_inferred():
    """The seed's article prints no date; its address gives 7 October 2016, marked inferred. A year counted back
    from it says so, in words, and not as '(7 October 2016 (inferred), ...)'."""
    source_date = DateValue(2016, 10, 7, inferred="from its address")
    resolved = resolve_said(parse_said("June 14"), source_date, "IMU cuts ties with ISIL")
    assert resolved.inferred == ("The source says 'June 14' without a year; 2016 is the latest such date on or "
                                 "before the source's date (7 October 2016, IMU cuts ties with ISIL; that date is "
                                 "itself inferred, as its page says).")
    plain = resolve_said(parse_said("June 14"), parse_date("2016-10-07"), "S")
    assert plain.inferred.endswith("(7 October 2016, S).")


def test_part_of_month_is_kept_and_shown():
    resolved = resolve_said(parse_said("mid-July"), parse_date("2016-08"), "S")
    assert resolved.part == "mid" and resolved.text == "mid-July 2016 (year inferred)"


def test_reader_forms():
    assert parse_date("2015-12-11").label == "11 December 2015"
    assert parse_date("2015-08").label == "August 2015"
    assert DateValue(2000, approximate=True, inferred="age 30").text == "c. 2000 (inferred)"
    assert DateValue(2000, approximate=True).text == "c. 2000 (approximate)"


def test_unreadable_wording_is_refused():
    with pytest.raises(DateError):
        parse_said("sometime last year")


def test_mixed_precision_sorts_coarse_before_fine_then_by_day():
    dates = [
        parse_date("2016-07-19"),
        DateValue(2016, 7, part="mid"),
        parse_date("2016"),
        parse_date("2016-07"),
        DateValue(2016, 7, part="early"),
        parse_date("2015-12-11"),
        parse_date("2016-07-05"),
    ]
    ordered = [d.text for d in sorted(dates, key=lambda d: d.sort_key)]
    assert ordered == ["11 December 2015", "2016", "July 2016", "early-July 2016",
                       "5 July 2016", "mid-July 2016", "19 July 2016"]


def test_periods_read_naturally():
    assert Period(parse_date("2012"), None, True).text == "2012 – present"
    assert Period(parse_date("2012")).text == "from 2012"
    assert Period(None, parse_date("2015-08")).text == "until August 2015"
