"""Where the graph lives: rdflib's memory store, Oxigraph on disk, or a SPARQL server.

rdflib stays the API everywhere; only the store behind the :class:`rdflib.Graph`
changes. A store is named by one string (the CLI's ``--store``):

``memory``
    rdflib's in-memory store (the default; fine up to some ten thousand statements).
``oxigraph:PATH``
    An Oxigraph database in the folder ``PATH`` (created when missing), through
    oxrdflib. Built by bulk-loading N-Triples (:mod:`.ntriples`), queried by
    Oxigraph's own engine, exported by Oxigraph's serialisers.
``sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]``
    Any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, QLever for reading). The
    dataset goes into one named graph (the dataset IRI): with a Graph Store
    Protocol URL by one ``PUT`` (which replaces the graph), otherwise by batches
    of ``INSERT DATA`` into a staging graph on the update URL, moved over the graph
    once all were accepted. Either way re-running replaces the graph, never
    duplicates it, and a failed push leaves the old graph as it was. Credentials come from
    the environment (``STANCEGRAPH_STORE_USER`` / ``STANCEGRAPH_STORE_PASSWORD``)
    and are offered to the server for HTTP Basic or Digest authentication.

Every dataset sits in the named graph ``<base>dataset`` (its VoID node's IRI), so
one store can hold several datasets.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..errors import StanceGraphError, UsageError
from ..rdf.linebreaks import join_ntriples, ntriples_lines

if TYPE_CHECKING:  # the seed models (pydantic) are not imported to query a store
    from rdflib import Graph, URIRef

    from ..rdf.export import RdfFormat
    from ..seeds.dataset import Dataset
# rdflib is imported where a graph is made: 'query NAME --store oxigraph:' reads the store with
# pyoxigraph alone (stores/view.py), and 'import rdflib' was ~50 ms of such a process

__all__ = [
    "StoreKind",
    "StoreSpec",
    "StoreError",
    "parse_store",
    "dataset_graph_name",
    "write_dataset",
    "open_store",
    "close_store",
    "push_ntriples",
    "staging_graph_name",
    "serialize_store_graph",
    "is_oxigraph",
    "triple_count",
    "store_title",
    "DEFAULT_BATCH_SIZE",
]

DEFAULT_BATCH_SIZE = 1000
"""Triples per ``INSERT DATA`` request (Virtuoso refuses requests above ~2,000)."""

USER_ENV, PASSWORD_ENV = "STANCEGRAPH_STORE_USER", "STANCEGRAPH_STORE_PASSWORD"


class StoreError(StanceGraphError):
    """The store could not be opened, written or read (server down, refused, empty)."""


class StoreKind(str, Enum):
    """The three kinds of store."""

    MEMORY = "memory"
    OXIGRAPH = "oxigraph"
    SPARQL = "sparql"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value.

    Examples
    --------
    >>> parse_store("oxigraph:/tmp/g").path
    PosixPath('/tmp/g')
    >>> str(parse_store("sparql:http://127.0.0.1:8890/sparql"))
    'sparql:http://127.0.0.1:8890/sparql'
    """

    kind: StoreKind
    path: Path | None = None
    query_url: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None

    def __str__(self) -> str:
        if self.kind is StoreKind.OXIGRAPH:
            return f"oxigraph:{self.path}"
        if self.kind is StoreKind.SPARQL:
            urls = [self.query_url, self.update_url, self.graph_store_url]
            while urls and urls[-1] is None:
                urls.pop()
            return "sparql:" + ",".join(u or "" for u in urls)
        return "memory"


def parse_store(text: str) -> StoreSpec:
    """Read a store name: ``memory``, ``oxigraph:PATH`` or ``sparql:QUERY_URL[,UPDATE_URL[,GSP_URL]]``.

    Raises
    ------
    UsageError
        With the accepted forms, when ``text`` is none of them.

    Examples
    --------
    >>> parse_store("memory").kind.value
    'memory'
    >>> spec = parse_store("sparql:http://h/sparql,http://h/update")
    >>> spec.query_url, spec.update_url
    ('http://h/sparql', 'http://h/update')
    """
    forms = "memory, oxigraph:PATH or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]"
    kind, _, rest = text.strip().partition(":")
    if kind == "memory" and not rest:
        return StoreSpec(StoreKind.MEMORY)
    if kind == "oxigraph":
        if not rest:
            raise UsageError(f"store {text!r}: oxigraph needs a folder (oxigraph:PATH)")
        return StoreSpec(StoreKind.OXIGRAPH, path=Path(rest).expanduser())
    if kind == "sparql":
        urls = [u.strip() or None for u in rest.split(",")]
        if not urls or urls[0] is None or len(urls) > 3:
            raise UsageError(f"store {text!r}: expected sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]")
        for url in urls:
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise UsageError(f"store {text!r}: {url!r} is not an http(s) URL")
        urls += [None] * (3 - len(urls))
        return StoreSpec(StoreKind.SPARQL, query_url=urls[0], update_url=urls[1], graph_store_url=urls[2])
    raise UsageError(f"unknown store {text!r} (expected {forms})")


def dataset_graph_name(dataset: Dataset) -> URIRef:
    """The named graph a dataset is stored in: its VoID dataset IRI."""
    from ..rdf.iris import Iris

    return Iris(str(dataset.info.base_iri)).dataset()


def triple_count(graph: Graph) -> int:
    """How many triples ``graph`` holds, without oxrdflib's costly ``len``.

    (oxrdflib counts ``DISTINCT TRIPLE(?s, ?p, ?o)``: 2.4 s and 450 MB at 1.28 M
    triples; a named graph holds no duplicates, so a plain ``COUNT(*)`` is exact.)
    """
    if not is_oxigraph(graph):
        return len(graph)
    import pyoxigraph as ox

    solutions = graph.store._inner.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                         default_graph=ox.NamedNode(str(graph.identifier)))
    return int(next(iter(solutions))[0].value)


def store_title(graph: Graph) -> str:
    """The title of the dataset a store's graph holds (its VoID node's ``dcterms:title``).

    Falls back to the graph's name when the dataset has no title.
    """
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    title = graph.value(URIRef(str(graph.identifier)), DCTERMS.title)
    return str(title) if title is not None else str(graph.identifier)


def is_oxigraph(graph: Graph) -> bool:
    """True when ``graph`` is backed by an Oxigraph store (oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


# --- writing -------------------------------------------------------------------------


def write_dataset(
    spec: StoreSpec | str,
    dataset: Dataset,
    *,
    auth: tuple[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ntriples: bytes | None = None,
) -> Graph:
    """Put the graph of ``dataset`` into a store, replacing any earlier version of it.

    Parameters
    ----------
    spec : StoreSpec or str
        Where to.
    dataset : Dataset
        A loaded, valid dataset.
    auth : (user, password), optional
        For a SPARQL server; read from the environment when omitted.
    batch_size : int
        Triples per ``INSERT DATA`` request, when loading by SPARQL Update.
    ntriples : bytes, optional
        The dataset's N-Triples when already made (:func:`~.ntriples.ntriples_bytes`).

    Returns
    -------
    rdflib.Graph
        The dataset's graph, backed by the store.

    Raises
    ------
    StoreError
        When the store cannot be opened or written.
    """
    spec = parse_store(spec) if isinstance(spec, str) else spec
    if spec.kind is StoreKind.MEMORY:
        from ..rdf.mapping import build_graph

        return build_graph(dataset)
    from ..rdf.ntriples import ntriples_bytes

    name = dataset_graph_name(dataset)
    if spec.kind is StoreKind.OXIGRAPH:
        _bulk_load_oxigraph(spec, dataset, name, ntriples)
        return _oxigraph_graph(_open_oxigraph(spec.path), name, dataset)
    data = ntriples if ntriples is not None else ntriples_bytes(dataset)
    push_ntriples(spec, data, name, auth=auth, batch_size=batch_size)
    return open_store(spec, name, auth=auth)


BULK_LOAD_TRIPLES = 250_000
"""Triples per call of Oxigraph's bulk loader when a dataset is streamed into it.

The bulk loader holds a whole batch in memory while it sorts it into files: one
call on 1.9 M triples (100,000 statements) peaks at ~1.4 GB on its own; calls of
250,000 triples stay under ~0.35 GB, with the same query speed afterwards. (Measured
at 100k statements: the build's peak went from 2.0 GB to 0.9 GB, its time unchanged.)
"""


def _bulk_load_oxigraph(spec: StoreSpec, dataset: Dataset, name: URIRef, ntriples: bytes | None) -> None:
    """Replace graph ``name`` by the dataset's triples, all or nothing.

    Before the graph is touched, the store is backed up (``Store.backup``: a RocksDB
    checkpoint of hard links, so it costs next to nothing) into a folder beside it,
    made under a temporary name and renamed when complete. If loading fails, the
    graph is restored from that backup before the error is raised; if the build is
    killed, the next open of the store restores it (:func:`_open_oxigraph`). The
    backup is removed once the new graph is flushed. So a failed or killed build
    never leaves an empty or half-loaded graph. (An Oxigraph update —
    ``MOVE GRAPH`` from a staging graph — is atomic too, but measured at 10,000
    statements it took 35 s and 700 MB on top of the load; at 100,000 it would not
    fit in memory. A staging store swapped in by renaming folders cannot be reopened
    by a process that still holds the old one: RocksDB's lock is per path.)

    The N-Triples are made in chunks and handed to the bulk loader in batches of
    :data:`BULK_LOAD_TRIPLES` lines, so memory stays flat however many statements
    there are and no temporary file is written. The bulk loader releases the GIL,
    so one batch loads in a worker thread while the next one is made.
    """
    import shutil

    import pyoxigraph as ox
    from concurrent.futures import ThreadPoolExecutor

    from ..rdf.ntriples import ntriples_chunks

    store = _open_oxigraph(spec.path)
    graph_node = ox.NamedNode(str(name))
    backup, making = _backup_folders(spec.path)

    def load(data: bytes) -> None:
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=graph_node)

    try:
        shutil.rmtree(making, ignore_errors=True)
        store.flush()
        store.backup(str(making))
        (making / _BACKUP_GRAPH_FILE).write_text(str(name), encoding="utf-8")
        os.replace(making, backup)  # from here on, a killed build is rolled back on the next open
    except OSError as exc:
        shutil.rmtree(making, ignore_errors=True)
        raise StoreError(f"cannot back up {spec} before loading: {exc} (the store is unchanged)") from exc
    try:
        _remove_graph(store, graph_node)
        if ntriples is not None:
            load(ntriples)
        else:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stancegraph-bulk-load") as loader:
                pending = None
                for batch in _ntriples_batches(ntriples_chunks(dataset), BULK_LOAD_TRIPLES):
                    if pending is not None:
                        pending.result()  # at most one batch loading, one being made
                    pending = loader.submit(load, batch)
                if pending is not None:
                    pending.result()
        store.flush()
    except BaseException as exc:
        _restore_graph(store, backup, graph_node)
        if isinstance(exc, (OSError, SyntaxError, ValueError)):
            raise StoreError(f"cannot load into {spec}: {exc} (the store is unchanged)") from exc
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _remove_graph(store, graph_node) -> None:
    """Empty graph ``graph_node``: ``Store.clear()`` when the store holds nothing else.

    ``remove_graph`` deletes quad by quad: 16 s for the 196,000 triples of 10,000
    statements (a rebuild's longest step); ``clear`` drops whole key ranges, in
    milliseconds. A store holding other graphs keeps them: ``remove_graph`` then.
    """
    import pyoxigraph as ox

    if next(iter(store.quads_for_pattern(None, None, None, graph_node)), None) is None:
        return  # a new store: nothing to remove (and clear() would set RocksDB compacting for nothing)
    others = [g for g in store.named_graphs() if g != graph_node]
    default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    if others or default is not None:
        store.remove_graph(graph_node)
    else:
        store.clear()


def _backup_folders(path: Path) -> tuple[Path, Path]:
    """The backup folder of the store at ``path``, and the name it is made under."""
    backup = path.parent / f".{path.name}.stancegraph-backup"
    return backup, backup.with_name(backup.name + "-making")


def _restore_graph(store, backup: Path, graph_node) -> None:
    """Put graph ``graph_node`` of ``store`` back as the backup at ``backup`` holds it; remove the backup."""
    import shutil

    import pyoxigraph as ox

    saved = ox.Store.read_only(str(backup))
    store.remove_graph(graph_node)
    chunks = (saved.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph_node),)
    for batch in _ntriples_batches(chunks, BULK_LOAD_TRIPLES):
        store.bulk_load(batch, ox.RdfFormat.N_TRIPLES, to_graph=graph_node)
    store.flush()
    del saved
    shutil.rmtree(backup, ignore_errors=True)


def _recover_killed_build(store, path: Path) -> None:
    """Roll back the graph a killed build was replacing, from the backup it left beside the store.

    Called on every read-write open: a build in progress holds the store's lock, so
    a backup found by a process that could open the store is a killed build's.
    """
    import shutil

    import pyoxigraph as ox

    backup, making = _backup_folders(path)
    shutil.rmtree(making, ignore_errors=True)  # killed while backing up: the store was not touched yet
    if not backup.is_dir():
        return
    name = (backup / _BACKUP_GRAPH_FILE).read_text(encoding="utf-8")
    _restore_graph(store, backup, ox.NamedNode(name))


_BACKUP_GRAPH_FILE = "stancegraph-graph-being-replaced"
"""A file in the backup folder naming the graph the build was replacing."""


def _ntriples_batches(chunks: Iterable[bytes], lines_per_batch: int) -> Iterator[bytes]:
    """Join N-Triples chunks (each ending in a newline) into batches of at least ``lines_per_batch`` lines."""
    batch: list[bytes] = []
    lines = 0
    for chunk in chunks:
        batch.append(chunk)
        lines += chunk.count(b"\n")
        if lines >= lines_per_batch:
            yield b"".join(batch)
            batch, lines = [], 0
    if batch:
        yield b"".join(batch)


STAGING_PREFIX = "urn:x-stancegraph:staging:"
"""Prefix of the staging graph a dataset is loaded into before it replaces its graph."""


def staging_graph_name(graph_name: str) -> str:
    """The staging graph of ``graph_name``: loaded first, moved over the graph when complete.

    Outside every dataset's IRI space, so a leftover (a killed push) is never taken
    for a dataset; it is dropped at the start of the next push.

    >>> staging_graph_name("https://example.org/d/dataset")
    'urn:x-stancegraph:staging:https://example.org/d/dataset'
    """
    return STAGING_PREFIX + str(graph_name)


def push_ntriples(
    spec: StoreSpec,
    data: bytes,
    graph_name: str,
    *,
    auth: tuple[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> None:
    """Replace the named graph ``graph_name`` on a SPARQL server by the N-Triples ``data``, all or nothing.

    With a Graph Store Protocol URL the graph is sent in one ``PUT``, which the
    server applies whole or not at all (SPARQL 1.1 Graph Store Protocol §5.3;
    checked on Virtuoso: a body that fails to parse leaves the old graph). Otherwise
    the triples go in ``INSERT DATA`` batches of ``batch_size`` into a staging graph
    (:func:`staging_graph_name`, emptied first), and only when every batch was
    accepted does one ``MOVE`` (SPARQL 1.1 Update §3.2.5: one request, so one
    transaction) replace the graph. On any failure the old graph is left as it was
    and the staging graph is dropped.

    Raises
    ------
    StoreError
        When the server refuses or cannot be reached (the graph on it is unchanged).
    UsageError
        When the store has neither an update nor a Graph Store URL.
    """
    auth = auth if auth is not None else _env_auth()
    if spec.graph_store_url:
        url = _with_query(spec.graph_store_url, graph=str(graph_name), **{"graph-uri": str(graph_name)})
        _send(url, "PUT", data, "application/n-triples", auth)
        return
    if not spec.update_url:
        raise UsageError(f"store {spec}: writing needs an UPDATE_URL or GRAPH_STORE_URL "
                         "(sparql:QUERY_URL,UPDATE_URL[,GRAPH_STORE_URL])")

    def update(text: str) -> None:
        _send(spec.update_url, "POST", text.encode("utf-8"), "application/sparql-update", auth)

    target, staging = f"<{graph_name}>", f"<{staging_graph_name(graph_name)}>"
    update(f"DROP SILENT GRAPH {staging}")  # a leftover of a push that was killed
    lines = ntriples_lines(data.decode("utf-8"))
    if not lines:
        update(f"DROP SILENT GRAPH {target}")
        return
    try:
        for batch in _batches(lines, batch_size):
            update(f"INSERT DATA {{ GRAPH {staging} {{\n" + "\n".join(batch) + "\n} }")
        update(f"MOVE GRAPH {staging} TO GRAPH {target}")
    except StoreError as exc:
        try:
            update(f"DROP SILENT GRAPH {staging}")
        except StoreError:
            pass  # the server is gone: the leftover is dropped by the next push
        raise StoreError(f"{exc} (the graph <{graph_name}> on the server is unchanged)") from exc


def _batches(lines: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(lines), max(1, size)):
        yield lines[start:start + size]


def _with_query(url: str, **params: str) -> str:
    # Virtuoso names the parameter graph-uri; the standard (and Fuseki) graph
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode(list(urllib.parse.parse_qsl(parts.query)) + list(params.items()))
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _env_auth() -> tuple[str, str] | None:
    user = os.environ.get(USER_ENV)
    return (user, os.environ.get(PASSWORD_ENV, "")) if user else None


def _send(url: str, method: str, body: bytes, content_type: str, auth: tuple[str, str] | None) -> None:
    import urllib.error
    import urllib.request  # here: 20 ms of import a query on a store does not use

    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    if auth is not None:
        authorization = _authorization(url, request, auth)
        if authorization:
            request.add_unredirected_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        raise StoreError(f"{method} {url}: HTTP {exc.code} {exc.reason}"
                         + (f": {detail[0]}" if detail else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from exc


def _authorization(url: str, request: urllib.request.Request, auth: tuple[str, str]) -> str | None:
    """The Authorization header for ``request``, from the challenge of a bodiless probe.

    A server that wants Digest answers the first, unauthenticated request with 401
    and may close the connection while a large body is still being sent (a broken
    pipe); so the challenge is fetched with a ``GET`` first.
    """
    import base64
    import urllib.error
    import urllib.request

    probe = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(probe, timeout=60) as response:
            response.read()
        return None  # no authentication asked for
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"GET {url}: {getattr(exc, 'reason', exc)}") from exc
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, auth[0], auth[1])
        handler = urllib.request.HTTPDigestAuthHandler(passwords)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))

        def header(req):
            value = handler.get_authorization(req, fields)
            return f"Digest {value}" if value else None
    elif scheme.lower() == "basic" or not challenge:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")

        def header(_req):
            return f"Basic {token}"
    else:
        raise StoreError(f"{url}: unsupported authentication scheme {scheme!r}")
    # check the credentials on the probe too: a refusal mid-upload is only a broken pipe
    probe.add_unredirected_header("Authorization", header(probe))
    try:
        with urllib.request.urlopen(probe, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise StoreError(f"{request.get_method()} {url}: HTTP {exc.code} {exc.reason}: "
                             f"the server refused the credentials of user {auth[0]!r}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"GET {url}: {getattr(exc, 'reason', exc)}") from exc
    return header(request)


# --- reading -------------------------------------------------------------------------


def open_store(spec: StoreSpec | str, graph_name: str | None = None, *, auth=None, read_only: bool = False) -> Graph:
    """Open the graph of a dataset already in a store, for querying.

    Parameters
    ----------
    spec : StoreSpec or str
        An ``oxigraph:`` or ``sparql:`` store (a ``memory`` store has nothing in it).
    graph_name : str, optional
        The dataset's named graph; may be omitted when the store holds exactly one
        (for a SPARQL server: one graph holding a stancegraph ``void:Dataset``).
    read_only : bool
        Open an Oxigraph store read-only (``pyoxigraph.Store.read_only``): several
        processes may then read it at once, none may write it meanwhile. A
        SPARQL store is only ever read through its query URL here anyway.

    Raises
    ------
    StoreError
        When the store is missing, empty, or holds several graphs and none was named.
    UsageError
        For ``memory`` (build the dataset instead).
    """
    spec = parse_store(spec) if isinstance(spec, str) else spec
    if spec.kind is StoreKind.MEMORY:
        raise UsageError("a memory store holds no data between runs; build the dataset instead")
    from rdflib import Graph, URIRef

    if spec.kind is StoreKind.OXIGRAPH:
        store, graph_name = oxigraph_store(spec, graph_name, read_only=read_only)
        return _oxigraph_graph(store, URIRef(graph_name), None)
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    auth = auth if auth is not None else _env_auth()
    store = SPARQLStore(spec.query_url, returnFormat="json", auth=auth, method="POST_FORM")
    if graph_name is None:
        graph_name = _only_dataset_graph(store, spec)
    graph = Graph(store=store, identifier=URIRef(graph_name), bind_namespaces="none")
    from ..rdf.prefixes import bind_prefixes

    bind_prefixes(graph)
    return graph


def oxigraph_store(spec: StoreSpec, graph_name: str | None = None, *, read_only: bool = False):
    """``(pyoxigraph.Store, graph name)`` of an ``oxigraph:`` store, as :func:`open_store` opens it.

    Raises
    ------
    StoreError
        When the store is missing, empty, or holds several graphs and none was named.
    """
    if not spec.path.is_dir():
        raise StoreError(f"no Oxigraph store at {spec.path} (build one with --store {spec})")
    store = _open_oxigraph_read_only(spec.path) if read_only else _open_oxigraph(spec.path)
    if graph_name is None:
        names = sorted(node.value for node in store.named_graphs())
        if not names:
            raise StoreError(f"the Oxigraph store at {spec.path} is empty")
        if len(names) > 1:
            raise StoreError(f"the Oxigraph store at {spec.path} holds {len(names)} graphs; name one of: "
                             + ", ".join(names))
        graph_name = names[0]
    return store, str(graph_name)


_OPEN_OXIGRAPH: dict[Path, object] = {}
"""Oxigraph stores opened by this process, by folder (a folder can be opened once)."""


def _only_dataset_graph(store, spec: StoreSpec) -> str:
    """The one named graph on a server holding a stancegraph dataset (a void:Dataset)."""
    query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <http://rdfs.org/ns/void#Dataset> ; "
             "<http://rdfs.org/ns/void#uriSpace> ?space } FILTER(STRSTARTS(STR(?g), STR(?space))) }")
    from rdflib import Graph

    try:
        names = sorted(str(row[0]) for row in Graph(store=store).query(query))
    except Exception as exc:  # urllib, HTTP and result-parsing errors: report, never hide
        raise StoreError(f"cannot query {spec.query_url}: {' '.join(str(exc).split())[:200]}") from exc
    if not names:
        raise StoreError(f"no stancegraph dataset on {spec.query_url} (build one with --store {spec})")
    if len(names) > 1:
        raise StoreError(f"{spec.query_url} holds {len(names)} stancegraph datasets: " + ", ".join(names))
    return names[0]


def _open_oxigraph(path: Path):
    import pyoxigraph as ox

    key = path.resolve()
    if key in _OPEN_OXIGRAPH:
        return _OPEN_OXIGRAPH[key]
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
        _recover_killed_build(store, path)
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store at {path}: {exc}") from exc
    _OPEN_OXIGRAPH[key] = store
    return store


def _open_oxigraph_read_only(path: Path):
    """A read-only handle on the Oxigraph store in ``path`` (not cached: one per caller)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store at {path} read-only: {exc}") from exc


def close_store(spec: StoreSpec | str) -> None:
    """Let go of an Oxigraph store this process opened (another process may then open it)."""
    spec = parse_store(spec) if isinstance(spec, str) else spec
    if spec.kind is StoreKind.OXIGRAPH:
        _OPEN_OXIGRAPH.pop(spec.path.resolve(), None)


def _oxigraph_graph(store, name: URIRef, dataset: Dataset | None) -> Graph:
    from oxrdflib import OxigraphStore
    from rdflib import Graph

    from ..rdf.prefixes import bind_prefixes

    graph = Graph(store=OxigraphStore(store=store), identifier=name, bind_namespaces="none")
    base = str(dataset.info.base_iri) if dataset is not None else str(name).rsplit("dataset", 1)[0]
    bind_prefixes(graph, base)
    return graph


# --- export --------------------------------------------------------------------------

_OX_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "rdfxml": "RDF_XML", "trig": "TRIG"}
"""pyoxigraph's name of each :class:`~stancegraph.graph.rdf.export.RdfFormat` it writes (by value)."""


def serialize_store_graph(graph: Graph, fmt: RdfFormat | str = "turtle") -> bytes:
    """Serialise a graph, with Oxigraph's serialisers when it lives in Oxigraph.

    Oxigraph writes its triples in its index order, which depends only on the
    triples, so the same data always gives the same bytes; N-Triples are
    additionally sorted line by line, as :func:`~.export.serialize_graph` does.
    Other stores (and JSON-LD) go through :func:`~.export.serialize_graph`.
    """
    from ..rdf.export import RdfFormat, serialize_graph

    fmt = RdfFormat(fmt)
    if not is_oxigraph(graph) or fmt not in _OX_FORMATS:
        return serialize_graph(graph, fmt, graph_name=str(graph.identifier))
    import pyoxigraph as ox

    store = graph.store._inner
    name = ox.NamedNode(str(graph.identifier))
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    if fmt is RdfFormat.NTRIPLES:
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).decode("utf-8")
        return join_ntriples(sorted(ntriples_lines(text)))  # never splitlines(): see rdf.linebreaks
    if fmt is RdfFormat.TRIG:
        quads = store.quads_for_pattern(None, None, None, name)
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    data = store.dump(format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]), from_graph=name, prefixes=prefixes)
    if fmt is RdfFormat.RDFXML:  # Oxigraph writes CR raw (read back as LF) and controls XML cannot carry
        from ..xmlchars import checked_xml, triple_places

        def places():
            return triple_places((q.subject, q.predicate, q.object)
                                 for q in store.quads_for_pattern(None, None, None, name))

        return checked_xml(data, places, "RDF/XML")
    return data
