"""Matrix exchange formats of DNA and network analysis: DNA's matrix CSV, UCINET DL, Pajek ``.net``.

Every writer is atomic (:mod:`stancegraph.graph.atomic`). Rows and columns are the
node ids in sorted order (DNA sorts its labels too); a two-mode network has actors
as rows and concepts as columns (nodes with ``bipartite`` 0 and 1), a one-mode
network is square and symmetric with a zero diagonal. Weights are written as
integers when every weight of the network is a whole number, else with six
decimals — as DNA writes an integer matrix (no normalisation) or a real one.
Node ids are used as labels (DNA writes entity names; our ids are the stable keys
that every other export uses — the names are in GraphML, GEXF, CSV and JSON).

* **DNA's matrix CSV** (``Exporter.exportCSV``, dna/src/main/java/dna/export/Exporter.java):
  semicolon-separated, a header ``""`` followed by each quoted column label, then
  one line per row: its quoted label and the cells. Double quotes inside a label
  become single quotes. No line break after the last row, as DNA writes it.
  R reads it with ``read.csv2(file, row.names = 1, check.names = FALSE)``.
* **UCINET DL, full matrix** (``Exporter.exportDL``): ``dl n = N, format =
  fullmatrix`` (two-mode: ``dl nr = R, nc = C, format = fullmatrix``), the labels
  (``labels:`` or ``row labels:``/``col labels:``), one quoted label per line with
  quotes removed, then ``data:`` and one line per row, every cell preceded by a space.
* **Pajek** ``.net`` (Batagelj & Mrvar, *Pajek manual*, "*Vertices", "*Edges"): a
  ``*Vertices N`` line (two-mode: ``*Vertices N R``, the R actors numbered first — Pajek's
  two-mode convention, which igraph reads as a bipartite graph), one ``i "label"``
  line per vertex, then ``*Edges`` and one ``i j weight`` line per tie (every tie of
  the graph, weight 0 included for two-mode cells that have statements).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np

from ..atomic import atomic_path

__all__ = ["network_matrix", "write_matrix_csv", "write_dl", "write_pajek"]


def _two_mode(graph: nx.Graph) -> bool:
    return any("bipartite" in d for _, d in graph.nodes(data=True))


def network_matrix(graph: nx.Graph) -> tuple[list[str], list[str], np.ndarray]:
    """``(row ids, column ids, weights)`` of a network (module docstring).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("b", "a", weight=2.0)
    >>> g.add_node("c")
    >>> rows, cols, m = network_matrix(g)
    >>> rows, m.tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    """
    if _two_mode(graph):
        rows = sorted(n for n, d in graph.nodes(data=True) if d.get("bipartite") == 0)
        cols = sorted(n for n, d in graph.nodes(data=True) if d.get("bipartite") == 1)
    else:
        rows = cols = sorted(graph.nodes)
    r_index = {n: i for i, n in enumerate(rows)}
    c_index = {n: i for i, n in enumerate(cols)}
    matrix = np.zeros((len(rows), len(cols)))
    for u, v, d in graph.edges(data=True):
        w = float(d.get("weight", 1.0))
        if u in r_index and v in c_index:
            matrix[r_index[u], c_index[v]] = w
        if v in r_index and u in c_index:
            matrix[r_index[v], c_index[u]] = w
    return rows, cols, matrix


def _cells(matrix: np.ndarray) -> Iterable[list[str]]:
    integer = bool(np.all(np.mod(matrix, 1) == 0))
    for row in matrix:
        yield [str(int(v)) if integer else f"{v:.6f}" for v in row]


def write_matrix_csv(graph: nx.Graph, path: str | Path) -> Path:
    """Write DNA's semicolon-separated matrix CSV (module docstring) atomically; return the path."""
    rows, cols, matrix = network_matrix(graph)
    quote = lambda s: '"' + str(s).replace('"', "'") + '"'  # noqa: E731
    lines = [";".join(['""', *(quote(c) for c in cols)])]
    lines += [";".join([quote(r), *cells]) for r, cells in zip(rows, _cells(matrix))]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines), encoding="utf-8")
    return Path(path)


def write_dl(graph: nx.Graph, path: str | Path) -> Path:
    """Write a UCINET DL full-matrix file (module docstring) atomically; return the path."""
    rows, cols, matrix = network_matrix(graph)
    label = lambda s: '"' + str(s).replace('"', "'").replace("'", "") + '"'  # noqa: E731
    if _two_mode(graph):
        lines = [f"dl nr = {len(rows)}, nc = {len(cols)}, format = fullmatrix", "row labels:",
                 *map(label, rows), "col labels:", *map(label, cols)]
    else:
        lines = [f"dl n = {len(rows)}, format = fullmatrix", "labels:", *map(label, rows)]
    lines.append("data:")
    lines += ["".join(" " + v for v in cells) for cells in _cells(matrix)]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines), encoding="utf-8")
    return Path(path)


def write_pajek(graph: nx.Graph, path: str | Path) -> Path:
    """Write a Pajek ``.net`` file (module docstring) atomically; return the path."""
    rows, cols, _ = network_matrix(graph)
    two_mode = _two_mode(graph)
    order = rows + cols if two_mode else rows
    number = {n: i for i, n in enumerate(order, 1)}
    head = f"*Vertices {len(order)} {len(rows)}" if two_mode else f"*Vertices {len(order)}"
    lines = [head]
    lines += [f'{number[n]} "{str(n).replace(chr(34), chr(39))}"' for n in order]
    lines.append("*Edges")
    ties = []
    for u, v, d in graph.edges(data=True):
        a, b = sorted((number[u], number[v]))
        ties.append((a, b, float(d.get("weight", 1.0))))
    lines += [f"{a} {b} {w!r}" for a, b, w in sorted(ties)]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
