"""Every numeric option of every command: NaN, ±inf, 1e309 and a huge integer are one line, exit 2.

The options are found by walking the click command tree (``all_commands``), so an
option added later is covered without editing this file; each must use one of the
bounded types of :mod:`stancegraph.graph.cli.numbers`.
"""

from __future__ import annotations

import math

import click
import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.cli.common import all_commands
from stancegraph.graph.cli.numbers import BoundedInt, FiniteFloat, NumberOrName, number_types


def _numeric_options():
    found = []
    for name, command in all_commands(cli):
        for param in command.params:
            if isinstance(param.type, number_types()):
                found.append((name, param))
    return found


NUMERIC = _numeric_options()
HOSTILE = ("nan", "inf", "-inf", "1e309", str(10**30))


def _long(param: click.Parameter) -> str:
    return max(param.opts, key=len)


def test_the_walk_finds_the_numeric_options_the_report_named():
    found = {(name, _long(param)) for name, param in NUMERIC}
    assert {("query", "--timeout"), ("serve", "--timeout"), ("import dna", "--neutral"), ("backbone", "--penalty"),
            ("agreement", "--min-alpha"), ("plot", "--width"), ("polarisation", "--mutation"),
            ("render", "--seed")} <= found


@pytest.mark.parametrize(("name", "param"), NUMERIC, ids=[f"{n} {_long(p)}" for n, p in NUMERIC])
def test_every_numeric_option_has_finite_bounds(name, param):
    assert isinstance(param, click.Option)
    assert type(param.type) in (FiniteFloat, BoundedInt, NumberOrName), (name, param.type)
    low, high = (param.type.low, param.type.high) if isinstance(param.type, NumberOrName) else (
        param.type.min, param.type.max)
    assert math.isfinite(low) and math.isfinite(high)
    if isinstance(param.type, NumberOrName):
        assert param.type.convert(repr(float(high)), param, None) == repr(float(high))
        with pytest.raises(click.BadParameter):
            param.type.convert(repr(math.nextafter(high, math.inf)), param, None)
        return
    if not param.type.max_open:  # the bound itself is a value the option takes, one past it is not
        assert param.type.convert(str(high), param, None) == high
    step = 1 if isinstance(param.type, BoundedInt) else math.ulp(high) * 2
    with pytest.raises(click.BadParameter):
        param.type.convert(str(high + step), param, None)


CASES = [pytest.param(name, param, value, id=f"{name} {_long(param)}={value[:8]}")
         for name, param in NUMERIC for value in HOSTILE]


@pytest.mark.parametrize(("name", "param", "value"), CASES)
def test_a_hostile_number_is_one_line_exit_2(name, param, value):
    result = CliRunner().invoke(cli, [*name.split(), f"{_long(param)}={value}"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: Invalid value for '") and _long(param) in lines[0], lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_largest_timeout_and_seed_run(mini_seeds):
    """The bounds are values the code takes: a day's --timeout for the query worker, 2**32 - 1 for numpy."""
    runner = CliRunner()
    result = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "--data", str(mini_seeds), "--timeout", "86400"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["backbone", str(mini_seeds), "--method", "penalty", "--iterations", "50",
                                 "--seed", str(2**32 - 1), "--type", "congruence"])
    assert result.exit_code == 0, result.output
    assert "50 iterations" in result.output


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), -1.0, 0.0, 1e9, 86_400.5])
def test_the_query_runner_refuses_a_time_limit_it_cannot_wait_for(seconds):
    """The library's own bound (the CLI's --timeout reads it): one line, never poll()'s OverflowError."""
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.sparql import TIMEOUT_MAX
    from stancegraph.graph.sparql.sandbox import RunnerSettings

    with pytest.raises(UsageError, match=r"^the query time limit must be more than 0 and at most 86,400 seconds"):
        RunnerSettings(timeout=seconds)
    assert TIMEOUT_MAX == 86_400.0 and RunnerSettings(timeout=TIMEOUT_MAX).timeout == TIMEOUT_MAX


def test_a_per_query_time_limit_is_checked_too(nhs_graph):
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    with QueryRunner(nhs_graph, RunnerSettings(workers=1, start_method="fork")) as runner:
        with pytest.raises(UsageError, match="time limit"):
            runner.run("ASK { ?s ?p ?o }", timeout=1e9)
        assert runner.run("ASK { ?s ?p ?o }", timeout=30).boolean is True


@pytest.mark.parametrize("size", [3, 4, 2147483647])
def test_a_backbone_size_the_data_cannot_take_is_an_invalid_value_for_size(mini_seeds, size):
    """The mini dataset's statements code three concepts (ownership has none): the fixed backbone takes 1 to 2
    (rDNA: fewer than all of them); a size past that is the same kind of line as a size past --size's own
    bounds, naming the option and the range."""
    result = CliRunner().invoke(cli, ["backbone", str(mini_seeds), "--method", "fixed", "--size", str(size)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: Invalid value for '--size': {size} is not in the range 1<=x<3 (fewer than the selection's 3 concepts)"]
    assert CliRunner().invoke(cli, ["backbone", str(mini_seeds), "--method", "fixed", "--size", "2"]).exit_code == 0
