"""A build's outputs: the default store, progress reports, an output set written all or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.pipeline import build, check
from stancegraph.graph.progress import Recorder
from stancegraph.graph.rdf.export import RdfFormat

ALL_FORMATS = tuple(RdfFormat)


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".stancegraph.*.tmp")) + sorted(folder.glob(".*.tmp"))


def test_the_default_store_is_an_in_memory_oxigraph(mini_seeds, tmp_path):
    from stancegraph.graph.stores.store import is_oxigraph

    result = build(mini_seeds, tmp_path, html=False, shacl=False)
    assert is_oxigraph(result.graph)
    assert result.triples == check(mini_seeds, shacl=False).triples


def test_rdflib_memory_store_still_on_request_with_the_same_triples(mini_seeds, tmp_path):
    from rdflib import Graph

    from stancegraph.graph.stores.store import is_oxigraph

    result = build(mini_seeds, tmp_path / "m", formats=(RdfFormat.NTRIPLES,), html=False, shacl=False, store="memory")
    assert not is_oxigraph(result.graph)
    default = build(mini_seeds, tmp_path / "o", formats=(RdfFormat.NTRIPLES,), html=False, shacl=False)
    read = [set(Graph().parse(p / "stancegraph.nt", format="nt")) for p in (tmp_path / "m", tmp_path / "o")]
    assert read[0] == read[1] and len(read[0]) == default.triples


def test_progress_reports_every_stage_of_a_build(mini_seeds, tmp_path):
    record = Recorder()
    build(mini_seeds, tmp_path, formats=(RdfFormat.TURTLE, RdfFormat.NTRIPLES), progress=record)
    seed_files = len(list(mini_seeds.glob("*.yaml")))
    view_steps = [s for s in record.stages if s.startswith("writing network.html: ")]  # render_view's own stages
    assert view_steps[0] == "writing network.html: building the congruence network"
    assert view_steps[1].startswith("writing network.html: laying out and writing the page (")
    assert [s for s in record.stages if s not in view_steps] == [
        f"reading and validating {seed_files} seed files",
        "building the graph for SHACL",
        "validating with SHACL",
        "writing network.html",
        "writing stancegraph.ttl",  # straight from the mapping: no graph is built for the files
        "writing stancegraph.nt",
    ]
    reading = [(done, total) for stage, done, total in record.calls if stage == record.stages[0]]
    assert reading == [(done, seed_files) for done in range(seed_files + 1)]  # file by file
    written = [done for stage, done, _total in record.calls if stage == "writing stancegraph.ttl" and done]
    assert written[-1] == check(mini_seeds, shacl=False).triples  # the triples written, counted as they go


def test_a_build_that_needs_a_graph_still_builds_it_once(mini_seeds, tmp_path):
    record = Recorder()
    result = build(mini_seeds, tmp_path, formats=(RdfFormat.TURTLE, RdfFormat.JSONLD), html=False, shacl=False,
                   progress=record)
    assert record.stages[1:] == ["writing stancegraph.ttl", "building the graph", "writing stancegraph.jsonld"]
    assert result.triples == len(result.graph) == check(mini_seeds, shacl=False).triples


def test_check_and_build_report_reading_file_by_file(tmp_path):
    import shutil

    from stancegraph.graph.seeds.load import default_data_dir

    seeds = tmp_path / "seeds"
    shutil.copytree(default_data_dir(), seeds)
    files = sorted(p.name for p in seeds.glob("*.yaml"))
    assert len(files) > 2
    record = Recorder()
    check(seeds, shacl=False, progress=record)
    stage = f"reading and validating {len(files)} seed files"
    assert [(done, total) for name, done, total in record.calls if name == stage] == \
        [(done, len(files)) for done in range(len(files) + 1)]


def test_check_without_shacl_counts_triples_without_building_a_graph(mini_seeds):
    record = Recorder()
    report = check(mini_seeds, shacl=False, progress=record)
    assert report.graph is None and report.shacl is None
    assert record.stages[-1] == "counting triples"
    with_shacl = check(mini_seeds)
    assert report.triples == with_shacl.triples == len(with_shacl.graph)


@pytest.mark.parametrize("args", [
    ["check", "--no-shacl"], ["build", "--no-html", "--out", "{out}"], ["export"],
    ["query", "--data", "{seeds}", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
])
def test_no_progress_noise_when_not_a_terminal(args, mini_seeds, tmp_path):
    args = [a.replace("{out}", str(tmp_path / "out")).replace("{seeds}", str(mini_seeds)) for a in args]
    if args[0] != "query":
        args.insert(1, str(mini_seeds))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    for noise in ("reading and validating", "building the graph", "counting triples", "\x1b[", "⠋"):
        assert noise not in text


def test_progress_display_draws_on_a_terminal_and_not_when_quiet(monkeypatch):
    import io

    from rich.console import Console

    from stancegraph.graph.cli import common, progress as cli_progress

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(common, "err_console", lambda: terminal)
    monkeypatch.setattr(cli_progress, "err_console", lambda: terminal)
    with cli_progress.progress_display(quiet=True) as report:
        assert report is None
    with cli_progress.progress_display() as report:
        report("building the graph", 0, None)
        report("building the graph", 5000, None)
        report("writing stancegraph.ttl")
    assert "building the graph" in screen.getvalue() and "5,000" in screen.getvalue()


def test_a_failure_while_writing_leaves_the_previous_outputs_and_no_temporary(mini_seeds, tmp_path, monkeypatch):
    from stancegraph.graph import pipeline

    out = tmp_path / "out"
    first = build(mini_seeds, out, formats=ALL_FORMATS)
    before = {name: path.read_bytes() for name, path in first.outputs.items()}
    (out / "stancegraph.ttl").write_bytes(b"# an older build\n")  # so a rewrite would show
    before["stancegraph.ttl"] = b"# an older build\n"
    from stancegraph.graph.rdf import streamed

    real, real_streamed = pipeline._serialise, streamed.serialize_dataset
    made = []

    def fail_third(fmt):
        made.append(fmt)
        if len(made) == 3:  # the third file of the set
            raise OSError("disk full (injected)")

    def failing(graph, fmt, dataset, *args, **kwargs):
        fail_third(fmt)
        return real(graph, fmt, dataset, *args, **kwargs)

    def failing_streamed(dataset, fmt, *args, **kwargs):
        fail_third(fmt)
        return real_streamed(dataset, fmt, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_serialise", failing)
    monkeypatch.setattr(streamed, "serialize_dataset", failing_streamed)
    with pytest.raises(OSError, match="injected"):
        build(mini_seeds, out, formats=ALL_FORMATS)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _temporaries(out) == []


def test_a_kill_mid_write_is_cleaned_up_by_the_next_build(mini_seeds, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".stancegraph.999999999.abc.tmp"  # a pid no process has
    dead.mkdir()
    (dead / "stancegraph.ttl").write_bytes(b"@prefix half")
    build(mini_seeds, out, html=False, shacl=False)
    assert _temporaries(out) == []


def test_an_existing_output_keeps_its_mode_and_a_new_one_follows_the_umask(mini_seeds, tmp_path):
    out = tmp_path / "out"
    build(mini_seeds, out, html=False, shacl=False)
    os.chmod(out / "stancegraph.ttl", 0o640)
    old = os.umask(0o027)
    try:
        build(mini_seeds, out, formats=(RdfFormat.TURTLE, RdfFormat.NTRIPLES), html=False, shacl=False)
    finally:
        os.umask(old)
    assert (out / "stancegraph.ttl").stat().st_mode & 0o777 == 0o640
    assert (out / "stancegraph.nt").stat().st_mode & 0o777 == 0o640  # 0666 less umask 027


def test_default_outputs_are_byte_identical_across_hash_seeds(mini_seeds, tmp_path):
    """Oxigraph's in-memory store writes in load order; the mapping's order must not depend on hashing."""
    code = ("import sys; from stancegraph.graph.pipeline import build; from stancegraph.graph.rdf.export import "
            "RdfFormat; build(sys.argv[1], sys.argv[2], formats=tuple(RdfFormat), shacl=False)")
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"h{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", code, str(mini_seeds), str(out)], check=True, env=env)
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1] == outputs[2]
    assert set(outputs[0]) == {"stancegraph" + f.extension for f in RdfFormat} | {"network.html"}


def test_igraph_is_imported_without_pyplot_and_matplotlib_still_works_after():
    code = ("import sys\nfrom stancegraph.graph.view.layout import import_igraph\nigraph = import_igraph()\n"
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
            "assert igraph.Graph([(0, 1), (1, 2)]).layout_fruchterman_reingold(seed=[[0, 0], [1, 0], [0, 1]])\n"
            "import matplotlib.pyplot\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_network_summary_lists_the_strongest_ties_in_order(nhs_dataset):
    """The top ties by |weight|, ties broken by node ids: as a full sort would list them."""
    import heapq

    from stancegraph.graph.networks import build_network

    graph = build_network(nhs_dataset, "subtract", "organisation")
    key = lambda e: (-abs(e[2]["weight"]), e[0], e[1])  # noqa: E731
    for top in (1, 5, 12):
        assert heapq.nsmallest(top, graph.edges(data=True), key=key) == sorted(graph.edges(data=True), key=key)[:top]
    result = CliRunner().invoke(cli, ["network", "--type", "subtract", "--top", "3"])
    expected = sorted(graph.edges(data=True), key=key)[:3]
    lines = [line for line in result.output.splitlines() if line.startswith("  ") and "—" in line][:3]
    assert [line.split()[0] for line in lines] == [f"{d['weight']:g}" for _u, _v, d in expected]


def test_render_view_reports_its_stages(mini_dataset):
    from stancegraph.graph.view import render_view

    record = Recorder()
    render_view(mini_dataset, "congruence", "person", progress=record)
    assert [stage.split(" (")[0] for stage in record.stages] == [
        "building the congruence network", "laying out and writing the page"]


def test_a_store_that_refuses_the_graph_leaves_the_previous_outputs(mini_seeds, tmp_path):
    from stancegraph.graph.stores.store import StoreError

    out = tmp_path / "out"
    first = build(mini_seeds, out, shacl=False)
    before = {name: path.read_bytes() for name, path in first.outputs.items()}
    with pytest.raises(StoreError):  # nothing listens on port 9 (discard) here
        build(mini_seeds, out, shacl=False, html=False, store="sparql:http://127.0.0.1:9/sparql,http://127.0.0.1:9/update")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _temporaries(out) == []


def test_check_on_a_terminal_shows_the_seed_files_read(tmp_path, monkeypatch):
    import io
    import shutil

    from rich.console import Console

    from stancegraph.graph.cli import common, progress as cli_progress
    from stancegraph.graph.seeds.load import default_data_dir

    seeds = tmp_path / "seeds"
    shutil.copytree(default_data_dir(), seeds)
    files = len(list(seeds.glob("*.yaml")))
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    monkeypatch.setattr(common, "err_console", lambda: terminal)
    monkeypatch.setattr(cli_progress, "err_console", lambda: terminal)
    result = CliRunner().invoke(cli, ["check", str(seeds), "--no-shacl"])
    assert result.exit_code == 0, result.output
    assert f"reading and validating {files} seed files" in screen.getvalue()
    assert f"{files}/{files}" in screen.getvalue()


@pytest.mark.parametrize("width", [30, 40, 59, 60, 80, 120])
def test_progress_figures_are_whole_on_a_narrow_terminal(width, monkeypatch):
    """The stage's words give way on a narrow terminal; the count and percentage never do."""
    import io
    import re

    from rich.console import Console

    from stancegraph.graph.cli import common, progress as cli_progress

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=width, color_system=None)
    monkeypatch.setattr(common, "err_console", lambda: terminal)
    monkeypatch.setattr(cli_progress, "err_console", lambda: terminal)
    with cli_progress.progress_display() as report:
        report("building the graph from the mapping of every record", 1_234_567, 1_400_000)
        report("building the graph from the mapping of every record", 1_300_000, 1_400_000)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "1,300,000/1,400,000" in shown and re.search(r"\s\d{1,3}% ", shown), shown
    assert all(len(frame) <= width for frame in re.split(r"[\r\n]", shown)), shown
