"""One self-contained, offline HTML page of a discourse network, made with pyvis.

pyvis builds the network (its ``Network`` holds the nodes, edges and vis-network
options) and renders it, but through a template of ours
(``graph/templates/network.html``): pyvis's own template links Bootstrap from a CDN
even with ``cdn_resources="in_line"``. Ours inlines everything — vis-network's script
and stylesheet (taken from the pyvis package itself), our script and stylesheet — so
the page opens from ``file://`` with no network at all, and a Content Security Policy
in the page forbids any fetch and any script but those two (by hash), so an injected
``<script>`` or ``onerror=`` could not run even if escaping failed.

Every string from the data reaches the page either through Jinja's autoescaping (HTML)
or inside ``<script type="application/json">`` blocks written with Jinja's ``tojson``
(which escapes ``<``, ``>``, ``&`` and ``'``), and the page's script puts it into the
document only with ``textContent``. Node positions are computed in Python
(:mod:`.layout`) and physics is off, so the picture is settled the moment it opens.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import importlib.resources
import json
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Mapping, Sequence

import networkx as nx

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .layout import LARGE_GRAPH, compute_layout, node_footprints, wrap_width
from .capping import TieSelection, strongest_ties
from .records import OwnStatements, concept_tree, document_records, statement_records
from .style import (
    CONCEPT_COLOUR, CONCEPT_LABEL_COLOUR, CONFLICT_COLOUR, ORGANISATION_COLOURS, PERSON_COLOUR, SHAPES, STANCE_COLOURS,
    edge_width, filter_key, kind_label, label_size, node_size, node_style,
)

__all__ = ["PageAssets", "page_assets", "render_network_html", "date_spans", "cap_notice", "TIES"]

TIES = ("twomode", "congruence", "conflict", "subtract", "cooccurrence")
"""How ties are drawn: actor–concept stance ties, or one of the one-mode tie kinds."""

VIS_NETWORK_VERSION = "9.1.2"
"""The vis-network build inlined from the pyvis package."""

_STANCES = ("support", "oppose", "mixed")


@dataclass(frozen=True)
class PageAssets:
    """The scripts and stylesheets inlined into every page."""

    vis_js: str
    vis_css: str
    app_js: str
    app_css: str
    template: str

    def script_hashes(self) -> list[str]:
        """CSP ``'sha256-…'`` sources of the two scripts, exactly as inlined."""
        return [
            "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
            for text in (self.vis_js, self.app_js)
        ]


def page_assets() -> PageAssets:
    """Read vis-network from the installed pyvis package and our template files.

    Raises
    ------
    UsageError
        When the installed pyvis does not ship the expected vis-network build.
    """
    lib = importlib.resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_NETWORK_VERSION}"
    ours = importlib.resources.files("stancegraph.graph") / "templates"
    try:
        vis_js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        vis_css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UsageError(
            f"the installed pyvis does not ship vis-network {VIS_NETWORK_VERSION} ({exc.filename})"
        ) from None
    return PageAssets(
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=(ours / "network.js").read_text(encoding="utf-8"),
        app_css=(ours / "network.css").read_text(encoding="utf-8"),
        template=(ours / "network.html").read_text(encoding="utf-8"),
    )


def render_network_html(
    graph: nx.Graph,
    dataset: Dataset,
    *,
    tie: str | None = None,
    title: str | None = None,
    subtitle: str = "",
    seed: int = 7,
    assets: PageAssets | None = None,
    max_edges: int | None = None,
    max_quotes: int | None = None,
    explain: str | None = None,
    left_out: str = "",
    node_statements: "Mapping[Any, Sequence[str]] | None" = None,
) -> str:
    """The HTML page of ``graph``, with the statements behind it taken from ``dataset``.

    Parameters
    ----------
    graph : networkx.Graph
        A network as :func:`stancegraph.graph.networks.build_network` makes it: node
        attributes ``label``, ``kind`` (person, organisation, concept), ``org_kind``,
        ``statements`` (count); edge attributes ``weight``, ``statements`` (ids) and,
        for two-mode ties, ``stance``/``stances``. Not modified.
    dataset : Dataset
        The dataset the network was built from (every statement id must be in it).
    tie : str, optional
        One of :data:`TIES`; read from ``graph.graph["network_kind"]`` when omitted, else
        ``twomode`` when the graph has concept nodes and ``congruence`` otherwise.
    title, subtitle : str, optional
        Shown at the top; the dataset's title by default.
    seed : int
        Seed of the layout.
    assets : PageAssets, optional
        Pre-read assets (to render many pages without re-reading the files).
    max_edges : int, optional
        Draw only the ``max_edges`` strongest ties (and each node's strongest tie, see
        :func:`~stancegraph.graph.view.capping.strongest_ties`); the page says so.
        ``None`` or ``0``: every tie. The layout is computed on the ties drawn.
    max_quotes : int, optional
        Ship at most this many statements per tie and per node (the most recent); the
        side panel says how many more there are. ``None`` or ``0``: all of them.
    explain : str, optional
        The command that lists all statements of a tie, shown after a capped list as
        ``<explain> A B`` (e.g. ``stancegraph network --type congruence --explain``).
    left_out : str, optional
        What the network left out and why, shown under the counts (see
        :func:`stancegraph.graph.networks.omissions.omissions`).
    node_statements : mapping, optional
        Every node's statements in the network (:func:`~stancegraph.graph.networks.omissions.node_statements`);
        a node's side panel then also offers those behind no drawn tie, so its count and its
        lists agree. Without it, a node lists the statements of its drawn ties.

    Returns
    -------
    str
        The whole page.

    Raises
    ------
    UsageError
        When ``tie`` is unknown or an edge names a statement the dataset lacks.
    """
    from jinja2 import DictLoader, Environment, select_autoescape
    from markupsafe import Markup
    from pyvis.edge import Edge
    from pyvis.network import Network

    tie = _tie_of(graph, tie)
    assets = assets or page_assets()
    if max_edges is not None and max_edges < 0:
        raise UsageError(f"max_edges must be 0 (no cap) or more, not {max_edges}")
    if max_quotes is not None and max_quotes < 0:
        raise UsageError(f"max_quotes must be 0 (no cap) or more, not {max_quotes}")
    ids = {node: str(node) for node in graph.nodes}
    if len(set(ids.values())) != len(ids):
        raise UsageError("node ids of the graph are not unique as strings")
    selection = strongest_ties(graph, max_edges)
    if selection.capped:  # the page's own graph: every node, the kept ties (edge data shared, not copied)
        shown = nx.Graph(**graph.graph)
        shown.add_nodes_from(graph.nodes(data=True))
        shown.add_edges_from((u, v, graph.edges[u, v]) for u, v in selection.edges)
    else:
        shown = graph
    large = shown.number_of_nodes() >= LARGE_GRAPH
    index = _StatementIndex(dataset)

    # One pass over the ties drawn, each tie's statements read once (a network may
    # compute them on reading): check them, summarise them, and give each to its node.
    owners = OwnStatements(shown, dataset)
    edge_info: dict[str, dict[str, Any]] = {}
    edge_totals: list[int] = []
    for number, (u, v) in enumerate(selection.edges):
        data = shown.edges[u, v]
        statements = tuple(data.get("statements", ()))
        missing = index.missing(statements)
        if missing:
            raise UsageError(f"edge {u!r}–{v!r} names statements not in the dataset: {', '.join(missing[:5])}")
        owners.add_tie(u, v, statements)
        info = {"stance": _edge_stance(tie, data, statements, dataset, index),
                "weight": float(data.get("weight", 1.0))}
        info.update(index.shipped(statements, max_quotes))
        edge_info[f"e{number}"] = info
        edge_totals.append(len(statements))
    own_statements = owners.result()

    counts = {node: int(data.get("statements", len(own_statements[node])) or 0) for node, data in shown.nodes(data=True)}
    fonts = {node: label_size(counts[node], concept=data.get("kind") == "concept")
             for node, data in shown.nodes(data=True)}
    footprints = None if large else node_footprints(shown, counts)
    positions = compute_layout(shown, seed=seed, footprints=footprints)

    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    node_info: dict[str, dict[str, Any]] = {}
    kinds: dict[str, int] = {}
    used: set[str] = set()
    for node, data in shown.nodes(data=True):
        kind = str(data.get("kind", "person"))
        org_kind = data.get("org_kind")
        org_kind = getattr(org_kind, "value", org_kind)
        label = str(data.get("label", node))
        count = counts[node]
        key = filter_key(kind, org_kind)
        kinds[key] = kinds.get(key, 0) + 1
        x, y = positions[node]
        noun = "statement" if count == 1 else "statements"
        what = kind_label(key) if kind == "organisation" else kind
        _add_node(
            net, ids[node], label=label, title=f"{label} · {what} · {count} {noun}",
            x=x, y=y, size=node_size(count), **node_style(kind, org_kind),
        )
        font = {"size": fonts[node]}
        if kind == "concept":
            font["color"] = CONCEPT_LABEL_COLOUR
        net.node_map[ids[node]]["font"] = font
        net.node_map[ids[node]]["widthConstraint"] = {"maximum": wrap_width(fonts[node])}
        info = {"label": label, "kind": kind, "key": key, "count": count}
        own = own_statements[node]
        if node_statements is not None:  # the node's statements behind no drawn tie, listed apart
            everything = node_statements.get(node, ())
            own = own if node in owners.touched else []
            drawn = set(own)
            untied = index.shipped([sid for sid in everything if sid not in drawn], max_quotes)
            info["untied"], info["untiedMore"] = untied["statements"], untied.get("more", 0)
            used.update(untied["statements"])
        info.update(index.shipped(own, max_quotes))
        used.update(info["statements"])
        node_info[ids[node]] = info

    max_weight = max((abs(info["weight"]) for info in edge_info.values()), default=0.0)
    for number, (u, v) in enumerate(selection.edges):
        edge_id = f"e{number}"
        info = edge_info[edge_id]
        used.update(info["statements"])
        stance, weight, total = info["stance"], info["weight"], edge_totals[number]
        label_u, label_v = node_info[ids[u]]["label"], node_info[ids[v]]["label"]
        noun = "statement" if total == 1 else "statements"
        tooltip = f"{label_u} – {label_v} · {stance} · {total:,} {noun}"
        if tie != "twomode":
            tooltip += f" · weight {weight:g}"
        colour = STANCE_COLOURS.get(stance, CONFLICT_COLOUR)
        # pyvis's add_edge scans every existing edge (quadratic); networkx already
        # guarantees one edge per pair, so pyvis's Edge is appended directly.
        net.edges.append(Edge(ids[u], ids[v], False, id=edge_id, title=tooltip, width=edge_width(weight, max_weight),
                              color=colour,
                              dashes=stance == "conflict").options)

    net.options = _vis_options(large)
    records = statement_records(dataset, used, inline_documents=False)
    documents = document_records(dataset, used)
    dates = sorted({r["from"] for r in records.values()} | {r["to"] for r in records.values()})
    if index.truncated and index.span[0] is not None:
        dates = sorted([*dates, *index.span])
    cap = None
    if selection.capped or index.truncated:
        cap = {"maxEdges": selection.max_edges, "totalEdges": selection.total, "shownEdges": len(selection.edges),
               "added": selection.added, "tiesCapped": selection.capped, "maxQuotes": max_quotes or None,
               "quotesCapped": index.truncated}
    payload = {
        "tie": tie,
        "large": large,
        "nodes": node_info,
        "edges": edge_info,
        "statements": records,
        "documents": documents,
        "concepts": concept_tree(dataset, {r["conceptId"] for r in records.values()} | index.concepts_seen),
        "conceptIds": index.concept_ids,
        "dateRange": [dates[0], dates[-1]] if dates else [None, None],
        "cap": cap,
        "explain": explain,
    }
    page = {
        "title": title or dataset.info.title,
        "subtitle": subtitle,
        "left_out": left_out,
        "tie": tie,
        "node_count": shown.number_of_nodes(),
        "edge_count": len(selection.edges),
        "cap_notice": cap_notice(selection),
        "quotes_notice": (f"Each tie and node carries its {max_quotes:,} most recent statements; "
                          "the side panel says how many more there are.") if index.truncated else "",
        "kinds": sorted(kinds.items(), key=lambda item: (item[0] != "person", item[0] == "concept", item[0])),
        "legend": _legend(tie, kinds),
        "concepts": payload["concepts"],
        "actors": sorted({info["label"] for info in node_info.values() if info["kind"] != "concept"},
                         key=str.casefold),
        "date_range": payload["dateRange"],
        "date_spans": date_spans([r["from"] for r in records.values()]),
    }

    env = Environment(loader=DictLoader({"network.html": assets.template}),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["json_text"] = lambda text: Markup(_htmlsafe_json(json.loads(text)))
    env.globals.update(
        sg=page,
        sg_data=payload,
        vis_js=Markup(assets.vis_js),
        vis_css=Markup(assets.vis_css),
        app_js=Markup(assets.app_js),
        app_css=Markup(assets.app_css),
        csp=_csp(assets),
    )
    net.templateEnv = env
    net.path = "network.html"
    return net.generate_html()


def cap_notice(selection: TieSelection) -> str:
    """The line a capped page shows above the network ('' when every tie is drawn).

    Examples
    --------
    >>> cap_notice(TieSelection(edges=[("a", "b")] * 5000, total=818139, max_edges=5000))
    'Showing the 5,000 strongest of 818,139 ties (--max-edges 5000).'
    >>> cap_notice(TieSelection(edges=[("a", "b")] * 12, total=30, max_edges=10, added=2))
    'Showing the 10 strongest of 30 ties, and 2 more ties so that every actor keeps its strongest tie (--max-edges 10).'
    """
    if not selection.capped:
        return ""
    strongest = len(selection.edges) - selection.added
    text = f"Showing the {strongest:,} strongest of {selection.total:,} ties"
    if selection.added:
        more = "tie" if selection.added == 1 else "ties"
        text += f", and {selection.added:,} more {more} so that every actor keeps its strongest tie"
    return text + f" (--max-edges {selection.max_edges})."


def _add_node(net, n_id: str, label: str, shape: str = "dot", color: str = "#97c2fc", **options: Any) -> None:
    """pyvis's ``Network.add_node`` without its scan of every node id so far (quadratic:
    ~2 s at 10,000 nodes); the ids come from a networkx graph, so they are unique."""
    from pyvis.node import Node

    if "group" in options:
        node = Node(n_id, shape, label=label, font_color=net.font_color, **options)
    else:
        node = Node(n_id, shape, label=label, color=color, font_color=net.font_color, **options)
    net.nodes.append(node.options)
    net.node_ids.append(n_id)
    net.node_map[n_id] = node.options


class _StatementIndex:
    """Per statement: its dates, concept and stance, read once; what each tie or node ships."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._facts: dict[str, tuple] = {}
        self._concept_number: dict[str, int] = {}
        self.concept_ids: list[str] = []
        self.concepts_seen: set[str] = set()
        self.truncated = False
        self.span: list[str | None] = [None, None]

    def missing(self, statements) -> list[str]:
        known = self.dataset.statements
        return [str(s) for s in statements if s not in known]

    def facts(self, sid: str) -> tuple[str, str, str, str, tuple]:
        """``(from, to, concept id, stance, recency key)`` of statement ``sid``.

        The recency key sorts the most recent statement first (last possible day,
        then first possible day, both later first), then by id.
        """
        found = self._facts.get(sid)
        if found is None:
            st = self.dataset.statements[sid]
            date = self.dataset.statement_date(st)
            earliest, latest = date.earliest, date.latest
            found = (earliest.isoformat(), latest.isoformat(), st.concept, st.stance.value,
                     (-latest.toordinal(), -earliest.toordinal(), sid))
            self._facts[sid] = found
        return found

    def facts_of(self, statements) -> list[tuple]:
        """:meth:`facts` of each of ``statements``, in their order."""
        known = self._facts
        try:
            return [known[sid] for sid in statements]
        except KeyError:
            return [known[sid] if sid in known else self.facts(sid) for sid in statements]

    def shipped(self, statements, limit: int | None) -> dict[str, Any]:
        """What the page ships of a tie's or node's statements.

        All of them (``{"statements": ids}``), or when more than ``limit``: the
        ``limit`` most recent, how many ``more`` there are, and a ``profile`` of all
        of them (concepts by number, stances, first and last day) that the page's
        filters test instead of the statements themselves.
        """
        total = len(statements)
        if not limit or total <= limit:
            return {"statements": [str(s) for s in statements]}
        self.truncated = True
        # one list of facts, then C-level passes over it: a capped tie at 100k statements
        # can hold ~10^5 statements, and the page reads millions of them
        rows = self.facts_of(statements)
        concepts = set(map(itemgetter(2), rows))
        stances = set(map(itemgetter(3), rows))
        first = min(map(itemgetter(0), rows))
        last = max(map(itemgetter(1), rows))
        self.concepts_seen |= concepts
        self.span = [min(filter(None, (self.span[0], first))), max(filter(None, (self.span[1], last)))]
        return {
            "statements": [key[2] for key in heapq.nsmallest(limit, map(itemgetter(4), rows))],
            "more": total - limit,
            "profile": {"concepts": sorted(self._number(c) for c in sorted(concepts)),
                        "stances": [s for s in _STANCES if s in stances], "from": first, "to": last},
        }

    def _number(self, concept: str) -> int:
        number = self._concept_number.get(concept)
        if number is None:
            number = self._concept_number[concept] = len(self.concept_ids)
            self.concept_ids.append(concept)
        return number


def date_spans(dates: list[str], gap: int = 2) -> list[dict[str, Any]]:
    """Runs of years with statements, and how many statements each run holds.

    A year starts a new run when more than ``gap`` years separate it from the last
    year with a statement, so a lone old statement (Bevan's 1948 speech among the
    2010s debate) shows as a run of its own and explains the date filter's first day.

    Parameters
    ----------
    dates : list of str
        ISO dates (``YYYY-MM-DD``), one per statement.

    Examples
    --------
    >>> date_spans(["1948-07-05", "2010-01-01", "2012-05-01", "2013-02-25"])
    [{'label': '1948', 'count': 1}, {'label': '2010–2013', 'count': 3}]
    >>> date_spans([])
    []
    """
    years = sorted(int(d[:4]) for d in dates if d)
    runs: list[list[int]] = []
    for year in years:
        if runs and year - runs[-1][-1] <= gap:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [{"label": str(run[0]) if run[0] == run[-1] else f"{run[0]}–{run[-1]}", "count": len(run)}
            for run in runs]


def _tie_of(graph: nx.Graph, tie: str | None) -> str:
    if tie is None:
        kind = graph.graph.get("network_kind")
        tie = getattr(kind, "value", kind)
        if tie is not None:
            tie = str(tie).removeprefix("concept-")
    if tie is None:
        has_concepts = any(d.get("kind") == "concept" for _, d in graph.nodes(data=True))
        has_actors = any(d.get("kind") != "concept" for _, d in graph.nodes(data=True))
        tie = "twomode" if has_concepts and has_actors else "congruence"
    if tie not in TIES:
        raise UsageError(f"unknown view {tie!r} (expected one of: {', '.join(TIES)})")
    return tie


def _edge_stance(tie: str, data: dict, statements, dataset: Dataset, index: "_StatementIndex | None" = None) -> str:
    """support, oppose, mixed or conflict: what colour the tie is drawn in."""
    if tie == "conflict" or (tie == "subtract" and float(data.get("weight", 0.0)) < 0):
        return "conflict"
    if tie == "twomode":
        stance = getattr(data.get("stance"), "value", data.get("stance"))
        if stance in _STANCES:
            return stance
        counts = {getattr(k, "value", k): n for k, n in (data.get("stances") or {}).items() if n}
        present = [s for s in _STANCES if counts.get(s)]
        if len(present) == 1:
            return present[0]
        if present:
            return "mixed"
    if index is not None:
        stances = set(map(itemgetter(3), index.facts_of(statements)))
    else:
        stances = {dataset.statements[s].stance.value for s in statements}
    if len(stances) == 1:
        return stances.pop()
    return "mixed"


def _vis_options(large: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
            "multiselect": False, "navigationButtons": False, "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1, "borderWidthSelected": 3,
            "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            # Long labels wrap (each node's widthConstraint; the layout reserves room for
            # the wrapped lines); a label drawn smaller than 6.5 px on screen (faded up to 7.5 px) is left out
            # until the reader zooms in.
            "scaling": {"label": {"enabled": False, "drawThreshold": 7.5}},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
                  "color": {"inherit": False, "opacity": 0.75}},
    }


def _legend(tie: str, kinds: dict[str, int]) -> dict[str, list[dict[str, str]]]:
    nodes = []
    for key in sorted(kinds, key=lambda k: (k != "person", k == "concept", k)):
        if key == "person":
            colour, shape = PERSON_COLOUR, SHAPES["person"]
        elif key == "concept":
            colour, shape = CONCEPT_COLOUR, SHAPES["concept"]
        else:
            colour, shape = ORGANISATION_COLOURS.get(key[4:], ORGANISATION_COLOURS["other"]), SHAPES["organisation"]
        nodes.append({"label": kind_label(key), "colour": colour, "shape": shape})
    if tie in ("conflict",):
        edges = [{"label": "conflict (opposite stances)", "colour": CONFLICT_COLOUR, "dashes": "1"}]
    else:
        prefix = {"twomode": "", "subtract": "more agreement: ", "congruence": "agree: ",
                  "cooccurrence": "same concepts: "}[tie]
        edges = [{"label": prefix + s, "colour": STANCE_COLOURS[s], "dashes": ""} for s in _STANCES]
        if tie == "subtract":
            edges.append({"label": "more conflict", "colour": CONFLICT_COLOUR, "dashes": "1"})
    return {"nodes": nodes, "edges": edges}


def _htmlsafe_json(value: Any) -> str:
    from jinja2.utils import htmlsafe_json_dumps

    return str(htmlsafe_json_dumps(value))


def _csp(assets: PageAssets) -> str:
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(assets.script_hashes()),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
