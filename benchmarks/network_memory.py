"""Peak memory of the benchmark pipeline with the congruence network, stage by stage.

Does what ``benchmarks/run.py`` does for one size, without the baselines: read the
seed folder, write it to an Oxigraph store, serialise Turtle, then build the
congruence network — and prints the process's peak RSS after each stage (and the
network's size and build time). With ``--network-only`` the store stages are left
out, to see the network's own share.

Usage::

    python benchmarks/network_memory.py /tmp/sg100k
    python benchmarks/network_memory.py /tmp/sg10k --network-only
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, help="a seed folder (benchmarks/generate.py makes one)")
    parser.add_argument("--network-only", action="store_true", help="skip the store stages")
    parser.add_argument("--kind", default="congruence", help="network kind (default congruence)")
    parser.add_argument("--level", default="organisation", help="actor level (default organisation)")
    args = parser.parse_args(argv)

    from stancegraph.graph.rdf.export import RdfFormat
    from stancegraph.graph.seeds.load import read_dataset
    from stancegraph.graph.stores.store import serialize_store_graph, write_dataset

    def report(stage: str, seconds: float) -> None:
        print(f"{stage:<28} {seconds:7.2f} s   rss {_rss_mb():7.0f} MB   peak {_peak_mb():7.0f} MB", flush=True)

    start = time.perf_counter()
    loaded = read_dataset(args.seeds)
    if not loaded.ok:
        raise SystemExit(f"invalid seeds: {loaded.problems[:3]}")
    dataset = loaded.dataset
    report("load", time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as work:
        if not args.network_only:
            start = time.perf_counter()
            graph = write_dataset(f"oxigraph:{Path(work) / 'store'}", dataset)
            report("build (oxigraph)", time.perf_counter() - start)
            start = time.perf_counter()
            turtle = serialize_store_graph(graph, RdfFormat.TURTLE)
            report(f"export ({len(turtle) / 1e6:.0f} MB Turtle)", time.perf_counter() - start)
            del turtle
        from stancegraph.graph.networks import build_network

        start = time.perf_counter()
        network = build_network(dataset, args.kind, args.level)
        report(f"{args.kind} network", time.perf_counter() - start)
        print(f"network: {network.number_of_nodes():,} nodes, {network.number_of_edges():,} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
