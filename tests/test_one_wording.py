"""One wording of a network in every command, and counts singular for one.

The expected descriptions are written here from the words of the README (kind, whose
network, the dates as given); render, network, backbone and polarisation must each
print the same words for the same options.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.networks.omissions import Omissions

SEEDS = Path(__file__).resolve().parent / "data" / "mini" / "seeds"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


DESCRIPTIONS = [
    (["--type", "twomode", "--level", "person", "--from", "2010", "--to", "2021"],
     "two-mode network of people, 2010 to 2021"),
    (["--type", "conflict"], "conflict network of organisations, all dates"),
    (["--type", "congruence", "--unaffiliated", "person", "--from", "2020-03"],
     "congruence network of organisations and of people who speak for none, from 2020-03"),
    (["--type", "concept-cooccurrence", "--level", "person", "--to", "2020"],
     "cooccurrence network of concepts (through people), to 2020"),
]


@pytest.mark.parametrize("options, description", DESCRIPTIONS, ids=[d for _o, d in DESCRIPTIONS])
def test_network_and_render_describe_a_network_alike(options, description, tmp_path):
    network = run("network", SEEDS, *options)[0]
    render = run("render", SEEDS, *options, "-o", tmp_path / "v.html")[0]
    assert network.startswith(description + ": ") and render.startswith(description + ": ")


def test_backbone_and_polarisation_use_the_same_words():
    backbone = run("backbone", SEEDS, "--level", "person", "--unaffiliated", "person", "--from", "2020")[0]
    assert backbone.startswith("Backbone (nested) of the subtract network of people, from 2020: ")
    polarisation = run("polarisation", "--from", "2010", "--to", "2015")[0]
    assert polarisation.startswith("Leifeld polarisation (greedy, k = 2) of the congruence and conflict networks "
                                   "of organisations, 2010 to 2015: ")


def test_counts_of_one_are_singular(tmp_path):
    one = ["--level", "person", "--from", "2020-02", "--to", "2020-02"]  # only smith-coops (2020-02-29)
    assert run("render", SEEDS, *one, "-o", tmp_path / "v.html")[0].endswith(": 1 node, 0 ties")
    assert run("network", SEEDS, *one)[0].endswith(": 1 node, 0 ties, 1 statement")
    assert run("backbone", SEEDS, *one)[0].endswith(": 1 actor, 1 statement")


@pytest.mark.parametrize("omissions, sentence", [
    (Omissions(0, 0), "no statements to build the network from"),
    (Omissions(1, 1), "the one statement is in the network"),
    (Omissions(2, 2), "all 2 statements are in the network"),
    (Omissions(1, 0, {"excluded": 1}), "the one statement is left out: 1 is excluded (--exclude)"),
    (Omissions(3, 0, {"excluded": 3}), "all 3 statements left out: 3 are excluded (--exclude)"),
    (Omissions(3, 2, {"excluded": 1}), "1 of 3 statements left out: 1 is excluded (--exclude)"),
])
def test_the_omission_line_for_none_one_and_all(omissions, sentence):
    assert omissions.sentence() == sentence
