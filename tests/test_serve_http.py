"""``serve`` over HTTP: SELECT * columns in the query's order everywhere, the real port of --port 0,
the 16 KiB header limit however a request arrives, and one JSON error shape on every route."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "data" / "mini" / "seeds"
# five variables, written s p o q z: rdflib projects them in a set's order (another in each process),
# Oxigraph sorts them (o p q s z); the reader of the query expects them as written
STAR = "SELECT * WHERE { ?s ?p ?o . OPTIONAL { ?o ?q ?z } } ORDER BY ?s ?p ?o LIMIT 1"
WRITTEN = "s,p,o,q,z"


def _env(hash_seed: int) -> dict:
    return {**os.environ, "PYTHONHASHSEED": str(hash_seed), "COLUMNS": "200"}


class Served:
    """``stancegraph serve MINI --port 0 ARGS`` in a process of its own; ``url`` read from its banner."""

    def __init__(self, *args: str, hash_seed: int = 0):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "stancegraph.graph.cli", "serve", str(MINI), "--port", "0", "--workers", "1",
             *args], env=_env(hash_seed), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        banner = ""
        deadline = time.monotonic() + 60
        while "SPARQL endpoint" not in banner:
            line = self.process.stderr.readline()
            assert line or self.process.poll() is None, banner
            assert time.monotonic() < deadline, f"no banner within 60 s: {banner}"
            banner += line
        self.banner = banner
        self.port = int(re.search(r"http://127\.0\.0\.1:(\d+)/sparql", banner).group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        while True:  # the banner is printed before uvicorn listens
            try:
                with urllib.request.urlopen(self.url + "/queries", timeout=2):
                    break
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.05)

    def csv_header(self, query: str) -> str:
        url = self.url + "/sparql?" + urllib.parse.urlencode({"query": query, "format": "csv"})
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.read().decode("utf-8").splitlines()[0]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung server is killed
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def served():
    server = Served()
    yield server
    server.close()


def _cli_header(query: str, *args: str, hash_seed: int) -> str:
    done = subprocess.run([sys.executable, "-m", "stancegraph.graph.cli", "query", query, "--format", "csv",
                           "--data", str(MINI), "-q", *args], env=_env(hash_seed), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


# --- 6: SELECT * columns ----------------------------------------------------------------------


def test_select_star_columns_are_the_querys_order_in_every_process_cli_and_endpoint_alike(served):
    headers = {"endpoint, Oxigraph": served.csv_header(STAR)}
    for seed in (1, 2):  # rdflib's store: the engine's order changed with the hash seed
        memory = Served("--store", "memory", hash_seed=seed)
        try:
            headers[f"endpoint, rdflib, seed {seed}"] = memory.csv_header(STAR)
        finally:
            memory.close()
        headers[f"cli, rdflib, seed {seed}"] = _cli_header(STAR, "--store", "memory", hash_seed=seed)
    headers["cli, Oxigraph"] = _cli_header(STAR, hash_seed=3)
    assert headers == dict.fromkeys(headers, WRITTEN)


@pytest.mark.parametrize("query, columns", [
    ("SELECT ?o ?s WHERE { ?s ?p ?o } LIMIT 1", ["o", "s"]),  # an explicit projection keeps its own order
    ("SELECT DISTINCT * { ?b ?a ?c }", ["b", "a", "c"]),
    ("SELECT * { { SELECT ?c ?a WHERE { ?a ?x ?c } } BIND(1 AS ?b) }", ["c", "a", "b"]),
    ("SELECT * { ?zed <urn:x:?a> ?a # ?q\n FILTER(?a != '?b') VALUES ?b { 1 } }", ["zed", "a", "b"]),
    ("SELECT * { ?a1 ?a ?a11 }", ["a1", "a", "a11"]),  # a name is not taken for the start of a longer one
])
def test_column_order_follows_the_text_not_comments_strings_or_iris(query, columns):
    from stancegraph.graph.sparql.projection import column_order

    for given in (sorted(columns), sorted(columns, reverse=True), columns):
        order = column_order(query, given)
        assert (given if order is None else [given[i] for i in order]) == (
            given if query.startswith("SELECT ?") else columns)


# --- 7 and 29: the banner -----------------------------------------------------------------------


def test_port_0_shows_the_port_the_system_chose(served):
    assert served.port != 0
    assert f"  SPARQL endpoint  {served.url}/sparql" in served.banner
    with urllib.request.urlopen(served.url + "/queries", timeout=10) as answer:
        assert answer.status == 200


def test_the_banner_counts_triples_in_words():
    from stancegraph.graph.cli.serve import _startup_message

    assert "(1 triple) from" in _startup_message("t", "o", 1, "http://h:1", None, [])
    assert "(4,650 triples) from" in _startup_message("t", "o", 4650, "http://h:1", None, [])


# --- 30: headers above 16 KiB, at once or in pieces -------------------------------------------


def _send(port: int, request: bytes, pieces: int) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        step = -(-len(request) // pieces)
        for start in range(0, len(request), step):
            sock.sendall(request[start:start + step])
            if pieces > 1:
                time.sleep(0.002)  # each piece its own segment: the server reads an unfinished head
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


@pytest.mark.parametrize("pieces", [1, 40])
def test_headers_above_16_kib_get_a_400_however_they_arrive(served, pieces):
    def request(header_bytes: int) -> bytes:
        fill = header_bytes - len("Host: x\r\n") - len("Connection: close\r\n") - len("X-Big: \r\n")
        return (b"GET /queries HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + b"a" * fill + b"\r\n\r\n")

    assert _send(served.port, request(16 * 1024), pieces)[0] == 200
    for size in (16 * 1024 + 1, 70_000, 200_000):
        status, body = _send(served.port, request(size), pieces)
        assert status == 400, size
        assert json.loads(body)["error"]["type"] == "bad-request"


@pytest.mark.parametrize("pieces", [1, 40])
def test_a_long_get_query_under_the_query_limit_is_answered_however_it_arrives(served, pieces):
    text = "ASK { ?s ?p ?o } #" + "a" * 90_000  # under the 100,000-byte query limit, far over 16 KiB
    target = "/sparql?" + urllib.parse.urlencode({"query": text})
    request = f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n".encode()
    status, body = _send(served.port, request, pieces)
    assert (status, body.split()) == (200, [b"_askResult", b"true"])


# --- 20: one JSON error shape on every route --------------------------------------------------

TYPES = {400: {"bad-request", "syntax-error", "query-failed"}, 403: {"refused"}, 404: {"not-found"},
         405: {"method-not-allowed"}, 406: {"not-acceptable"}, 413: {"too-large"},
         415: {"unsupported-media-type"}}


@pytest.fixture(scope="module")
def endpoint(mini_graph):
    from starlette.testclient import TestClient

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app, endpoint_examples
    from stancegraph.graph.serve.linked_data import site_for_graph
    from stancegraph.graph.sparql.library import named_queries
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    site = site_for_graph(mini_graph)
    runner = QueryRunner(mini_graph, RunnerSettings(workers=1, timeout=10, start_method="fork"))
    app = create_app(runner, EndpointSettings(title=site.title, resources=site, max_query_bytes=1000,
                                              examples=endpoint_examples(mini_graph, list(named_queries().values()))))
    yield TestClient(app, base_url="http://sg.test"), site
    runner.close()


def _error_cases(site):
    concept = site.path(str(next(s for s in site.graph.subjects() if "/concept/" in str(s))))
    void = "/.well-known/void"
    doc = "/doc" + concept
    ask = {"query": "ASK { ?s ?p ?o }"}
    return [
        ("GET", "/sparql", {"params": {"query": "SELECT WHERE {"}}, 400),
        ("GET", "/sparql", {"params": {**ask, "format": "zzz"}}, 400),
        ("GET", "/sparql", {"params": ask, "headers": {"Accept": "image/png"}}, 406),
        ("GET", "/sparql", {"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403),
        ("GET", "/sparql", {"params": {"update": "CLEAR ALL"}}, 403),
        ("POST", "/sparql", {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
        ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403),
        ("GET", "/sparql", {"params": {**ask, "default-graph-uri": "urn:g"}}, 403),
        ("GET", "/sparql", {"params": {"query": "ASK {} #" + "a" * 2000}}, 413),
        ("POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("PUT", "/sparql", {}, 405),
        ("GET", "/no/such/path", {}, 404),
        ("POST", "/", {}, 405),
        ("GET", "/network", {}, 404),
        ("GET", "/queries/nosuch", {}, 404),
        ("GET", "/queries/supporters", {}, 400),
        ("GET", "/queries/supporters", {"params": {"concept": "no-such-concept"}}, 400),
        ("GET", "/queries/supporters", {"params": {"concep": "cooperatives"}}, 400),
        ("GET", "/queries/supporters", {"params": [("concept", "cooperatives"), ("concept", "mutuals")]}, 400),
        ("GET", void, {"params": {"format": "zzz"}}, 400),
        ("GET", void, {"headers": {"Accept": "image/png"}}, 406),
        ("GET", concept, {"params": {"format": "zzz"}}, 400),
        ("GET", concept, {"headers": {"Accept": "image/png"}}, 406),
        ("GET", concept + "-nosuch", {}, 404),
        ("GET", doc, {"params": {"format": "zzz"}}, 400),
        ("GET", doc, {"headers": {"Accept": "image/png"}}, 406),
        ("GET", doc + "-nosuch.ttl", {}, 404),
    ]


def _assert_shape(response, status):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"] and sorted(body["error"]) == ["message", "status", "type"]
    error = body["error"]
    assert error["status"] == status and error["type"] in TYPES[status]
    assert error["message"].strip() and "\n" not in error["message"]
    assert "stancegraph " not in error["message"] and "--" not in error["message"]  # no CLI wording over HTTP
    return error["message"]


def test_every_route_answers_every_error_in_one_json_shape(endpoint):
    client, site = endpoint
    cases = _error_cases(site)
    for method, path, options, status in cases:
        message = _assert_shape(client.request(method, path, **options), status)
        if status == 403 and ("update" in str(options) or "INSERT" in str(options)):
            assert "this graph is read-only" in message, message
    assert "GET /queries" in _assert_shape(client.get("/queries/nosuch"), 404)
    assert "?concept=…" in _assert_shape(client.get("/queries/supporters"), 400)
    twice = client.get("/queries/supporters", params=[("concept", "cooperatives"), ("concept", "mutuals")])
    assert "'concept' is given 2 times ('cooperatives', 'mutuals')" in _assert_shape(twice, 400)
    once = client.get("/queries/supporters", params=[("concept", "cooperatives"), ("concept", "")])
    assert once.status_code == 200 and "cooperatives" in once.json()["text"]
    for path in {path for _m, path, options, _s in cases if dict(options.get("params", {})).get("format") == "zzz"}:
        assert client.get(path, params={"format": "ttl"}, follow_redirects=False).status_code in (200, 303)


def test_the_annotate_page_answers_unknown_paths_in_its_json_shape(tmp_path, mini_seeds, mini_corpus):
    from starlette.testclient import TestClient

    from stancegraph.graph.curation.annotate import AnnotateSettings, create_app

    client = TestClient(create_app(AnnotateSettings(mini_seeds, mini_corpus, token="t")), base_url="http://127.0.0.1")
    for method, path, status in [("GET", "/api/documents/..%2F..%2Fetc%2Fpasswd", 404), ("GET", "/nosuch", 404),
                                 ("POST", "/api/state", 405), ("GET", "/api/documents/nosuch", 404)]:
        response = client.request(method, path)
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert error["status"] == status and error["type"] in TYPES[status] and error["message"]


def test_read_only_refusals_are_worded_alike():
    from stancegraph.graph.sparql.engine import QueryRefused, parse_query

    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL", "DELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(QueryRefused, match="this graph is read-only"):
            parse_query(update)


# --- 32: one table of RDF file endings; export --store ------------------------------------------


def test_export_query_and_serve_share_one_table_of_rdf_endings():
    from stancegraph.graph.cli import common
    from stancegraph.graph.rdf.endings import RDF_ENDINGS, READ_ENDINGS
    from stancegraph.graph.rdf.export import RdfFormat
    from stancegraph.graph.serve.source import RDF_SUFFIXES

    assert common.RDF_ENDINGS is RDF_ENDINGS
    assert {ending: common.QUERY_ENDINGS[ending] for ending in RDF_ENDINGS} == RDF_ENDINGS
    assert {fmt.extension: fmt.value for fmt in RdfFormat} == RDF_ENDINGS  # every format export writes
    assert set(RDF_SUFFIXES) == set(READ_ENDINGS) == set(RDF_ENDINGS) | {".nq"}


@pytest.mark.parametrize("name, hint", [("g.json", ".jsonld"), ("g.xml", ".rdf"), ("g.owl", ".rdf"),
                                        ("g.n3", None)])
def test_serve_refuses_an_ending_export_does_not_write_in_one_line(tmp_path, name, hint):
    from click.testing import CliRunner

    from stancegraph.graph.cli import cli

    path = tmp_path / name
    path.write_text('{"@id": "urn:a"}' if name.endswith("json") else "<a/>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(path), "--port", "0"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: not an RDF file stancegraph reads"), lines
    assert (f"ends {hint}" in lines[0]) if hint else "ends ." not in lines[0]
    export = CliRunner().invoke(cli, ["export", str(MINI), "-o", str(tmp_path / f"out{path.suffix}")])
    assert export.exit_code == 2  # export refuses the same ending


def _triples(path, syntax):
    """Every triple of an RDF file (TriG's named graphs merged)."""
    from rdflib import Dataset, Graph

    dataset = Dataset()
    dataset.parse(path, format=syntax)
    graph = Graph()
    for s, p, o, _g in dataset.quads():
        graph.add((s, p, o))
    return graph


def test_export_store_writes_the_stored_graph(tmp_path):
    from click.testing import CliRunner
    from rdflib.compare import isomorphic

    from stancegraph.graph.cli import cli

    store = f"oxigraph:{tmp_path / 'db'}"
    built = CliRunner().invoke(cli, ["build", str(MINI), "--store", store, "--out", str(tmp_path / "out"), "-q"])
    assert built.exit_code == 0, built.output
    for ending, syntax in [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig"),
                           (".rdf", "xml")]:
        stored, seeded = tmp_path / f"stored{ending}", tmp_path / f"seeded{ending}"
        result = CliRunner().invoke(cli, ["export", "--store", store, "-o", str(stored)])
        assert result.exit_code == 0, result.output
        assert CliRunner().invoke(cli, ["export", str(MINI), "-o", str(seeded), "-q"]).exit_code == 0
        graph = _triples(seeded, syntax)
        assert len(graph) > 100 and isomorphic(_triples(stored, syntax), graph), ending
        assert f"({len(graph)} triples)" in result.stderr
    # N-Triples (sorted) and JSON-LD the same bytes as build's; Turtle, TriG, RDF/XML in the store's order (README)
    for ending in (".nt", ".jsonld"):
        assert (tmp_path / f"stored{ending}").read_bytes() == (tmp_path / f"seeded{ending}").read_bytes(), ending
    assert (tmp_path / "seeded.ttl").read_bytes() == (tmp_path / "out" / "stancegraph.ttl").read_bytes()
    for args in (["--store", "memory"], [str(MINI), "--store", store]):
        refused = CliRunner().invoke(cli, ["export", *args])
        assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
