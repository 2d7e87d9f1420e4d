"""Helpers shared by the store tests: run every named query and compare answers."""

from __future__ import annotations

from rdflib import XSD, Graph, Literal


def normalise(term):
    """A term as comparable text: plain and ``xsd:string`` literals are the same thing.

    Oxigraph (and Virtuoso) report plain literals as ``xsd:string``; numbers are
    compared by value so ``"1"^^xsd:integer`` equals ``"1"^^xsd:long``.
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (None, XSD.string):
            # GROUP_CONCAT's order is unspecified in SPARQL 1.1: compare the parts as a set
            text = "; ".join(sorted(str(term).split("; "))) if "; " in term else str(term)
            return ("literal", text, term.language)
        value = term.toPython()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return ("number", float(value))
        return ("literal", str(term), str(term.datatype))
    return (type(term).__name__, str(term))


def answer(graph: Graph, name: str, reference: Graph) -> list:
    """Rows of named query ``name`` on ``graph`` (parameters from its example), sorted.

    Parameters are resolved on ``reference`` (the local graph), as the CLI would
    resolve them before sending the query to a store.
    """
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes

    query = get_named_query(name)
    bindings = resolve_parameters(reference, query, query.example_values())
    parsed = parse_query(query.text, query_prefixes(reference))
    result = evaluate(graph, parsed, bindings)
    if result.type == "ASK":
        return [result.askAnswer]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return sorted(tuple(normalise(t) for t in triple) for triple in result.graph)
    return sorted((tuple(normalise(row.get(v) if hasattr(row, "get") else row[v]) for v in result.vars)
                   for row in result), key=repr)


def triple_set(graph: Graph) -> set:
    """Every triple of ``graph``, normalised."""
    return {tuple(normalise(t) for t in triple) for triple in graph}
