"""The endpoint under a crowd (issue #12 §5): fairness, every error in one JSON shape, named queries fast.

Fairness is checked by order, not by the clock: while one client's regex bombs
run, another client's one-row query is answered before any bomb ends, and only
``long_queries`` bombs may keep running past ``long_after``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal, URIRef

import httpx

from stancegraph.graph.sparql.engine import QueryTimeout, evaluate, parse_query, query_prefixes, with_values
from stancegraph.graph.sparql.library import named_queries, resolve_parameters
from stancegraph.graph.sparql.results import outcome_from_result
from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

# Python's re backtracks exponentially on (a+)+$ against a run of a's ending in b
BOMB = 'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) }'
TRIVIAL = "ASK { <urn:x:trivial> ?p ?o }"


def _bomb_graph() -> Graph:
    graph = Graph()
    graph.add((URIRef("urn:x:bomb"), URIRef("urn:x:p"), Literal("a" * 40 + "b")))
    graph.add((URIRef("urn:x:trivial"), URIRef("urn:x:p"), Literal("ok")))
    return graph


def test_regex_bombs_of_one_client_cannot_starve_another_clients_trivial_query():
    # three workers, at most two queries past 1 s: three bombs take every worker, one is stopped
    settings = RunnerSettings(workers=3, long_queries=2, long_after=1.0, timeout=4)  # forkserver, as served
    finished: list[tuple[str, str]] = []
    changed = threading.Condition()

    def run(name: str, text: str):
        try:
            runner.run(text)
            result = "answered"
        except QueryTimeout as exc:
            result = "busy" if "long queries" in str(exc) else "waited" if "became free" in str(exc) else "timeout"
        with changed:
            finished.append((name, result))
            changed.notify_all()

    with QueryRunner(_bomb_graph(), settings) as runner, ThreadPoolExecutor(4) as pool:
        bombs = [pool.submit(run, f"bomb-{i}", BOMB) for i in range(3)]
        with changed:
            assert changed.wait_for(lambda: finished, timeout=30), "a bomb is stopped once two run long"
        pool.submit(run, "trivial", TRIVIAL).result(timeout=60)
        with changed:
            at_trivial = list(finished)
        for bomb in bombs:
            bomb.result(timeout=60)
    assert at_trivial[0][1] == "busy" and at_trivial[-1] == ("trivial", "answered"), finished
    assert not any(result == "timeout" for _name, result in at_trivial), "answered while two bombs still ran"
    assert sorted(result for _name, result in finished) == ["answered", "busy", "timeout", "timeout"]


def test_a_query_waits_for_a_worker_at_most_its_time_limit():
    settings = RunnerSettings(workers=1, timeout=1.0, start_method="fork")  # no growth: one worker
    with QueryRunner(_bomb_graph(), settings) as runner, ThreadPoolExecutor(2) as pool:
        bomb = pool.submit(runner.run, BOMB, timeout=1.5)
        time.sleep(0.3)
        with pytest.raises(QueryTimeout, match="no query worker became free"):
            runner.run(TRIVIAL)
        with pytest.raises(QueryTimeout, match="ran longer than"):
            bomb.result(timeout=60)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_each_named_query_in_its_values_form_answers_as_with_bindings(name, nhs_graph):
    """The endpoint's examples are the VALUES form: it must mean what initBindings means (lazy joins)."""
    query = named_queries()[name]
    bindings = resolve_parameters(nhs_graph, query, query.example_values())
    prefixes = query_prefixes(nhs_graph)
    bound = outcome_from_result(evaluate(nhs_graph, parse_query(query.text, prefixes), bindings))
    inline = outcome_from_result(evaluate(nhs_graph, parse_query(with_values(query.text, bindings), prefixes)))
    assert sorted(map(repr, inline.rows)) == sorted(map(repr, bound.rows))
    assert bound.rows or not bindings, "the example answers something"


# --- over HTTP: every error in the one JSON shape -----------------------------------------------


@pytest.fixture(scope="module")
def crowd_server():
    import uvicorn

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.serve.protocol import JsonErrorH11Protocol

    graph = _bomb_graph()
    graph.add((URIRef("urn:x:control"), URIRef("urn:x:p"), Literal("vertical\x0btab and cr\r\nlf")))
    runner = QueryRunner(graph, RunnerSettings(workers=1, timeout=5.0, start_method="fork"))
    app = create_app(runner, EndpointSettings(title="crowd"))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", lifespan="off",
                            http=JsonErrorH11Protocol)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(10)
    runner.close()


def _raw(port: int, request: bytes) -> tuple[str, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return status_line, headers, body


@pytest.mark.parametrize("request_bytes", [
    # headers past h11's 16 KiB, still unfinished: the server answers before the client sends the rest
    b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000,
    b"GET /sparql HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(3000)),
    b"NOT AN HTTP REQUEST\r\n\r\n",                                                 # malformed request line
    b"GET /sparql HTTP/1.1\r\nHost: x\r\nBad Header Name: v\r\n\r\n",               # malformed header
])
def test_requests_uvicorn_cannot_parse_get_the_json_error_shape(crowd_server, request_bytes):
    status_line, headers, body = _raw(crowd_server, request_bytes)
    assert status_line.startswith("HTTP/1.1 400")
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["type"] == "bad-request" and "invalid HTTP request" in error["message"]


def test_xml_results_of_a_value_xml_cannot_carry_are_refused_in_the_json_shape(crowd_server):
    url = f"http://127.0.0.1:{crowd_server}/sparql"
    query = {"query": "SELECT ?o WHERE { <urn:x:control> ?p ?o }"}
    refused = httpx.get(url, params=query, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert refused.status_code == 406
    error = refused.json()["error"]
    assert error["type"] == "not-acceptable" and "U+000B" in error["message"] and "?o" in error["message"]
    carried = httpx.get(url, params=query, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert carried.json()["results"]["bindings"][0]["o"]["value"] == "vertical\x0btab and cr\r\nlf"
