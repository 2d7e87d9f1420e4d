"""Write networks for Gephi, R (igraph) and the web: GraphML, GEXF, CSV, node-link JSON — and,
through :mod:`.formats`, DNA's matrix CSV, UCINET DL and Pajek.

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
import json
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

import networkx as nx

from ..atomic import atomic_path
from ..errors import UsageError
from .evidence import TieSequence

__all__ = ["NetworkFormat", "FORMAT_SUFFIXES", "format_from_path", "scalar_graph", "write_graphml", "write_gexf", "write_csv", "csv_paths",
           "write_json", "write_network"]


class NetworkFormat(str, Enum):
    """File formats for networks."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"
    JSON = "json"
    MATRIX = "matrix"
    """DNA's semicolon-separated matrix CSV (:mod:`.formats`); suffix ``.matrix.csv``."""
    DL = "dl"
    """UCINET DL full matrix (:mod:`.formats`)."""
    PAJEK = "net"
    """Pajek ``.net`` (:mod:`.formats`)."""


FORMAT_SUFFIXES = {".graphml": NetworkFormat.GRAPHML, ".gexf": NetworkFormat.GEXF, ".matrix.csv": NetworkFormat.MATRIX,
                   ".csv": NetworkFormat.CSV, ".json": NetworkFormat.JSON, ".dl": NetworkFormat.DL,
                   ".net": NetworkFormat.PAJEK}
"""File name endings and their formats (``.matrix.csv`` before ``.csv``: the longest ending wins)."""


def format_from_path(path: str | Path) -> NetworkFormat:
    """The format a file name asks for; :class:`UsageError` naming the known endings otherwise.

    Examples
    --------
    >>> format_from_path("x.matrix.csv").value, format_from_path("out/x.NET").value
    ('matrix', 'net')
    >>> try:
    ...     format_from_path("x.gml")
    ... except UsageError as exc:
    ...     print(exc)
    unknown network file ending of 'x.gml' (known: .graphml, .gexf, .matrix.csv, .csv, .json, .dl, .net)
    """
    name = Path(path).name.lower()
    for suffix, fmt in FORMAT_SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    raise UsageError(f"unknown network file ending of {Path(path).name!r} (known: {', '.join(FORMAT_SUFFIXES)})")


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, dict):
            for sub, item in value.items():
                out[f"{key}_{sub}"] = item
        elif isinstance(value, (list, tuple, set, frozenset, TieSequence)):
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
    """Write GraphML (for Gephi, igraph, Cytoscape) atomically; return the path.

    The bytes of ``networkx.write_graphml(scalar_graph(graph))``, written one node or
    tie at a time (:mod:`.graphml`), so a large network's statement ids are never all
    in memory at once.
    """
    from .graphml import write_graphml_stream

    with atomic_path(path) as tmp:
        with tmp.open("wb") as handle:
            write_graphml_stream(graph, handle, _scalars)
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi's own format) atomically; return the path.

    A CR is written ``&#13;`` so it reads back; a value XML 1.0 cannot carry is
    refused (:class:`~stancegraph.graph.xmlchars.XmlCharacterError`, naming every
    node, tie and field) before anything is written.
    """
    import io

    from ..atomic import atomic_write
    from ..xmlchars import checked_xml, network_places

    scalar = scalar_graph(graph)
    buffer = io.BytesIO()
    nx.write_gexf(scalar, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return atomic_write(path, checked_xml(buffer.getvalue(), lambda: network_places(scalar), "GEXF"))


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


def _scalar_keys(attrs: dict[str, Any]) -> Iterator[str]:
    """The keys :func:`_scalars` gives ``attrs``, without computing any value."""
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, dict):
            yield from (f"{key}_{sub}" for sub in value)
        else:
            yield key


def _write_table(handle: TextIO, head: list[str], records: Callable[[], Iterable[tuple[dict, dict]]],
                 first: tuple[str, ...]) -> None:
    """Write a CSV table row by row; ``records()`` gives (leading cells, attributes) and is read twice."""
    keys = {k for _, attrs in records() for k in _scalar_keys(attrs)} - set(head)
    columns = head + [k for k in first if k in keys] + sorted(keys - set(first))
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for lead, attrs in records():
        writer.writerow({**lead, **_scalars(attrs)})


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
    nodes = lambda: (({"id": n}, d) for n, d in graph.nodes(data=True))  # noqa: E731
    edges = lambda: (({"source": u, "target": v}, d) for u, v, d in graph.edges(data=True))  # noqa: E731
    with atomic_path(nodes_path) as tmp_nodes, atomic_path(edge_path) as tmp_edges:
        with tmp_nodes.open("w", encoding="utf-8", newline="") as handle:
            _write_table(handle, ["id"], nodes, _NODE_FIRST)
        with tmp_edges.open("w", encoding="utf-8", newline="") as handle:
            _write_table(handle, ["source", "target"], edges, _EDGE_FIRST)
    return nodes_path, edge_path


def _json_default(value: Any) -> Any:
    if isinstance(value, TieSequence):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True, default=_json_default)
_INDENTS = {level: "\n" + " " * level for level in (1, 2)}


def _json(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=1, sort_keys=True)`` writes it at nesting ``level``."""
    return _ENCODER.encode(value).replace("\n", _INDENTS[level])  # JSON strings hold no raw newline


def _json_list(items: Iterable[Any]) -> Iterator[str]:
    """A list at nesting level 1 (the node-link document's ``nodes`` and ``edges``), item by item."""
    opened = False
    for item in items:
        yield ",\n  " if opened else "[\n  "
        yield _json(item, 2)
        opened = True
    yield "\n ]" if opened else "[]"


def _node_link_chunks(graph: nx.Graph) -> Iterator[str]:
    """``nx.node_link_data(graph, edges="edges")`` as sorted, indented JSON text, one node or edge at a time."""
    if graph.is_multigraph():
        raise TypeError("write_json writes simple graphs (networks are never multigraphs)")
    parts = {
        "directed": lambda: iter([_json(graph.is_directed(), 1)]),
        "edges": lambda: _json_list({**d, "source": u, "target": v} for u, v, d in graph.edges(data=True)),
        "graph": lambda: iter([_json(graph.graph, 1)]),
        "multigraph": lambda: iter([_json(False, 1)]),
        "nodes": lambda: _json_list({**d, "id": n} for n, d in graph.nodes(data=True)),
    }
    yield "{"
    for position, key in enumerate(sorted(parts)):
        yield ("\n " if position == 0 else ",\n ") + json.dumps(key) + ": "
        yield from parts[key]()
    yield "\n}\n"


def write_json(graph: nx.Graph, path: str | Path) -> Path:
    """Write node-link JSON (links under ``"edges"``) atomically, lists and mappings kept.

    The text is what ``json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False,
    indent=1, sort_keys=True)`` gives (plus a final newline), written one node or edge at a
    time, so the statement ids of a large network are never all in memory at once.
    """
    with atomic_path(path) as tmp:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.writelines(_node_link_chunks(graph))
    return Path(path)


def write_network(graph: nx.Graph, path: str | Path, fmt: NetworkFormat | str | None = None) -> list[Path]:
    """Write ``graph`` in ``fmt`` (default: from the file name, :func:`format_from_path`); return the files written.

    Raises
    ------
    UsageError
        For an unknown format or file ending.
    """
    if fmt is None:
        fmt = format_from_path(path)
    try:
        fmt = NetworkFormat(fmt)
    except ValueError:
        raise UsageError(f"unknown network format {fmt!r} (expected one of: "
                         f"{', '.join(f.value for f in NetworkFormat)})") from None
    if fmt is NetworkFormat.GRAPHML:
        return [write_graphml(graph, path)]
    if fmt is NetworkFormat.GEXF:
        return [write_gexf(graph, path)]
    if fmt is NetworkFormat.CSV:
        return list(write_csv(graph, path))
    if fmt is NetworkFormat.JSON:
        return [write_json(graph, path)]
    from .formats import write_dl, write_matrix_csv, write_pajek

    writer = {NetworkFormat.MATRIX: write_matrix_csv, NetworkFormat.DL: write_dl, NetworkFormat.PAJEK: write_pajek}[fmt]
    return [writer(graph, path)]
