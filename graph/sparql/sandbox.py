"""Run queries in worker processes that can be stopped: a real time limit for SPARQL.

rdflib has no query timeout, and a Python thread cannot be stopped from outside,
so a runaway query (a cross product, a pathological property path) would hold a
thread forever. :class:`QueryRunner` keeps a small pool of worker processes, each
with its own copy of the graph. A query is sent to an idle worker; if no answer
arrives before the deadline, the worker is killed (SIGKILL — nothing in it can
delay that) and a fresh one is started in the background.

Each worker also:

- parses and checks every query itself (:func:`~stancegraph.graph.sparql.engine.parse_query`),
  so a pathological query text is stopped by the same deadline;
- installs an audit hook refusing sockets, URL requests, subprocesses and file
  writes, so even a query that slipped past the read-only check could not fetch
  or write anything;
- optionally caps its address space (``memory_limit_mb``), so an exploding
  intermediate result ends as an error rather than swapping the machine;
- stops reading a result past ``max_rows`` rows and reports it as an error
  instead of sending a silently truncated answer.

Fairness: one client's runaway queries must not starve another's trivial one
(measured before: eight regex bombs held both workers and a one-row query waited
38 s). A query waits at most its time limit for a worker (then: busy, 503 at the
endpoint), and with ``long_queries`` set, at most that many queries may run past
``long_after`` seconds at once: a query passing it when those places are taken is
stopped as busy. With ``long_queries`` below ``workers``, some workers always stay
for short queries, whoever sends the long ones; no client identity is needed
(behind a proxy or on loopback every client has the same address). Workers are
started up front: a worker started on demand took seconds to be ready on a busy
machine, which is as long as a short query should ever wait.

Workers start with ``fork`` when asked (the CLI: one thread, the graph is simply
inherited), otherwise through ``forkserver`` (safe in a threaded server; the graph
travels once as N-Triples) or ``spawn`` where forkserver does not exist.

Given a ``store`` (:mod:`.store`), nothing is copied: each worker opens an Oxigraph
store read-only (``pyoxigraph.Store.read_only``; Oxigraph reads its files from
Rust, which the audit hook does not see) and evaluates there, or sends the query
to a SPARQL server's own engine — its hook then lets through connections to that
server's address and port only, and the deadline still kills a worker whose
server takes too long.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from ..errors import StanceGraphError, UsageError
from .results import QueryOutcome
from .engine import QueryFailed, QueryRefused, QuerySyntaxError, QueryTimeout, TooManyResults

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported where a graph is queried with it
    from rdflib import Graph
    from rdflib.term import Identifier

__all__ = ["RunnerSettings", "QueryRunner"]


@dataclass(frozen=True)
class RunnerSettings:
    """Limits of a :class:`QueryRunner`.

    Attributes
    ----------
    workers : int
        Worker processes (queries answered at once).
    timeout : float
        Seconds a query may run before its worker is killed.
    max_rows : int or None
        Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) an answer may have.
    memory_limit_mb : int or None
        Address-space cap of each worker (POSIX only).
    start_method : str or None
        ``fork``, ``forkserver`` or ``spawn``; forkserver (or spawn) when None.
    long_queries : int or None
        At most this many queries may run past ``long_after`` seconds at once; a
        query passing it when they all are is stopped as busy (None: no limit).
    long_after : float
        Seconds after which a running query counts as long.
    """

    workers: int = 1
    timeout: float = 30.0
    max_rows: int | None = None
    memory_limit_mb: int | None = None
    start_method: str | None = None
    long_queries: int | None = None
    long_after: float = 1.0

    def __post_init__(self):
        if self.workers < 1:
            raise UsageError("workers must be at least 1")
        if self.long_queries is not None and self.long_queries < 1:
            raise UsageError("long_queries must be at least 1")
        if not self.long_after > 0:
            raise UsageError("long_after must be positive")
        _check_timeout(self.timeout)
        if self.max_rows is not None and self.max_rows < 1:
            raise UsageError("the row limit must be at least 1")


def _check_timeout(seconds: float) -> float:
    """``seconds`` if it is a time limit the runner can wait for (0 < seconds ≤ :data:`TIMEOUT_MAX`)."""
    from . import TIMEOUT_MAX

    if not 0 < seconds <= TIMEOUT_MAX:  # NaN fails both comparisons
        raise UsageError(f"the query time limit must be more than 0 and at most {TIMEOUT_MAX:,.0f} seconds, "
                         f"not {seconds}")
    return seconds


_PRELOAD = [
    "stancegraph.graph.sparql.sandbox", "stancegraph.graph.sparql.engine", "stancegraph.graph.sparql.results",
    "rdflib.plugins.sparql.parser", "rdflib.plugins.sparql.algebra", "rdflib.plugins.sparql.evaluate",
    "rdflib.plugins.parsers.ntriples",
]
"""Imported once by the fork server, so a worker (re)started after a kill is ready in a fraction of a
second instead of re-importing rdflib's SPARQL parser (measured on a loaded 2-core machine: 0.5-1.9 s)."""


_ERRORS: dict[str, type[StanceGraphError]] = {
    cls.__name__: cls for cls in (QuerySyntaxError, QueryRefused, TooManyResults, QueryFailed, UsageError)
}


class QueryRunner:
    """A pool of worker processes answering read-only SPARQL over one graph.

    Parameters
    ----------
    graph : rdflib.Graph or StoreView
        The graph to query (each worker gets its own copy), or, with ``store``, the
        graph as opened on that store (its identifier names the dataset's graph). A
        :class:`~stancegraph.graph.stores.view.StoreView` (``fork`` only) answers shipped
        named queries by pyoxigraph alone (:func:`~stancegraph.graph.stores.view.answer_named`:
        the text is not parsed by rdflib, so only our own queries may be run on it), with
        pyoxigraph terms in the answers.
    settings : RunnerSettings, optional
        Pool size and limits.
    store : StoreSpec or str, optional
        An ``oxigraph:`` or ``sparql:`` store: each worker opens it (read-only)
        instead of receiving a copy of ``graph``.
    auth : (user, password), optional
        Credentials for a ``sparql:`` store (else from the environment).

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> with QueryRunner(g, RunnerSettings(timeout=10, start_method="fork")) as runner:
    ...     runner.run("ASK { ?s ?p ?o }").boolean
    True
    """

    def __init__(self, graph: Graph, settings: RunnerSettings | None = None, *, store=None, auth=None):
        self.settings = settings or RunnerSettings()
        method = self.settings.start_method or _default_start_method()
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(_PRELOAD)
        namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        if store is not None:
            from ..stores.store import StoreKind, parse_store

            spec = parse_store(store) if isinstance(store, str) else store
            if spec.kind is StoreKind.MEMORY:
                raise UsageError("a memory store holds no data: pass the graph itself")
            self._payload: Any = _StorePayload(str(spec), str(graph.identifier), namespaces, auth)
        elif method == "fork":
            self._payload = graph
        elif _is_view(graph):
            raise UsageError("a store view is answered by forked workers only (start_method='fork')")
        elif type(graph.store).__name__ == "OxigraphStore":  # an in-memory Oxigraph copy in each worker
            from ..stores.memory import dump_ntriples

            self._payload = _OxigraphCopy(dump_ntriples(graph), str(graph.identifier), namespaces)
        else:
            self._payload = (graph.serialize(format="nt", encoding="utf-8"), namespaces)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        long_queries = self.settings.long_queries
        self._long = threading.BoundedSemaphore(long_queries) if long_queries is not None else None
        started = [self._start_worker() for _ in range(self.settings.workers)]
        for worker in started:
            try:
                worker.wait_ready()
            except _WorkerGone as exc:
                self.close()
                raise QueryFailed(f"the query workers failed to start ({exc})") from None
            self._idle.put(worker)

    # --- public -----------------------------------------------------------------------

    def run(
        self,
        text: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        """Answer one query within the time limit.

        Parameters
        ----------
        text : str
            The SPARQL query.
        bindings : mapping, optional
            Variable name → RDF term, bound with ``initBindings``.
        timeout, max_rows : optional
            Override the runner's settings for this query.

        Raises
        ------
        QuerySyntaxError, QueryRefused
            For malformed or refused queries.
        QueryTimeout
            When the query ran past the limit (its worker was killed and replaced).
        TooManyResults
            When the answer is larger than the row cap.
        QueryFailed
            When the engine failed, or the worker died.
        """
        if self._closed:
            raise UsageError("the query runner is closed")
        limit = self.settings.timeout if timeout is None else _check_timeout(timeout)
        cap = self.settings.max_rows if max_rows is None else max_rows
        worker = self._acquire(limit)
        try:
            worker.send((text, dict(bindings or {}), cap))
            answer = self._answer(worker, limit)
        except _WorkerGone as gone:
            self._replace(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({gone})") from None
        except _Deadline:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than {limit:g} s and was stopped") from None
        except _Busy:
            self._replace(worker)
            raise QueryTimeout(f"the server is busy with long queries: this one ran past "
                               f"{self.settings.long_after:g} s while {self.settings.long_queries} others "
                               "did, and was stopped so that short queries keep a worker; retry later") from None
        self._idle.put(worker)
        if answer[0] == "ok":
            return answer[1]
        _status, name, message = answer
        raise _ERRORS.get(name, QueryFailed)(message)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> "QueryRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers if w.process.pid)

    # --- workers ----------------------------------------------------------------------

    def _acquire(self, limit: float) -> "_Worker":
        """An idle worker, waited for at most ``limit`` seconds."""
        try:
            return self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {limit:g} s; the server is busy, "
                               "retry later") from None

    def _answer(self, worker: "_Worker", limit: float):
        """The worker's answer within ``limit`` seconds; past ``long_after``, only while a long place is free."""
        first = self.settings.long_after
        if self._long is None or limit <= first:
            return worker.receive(limit)
        try:
            return worker.receive(first)
        except _Deadline:
            pass
        if not self._long.acquire(blocking=False):
            raise _Busy()
        try:
            return worker.receive(limit - first)
        finally:
            self._long.release()

    def _start_worker(self) -> "_Worker":
        worker = _Worker(self._context, self._payload, self.settings.memory_limit_mb)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: "_Worker") -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop(kill=True)
        if self._closed:
            return

        def start() -> None:
            fresh = self._start_worker()
            try:
                fresh.wait_ready()
            except _WorkerGone:
                with self._lock:
                    self._workers.discard(fresh)
                fresh.stop(kill=True)
                return
            if self._closed:
                fresh.stop(kill=True)
            else:
                self._idle.put(fresh)

        threading.Thread(target=start, name="stancegraph-worker-start", daemon=True).start()


class _WorkerGone(Exception):
    pass


class _Deadline(Exception):
    pass


class _Busy(Exception):
    pass


class _Worker:
    def __init__(self, context, payload, memory_limit_mb):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main, args=(child, payload, memory_limit_mb), name="stancegraph-query", daemon=True,
        )
        self.process.start()
        child.close()
        self._stop_lock = threading.Lock()
        self._stopped = False

    def wait_ready(self, timeout: float = 300.0) -> None:
        message = self.receive(timeout)
        if message != ("ready",):
            if isinstance(message, tuple) and len(message) == 3 and message[0] == "error":
                raise _WorkerGone(message[2])
            raise _WorkerGone(f"worker failed to start: {message!r}")

    def send(self, job) -> None:
        try:
            self.conn.send(job)
        except (OSError, EOFError) as exc:
            raise _WorkerGone(f"cannot send: {exc}") from None

    def receive(self, timeout: float):
        try:
            if not self.conn.poll(timeout):
                raise _Deadline()
            return self.conn.recv()
        except (OSError, EOFError):
            self.process.join(1)
            raise _WorkerGone(f"exit code {self.process.exitcode}") from None

    def stop(self, kill: bool = False) -> None:
        """Stop the worker once: the runner's close and a replacement thread may both ask at the same time
        (two threads closing one pipe raced into EBADF)."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            if not kill:
                try:
                    self.conn.send(None)
                except (OSError, EOFError):
                    pass
                self.process.join(2)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(5)
            try:
                self.conn.close()
            except OSError:
                pass  # closed under a receive that failed on the dead worker


def _default_start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


# --- the worker process -----------------------------------------------------------------


@dataclass(frozen=True)
class _OxigraphCopy:
    """An Oxigraph graph for a worker to hold in memory: its N-Triples as Oxigraph wrote them."""

    ntriples: bytes
    graph_name: str
    namespaces: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _StorePayload:
    """What a worker needs to open a store itself (picklable, small)."""

    store: str
    graph_name: str
    namespaces: dict[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None


_ALLOWED_ENDPOINT: dict[str, Any] = {}
"""In a worker on a ``sparql:`` store: the one server it may reach (url, host, port, addresses)."""


def _open_payload(payload: _StorePayload) -> Graph:  # pragma: no cover - runs in the worker
    """Open the store of ``payload`` read-only; note the server a SPARQL store may reach."""
    import socket
    import urllib.parse

    from ..stores.store import StoreKind, open_store, parse_store

    spec = parse_store(payload.store)
    graph = open_store(spec, payload.graph_name, auth=payload.auth, read_only=True)
    for prefix, namespace in payload.namespaces.items():
        graph.bind(prefix, namespace, override=True)
    if spec.kind is StoreKind.SPARQL:
        parts = urllib.parse.urlsplit(spec.query_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port)}
        except OSError:
            addresses = set()
        _ALLOWED_ENDPOINT.update(url=spec.query_url, host=parts.hostname, port=port, addresses=addresses)
    return graph


def _is_view(graph) -> bool:
    from ..stores.view import StoreView

    return isinstance(graph, StoreView)


def _view_worker(conn, view, memory_limit_mb) -> None:  # pragma: no cover - runs in the worker
    """A worker answering shipped named queries on a :class:`~stancegraph.graph.stores.view.StoreView`."""
    from ..stores.view import answer_named

    _install_guards(memory_limit_mb)
    conn.send(("ready",))
    _answer_jobs(conn, lambda text, bindings, max_rows: answer_named(view, text, bindings, max_rows), memory_limit_mb)


def _worker_main(conn, payload, memory_limit_mb) -> None:  # pragma: no cover - runs in the worker
    import signal

    # Ctrl-C at a terminal signals the whole process group: the parent stops its workers (a KeyboardInterrupt
    # here printed one traceback per worker)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _is_view(payload):
        _view_worker(conn, payload, memory_limit_mb)
        return
    from rdflib import Graph

    from .results import outcome_from_result
    from .engine import evaluate, parse_query, query_prefixes

    if isinstance(payload, Graph):
        graph = payload
    elif isinstance(payload, _OxigraphCopy):
        from ..stores.memory import graph_from_ntriples

        graph = graph_from_ntriples(payload.ntriples, payload.graph_name, payload.namespaces)
    elif isinstance(payload, _StorePayload):
        try:
            graph = _open_payload(payload)
        except StanceGraphError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
            return
    else:
        data, namespaces = payload
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in namespaces.items():
            graph.bind(prefix, namespace)
        graph.parse(data=data, format="nt")
    prefixes = query_prefixes(graph)
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    _install_guards(memory_limit_mb)
    conn.send(("ready",))
    parsed_cache: dict[str, Any] = {}

    def answer(text: str, bindings, max_rows):
        parsed = parsed_cache.get(text)
        if parsed is None:
            parsed = parse_query(text, prefixes)
            if len(parsed_cache) > 256:
                parsed_cache.clear()
            parsed_cache[text] = parsed
        return outcome_from_result(evaluate(graph, parsed, bindings), max_rows, namespaces, parsed.text)

    _answer_jobs(conn, answer, memory_limit_mb)


def _answer_jobs(conn, answer, memory_limit_mb) -> None:  # pragma: no cover - runs in the worker
    """Answer ``(text, bindings, max_rows)`` jobs from ``conn`` with ``answer`` until told to stop.

    Every reply is ``("ok", outcome)`` or ``("error", exception class name, one line)``; a
    failure the engine raises lazily, a memory or recursion limit, or an answer that cannot be
    sent is an error reply, never a dead worker.
    """
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        text, bindings, max_rows = job
        try:
            reply: tuple = ("ok", answer(text, bindings, max_rows))
        except StanceGraphError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except MemoryError:
            reply = ("error", "QueryFailed", f"the query needed more than the memory limit ({memory_limit_mb} MB)")
        except RecursionError:
            reply = ("error", "QueryFailed", "the query is nested too deeply to evaluate")
        except Exception as exc:  # the engine evaluates lazily: its errors surface here; report them
            text_ = " ".join(str(exc).split()) or type(exc).__name__
            reply = ("error", "QueryFailed", f"query failed: {text_[:300]}")
        try:
            conn.send(reply)
        except Exception as exc:  # e.g. an unpicklable term: still answer
            conn.send(("error", "QueryFailed", f"cannot return the answer: {exc}"))


_BLOCKED_EVENTS = {
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
    "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "shutil.rmtree", "os.remove", "os.rename", "os.unlink", "os.rmdir", "os.mkdir",
}


def _reaches_store(event: str, args) -> bool:  # pragma: no cover - runs in the worker
    """True when a network event goes to the worker's SPARQL store, and only there."""
    allowed = _ALLOWED_ENDPOINT
    if not allowed:
        return False
    if event == "urllib.Request":
        return isinstance(args[0], str) and args[0].split("?", 1)[0] == allowed["url"].split("?", 1)[0]
    if event == "http.client.connect":
        return args[1] == allowed["host"] and args[2] in (allowed["port"], None)
    if event == "socket.getaddrinfo":
        return args[0] == allowed["host"]
    if event == "socket.connect":
        address = args[1]
        return (isinstance(address, tuple) and len(address) >= 2
                and address[0] in allowed["addresses"] and address[1] == allowed["port"])
    return False


def _audit(event: str, args) -> None:  # pragma: no cover - runs in the worker
    if event in _BLOCKED_EVENTS and not _reaches_store(event, args):
        raise PermissionError(f"stancegraph query worker: {event} is not allowed")
    if event == "open" and len(args) >= 3:
        mode, flags = args[1], args[2]
        import os

        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND)
        )
        if writes:
            raise PermissionError(f"stancegraph query worker: writing {args[0]!r} is not allowed")


def _install_guards(memory_limit_mb) -> None:  # pragma: no cover - runs in the worker
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    if memory_limit_mb:
        try:
            import resource

            limit = int(memory_limit_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    sys.addaudithook(_audit)
    time.monotonic()  # touch the clock module before the hook can interfere
