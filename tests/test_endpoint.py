"""The SPARQL endpoint over real HTTP on 127.0.0.1, driven by SPARQLWrapper and httpx.

One server (uvicorn in a thread, query workers started through forkserver) serves
the mini dataset for the whole module, with a 2 s time limit and a 50-row cap.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import httpx  # dev dependencies: a missing one must fail, not skip
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, N3, SPARQLWrapper as Client
from SPARQLWrapper import POSTDIRECTLY, URLENCODED

from stancegraph.graph.sparql.library import get_named_query, named_queries, resolve_parameters  # noqa: E402
from stancegraph.graph.sparql.results import outcome_from_result  # noqa: E402
from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes  # noqa: E402

SELECT = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
NAMES = ["Ann Smith", "Bob Jones", "Jo Writer"]
ASK = "ASK { person:ann-smith sg:opposes concept:privatisation }"
CONSTRUCT = "CONSTRUCT { ?a sg:supports ?c } WHERE { ?a sg:supports ?c }"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def server(mini_graph):
    import uvicorn

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app, endpoint_examples
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    runner = QueryRunner(mini_graph, RunnerSettings(workers=2, timeout=2.0, max_rows=50, memory_limit_mb=2048))
    app = create_app(runner, EndpointSettings(
        title="Mini <test> dataset", examples=endpoint_examples(mini_graph, list(named_queries().values())),
    ))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = uv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)
    runner.close()


def client(server, query, fmt=JSON, method=None, request_method=None):
    sparql = Client(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    if request_method:
        sparql.setRequestMethod(request_method)
    return sparql.query()


def prefixed(graph, text):
    return text  # the endpoint pre-declares the standard and dataset prefixes


# --- SELECT, ASK and CONSTRUCT in each format -----------------------------------------------------------


@pytest.mark.parametrize("method, request_method", [(None, None), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_select_json(server, method, request_method):
    result = client(server, SELECT, JSON, method, request_method).convert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == NAMES


def test_select_xml_csv_tsv(server):
    from rdflib.query import Result

    for fmt, parser in ((XML, "xml"), (CSV, "csv"), (TSV, "tsv")):
        response = client(server, SELECT, fmt).response.read()
        parsed = Result.parse(io.BytesIO(response), format=parser)
        assert [str(row[0]) for row in parsed] == NAMES, fmt


def test_ask_in_each_format(server):
    assert client(server, ASK, JSON).convert()["boolean"] is True
    xml = client(server, ASK, XML).convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert client(server, "ASK { person:ann-smith sg:supports concept:privatisation }", JSON).convert()["boolean"] is False
    assert client(server, ASK, CSV).response.read().decode().split() == ["_askResult", "true"]
    assert client(server, ASK, TSV).response.read().decode().split() == ["?_askResult", "true"]


def test_construct_in_each_format(server, mini_graph):
    expected = mini_graph.query(CONSTRUCT, initNs=query_prefixes(mini_graph)).graph
    for fmt, syntax in ((TURTLE, "turtle"), (JSONLD, "json-ld"), (XML, "xml"), (N3, "turtle")):
        body = client(server, CONSTRUCT, fmt).response.read()
        assert isomorphic(Graph().parse(data=body, format=syntax), expected), fmt


def test_describe_is_a_graph(server):
    body = client(server, "DESCRIBE person:ann-smith", TURTLE).response.read()
    graph = Graph().parse(data=body, format="turtle")
    assert any(str(o) == "Ann Smith" for o in graph.objects())


def test_named_query_examples_give_the_cli_answer(server, mini_graph):
    """What `stancegraph query NAME --param …` answers, a SPARQL client gets from /queries' example text."""
    examples = {e["name"]: e for e in httpx.get(f"{server}/queries").json()}
    assert set(examples) == set(named_queries())
    query = get_named_query("members")
    bindings = resolve_parameters(mini_graph, query, {"organisation": "village-health-coop"})
    expected = outcome_from_result(evaluate(mini_graph, parse_query(query.text), bindings))
    from stancegraph.graph.sparql.engine import with_values

    result = client(server, with_values(query.text, bindings), JSON).convert()
    got = [tuple(b.get(v, {}).get("value") for v in expected.variables) for b in result["results"]["bindings"]]
    assert got == [tuple(None if t is None else str(t) for t in row) for row in expected.rows]
    assert got and got[0][3] == "Ann Smith"
    for name, example in examples.items():  # every listed example runs as it stands
        response = httpx.post(f"{server}/sparql", data={"query": example["example"]}, timeout=30)
        assert response.status_code == 200, (name, response.text)


def test_service_description_and_page(server):
    response = httpx.get(f"{server}/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    assert "sd:SPARQL11Query" in response.text
    page = httpx.get(f"{server}/")
    assert page.status_code == 200
    assert "Mini &lt;test&gt; dataset" in page.text and "<test>" not in page.text
    for name in named_queries():
        assert f">{name}</button>" in page.text


# --- refusals and errors: one JSON shape ---------------------------------------------------------------------


def assert_error(response, status, kind):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status and body["error"]["type"] == kind
    assert "\n" not in body["error"]["message"] and body["error"]["message"]
    return body["error"]["message"]


@pytest.fixture()
def listener():
    """A loopback socket that records whether anybody connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    yield sock
    sock.close()


def nobody_connected(sock) -> bool:
    try:
        conn, _ = sock.accept()
    except socket.timeout:
        return True
    conn.close()
    return False


def test_updates_load_service_and_from_are_refused(server, listener):
    port = listener.getsockname()[1]
    target = f"http://127.0.0.1:{port}/x"
    cases = [
        httpx.get(f"{server}/sparql", params={"update": "CLEAR ALL"}),
        httpx.post(f"{server}/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        httpx.post(f"{server}/sparql", content=b"DROP ALL", headers={"content-type": "application/sparql-update"}),
        httpx.post(f"{server}/sparql", data={"query": f"LOAD <{target}>"}),
        httpx.get(f"{server}/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"}),
        httpx.get(f"{server}/sparql", params={"query": f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}"}),
        httpx.get(f"{server}/sparql", params={"query": "ASK {}", "default-graph-uri": target}),
    ]
    messages = [assert_error(response, 403, "refused") for response in cases]
    assert "read-only" in messages[0] and "LOAD is refused" in messages[3] and "SERVICE is refused" in messages[4]
    assert nobody_connected(listener)
    assert client(server, ASK, JSON).convert()["boolean"] is True  # and nothing was written
    assert client(server, "ASK { <urn:a> <urn:b> <urn:c> }", JSON).convert()["boolean"] is False


def test_client_errors(server):
    message = assert_error(httpx.get(f"{server}/sparql", params={"query": "SELECT ?s WHERE {\n ?s ?p }"}),
                           400, "syntax-error")
    assert message.startswith("syntax error at line 2, column")
    assert_error(httpx.get(f"{server}/nowhere"), 404, "not-found")
    assert_error(httpx.delete(f"{server}/sparql"), 405, "method-not-allowed")
    assert_error(httpx.post(f"{server}/sparql", content=b"x", headers={"content-type": "text/plain"}),
                 415, "unsupported-media-type")
    assert_error(httpx.get(f"{server}/sparql", params={"query": SELECT}, headers={"accept": "image/png"}),
                 406, "not-acceptable")
    assert_error(httpx.post(f"{server}/sparql", data={"query": "# " + "x" * 200_000}), 413, "too-large")
    assert_error(httpx.get(f"{server}/network"), 404, "not-found")


def test_row_cap(server):
    message = assert_error(httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}),
                           422, "too-many-results")
    assert "more than 50 rows" in message
    ok = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 50


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server):
    started = time.monotonic()
    message = assert_error(httpx.get(f"{server}/sparql", params={"query": EXPLOSIVE}, timeout=60), 503, "timeout")
    assert time.monotonic() - started < 10
    assert "longer than 2 s" in message
    for _ in range(3):  # both workers, the replacement included
        assert client(server, ASK, JSON).convert()["boolean"] is True


def test_eight_clients_times_one_hundred_queries(server):
    queries = [SELECT, ASK, "SELECT ?c WHERE { ?c a skos:Concept } ORDER BY ?c", CONSTRUCT]

    def one_client(index: int) -> list[str]:
        errors = []
        with httpx.Client(base_url=server, timeout=30) as http:
            for i in range(100):
                query = queries[(index + i) % len(queries)]
                response = http.post("/sparql", data={"query": query})
                if response.status_code != 200:
                    errors.append(f"{response.status_code}: {response.text[:100]}")
        return errors

    with ThreadPoolExecutor(max_workers=8) as pool:
        errors = [e for errors in pool.map(one_client, range(8)) for e in errors]
    assert errors == []
    result = client(server, SELECT, JSON).convert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == NAMES
