"""What the query page at ``/`` needs beyond the endpoint's settings: parameter forms and links.

Each named query gets a form with one field per parameter (pre-filled with its
example value); the page asks ``/queries/NAME?…`` for the query with those values
bound and runs it. Result IRIs are shown as prefixed names (the served graph's
prefixes, longest namespace first) and link to their resource pages when they are
the dataset's.
"""

from __future__ import annotations

from typing import Any, Sequence

__all__ = ["page_context"]


def page_context(examples: Sequence[dict], site) -> dict[str, Any]:
    """Template values: ``examples`` with their ``params``, ``prefixes``, ``base_iri`` and ``mount``.

    Parameters
    ----------
    examples : sequence of dict
        The named queries as the page lists them (``name``, ``title``, ``description``, ``text``);
        each gets a ``params`` list of ``{"name", "kind", "required", "help", "value"}``.
    site : ResourceSite or None
        The served dataset; without one, no links and no forms (nothing to bind against).
    """
    from ..errors import UsageError
    from ..sparql.library import get_named_query

    enriched = []
    for example in examples:
        params = []
        if site is not None:
            try:
                query = get_named_query(example["name"])
            except UsageError:
                query = None
            if query is not None:
                values = query.example_values()
                params = [{"name": p.name, "kind": p.kind.value, "required": p.required, "help": p.describe(),
                           "value": values.get(p.name, p.default or "")} for p in query.parameters]
        enriched.append({**example, "params": params})
    if site is None:
        return {"examples": enriched, "prefixes": {}, "base_iri": "", "mount": "", "has_forms": False}
    prefixes = {prefix: str(ns) for prefix, ns in site.graph.namespaces() if prefix}
    return {"examples": enriched, "prefixes": prefixes, "base_iri": site.base_iri, "mount": site.mount,
            "has_forms": True}
