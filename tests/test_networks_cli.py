"""``stancegraph network`` in-process on the mini dataset: exact output, files, errors.

The mini dataset (tests/data/mini/seeds): ann-smith for village-health-coop supports
cooperatives (narrower than ownership); blue-party supports privatisation (narrower
than markets); ann-smith, for herself, opposes privatisation; bob-jones for
blue-party is mixed on markets.
"""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner

from stancegraph.graph.cli import cli


def run(*args):
    return CliRunner().invoke(cli, ["network", *map(str, args)], catch_exceptions=False)


def test_person_congruence_with_rolled_up_concepts_and_evidence(mini_seeds, tmp_path):
    # person level, concepts rolled up to depth 0: ann opposes markets (via privatisation), bob is
    # mixed on markets → s = 1 − |−1 − 0|/2 = 0.5; blue-privatisation has no speaker and is dropped.
    out = tmp_path / "people.json"
    result = run(mini_seeds, "--level", "person", "--concept-depth", "0", "--explain", "ann-smith", "bob-jones",
                 "-o", out)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [  # --explain prints the tie's evidence only
        "tie ann-smith — bob-jones: weight 0.5, 2 statements",
        '  [mixed] 2020-03-01 jones-markets (bob-jones for blue-party on markets, herald-2020-03-01): '
        '“the market "drives up quality - up to a point"”',
        '  [oppose] 2020-03-01 smith-privatisation (ann-smith on privatisation, herald-2020-03-01): '
        '“privatisation "would hand our clinics to shareholders"”',
    ]
    graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert graph.edges["ann-smith", "bob-jones"]["statements"] == ["jones-markets", "smith-privatisation"]
    assert graph.nodes["ann-smith"]["coalition"] == graph.nodes["bob-jones"]["coalition"] == 0


def test_organisation_conflict_with_unaffiliated_speakers(mini_seeds, tmp_path):
    # organisation level: ann's own statement on privatisation counts for ann (--unaffiliated person);
    # blue-party supports privatisation → conflict 1·1 = 1. Conflict networks list no coalitions.
    out = tmp_path / "conflict.graphml"
    result = run(mini_seeds, "--type", "conflict", "--unaffiliated", "person", "-o", out)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "conflict network of organisations and of people who speak for none, all dates: 3 nodes, 1 tie, 4 statements",
        "top ties (of 1):",
        "  1  Ann Smith — Blue Party  (2 statements)  ann-smith blue-party",
        "all 4 statements are in the network",
    ]
    assert result.stderr.strip() == f"wrote {out.resolve()}"
    read = nx.read_graphml(out)
    assert read.edges["ann-smith", "blue-party"]["statements"] == "blue-privatisation smith-privatisation"
    assert read.nodes["village-health-coop"]["org_kind"] == "cooperative"


def test_windows_write_one_file_each(mini_seeds, tmp_path):
    result = run(mini_seeds, "--level", "person", "--window", "1m", "--from", "2020-02", "--to", "2020-03",
                 "-o", tmp_path / "w.gexf")
    assert result.exit_code == 0
    # smith-coops is dated 2020-02-29, the other statements 2020-03-01 (their document's date)
    assert result.stdout.splitlines()[0] == "congruence network of people, 2020-02 to 2020-03: 2 windows"
    assert [line.split()[:6] for line in result.stdout.splitlines()[2:-1]] == [
        ["2020-02-01", "–", "2020-02-29", "1", "0", "1"],
        ["2020-03-01", "–", "2020-03-31", "2", "0", "2"],
    ]
    assert result.stdout.splitlines()[-1] == "1 of 4 statements left out: 1 names no speaker"  # blue-privatisation
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "w-2020-02-01_2020-02-29.gexf", "w-2020-03-01_2020-03-31.gexf"]


def test_bad_options_are_one_line_errors_and_write_nothing(mini_seeds, tmp_path):
    out = tmp_path / "x.graphml"
    cases = [
        (["--type", "twomode", "--normalise", "jaccard"],
         "Error: normalisation 'jaccard' is for one-mode networks (two-mode: activity, prominence)"),
        (["--exclude", "nobody", "--exclude", "nothing"],
         "Error: cannot exclude what the dataset does not hold: 'nobody', 'nothing'"),
        (["--step", "1y"], "Error: --step needs --window"),
        (["--window", "5y"], "Error: no window of 5y fits in the date range"),
        (["--from", "2020-13"], "Error: not a date: '2020-13' (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        (["--explain", "ann-smith", "nobody"],
         "Error: no node 'ann-smith' in this network (a person: at organisation level a node only when speaking "
         "for no organisation with --unaffiliated person; or use --level person); no node 'nobody' in this network"),
        (["--level", "person", "--explain", "ann-smith", "bob-jones"],
         "Error: no tie between 'ann-smith' and 'bob-jones' in this network (they are not tied)"),
    ]
    for args, message in cases:
        result = run(mini_seeds, *args, "-o", out)
        assert result.exit_code == 2, args
        assert result.stderr.strip().splitlines() == [message]
    assert list(tmp_path.iterdir()) == []


def test_help_lists_the_types(mini_seeds):
    result = run("--help")
    assert result.exit_code == 0
    assert "twomode|congruence|conflict|subtract" in result.stdout


def test_a_large_coalition_is_named_in_part(tmp_path, monkeypatch):
    from stancegraph.graph.cli import network as network_cli

    monkeypatch.setattr(network_cli, "COALITION_NAMES", 3)
    result = CliRunner().invoke(cli, ["network", "--type", "congruence", "--level", "person"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  0: ")]
    assert len(lines) == 1 and lines[0].count(", ") == 3 and " more" in lines[0]
