"""Windows, slices and summaries at the calendar's ends: data dated 9999-12 never crashes a command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli

SEED = """\
dataset:
  id: late
  title: Late
  version: 0.1.0
  base_iri: https://example.org/late/
documents:
  - id: doc
    title: Doc
    kind: news
    date: {date}
organisations:
  - id: a
    name: A
    kind: party
  - id: b
    name: B
    kind: party
concepts:
  - id: c
    label: C
    definition: A concept.
statements:
  - id: s1
    organisation: a
    concept: c
    stance: support
    quote: "x"
    document: doc
    attribution: direct
  - id: s2
    organisation: b
    concept: c
    stance: support
    quote: "y"
    document: doc
    attribution: direct
"""


@pytest.fixture(params=["9999-12", "9999-12-31", "0001-01-01"])
def edge(tmp_path, request):
    (tmp_path / "d.yaml").write_text(SEED.format(date=request.param), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [
    ["network", "--window", "2y", "--step", "5000y"],
    ["network", "--window", "1m"],
    ["network", "--window", "3d"],
    ["network", "--window", "20000y"],
    ["network", "--window", "2w", "--kernel", "gaussian"],
    ["network", "--window", "2y", "--kernel", "uniform"],
    ["polarisation", "--window", "1y"],
])
def test_windows_at_the_calendar_ends_answer_or_refuse_in_one_line(edge, args):
    result = CliRunner().invoke(cli, [*args, str(edge)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.output.strip().count("\n") == 0 and result.output.startswith("Error: no window"), result.output


def test_check_counts_one_record_in_the_singular(edge):
    result = CliRunner().invoke(cli, ["check", str(edge), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("ok: 1 document, 0 people, 2 organisations, 1 concept, 2 statements;")


# A window whose last day is 9999-12-31 exactly lies inside the calendar (its day after,
# 10000-01-01, does not exist); one starting a day later does not. Every unit, several lengths.
_MAX = __import__("datetime").date.max


def _last_day_by_days(first, days):
    """Reference for d/w spans: ordinal arithmetic, no calendar library."""
    ordinal = first.toordinal() + days - 1
    return None if ordinal > _MAX.toordinal() else first.fromordinal(ordinal)


@pytest.mark.parametrize("unit,per", [("d", 1), ("w", 7)])
@pytest.mark.parametrize("count", [1, 2, 3, 10, 53])
def test_day_and_week_spans_ending_on_the_calendars_last_day(unit, per, count):
    import datetime as dt

    from stancegraph.graph.networks import window_bounds
    from stancegraph.graph.networks.options import Span, span_last_day

    span = Span(count, unit)
    exact = dt.date.fromordinal(_MAX.toordinal() - count * per + 1)
    later = [exact + dt.timedelta(days=1)] if exact < _MAX else []
    for first in [exact - dt.timedelta(days=1), exact, *later]:
        assert span_last_day(first, span) == _last_day_by_days(first, count * per)
    assert window_bounds(exact, _MAX, f"{count}{unit}") == [(exact, _MAX)]
    for first in later:
        assert window_bounds(first, _MAX, f"{count}{unit}") == []


@pytest.mark.parametrize("unit,months", [("m", 1), ("y", 12)])
@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_month_and_year_spans_ending_on_the_calendars_last_day(unit, months, count):
    import datetime as dt

    from stancegraph.graph.networks import window_bounds
    from stancegraph.graph.networks.options import Span, span_last_day

    index = 9999 * 12 + 11 - count * months + 1  # the month the span must start in to end with December 9999
    first = dt.date(index // 12, index % 12 + 1, 1)
    assert span_last_day(first, Span(count, unit)) == _MAX
    assert span_last_day(first.replace(day=2), Span(count, unit)) is None
    assert window_bounds(first, _MAX, f"{count}{unit}") == [(first, _MAX)]
    # stepping one unit at a time, the last window is the one ending on 9999-12-31
    earlier = dt.date(first.year - 1, first.month, 1)
    bounds = window_bounds(earlier, _MAX, f"{count}{unit}", f"1{unit}")
    assert bounds[-1] == (first, _MAX) and all(last <= _MAX for _, last in bounds)


def test_network_window_ending_on_the_calendars_last_day_keeps_the_statements(tmp_path):
    (tmp_path / "d.yaml").write_text(SEED.format(date="9999-12-31"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["network", "--window", "1d", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "9999-12-31 – 9999-12-31" in result.output, result.output
    assert "all 2 statements are in the network" in result.output, result.output
