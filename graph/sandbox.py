"""Run queries in worker processes that can be stopped: a real time limit for SPARQL.

rdflib has no query timeout, and a Python thread cannot be stopped from outside,
so a runaway query (a cross product, a pathological property path) would hold a
thread forever. :class:`QueryRunner` keeps a small pool of worker processes, each
with its own copy of the graph. A query is sent to an idle worker; if no answer
arrives before the deadline, the worker is killed (SIGKILL — nothing in it can
delay that) and a fresh one is started in the background.

Each worker also:

- parses and checks every query itself (:func:`~stancegraph.graph.sparql.parse_query`),
  so a pathological query text is stopped by the same deadline;
- installs an audit hook refusing sockets, URL requests, subprocesses and file
  writes, so even a query that slipped past the read-only check could not fetch
  or write anything;
- optionally caps its address space (``memory_limit_mb``), so an exploding
  intermediate result ends as an error rather than swapping the machine;
- stops reading a result past ``max_rows`` rows and reports it as an error
  instead of sending a silently truncated answer.

Workers start with ``fork`` when asked (the CLI: one thread, the graph is simply
inherited), otherwise through ``forkserver`` (safe in a threaded server; the graph
travels once as N-Triples) or ``spawn`` where forkserver does not exist.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

from rdflib import Graph
from rdflib.term import Identifier

from .errors import StanceGraphError, UsageError
from .results import QueryOutcome
from .sparql import QueryFailed, QueryRefused, QuerySyntaxError, QueryTimeout, TooManyResults

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
    """

    workers: int = 1
    timeout: float = 30.0
    max_rows: int | None = None
    memory_limit_mb: int | None = None
    start_method: str | None = None

    def __post_init__(self):
        if self.workers < 1:
            raise UsageError("workers must be at least 1")
        if not self.timeout > 0:
            raise UsageError("the query time limit must be positive")
        if self.max_rows is not None and self.max_rows < 1:
            raise UsageError("the row limit must be at least 1")


_ERRORS: dict[str, type[StanceGraphError]] = {
    cls.__name__: cls for cls in (QuerySyntaxError, QueryRefused, TooManyResults, QueryFailed, UsageError)
}


class QueryRunner:
    """A pool of worker processes answering read-only SPARQL over one graph.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to query (each worker gets its own copy).
    settings : RunnerSettings, optional
        Pool size and limits.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> with QueryRunner(g, RunnerSettings(timeout=10, start_method="fork")) as runner:
    ...     runner.run("ASK { ?s ?p ?o }").boolean
    True
    """

    def __init__(self, graph: Graph, settings: RunnerSettings | None = None):
        self.settings = settings or RunnerSettings()
        method = self.settings.start_method or _default_start_method()
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(["stancegraph.graph.sandbox"])
        namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        if method == "fork":
            self._payload: Any = graph
        else:
            self._payload = (graph.serialize(format="nt", encoding="utf-8"), namespaces)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
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
        limit = self.settings.timeout if timeout is None else timeout
        cap = self.settings.max_rows if max_rows is None else max_rows
        try:
            worker = self._idle.get(timeout=limit + 30)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {limit + 30:g} s; the server is busy") from None
        try:
            worker.send((text, dict(bindings or {}), cap))
            answer = worker.receive(limit)
        except _WorkerGone as gone:
            self._replace(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({gone})") from None
        except _Deadline:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than {limit:g} s and was stopped") from None
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


class _Worker:
    def __init__(self, context, payload, memory_limit_mb):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main, args=(child, payload, memory_limit_mb), name="stancegraph-query", daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = 300.0) -> None:
        message = self.receive(timeout)
        if message != ("ready",):
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
        if not kill:
            try:
                self.conn.send(None)
            except (OSError, EOFError):
                pass
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def _default_start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


# --- the worker process -----------------------------------------------------------------


def _worker_main(conn, payload, memory_limit_mb) -> None:  # pragma: no cover - runs in the worker
    from .results import outcome_from_result
    from .sparql import evaluate, parse_query, query_prefixes

    if isinstance(payload, Graph):
        graph = payload
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
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        text, bindings, max_rows = job
        try:
            parsed = parsed_cache.get(text)
            if parsed is None:
                parsed = parse_query(text, prefixes)
                if len(parsed_cache) > 256:
                    parsed_cache.clear()
                parsed_cache[text] = parsed
            outcome = outcome_from_result(evaluate(graph, parsed, bindings), max_rows, namespaces)
            reply: tuple = ("ok", outcome)
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


def _audit(event: str, args) -> None:  # pragma: no cover - runs in the worker
    if event in _BLOCKED_EVENTS:
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
