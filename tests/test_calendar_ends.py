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
