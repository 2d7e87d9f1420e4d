"""``serve``: a read-only SPARQL 1.1 endpoint (and the HTML view) on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, corpus_option, data_dir_argument, err_console, handle_errors, store_option

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the endpoint).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Per-query time limit in seconds; a query past it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) one answer may have; larger answers are refused.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query worker processes (queries answered at once).")
@click.option("--memory-limit", "memory_limit_mb", type=click.IntRange(min=256), default=4096,
              show_default=True, help="Address-space cap of each query worker, in MB.")
@click.option("--view", "network_view", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="HTML network view to serve at /network (e.g. from 'stancegraph build').")
@store_option
@handle_errors
def serve(data_dir: Path | None, corpus: Path | None, host: str, port: int, timeout: float, max_rows: int,
          workers: int, memory_limit_mb: int, network_view: Path | None, store) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    \b
    stancegraph serve
    stancegraph serve --port 8080 --timeout 5 --max-rows 1000
    stancegraph serve --store oxigraph:graph.db

    Updates, LOAD, SERVICE and FROM are refused; each query runs in a worker
    process that is killed when it passes --timeout. Stop with Ctrl-C.
    With --store the graph that 'stancegraph build --store' put there is served:
    each worker opens an Oxigraph store read-only (do not rebuild it while
    serving), or sends the query to the SPARQL server's own engine.
    """
    import uvicorn

    from ..serve.endpoint import EndpointSettings, create_app, endpoint_examples
    from ..seeds.load import load_dataset
    from ..sparql.library import named_queries
    from ..rdf.mapping import build_graph
    from ..sparql.sandbox import QueryRunner, RunnerSettings

    if store is not None:
        from ..stores.store import open_store, store_title, triple_count

        if data_dir is not None or corpus is not None:
            from ..errors import UsageError

            raise UsageError("--store serves the graph already in the store; DATA_DIR and --corpus are not read")
        graph = open_store(store, read_only=True)
        title, size = store_title(graph), triple_count(graph)
    else:
        dataset = load_dataset(data_dir, corpus)
        graph = build_graph(dataset)
        title, size = dataset.info.title, len(graph)
    err = err_console()
    if host not in _LOOPBACK:
        err.print(f"[yellow]warning[/yellow]: listening on {host}: the endpoint is reachable from other machines")
    settings = RunnerSettings(workers=workers, timeout=timeout, max_rows=max_rows, memory_limit_mb=memory_limit_mb)
    with QueryRunner(graph, settings, store=store) as runner:
        app = create_app(runner, EndpointSettings(
            title=title,
            network_view=network_view,
            examples=endpoint_examples(graph, list(named_queries().values())),
        ))
        shown = f"[{host}]" if ":" in host else host
        err.print(f"SPARQL endpoint for {title} ({size} triples) at "
                  f"http://{shown}:{port}/sparql — query page at http://{shown}:{port}/")
        uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [serve]
