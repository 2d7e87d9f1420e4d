"""``serve``: a read-only SPARQL 1.1 endpoint (and the HTML view) on 127.0.0.1."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from .progress import progress_display, quiet_option
from .common import CONTEXT_SETTINGS, check_port_free, corpus_option, err_console, handle_errors, store_option
from .numbers import COUNT_MAX, TIMEOUT_MAX, BoundedInt, FiniteFloat

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("source", required=False, metavar="[DATA_DIR | FILE]", type=click.Path(path_type=Path))
@corpus_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the endpoint).")
@click.option("--port", type=BoundedInt(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=FiniteFloat(0, TIMEOUT_MAX, min_open=True), default=10.0, show_default=True,
              help="Per-query time limit in seconds; a query past it is stopped.")
@click.option("--max-rows", type=BoundedInt(1, COUNT_MAX), default=10_000, show_default=True,
              help="Most rows (or triples) one answer may have; larger answers are refused.")
@click.option("--workers", type=BoundedInt(1, 256), default=4, show_default=True,
              help="Query worker processes (queries answered at once); at most one less may run past "
                   "a second at once, so one always stays for short queries.")
@click.option("--memory-limit", "memory_limit_mb", type=BoundedInt(256, 2**30), default=4096,
              show_default=True, help="Address-space cap of each query worker, in MB.")
@click.option("--view", "network_view", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="HTML network view to serve at /network (e.g. from 'stancegraph build').")
@click.option("--base", metavar="PATH", help="Local path the dataset's IRIs are served under (default: the base "
              "IRI's last segment, e.g. /nhs/); '/' or a URL (its path is used) for a reverse proxy.")
@store_option
@quiet_option
@handle_errors
def serve(source: Path | None, corpus: Path | None, host: str, port: int, timeout: float, max_rows: int,
          workers: int, memory_limit_mb: int, network_view: Path | None, base: str | None, store,
          quiet: bool) -> None:
    """Serve a graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql,
    and every IRI of the dataset as a page (HTML or RDF by content negotiation).

    \b
    stancegraph serve out/stancegraph.ttl      # the file 'stancegraph build' wrote
    stancegraph serve                          # built from the embedded seeds
    stancegraph serve --port 8080 --timeout 5 --max-rows 1000
    stancegraph serve --store oxigraph:graph.db

    The source is an RDF file stancegraph wrote (.ttl, .nt, .jsonld, .trig, .rdf,
    or N-Quads .nq; endings in any case), a seed folder (built on start-up; quotes verified only with --corpus) or --store.
    GET http://HOST:PORT/nhs/organisation/labour-party answers 303 See Other to its
    page (.html) or description (.ttl, .jsonld, .nt, .rdf by Accept or ?format=);
    /.well-known/void is the VoID description, /dump.ttl the whole graph in Turtle.

    Updates, LOAD, SERVICE and FROM are refused; each query runs in a worker
    process that is killed when it passes --timeout. Stop with Ctrl-C.
    With --store the graph that 'stancegraph build --store' put there is served:
    each worker opens an Oxigraph store read-only (do not rebuild it while
    serving), or sends the query to the SPARQL server's own engine.
    """
    check_port_free(host, port)  # before any work and any banner: one line, exit 2
    with contextlib.ExitStack() as cleanup:
        cleanup.enter_context(_exit_on_sigterm())
        with progress_display(quiet) as progress:
            graph, title, size, origin, scratch = _read_source(source, corpus, store, progress)
        if scratch is not None:
            cleanup.callback(scratch.close)  # after the workers stopped (closed first, below)
            store = scratch.spec  # every worker opens the one store read-only: no copy of the graph
        elif store is not None and store.kind.value == "memory":
            store = None  # rdflib's Memory store: the graph itself goes to the workers
        _serve(graph, title, size, origin, store, source, host, port, timeout, max_rows, workers, memory_limit_mb,
               network_view, base)


def _serve(graph, title, size, origin, store, source, host, port, timeout, max_rows, workers, memory_limit_mb,
           network_view, base) -> None:
    import uvicorn

    from ..serve.endpoint import EndpointSettings, create_app, endpoint_examples
    from ..serve.linked_data import site_for_graph
    from ..serve.void import example_resources
    from ..sparql.library import named_queries
    from ..sparql.sandbox import QueryRunner, RunnerSettings

    site = site_for_graph(graph, base, dump=source if source is not None and source.is_file() else None)
    err = err_console()
    if host not in _LOOPBACK:
        err.print(f"[yellow]warning[/yellow]: listening on {host}: the endpoint is reachable from other machines")
    # fairness: at most workers - 1 queries run past a second at once, so a short query always finds a worker
    settings = RunnerSettings(workers=workers, timeout=timeout, max_rows=max_rows, memory_limit_mb=memory_limit_mb,
                              long_queries=max(1, workers - 1))
    with QueryRunner(graph, settings, store=store) as runner:
        app = create_app(runner, EndpointSettings(
            title=title,
            network_view=network_view,
            examples=endpoint_examples(graph, list(named_queries().values())),
            resources=site,
        ))
        from ..serve.protocol import JsonErrorH11Protocol, incomplete_event_limit  # unparseable: JSON errors too

        # bound before the banner, so --port 0 shows the port the system chose; uvicorn listens on it
        with contextlib.closing(_listening_socket(host, port)) as listening:
            port = listening.getsockname()[1]
            shown = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
            err.print(_startup_message(title, origin, size, shown, site, example_resources(site) if site else []),
                      markup=False)  # a title or path is data, never markup (rich's escape doubles a trailing \)
            uvicorn.run(app, fd=listening.fileno(), log_level="warning", http=JsonErrorH11Protocol,
                        h11_max_incomplete_event_size=incomplete_event_limit(EndpointSettings().max_query_bytes))


def _listening_socket(host: str, port: int):
    """A TCP socket bound to ``(host, port)`` as uvicorn binds one (``SO_REUSEADDR``; IPv6 for an address with ':')."""
    import socket

    from ..errors import UsageError

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _read_source(source: Path | None, corpus: Path | None, store, progress=None):
    """``(graph, title, triple count, what it was read from, scratch store or None)`` for ``serve``'s arguments.

    An RDF file, and seed files, are loaded into a scratch store
    (:class:`~stancegraph.graph.stores.scratch.ScratchStore`: Oxigraph on disk, opened
    read-only by this process and by every query worker, so the graph is held once);
    with ``--store memory`` seed files are built into rdflib's Memory store instead.
    """
    from ..errors import UsageError

    if store is not None and store.kind.value != "memory":
        from ..stores.store import open_store, store_title, triple_count

        if source is not None or corpus is not None:
            raise UsageError("--store serves the graph already in the store; DATA_DIR, FILE and --corpus are not read")
        graph = open_store(store, read_only=True)
        return graph, store_title(graph), triple_count(graph), f"the store {store}", None
    if source is not None and source.is_file():
        from ..serve.linked_data import site_for_graph
        from ..serve.source import read_rdf_file
        from ..stores.store import triple_count

        if corpus is not None:
            raise UsageError(f"{source} is a built graph: --corpus is read only when building from seed files")
        with _scratch_on_error() as scratch:
            graph = read_rdf_file(source, scratch, progress)
        site = site_for_graph(graph)
        return graph, site.title if site else source.name, triple_count(graph), str(source), scratch
    if source is not None and not source.exists():
        raise UsageError(f"{source}: no such file or folder")
    if source is not None and not source.is_dir():  # a FIFO, socket or device: neither a file nor seed folder
        raise UsageError(f"{source}: {_file_kind(source)}, not a regular file or a folder: serve reads an RDF file "
                         "or a folder of seed files")
    from ..errors import DataError
    from ..pipeline import _read
    from ..progress import or_silent
    from ..stores.store import triple_count

    loaded = _read(source, corpus, or_silent(progress))
    if not loaded.ok:
        raise DataError(loaded.problems)
    dataset = loaded.dataset
    scratch = None
    if store is not None:  # --store memory
        from ..rdf.mapping import build_graph

        or_silent(progress)("building the graph in rdflib's Memory store")
        graph = build_graph(dataset)
    else:
        from ..rdf.ntriples import ntriples_chunks
        from ..stores.store import BULK_LOAD_TRIPLES, _ntriples_batches, _oxigraph_graph, dataset_graph_name

        name = dataset_graph_name(dataset)
        with _scratch_on_error() as scratch:
            scratch.load(str(name), _ntriples_batches(ntriples_chunks(dataset), BULK_LOAD_TRIPLES), progress,
                         "building the graph")
        graph = _oxigraph_graph(scratch.open(), name, dataset)
    where = f"the seed files in {source}" if source is not None else "the embedded dataset's seed files"
    if corpus is None:
        where += (", built without a corpus (quotes not verified, no text positions: pass --corpus DIR, or serve "
                  "the file 'stancegraph build' wrote, e.g. out/stancegraph.ttl)")
    else:
        where += f", quotes verified against {corpus}"
    return graph, dataset.info.title, triple_count(graph), where, scratch


def _file_kind(path: Path) -> str:
    """What ``path`` is when it is neither a regular file nor a folder (``a FIFO``, ``a socket`` …)."""
    import stat

    mode = path.stat().st_mode
    kinds = [(stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")]
    return next((name for test, name in kinds if test(mode)), "a special file")


@contextlib.contextmanager
def _exit_on_sigterm():
    """SIGTERM and SIGINT end ``serve`` through every ``finally`` (workers stopped, scratch store removed).

    uvicorn stops on SIGTERM and then raises the signal again for the handler that
    was there before it; Python's default handler would end the process on the spot.
    SIGINT (Ctrl-C) raises ``KeyboardInterrupt`` (exit 130) while the graph loads even
    when the process started with SIGINT ignored, as a shell starts a background job
    (``serve FILE &``; ``kill -INT`` was then lost until uvicorn, which handles SIGINT
    whatever it inherited, started serving).
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


@contextlib.contextmanager
def _scratch_on_error():
    """A new scratch store, removed again if what is done with it fails."""
    from ..stores.scratch import ScratchStore

    scratch = ScratchStore()
    try:
        yield scratch
    except BaseException:
        scratch.close()
        raise


def _startup_message(title, origin, size, shown, site, examples) -> str:
    """The lines ``serve`` prints once it listens: plain text, printed without markup."""
    from ..wording import counted

    lines = [f"serving {title} ({counted(size, 'triple')}) from {origin}",
             f"  SPARQL endpoint  {shown}/sparql",
             f"  query page       {shown}/"]
    if site is not None:
        example = site.path(str(examples[0])) if examples else site.mount
        lines += [f"  resources        {shown}{site.mount}… (e.g. {shown}{example})",
                  f"  VoID             {shown}/.well-known/void"]
    return "\n".join(lines)


COMMANDS = [serve]
