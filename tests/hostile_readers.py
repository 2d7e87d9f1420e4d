"""Three independent readers of every RDF file and results document stancegraph writes.

rdflib, pyoxigraph and rapper (raptor2, C) each read a file; the triples (or
solutions) come back as comparable rdflib terms, plain and ``xsd:string`` literals
being one thing (Oxigraph reports plain literals as ``xsd:string``). Used by the
hostile round-trip tests.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from conftest import need_executable

# format name -> (rdflib parser, pyoxigraph RdfFormat attribute, rapper input name or None)
RDF_READERS = {
    "turtle": ("turtle", "TURTLE", "turtle"),
    "ntriples": ("nt", "N_TRIPLES", "ntriples"),
    "jsonld": ("json-ld", "JSON_LD", None),  # raptor2 has no JSON-LD parser
    "trig": ("trig", "TRIG", "trig"),
    "rdfxml": ("xml", "RDF_XML", "rdfxml"),
}


def norm(term):
    """A term as compared: ``xsd:string`` literals as plain literals."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def triples_of(graph) -> set:
    return {tuple(norm(t) for t in triple) for triple in graph}


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))


def read_rdflib(data: bytes, fmt: str) -> set:
    parser = RDF_READERS[fmt][0]
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(data=data, format=parser)
        return {tuple(norm(t) for t in quad[:3]) for quad in dataset.quads()}
    return triples_of(Graph().parse(data=data, format=parser))


def read_oxigraph(data: bytes, fmt: str) -> set:
    import pyoxigraph as ox

    parsed = ox.parse(data, format=getattr(ox.RdfFormat, RDF_READERS[fmt][1]))
    return {(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in parsed}


def read_rapper(data: bytes, fmt: str, tmp_path: Path) -> set | None:
    name = RDF_READERS[fmt][2]
    if name is None:
        return None
    rapper = need_executable("rapper")
    path = tmp_path / f"for-rapper.{fmt}"
    path.write_bytes(data)
    done = subprocess.run([rapper, "-q", "-i", name, "-o", "ntriples", str(path), "urn:x-base:"],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, f"rapper refused the {fmt}: {done.stderr.decode('utf-8', 'replace')[:500]}"
    # rapper writes N-Triples with every non-ASCII character escaped: any N-Triples reader reads it
    return triples_of(Graph().parse(data=done.stdout, format="nt"))


def assert_same(got: set, expected: set, what: str) -> None:
    if got == expected:
        return
    missing, extra = sorted(expected - got, key=repr)[:3], sorted(got - expected, key=repr)[:3]
    raise AssertionError(f"{what}: {len(expected - got)} triples missing, {len(got - expected)} extra; "
                         f"missing e.g. {missing!r}; extra e.g. {extra!r}")


def assert_rdf_reads_back(data: bytes, fmt: str, expected: set, tmp_path: Path, what: str) -> None:
    """Every reader gives exactly ``expected`` from ``data``."""
    assert_same(read_rdflib(data, fmt), expected, f"{what} read by rdflib")
    assert_same(read_oxigraph(data, fmt), expected, f"{what} read by Oxigraph")
    by_rapper = read_rapper(data, fmt, tmp_path)
    if by_rapper is not None:
        assert_same(by_rapper, expected, f"{what} read by rapper")


# --- SPARQL results ------------------------------------------------------------------------


def solutions_rdflib(data: bytes, fmt: str, variables=("s", "p", "o")) -> set:
    result = Result.parse(io.BytesIO(data), format=fmt)
    rows = set()
    for binding in result.bindings:
        values = {str(k): v for k, v in binding.items()}
        rows.add(tuple(norm(values.get(v)) for v in variables))
    return rows


def solutions_oxigraph(data: bytes, fmt: str, variables=("s", "p", "o")) -> set:
    import pyoxigraph as ox

    kinds = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV,
             "csv": ox.QueryResultsFormat.CSV}
    rows = set()
    for solution in ox.parse_query_results(data, format=kinds[fmt]):
        rows.add(tuple(_from_ox(solution[v]) if solution[v] is not None else None for v in variables))
    return rows


def solutions_csv(data: bytes) -> set:
    """SPARQL CSV keeps only lexical forms (no term kinds): Python's csv module reads them."""
    import csv

    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader)
    return {tuple(row) for row in reader}
