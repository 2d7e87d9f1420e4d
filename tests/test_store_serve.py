"""``stancegraph serve --store oxigraph:PATH`` over real HTTP on 127.0.0.1.

The mini dataset is built into an Oxigraph store; two real ``stancegraph serve``
processes answer, one from memory (DATA_DIR) and one from the store, whose
workers open it read-only. Both must give the same answers to the named queries,
and the store-backed one must keep the endpoint's guarantees: updates and
SERVICE refused, a runaway query stopped at the time limit, the row cap kept.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from store_checks import normalise

STANCEGRAPH = str(Path(sys.executable).with_name("stancegraph"))
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
NAMED = [  # parameters naming things in tests/data/mini
    ("supporters", {"concept": "ownership"}),
    ("opponents", {"concept": "privatisation"}),
    ("actor-statements", {"actor": "ann-smith"}),
    ("concept-hierarchy", {}),
    ("members", {}),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(args: list[str], log: Path):
    port = _free_port()
    handle = log.open("wb")
    process = subprocess.Popen([STANCEGRAPH, "serve", *args, "--port", str(port), "--timeout", "2",
                                "--max-rows", "40", "--workers", "1"], stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the endpoint did not start: " + log.read_text()
        time.sleep(0.2)
    return process, handle, url


@pytest.fixture(scope="module")
def endpoints(mini_seeds, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store-serve")
    store = f"oxigraph:{tmp / 'graph.db'}"
    built = subprocess.run([STANCEGRAPH, "build", str(mini_seeds), "--store", store, "--no-shacl", "--no-html",
                            "--out", str(tmp / "out")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    started = []
    try:
        started.append(_serve([str(mini_seeds)], tmp / "memory.log"))
        started.append(_serve(["--store", store], tmp / "oxigraph.log"))
        yield {"memory": started[0][2], "oxigraph": started[1][2]}
    finally:
        for process, handle, _url in started:
            process.terminate()
            process.wait(10)
            handle.close()


def _select(url: str, query: str) -> list:
    response = httpx.post(f"{url}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    if "boolean" in body:
        return [body["boolean"]]
    variables = body["head"]["vars"]
    return sorted((tuple(normalise(_term(row.get(v))) for v in variables) for row in body["results"]["bindings"]),
                  key=repr)


def _term(binding):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "literal":
        return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))
    return ("bnode",)


@pytest.mark.parametrize("name, values", NAMED)
def test_named_queries_answer_the_same_from_the_store(endpoints, mini_dataset, name, values):
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.rdf.mapping import build_graph
    from stancegraph.graph.sparql.engine import with_values

    query = get_named_query(name)
    bindings = resolve_parameters(build_graph(mini_dataset), query, values)
    text = with_values(query.text, bindings)
    from_memory = _select(endpoints["memory"], text)
    assert from_memory, f"{name} answers nothing on the mini dataset: the comparison would prove nothing"
    assert _select(endpoints["oxigraph"], text) == from_memory


def test_the_store_endpoint_refuses_updates_and_service(endpoints):
    url = f"{endpoints['oxigraph']}/sparql"
    update = httpx.post(url, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=30)
    assert update.status_code == 403, update.text
    service = httpx.post(url, data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
                         timeout=30)
    assert service.status_code in (400, 403), service.text
    assert "SERVICE" in service.text
    # nothing was written: the store still answers as before
    assert _select(endpoints["oxigraph"], "ASK { <urn:a> <urn:b> <urn:c> }") == [False]


def test_the_store_endpoint_stops_a_runaway_query_and_keeps_answering(endpoints):
    url = endpoints["oxigraph"]
    started = time.monotonic()
    runaway = httpx.post(f"{url}/sparql", data={"query": EXPLOSIVE}, timeout=60)
    assert runaway.status_code == 503, runaway.text
    assert "longer than 2 s" in runaway.text
    assert time.monotonic() - started < 30
    deadline = time.monotonic() + 30
    while True:  # the killed worker is replaced in the background
        again = httpx.post(f"{url}/sparql", data={"query": "ASK { ?s a foaf:Person }"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200, again.text
    assert again.json()["boolean"] is True


def test_the_store_endpoint_keeps_the_row_cap(endpoints):
    capped = httpx.post(f"{endpoints['oxigraph']}/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert capped.status_code != 200, capped.text
    assert "40" in capped.text


def test_serving_a_missing_store_fails_with_one_line(tmp_path):
    result = subprocess.run([STANCEGRAPH, "serve", "--store", f"oxigraph:{tmp_path / 'nothing'}", "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "no Oxigraph store" in lines[0]
