"""The library of named SPARQL queries shipped in ``graph/sparql/queries/*.rq``.

Each file opens with a header comment::

    # title: Who supports a concept, including its narrower concepts
    # description: Every actor who supports the concept or any concept below it
    #   (continuation lines are indented).
    # param: concept (concept, required): the concept, by id, label or IRI
    # param: minimum (integer, default 2): the least number of shared stances
    # example: stancegraph query supporters --param concept=cooperatives

A parameter is a variable of the query, bound at run time (``initBindings``; see
:mod:`stancegraph.graph.sparql.engine`). Its kind says how a value given as text is
read: ``concept``, ``person``, ``organisation``, ``actor`` (person or
organisation) and ``document`` name an entity of the graph by id, label or IRI —
the IRI also as the tables print it, ``<IRI>`` or a prefixed name such as
``concept:cooperatives`` — an unknown one is an error listing close matches;
``stance`` is support, oppose or mixed (or its class, ``sg:Support``); ``integer``
and ``string`` are literals. Each parameter takes one value (:func:`single_values`). An optional parameter left
out stays unbound, so the query answers for every value.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Identifier

__all__ = [
    "ParameterKind",
    "Parameter",
    "NamedQuery",
    "QueryHeaderError",
    "parse_named_query",
    "named_queries",
    "get_named_query",
    "resolve_parameters",
    "single_values",
    "run_named_query",
    "resolve_entity",
    "queries_dir",
]


class QueryHeaderError(UsageError):
    """A named query's header comment is malformed."""


class ParameterKind(str, Enum):
    """How a parameter's text value is turned into an RDF term."""

    CONCEPT = "concept"
    PERSON = "person"
    ORGANISATION = "organisation"
    ACTOR = "actor"
    DOCUMENT = "document"
    STANCE = "stance"
    INTEGER = "integer"
    STRING = "string"

    @property
    def is_entity(self) -> bool:
        """True for kinds that name a resource of the graph."""
        return self in _ENTITY_CLASSES


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SG = "https://w3id.org/stancegraph/ns#"
_FOAF = "http://xmlns.com/foaf/0.1/"
_DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ENTITY_CLASSES = {
    ParameterKind.CONCEPT: (_SKOS + "Concept",),
    ParameterKind.PERSON: (_FOAF + "Person",),
    ParameterKind.ORGANISATION: ("http://www.w3.org/ns/org#Organization",),
    ParameterKind.ACTOR: (_FOAF + "Person", "http://www.w3.org/ns/org#Organization"),
    ParameterKind.DOCUMENT: (_FOAF + "Document",),
}
_LABELS = (_RDFS_LABEL, _SKOS + "prefLabel", _SKOS + "altLabel", _FOAF + "name")
_STANCES = ("support", "oppose", "mixed")
"""A ``stance`` parameter binds the word, as the named queries answer with it (``?stance`` = "support")."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: a variable bound at run time."""

    name: str
    kind: ParameterKind
    description: str
    required: bool = True
    default: str | None = None

    def describe(self) -> str:
        """One line for listings, e.g. ``concept (concept, required): the concept``."""
        mode = "required" if self.required else f"default {self.default}" if self.default else "optional"
        return f"{self.name} ({self.kind.value}, {mode}): {self.description}"


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its name, header fields and SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    text: str = field(repr=False)
    path: Path | None = field(default=None, repr=False, compare=False)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``.

        Raises
        ------
        UsageError
            Naming the parameters the query has.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")

    def example_values(self) -> dict[str, str]:
        """The ``--param key=value`` pairs of the first example."""
        if not self.examples:
            return {}
        return dict(re.findall(r"--param\s+([A-Za-z_]\w*)=(\S+)", self.examples[0]))


_FIELD = re.compile(r"^#\s?(?P<key>title|description|param|example):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<kind>[a-z]+)\s*"
    r"(?:,\s*(?P<mode>required|optional|default\s+\S+)\s*)?\)\s*:\s*(?P<text>.+)$"
)


def parse_named_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read a named query's header and check its parameters against its SPARQL.

    Raises
    ------
    QueryHeaderError
        Naming the file and line of the first malformed header line.

    Examples
    --------
    >>> q = parse_named_query(
    ...     "# title: Everything\\n# param: s (concept, optional): a subject\\n"
    ...     "SELECT * WHERE { ?s ?p ?o }", "everything")
    >>> q.title, q.parameters[0].name, q.parameters[0].required
    ('Everything', 's', False)
    """
    where = str(path) if path else name
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    last: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip()
        if not stripped.startswith("#"):
            break
        match = _FIELD.match(stripped)
        if match:
            last = fields[match.group("key")]
            last.append(match.group("value").strip())
            continue
        cont = _CONTINUATION.match(stripped)
        if cont and last is not None and last:
            last[-1] += " " + cont.group("value").strip()
            continue
        if stripped.strip("# ") == "":
            last = None
            continue
        raise QueryHeaderError(f"{where}:{number}: unexpected header line {stripped!r}")
    if len(fields["title"]) != 1:
        raise QueryHeaderError(f"{where}: the header needs exactly one 'title:' line")
    parameters = tuple(_parse_parameter(value, where) for value in fields["param"])
    # a parameter must be a variable of the query: checked on the text (the query itself is
    # parsed once, when it runs; parsing it here too cost 30-60 ms per query on every call)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for parameter in parameters:
        if not _mentions_variable(body, parameter.name):
            raise QueryHeaderError(f"{where}: parameter '{parameter.name}' is not a variable of the query")
    return NamedQuery(
        name=name,
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        parameters=parameters,
        examples=tuple(fields["example"]),
        text=text,
        path=path,
    )


def _mentions_variable(body: str, name: str) -> bool:
    """Whether ``?name`` or ``$name`` occurs in ``body`` as a whole variable name.

    The SPARQL 1.1 grammar's VARNAME (§19.8) goes on with ``[A-Za-z0-9_]``, U+00B7 and
    the letters from U+00C0 up; a regular expression of that class, compiled for each
    parameter of each query, was ~1 ms of every ``query`` process.
    """
    for token in ("?" + name, "$" + name):
        start = body.find(token)
        while start >= 0:
            end = start + len(token)
            after = body[end:end + 1]
            if not after or not (after == "_" or after == "\u00b7" or after >= "\u00c0"
                                 or (after.isascii() and after.isalnum())):
                return True
            start = body.find(token, start + 1)
    return False


def _parse_parameter(value: str, where: str) -> Parameter:
    match = _PARAM.match(value)
    if not match:
        raise QueryHeaderError(
            f"{where}: malformed parameter {value!r} (expected 'NAME (KIND[, required|optional|default V]): text')"
        )
    try:
        kind = ParameterKind(match.group("kind"))
    except ValueError:
        kinds = ", ".join(k.value for k in ParameterKind)
        raise QueryHeaderError(f"{where}: parameter kind {match.group('kind')!r} is not one of {kinds}") from None
    mode = match.group("mode") or "required"
    default = mode.split(None, 1)[1] if mode.startswith("default") else None
    return Parameter(match.group("name"), kind, match.group("text").strip(), mode == "required", default)


def queries_dir() -> Path:
    """The folder of the shipped ``*.rq`` files."""
    here = Path(__file__).with_name("queries")  # installed as files (setup.cfg: package_data)
    if here.is_dir():
        return here
    import importlib.resources  # ~3 ms of imports (tempfile, zipfile) a short query need not pay

    return Path(str(importlib.resources.files("stancegraph.graph.sparql").joinpath("queries")))


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped named query by name (the file name without ``.rq``), sorted."""
    found = {}
    for path in sorted(queries_dir().glob("*.rq")):
        found[path.stem] = parse_named_query(path.read_text(encoding="utf-8"), path.stem, path)
    return found


@functools.cache
def _named_query_file(name: str) -> NamedQuery | None:
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        return None
    return parse_named_query(path.read_text(encoding="utf-8"), name, path)


def get_named_query(name: str, listing: str = "see 'stancegraph query --list'") -> NamedQuery:
    """The named query ``name`` (only its own file is read, once per process).

    ``listing`` ends the message of an unknown name: where the names are listed
    (the endpoint says ``see GET /queries``).

    Raises
    ------
    UsageError
        When there is none, listing close matches (or every name).
    """
    found = _named_query_file(name)
    if found is not None:
        return found
    queries = named_queries()
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}?" if close else f"known queries: {', '.join(queries)}"
    raise UsageError(f"no named query '{name}' ({hint}; {listing})")


def resolve_parameters(graph: Graph, query: NamedQuery, values: Mapping[str, str],
                       asking: str = "--param {name}=…") -> dict[str, Identifier]:
    """Turn ``--param`` text values into RDF terms for ``initBindings``.

    ``asking`` is how a missing parameter is asked for, ``{name}`` replaced (the
    endpoint asks for ``?{name}=…``).

    Defaults fill in parameters that were not given. Every problem is collected
    and raised together, one line each. ``graph`` is an :class:`rdflib.Graph` (the
    terms are rdflib's) or a :class:`~stancegraph.graph.stores.view.StoreView` of an
    Oxigraph store (the terms are pyoxigraph's, and rdflib is not imported).

    Raises
    ------
    UsageError
        For unknown parameter names, missing required ones, and values naming no
        entity (with close matches) or of the wrong form.
    """
    terms = _lookup(graph)
    problems: list[str] = []
    bindings: dict[str, Any] = {}
    meant: set[str] = set()  # parameters a misspelt name stands for: not reported missing as well
    for name in values:
        try:
            query.parameter(name)
        except UsageError as exc:
            close = _meant_parameter(query, name, values)
            if close is None:
                problems.append(str(exc))
            else:
                meant.add(close)
                problems.append(f"query '{query.name}' has no parameter '{name}' (did you mean '{close}'?)")
    for parameter in query.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            if parameter.required and parameter.name not in meant:
                problems.append(f"query '{query.name}' needs {asking.format(name=parameter.name)} "
                                f"({parameter.description})")
            continue
        try:
            bindings[parameter.name] = _resolve_value(terms, parameter, raw)
        except UsageError as exc:
            problems.append(str(exc))
    if problems:
        raise UsageError("; ".join(problems) if len(problems) == 1 else "\n".join(problems))
    return bindings


def _meant_parameter(query: NamedQuery, name: str, values: Mapping[str, str]) -> str | None:
    """The one parameter of ``query`` not given that the unknown ``name`` is close to (difflib's ratio
    ≥ 0.6, its default), or None: ``concep`` given, ``concept`` missing is one mistake, told once."""
    import difflib

    free = [p.name for p in query.parameters if p.name not in values]
    close = difflib.get_close_matches(name, free, n=2)
    return close[0] if len(close) == 1 else None


def single_values(pairs) -> dict[str, str]:
    """``(name, value)`` pairs as a mapping for :func:`resolve_parameters`, each name given once.

    A named query's parameter takes one value (none is declared to take several: see the
    ``# param:`` lines of ``graph/sparql/queries/*.rq``); a name given twice would keep
    one value silently, so it is refused.

    Raises
    ------
    UsageError
        One line per repeated name, giving its values.

    Examples
    --------
    >>> single_values([("concept", "cooperatives"), ("minimum", "2")])
    {'concept': 'cooperatives', 'minimum': '2'}
    """
    given: dict[str, list[str]] = {}
    for name, value in pairs:
        given.setdefault(name, []).append(value)
    problems = [f"parameter '{name}' is given {len(found)} times ({', '.join(map(repr, found))}); it takes one value"
                for name, found in given.items() if len(found) > 1]
    if problems:
        raise UsageError("\n".join(problems))
    return {name: found[0] for name, found in given.items()}


class _RdflibLookup:
    """What resolving parameters reads of an :class:`rdflib.Graph`, with rdflib terms.

    :class:`~stancegraph.graph.stores.view.StoreView` has the same methods over a
    ``pyoxigraph.Store``, with pyoxigraph terms.
    """

    def __init__(self, graph):
        from rdflib import Literal, URIRef

        self.graph, self._literal, self._iri = graph, Literal, URIRef

    def iri(self, text: str):
        """The IRI ``text`` as a term (rdflib accepts any text)."""
        return self._iri(text)

    def literal(self, text: str, datatype: str | None = None):
        """A literal: simple, or of ``datatype``."""
        return self._literal(text, datatype=None if datatype is None else self._iri(datatype))

    def identified(self, text: str) -> list:
        """IRIs whose ``dcterms:identifier`` is ``text``."""
        predicate = self._iri(_DCTERMS_IDENTIFIER)
        found = [s for s in self.graph.subjects(predicate, self._literal(text)) if isinstance(s, self._iri)]
        if not found and text:  # an Oxigraph store read through oxrdflib gives plain literals as xsd:string
            typed = self._literal(text, datatype=self._iri(_XSD_STRING))
            found = [s for s in self.graph.subjects(predicate, typed) if isinstance(s, self._iri)]
        return found

    def has_type(self, subject, cls: str) -> bool:
        """Whether ``subject`` is ``a`` ``cls``."""
        return (subject, self._iri(_RDF_TYPE), self._iri(cls)) in self.graph

    def namespaces(self) -> Iterator[tuple[str, str]]:
        """The graph's prefixes, as ``(prefix, namespace)``."""
        return ((prefix, str(namespace)) for prefix, namespace in self.graph.namespaces())

    def instances(self, cls: str) -> Iterator:
        """The IRIs that are ``a`` ``cls``."""
        return (s for s in self.graph.subjects(self._iri(_RDF_TYPE), self._iri(cls)) if isinstance(s, self._iri))

    def texts(self, subject, predicate: str) -> Iterator[str]:
        """The lexical forms (or IRIs) of ``subject``'s ``predicate`` values."""
        return (str(o) for o in self.graph.objects(subject, self._iri(predicate)))

    @staticmethod
    def text(term) -> str:
        return str(term)


def _lookup(graph):
    """The parameter-resolving view of ``graph``: a StoreView is one, an rdflib graph gets one."""
    return graph if hasattr(graph, "identified") else _RdflibLookup(graph)


def _resolve_value(terms, parameter: Parameter, raw: str):
    kind = parameter.kind
    if kind.is_entity:
        return _resolve_entity(terms, kind, raw, parameter.name)
    if kind is ParameterKind.STANCE:
        stance = _stance_word(terms, raw.strip())
        if stance not in _STANCES:
            raise UsageError(f"parameter '{parameter.name}': {raw!r} is not a stance (support, oppose or mixed)")
        return terms.literal(stance)
    if kind is ParameterKind.INTEGER:
        try:
            return terms.literal(str(int(raw.strip())), _XSD_INTEGER)
        except ValueError:
            raise UsageError(f"parameter '{parameter.name}': {raw!r} is not an integer") from None
    return terms.literal(raw)


def _stance_word(terms, text: str) -> str:
    """The stance ``text`` names: the word (any case), or its class's IRI (``sg:Support``, ``<…ns#Support>``)."""
    for iri in _written_iri(terms, text):
        if iri.startswith(_SG) and iri[len(_SG):] in ("Support", "Oppose", "Mixed"):
            return iri[len(_SG):].lower()
    return text.lower()


def resolve_entity(graph: Graph, kind: ParameterKind, raw: str, parameter: str = "value"):
    """The IRI of the entity of ``kind`` that ``raw`` names: its IRI, id, label or alias.

    ``graph`` as for :func:`resolve_parameters` (an rdflib ``URIRef``, or a pyoxigraph
    ``NamedNode`` for a store view).

    Raises
    ------
    UsageError
        When nothing (or more than one thing) matches, listing up to five close matches.
    """
    return _resolve_entity(_lookup(graph), kind, raw, parameter)


def _resolve_entity(terms, kind: ParameterKind, raw: str, parameter: str):
    text = raw.strip()
    exact = _by_id_or_iri(terms, _ENTITY_CLASSES[kind], text)
    if exact is not None:
        return exact
    entities = _entities(terms, _ENTITY_CLASSES[kind])
    for iri, ident, _labels in entities:
        if terms.text(iri) == text or ident == text:
            return iri
    folded = text.casefold()
    by_label = [(iri, ident) for iri, ident, labels in entities if folded in labels]
    if len(by_label) == 1:
        return by_label[0][0]
    if len(by_label) > 1:
        ids = ", ".join(ident for _iri, ident in by_label)
        raise UsageError(f"parameter '{parameter}': {raw!r} names more than one {kind.value} ({ids}); give an id")
    names = {}
    for _iri, ident, labels in entities:
        names[ident] = ident
        for label in labels:
            names.setdefault(label, ident)
    import difflib

    close = difflib.get_close_matches(folded, list(names), n=12, cutoff=0.6)
    close += [key for key in names if len(folded) >= 3 and folded in key and key not in close]
    suggestions = list(dict.fromkeys(names[key] for key in close))[:5]
    hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
    return _raise_unknown(parameter, kind, raw, hint)


def _raise_unknown(parameter: str, kind: ParameterKind, raw: str, hint: str):
    raise UsageError(f"parameter '{parameter}': no {kind.value} {raw!r} in the graph{hint}")


def _by_id_or_iri(terms, classes, text: str):
    """The entity whose IRI or ``dcterms:identifier`` is ``text``, by one indexed lookup each.

    The IRI may be written as the tables print it: ``<IRI>``, or a prefixed name such as
    ``concept:cooperatives`` (:func:`_written_iri`).

    (Listing every entity to compare ids walked every person and organisation:
    138,754 ``triples`` calls through oxrdflib at 100,000 statements.)
    """
    candidates = []
    for written in _written_iri(terms, text):
        iri = terms.iri(written)
        if iri is not None:
            candidates.append(iri)
    candidates += terms.identified(text)
    for candidate in candidates:
        if any(terms.has_type(candidate, cls) for cls in classes):
            return candidate
    return None


def _written_iri(terms, text: str) -> list[str]:
    """The IRIs ``text`` may write: itself, ``<IRI>`` without its brackets, a prefixed name expanded.

    A table prints an IRI as ``prefix:local`` where one of the graph's prefixes fits and as
    ``<IRI>`` where none does (:func:`~.results.display_rows`); a parameter accepts both, and
    the full IRI (a prefixed name as SPARQL 1.1 §4.1.1.1 reads it: the prefix ends at the
    first colon). Nothing holding a character an IRI cannot hold (RFC 3987) is returned.
    """
    found = []
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if not text or any(c in text for c in ' <>"{}|^`\\'):
        return found
    found.append(text)
    prefix, colon, local = text.partition(":")
    if colon and local and not local.startswith("//"):
        namespace = _namespaces(terms).get(prefix)
        if namespace is not None:
            found.insert(0, namespace + local)
    return found


def _namespaces(terms) -> dict[str, str]:
    """Prefix → namespace of the graph ``terms`` reads (its ``namespaces()``: a StoreView's or an rdflib graph's)."""
    spaces = getattr(terms, "namespaces", None)
    return {} if spaces is None else {prefix: str(namespace) for prefix, namespace in spaces() if prefix}


def _entities(terms, classes) -> list[tuple[Any, str, set[str]]]:
    found = {}
    for cls in classes:
        for subject in terms.instances(cls):
            if subject in found:
                continue
            ident = next(iter(terms.texts(subject, _DCTERMS_IDENTIFIER)), None)
            labels = set()
            for prop in _LABELS:
                labels.update(label.casefold() for label in terms.texts(subject, prop))
            found[subject] = (subject, terms.text(subject) if ident is None else ident, labels)
    return sorted(found.values(), key=lambda item: item[1])


def run_named_query(graph: Graph, name: str, params: Mapping[str, str] | None = None, max_rows: int | None = None):
    """Run a named query in this process and return its answer as a table.

    The one-call form for notebooks and scripts: look the query up, resolve and
    bind its parameters (never pasted into the text), evaluate it on ``graph``.
    There is no time limit here; the CLI and the endpoint run queries in a
    :class:`~stancegraph.graph.sparql.sandbox.QueryRunner` for that.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph (any store).
    name : str
        A named query, e.g. ``"supporters"`` (see :func:`named_queries`).
    params : mapping of str to str, optional
        Parameter values as a user writes them: ids, labels or IRIs.
    max_rows : int, optional
        Refuse answers with more rows (:class:`~stancegraph.graph.sparql.engine.TooManyResults`).

    Returns
    -------
    QueryOutcome
        ``variables`` and ``rows`` (rdflib terms), or ``graph`` for CONSTRUCT/DESCRIBE.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> from stancegraph.graph.rdf.mapping import build_graph
    >>> graph = build_graph(load_dataset())
    >>> outcome = run_named_query(graph, "supporters", {"concept": "cooperatives"})
    >>> "Michael Dixon" in {str(v) for row in outcome.rows for v in row if v is not None}
    True
    """
    from .results import outcome_from_result
    from .engine import evaluate, parse_query, query_prefixes

    query = get_named_query(name)
    bindings = resolve_parameters(graph, query, params or {})
    parsed = parse_query(query.text, query_prefixes(graph))
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    return outcome_from_result(evaluate(graph, parsed, bindings), max_rows, namespaces, parsed.text)
