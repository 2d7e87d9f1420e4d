"""Partial dates and quote normalisation: precise where the source is, never looser."""

from __future__ import annotations

import pytest

from stancegraph.graph.seeds.quotes import closest_passage, locate_quote, normalise
from stancegraph.schema.dates import DatePrecision, PartialDate


@pytest.mark.parametrize(
    "text, precision, earliest, latest",
    [
        ("2015", DatePrecision.YEAR, "2015-01-01", "2015-12-31"),
        ("2012-02", DatePrecision.MONTH, "2012-02-01", "2012-02-29"),
        ("2013-12", DatePrecision.MONTH, "2013-12-01", "2013-12-31"),
        ("2010-02-23", DatePrecision.DAY, "2010-02-23", "2010-02-23"),
    ],
)
def test_partial_date_bounds(text, precision, earliest, latest):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.earliest.isoformat(), date.latest.isoformat()) == (earliest, latest)
    assert str(date) == text


@pytest.mark.parametrize("bad", ["2015-13", "2015-02-30", "15", "2015/02/01", "2015-2-1", "", None, True])
def test_partial_date_rejects(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_partial_date_certainly_after_respects_uncertainty():
    year, later_day = PartialDate.parse("2015"), PartialDate.parse("2015-06-01")
    assert not later_day.is_certainly_after(year)  # 2015 may mean December
    assert PartialDate.parse("2016-01").is_certainly_after(year)
    assert not year.is_certainly_after(later_day)


def test_normalise_only_quotes_dashes_and_whitespace():
    text = "\u201cIt\u2019s  a \u2013 test\u201d\n\tnow"
    assert normalise(text)[0] == "\"It's a - test\" now"


def test_quote_with_plain_marks_matches_typographic_source():
    source = "He said: \u201cthe market\u2019s  limits \u2014 are real\u201d."
    match = locate_quote("\"the market's limits - are real\"", source)
    assert match is not None
    assert source[match.start:match.end] == match.exact == "\u201cthe market\u2019s  limits \u2014 are real\u201d"
    assert match.prefix == "He said: " and match.suffix == "."


@pytest.mark.parametrize("looser", ["THE MARKET'S LIMITS", "the markets limits", "the market's limits are real"])
def test_nothing_looser_matches(looser):
    assert locate_quote(looser, "He said: \u201cthe market\u2019s  limits \u2014 are real\u201d.") is None


def test_closest_passage_points_at_the_right_place():
    text = "One two three. The NHS needs cooperation, not competition. Four five."
    passage, ratio = closest_passage("The NHS needs co-operation not competition", text)
    assert passage.startswith("The NHS needs cooperation")
    assert 0.8 < ratio < 1.0


def test_partial_dates_sort_by_first_then_last_possible_day():
    dates = [PartialDate.parse(t) for t in ["2015-06-01", "2015", "2014-12", "2015-01", "2015-01-01"]]
    assert [str(d) for d in sorted(dates)] == ["2014-12", "2015-01-01", "2015-01", "2015", "2015-06-01"]
    assert PartialDate.parse("2015") <= PartialDate.parse("2015-06-01")
