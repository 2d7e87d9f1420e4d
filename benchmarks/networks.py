"""Speed of the discourse networks on a synthetic dataset, as ratios to a baseline.

The baseline is the statement selection alone (walk every statement, code actor,
concept and date, sort, remove duplicates) in the same process; each network is
reported in seconds and as a multiple of that baseline, so results compare across
machines.

Usage::

    python benchmarks/networks.py [STATEMENTS]   # default 10000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_dataset  # noqa: E402

from stancegraph.graph.seeds.load import load_dataset  # noqa: E402
from stancegraph.graph.networks import (  # noqa: E402
    NetworkOptions, build_network, coalitions, time_windows, write_graphml,
)


def best_of(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10000
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(n, Path(tmp) / "seeds")
        t0 = time.perf_counter()
        dataset = load_dataset(folder)
        print(f"{len(dataset.statements)} statements, {len(dataset.organisations)} organisations, "
              f"{len(dataset.concepts)} concepts (loaded in {time.perf_counter() - t0:.1f} s)")
        options = NetworkOptions.make(dataset, duplicates="document")
        baseline = best_of(lambda: options.select(dataset))
        print(f"baseline (selection): {baseline:.3f} s")
        cong = build_network(dataset, "congruence")
        cases = {
            "twomode": lambda: build_network(dataset, "twomode", qualifier="combine"),
            "congruence, organisations": lambda: build_network(dataset, "congruence"),
            "subtract, average, document dups": lambda: build_network(
                dataset, "subtract", normalisation="average", duplicates="document"),
            "congruence, persons": lambda: build_network(dataset, "congruence", level="person"),
            "concept-congruence": lambda: build_network(dataset, "concept-congruence"),
            "time windows 2y step 1y": lambda: time_windows(dataset, window="2y", step="1y"),
            "coalitions (Louvain)": lambda: coalitions(cong, seed=0),
            "write GraphML": lambda: write_graphml(cong, Path(tmp) / "c.graphml"),
        }
        print(f"congruence network: {cong.number_of_nodes()} nodes, {cong.number_of_edges()} edges")
        for name, func in cases.items():
            seconds = best_of(func)
            print(f"{name:36s} {seconds:8.3f} s  {seconds / baseline:8.1f} × baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
