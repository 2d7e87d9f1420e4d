"""Time and peak memory of Leifeld polarisation and the discourse backbone on a seed folder.

Each analysis runs in its own child process (so peak RSS is its own: dataset load
plus the analysis), with rDNA's defaults where they apply, and prints one line per
analysis: wall time of the analysis (load excluded), peak RSS, and what it found.

Usage::

    python benchmarks/generate.py 10000 /tmp/sg10k
    python benchmarks/analysis.py /tmp/sg10k
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

CASES = {
    "polarisation greedy, whole period": ("polarisation", dict(algorithm="greedy", normalise=True)),
    "polarisation genetic, whole period": ("polarisation", dict(algorithm="genetic", normalise=True)),
    "polarisation greedy, 1y Gaussian slices": ("polarisation", dict(algorithm="greedy", normalise=True,
                                                                     window="1y", kernel="gaussian")),
    "polarisation greedy, 90d uniform slices": ("polarisation", dict(algorithm="greedy", normalise=True,
                                                                     window="90d", kernel="uniform",
                                                                     start="2015", end="2015")),
    "backbone nested": ("backbone", dict(method="nested")),
    "backbone penalty, 10,000 iterations": ("backbone", dict(method="penalty", iterations=10000)),
    "backbone fixed size 10, 2,000 iterations": ("backbone", dict(method="fixed", size=10, iterations=2000)),
}


def _run(seeds: str, name: str, queue) -> None:
    from stancegraph.graph.networks import backbone, polarisation_leifeld
    from stancegraph.graph.seeds.load import load_dataset

    dataset = load_dataset(seeds)
    what, kwargs = CASES[name]
    started = time.perf_counter()
    if what == "polarisation":
        results = polarisation_leifeld(dataset, seed=1, **kwargs)
        found = (f"{len(results)} slices, actors up to {max(len(r.labels) for r in results)}, "
                 f"score {results[0].score:.3f}" + (f" … {results[-1].score:.3f}" if len(results) > 1 else ""))
    else:
        result = backbone(dataset, seed=1, **kwargs)
        found = (f"{len(result.labels)} actors, {len(result.backbone) + len(result.redundant)} concepts; "
                 + (f"{len(result.nested)} steps" if result.method == "nested" else
                    f"backbone {len(result.backbone)} (loss {result.backbone_loss:.4f})"))
    seconds = time.perf_counter() - started
    queue.put({"case": name, "seconds": round(seconds, 2), "found": found,
               "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, help="a seed folder (benchmarks/generate.py makes one)")
    parser.add_argument("--case", action="append", choices=list(CASES), help="run only these (repeatable)")
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    for name in args.case or CASES:
        queue = context.Queue()
        process = context.Process(target=_run, args=(str(args.seeds), name, queue))
        process.start()
        row = queue.get()
        process.join()
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
