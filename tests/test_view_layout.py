"""The HTML view's layout: legible (no node or label on top of another), spread, deterministic.

Positions and footprints are checked in Python here; test_view_browser.py checks the
same on the boxes chromium actually draws.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.networks import build_network
from stancegraph.graph.view.layout import GAP, LARGE_GRAPH, compute_layout, node_footprints


def overlapping_footprints(graph, positions, footprints, gap=GAP - 0.5):
    """Pairs of nodes whose footprints (shape and label) come closer than ``gap``."""
    boxes = {}
    for node, (x, y) in positions.items():
        fp = footprints[node]
        boxes[node] = (x - fp.half_width, x + fp.half_width, y - fp.above, y + fp.below)
    pairs = []
    for u, v in itertools.combinations(sorted(graph.nodes, key=str), 2):
        a, b = boxes[u], boxes[v]
        if min(a[1], b[1]) - max(a[0], b[0]) > -gap and min(a[3], b[3]) - max(a[2], b[2]) > -gap:
            pairs.append((u, v))
    return pairs


@pytest.fixture(scope="module")
def nhs_graphs():
    dataset = load_dataset()
    return {view: build_network(dataset, view, "organisation", unaffiliated="person")
            for view in ("congruence", "twomode")}


@pytest.mark.parametrize("view", ["congruence", "twomode"])
def test_nhs_layout_has_no_overlapping_nodes_or_labels(nhs_graphs, view):
    graph = nhs_graphs[view]
    positions = compute_layout(graph, seed=7)
    footprints = node_footprints(graph)
    assert set(positions) == set(graph.nodes)
    assert overlapping_footprints(graph, positions, footprints) == []
    for u, v in itertools.combinations(graph.nodes, 2):  # the shapes alone never touch
        (x1, y1), (x2, y2) = positions[u], positions[v]
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= footprints[u].above + footprints[v].above + GAP - 0.5


def test_nhs_congruence_layout_has_no_crowded_core(nhs_graphs):
    graph = nhs_graphs["congruence"]
    positions = compute_layout(graph)
    # Every centre at least the two shapes' radii plus room for a label line (14 px)
    # from every other: the old spring layout had two centres 40 px apart and 34
    # pairs of overlapping labels. (Each pair's own radii: with the largest radius for
    # every pair the test failed after the adjudication of the NHS data, on two small
    # nodes 68 px apart whose labels were 11 px clear.)
    footprints = node_footprints(graph)
    for u, v in itertools.combinations(graph.nodes, 2):
        (x1, y1), (x2, y2) = positions[u], positions[v]
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= footprints[u].above + footprints[v].above + 14, (u, v)


def test_nhs_layout_is_deterministic_and_follows_the_seed(nhs_graphs):
    graph = nhs_graphs["congruence"]
    first = compute_layout(graph, seed=7)
    assert compute_layout(graph.copy(), seed=7) == first
    assert compute_layout(graph, seed=8) != first


def test_nhs_layout_is_about_square(nhs_graphs):
    """Labels are wide, so overlap removal alone would draw a wide band; the layout is
    stretched to about square (the network's area on a laptop screen)."""
    for view, graph in nhs_graphs.items():
        positions = compute_layout(graph)
        footprints = node_footprints(graph)
        width = max(x + footprints[n].half_width for n, (x, _) in positions.items()) - min(
            x - footprints[n].half_width for n, (x, _) in positions.items())
        height = max(y + footprints[n].below for n, (_, y) in positions.items()) - min(
            y - footprints[n].above for n, (_, y) in positions.items())
        assert 0.7 < width / height < 1.4, (view, width, height)


def hub_and_pieces():
    """A hub with 30 long-labelled leaves (the two-mode view's worst case), a path, a
    pair and isolated nodes."""
    graph = nx.star_graph(30)
    for node in graph:
        graph.nodes[node].update(label=f"A rather long concept label number {node}", statements=1 + (node == 0) * 40)
    graph.add_edges_from([("p1", "p2"), ("p2", "p3"), ("q1", "q2")])
    graph.add_nodes_from(["lonely", "alone"])
    for node in ("p1", "p2", "p3", "q1", "q2", "lonely", "alone"):
        graph.nodes[node].update(label=f"Actor {node}", statements=2)
    return graph


def test_components_hubs_and_isolates_do_not_overlap():
    graph = hub_and_pieces()
    positions = compute_layout(graph, seed=3)
    assert overlapping_footprints(graph, positions, node_footprints(graph)) == []
    assert compute_layout(graph, seed=3) == positions
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert abs(max(xs) + min(xs)) < 400 and abs(max(ys) + min(ys)) < 400  # about centred


def test_explicit_footprints_are_respected():
    from stancegraph.graph.view.layout import Footprint

    graph = nx.complete_graph(6)
    big = {node: Footprint(100.0, 20.0, 60.0) for node in graph}
    positions = compute_layout(graph, footprints=big)
    assert overlapping_footprints(graph, positions, big) == []


def test_medium_graph_layout_keeps_nodes_apart():
    graph = nx.gnm_random_graph(400, 1000, seed=4)
    positions = compute_layout(graph, seed=1)
    assert overlapping_footprints(graph, positions, node_footprints(graph)) == []
    assert LARGE_GRAPH > graph.number_of_nodes()
