"""Write networks for Gephi, R (igraph) and the web: GraphML, GEXF, CSV, node-link JSON.

Every file is written atomically (:mod:`stancegraph.graph.atomic`): a failed
write leaves no file and never half a file. GraphML, GEXF and CSV have no list or
mapping types, so before writing every attribute becomes a scalar:

* a list (statement ids, concepts) becomes its items joined by one space —
  ids are slugs, so ``value.split()`` gives the list back;
* a mapping (``stances``) becomes one attribute per key, ``stances_support``,
  ``stances_oppose``, ``stances_mixed``;
* ``None`` values are left out.

JSON keeps the lists and mappings as they are (networkx node-link format, links
under ``"edges"``). The GraphML is plain GraphML 1.0 as networkx writes it (typed
``<key>`` declarations, no yEd or Gephi extensions): Gephi reads ``label`` and
``weight``; R reads it with ``igraph::read_graph(file, format = "graphml")``.
CSV: a node table (``id`` first, then ``label``, ``kind``, …) and an edge table
(``source``, ``target``, ``weight``, …) — Gephi's spreadsheet import and R's
``igraph::graph_from_data_frame(edges, vertices = nodes)`` both take them as they
are.
"""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic_path

__all__ = ["NetworkFormat", "scalar_graph", "write_graphml", "write_gexf", "write_csv", "csv_paths",
           "write_json", "write_network"]


class NetworkFormat(str, Enum):
    """File formats for networks."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"
    JSON = "json"


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, dict):
            for sub, item in value.items():
                out[f"{key}_{sub}"] = item
        elif isinstance(value, (list, tuple, set, frozenset)):
            out[key] = " ".join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
        elif isinstance(value, Enum):
            out[key] = value.value
        else:
            out[key] = value
    return out


def scalar_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with every attribute a str, int, float or bool (see the module docstring).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", statements=["s1", "s2"], stances={"support": 2, "oppose": 0})
    >>> sorted(scalar_graph(g).edges["a", "b"].items())
    [('stances_oppose', 0), ('stances_support', 2), ('statements', 's1 s2')]
    """
    copy = graph.__class__()
    copy.graph.update(_scalars(graph.graph))
    copy.add_nodes_from((n, _scalars(d)) for n, d in graph.nodes(data=True))
    copy.add_edges_from((u, v, _scalars(d)) for u, v, d in graph.edges(data=True))
    return copy


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML (for Gephi, igraph, Cytoscape) atomically; return the path."""
    with atomic_path(path) as tmp:
        nx.write_graphml(scalar_graph(graph), tmp, encoding="utf-8", prettyprint=True)
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi's own format) atomically; return the path."""
    with atomic_path(path) as tmp:
        nx.write_gexf(scalar_graph(graph), tmp, encoding="utf-8", prettyprint=True, version="1.2draft")
    return Path(path)


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """The node and edge table paths for ``path``: ``net.csv`` → ``net-nodes.csv``, ``net-edges.csv``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/net.csv")]
    ['net-nodes.csv', 'net-edges.csv']
    """
    path = Path(path)
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(f"{stem}-nodes.csv"), path.with_name(f"{stem}-edges.csv")


_NODE_FIRST = ("label", "kind", "org_kind", "statements", "bipartite", "coalition")
_EDGE_FIRST = ("weight", "raw_weight", "stance", "statements")


def _table(head: list[str], rows: list[dict[str, Any]], first: tuple[str, ...]) -> str:
    keys = {k for row in rows for k in row} - set(head)
    columns = head + [k for k in first if k in keys] + sorted(keys - set(first))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(graph: nx.Graph, path: str | Path, edges_path: str | Path | None = None) -> tuple[Path, Path]:
    """Write a node table and an edge table (UTF-8 CSV) atomically, both or neither.

    Parameters
    ----------
    path : path
        The node table when ``edges_path`` is given; otherwise a base name, see :func:`csv_paths`.

    Returns
    -------
    (nodes path, edges path)
    """
    nodes_path, edge_path = (Path(path), Path(edges_path)) if edges_path else csv_paths(path)
    flat = scalar_graph(graph)
    nodes = [{"id": n, **d} for n, d in flat.nodes(data=True)]
    edges = [{"source": u, "target": v, **d} for u, v, d in flat.edges(data=True)]
    with atomic_path(nodes_path) as tmp_nodes, atomic_path(edge_path) as tmp_edges:
        tmp_nodes.write_text(_table(["id"], nodes, _NODE_FIRST), encoding="utf-8")
        tmp_edges.write_text(_table(["source", "target"], edges, _EDGE_FIRST), encoding="utf-8")
    return nodes_path, edge_path


def write_json(graph: nx.Graph, path: str | Path) -> Path:
    """Write node-link JSON (links under ``"edges"``) atomically, lists and mappings kept."""
    data = nx.node_link_data(graph, edges="edges")
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Path(path)


def write_network(graph: nx.Graph, path: str | Path, fmt: NetworkFormat | str) -> list[Path]:
    """Write ``graph`` in ``fmt``; return the files written."""
    fmt = NetworkFormat(fmt)
    if fmt is NetworkFormat.GRAPHML:
        return [write_graphml(graph, path)]
    if fmt is NetworkFormat.GEXF:
        return [write_gexf(graph, path)]
    if fmt is NetworkFormat.CSV:
        return list(write_csv(graph, path))
    return [write_json(graph, path)]
