"""Named views: which network a page shows, built and rendered in one call."""

from __future__ import annotations

from typing import Any

from ..dataset import Dataset
from ..errors import UsageError
from .page import render_network_html

__all__ = ["VIEWS", "DEFAULT_VIEW", "DEFAULT_LEVEL", "DEFAULT_UNAFFILIATED", "render_view", "view_title"]

VIEWS = {
    "twomode": "actors and the concepts they take stances on",
    "congruence": "actors tied by agreeing on concepts",
    "conflict": "actors tied by disagreeing on concepts",
    "subtract": "actors tied by agreement minus disagreement",
}
"""View names (network kinds) and what each shows."""

DEFAULT_VIEW = "congruence"
"""The view ``stancegraph build`` writes: who agrees with whom, each tie explained by quotes."""
DEFAULT_LEVEL = "organisation"
"""Actors are organisations (and, by default, people who speak for none)."""
DEFAULT_UNAFFILIATED = "person"
"""At organisation level a speaker naming no organisation is shown as a person node,
so everyone in the debate is on the page (``build_network``'s own default drops them)."""


def view_title(view: str, level: str) -> str:
    """The page's subtitle, e.g. ``'congruence network of people: actors tied by …'``.

    Examples
    --------
    >>> view_title("twomode", "organisation")
    'two-mode network of organisations: actors and the concepts they take stances on'
    """
    name = "two-mode" if view == "twomode" else view
    actors = "people" if level == "person" else "organisations"
    return f"{name} network of {actors}: {VIEWS[view]}"


def render_view(
    dataset: Dataset,
    view: str = DEFAULT_VIEW,
    level: str = DEFAULT_LEVEL,
    *,
    start: Any = None,
    end: Any = None,
    seed: int = 7,
    unaffiliated: str = DEFAULT_UNAFFILIATED,
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
        ``person`` (default here) or ``drop``: see :data:`DEFAULT_UNAFFILIATED`.
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
    graph = build_network(dataset, kind=view, level=level, start=start, end=end, unaffiliated=unaffiliated,
                          **network_options)
    subtitle = view_title(view, str(getattr(level, "value", level)))
    if start is not None or end is not None:
        subtitle += f" ({start or '…'} to {end or '…'})"
    return render_network_html(graph, dataset, tie=view, subtitle=subtitle, seed=seed)
