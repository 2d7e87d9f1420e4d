"""A store is never emptied or half-filled by a failed push or build (issue #12 §4).

Oxigraph: a load that fails half way (a bad batch after good ones) and a build
killed half way (a real process, ended with ``os._exit`` mid-load) both leave the
graph as it was. Virtuoso (real, tests/virtuoso.py): the SPARQL Update path loads
into a staging graph and moves it over the graph only when every batch was
accepted, so a batch refused half way leaves the old graph; a Graph Store ``PUT``
with a broken body is refused whole by the server. Text with every character
``str.splitlines()`` breaks at survives the batched path.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from rdflib import URIRef

from stancegraph.graph.rdf.mapping import build_graph
from stancegraph.graph.rdf.ntriples import literal_nt, ntriples_bytes
from stancegraph.graph.stores import store as store_module
from stancegraph.graph.stores.store import (
    StoreError,
    StoreKind,
    StoreSpec,
    open_store,
    push_ntriples,
    staging_graph_name,
    write_dataset,
)

from store_checks import triple_set

LINE_BREAKERS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"


def _broken_chunks(good: bytes):
    """N-Triples chunks: the good ones, then a line no parser accepts."""
    def chunks(_dataset, lines_per_chunk=20000):
        lines = good.splitlines(keepends=True)[:200]  # bytes.splitlines: LF and CR only
        for start in range(0, len(lines), 50):  # four batches load, the fifth fails
            yield b"".join(lines[start:start + 50])
        yield b'<urn:x:s> <urn:x:p> "never closed .\n'
    return chunks


def test_oxigraph_load_failing_half_way_leaves_the_old_graph(tmp_path, mini_dataset, nhs_dataset, monkeypatch):
    spec = StoreSpec(StoreKind.OXIGRAPH, path=tmp_path / "store")
    write_dataset(spec, mini_dataset)
    before = triple_set(open_store(spec))
    # the same dataset graph name, other (more) triples, then a broken line: the first batch loads, the next fails
    good = ntriples_bytes(nhs_dataset)
    monkeypatch.setattr(store_module, "BULK_LOAD_TRIPLES", 50)
    monkeypatch.setattr("stancegraph.graph.rdf.ntriples.ntriples_chunks", _broken_chunks(good))
    with pytest.raises(StoreError, match="unchanged"):
        write_dataset(spec, mini_dataset)
    assert triple_set(open_store(spec)) == before
    assert not list(tmp_path.glob(".store.*")), "no backup folder is left behind"


_KILLED_BUILD = textwrap.dedent("""
    import os, sys
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.rdf.ntriples import ntriples_bytes
    from stancegraph.graph.stores import store as store_module
    from stancegraph.graph.stores.store import StoreSpec, StoreKind, write_dataset

    spec = StoreSpec(StoreKind.OXIGRAPH, path=__import__("pathlib").Path(sys.argv[1]))
    mini, nhs = load_dataset(sys.argv[2]), load_dataset()
    store_module.BULK_LOAD_TRIPLES = 50
    loaded = []
    real = store_module._ntriples_batches

    def batches(chunks, size):
        for batch in real(chunks, size):
            if len(loaded) == 2:   # two batches of the new graph are in: die as a kill would
                os._exit(9)
            loaded.append(batch)
            yield batch

    store_module._ntriples_batches = batches
    import stancegraph.graph.rdf.ntriples as nt
    lines = ntriples_bytes(nhs).splitlines(keepends=True)  # bytes.splitlines: LF and CR only
    chunks = [b"".join(lines[i:i + 50]) for i in range(0, len(lines), 50)]
    nt.ntriples_chunks = lambda _dataset, lines_per_chunk=20000: iter(chunks)
    write_dataset(spec, mini)
""")


@pytest.mark.parametrize("opener", ["open_store", "open_store_view"])
def test_oxigraph_build_killed_half_way_is_rolled_back_on_the_next_open(tmp_path, mini_seeds, opener):
    """Whichever opens the store first rolls back: a named query's read-only view too (it opens
    read-write when a backup is there)."""
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.stores.view import open_store_view

    path = tmp_path / "store"
    spec = StoreSpec(StoreKind.OXIGRAPH, path=path)
    first = subprocess.run([sys.executable, "-c", "import sys; from stancegraph.graph.seeds.load import "
                            "load_dataset; from stancegraph.graph.stores.store import write_dataset; "
                            "write_dataset('oxigraph:' + sys.argv[1], load_dataset(sys.argv[2]))",
                            str(path), str(mini_seeds)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    killed = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(path), str(mini_seeds)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    assert (tmp_path / ".store.stancegraph-backup").is_dir(), "the killed build left its backup"
    if opener == "open_store_view":
        open_store_view(spec)
        assert not (tmp_path / ".store.stancegraph-backup").exists()
    graph = open_store(spec)  # the first open in this process: it rolls the killed build back
    assert triple_set(graph) == triple_set(build_graph(load_dataset(mini_seeds)))
    assert not (tmp_path / ".store.stancegraph-backup").exists()


# --- Virtuoso --------------------------------------------------------------------------------------


def _count(spec: StoreSpec, name: str) -> int:
    graph = open_store(StoreSpec(StoreKind.SPARQL, query_url=spec.query_url), name)
    return int(list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0][0])


@pytest.mark.virtuoso
def test_sparql_update_push_failing_half_way_leaves_the_old_graph(virtuoso, mini_dataset, nhs_dataset):
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, update_url=virtuoso.sparql_url)
    name = "urn:x-stancegraph:test:all-or-nothing"
    push_ntriples(spec, ntriples_bytes(mini_dataset), name, batch_size=50)
    before = triple_set(open_store(StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url), name))
    lines = ntriples_bytes(nhs_dataset).split(b"\n")
    broken = b"\n".join(lines[:300] + [b'<urn:x:s> <urn:x:p> "never closed .'] + lines[300:])
    with pytest.raises(StoreError, match="unchanged") as info:
        push_ntriples(spec, broken, name, batch_size=100)  # batches 1-3 accepted, batch 4 refused
    assert "HTTP 4" in str(info.value) or "HTTP 5" in str(info.value)
    assert triple_set(open_store(StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url), name)) == before
    assert _count(spec, staging_graph_name(name)) == 0, "the staging graph is dropped"


@pytest.mark.virtuoso
def test_graph_store_put_with_a_broken_body_leaves_the_old_graph(virtuoso, mini_dataset):
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    auth = (virtuoso.user, virtuoso.password)
    name = "urn:x-stancegraph:test:put-all-or-nothing"
    push_ntriples(spec, ntriples_bytes(mini_dataset), name, auth=auth)
    before = _count(spec, name)
    with pytest.raises(StoreError):
        push_ntriples(spec, ntriples_bytes(mini_dataset) + b'<urn:x:s> <urn:x:p> "never closed .\n', name,
                      auth=auth)
    assert _count(spec, name) == before == len(build_graph(mini_dataset))


@pytest.mark.virtuoso
@pytest.mark.parametrize("path", ["update", "graph-store"])
def test_every_line_breaking_character_survives_a_push(virtuoso, path):
    url = {"update": {"update_url": virtuoso.sparql_url}, "graph-store": {"graph_store_url": virtuoso.graph_store_url}}
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, **url[path])
    name = f"urn:x-stancegraph:test:line-breaks-{path}"
    texts = [f"before{char}after" for char in LINE_BREAKERS] + ["cr\r\nlf", 'quote " and \\ backslash']
    data = "".join(f"<urn:x:s{i}> <urn:x:p> {literal_nt(text)} .\n" for i, text in enumerate(texts))
    push_ntriples(spec, data.encode("utf-8"), name, auth=(virtuoso.user, virtuoso.password), batch_size=3)
    graph = open_store(StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url), name)
    got = {str(o) for o in graph.objects(None, URIRef("urn:x:p"))}
    assert got == set(texts)



def test_rebuilding_one_dataset_keeps_the_other_graphs_of_the_store(tmp_path, mini_dataset, nhs_dataset):
    spec = StoreSpec(StoreKind.OXIGRAPH, path=tmp_path / "store")
    write_dataset(spec, nhs_dataset)
    nhs_name = str(store_module.dataset_graph_name(nhs_dataset))
    before = triple_set(open_store(spec, nhs_name))
    for _ in range(2):  # the second build replaces the mini graph only
        write_dataset(spec, mini_dataset)
    assert triple_set(open_store(spec, nhs_name)) == before
    mini = open_store(spec, str(store_module.dataset_graph_name(mini_dataset)))
    assert triple_set(mini) == triple_set(build_graph(mini_dataset))
