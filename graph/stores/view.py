"""A named query on an Oxigraph store, answered by pyoxigraph alone (no rdflib, no oxrdflib).

``stancegraph query NAME --store oxigraph:PATH`` is a whole process, and most named
queries take well under a second on Oxigraph. Through oxrdflib such a process spent
~0.35 s of CPU before the query ran (measured at 100,000 statements, against ~0.05 s
for ``python -c "import pyoxigraph"``): ``import oxrdflib`` imports rdflib's SPARQL
engine and pyparsing, and the command parsed the query with rdflib to refuse updates,
``SERVICE`` and ``FROM``. A shipped named query needs neither: its text is ours (and
tested), its parameters are bound as a ``VALUES`` block
(:func:`stancegraph.graph.sparql.engine.with_values`), and Oxigraph parses it.

Nor does it need rdflib at all (``import rdflib`` alone was ~50 ms of CPU, a third of
a short query's process, with ``importlib.metadata``, ``urllib.request``, ``ssl`` and
``email`` behind it): :class:`StoreView` resolves parameters
(:func:`stancegraph.graph.sparql.library.resolve_parameters`) with pyoxigraph's
indexed ``quads_for_pattern`` and gives pyoxigraph terms, and :func:`answer_named`
returns a :class:`~stancegraph.graph.sparql.results.QueryOutcome` of pyoxigraph terms,
which the results writers write as they write rdflib's (:mod:`~stancegraph.graph.sparql.terms`:
the lexical form the engine gave). The answers are the oxrdflib path's (tested on every
named query). Ad-hoc queries still go through :func:`~.store.open_store` and are parsed
and checked first.
"""

from __future__ import annotations

from typing import Iterator

__all__ = ["StoreView", "open_store_view", "in_memory_view", "answer_named", "answer_named_csv"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"


class StoreView:
    """A read-only view of one named graph of a ``pyoxigraph.Store``, with pyoxigraph terms.

    Its methods are what :func:`~stancegraph.graph.sparql.library.resolve_parameters`
    reads of a graph (the same as the library's rdflib view of an :class:`rdflib.Graph`).

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

        self._ox = ox
        self.store = store
        self.graph_name = graph_name
        self.graph = ox.NamedNode(graph_name)
        base = graph_name.rsplit("dataset", 1)[0]
        prefixes = dict(PREFIXES)
        prefixes["data"] = base
        prefixes.update({kind: f"{base}{kind}/" for kind in DATA_PREFIXES})
        self.prefixes = prefixes
        """Prefix → namespace: the standard ones and the dataset's, pre-declared for the query."""

    def namespaces(self) -> Iterator[tuple[str, str]]:
        """The prefixes the query may use without declaring them, as ``(prefix, namespace)``."""
        return iter(self.prefixes.items())

    # --- what resolving parameters reads (see stancegraph.graph.sparql.library._RdflibLookup)

    def iri(self, text: str):
        """``text`` as a ``NamedNode``, or None when it is not an IRI (nothing can match it)."""
        try:
            return self._ox.NamedNode(text)
        except ValueError:
            return None

    def literal(self, text: str, datatype: str | None = None):
        """A literal: simple, or of ``datatype``."""
        return self._ox.Literal(text, datatype=None if datatype is None else self._ox.NamedNode(datatype))

    def identified(self, text: str) -> list:
        """IRIs whose ``dcterms:identifier`` is ``text``."""
        quads = self.store.quads_for_pattern(None, self._ox.NamedNode(_DCTERMS_IDENTIFIER), self._ox.Literal(text),
                                             self.graph)
        return [q.subject for q in quads if isinstance(q.subject, self._ox.NamedNode)]

    def has_type(self, subject, cls: str) -> bool:
        """Whether ``subject`` is ``a`` ``cls``."""
        quads = self.store.quads_for_pattern(subject, self._ox.NamedNode(_RDF_TYPE), self._ox.NamedNode(cls),
                                             self.graph)
        return next(iter(quads), None) is not None

    def instances(self, cls: str) -> Iterator:
        """The IRIs that are ``a`` ``cls``."""
        named = self._ox.NamedNode
        quads = self.store.quads_for_pattern(None, named(_RDF_TYPE), named(cls), self.graph)
        return (q.subject for q in quads if isinstance(q.subject, named))

    def texts(self, subject, predicate: str) -> Iterator[str]:
        """The lexical forms (or IRIs) of ``subject``'s ``predicate`` values."""
        return (q.object.value for q in self.store.quads_for_pattern(subject, self._ox.NamedNode(predicate), None,
                                                                     self.graph))

    @staticmethod
    def text(term) -> str:
        """The IRI or lexical form of a pyoxigraph term (``str()`` gives N-Triples syntax)."""
        return term.value


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


def in_memory_view(dataset, progress=None) -> StoreView:
    """The :class:`StoreView` of ``dataset``'s graph in a fresh in-memory Oxigraph store.

    The same store as :func:`~.memory.in_memory_graph` builds (the mapping's N-Triples,
    bulk-loaded), without the oxrdflib graph around it: ``query NAME`` on seed files then
    imports neither oxrdflib nor rdflib's SPARQL engine (~0.15 s of CPU a process).
    """
    import pyoxigraph as ox

    from ..rdf.ntriples import ntriples_chunks
    from .memory import load_batches
    from .store import BULK_LOAD_TRIPLES, _ntriples_batches, dataset_graph_name

    store = ox.Store()
    name = str(dataset_graph_name(dataset))
    load_batches(store, name, _ntriples_batches(ntriples_chunks(dataset), BULK_LOAD_TRIPLES), progress,
                 "building the graph")
    return StoreView(store, name)


def answer_named(view: StoreView, text: str, bindings, max_rows: int | None):
    """Run a named query's ``text`` with its ``bindings`` on ``view``; a :class:`~.results.QueryOutcome`.

    SELECT rows hold pyoxigraph terms (``None`` where unbound), as Oxigraph gave them;
    a CONSTRUCT or DESCRIBE answer's triples are rdflib terms (rdflib writes graphs).

    Raises
    ------
    QueryFailed
        When Oxigraph fails on the query.
    TooManyResults
        When the answer has more than ``max_rows`` rows or triples.
    """
    from ..sparql.results import in_query_order  # a SELECT * answer: the query's order, not Oxigraph's sorted one

    return in_query_order(_outcome(view, _run(view, text, bindings), max_rows), text)


def answer_named_csv(view: StoreView, text: str, bindings) -> bytes:
    """A named query's SELECT answer as SPARQL 1.1 CSV, written by pyoxigraph (``QuerySolutions.serialize``).

    The same bytes as ``serialize_outcome(answer_named(…), "csv")`` (tested on every
    named query and on every kind of value: lexical forms, quotes, commas, CR, LF,
    empty and unbound values, blank nodes), without a Python object per value: measured
    at 10,000 statements, our writer took 9–12 ms of CPU for 1,200–2,400 rows, which
    Oxigraph writes as it evaluates (checking its CSV, below, costs ~1 ms of that). Where
    Oxigraph's CSV is not ours, the answer is written by
    :func:`~stancegraph.graph.sparql.results.serialize_outcome` instead: one variable
    (Python's writer quotes an empty value, ``""``, so that the line is not blank), a
    value holding a line break ``str.splitlines()`` splits at (our writer quotes the
    row: see :mod:`stancegraph.graph.rdf.linebreaks`) or an IRI holding a comma
    (pyoxigraph 0.5 leaves it unquoted): the query is then run again; and an ASK,
    CONSTRUCT or DESCRIBE answer.

    Raises
    ------
    QueryFailed
        When Oxigraph fails on the query.
    UsageError
        For a CONSTRUCT or DESCRIBE answer (a graph has no CSV), as serialize_outcome refuses it.
    """
    from ..sparql.results import serialize_outcome

    ox = view._ox
    answer = _run(view, text, bindings)
    if isinstance(answer, ox.QuerySolutions) and len(answer.variables) > 1 and _oxigraph_order(text, answer):
        try:
            data = answer.serialize(format=ox.QueryResultsFormat.CSV)
        except Exception as exc:  # evaluation runs while it writes: one line, never hidden
            from ..sparql.engine import QueryFailed

            raise QueryFailed(f"query failed: {' '.join(str(exc).split())[:300]}") from exc
        if _as_ours(data, len(answer.variables)):
            return data
        answer = _run(view, text, bindings)
    outcome = _outcome(view, answer, None)
    if isinstance(answer, ox.QuerySolutions):
        from ..sparql.results import in_query_order

        in_query_order(outcome, text)
    try:
        return serialize_outcome(outcome, "csv")
    except ValueError as exc:
        from ..errors import UsageError

        raise UsageError(str(exc)) from None


def _as_ours(data: bytes, width: int) -> bool:
    """Whether Oxigraph's CSV ``data`` is what our writer writes: no value holds a line break our writer
    quotes the row for, and every row has ``width`` fields (pyoxigraph 0.5 writes an IRI holding a comma
    unquoted, which splits its field in two; read back with Python's ``csv`` module, ~1 ms for 1,200 rows)."""
    import csv
    import io

    from ..sparql.results import LINE_BREAKS

    text = data.decode("utf-8")
    if LINE_BREAKS.search(text) is not None:
        return False
    return all(len(row) == width for row in csv.reader(io.StringIO(text, newline="")))


def _run(view: StoreView, text: str, bindings):
    """pyoxigraph's answer to ``text`` with ``bindings`` as a VALUES block (parsed by Oxigraph)."""
    from ..sparql.engine import QueryFailed, with_values

    try:
        return view.store.query(with_values(text, bindings, check=False), default_graph=view.graph,
                                prefixes=view.prefixes)
    except Exception as exc:  # Oxigraph raises SyntaxError, OSError …: one line, never hidden
        raise QueryFailed(f"query failed: {' '.join(str(exc).split())[:300]}") from exc


def _oxigraph_order(text: str, answer) -> bool:
    """Whether Oxigraph's columns are the query's (a ``SELECT *`` may need another order: :mod:`..sparql.projection`)."""
    from ..sparql.projection import column_order

    return column_order(text, [variable.value for variable in answer.variables]) is None


def _outcome(view: StoreView, answer, max_rows: int | None):
    from ..errors import StanceGraphError
    from ..sparql.engine import QueryFailed, QueryKind, TooManyResults
    from ..sparql.results import QueryOutcome

    ox = view._ox
    outcome = QueryOutcome(QueryKind.SELECT, namespaces=dict(view.prefixes))
    try:
        if isinstance(answer, ox.QueryBoolean):
            outcome.kind, outcome.boolean = QueryKind.ASK, bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            outcome.variables = [variable.value for variable in answer.variables]
            rows = outcome.rows
            for solution in answer:  # Oxigraph evaluates as the rows are read
                rows.append(tuple(solution))
                if max_rows is not None and len(rows) > max_rows:
                    raise TooManyResults(
                        f"the answer has more than {max_rows} rows (the limit); add a LIMIT or narrow the query")
        else:  # QueryTriples (CONSTRUCT, DESCRIBE): rdflib terms, as every graph answer
            from .oxigraph_query import _converter

            convert = _converter()
            outcome.kind = QueryKind.CONSTRUCT
            for triple in answer:
                outcome.triples.append((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
                if max_rows is not None and len(outcome.triples) > max_rows:
                    raise TooManyResults(
                        f"the answer has more than {max_rows} triples (the limit); narrow the query")
    except StanceGraphError:
        raise
    except Exception as exc:  # evaluation errors surface as the rows are read: one line, never hidden
        raise QueryFailed(f"query failed: {' '.join(str(exc).split())[:300]}") from exc
    return outcome
