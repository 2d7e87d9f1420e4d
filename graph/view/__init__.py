"""The interactive HTML network view: one offline page per network, made with pyvis.

:func:`render_network_html` turns any network built by
:func:`stancegraph.graph.networks.build_network` into a self-contained page;
:func:`render_view` builds the network and the page in one call. Large networks are
shown in part — the strongest ties, a few quotes per tie — and the page says so
(:mod:`.capping`).
"""

from __future__ import annotations

from .capping import DEFAULT_MAX_EDGES, DEFAULT_MAX_QUOTES, TieSelection, strongest_ties
from .page import TIES, PageAssets, page_assets, render_network_html
from .views import DEFAULT_VIEW, VIEWS, explain_command, render_view, view_title

__all__ = [
    "TIES", "PageAssets", "page_assets", "render_network_html",
    "DEFAULT_VIEW", "VIEWS", "render_view", "view_title", "explain_command",
    "DEFAULT_MAX_EDGES", "DEFAULT_MAX_QUOTES", "TieSelection", "strongest_ties",
]
