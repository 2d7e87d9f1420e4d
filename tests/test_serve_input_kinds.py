"""``serve``'s input of every kind: Ctrl-C while loading, files cut short, the dump's syntax, stale stores, odd paths.

Each kind is tested in all its members: every syntax ``serve`` reads cut at every
tenth of the file and before its last line, every syntax's ``/dump.ttl``, every
special file kind the system lets a test make, both sources that load a scratch store.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stancegraph.graph.rdf.export import serialize_graph

ROOT = Path(__file__).resolve().parents[1]
W3C_NAMES = {".ttl": "Turtle", ".nt": "N-Triples", ".nq": "N-Quads", ".trig": "TriG", ".jsonld": "JSON-LD",
             ".rdf": "RDF/XML"}  # each Recommendation's title
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                  ".rdf": "xml"}


def _serve_cli(monkeypatch, tmp_path, args):
    """``stancegraph serve ARGS`` in this process, uvicorn replaced: (result, the app or None, scratch folder)."""
    import uvicorn
    from click.testing import CliRunner

    from stancegraph.graph.cli import cli

    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    seen = {}

    def run(app, **_options):
        from starlette.testclient import TestClient

        with TestClient(app) as client:
            seen["dump"] = client.get("/dump.ttl")

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(cli, ["serve", *map(str, args), "--workers", "1", "--port", "0"],
                                catch_exceptions=False)
    return result, seen, scratch_root


@pytest.fixture(scope="module")
def mini_files(mini_graph, tmp_path_factory) -> dict[str, Path]:
    """The mini graph in every syntax serve reads (N-Quads: the TriG file's quads, read back by rdflib)."""
    folder = tmp_path_factory.mktemp("syntaxes")
    files = {}
    for ending, fmt in (("ttl", "turtle"), ("nt", "ntriples"), ("jsonld", "jsonld"), ("trig", "trig"),
                        ("rdf", "rdfxml")):
        files["." + ending] = folder / f"g.{ending}"
        files["." + ending].write_bytes(serialize_graph(mini_graph, fmt))
    from rdflib import Dataset

    quads = Dataset()
    quads.parse(files[".trig"], format="trig")
    files[".nq"] = folder / "g.nq"
    files[".nq"].write_bytes(quads.serialize(format="nquads", encoding="utf-8"))
    return files


def _cuts(data: bytes) -> dict[str, bytes]:
    """The file cut at every tenth of its bytes, and without its last line (RDF/XML: no closing tag)."""
    cuts = {f"{tenth * 10}%": data[:len(data) * tenth // 10] for tenth in range(1, 10)}
    cuts["no last line"] = data.rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n"
    return cuts


def _named(graph) -> set:
    """(subject, predicate, object's text) of every triple without a blank node (literals' datatypes aside:
    Oxigraph reads ``"x"^^xsd:string`` as the simple literal it is in RDF 1.1)."""
    from rdflib import BNode

    return {(s, p, str(o)) for s, p, o in graph if not isinstance(s, BNode) and not isinstance(o, BNode)}


@pytest.mark.parametrize("ending", sorted(W3C_NAMES))
def test_a_file_cut_short_is_refused_in_one_line_or_read_as_the_valid_file_it_is(mini_files, tmp_path, ending):
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.serve.source import read_rdf_file

    data = mini_files[ending].read_bytes()
    refused = 0
    for label, cut in _cuts(data).items():
        path = tmp_path / f"cut{ending}"
        path.write_bytes(cut)
        try:
            read = read_rdf_file(path)
        except UsageError as exc:
            refused += 1
            message = str(exc)
            assert "\n" not in message
            assert re.match(rf"{re.escape(str(path))}: cannot read it as {re.escape(W3C_NAMES[ending])}: "
                            r"syntax error at line \d+(, column \d+)?: \S", message), (label, message)
            continue
        # read: then the cut is a whole document (a line-based syntax cut at a statement's end), which
        # rdflib, an independent parser, also reads, to the same triples
        if ending == ".nq" or ending == ".trig":
            from rdflib import Dataset

            other = Graph()
            for s, p, o, _g in Dataset().parse(data=cut, format=RDFLIB_FORMATS[ending]).quads():
                other.add((s, p, o))
        else:
            other = Graph().parse(data=cut, format=RDFLIB_FORMATS[ending])
        assert ending not in (".rdf", ".jsonld"), f"{label}: a cut {ending} file was read"
        assert len(read) == len(other), label
        assert _named(read) == _named(other), label
    assert refused >= 8  # most cuts fall inside a statement


def test_rdf_xml_cut_between_elements_names_line_and_column(tmp_path):
    """Oxigraph alone read these: it closes what is open at the end of the input."""
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.serve.source import read_rdf_file

    head = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:e="http://e.org/">\n<rdf:Description rdf:about="http://e.org/a">\n  <e:p>x</e:p>\n')
    cases = {"no closing tag": (head + "</rdf:Description>\n", 6),  # expat: at the end, line 6, column 1
             "cut after an element": (head, 5),
             "cut inside the text": (head + '<rdf:Description rdf:about="http://e.org/b"><e:p>ab', 5)}
    for label, (text, line) in cases.items():
        path = tmp_path / "cut.rdf"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(UsageError) as caught:
            read_rdf_file(path)
        found = re.fullmatch(rf"{re.escape(str(path))}: cannot read it as RDF/XML: syntax error at line (\d+), "
                             r"column (\d+): not well-formed XML: .+", str(caught.value))
        assert found and int(found.group(1)) == line, (label, str(caught.value))


@pytest.mark.parametrize("ending", sorted(W3C_NAMES))
def test_the_dump_is_turtle_whatever_the_served_syntax(monkeypatch, tmp_path, mini_files, mini_graph, ending):
    result, seen, _root = _serve_cli(monkeypatch, tmp_path, [mini_files[ending]])
    assert result.exit_code == 0, result.stderr
    dump = seen["dump"]
    assert dump.status_code == 200 and dump.headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=dump.content, format="turtle"), mini_graph)


@pytest.mark.parametrize("name", ["g.json", "g.owl", "g.xml", "g.txt", "G.TTL", "g.Nt", "G.RDF"])
def test_serve_reads_the_one_table_of_endings_in_any_case(monkeypatch, tmp_path, mini_files, name):
    from stancegraph.graph.rdf.endings import READ_ENDINGS

    ending = Path(name).suffix.lower()
    path = tmp_path / name
    path.write_bytes(mini_files.get(ending, mini_files[".ttl"]).read_bytes())
    result, seen, _root = _serve_cli(monkeypatch, tmp_path, [path])
    if ending in READ_ENDINGS:
        assert result.exit_code == 0 and "dump" in seen, result.stderr
        return
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, lines
    listed = re.search(r"\(endings, in any case: ([^)]*)\)", lines[0]).group(1).split(", ")
    assert sorted(listed) == sorted(READ_ENDINGS)  # the refusal lists the table the reader uses
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{ending}`" in readme for ending in listed)
    from click.testing import CliRunner

    from stancegraph.graph.cli import cli

    shown = " ".join(CliRunner().invoke(cli, ["serve", "--help"]).output.split())
    assert all(re.search(rf"{re.escape(ending)}\b", shown) for ending in listed)  # and serve --help


def test_a_fifo_or_socket_is_one_true_line(monkeypatch, tmp_path):
    import socket

    fifo = tmp_path / "fifo.ttl"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock.ttl"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        for path, kind in ((fifo, "a FIFO (named pipe)"), (sock_path, "a socket")):
            result, seen, _root = _serve_cli(monkeypatch, tmp_path, [path])
            assert result.exit_code == 2 and not seen
            assert result.stderr == (f"Error: {path}: {kind}, not a regular file or a folder: serve reads an RDF "
                                     "file or a folder of seed files\n")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_serves_scratch_store_is_removed_by_the_next(tmp_path):
    from stancegraph.graph.stores.scratch import ScratchStore

    dead = tmp_path / f"stancegraph-serve-{_dead_pid()}.abc123"
    (dead / "sub").mkdir(parents=True)
    (dead / "sub" / "000001.sst").write_bytes(b"x")
    alive = tmp_path / f"stancegraph-serve-{os.getppid()}.def456"  # a live process: kept
    alive.mkdir()
    other = tmp_path / "stancegraph-other-1"  # not a scratch store: kept
    other.mkdir()
    unnamed = tmp_path / "stancegraph-serve-k2j4x9q1"  # an older serve's, named by no process: kept, however old
    unnamed.mkdir()
    os.utime(unnamed, (0, 0))
    with ScratchStore(tmp_path) as scratch:
        assert scratch.path.name.startswith(f"stancegraph-serve-{os.getpid()}.")
        assert not dead.exists() and alive.is_dir() and other.is_dir() and unnamed.is_dir()
    assert not scratch.path.exists()


def _big_ntriples(path: Path, lines: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(lines):
            handle.write(f'<urn:x:s{i}> <urn:x:p{i % 7}> "value number {i}" .\n')


@pytest.mark.parametrize("source", ["file", "seeds"])
def test_ctrl_c_while_loading_stops_serve_and_removes_its_store(tmp_path, source):
    """SIGINT as a shell sends it to a background job's process: started with SIGINT ignored."""
    if source == "file":
        target = tmp_path / "big.nt"
        _big_ntriples(target, 400_000)
    else:
        target = tmp_path / "seeds"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "6000", str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "stancegraph.graph.cli", "serve", str(target), "--port", "0",
                               "--workers", "1", "-q"], env={**os.environ, "TMPDIR": str(scratch_root)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 60
        while not list(scratch_root.glob("stancegraph-serve-*")):  # the load has begun
            assert server.poll() is None, server.stderr.read()
            assert time.monotonic() < deadline, "no scratch store within 60 s"
            time.sleep(0.02)
        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 130
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "serving" not in server.stderr.read()  # stopped while loading, never served
    assert not list(scratch_root.glob("stancegraph-serve-*"))
