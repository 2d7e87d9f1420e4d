"""Capped ties and every build mode give the same bytes in any process.

A tie with more statements than ``--max-quotes`` ships a profile whose concepts are
numbered in the order the page first meets them; that order came from a set of
strings, so the HTML view changed with PYTHONHASHSEED once a tie was capped (the
NHS data caps nothing). Every output of the same data (render, build's view,
``network -o`` in each format, ``plot`` SVG) is written in three processes with
different hash seeds and must be identical. And ``build`` writes the same RDF files
whatever ``--store`` the graph also goes into (the README promises it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from synthetic import synthetic_seeds

NETWORK_ENDINGS = (".graphml", ".gexf", ".matrix.csv", ".csv", ".json", ".dl", ".net")

# One process per hash seed writes every output; prints {name: sha256}.
_SCRIPT = r"""
import hashlib, json, sys
from pathlib import Path
from click.testing import CliRunner
from stancegraph.graph.cli import cli

import stancegraph.graph.view as view

small, out = Path(sys.argv[1]), Path(sys.argv[2])
endings = sys.argv[3].split()
render_view = view.render_view  # build's view with a lower cap (it has no option): capped ties at 600
view.render_view = lambda *args, **options: render_view(*args, **{**options, "max_quotes": 2})
runner = CliRunner()
commands = {
    "render.html": ["render", str(small), "--max-quotes", "2", "-o", str(out / "render.html"), "-q"],
    "build/network.html": ["build", str(small), "--out", str(out / "build"), "--no-shacl", "-q"],
    "plot.svg": ["plot", "network", str(small), "-o", str(out / "plot.svg")],
}
commands["render-twomode.html"] = ["render", str(small), "--view", "twomode", "--max-quotes", "2",
                                   "-o", str(out / "render-twomode.html"), "-q"]
for kind in ("congruence", "twomode", "concept-conflict"):
    for ending in endings:
        name = f"{kind}{ending}"
        commands[name] = ["network", str(small), "--type", kind, "--level", "person", "-o", str(out / name)]
for name, args in commands.items():
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
written = sorted(p for p in out.rglob("*") if p.is_file())  # csv writes nodes and edges files
print(json.dumps({str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in written}))
"""


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    base = tmp_path_factory.mktemp("capped")
    # 600 statements: a cap of 2 quotes caps dozens of ties (build's default cap, 50, needs ~1,500)
    return synthetic_seeds(600, base / "small", seed=1)


def _profiles(page: Path) -> int:
    return len(re.findall(r'"profile"', page.read_text(encoding="utf-8")))


def test_capped_outputs_identical_across_hash_seeds(seeds, tmp_path):
    small = seeds
    runs = []
    for hash_seed in ("0", "1", "2"):  # three processes at once
        out = tmp_path / hash_seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        runs.append((out, subprocess.Popen([sys.executable, "-c", _SCRIPT, str(small), str(out),
                                            " ".join(NETWORK_ENDINGS)], env=env, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent)))
    digests = []
    for out, run in runs:
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr[-2000:]
        digests.append(json.loads(stdout.strip().splitlines()[-1]))
        # the case under test is there: ties are capped in both views
        assert _profiles(out / "render.html") >= 10
        assert _profiles(out / "build" / "network.html") >= 10
    assert len(digests[0]) >= 3 * len(NETWORK_ENDINGS) + 4
    for name in digests[0]:
        assert digests[0][name] == digests[1][name] == digests[2][name], name


FORMATS = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "rdfxml": "rdf", "jsonld": "jsonld"}


def test_build_same_bytes_with_any_store(seeds, tmp_path):
    small = seeds
    runner = CliRunner()
    formats = [a for f in FORMATS for a in ("--format", f)]
    outs = {}
    for name, store in (("default", []), ("oxigraph", ["--store", f"oxigraph:{tmp_path / 'db'}"]),
                        ("memory", ["--store", "memory"])):
        out = tmp_path / name
        result = runner.invoke(cli, ["build", str(small), "--out", str(out), "--no-shacl", "--no-html", "-q",
                                     *formats, *store], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outs[name] = out
    for fmt, ending in FORMATS.items():
        exported = tmp_path / f"export.{ending}"
        result = runner.invoke(cli, ["export", str(small), "-o", str(exported), "-q"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        files = [outs[name] / f"stancegraph.{ending}" for name in outs] + [exported]
        digests = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
        assert len(digests) == 1, fmt
        # export --store: N-Triples and JSON-LD the same bytes; the others the same triples (README)
        from_store = tmp_path / f"from-store.{ending}"
        result = runner.invoke(cli, ["export", "--store", f"oxigraph:{tmp_path / 'db'}", "-o", str(from_store), "-q"],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        if ending in ("nt", "jsonld"):
            assert from_store.read_bytes() == exported.read_bytes(), fmt
        else:
            import pyoxigraph as ox

            kind = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "rdf": ox.RdfFormat.RDF_XML}[ending]
            ours = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(exported), format=kind)}
            theirs = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(from_store), format=kind)}
            assert ours == theirs and ours, fmt


def test_build_progress_counts_jsonld_and_names_the_view_steps(seeds, tmp_path):
    from stancegraph.graph.pipeline import build
    from stancegraph.graph.progress import Recorder
    from stancegraph.graph.rdf.export import RdfFormat

    record = Recorder()
    result = build(seeds, tmp_path / "out", formats=(RdfFormat.JSONLD,), shacl=False, progress=record)
    counts = [(done, total) for stage, done, total in record.calls if stage == "writing stancegraph.jsonld" and total]
    triples = len(result.graph)
    assert triples > 10_000
    # counted as written, in steps, up to every triple of the graph
    assert len(counts) >= 3 and counts[-1] == (triples, triples)
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert all(total == triples for _, total in counts)
    view_steps = [stage for stage in record.stages if stage.startswith("writing network.html: ")]
    assert any("network" in s.split(": ", 1)[1] for s in view_steps)
    assert any(re.search(r"\(\d[\d,]* nodes\)", s) for s in view_steps)


def test_readme_writes_no_option_as_taking_several_values():
    """A repeated option (click's multiple=True) takes one value each time: ``--format turtle ntriples``
    is refused, so README never writes ``--opt VALUE …`` (it writes ``[--opt VALUE]…``)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"--[a-z-]+ [A-Za-z=|_.]+ …", readme) == []
