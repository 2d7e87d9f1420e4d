"""Named views: which network a page shows, built and rendered in one call."""

from __future__ import annotations

import os
import shlex
from typing import Any, Callable

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .capping import DEFAULT_MAX_EDGES, DEFAULT_MAX_QUOTES
from .page import render_network_html

__all__ = ["VIEWS", "DEFAULT_VIEW", "DEFAULT_LEVEL", "DEFAULT_UNAFFILIATED", "render_view", "view_title",
           "explain_command"]

VIEWS = {
    "twomode": "actors and the concepts they take stances on",
    "congruence": "actors tied by agreeing on concepts",
    "conflict": "actors tied by disagreeing on concepts",
    "subtract": "actors tied by agreement minus disagreement",
    "cooccurrence": "actors tied by speaking on the same concepts, whatever their stance",
    "concept-congruence": "concepts tied by actors who take the same stance on both",
    "concept-conflict": "concepts tied by actors who take opposite stances on them",
    "concept-subtract": "concepts tied by same-stance minus opposite-stance actors",
    "concept-cooccurrence": "concepts tied by actors who speak on both",
}
"""View names (every network kind ``stancegraph network`` builds) and what each shows."""

DEFAULT_VIEW = "congruence"
"""The view ``stancegraph build`` writes: who agrees with whom, each tie explained by quotes."""
DEFAULT_LEVEL = "organisation"
"""Actors are organisations (and, by default, people who speak for none)."""
DEFAULT_UNAFFILIATED = "drop"
"""At organisation level a statement naming no organisation is left out, as DNA does and as
``stancegraph network`` and ``build_network`` do, so the page and the terminal draw the same
network; the page says how many statements that leaves out (``person`` shows their speakers)."""


def view_title(view: str, level: str, unaffiliated: str = DEFAULT_UNAFFILIATED) -> str:
    """The page's subtitle, e.g. ``'congruence network of people: actors tied by …'``.

    Examples
    --------
    >>> view_title("twomode", "organisation")
    'two-mode network of organisations: actors and the concepts they take stances on'
    >>> view_title("congruence", "organisation", unaffiliated="person")
    'congruence network of organisations and of people who speak for none: actors tied by agreeing on concepts'
    >>> view_title("concept-conflict", "person")
    'conflict network of concepts (through people): concepts tied by actors who take opposite stances on them'
    """
    from ..wording import network_description  # the words every command describes a network with

    return f"{network_description(view, level, unaffiliated, dates=False)}: {VIEWS[view]}"


def render_view(
    dataset: Dataset,
    view: str = DEFAULT_VIEW,
    level: str = DEFAULT_LEVEL,
    *,
    start: Any = None,
    end: Any = None,
    seed: int = 7,
    unaffiliated: str = DEFAULT_UNAFFILIATED,
    max_edges: int | None = DEFAULT_MAX_EDGES,
    max_quotes: int | None = DEFAULT_MAX_QUOTES,
    data_dir: str | os.PathLike | None = None,
    store: Any = None,
    on_built: "Callable[[dict[str, Any]], None] | None" = None,
    progress: "Callable[..., None] | None" = None,
    **network_options: Any,
) -> str:
    """Build the ``view`` network of ``dataset`` and render its HTML page.

    Parameters
    ----------
    dataset : Dataset
    view : str
        One of :data:`VIEWS`.
    level : str
        ``person`` or ``organisation``.
    start, end : str or date, optional
        Date range of the statements (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    seed : int
        Seed of the layout.
    unaffiliated : str
        ``drop`` (default, as for ``build_network``) or ``person``: see :data:`DEFAULT_UNAFFILIATED`.
    max_edges : int, optional
        Draw the ``max_edges`` strongest ties (plus each actor's strongest tie, so no
        actor with a tie is left unconnected) and say so on the page; ``0`` or None
        draws every tie. Default :data:`~stancegraph.graph.view.capping.DEFAULT_MAX_EDGES`.
    max_quotes : int, optional
        Statements shipped per tie and per node (the most recent); the side panel says
        how many more there are and which command lists them. ``0`` or None: all.
    data_dir : path, optional
        The seed folder the dataset was loaded from, named in that command.
    store : StoreSpec or str, optional
        The store the dataset was read from instead (``--store`` in that command).
    on_built : callable, optional
        Called once the network is built with ``{"subtitle", "nodes", "ties",
        "ties_total", "left_out"}`` (what the page will say), e.g. for a terminal summary.
    progress : callable, optional
        Told each stage (:mod:`stancegraph.graph.progress`): building the network,
        laying out and writing the page.
    **network_options
        Passed on to :func:`~stancegraph.graph.networks.build_network`
        (``normalisation``, ``duplicates``, …).

    Raises
    ------
    UsageError
        For an unknown view or level, or a bad network option.
    """
    from ..networks import build_network

    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r} (expected one of: {', '.join(VIEWS)})")
    # one-mode: only the ties the page can draw are built (millions of ties at 100k statements)
    strongest = max_edges if max_edges and view != "twomode" else None
    if progress is not None:
        progress(f"building the {view} network")
    graph = build_network(dataset, kind=view, level=level, start=start, end=end, unaffiliated=unaffiliated,
                          strongest=strongest, **network_options)
    from ..networks.omissions import account

    report, by_node = account(dataset, view, level, **dict(network_options, start=start, end=end,
                                                              unaffiliated=unaffiliated))
    left_out = report.sentence()
    subtitle = view_title(view, str(getattr(level, "value", level)), unaffiliated)
    if start is not None or end is not None:
        subtitle += f" ({start or '…'} to {end or '…'})"
    explain = explain_command(view, str(getattr(level, "value", level)), start=start, end=end,
                              unaffiliated=unaffiliated, data_dir=data_dir, store=store, **network_options)
    if on_built is not None:  # the counts the page will show: the ties it draws of all the network has
        from .capping import strongest_ties

        ties = graph.number_of_edges()
        drawn = len(strongest_ties(graph, max_edges).edges) if max_edges and view == "twomode" else ties
        on_built({"subtitle": subtitle, "nodes": graph.number_of_nodes(), "ties": drawn,
                  "ties_total": int(graph.graph.get("ties_total", ties)), "left_out": left_out})
    if progress is not None:
        progress(f"laying out and writing the page ({graph.number_of_nodes():,} nodes)")
    return render_network_html(graph, dataset, tie=view.removeprefix("concept-"), subtitle=subtitle, seed=seed,
                               max_edges=max_edges, max_quotes=max_quotes, explain=explain, left_out=left_out,
                               node_statements=by_node)


def explain_command(view: str, level: str, *, start: Any = None, end: Any = None, unaffiliated: str = "drop",
                    data_dir: str | os.PathLike | None = None, store: Any = None, **network_options: Any) -> str:
    """The ``stancegraph network … --explain`` command that lists every statement of a tie of this view.

    The page appends the two node ids. Options left at ``network``'s defaults are left out.

    Examples
    --------
    >>> explain_command("congruence", "organisation", unaffiliated="person", start="2010")
    'stancegraph network --type congruence --level organisation --unaffiliated person --from 2010 --explain'
    >>> explain_command("twomode", "person", data_dir="my seeds", normalisation="none")
    "stancegraph network 'my seeds' --type twomode --level person --explain"
    >>> explain_command("congruence", "person", store="oxigraph:/data/big store")
    "stancegraph network --store 'oxigraph:/data/big store' --type congruence --level person --explain"
    """
    words = ["stancegraph", "network"]
    if data_dir is not None:
        words.append(shlex.quote(str(data_dir)))
    if store is not None and str(store) != "memory":
        words += ["--store", shlex.quote(str(store))]
    words += ["--type", view, "--level", level]
    if level == "organisation" and str(getattr(unaffiliated, "value", unaffiliated)) == "person":
        words += ["--unaffiliated", "person"]
    for flag, value in (("--from", start), ("--to", end)):
        if value is not None:
            words += [flag, shlex.quote(str(value))]
    for name, value in sorted(network_options.items()):
        value = getattr(value, "value", value)
        if value is None or value is False or (name == "normalisation" and value == "none") \
                or (name in ("duplicates",) and value == "include") or (name == "qualifier" and value == "ignore") \
                or (name == "date_rule" and value == "within"):
            continue
        flag = {"normalisation": "--normalise"}.get(name, "--" + name.replace("_", "-"))
        if value is True:
            words.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                words += [flag, shlex.quote(str(item))]
        else:
            words += [flag, shlex.quote(str(value))]
    return " ".join(words + ["--explain"])
