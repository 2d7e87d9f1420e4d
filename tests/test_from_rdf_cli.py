"""``stancegraph network --store`` and ``render --store``: networks from the graph in a store.

The same network must come out whether the dataset is read from its seed files or
back from the Oxigraph store (or SPARQL server) that ``build --store`` filled.
"""

from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli


@pytest.fixture(scope="module")
def nhs_store(tmp_path_factory):
    """The embedded dataset built into an Oxigraph store by the CLI."""
    folder = tmp_path_factory.mktemp("network-store")
    result = CliRunner().invoke(cli, ["build", "--no-shacl", "--no-html", "--out", str(folder / "out"),
                                      "--store", f"oxigraph:{folder / 'nhs.db'}"])
    assert result.exit_code == 0, result.output
    from stancegraph.graph.stores.store import close_store

    close_store(f"oxigraph:{folder / 'nhs.db'}")  # the CLI runs in this process: let go of the writer
    return f"oxigraph:{folder / 'nhs.db'}"


def _network(args: list[str], output) -> tuple[str, bytes]:
    result = CliRunner().invoke(cli, ["network", *args, "-o", str(output)])
    assert result.exit_code == 0, result.output
    return result.stdout, output.read_bytes()


@pytest.mark.parametrize("options", [
    ["--type", "congruence", "--level", "organisation", "--from", "2010", "--to", "2013"],
    ["--type", "conflict", "--level", "person", "--normalise", "jaccard"],
    ["--type", "twomode", "--level", "person", "--duplicates", "month", "--concept-depth", "1"],
])
def test_network_from_the_store_is_the_network_from_the_seeds(nhs_store, tmp_path, options):
    summary_seeds, seeds = _network(options, tmp_path / "seeds.graphml")
    summary_store, stored = _network([*options, "--store", nhs_store], tmp_path / "store.graphml")
    assert stored == seeds
    assert summary_store == summary_seeds
    assert b"<edge " in seeds  # a network with ties: the comparison means something


def test_explain_from_the_store_lists_the_same_quotes(nhs_store):
    args = ["network", "--type", "congruence", "--explain", "labour-party", "nhs-alliance"]
    seeds = CliRunner().invoke(cli, args)
    stored = CliRunner().invoke(cli, [*args, "--store", nhs_store])
    assert seeds.exit_code == 0 and stored.exit_code == 0, seeds.output + stored.output
    assert stored.stdout == seeds.stdout
    assert "“" in stored.stdout


def test_render_from_the_store_draws_the_same_page(nhs_store, tmp_path):
    pages = {}
    for name, extra in (("seeds", []), ("store", ["--store", nhs_store])):
        result = CliRunner().invoke(cli, ["render", "--view", "conflict", "-o", str(tmp_path / f"{name}.html"),
                                          *extra])
        assert result.exit_code == 0, result.output
        pages[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    # the page names the command that lists a tie's other quotes: from the store, with --store
    store_words = f"--store {shlex.quote(str(nhs_store))} "
    assert "stancegraph network " + store_words in pages["store"]
    assert store_words not in pages["seeds"]
    assert pages["store"].replace(store_words, "") == pages["seeds"]
    assert '"edges": {}, "explain"' not in pages["seeds"]  # ties drawn: the comparison means something


def test_store_and_seed_folder_together_are_refused(nhs_store, mini_seeds):
    result = CliRunner().invoke(cli, ["network", str(mini_seeds), "--store", nhs_store])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: --store {nhs_store} reads the dataset from the store; DATA_DIR and --corpus are not read "
        "(leave them out, or leave out --store)"]


@pytest.mark.parametrize("command", ["network", "render"])
def test_bad_or_empty_stores_are_one_line_errors(command, tmp_path):
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    bad = runner.invoke(cli, [command, "--store", "graphdb:http://127.0.0.1:1/x"])
    assert bad.exit_code == 2
    assert "unknown store 'graphdb:http://127.0.0.1:1/x'" in bad.output
    out = tmp_path / ("x.graphml" if command == "network" else "x.html")  # -o needs a known ending
    empty = runner.invoke(cli, [command, "--store", f"oxigraph:{tmp_path / 'empty'}", "-o", str(out)])
    assert empty.exit_code == 2
    assert empty.output.strip().splitlines() == [
        f"Error: no Oxigraph store at {tmp_path / 'empty'}: the folder is empty "
        f"(build one with --store oxigraph:{tmp_path / 'empty'})"]
    assert not out.exists()


def test_a_server_without_the_dataset_is_one_line_error():
    """A SPARQL URL where nothing answers: one line naming it, exit 2 (no traffic leaves loopback)."""
    from virtuoso import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = CliRunner().invoke(cli, ["network", "--store", f"sparql:{url}"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot query {url}"), result.output


@pytest.mark.virtuoso
def test_network_from_virtuoso_is_the_network_from_the_seeds(virtuoso, nhs_dataset, tmp_path):
    from stancegraph.graph.stores.store import StoreKind, StoreSpec, write_dataset

    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    write_dataset(spec, nhs_dataset, auth=(virtuoso.user, virtuoso.password))
    options = ["--type", "subtract", "--level", "organisation"]
    _, seeds = _network(options, tmp_path / "seeds.graphml")
    _, stored = _network([*options, "--store", f"sparql:{virtuoso.sparql_url}"], tmp_path / "store.graphml")
    assert stored == seeds
