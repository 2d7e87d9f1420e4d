"""``serve FILE``: Oxigraph reads the file, workers share one on-disk store, broken files are one line.

The answers of a served file are compared with those of the seed files it was built
from (served the other way), the sharing with what each worker process has open, and
every parse error with the line the test put the mistake on.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stancegraph.graph.rdf.export import serialize_graph

NHS = "https://w3id.org/stancegraph/nhs/"


def _serve(monkeypatch, tmp_path, args, during=None):
    """Run ``stancegraph serve ARGS --workers 2`` with uvicorn replaced by ``during(app, scratch folders)``."""
    import uvicorn
    from click.testing import CliRunner

    from stancegraph.graph.cli import cli

    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    seen = {}

    def run(app, **_options):
        seen["app"] = app
        if during is not None:
            seen["result"] = during(app, sorted(scratch_root.glob("stancegraph-serve-*")))

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(cli, ["serve", *map(str, args), "--workers", "2"], catch_exceptions=False)
    return result, seen, scratch_root


def _pids_with_files_in(folder: Path) -> set[int]:
    """Every process holding a file of ``folder`` open (Linux /proc)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                try:
                    if os.readlink(fd).startswith(str(folder) + "/"):
                        pids.add(int(entry.name))
                        break
                except OSError:
                    continue
        except OSError:
            continue
    return pids


_QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?a sg:opposes ?c }",
]
_RESOURCE = "/doc/nhs/organisation/labour-party"


def _answers(app) -> dict:
    """What a client gets: every triple (SPARQL JSON and CSV), a count, an ASK, one resource in every variant."""
    from starlette.testclient import TestClient

    client = TestClient(app)
    out = {}
    for query in _QUERIES:
        for accept in ("application/sparql-results+json", "text/csv"):
            answer = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
            assert answer.status_code == 200, answer.text
            out[query, accept] = answer.content
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        answer = client.get(f"{_RESOURCE}.{ext}")
        assert answer.status_code == 200, answer.text
        out[ext] = answer.content
    out["void"] = client.get("/.well-known/void", headers={"Accept": "application/n-triples"}).content
    answer = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                        headers={"Accept": "application/n-triples"})
    out["construct"] = answer.content
    for value in ("Co-operatives", "cooperativs"):  # a label, a misspelling (close matches)
        answer = client.get("/queries/supporters", params={"concept": value})
        out["form", value] = (answer.status_code, answer.content)
    return out


def test_a_served_file_answers_as_its_seed_files_do_and_its_workers_share_one_store(
        monkeypatch, tmp_path, nhs_graph, corpus):
    def during(app, folders):
        assert len(folders) == 1, folders  # one scratch store, made for this server
        holders = _pids_with_files_in(folders[0])
        assert os.getpid() in holders and len(holders) == 3, holders  # this process and both workers
        return _answers(app)

    seeds, seen_seeds, _ = _serve(monkeypatch, tmp_path, [Path(__file__).parents[1] / "seeds", "--corpus", corpus],
                                  during)
    assert seeds.exit_code == 0, seeds.output
    status, body = seen_seeds["result"]["form", "Co-operatives"]
    assert status == 200 and f"VALUES (?concept) {{ (<{NHS}concept/cooperatives>) }}" in body.decode()
    status, body = seen_seeds["result"]["form", "cooperativs"]
    assert status == 400 and b"close matches: cooperatives, gp-cooperatives" in body
    path = tmp_path / "stancegraph.ttl"  # the file build writes (every syntax reads back: test_linked_data)
    path.write_bytes(serialize_graph(nhs_graph, "turtle"))
    result, seen, root = _serve(monkeypatch, tmp_path, [path], during)
    assert result.exit_code == 0, result.output
    assert seen["result"] == seen_seeds["result"]
    assert not list(root.glob("stancegraph-serve-*"))  # removed when serving ended
    whole = Graph().parse(data=seen["result"]["construct"], format="nt")  # simple literals: as the file has them
    assert isomorphic(whole, nhs_graph)


# every syntax: a mistake on a known line; the message gives that line (and a column on it)
BROKEN = {
    "bad-iri.ttl": ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b <http://example.org/c d> .\n",
                    "Turtle", 3),
    "unterminated.ttl": ('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', "Turtle", 3),
    "missing-object.nt": ("<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n<http://e.org/a> <http://e.org/b> .\n",
                          "N-Triples", 2),
    "five-terms.nq": ("<http://e.org/a> <http://e.org/b> <http://e.org/c> <http://e.org/g> .\n"
                      '<http://e.org/a> <http://e.org/b> "x" <http://e.org/g> <http://e.org/h> .\n', "N-Quads", 2),
    "bad-iri.trig": ("<http://e.org/g> {\n  <http://e.org/a> <http://e.org/b> <http://e.org/c> .\n"
                     "  <http://e.org/a> <http://e.org/b> <http://e.org/c d> .\n}\n", "TriG", 3),
    "stray-brace.jsonld": ('{\n  "@id": "http://e.org/a",\n  "http://e.org/b": [1, 2,\n}\n', "JSON-LD", 4),
    "remote-context.jsonld": ('{"@context": "https://schema.org/", "@id": "http://e.org/a", "name": "x"}\n',
                              "JSON-LD", 1),
    "no-namespace.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                         '<rdf:Description rdf:about="http://e.org/a">\n<plain>x</plain>\n</rdf:Description>\n'
                         '</rdf:RDF>\n', "RDF/XML", 4),
    "unclosed.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                     '<rdf:Description rdf:about="http://e.org/a">\n</rdf:RDF>\n', "RDF/XML", 4),
    "bad-iri.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
                    '  xmlns:e="http://e.org/">\n<rdf:Description rdf:about="http://e.org/a">\n  <e:p>ok</e:p>\n'
                    '  <e:p rdf:resource="not an iri"/>\n</rdf:Description>\n</rdf:RDF>\n', "RDF/XML", 6),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_file_that_does_not_parse_is_one_line_with_its_line_and_column(monkeypatch, tmp_path, name):
    text, syntax, line = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result, seen, root = _serve(monkeypatch, tmp_path, [path])
    assert result.exit_code == 2 and "app" not in seen
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    found = re.fullmatch(rf"Error: {re.escape(str(path))}: cannot read it as {syntax}: syntax error at line "
                         r"(\d+), column (\d+): \S.*", lines[0])
    assert found, lines[0]
    assert int(found.group(1)) == line
    assert 1 <= int(found.group(2)) <= len(text.split("\n")[line - 1]) + 1
    if name == "remote-context.jsonld":
        assert "remote @context is never fetched" in lines[0]
    assert not list(root.glob("stancegraph-serve-*"))  # nothing left behind


def test_a_scratch_store_is_loaded_once_and_removed_on_close(tmp_path):
    from stancegraph.graph.stores.scratch import ScratchStore

    scratch = ScratchStore(tmp_path)
    assert scratch.load("urn:g", [b"<urn:a> <urn:p> <urn:b> .\n", b"<urn:a> <urn:p> <urn:c> .\n"]) == 2
    with pytest.raises(RuntimeError):
        scratch.load("urn:g", [b"<urn:a> <urn:p> <urn:d> .\n"])
    assert len(list(scratch.open())) == 2
    scratch.close()
    assert not scratch.path.exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sigterm_stops_serve_and_removes_its_store(tmp_path, nhs_graph):
    path = tmp_path / "stancegraph.nt"
    path.write_bytes(serialize_graph(nhs_graph, "ntriples"))
    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "stancegraph.graph.cli", "serve", str(path), "--port", str(port),
                               "--workers", "1", "-q"], env={**os.environ, "TMPDIR": str(scratch_root)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/queries", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.1)
        assert len(list(scratch_root.glob("stancegraph-serve-*"))) == 1
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 128 + signal.SIGTERM
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert not list(scratch_root.glob("stancegraph-serve-*"))
