"""Benchmark: a 5,000-node / 20,000-edge network page opening in headless Chromium.

Compares, in the same run and the same browser, our page (layout computed in
Python, physics off, everything inlined) with the page pyvis makes by default for
the same nodes and edges (``cdn_resources="in_line"``, vis-network's default
physics and improved layout). Reported as times and as ratios, never asserted.
Every request that is not ``file://`` is aborted (pyvis's default page asks for
Bootstrap from a CDN), so nothing leaves the machine.

Usage::

    .venv/bin/python benchmarks/bench_html.py [--nodes 5000] [--edges 20000] [--cap 180]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from stancegraph.graph.seeds.dataset import Dataset
from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import (
    Attribution, Concept, DatasetInfo, Document, Organisation, OrganisationKind, Person, Stance, Statement,
)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def synthetic(nodes: int, edges: int, seed: int = 1) -> tuple[nx.Graph, Dataset]:
    """A two-mode-like graph (people, organisations, concepts) and the dataset behind it."""
    rng = random.Random(seed)
    concepts = max(nodes // 20, 2)
    organisations = nodes // 4
    people = nodes - concepts - organisations
    info = DatasetInfo(id="synthetic", title="Synthetic benchmark network", base_iri="https://example.org/s/",
                       version="1")
    ds = Dataset(info=info)
    ds.documents["doc"] = Document(id="doc", title="A document", kind="news", date=PartialDate(2015, 6, 1))
    graph = nx.Graph(network_kind="twomode", level="person")
    kinds = list(OrganisationKind)
    for i in range(concepts):
        cid = f"c{i}"
        ds.concepts[cid] = Concept(id=cid, label=f"Concept {i}", definition="d",
                                   broader=None if i < 5 else f"c{rng.randrange(5)}")
        graph.add_node(cid, label=f"Concept {i}", kind="concept", statements=0)
    actors = []
    for i in range(organisations):
        oid = f"o{i}"
        kind = kinds[i % len(kinds)]
        ds.organisations[oid] = Organisation(id=oid, name=f"Organisation {i}", kind=kind)
        graph.add_node(oid, label=f"Organisation {i}", kind="organisation", org_kind=kind.value, statements=0)
        actors.append(oid)
    for i in range(people):
        pid = f"p{i}"
        ds.people[pid] = Person(id=pid, name=f"Person {i}")
        graph.add_node(pid, label=f"Person {i}", kind="person", statements=0)
        actors.append(pid)
    stances = list(Stance)
    count = 0
    while graph.number_of_edges() < edges:
        actor, concept = rng.choice(actors), f"c{min(int(rng.paretovariate(1.2)) - 1, concepts - 1)}"
        if graph.has_edge(actor, concept):
            continue
        sid = f"s{count}"
        count += 1
        stance = rng.choice(stances)
        ds.statements[sid] = Statement(
            id=sid, concept=concept, stance=stance, quote=f"Quote number {count}.", document="doc",
            attribution=Attribution.DIRECT,
            **({"organisation": actor} if actor.startswith("o") else {"speaker": actor}),
        )
        graph.add_edge(actor, concept, weight=1.0, statements=[sid], stance=stance.value,
                       stances={stance.value: 1})
        graph.nodes[actor]["statements"] += 1
        graph.nodes[concept]["statements"] += 1
    return graph, ds


def pyvis_default_page(graph: nx.Graph) -> str:
    """The page pyvis makes by default (its template and options), nodes and edges as ours."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["label"], title=data["label"])
    for u, v in graph.edges:
        net.edges.append(Edge(u, v, False).options)  # add_edge is quadratic; the page is what is measured
    return net.generate_html()


def open_page(browser, path: Path, ready: str, cap_s: float) -> dict[str, float | None]:
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    result: dict[str, float | None] = {}
    start = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=cap_s * 1000)
        result["load_s"] = time.perf_counter() - start
        page.wait_for_function(ready, timeout=max(cap_s - result["load_s"], 1) * 1000, polling=100)
        result["ready_s"] = time.perf_counter() - start
        t = time.perf_counter()
        page.evaluate("""() => { const ids = network.body.data.nodes.getIds().slice(0, 1);
                                 network.selectNodes(ids); network.focus(ids[0], {scale: 1.5});
                                 network.redraw(); }""")
        result["select_zoom_redraw_s"] = time.perf_counter() - t
    except Exception as exc:  # a timeout of the baseline is a result, not a failure
        if "Timeout" not in type(exc).__name__:
            raise
        result.setdefault("load_s", None)
        result["ready_s"] = None
    finally:
        context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--cap", type=float, default=180.0, help="Seconds after which the baseline is given up.")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not found", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from stancegraph.graph.view import render_network_html

    graph, dataset = synthetic(args.nodes, args.edges)
    t = time.perf_counter()
    ours = render_network_html(graph, dataset)
    render_s = time.perf_counter() - t
    t = time.perf_counter()
    baseline = pyvis_default_page(graph)
    baseline_render_s = time.perf_counter() - t
    folder = Path(tempfile.mkdtemp(prefix="bench-html-"))
    (folder / "ours.html").write_text(ours, encoding="utf-8")
    (folder / "pyvis-default.html").write_text(baseline, encoding="utf-8")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        ours_times = open_page(browser, folder / "ours.html",
                               "document.documentElement.dataset.sgReady === 'true'", args.cap)
        base_times = open_page(browser, folder / "pyvis-default.html",
                               "window.network && network.physics && network.physics.stabilized === true",
                               args.cap)
        browser.close()

    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(f"python render: ours {render_s:.2f} s ({len(ours) / 1e6:.1f} MB), "
          f"pyvis default {baseline_render_s:.2f} s ({len(baseline) / 1e6:.1f} MB)")

    def fmt(value):
        return f"{value:.2f} s" if value is not None else f"> {args.cap:.0f} s (gave up)"

    for name in ("load_s", "ready_s", "select_zoom_redraw_s"):
        print(f"{name:>22}: ours {fmt(ours_times.get(name))}, pyvis default {fmt(base_times.get(name))}")
    ours_ready = ours_times.get("ready_s")
    base_ready = base_times.get("ready_s")
    if ours_ready:
        if base_ready:
            print(f"ratio pyvis-default / ours, open and settled: {base_ready / ours_ready:.1f}x")
        else:
            print(f"ratio pyvis-default / ours, open and settled: > {args.cap / ours_ready:.1f}x (baseline capped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
