"""IRIs of the dataset's own namespace that a query names but the graph does not have.

A query about ``concept:co-operatives`` (the id is ``cooperatives``) answers with no
rows and no error; the CLI warns instead, naming close matches. Only IRIs inside the
dataset's namespace (its ``void:uriSpace``) are checked — any other IRI (a vocabulary
term, another dataset's) may rightly be absent.
"""

from __future__ import annotations

import difflib
import itertools
from typing import Iterator, Mapping

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import VOID

__all__ = ["query_iris", "unknown_dataset_iris"]

CANDIDATES = 200_000
"""Most typed resources read when looking for close matches (a remote store is not read whole)."""


def query_iris(text: str, prefixes: Mapping[str, str] | None = None) -> set[URIRef]:
    """Every IRI the query's algebra names (prefixed names expanded).

    >>> sorted(query_iris("SELECT * WHERE { ?a <urn:x:p> <urn:x:o> }"))
    [rdflib.term.URIRef('urn:x:o'), rdflib.term.URIRef('urn:x:p')]
    """
    from .engine import parse_query

    parsed = parse_query(text, prefixes)
    found: set[URIRef] = set()
    seen: set[int] = set()

    def walk(node) -> None:
        if isinstance(node, URIRef):
            found.add(node)
            return
        if isinstance(node, (str, bytes, int, float)) or node is None or id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set, frozenset)):
            for value in node:
                walk(value)

    walk(parsed.prepared.algebra)
    return found


def _spaces(graph: Graph) -> list[str]:
    return sorted({str(o) for o in graph.objects(None, VOID.uriSpace)})


def unknown_dataset_iris(graph: Graph, text: str, prefixes: Mapping[str, str] | None = None,
                         n: int = 3) -> Iterator[tuple[str, list[str]]]:
    """``(IRI, close matches)`` for each dataset IRI the query names that the graph lacks, sorted.

    Close matches are IRIs of the same folder (``…/concept/``) with a similar last
    segment, written as the query could write them (``concept:cooperatives``).
    """
    spaces = _spaces(graph)
    if not spaces:
        return
    short = sorted(((ns, prefix) for prefix, ns in (prefixes or {}).items()), key=lambda item: -len(item[0]))

    def shown(iri: str) -> str:
        for ns, prefix in short:
            if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    for iri in sorted(query_iris(text, prefixes)):
        text_iri = str(iri)
        if not any(text_iri.startswith(space) for space in spaces):
            continue
        if (iri, None, None) in graph or (None, None, iri) in graph:
            continue
        folder = text_iri.rsplit("/", 1)[0] + "/"
        typed = itertools.islice(graph.subjects(RDF.type, None), CANDIDATES)  # bounded on huge stores
        names = {str(s)[len(folder):]: str(s) for s in typed
                 if isinstance(s, URIRef) and str(s).startswith(folder) and "/" not in str(s)[len(folder):]}
        close = difflib.get_close_matches(text_iri[len(folder):], list(names), n=n, cutoff=0.6)
        yield shown(text_iri), [shown(names[c]) for c in close]
