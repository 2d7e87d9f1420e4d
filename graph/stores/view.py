"""A named query on an Oxigraph store, answered by pyoxigraph alone (no oxrdflib, no rdflib SPARQL).

``stancegraph query NAME --store oxigraph:PATH`` is a whole process, and most named
queries take well under a second on Oxigraph. Through oxrdflib such a process spent
~0.35 s of CPU before the query ran (measured at 100,000 statements, against ~0.05 s
for ``python -c "import pyoxigraph"``): ``import oxrdflib`` imports rdflib's SPARQL
engine and pyparsing, and the command parsed the query with rdflib to refuse updates,
``SERVICE`` and ``FROM``. A shipped named query needs neither: its text is ours (and
tested), its parameters are bound as a ``VALUES`` block
(:func:`stancegraph.graph.sparql.engine.with_values`), and Oxigraph parses it.

:class:`StoreView` is the little of :class:`rdflib.Graph` that resolving parameters
(:func:`stancegraph.graph.sparql.library.resolve_parameters`) and answering
(:func:`stancegraph.graph.stores.oxigraph_query.query_oxigraph`) use, over a
``pyoxigraph.Store``: the answers are the very rows the oxrdflib path gives (tested on
every named query). Ad-hoc queries still go through :func:`~.store.open_store` and are
parsed and checked first.
"""

from __future__ import annotations

from typing import Iterator

from rdflib import BNode, Literal, URIRef

__all__ = ["StoreView", "open_store_view"]


class _Inner:
    """What :func:`~.oxigraph_query.query_oxigraph` reads of oxrdflib's store: ``_inner`` and the prefixes."""

    def __init__(self, store, prefixes: dict[str, str]):
        self._inner = store
        self._namespace_for_prefix = prefixes


class StoreView:
    """A read-only view of one named graph of a ``pyoxigraph.Store``, with rdflib terms.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store.
    graph_name : str
        The dataset's named graph (its VoID node's IRI, ``<base>dataset``).
    """

    def __init__(self, store, graph_name: str):
        import pyoxigraph as ox

        from ..rdf.prefixes import DATA_PREFIXES, PREFIXES

        self.identifier = URIRef(graph_name)
        base = graph_name.rsplit("dataset", 1)[0]
        prefixes = dict(PREFIXES)
        prefixes["data"] = base
        prefixes.update({kind: f"{base}{kind}/" for kind in DATA_PREFIXES})
        self.store = _Inner(store, prefixes)
        self._graph = ox.NamedNode(graph_name)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        """The prefixes the query may use without declaring them."""
        return ((prefix, URIRef(ns)) for prefix, ns in self.store._namespace_for_prefix.items())

    def _quads(self, s=None, p=None, o=None):
        try:
            pattern = (_to_ox(s), _to_ox(p), _to_ox(o))
        except ValueError:  # not a valid IRI (e.g. an id tried as one): nothing can match it
            return iter(())
        return self.store._inner.quads_for_pattern(*pattern, self._graph)

    def subjects(self, predicate=None, object=None) -> Iterator:  # noqa: A002 - rdflib's names
        """Subjects of the triples with this predicate and object, as rdflib terms."""
        return (_from_ox(q.subject) for q in self._quads(None, predicate, object))

    def objects(self, subject=None, predicate=None) -> Iterator:
        """Objects of the triples with this subject and predicate, as rdflib terms."""
        return (_from_ox(q.object) for q in self._quads(subject, predicate, None))

    def __contains__(self, triple) -> bool:
        return next(iter(self._quads(*triple)), None) is not None


def _to_ox(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"no pattern for {term!r}")


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


def open_store_view(spec) -> StoreView:
    """The :class:`StoreView` of the one dataset in an ``oxigraph:`` store (errors as :func:`~.store.open_store`).

    Opened read-only (as ``serve`` does), unless a killed build left its backup beside the
    store: then read-write, which rolls the build back first. A read-write open took ~65 ms of
    CPU (RocksDB's write-ahead log, three fsyncs) against ~10 ms read-only.
    """
    from .store import _backup_folders, oxigraph_store

    pending = any(folder.exists() for folder in _backup_folders(spec.path))
    store, graph_name = oxigraph_store(spec, read_only=not pending)
    return StoreView(store, graph_name)


def answer_named(view: StoreView, text: str, bindings, max_rows: int | None):
    """Run a named query's ``text`` with its ``bindings`` on ``view``; a :class:`~.results.QueryOutcome`.

    Raises
    ------
    QueryFailed
        When Oxigraph fails on the query.
    """
    from ..errors import StanceGraphError
    from ..sparql.engine import QueryFailed, with_values
    from ..sparql.results import outcome_from_result
    from .oxigraph_query import query_oxigraph

    namespaces = dict(view.store._namespace_for_prefix)
    try:
        result = query_oxigraph(view, with_values(text, bindings, check=False))
        return outcome_from_result(result, max_rows, namespaces)
    except StanceGraphError:
        raise
    except Exception as exc:  # Oxigraph raises SyntaxError, OSError …: one line, never hidden
        raise QueryFailed(f"query failed: {' '.join(str(exc).split())[:300]}") from exc
