"""Options a command's chosen mode does not read are refused in one line naming both, never ignored.

The table below is the specification, written from each option's help text and the
library function each mode calls (rDNA's argument lists for backbone and
polarisation): which modes of a command read which options. Every other option of
the command is read by every mode (``EVERY_MODE``); a test checks that each option is
in one list or the other, so a new option has to be placed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.cli.common import all_commands

SEEDS = Path(__file__).resolve().parent / "data" / "mini" / "seeds"
COMMANDS = dict(all_commands(cli))

# command: (the mode switch as written, its modes, {option: (a value, the modes that read it)})
READS = {
    "backbone": ("--method", ("nested", "penalty", "fixed"), {
        "--penalty": ("2", ("penalty",)),
        "--size": ("2", ("fixed",)),
        "--iterations": ("10", ("penalty", "fixed")),
        "--seed": ("1", ("penalty", "fixed")),
    }),
    "polarisation": ("--algorithm", ("greedy", "genetic"), {
        "--parents": ("10", ("genetic",)),
        "--iterations": ("10", ("genetic",)),
        "--elite": ("0.2", ("genetic",)),
        "--mutation": ("0.2", ("genetic",)),
    }),
    "plot": ("KIND", ("network", "barplot", "timeline", "polarisation"), {
        "--view": ("conflict", ("network",)),
        "--colour": ("coalition", ("network",)),
        "--max-edges": ("10", ("network",)),
        "--normalise": ("average", ("network",)),
        "--variable": ("person", ("barplot",)),
        "--count": ("actors", ("barplot",)),
        "--top": ("3", ("barplot",)),
        "--period": ("month", ("timeline",)),
        "--concept": ("co-operatives", ("timeline",)),
        "--actor": ("blue-party", ("timeline",)),
        "--window": ("3y", ("polarisation",)),
        "--step": ("2y", ("polarisation",)),
        "--level": ("person", ("network", "barplot", "polarisation")),
        "--unaffiliated": ("person", ("network", "barplot", "polarisation")),
        "--concept-depth": ("0", ("network", "barplot")),
    }),
    "network": ("--type", ("twomode", "congruence", "conflict"), {
        "--qualifier": ("combine", ("twomode",)),
    }),
}
EVERY_MODE = {  # the options every mode reads (data, selection, output …)
    "backbone": {"data_dir", "data_option", "corpus", "level", "unaffiliated", "start", "end", "concept_depth",
                 "date_rule", "exclude", "exclude_value", "exclude_author", "exclude_publisher", "exclude_kind",
                 "invert", "method", "kind", "normalisation", "duplicates", "output", "store", "quiet"},
    "polarisation": {"data_dir", "data_option", "corpus", "level", "unaffiliated", "start", "end", "concept_depth",
                     "date_rule", "exclude", "exclude_value", "exclude_author", "exclude_publisher", "exclude_kind",
                     "invert", "algorithm", "clusters", "normalise_scores", "window", "kernel", "indent_time",
                     "duplicates", "seed", "output", "store", "quiet"},
    "plot": {"kind", "data_dir", "data_option", "corpus", "output", "width", "start", "end", "seed", "store",
             "quiet"},
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _mode_args(command: str, mode: str) -> list[str]:
    switch = READS[command][0]
    return [command, mode] if switch == "KIND" else [command, switch, mode]


CASES = [(command, mode, option, value)
         for command, (_switch, modes, options) in READS.items()
         for option, (value, readers) in options.items()
         for mode in modes if mode not in readers]


@pytest.mark.parametrize("command, mode, option, value", CASES,
                         ids=[f"{c} {m} {o}" for c, m, o, _v in CASES])
def test_an_option_its_mode_does_not_read_is_refused_naming_both(command, mode, option, value, tmp_path):
    switch = READS[command][0]
    args = _mode_args(command, mode)
    if command == "plot":
        args += ["-o", tmp_path / "f.svg"]
    result = run(*args, option, value)
    where = f"plot {mode}" if switch == "KIND" else f"{switch} {mode}"
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: {option} does not apply to {where}"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", sorted(EVERY_MODE))
def test_every_option_is_placed(command):
    params = {p.name for p in COMMANDS[command].params}
    specific = {next(p.name for p in COMMANDS[command].params if option in p.opts) for option in READS[command][2]}
    assert params == EVERY_MODE[command] | specific


def test_all_problems_in_one_line():
    result = run("backbone", "--penalty", "2", "--size", "3")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: --penalty does not apply to --method nested; --size does not apply to --method nested"]


def test_fixed_backbone_without_size_names_the_option():
    result = run("backbone", "--method", "fixed")
    assert result.exit_code == 2
    assert result.output.splitlines() == ["Error: --method fixed needs --size N, the number of concepts in the backbone"]


@pytest.mark.parametrize("args, message", [
    (["network", "--indent-time"], "--indent-time does not apply without --window"),
    (["network", "--window", "2y", "--no-indent-time"], "--indent-time does not apply without --kernel"),
    (["network", "--window", "2y", "--kernel", "gaussian", "--step", "1y"],
     "--step does not apply to --kernel slices (their mid-points are one unit of --window apart)"),
    (["network", "--window", "2y", "--top", "3"], "--top does not apply to --window"),
    (["network", "--explain", "a", "b", "--top", "3"], "--top does not apply to --explain"),
    (["polarisation", "--kernel", "gaussian"], "--kernel does not apply without --window"),
    (["polarisation", "--indent-time"], "--indent-time does not apply without --window"),
    (["render", "--view", "twomode", "--type", "congruence"],
     "--view twomode and --type congruence name two different networks: give one"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_slicing_and_view_options(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: {message}"]


@pytest.mark.parametrize("args", [
    ["backbone", SEEDS, "--method", "penalty", "--penalty", "2", "--iterations", "10", "--seed", "1"],
    ["backbone", SEEDS, "--method", "fixed", "--size", "2", "--iterations", "10"],
    ["network", SEEDS, "--type", "twomode", "--qualifier", "combine"],
    ["render", SEEDS, "--view", "twomode", "--type", "twomode", "-o", "{tmp}/v.html"],
], ids=["penalty", "fixed", "twomode qualifier", "view and type agreeing"])
def test_options_a_mode_reads_are_accepted(args, tmp_path):
    result = run(*[str(a).replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 0, result.output
