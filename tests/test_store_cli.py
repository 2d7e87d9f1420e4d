"""``--store`` on the command line: build into Oxigraph, query it there, refuse bad names."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from stancegraph.graph.cli import cli


def _csv_rows(text: str) -> list[list[str]]:
    return sorted(csv.reader(io.StringIO(text)))


def test_build_into_oxigraph_then_query_it_there(mini_seeds, mini_corpus, tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'graph.db'}"
    built = runner.invoke(cli, ["build", str(mini_seeds), "--corpus", str(mini_corpus), "--store", store,
                                "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert f"stored in {store} as graph <https://example.org/mini/dataset>" in built.output
    assert (tmp_path / "out" / "stancegraph.ttl").is_file()

    args = ["query", "supporters", "--param", "concept=ownership", "--format", "csv"]
    from_store = runner.invoke(cli, args + ["--store", store])
    in_memory = runner.invoke(cli, args + ["--data", str(mini_seeds)])
    assert from_store.exit_code == 0, from_store.output
    assert in_memory.exit_code == 0, in_memory.output
    assert _csv_rows(from_store.stdout) == _csv_rows(in_memory.stdout)
    assert "https://example.org/mini/person/ann-smith" in from_store.stdout


def test_rebuilding_into_the_same_store_keeps_one_copy(mini_seeds, tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'graph.db'}"
    counts = []
    for _ in range(2):
        result = runner.invoke(cli, ["build", str(mini_seeds), "--store", store, "--no-shacl",
                                     "--out", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        counted = runner.invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
                                      "--store", store])
        assert counted.exit_code == 0, counted.output
        counts.append(counted.stdout.splitlines()[1])
    assert counts[0] == counts[1]
    assert int(counts[0]) > 100


def test_bad_store_name_is_a_usage_error():
    result = CliRunner().invoke(cli, ["build", "--store", "fuseki:http://127.0.0.1:1/x"])
    assert result.exit_code == 2
    assert "unknown store 'fuseki:http://127.0.0.1:1/x'" in result.output


def test_querying_a_missing_store_fails_with_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["query", "supporters", "--param", "concept=x",
                                      "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert result.exit_code == 2
    assert f"Error: no Oxigraph store at {tmp_path / 'none'}" in result.output


def test_build_without_shacl_and_html_writes_only_the_graph(mini_seeds, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(mini_seeds), "--no-shacl", "--no-html", "--out", str(out),
                                      "--store", f"oxigraph:{tmp_path / 'g.db'}"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["stancegraph.ttl"]


def test_network_from_a_missing_store_is_one_line_and_creates_nothing(tmp_path):
    result = CliRunner().invoke(cli, ["network", "--store", f"oxigraph:{tmp_path / 'graph.db'}"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"Error: no Oxigraph store at {tmp_path / 'graph.db'} "
                     f"(build one with --store oxigraph:{tmp_path / 'graph.db'})"]
    assert not (tmp_path / "graph.db").exists()
