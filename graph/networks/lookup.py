"""Find a network node by what a user types: its id, its label, or an alias from the dataset.

The same reading as ``stancegraph query --param`` (id, label or alias, case- and
space-insensitive), for nodes of a built network: ``--explain "Labour" SHA``.
"""

from __future__ import annotations

import difflib

import networkx as nx

from ..errors import UsageError
from ..seeds.dataset import Dataset

__all__ = ["find_node"]


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _names(graph: nx.Graph, dataset: Dataset) -> dict[str, set]:
    """Folded id, label and alias → the node ids they name."""
    names: dict[str, set] = {}
    for node, data in graph.nodes(data=True):
        record = dataset.people.get(node) or dataset.organisations.get(node) or dataset.concepts.get(node)
        aliases = list(getattr(record, "aliases", ()) or ())
        for name in (node, data.get("label", node), *aliases):
            names.setdefault(_fold(name), set()).add(node)
    return names


def find_node(graph: nx.Graph, dataset: Dataset, text: str) -> str:
    """The node of ``graph`` that ``text`` names (id first, then label or alias).

    Raises
    ------
    UsageError
        When nothing in the network has that name (with up to five close matches,
        and a note when the dataset knows the name but the network left it out), or
        when a label or alias names several nodes.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> from stancegraph.graph.networks import build_network
    >>> d = load_dataset(); g = build_network(d, "congruence", "organisation")
    >>> find_node(g, d, "labour-party"), find_node(g, d, "SHA"), find_node(g, d, "the labour party")
    ('labour-party', 'socialist-health-association', 'labour-party')
    """
    if text in graph:
        return text
    names = _names(graph, dataset)
    folded = _fold(text)
    found = names.get(folded) or names.get(folded.removeprefix("the ")) or names.get("the " + folded)
    if found and len(found) == 1:
        return next(iter(found))
    if found:
        raise UsageError(f"{text!r} names several nodes: {', '.join(sorted(found))}")
    close = difflib.get_close_matches(folded, list(names), n=12, cutoff=0.6)
    close += [key for key in names if len(folded) >= 3 and folded in key and key not in close]
    suggestions = list(dict.fromkeys(node for key in close for node in sorted(names[key])))[:5]
    hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
    known = text in dataset.people or text in dataset.organisations or text in dataset.concepts
    why = " (the dataset has it, but it is not a node of this network)" if known else ""
    if text in dataset.people and graph.graph.get("level") == "organisation":
        why = (" (a person: at organisation level a node only when speaking for no organisation with "
               "--unaffiliated person; or use --level person)")
    raise UsageError(f"no node {text!r} in this network{why}{hint}")
