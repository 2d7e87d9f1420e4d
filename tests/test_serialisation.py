"""Outputs: re-parse into isomorphic graphs, are byte-identical across runs, and an
independent parser (rapper, raptor2) accepts our Turtle."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Dataset as RdfDataset
from rdflib import Graph
from rdflib.compare import isomorphic

from stancegraph.graph.rdf.export import RdfFormat, serialize_graph
from conftest import need_executable

PARSE_AS = {
    RdfFormat.TURTLE: "turtle",
    RdfFormat.NTRIPLES: "nt",
    RdfFormat.JSONLD: "json-ld",
    RdfFormat.RDFXML: "xml",
}


@pytest.mark.parametrize("fmt", list(PARSE_AS))
def test_round_trip_is_isomorphic(fmt, nhs_graph):
    data = serialize_graph(nhs_graph, fmt)
    again = Graph().parse(data=data, format=PARSE_AS[fmt])
    assert len(again) == len(nhs_graph)
    assert isomorphic(again, nhs_graph)


def test_trig_holds_the_graph_under_the_dataset_name(nhs_graph):
    name = "https://w3id.org/stancegraph/nhs/dataset"
    ds = RdfDataset().parse(data=serialize_graph(nhs_graph, RdfFormat.TRIG, graph_name=name), format="trig")
    named = ds.graph(name)
    assert len(named) == len(nhs_graph)
    assert isomorphic(named, nhs_graph)


def _build_in_fresh_process(out, seed: str, corpus) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "stancegraph.graph.cli", "build", "--corpus", str(corpus), "--out", str(out),
         "--format", "turtle", "--format", "ntriples", "--format", "jsonld"],
        check=True, env=env, capture_output=True,
    )
    return b"".join((out / f"stancegraph{ext}").read_bytes() for ext in (".ttl", ".nt", ".jsonld"))


def test_same_seeds_give_byte_identical_output(tmp_path, corpus):
    first = _build_in_fresh_process(tmp_path / "a", "1", corpus)
    second = _build_in_fresh_process(tmp_path / "b", "4242", corpus)
    assert first == second


def test_rapper_accepts_our_turtle(tmp_path, nhs_graph):
    rapper = need_executable("rapper")
    path = tmp_path / "stancegraph.ttl"
    path.write_bytes(serialize_graph(nhs_graph, RdfFormat.TURTLE))
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # rapper counts what it parsed: the same number of triples as our graph
    assert f"returned {len(nhs_graph)} triples" in result.stderr


def test_rapper_rejects_broken_turtle(tmp_path):
    rapper = need_executable("rapper")
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .\n")
    assert subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True).returncode != 0
