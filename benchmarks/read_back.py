"""Reading a dataset back from an Oxigraph store vs loading it from its seed files.

Usage::

    python benchmarks/read_back.py SEEDS_DIR OXIGRAPH_DIR [--repeat N]

Build the store first, e.g. ``stancegraph build /tmp/sg10k --store oxigraph:/tmp/ox10k
--no-shacl --no-html --out /tmp/out10k``. Both reads run in this process, alternately,
``--repeat`` times each; the best time of each and their ratio are printed (ratios,
not absolute times, are what compare across machines and loads). The two datasets
are compared (statements, people, organisations) so a fast wrong read cannot pass.
"""

from __future__ import annotations

import argparse
import resource
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds")
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from stancegraph.graph.rdf.from_rdf import dataset_from_graph
    from stancegraph.graph.seeds.load import read_dataset
    from stancegraph.graph.stores.store import open_store

    graph = open_store(f"oxigraph:{args.store}", read_only=True)
    yaml_times, store_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        seeds = read_dataset(args.seeds).dataset
        yaml_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        back = dataset_from_graph(graph)
        store_times.append(time.perf_counter() - start)
        assert back.statements == seeds.statements, "the store's statements differ from the seeds'"
        assert back.organisations.keys() == seeds.organisations.keys()
        assert back.people.keys() == seeds.people.keys()
        count = len(back.statements)
        del seeds, back
    best_yaml, best_store = min(yaml_times), min(store_times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} statements")
    print(f"read_dataset (YAML seeds): best {best_yaml:.2f} s of {args.repeat}")
    print(f"dataset_from_graph (Oxigraph): best {best_store:.2f} s of {args.repeat}")
    print(f"ratio store/YAML: {best_store / best_yaml:.2f}; peak RSS of the process {peak:.0f} MB")


if __name__ == "__main__":
    main()
