"""Benchmark: what the query sandbox and the HTTP endpoint cost over evaluating in-process.

Baseline: every named query evaluated in this process on the default dataset's
graph (prepared algebra + initBindings). Compared, in the same run: the same
queries through a :class:`QueryRunner` (worker processes, pickled answers), and
through the endpoint over HTTP on 127.0.0.1 (uvicorn + Starlette + runner, JSON
results). Reported as times and ratios to the baseline, never asserted.

Usage::

    .venv/bin/python benchmarks/sparql_runner.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    import httpx
    import uvicorn

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.sparql.library import named_queries, resolve_parameters
    from stancegraph.graph.sparql.results import outcome_from_result
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from stancegraph.graph.sparql.engine import evaluate, parse_query, with_values

    graph = __import__("stancegraph.graph.rdf.mapping", fromlist=["build_graph"]).build_graph(load_dataset())
    jobs = []
    for query in named_queries().values():
        bindings = resolve_parameters(graph, query, query.example_values())
        jobs.append((query.name, query.text, bindings, parse_query(query.text)))

    def in_process():
        for _name, _text, bindings, parsed in jobs:
            outcome_from_result(evaluate(graph, parsed, bindings))

    runner = QueryRunner(graph, RunnerSettings(workers=2, timeout=60, start_method="forkserver"))

    def sandboxed():
        for _name, text, bindings, _parsed in jobs:
            runner.run(text, bindings)

    app = create_app(runner, EndpointSettings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/sparql"
    texts = [with_values(text, bindings) for _n, text, bindings, _p in jobs]
    http = httpx.Client(timeout=60)

    def over_http():
        for text in texts:
            response = http.post(url, data={"query": text})
            response.raise_for_status()

    results = {}
    for label, func in (("in-process", in_process), ("sandbox", sandboxed), ("http", over_http)):
        func()  # warm caches
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        results[label] = statistics.median(times)
    base = results["in-process"]
    print(f"{len(jobs)} named queries on {len(graph)} triples, median of {args.rounds} rounds")
    for label, seconds in results.items():
        print(f"  {label:11s} {seconds * 1000:8.1f} ms per round   {seconds / base:5.2f}x baseline")
    started = time.perf_counter()
    fresh = QueryRunner(graph, RunnerSettings(workers=1, timeout=60, start_method="forkserver"))
    print(f"  starting one forkserver worker (graph sent as N-Triples): {time.perf_counter() - started:.2f} s")
    fresh.close()
    server.should_exit = True
    runner.close()


if __name__ == "__main__":
    main()
